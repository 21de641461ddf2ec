/** Public (Decision 45/2016 art. 13): the list of procedures not available by post. */
import { Router } from 'express';
import type { Services } from '../../services.js';
import { translatorOf } from '../../web/i18n/language.js';
import { paths } from '../../web/paths.js';

const tr = translatorOf;

export function postPublicRoutes(svc: Services): Router {
  const router = Router();
  router.get(paths.post.notByPost, async (_req, res) => {
    res.render('post/not-by-post', { title: tr(res).t('post.notByPostTitle'), procedures: await svc.post.notByPost() });
  });
  return router;
}
