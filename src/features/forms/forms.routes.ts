import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { HttpError, notFound } from '../../web/errors.js';
import { requireRole } from '../../web/session.js';
import { parseId, unwrap } from '../dossiers/dossiers.routes.js';
import { formsService, type FormResult } from './forms.service.js';

function sendPdf(res: Response, result: FormResult): void {
  if (!result.ok && result.reason === 'not_applicable') throw new HttpError(404, result.message, 'Không có phiếu này');
  const { filename, pdf } = unwrap(result as Exclude<FormResult, { reason: 'not_applicable' }>);
  res.type('application/pdf').set('Content-Disposition', `inline; filename="${filename}"`).set('Cache-Control', 'no-store').send(pdf);
}

export function formsRoutes(deps: Deps): Router {
  const router = Router();
  const forms = formsService(deps);
  const staffOnly = requireRole('clerk', 'officer', 'supervisor', 'admin');
  const routes = {
    'phieu-yeu-cau-bo-sung.pdf': forms.supplementRequest,
    'phieu-tu-choi.pdf': forms.refusal,
    'phieu-kiem-soat.pdf': forms.controlSheet,
  } as const;
  for (const [file, render] of Object.entries(routes)) {
    router.get(`/ho-so/:id/${file}`, staffOnly, async (req, res) => {
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Không tìm thấy hồ sơ.');
      sendPdf(res, await render(req.staff!, id));
    });
  }
  return router;
}
