import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { refusalError } from '../../web/refusal.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { dossierId } from '../dossiers/page/page.http.js';
import { NO_FORM, type FormResult } from './forms.service.js';

function sendPdf(res: Response, result: FormResult): void {
  if (!result.ok) throw refusalError(result, result.code === NO_FORM ? 'Không có phiếu này' : undefined);
  const { filename, pdf } = result.value;
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
