import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { isLocalDate, parseClock, vnInstant } from '../../domain/time.js';
import { forbidden, HttpError, notFound } from '../../web/errors.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { parseId } from '../dossiers/dossiers.routes.js';
import { apologyService } from './apology.service.js';

function parseNewDue(date: unknown, time: unknown): Date | null {
  if (typeof date !== 'string' || !isLocalDate(date)) return null;
  const clock = typeof time === 'string' && time ? time : '17:00';
  try {
    parseClock(clock);
  } catch {
    return null;
  }
  return vnInstant(date, clock);
}

export function apologyRoutes(deps: Deps): Router {
  const router = Router();
  const service = apologyService(deps);

  router.post('/ho-so/:id/xin-loi', requireRole('officer', 'supervisor'), async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy hồ sơ.');
    const body = req.body as Record<string, unknown>;
    const result = await service.issue(req.staff!, id, { reason: typeof body.reason === 'string' ? body.reason : '', newDueAt: parseNewDue(body.new_date, body.new_time) }, req.ip ?? null);
    if (!result.ok) throw new HttpError(result.status, result.message, 'Không phát hành được phiếu xin lỗi');
    res.redirect(303, paths.dossiers.show(id));
  });

  router.get('/ho-so/:id/phieu-xin-loi.pdf', requireRole('clerk', 'officer', 'supervisor', 'admin'), async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy hồ sơ.');
    const r = await service.pdfForStaff(req.staff!, id);
    if ('error' in r) throw r.error === 403 ? forbidden('Hồ sơ này thuộc đơn vị khác.') : notFound('Hồ sơ này không có phiếu xin lỗi.');
    res.type('application/pdf').set('Content-Disposition', `inline; filename="phieu-xin-loi-${r.code}.pdf"`).set('Cache-Control', 'no-store').send(r.pdf);
  });

  // The citizen downloads the apology from the status page (the QR token is the key).
  router.get('/s/:token/phieu-xin-loi.pdf', async (req, res) => {
    const r = await service.pdfForToken(String(req.params.token));
    res.set('X-Robots-Tag', 'noindex, nofollow');
    if (!r) throw notFound('Hồ sơ này không có phiếu xin lỗi.');
    res.type('application/pdf').set('Content-Disposition', `inline; filename="phieu-xin-loi-${r.code}.pdf"`).set('Cache-Control', 'private, no-cache').send(r.pdf);
  });

  return router;
}
