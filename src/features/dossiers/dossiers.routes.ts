import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { forbidden, notFound } from '../../web/errors.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { eventLabel } from './event-labels.js';
import { dossiersService, type Access } from './dossiers.service.js';

export function parseId(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : null;
}

export function unwrap<T>(access: Access<T>): T {
  if (access.ok) return access.value;
  throw access.reason === 'forbidden' ? forbidden('Hồ sơ này thuộc đơn vị khác.') : notFound('Không tìm thấy hồ sơ.');
}

export function dossierRoutes(deps: Deps): Router {
  const router = Router();
  const service = dossiersService(deps);
  const staffOnly = requireRole('clerk', 'officer', 'supervisor', 'admin');

  router.get(paths.home, staffOnly, (req, res) => {
    res.redirect(req.staff!.role === 'clerk' ? paths.intake.start : paths.dossiers.list);
  });

  router.get(paths.dossiers.list, staffOnly, async (req, res) => {
    res.render('dossiers/list', { title: 'Hồ sơ gần đây', dossiers: await service.recent(req.staff!) });
  });

  router.get('/ho-so/:id', staffOnly, async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy hồ sơ.');
    const { dossier, events, remaining } = unwrap(await service.details(req.staff!, id));
    res.render('dossiers/show', { title: `Hồ sơ ${dossier.code}`, dossier, events, remaining, eventLabel });
  });

  router.get('/ho-so/:id/da-tiep-nhan', staffOnly, async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy hồ sơ.');
    const dossier = unwrap(await service.forStaff(req.staff!, id));
    res.render('dossiers/confirmation', { title: 'Đã tiếp nhận hồ sơ', dossier });
  });

  return router;
}
