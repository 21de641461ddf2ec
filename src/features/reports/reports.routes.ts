import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { parsePeriod, type Period } from '../../domain/period.js';
import { localDateOf } from '../../domain/time.js';
import { toCsv } from './export/csv.js';
import { toPdf } from './export/pdf.js';
import { toXlsx } from './export/xlsx.js';
import { formatCell } from './table.js';
import { notFound } from '../../web/errors.js';
import { requireRole } from '../../web/session.js';
import type { ReportScope } from './reports.repo.js';
import { reportsService, scopeFor, type ReportResult } from './reports.service.js';

export const REPORTS_PATH = '/bao-cao';

type Service = ReturnType<typeof reportsService>;
const REPORTS: Record<string, { title: string; description: string; period: boolean; run: (s: Service, p: Period, scope: ReportScope) => Promise<ReportResult> }> = {
  'ket-qua-giai-quyet': {
    title: 'Kết quả giải quyết hồ sơ',
    description: 'Theo cơ quan và thủ tục: tiếp nhận (kỳ trước chuyển sang, mới), đã giải quyết trước hạn, đúng hạn, quá hạn, đang giải quyết, tạm dừng, từ chối, rút hồ sơ, tỷ lệ đúng hạn.',
    period: true,
    run: (s, p, scope) => s.processing(p, scope),
  },
  'qua-han': {
    title: 'Hồ sơ đang quá hạn',
    description: 'Mọi hồ sơ đã quá hẹn mà chưa giải quyết xong: số ngày quá hạn, cán bộ, đã có phiếu xin lỗi chưa; tổng theo cơ quan.',
    period: false,
    run: (s, _p, scope) => s.overdue(scope),
  },
  'can-bo': {
    title: 'Kết quả giải quyết theo cán bộ',
    description: 'Số hồ sơ đã giải quyết, tỷ lệ đúng hạn, số ngày làm việc trung bình và mức độ hài lòng của người dân theo từng cán bộ.',
    period: true,
    run: (s, p, scope) => s.officers(p, scope),
  },
  'so-theo-doi': {
    title: 'Sổ theo dõi hồ sơ',
    description: 'Sổ theo dõi hồ sơ (Mẫu 06): hồ sơ tiếp nhận trong kỳ theo thứ tự tiếp nhận.',
    period: true,
    run: (s, p, scope) => s.trackingBook(p, scope),
  },
};

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv', render: async (r: ReportResult) => toCsv(r.table) },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', render: (r: ReportResult) => toXlsx(r.table) },
  pdf: { type: 'application/pdf', ext: 'pdf', render: (r: ReportResult) => toPdf(r.table) },
} as const;

function optionalId(raw: unknown): number | undefined {
  return typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : undefined;
}

async function send(res: Response, format: keyof typeof FORMATS, slug: string, period: Period | null, result: ReportResult) {
  const f = FORMATS[format];
  const name = `bao-cao-${slug}${period ? `-${period.firstDay}-${period.lastDay}` : ''}.${f.ext}`;
  res.type(f.type).set('Content-Disposition', `attachment; filename="${name}"`).set('Cache-Control', 'no-store').send(await f.render(result));
}

export function reportsRoutes(deps: Deps): Router {
  const router = Router();
  const service = reportsService(deps);
  const supervisors = requireRole('supervisor', 'admin');

  router.get(REPORTS_PATH, supervisors, (_req, res) => {
    res.render('reports/index', { title: 'Báo cáo', reports: Object.entries(REPORTS).map(([slug, r]) => ({ slug, ...r })), base: REPORTS_PATH });
  });

  router.get(`${REPORTS_PATH}/:report`, supervisors, async (req, res) => {
    const slug = String(req.params.report);
    const report = REPORTS[slug];
    if (!report) throw notFound('Không có báo cáo này.');
    const q = req.query as Record<string, unknown>;
    const staff = req.staff!;
    const today = localDateOf(deps.clock.now());
    const parsed = parsePeriod(q, today);
    const [agencies, officers] = await Promise.all([
      deps.db('agencies').where({ active: true }).orderBy('name').select('id', 'name'),
      deps.db('users').whereIn('role', ['officer', 'supervisor']).modify((w) => (staff.role === 'admin' ? w : w.where('agency_id', staff.agencyId))).orderBy('full_name').select('id', 'full_name'),
    ]);
    const requested: ReportScope = {
      agencyId: optionalId(q.co_quan),
      procedureCode: typeof q.thu_tuc === 'string' && q.thu_tuc.trim() ? q.thu_tuc.trim() : undefined,
      officerId: optionalId(q.can_bo),
    };
    const view = { title: report.title, slug, report, base: REPORTS_PATH, query: q, agencies, officers, isAdmin: staff.role === 'admin', formatCell };
    if (report.period && !parsed.ok) {
      res.status(400).render('reports/report', { ...view, errors: { [parsed.field]: parsed.message }, result: null, period: null, exportQuery: '' });
      return;
    }
    const period = report.period && parsed.ok ? parsed.period : null;
    const result = await report.run(service, period ?? (parsed.ok ? parsed.period : ({} as Period)), scopeFor(staff, requested));
    const format = typeof q.dinh_dang === 'string' ? q.dinh_dang : '';
    if (format === 'csv' || format === 'xlsx' || format === 'pdf') {
      await send(res, format, slug, period, result);
      return;
    }
    const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => typeof v === 'string' && k !== 'dinh_dang') as Array<[string, string]>);
    res.render('reports/report', { ...view, errors: {}, result, period, exportQuery: params.toString() });
  });

  return router;
}
