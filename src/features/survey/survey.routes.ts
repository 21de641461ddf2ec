/**
 * Staff: the survey's report (supervisors their agency, administrators every agency and the
 * province; CSV/XLSX/PDF through the report export kit) and the administrators' settings.
 * No page lists who was sampled or shows an answer by itself (docs/survey.md).
 */
import { Router, type Request, type Response } from 'express';
import { SURVEY_MIN_ANSWERS, SURVEY_PERIOD_LABELS, SURVEY_WITHHELD } from '../../domain/survey.js';
import type { Services } from '../../services.js';
import { refusalError, statusOf } from '../../web/refusal.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { toCsv } from '../reports/export/csv.js';
import { toPdf } from '../reports/export/pdf.js';
import { toXlsx } from '../reports/export/xlsx.js';
import { cellClass, formatCell, totalsWithLabel, type ReportTable } from '../reports/table.js';
import { EXPORT_FORMATS, parseSurveyReportQuery, SIZE_MAX, type SurveyExportFormat } from './survey.schema.js';
import { periodName, periodOfRound } from './survey.service.js';

const FORMATS: Record<SurveyExportFormat, { type: string; render: (t: ReportTable) => Promise<Buffer> }> = {
  csv: { type: 'text/csv; charset=utf-8', render: async (t) => toCsv(t) },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', render: toXlsx },
  pdf: { type: 'application/pdf', render: toPdf },
};

export function surveyRoutes(svc: Services): Router {
  const router = Router();
  const service = svc.survey;

  router.get(paths.survey.report, requireRole('supervisor', 'admin'), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const parsed = parseSurveyReportQuery(req.query as Record<string, unknown>);
    const rounds = (await service.rounds()).map((r) => ({ id: r.id, label: periodName(periodOfRound(r)) }));
    const view = { title: 'Khảo sát sự hài lòng (SIPAS)', rounds, formatCell, cellClass, totalsWithLabel, threshold: SURVEY_MIN_ANSWERS, withheld: SURVEY_WITHHELD };
    if (!parsed.ok) return res.status(400).render('survey/report', { ...view, errors: parsed.errors, report: null, selected: null, exportLinks: null });
    const result = await service.report(req.staff!, parsed.value.roundId);
    if (!result.ok) throw refusalError(result);
    const report = result.value;
    if (report && parsed.value.format) {
      const f = FORMATS[parsed.value.format];
      const name = `khao-sat-hai-long-${report.period.firstDay}-${report.period.lastDay}.${parsed.value.format}`;
      res.type(f.type).set('Content-Disposition', `attachment; filename="${name}"`).send(await f.render(report.table));
      return;
    }
    const exportLinks = report ? Object.fromEntries(EXPORT_FORMATS.map((f) => [f, paths.survey.reportWith(report.round.id, f)])) : null;
    res.render('survey/report', { ...view, errors: {}, report, selected: report?.round.id ?? null, exportLinks });
  });

  async function renderSettings(req: Request, res: Response, status: number, form: { values: Record<string, string>; errors: Record<string, string> } | null) {
    const { settings, agencies, periodKinds } = await service.settings();
    const values = form?.values ?? {
      ky: settings.periodKind,
      co_mau_mac_dinh: String(settings.defaultSize),
      so_ngay: String(settings.answerDays),
      ...Object.fromEntries(agencies.map((a) => [`co_mau_${a.id}`, a.size === null ? '' : String(a.size)])),
    };
    res.status(status).render('survey/settings', {
      title: 'Khảo sát sự hài lòng: thiết lập',
      agencies,
      periodKinds: periodKinds.map((k) => ({ value: k, label: SURVEY_PERIOD_LABELS[k] })),
      values,
      errors: form?.errors ?? {},
      summaryOrder: ['ky', 'co_mau_mac_dinh', 'so_ngay', ...agencies.map((a) => `co_mau_${a.id}`)],
      sizeMax: SIZE_MAX,
      saved: req.query.da_luu === '1' && !form,
    });
  }

  router.get(paths.admin.surveySettings, requireRole('admin'), (req, res) => renderSettings(req, res, 200, null));

  router.post(paths.admin.surveySettings, requireRole('admin'), async (req, res) => {
    const result = await service.saveSettings(req.staff!, (req.body ?? {}) as Record<string, unknown>);
    if (result.ok) return res.redirect(303, paths.admin.surveySettingsSaved);
    if (result.reason !== 'invalid') throw refusalError(result);
    await renderSettings(req, res, statusOf(result), { values: 'values' in result ? result.values : {}, errors: result.errors ?? {} });
  });

  return router;
}
