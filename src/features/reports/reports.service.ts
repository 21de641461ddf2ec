/**
 * Supervisor reports as ReportTables (one model for the page, CSV, XLSX and PDF), with
 * a chart where a picture says more. Supervisors see their own agency; admins all.
 */
import type { Deps } from '../../deps.js';
import { judgedAt, monthsOf, type Period } from '../../domain/period.js';
import type { StaffUser } from '../../domain/roles.js';
import { remainingTime } from '../../domain/deadline.js';
import { formatDateTimeVn } from '../../domain/time.js';
import { RESULT_DELIVERY_LABELS, type ResultDelivery } from '../../domain/status.js';
import { barChart, lineChart } from './charts/svg.js';
import { conductPetitionsByOfficial, isControlUnit, petitionCounts } from './petitions-report.repo.js';
import { PETITION_REPORT_COLUMNS, PETITION_REPORT_NOTES, petitionReportRows } from './petitions-report.js';
import { questionsAsked } from './questions-report.repo.js';
import { QUESTION_REPORT_COLUMNS, QUESTION_REPORT_NOTES, questionReportRows } from './questions-report.js';
import { formatDateTimeShortVn, type ReportTable } from './table.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { RatingsService } from '../ratings/ratings.service.js';
import {
  agencyNameOf,
  completionCounts,
  counterActivity,
  finishedByOfficer,
  overdueNow,
  processingResults,
  reportFilterChoices,
  satisfaction766,
  totalsOf,
  trackingBook,
  type ReportScope,
} from './reports.repo.js';

/** What the apology columns count (the processing report). */
export const APOLOGY_NOTE =
  'Phiếu xin lỗi đã ban hành: phiếu xin lỗi và đề nghị gia hạn ban hành trong kỳ. Ban hành muộn: ban hành sau thời điểm chậm nhất 01 ngày làm việc trước ngày hẹn trả (Nghị định 118/2025/NĐ-CP).';
/** How Decision 766's rate is computed here, printed under the tables that show it. */
export const SATISFACTION_766_NOTES = [
  'Tỷ lệ hài lòng theo Quyết định 766/QĐ-TTg = (số hồ sơ − số hồ sơ bị đánh giá “Không hài lòng” hoặc có phản ánh về việc tiếp nhận, giải quyết, hoặc quá hạn) ÷ số hồ sơ.',
  'Số hồ sơ: hồ sơ kết thúc giải quyết trong kỳ (có kết quả hoặc từ chối giải quyết); không tính hồ sơ công dân rút và hồ sơ hủy do nhập nhầm. Mỗi hồ sơ bị trừ nhiều lý do chỉ tính một lần.',
  'Quá hạn: hoàn thành sau ngày hẹn trả ban đầu, kể cả khi đã có phiếu xin lỗi. Có phản ánh: hồ sơ có phản ánh, kiến nghị gửi qua motcua về việc giải quyết thủ tục hành chính hoặc về thái độ, hành vi của cán bộ, công chức, gắn với hồ sơ (trừ phản ánh, kiến nghị đã trả lời là không thuộc phạm vi tiếp nhận), hoặc đánh giá của người dân chọn mức thấp nhất (0 điểm) ở một tiêu chí (thời gian, số lần liên hệ, số cơ quan, thái độ, công khai). Phản ánh gửi qua kênh khác (thư, điện thoại, cổng khác) không có trong số liệu này. Phản ánh, kiến nghị và đánh giá tính đến thời điểm lập báo cáo.',
  'Tỷ lệ hài lòng (motcua): (Rất hài lòng + Hài lòng) ÷ số lượt đánh giá gửi trong kỳ.',
];

export interface ReportResult {
  table: ReportTable;
  chart: string | null;
}

/** Supervisors are held to their own agency whatever they ask for. */
export function scopeFor(staff: StaffUser, requested: ReportScope): ReportScope {
  return staff.role === 'admin' ? requested : { ...requested, agencyId: staff.agencyId };
}

/** What the officers report says about the conduct column. */
export const CONDUCT_PETITIONS_NOTE =
  'Phản ánh về cán bộ: phản ánh, kiến nghị về thái độ, hành vi của cán bộ, công chức gửi qua motcua trong kỳ, về cán bộ đó (kể cả phản ánh chưa xử lý xong).';

export function reportsService(deps: Pick<Deps, 'db' | 'clock'>, wired: { calendar: CalendarService; ratings: Pick<RatingsService, 'summary'> }) {
  const { db } = deps;
  const { calendar, ratings: ratingsOf } = wired;
  const subtitle = (label: string, agencyName: string | null) => `${label}${agencyName ? ` · ${agencyName}` : ''}`;

  async function agencyName(scope: ReportScope): Promise<string | null> {
    return scope.agencyId ? agencyNameOf(db, scope.agencyId) : null;
  }

  return {
    /** The form's agency and officer choices; a supervisor sees only their agency's officers. */
    filterChoices: (staff: StaffUser) => reportFilterChoices(db, staff.role === 'admin' ? undefined : staff.agencyId),

    /** Open dossiers are judged at the period's end, or now while the period runs. */
    async processing(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const asOf = judgedAt(period, now);
      const [rows, name] = await Promise.all([processingResults(db, period, scope, asOf), agencyName(scope)]);
      const t = totalsOf(rows);
      const months = monthsOf(period);
      const trend = months.length > 1 ? await Promise.all(months.map((m) => completionCounts(db, m, scope))) : [];
      return {
        table: {
          title: 'Kết quả giải quyết hồ sơ',
          subtitle: subtitle(asOf < period.to ? `${period.label}, số liệu đến ${formatDateTimeShortVn(asOf)}` : period.label, name),
          generatedAt: now,
          columns: [
            { key: 'agency', label: 'Cơ quan', kind: 'text', width: 14 },
            { key: 'procedure', label: 'Thủ tục', kind: 'text', width: 18 },
            { key: 'carriedOver', label: 'Kỳ trước chuyển sang', kind: 'int', width: 5 },
            { key: 'received', label: 'Mới tiếp nhận', kind: 'int', width: 5 },
            { key: 'total', label: 'Tổng số', kind: 'int', width: 5 },
            { key: 'early', label: 'Giải quyết trước hạn', kind: 'int', width: 5 },
            { key: 'onTime', label: 'Đúng hạn', kind: 'int', width: 5 },
            { key: 'late', label: 'Quá hạn', kind: 'int', width: 5 },
            { key: 'openWithin', label: 'Đang giải quyết trong hạn', kind: 'int', width: 5 },
            { key: 'openOverdue', label: 'Đang giải quyết quá hạn', kind: 'int', width: 5 },
            { key: 'pausedWithin', label: 'Tạm dừng trong hạn', kind: 'int', width: 5 },
            { key: 'pausedOverdue', label: 'Tạm dừng quá hạn', kind: 'int', width: 5 },
            { key: 'refused', label: 'Từ chối', kind: 'int', width: 5 },
            { key: 'withdrawn', label: 'Rút hồ sơ', kind: 'int', width: 5 },
            { key: 'onTimeRate', label: 'Tỷ lệ đúng hạn', kind: 'percent', width: 6 },
            { key: 'voided', label: 'Hủy do nhập nhầm', kind: 'int', width: 5 },
            { key: 'apologies', label: 'Phiếu xin lỗi đã ban hành', kind: 'int', width: 5 },
            { key: 'apologiesLate', label: 'Phiếu xin lỗi ban hành muộn', kind: 'int', width: 5 },
          ],
          rows: rows.map((r) => ({ ...r, agency: r.agencyName, procedure: `${r.procedureCode} ${r.procedureName}` })),
          totals: { ...t },
          notes: [APOLOGY_NOTE],
        },
        chart:
          trend.length > 1
            ? lineChart({
                title: 'Tỷ lệ giải quyết đúng hạn theo tháng',
                description: `Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết, ${period.label}`,
                categories: months.map((m) => m.firstDay.slice(5, 7) + '/' + m.firstDay.slice(0, 4)),
                series: [{ name: 'Đúng hạn', values: trend.map((c) => (c.early + c.onTime + c.late ? (c.early + c.onTime) / (c.early + c.onTime + c.late) : null)) }],
                yFormat: 'percent',
                yMin: 0,
                yMax: 1,
              })
            : null,
      };
    },

    async overdue(scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const [rows, cal, name] = await Promise.all([overdueNow(db, now, scope), calendar.current(), agencyName(scope)]);
      const byAgency = new Map<string, number>();
      for (const r of rows) byAgency.set(r.agencyName, (byAgency.get(r.agencyName) ?? 0) + 1);
      const agencies = [...byAgency.entries()].sort((a, b) => b[1] - a[1]);
      return {
        table: {
          title: 'Hồ sơ đang quá hạn',
          subtitle: subtitle(`Tính đến ${formatDateTimeVn(now)}`, name),
          generatedAt: now,
          columns: [
            { key: 'code', label: 'Mã hồ sơ', kind: 'text', width: 12 },
            { key: 'agency', label: 'Cơ quan', kind: 'text', width: 12 },
            { key: 'procedure', label: 'Thủ tục', kind: 'text', width: 16 },
            { key: 'holder', label: 'Đang xử lý tại', kind: 'text', width: 10 },
            { key: 'assignee', label: 'Cán bộ', kind: 'text', width: 8 },
            { key: 'dueAt', label: 'Hẹn trả', kind: 'datetime', width: 8 },
            { key: 'daysOverdue', label: 'Số ngày quá hạn', kind: 'int', width: 5 },
            { key: 'apology', label: 'Đã có phiếu xin lỗi', kind: 'text', width: 6 },
            { key: 'extendedDueAt', label: 'Hẹn lại', kind: 'datetime', width: 8 },
          ],
          rows: rows.map((r) => ({
            code: r.code,
            agency: r.agencyName,
            procedure: r.procedureName,
            holder: r.holder ?? 'Bộ phận Một cửa',
            assignee: r.assignee ?? '',
            dueAt: r.dueAt,
            daysOverdue: remainingTime(cal, now, r.dueAt).workingDaysOverdue,
            apology: r.apologyIssued ? 'Có' : 'Chưa',
            extendedDueAt: r.extendedDueAt,
          })),
          totals: { code: `${rows.length} hồ sơ`, apology: `${rows.filter((r) => r.apologyIssued).length} có phiếu` },
        },
        chart: barChart({
          title: 'Hồ sơ quá hạn theo cơ quan',
          description: 'Số hồ sơ đang quá hạn của từng cơ quan',
          categories: agencies.map(([n]) => n),
          series: [{ name: 'Quá hạn', values: agencies.map(([, n]) => n) }],
          yFormat: 'int',
        }),
      };
    },

    async officers(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const [rows, cal, name, ratings, by766] = await Promise.all([
        finishedByOfficer(db, period, scope),
        calendar.current(),
        agencyName(scope),
        ratingsOf.summary({ from: period.from, to: period.to, agencyId: scope.agencyId, officerId: scope.officerId, groupBy: 'officer' }),
        satisfaction766(db, period, scope, 'officer', now),
      ]);
      const rate766Of = new Map(by766.map((r) => [r.key, r.rate]));
      const byOfficer = new Map<number, { name: string; agency: string; handled: number; early: number; onTime: number; late: number; refused: number; workingMs: number }>();
      for (const r of rows) {
        const o = byOfficer.get(r.officerId) ?? { name: r.officerName, agency: r.agencyName, handled: 0, early: 0, onTime: 0, late: 0, refused: 0, workingMs: 0 };
        o.handled++;
        if (r.status === 'refused') o.refused++;
        else if (r.completion === 'early') o.early++;
        else if (r.completion === 'on_time') o.onTime++;
        else if (r.completion === 'late') o.late++;
        o.workingMs += cal.workingTimeBetween(r.receivedAt, r.finishedAt);
        byOfficer.set(r.officerId, o);
      }
      const ratingOf = new Map(ratings.map((r) => [r.key, r]));
      const conduct = await conductPetitionsByOfficial(db, period, scope);
      const conductOf = new Map(conduct.map((c) => [c.officerId, c.petitions]));
      // An officer with petitions about them but nothing finished in the period still has a row.
      for (const c of conduct) if (!byOfficer.has(c.officerId)) byOfficer.set(c.officerId, { name: c.officerName, agency: c.agencyName, handled: 0, early: 0, onTime: 0, late: 0, refused: 0, workingMs: 0 });
      return {
        table: {
          title: 'Kết quả giải quyết theo cán bộ',
          subtitle: subtitle(period.label, name),
          generatedAt: now,
          columns: [
            { key: 'officer', label: 'Cán bộ', kind: 'text', width: 14 },
            { key: 'agency', label: 'Cơ quan', kind: 'text', width: 14 },
            { key: 'handled', label: 'Số hồ sơ đã giải quyết', kind: 'int', width: 6 },
            { key: 'early', label: 'Trước hạn', kind: 'int', width: 5 },
            { key: 'onTime', label: 'Đúng hạn', kind: 'int', width: 5 },
            { key: 'late', label: 'Quá hạn', kind: 'int', width: 5 },
            { key: 'refused', label: 'Từ chối', kind: 'int', width: 5 },
            { key: 'onTimeRate', label: 'Tỷ lệ đúng hạn', kind: 'percent', width: 6 },
            { key: 'avgDays', label: 'Số ngày làm việc trung bình', kind: 'text', width: 6 },
            { key: 'ratings', label: 'Lượt đánh giá', kind: 'int', width: 5 },
            { key: 'satisfaction', label: 'Tỷ lệ hài lòng (motcua)', kind: 'percent', width: 6 },
            { key: 'satisfaction766', label: 'Tỷ lệ hài lòng theo QĐ 766', kind: 'percent', width: 6 },
            { key: 'conductPetitions', label: 'Phản ánh về cán bộ', kind: 'int', width: 5 },
          ],
          rows: [...byOfficer.entries()]
            .sort((a, b) => b[1].handled - a[1].handled)
            .map(([id, o]) => {
              const finished = o.early + o.onTime + o.late;
              const r = ratingOf.get(id);
              return {
                officer: o.name,
                agency: o.agency,
                handled: o.handled,
                early: o.early,
                onTime: o.onTime,
                late: o.late,
                refused: o.refused,
                onTimeRate: finished ? (o.early + o.onTime) / finished : null,
                avgDays: o.handled ? (o.workingMs / o.handled / cal.dayLengthMs).toLocaleString('vi-VN', { maximumFractionDigits: 1 }) : '',
                ratings: r?.total ?? 0,
                satisfaction: r?.satisfactionRate ?? null,
                satisfaction766: rate766Of.get(id) ?? null,
                conductPetitions: conductOf.get(id) ?? 0,
              };
            }),
          totals: null,
          notes: [...SATISFACTION_766_NOTES, CONDUCT_PETITIONS_NOTE],
        },
        chart: null,
      };
    },

    /** The counter's work per receiving agency and procedure: received, guided (Mẫu 02), refused (Mẫu 03). */
    async counter(period: Period, scope: ReportScope): Promise<ReportResult> {
      const [rows, name] = await Promise.all([counterActivity(db, period, scope), agencyName(scope)]);
      const sum = (k: 'received' | 'guidances' | 'refusals') => rows.reduce((s, r) => s + r[k], 0);
      return {
        table: {
          title: 'Hướng dẫn và từ chối tiếp nhận tại Bộ phận Một cửa',
          subtitle: subtitle(period.label, name),
          generatedAt: deps.clock.now(),
          columns: [
            { key: 'agency', label: 'Bộ phận Một cửa (cơ quan tiếp nhận)', kind: 'text', width: 16 },
            { key: 'procedure', label: 'Thủ tục', kind: 'text', width: 20 },
            { key: 'received', label: 'Hồ sơ tiếp nhận', kind: 'int', width: 6 },
            { key: 'guidances', label: 'Hướng dẫn bổ sung, hoàn thiện (trước tiếp nhận)', kind: 'int', width: 7 },
            { key: 'refusals', label: 'Từ chối tiếp nhận', kind: 'int', width: 6 },
          ],
          rows: rows.map((r) => ({ agency: r.agencyName, procedure: `${r.procedureCode} ${r.procedureName}`, received: r.received, guidances: r.guidances, refusals: r.refusals })),
          totals: { received: sum('received'), guidances: sum('guidances'), refusals: sum('refusals') },
          notes: [
            'Theo cơ quan có Bộ phận Một cửa tiếp nhận (không theo cơ quan giải quyết). Hồ sơ tiếp nhận: không tính hồ sơ hủy do nhập nhầm.',
            'Hướng dẫn bổ sung, hoàn thiện: phiếu yêu cầu bổ sung, hoàn thiện hồ sơ giao cho người nộp tại quầy khi hồ sơ chưa đủ để tiếp nhận (không có mã hồ sơ). Từ chối tiếp nhận: phiếu từ chối tiếp nhận giải quyết hồ sơ lập tại quầy.',
            'Từ chối sau khi thẩm định thuộc cột “Từ chối” của báo cáo Kết quả giải quyết hồ sơ.',
          ],
        },
        chart: null,
      };
    },

    /** Satisfaction per processing agency: Decision 766's rate beside motcua's own. */
    async satisfaction(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const [by766, ratings, name] = await Promise.all([
        satisfaction766(db, period, scope, 'agency', now),
        ratingsOf.summary({ from: period.from, to: period.to, agencyId: scope.agencyId, officerId: scope.officerId, groupBy: 'agency' }),
        agencyName(scope),
      ]);
      const keys = new Map<number, string>();
      for (const r of by766) keys.set(r.key, r.name);
      for (const r of ratings) if (!keys.has(r.key)) keys.set(r.key, r.name);
      const of766 = new Map(by766.map((r) => [r.key, r]));
      const ofOwn = new Map(ratings.map((r) => [r.key, r]));
      const rows = [...keys.entries()]
        .sort((a, b) => a[1].localeCompare(b[1], 'vi'))
        .map(([key, agency]) => {
          const a = of766.get(key);
          const o = ofOwn.get(key);
          return {
            agency,
            dossiers: a?.dossiers ?? 0,
            unsatisfied: a?.unsatisfied ?? 0,
            feedback: a?.feedback ?? 0,
            late: a?.late ?? 0,
            deducted: a?.deducted ?? 0,
            rate766: a?.rate ?? null,
            ratings: o?.total ?? 0,
            verySatisfied: o?.verySatisfied ?? 0,
            satisfied: o?.satisfied ?? 0,
            ratedUnsatisfied: o?.unsatisfied ?? 0,
            rateOwn: o?.satisfactionRate ?? null,
          };
        });
      const sum = (k: 'dossiers' | 'unsatisfied' | 'feedback' | 'late' | 'deducted' | 'ratings' | 'verySatisfied' | 'satisfied' | 'ratedUnsatisfied') => rows.reduce((s, r) => s + r[k], 0);
      const t = { dossiers: sum('dossiers'), unsatisfied: sum('unsatisfied'), feedback: sum('feedback'), late: sum('late'), deducted: sum('deducted'), ratings: sum('ratings'), verySatisfied: sum('verySatisfied'), satisfied: sum('satisfied'), ratedUnsatisfied: sum('ratedUnsatisfied') };
      return {
        table: {
          title: 'Mức độ hài lòng của người dân',
          subtitle: subtitle(period.label, name),
          generatedAt: now,
          columns: [
            { key: 'agency', label: 'Cơ quan giải quyết', kind: 'text', width: 16 },
            { key: 'dossiers', label: 'Hồ sơ đã giải quyết', kind: 'int', width: 6 },
            { key: 'unsatisfied', label: 'Bị đánh giá không hài lòng', kind: 'int', width: 6 },
            { key: 'feedback', label: 'Có phản ánh', kind: 'int', width: 5 },
            { key: 'late', label: 'Quá hạn', kind: 'int', width: 5 },
            { key: 'deducted', label: 'Hồ sơ bị trừ', kind: 'int', width: 5 },
            { key: 'rate766', label: 'Tỷ lệ hài lòng theo QĐ 766', kind: 'percent', width: 7 },
            { key: 'ratings', label: 'Lượt đánh giá trong kỳ', kind: 'int', width: 6 },
            { key: 'verySatisfied', label: 'Rất hài lòng', kind: 'int', width: 5 },
            { key: 'satisfied', label: 'Hài lòng', kind: 'int', width: 5 },
            { key: 'ratedUnsatisfied', label: 'Không hài lòng', kind: 'int', width: 5 },
            { key: 'rateOwn', label: 'Tỷ lệ hài lòng (motcua)', kind: 'percent', width: 7 },
          ],
          rows,
          totals: {
            ...t,
            rate766: t.dossiers ? (t.dossiers - t.deducted) / t.dossiers : null,
            rateOwn: t.ratings ? (t.verySatisfied + t.satisfied) / t.ratings : null,
          },
          notes: SATISFACTION_766_NOTES,
        },
        chart: null,
      };
    },

    /** Citizens' questions per processing agency and answering officer (supervisors: their agency). */
    async questions(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const [rows, cal, name] = await Promise.all([questionsAsked(db, period, scope), calendar.current(), agencyName(scope)]);
      const t = questionReportRows(rows, cal, now);
      return {
        table: {
          title: 'Câu hỏi của công dân',
          subtitle: subtitle(`${period.label}, số liệu đến ${formatDateTimeShortVn(now)}`, name),
          generatedAt: now,
          columns: QUESTION_REPORT_COLUMNS,
          rows: t.rows,
          totals: t.totals,
          notes: QUESTION_REPORT_NOTES,
        },
        chart: null,
      };
    },

    /**
     * Who sees which petitions: administrators and the supervisors of the province's control
     * unit (a centre without a parent) every agency's (an administrator may pick one);
     * everyone else what was forwarded to their agency.
     */
    async petitionScope(staff: StaffUser, requested: ReportScope): Promise<ReportScope> {
      if (staff.role === 'admin') return requested;
      if (await isControlUnit(db, staff.agencyId)) return { ...requested, agencyId: undefined };
      return { ...requested, agencyId: staff.agencyId };
    },

    /** Petitions per competent agency and kind, with a bar chart of their outcomes per kind. */
    async petitions(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const [counts, name] = await Promise.all([petitionCounts(db, period, scope), agencyName(scope)]);
      const t = petitionReportRows(counts);
      return {
        table: {
          title: 'Phản ánh, kiến nghị',
          subtitle: subtitle(`${period.label}, số liệu đến ${formatDateTimeShortVn(now)}`, name),
          generatedAt: now,
          columns: PETITION_REPORT_COLUMNS,
          rows: t.rows,
          totals: t.totals,
          notes: PETITION_REPORT_NOTES,
        },
        chart:
          counts.length > 0
            ? barChart({
                title: 'Phản ánh, kiến nghị theo loại',
                description: `Số phản ánh, kiến nghị tiếp nhận trong kỳ theo loại: trả lời đúng hạn, trả lời quá hạn, không thuộc phạm vi, đang xử lý; ${period.label}`,
                categories: t.chart.categories,
                series: t.chart.series,
                yFormat: 'int',
                stacked: true,
              })
            : null,
      };
    },

    async trackingBook(period: Period, scope: ReportScope): Promise<ReportResult> {
      const [rows, name] = await Promise.all([trackingBook(db, period, scope), agencyName(scope)]);
      return {
        table: {
          title: 'Sổ theo dõi hồ sơ',
          subtitle: subtitle(period.label, name),
          generatedAt: deps.clock.now(),
          columns: [
            { key: 'no', label: 'STT', kind: 'int', width: 3 },
            { key: 'code', label: 'Mã hồ sơ', kind: 'text', width: 12 },
            { key: 'procedure', label: 'Tên thủ tục', kind: 'text', width: 14 },
            { key: 'applicant', label: 'Tên cá nhân, tổ chức', kind: 'text', width: 10 },
            { key: 'contact', label: 'Địa chỉ, số điện thoại', kind: 'text', width: 12 },
            { key: 'leadAgency', label: 'Cơ quan chủ trì giải quyết', kind: 'text', width: 10 },
            { key: 'receivedAt', label: 'Nhận hồ sơ', kind: 'datetime', width: 7 },
            { key: 'dueAt', label: 'Hẹn trả kết quả', kind: 'datetime', width: 7 },
            { key: 'returnedAt', label: 'Ngày trả kết quả', kind: 'datetime', width: 7 },
            { key: 'delivery', label: 'Phương thức nhận kết quả', kind: 'text', width: 8 },
            { key: 'signature', label: 'Ký nhận', kind: 'text', width: 5 },
            { key: 'note', label: 'Ghi chú', kind: 'text', width: 6 },
          ],
          rows: rows.map((r, i) => ({
            no: i + 1,
            code: r.code,
            procedure: r.procedureName,
            applicant: r.applicantName,
            contact: `${r.address}; ${r.phone}`,
            leadAgency: r.leadAgency,
            receivedAt: r.receivedAt,
            dueAt: r.dueAt,
            returnedAt: r.returnedAt,
            delivery: RESULT_DELIVERY_LABELS[r.resultDelivery as ResultDelivery] ?? r.resultDelivery,
            signature: '',
            note: r.voided ? 'Hủy do nhập nhầm' : '',
          })),
          totals: null,
        },
        chart: null,
      };
    },
  };
}
export type ReportsService = ReturnType<typeof reportsService>;
export type { ReportScope } from './reports.repo.js';
