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
import { formatDateTimeShortVn, type ReportTable } from './table.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { RatingsService } from '../ratings/ratings.service.js';
import {
  agencyNameOf,
  completionCounts,
  finishedByOfficer,
  overdueNow,
  processingResults,
  reportFilterChoices,
  totalsOf,
  trackingBook,
  type ReportScope,
} from './reports.repo.js';

export interface ReportResult {
  table: ReportTable;
  chart: string | null;
}

/** Supervisors are held to their own agency whatever they ask for. */
export function scopeFor(staff: StaffUser, requested: ReportScope): ReportScope {
  return staff.role === 'admin' ? requested : { ...requested, agencyId: staff.agencyId };
}

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
          ],
          rows: rows.map((r) => ({ ...r, agency: r.agencyName, procedure: `${r.procedureCode} ${r.procedureName}` })),
          totals: { ...t },
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
      const [rows, cal, name, ratings] = await Promise.all([
        finishedByOfficer(db, period, scope),
        calendar.current(),
        agencyName(scope),
        ratingsOf.summary({ from: period.from, to: period.to, agencyId: scope.agencyId, officerId: scope.officerId, groupBy: 'officer' }),
      ]);
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
      return {
        table: {
          title: 'Kết quả giải quyết theo cán bộ',
          subtitle: subtitle(period.label, name),
          generatedAt: deps.clock.now(),
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
            { key: 'satisfaction', label: 'Tỷ lệ hài lòng', kind: 'percent', width: 6 },
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
                avgDays: (o.workingMs / o.handled / cal.dayLengthMs).toLocaleString('vi-VN', { maximumFractionDigits: 1 }),
                ratings: r?.total ?? 0,
                satisfaction: r?.satisfactionRate ?? null,
              };
            }),
          totals: null,
        },
        chart: null,
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
