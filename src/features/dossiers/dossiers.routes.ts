import { Router } from 'express';
import { DOSSIER_STATUSES } from '../../domain/status.js';
import type { Services } from '../../services.js';
import { str } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { parseSearch, type SearchQuery } from './dossiers.schema.js';
import { dossierId, renderDossierPage, unwrap } from './page/page.http.js';

/** The list page's link to another page of the same search. */
function pageLink(query: SearchQuery) {
  return (page: number) => {
    const p = new URLSearchParams();
    if (query.q) p.set('q', query.q);
    if (query.status) p.set('trang_thai', query.status);
    if (query.procedure) p.set('thu_tuc', query.procedure);
    if (query.from) p.set('tu_ngay', query.from);
    if (query.to) p.set('den_ngay', query.to);
    if (query.overdue) p.set('qua_han', '1');
    p.set('trang', String(page));
    return `${paths.dossiers.list}?${p.toString()}`;
  };
}

export function dossierRoutes(svc: Services): Router {
  const router = Router();
  const staffOnly = requireRole('clerk', 'officer', 'supervisor', 'admin');

  router.get(paths.dossiers.list, staffOnly, async (req, res) => {
    const { query, input, errors } = parseSearch(req.query as Record<string, unknown>);
    if (!input) {
      // Refused before any query is run: the form again, with the messages.
      res.status(400).render('dossiers/list', { title: 'Tìm kiếm hồ sơ', query, result: { total: 0, rows: [], pages: 0 }, statuses: DOSSIER_STATUSES, pageUrl: pageLink(query), errors });
      return;
    }
    if (input.q) {
      const id = await svc.search.direct(req.staff!, input.q);
      if (id !== null) {
        res.redirect(paths.dossiers.show(id));
        return;
      }
    }
    const result = await svc.search.search(req.staff!, input);
    res.render('dossiers/list', { title: 'Tìm kiếm hồ sơ', query, result, statuses: DOSSIER_STATUSES, pageUrl: pageLink(query), errors });
  });

  router.get(paths.dossiers.show.pattern, staffOnly, async (req, res) => {
    await renderDossierPage(svc, req, res, dossierId(req), { done: str(req.query as Record<string, unknown>, 'xong') });
  });

  router.get(paths.dossiers.confirmation.pattern, staffOnly, async (req, res) => {
    const dossier = unwrap(await svc.dossiers.forStaff(req.staff!, dossierId(req)));
    res.render('dossiers/confirmation', { title: 'Đã tiếp nhận hồ sơ', dossier });
  });

  return router;
}
