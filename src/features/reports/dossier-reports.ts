/** Reports on the dossiers' processing: results per agency and procedure, overdue now, the tracking book, the counter's work. */
import { judgedAt, monthsOf, type Period } from '../../domain/period.js';
import { remainingTime } from '../../domain/deadline.js';
import { formatDateTimeVn } from '../../domain/time.js';
import { RECEIPT_CHANNEL_LABELS, type ReceiptChannel } from '../../domain/post.js';
import { RESULT_DELIVERY_LABELS, type ResultDelivery } from '../../domain/status.js';
import { barChart, lineChart } from './charts/svg.js';
import { formatDateTimeShortVn } from './table.js';
import type { ReportContext, ReportResult } from './report-context.js';
import { completionCounts, counterActivity, overdueNow, processingResults, totalsOf, trackingBook, type ReportScope } from './reports.repo.js';

/** What the apology columns count (the processing report). */
export const APOLOGY_NOTE =
  'Phiếu xin lỗi đã ban hành: phiếu xin lỗi và đề nghị gia hạn ban hành trong kỳ. Ban hành muộn: ban hành sau thời điểm chậm nhất 01 ngày làm việc trước ngày hẹn trả (Nghị định 118/2025/NĐ-CP).';

/** What the channel columns count (the processing report). */
export const CHANNEL_NOTE =
  'Trong đó trực tiếp, trực tuyến, qua bưu chính: số hồ sơ mới tiếp nhận theo hình thức nộp. Hồ sơ qua bưu chính được tính tiếp nhận vào thời điểm ký biên bản giao nhận với nhân viên bưu chính (Quyết định 45/2016/QĐ-TTg).';

/** What the digitisation columns count (the processing report; Decision 766's digitisation group). */
export const DIGITISED_NOTE =
  'Giấy tờ đã số hóa: trong số giấy tờ của hồ sơ mới tiếp nhận, số giấy tờ đã có bản điện tử đính kèm hồ sơ (Bộ phận Một cửa chụp tại quầy, hoặc công dân gửi trực tuyến).';

export function dossierReports({ deps, db, calendar, subtitle, agencyName, presubmissionNote }: ReportContext) {
  return {
    /** Open dossiers are judged at the period's end, or now while the period runs. */
    async processing(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const asOf = judgedAt(period, now);
      const [rows, name, online] = await Promise.all([processingResults(db, period, scope, asOf), agencyName(scope), presubmissionNote ? presubmissionNote(period, scope) : null]);
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
            { key: 'receivedCounter', label: 'Trong đó: trực tiếp', kind: 'int', width: 5 },
            { key: 'receivedOnline', label: 'Trong đó: trực tuyến', kind: 'int', width: 5 },
            { key: 'receivedPost', label: 'Trong đó: qua bưu chính', kind: 'int', width: 5 },
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
            { key: 'documentsDigitised', label: 'Giấy tờ đã số hóa', kind: 'int', width: 5 },
            { key: 'documents', label: 'Tổng số giấy tờ', kind: 'int', width: 5 },
            { key: 'digitisedRate', label: 'Tỷ lệ số hóa', kind: 'percent', width: 6 },
          ],
          rows: rows.map((r) => ({ ...r, agency: r.agencyName, procedure: `${r.procedureCode} ${r.procedureName}` })),
          totals: { ...t },
          notes: [APOLOGY_NOTE, CHANNEL_NOTE, DIGITISED_NOTE, ...(online ? [online] : [])],
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
            { key: 'channel', label: 'Hình thức nộp', kind: 'text', width: 6 },
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
            channel: RECEIPT_CHANNEL_LABELS[r.channel as ReceiptChannel] ?? r.channel,
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
