/** Public (Decision 45/2016 art. 13): the list of procedures not available by post. */
import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import type { Translator } from '../../web/i18n/translator.js';
import { paths } from '../../web/paths.js';

const tr = (res: Response): Translator => res.locals.i18n as Translator;

export function postPublicRoutes(svc: Services): Router {
  const router = Router();
  router.get(paths.post.notByPost, async (_req, res) => {
    res.render('post/not-by-post', { title: tr(res).t('post.notByPostTitle'), procedures: await svc.post.notByPost() });
  });
  return router;
}
