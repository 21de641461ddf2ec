import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { HttpError } from '../../web/errors.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { dossierId, unwrap } from '../dossiers/page/page.http.js';
import type { FormResult } from './forms.service.js';

function sendPdf(res: Response, result: FormResult): void {
  if (!result.ok && result.reason === 'not_applicable') throw new HttpError(404, result.message, 'Không có phiếu này');
  const { filename, pdf } = unwrap(result as Exclude<FormResult, { reason: 'not_applicable' }>);
  res.type('application/pdf').set('Content-Disposition', `inline; filename="${filename}"`).set('Cache-Control', 'no-store').send(pdf);
}

export function formsRoutes(svc: Services): Router {
  const router = Router();
  const forms = svc.forms;
  const staffOnly = requireRole('clerk', 'officer', 'supervisor', 'admin');
  const routes = [
    [paths.dossiers.supplementForm.pattern, forms.supplementRequest],
    [paths.dossiers.refusalForm.pattern, forms.refusal],
    [paths.dossiers.stopNotice.pattern, forms.stopNotice],
    [paths.dossiers.controlSheet.pattern, svc.controlSheet.controlSheet],
  ] as const;
  for (const [pattern, render] of routes) {
    router.get(pattern, staffOnly, async (req, res) => {
      sendPdf(res, await render(req.staff!, dossierId(req)));
    });
  }
  return router;
}
