import { Router, type Response } from 'express';
import { parsePeriod, type Period } from '../../domain/period.js';
import type { StaffUser } from '../../domain/roles.js';
import { localDateOf } from '../../domain/time.js';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { toCsv } from './export/csv.js';
import { toPdf } from './export/pdf.js';
import { toXlsx } from './export/xlsx.js';
import { EXPORT_FORMATS, PERIOD_FIELD_NAMES, PERIOD_KIND_LABELS, parseReportQuery, periodQuery, type ExportFormat } from './reports.schema.js';
import { scopeFor, type ReportResult, type ReportScope, type ReportsService } from './reports.service.js';
import { cellClass, formatCell, totalsWithLabel } from './table.js';

interface ReportDefinition {
  title: string;
  description: string;
  period: boolean;
  /** Whether the officer filter applies (the counter's work is per counter, not per officer). */
  officerFilter?: boolean;
  run: (s: ReportsService, p: Period | null, scope: ReportScope) => Promise<ReportResult>;
  /** Who sees what, when not "supervisors their agency, admins all" (scopeFor). */
  scope?: (s: ReportsService, staff: StaffUser, requested: ReportScope) => Promise<ReportScope>;
}

/** The reports by slug. A Map, so that "__proto__" or "constructor" is no report. */
const REPORTS = new Map<string, ReportDefinition>([
  [
    'ket-qua-giai-quyet',
    {
      title: 'Kết quả giải quyết hồ sơ',
      description: 'Theo cơ quan và thủ tục: tiếp nhận (kỳ trước chuyển sang, mới), đã giải quyết trước hạn, đúng hạn, quá hạn, đang giải quyết, tạm dừng, từ chối, rút hồ sơ, tỷ lệ đúng hạn, phiếu xin lỗi (ban hành muộn).',
      period: true,
      run: (s, p, scope) => s.processing(p!, scope),
    },
  ],
  [
    'qua-han',
    {
      title: 'Hồ sơ đang quá hạn',
      description: 'Mọi hồ sơ đã quá hẹn mà chưa giải quyết xong: số ngày quá hạn, cán bộ, đã có phiếu xin lỗi chưa; tổng theo cơ quan.',
      period: false,
      run: (s, _p, scope) => s.overdue(scope),
    },
  ],
  [
    'can-bo',
    {
      title: 'Kết quả giải quyết theo cán bộ',
      description: 'Số hồ sơ đã giải quyết, tỷ lệ đúng hạn, số ngày làm việc trung bình và mức độ hài lòng của người dân (của motcua và theo Quyết định 766/QĐ-TTg) theo từng cán bộ.',
      period: true,
      run: (s, p, scope) => s.officers(p!, scope),
    },
  ],
  [
    'tai-quay',
    {
      title: 'Hướng dẫn và từ chối tiếp nhận tại Bộ phận Một cửa',
      description: 'Theo cơ quan tiếp nhận và thủ tục: hồ sơ tiếp nhận, số lần hướng dẫn bổ sung, hoàn thiện hồ sơ trước khi tiếp nhận (Mẫu 02) và số lần từ chối tiếp nhận (Mẫu 03) tại quầy.',
      period: true,
      officerFilter: false,
      run: (s, p, scope) => s.counter(p!, scope),
    },
  ],
  [
    'hai-long',
    {
      title: 'Mức độ hài lòng của người dân',
      description: 'Theo cơ quan giải quyết: tỷ lệ hài lòng theo Quyết định 766/QĐ-TTg (trừ hồ sơ bị đánh giá không hài lòng, có phản ánh hoặc quá hạn) bên cạnh tỷ lệ hài lòng của motcua theo lượt đánh giá.',
      period: true,
      run: (s, p, scope) => s.satisfaction(p!, scope),
    },
  ],
  [
    'cau-hoi',
    {
      title: 'Câu hỏi của công dân',
      description: 'Theo cơ quan giải quyết và cán bộ trả lời: câu hỏi nhận được, đã trả lời (đúng hạn, quá hạn), chưa trả lời (đã quá hạn), thời gian trả lời trung vị tính theo giờ làm việc.',
      period: true,
      run: (s, p, scope) => s.questions(p!, scope),
    },
  ],
  [
    'phan-anh-kien-nghi',
    {
      title: 'Phản ánh, kiến nghị',
      description: 'Theo cơ quan có thẩm quyền và loại: tiếp nhận, chuyển xử lý trong 5 ngày làm việc hoặc muộn, không thuộc phạm vi, trả lời đúng hạn, quá hạn, đang xử lý.',
      period: true,
      officerFilter: false,
      run: (s, p, scope) => s.petitions(p!, scope),
      scope: (s, staff, requested) => s.petitionScope(staff, requested),
    },
  ],
  [
    'dong-bo-dvcqg',
    {
      title: 'Đồng bộ Cổng Dịch vụ công quốc gia',
      description: 'Theo cơ quan tiếp nhận: hồ sơ và thay đổi đã đồng bộ lên Cổng DVCQG, tỷ lệ đồng bộ trong 10 phút (Nghị định 63/2024/NĐ-CP), độ trễ trung vị và lớn nhất, thay đổi chưa đồng bộ.',
      period: true,
      officerFilter: false,
      run: (s, p, scope) => s.portalSync(p!, scope),
    },
  ],
  [
    'so-theo-doi',
    {
      title: 'Sổ theo dõi hồ sơ',
      description: 'Sổ theo dõi hồ sơ (Mẫu 06): hồ sơ tiếp nhận trong kỳ theo thứ tự tiếp nhận.',
      period: true,
      run: (s, p, scope) => s.trackingBook(p!, scope),
    },
  ],
]);

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv', render: async (r: ReportResult) => toCsv(r.table) },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', render: (r: ReportResult) => toXlsx(r.table) },
  pdf: { type: 'application/pdf', ext: 'pdf', render: (r: ReportResult) => toPdf(r.table) },
} as const;

async function send(res: Response, format: ExportFormat, slug: string, period: Period | null, result: ReportResult) {
  const f = FORMATS[format];
  const name = `bao-cao-${slug}${period ? `-${period.firstDay}-${period.lastDay}` : ''}.${f.ext}`;
  res.type(f.type).set('Content-Disposition', `attachment; filename="${name}"`).set('Cache-Control', 'no-store').send(await f.render(result));
}

export function reportsRoutes(svc: Services): Router {
  const router = Router();
  const service = svc.reports;
  const supervisors = requireRole('supervisor', 'admin');

  router.get(paths.reports.index, supervisors, (_req, res) => {
    res.render('reports/index', { title: 'Báo cáo', reports: [...REPORTS].map(([slug, r]) => ({ slug, ...r })) });
  });

  router.get(paths.reports.show.pattern, supervisors, async (req, res) => {
    const slug = String(req.params.report);
    const report = REPORTS.get(slug);
    if (!report) throw notFound('Không có báo cáo này.');
    const staff = req.staff!;
    const isAdmin = staff.role === 'admin';
    const q = req.query as Record<string, unknown>;
    const query = Object.fromEntries(Object.entries(q).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const { agencies, officers } = await service.filterChoices(staff);
    const view = {
      title: report.title,
      slug,
      report,
      query,
      agencies,
      officers,
      isAdmin,
      formatCell,
      cellClass,
      totalsWithLabel,
      periodKinds: PERIOD_KIND_LABELS,
      scripts: ['period-picker.js'],
    };
    const refuse = (errors: Record<string, string>) => res.status(400).render('reports/report', { ...view, errors, result: null, period: null, exportLinks: null });

    const parsed = parseReportQuery(q, { agencyFilter: isAdmin });
    if (!parsed.ok) return refuse(parsed.errors);
    const input = parsed.value;
    let period: Period | null = null;
    if (report.period) {
      if (!input.period) return refuse({ ky: 'Kỳ báo cáo không hợp lệ' });
      const p = parsePeriod(input.period, localDateOf(svc.clock.now()));
      if (!p.ok) return refuse({ [PERIOD_FIELD_NAMES[p.field]]: p.message });
      period = p.period;
    }
    const requested: ReportScope = { agencyId: input.agencyId, procedureCode: input.procedureCode, officerId: report.officerFilter === false ? undefined : input.officerId };
    const scope = report.scope ? await report.scope(service, staff, requested) : scopeFor(staff, requested);
    const result = await report.run(service, period, scope);
    if (input.format) {
      await send(res, input.format, slug, period, result);
      return;
    }
    // The picker shows the period the report was computed for (also when none was asked for),
    // and the export links carry exactly that period and the filters the report applied.
    const shown = period ? periodQuery(period) : {};
    const exportQuery = {
      ...shown,
      co_quan: isAdmin && input.agencyId !== undefined ? String(input.agencyId) : undefined,
      thu_tuc: input.procedureCode,
      can_bo: requested.officerId === undefined ? undefined : String(requested.officerId),
    };
    const exportLinks = Object.fromEntries(EXPORT_FORMATS.map((f) => [f, paths.reports.showWith(slug, { ...exportQuery, dinh_dang: f })]));
    res.render('reports/report', { ...view, query: { ...query, ...shown }, errors: {}, result, period, exportLinks });
  });

  return router;
}
