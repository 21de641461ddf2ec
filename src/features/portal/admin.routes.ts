/**
 * The administrator's pages of the national portal (DVCQG) sync, under /quan-tri (the admin
 * router's guard applies): the sync page (mode, backlog, held rows by what to fix, failed
 * rows, "Gửi lại") and the status map.
 */
import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import type { FieldErrors, FormValues } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { refusalError } from '../../web/refusal.js';
import { PORTAL_STATUS_MAX, PORTAL_STATUS_MIN, STATUS_MAP_FIELDS, parseRowKind, parseStatusMap, parseSyncListQuery, parseSyncRowId } from './admin.schema.js';
import { ROW_KIND_LABELS, SYNC_ROW_NOT_FOUND } from './admin.service.js';

export function portalAdminRoutes(svc: Services): Router {
  const router = Router();
  const portal = svc.portal;

  router.get(paths.admin.portal, async (req, res) => {
    const query = parseSyncListQuery(req.query);
    const view = await portal.overview(req.staff!, query);
    res.render('portal/admin', { title: 'Đồng bộ Cổng Dịch vụ công quốc gia', ...view, resent: query.resent, kindLabels: ROW_KIND_LABELS });
  });

  router.post(paths.admin.portalResend.pattern, async (req, res) => {
    const id = parseSyncRowId(req.params.id);
    if (id === null) throw notFound(SYNC_ROW_NOT_FOUND);
    const result = await portal.resend(req.staff!, id);
    if (!result.ok) throw refusalError(result);
    res.redirect(303, paths.admin.portalResent(result.value));
  });

  router.post(paths.admin.portalResendAll.pattern, async (req, res) => {
    const kind = parseRowKind(req.params.kind);
    if (kind === null) throw notFound('Không có nhóm dòng đồng bộ này.');
    res.redirect(303, paths.admin.portalResent(await portal.resendAll(req.staff!, kind)));
  });

  async function renderStatusMap(res: Response, values: FormValues | null, errors: FieldErrors, notice: string | null, status = 200) {
    const rows = await portal.statusMap();
    const shown: FormValues =
      values ??
      Object.fromEntries(rows.flatMap((r) => [[STATUS_MAP_FIELDS.code(r.status), r.portalStatus === null ? '' : String(r.portalStatus)], [STATUS_MAP_FIELDS.label(r.status), r.portalLabel]]));
    res.status(status).render('portal/status-map', {
      title: 'Trạng thái hồ sơ trên Cổng DVCQG',
      rows,
      values: shown,
      errors,
      fields: STATUS_MAP_FIELDS,
      portalNames: Object.entries(portal.portalStatusNames).map(([code, name]) => ({ code: Number(code), name })),
      min: PORTAL_STATUS_MIN,
      max: PORTAL_STATUS_MAX,
      notice,
    });
  }

  router.get(paths.admin.portalStatusMap, async (req, res) => {
    await renderStatusMap(res, null, {}, req.query.ok === '1' ? 'Đã lưu bảng trạng thái trên Cổng DVCQG.' : null);
  });

  router.post(paths.admin.portalStatusMap, async (req, res) => {
    const parsed = parseStatusMap(req.body);
    if (!parsed.ok) return renderStatusMap(res, parsed.values, parsed.errors, null, 400);
    await portal.saveStatusMap(req.staff!, parsed.value);
    res.redirect(303, paths.admin.portalStatusMapSaved);
  });

  return router;
}
