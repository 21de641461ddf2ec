import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { parseId } from '../../web/form.js';
import { forbidden, HttpError, notFound } from '../../web/errors.js';
import { dossierId, renderDossier } from '../dossiers/dossiers.routes.js';
import { APOLOGY_DONE } from '../dossiers/event-labels.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { parseApologyForm } from './apology.schema.js';

const REFUSAL_STATUS: Record<'not_found' | 'forbidden', number> = { not_found: 404, forbidden: 403 };

function sendPdf(res: Response, code: string, pdf: Buffer, cache: string): void {
  res.type('application/pdf').set('Content-Disposition', `inline; filename="phieu-xin-loi-${code}.pdf"`).set('Cache-Control', cache).send(pdf);
}

export function apologyRoutes(svc: Services): Router {
  const router = Router();

  router.post(paths.dossiers.apology.pattern, requireRole('officer', 'supervisor'), async (req, res) => {
    const id = dossierId(req);
    const form = parseApologyForm(req.body as Record<string, unknown>);
    const result = await svc.apology.issue(req.staff!, id, form, req.ip ?? null);
    if (result.ok) {
      res.redirect(303, paths.dossiers.done(id, APOLOGY_DONE));
      return;
    }
    if (result.reason === 'not_found' || result.reason === 'forbidden') throw new HttpError(REFUSAL_STATUS[result.reason], result.message, 'Không phát hành được phiếu xin lỗi');
    if (result.reason === 'conflict') {
      // No form to show again (finished, or already apologised): the message, and the reason typed so it is not lost.
      await renderDossier(svc, req, res, id, { error: result.message, values: { note: form.values.reason ?? '' }, status: 409 });
      return;
    }
    // A form error: the dossier page again, the form open, every message next to its field and what was typed.
    const errors = form.ok ? { [result.field]: result.message } : form.errors;
    await renderDossier(svc, req, res, id, { apology: { errors, values: form.values }, status: 400 });
  });

  // The full copy (name and ID number) for staff who may see the dossier.
  router.get(paths.dossiers.apologyForm.pattern, requireRole('clerk', 'officer', 'supervisor', 'admin'), async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy hồ sơ.');
    const r = await svc.apology.pdfForStaff(req.staff!, id);
    if (!r.ok) throw r.reason === 'forbidden' ? forbidden('Hồ sơ này thuộc đơn vị khác.') : notFound('Hồ sơ này không có phiếu xin lỗi.');
    sendPdf(res, r.code, r.pdf, 'no-store');
  });

  // The citizen downloads the apology from the status page (the QR token is the key):
  // the public copy, with the masked name only.
  router.get(paths.publicStatus.apologyForm.pattern, async (req, res) => {
    const r = await svc.apology.pdfForToken(String(req.params.token));
    res.set('X-Robots-Tag', 'noindex, nofollow');
    if (!r.ok) throw notFound('Hồ sơ này không có phiếu xin lỗi.');
    sendPdf(res, r.code, r.pdf, 'private, no-cache');
  });

  return router;
}
