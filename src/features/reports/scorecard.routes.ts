/**
 * Decision 766's scorecard page (supervisors: their agency; administrators and the
 * province's control unit: every agency) with its exports, and the administrator's entry of
 * the portal's published scores (/quan-tri/bang-diem-766, guarded here: this router is
 * mounted before the admin router's guard).
 */
import { Router, type Response } from 'express';
import { parsePeriod, type Period } from '../../domain/period.js';
import { SCORECARD_GROUPS } from '../../domain/scorecard-766.js';
import type { StaffUser } from '../../domain/roles.js';
import { localDateOf } from '../../domain/time.js';
import type { Services } from '../../services.js';
import type { FieldErrors, FormValues } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { refusalStatus } from '../../web/refusal.js';
import { requireRole } from '../../web/session.js';
import { toCsv } from './export/csv.js';
import { toPdf } from './export/pdf.js';
import { toXlsx } from './export/xlsx.js';
import { EXPORT_FORMATS, PERIOD_FIELD_NAMES, PERIOD_KIND_LABELS, parseReportQuery, periodQuery } from './reports.schema.js';
import type { ReportScope } from './reports.service.js';
import { parsePortalScoreForm } from './scorecard.schema.js';
import { cellClass, formatCell, totalsWithLabel, type ReportTable } from './table.js';

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv', render: async (t: ReportTable) => toCsv(t) },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', render: (t: ReportTable) => toXlsx(t) },
  pdf: { type: 'application/pdf', ext: 'pdf', render: (t: ReportTable) => toPdf(t) },
} as const;

export function scorecardRoutes(svc: Services): Router {
  const router = Router();
  const reports = svc.reports;

  router.get(paths.scorecard.show, requireRole('supervisor', 'admin'), async (req, res) => {
    const staff = req.staff!;
    const isAdmin = staff.role === 'admin';
    const q = req.query as Record<string, unknown>;
    const query = Object.fromEntries(Object.entries(q).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const { agencies } = await reports.filterChoices(staff);
    const view = { title: 'Bảng điểm theo Quyết định 766/QĐ-TTg', query, agencies, isAdmin, periodKinds: PERIOD_KIND_LABELS, formatCell, cellClass, totalsWithLabel, groups: SCORECARD_GROUPS, scripts: ['period-picker.js'] };
    const refuse = (errors: FieldErrors) => res.status(400).render('reports/scorecard', { ...view, errors, result: null, exportLinks: null });
    const parsed = parseReportQuery(q, { agencyFilter: isAdmin });
    if (!parsed.ok) return refuse(parsed.errors);
    if (!parsed.value.period) return refuse({ ky: 'Kỳ báo cáo không hợp lệ' });
    const p = parsePeriod(parsed.value.period, localDateOf(svc.clock.now()));
    if (!p.ok) return refuse({ [PERIOD_FIELD_NAMES[p.field]]: p.message });
    const period: Period = p.period;
    // Province-level roles (administrators, the control unit's supervisors) see every agency; a supervisor their own.
    const scope: ReportScope = await reports.petitionScope(staff, { agencyId: parsed.value.agencyId });
    const result = await reports.scorecard(period, scope);
    if (parsed.value.format) {
      const f = FORMATS[parsed.value.format];
      res
        .type(f.type)
        .set('Content-Disposition', `attachment; filename="bang-diem-766-${period.firstDay}-${period.lastDay}.${f.ext}"`)
        .set('Cache-Control', 'no-store')
        .send(await f.render(result.table));
      return;
    }
    const shown = periodQuery(period);
    const exportQuery = { ...shown, co_quan: isAdmin && parsed.value.agencyId !== undefined ? String(parsed.value.agencyId) : undefined };
    const exportLinks = Object.fromEntries(EXPORT_FORMATS.map((f) => [f, paths.scorecard.showWith({ ...exportQuery, dinh_dang: f })]));
    res.render('reports/scorecard', { ...view, query: { ...query, ...shown }, errors: {}, result, exportLinks });
  });

  // Officers judged over time: an officer sees only their own page; a supervisor their agency's officers; an administrator any.
  router.get(paths.officerPeriod, requireRole('officer', 'supervisor', 'admin'), async (req, res) => {
    const staff = req.staff!;
    const isAdmin = staff.role === 'admin';
    const isOfficer = staff.role === 'officer';
    const q = req.query as Record<string, unknown>;
    const query = Object.fromEntries(Object.entries(q).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const { agencies, officers } = await reports.filterChoices(staff);
    const view = { title: 'Đánh giá cán bộ theo kỳ', query, agencies, officers, isAdmin, isOfficer, periodKinds: PERIOD_KIND_LABELS, formatCell, cellClass, totalsWithLabel, scripts: ['period-picker.js'] };
    const refuse = (errors: FieldErrors) => res.status(400).render('reports/officer-period', { ...view, errors, result: null, exportLinks: null });
    const parsed = parseReportQuery(q, { agencyFilter: isAdmin });
    if (!parsed.ok) return refuse(parsed.errors);
    if (!parsed.value.period) return refuse({ ky: 'Kỳ báo cáo không hợp lệ' });
    const p = parsePeriod(parsed.value.period, localDateOf(svc.clock.now()));
    if (!p.ok) return refuse({ [PERIOD_FIELD_NAMES[p.field]]: p.message });
    const scope: ReportScope = isOfficer
      ? { agencyId: staff.agencyId, officerId: staff.id }
      : { agencyId: isAdmin ? parsed.value.agencyId : staff.agencyId, officerId: parsed.value.officerId };
    const result = await reports.officerPeriod(p.period, scope);
    if (parsed.value.format) {
      const f = FORMATS[parsed.value.format];
      res.type(f.type).set('Content-Disposition', `attachment; filename="danh-gia-can-bo-${p.period.firstDay}-${p.period.lastDay}.${f.ext}"`).set('Cache-Control', 'no-store').send(await f.render(result.table));
      return;
    }
    const shown = periodQuery(p.period);
    const exportQuery = { ...shown, co_quan: isAdmin && parsed.value.agencyId !== undefined ? String(parsed.value.agencyId) : undefined, can_bo: !isOfficer && parsed.value.officerId !== undefined ? String(parsed.value.officerId) : undefined };
    const exportLinks = Object.fromEntries(
      EXPORT_FORMATS.map((f) => [f, `${paths.officerPeriod}?${new URLSearchParams(Object.entries({ ...exportQuery, dinh_dang: f }).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}`]),
    );
    res.render('reports/officer-period', { ...view, query: { ...query, ...shown }, errors: {}, result, exportLinks });
  });

  const admins = requireRole('admin');
  async function renderPortalForm(res: Response, staff: StaffUser, values: FormValues, errors: FieldErrors, notice: string | null, status = 200) {
    const [{ agencies }, scores] = await Promise.all([reports.filterChoices(staff), reports.portalScores()]);
    res.status(status).render('reports/scorecard-portal', { title: 'Điểm Cổng DVCQG công bố (Quyết định 766/QĐ-TTg)', agencies, scores, values, errors, notice, groups: SCORECARD_GROUPS, periodKinds: { thang: 'Tháng', quy: 'Quý', nam: 'Năm' } });
  }

  router.get(paths.scorecard.portal, admins, async (req, res) => {
    await renderPortalForm(res, req.staff!, { ky: 'thang' }, {}, req.query.ok === '1' ? 'Đã lưu điểm Cổng DVCQG công bố.' : null);
  });

  router.post(paths.scorecard.portal, admins, async (req, res) => {
    const parsed = parsePortalScoreForm(req.body, localDateOf(svc.clock.now()));
    if (!parsed.ok) return renderPortalForm(res, req.staff!, parsed.values, parsed.errors, null, 400);
    const saved = await reports.enterPortalScore(req.staff!, parsed.value);
    if (!saved.ok) return renderPortalForm(refusalStatus(res, saved), req.staff!, parsed.values, saved.errors, null, res.statusCode);
    res.redirect(303, paths.scorecard.portalSaved);
  });

  return router;
}
