/** Public (Decision 45/2016 art. 13): the list of procedures not available by post. */
import { Router } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';

export function postPublicRoutes(svc: Services): Router {
  const router = Router();
  router.get(paths.post.notByPost, async (_req, res) => {
    res.render('post/not-by-post', { title: 'Thủ tục không thực hiện qua dịch vụ bưu chính công ích', procedures: await svc.post.notByPost() });
  });
  return router;
}
