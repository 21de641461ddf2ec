import { Router } from 'express';
import type { Services } from '../../services.js';
import { isWellFormedToken } from '../../domain/public-token.js';
import { paths } from '../../web/paths.js';
import { publicHeaders, renderPublicNotFound } from '../../web/public-status-page.js';
import { sendStoredFile } from '../../web/send-file.js';

/**
 * The citizen downloads the electronic result from the status page by their token (the key:
 * src/web/request-log.ts logs `/s/:token/ket-qua.pdf`, never the token). Before the hand-back
 * rules are met the status page says why, so the link leads back there.
 */
export function dossierFilesPublicRoutes(svc: Services): Router {
  const router = Router();
  router.get(paths.publicStatus.result.pattern, async (req, res) => {
    publicHeaders(res);
    const token = String(req.params.token);
    if (!isWellFormedToken(token)) return renderPublicNotFound(res);
    const r = await svc.dossierFiles.forCitizen(token);
    if (!r.ok) {
      // No such dossier: the public not-found page; no file or not yet: the status page says why.
      if ((await svc.publicStatus.byToken(token)) === undefined) return renderPublicNotFound(res);
      res.redirect(303, `${paths.publicStatus.page(token)}#ket-qua-dien-tu`);
      return;
    }
    await sendStoredFile(res, svc.files, r.value);
  });
  return router;
}
