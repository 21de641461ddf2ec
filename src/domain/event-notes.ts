/**
 * The wording the system writes on a dossier's chain by itself (scheduled sweeps, system
 * apologies), in one place: the application and the bulk data generator both use these,
 * so generated histories read exactly like real ones.
 */
import { formatDateTimeVn } from './time.js';

/** Reason printed on an apology the system issues (only where a province delegates it). */
export const SYSTEM_APOLOGY_REASON = 'Hồ sơ cần thêm thời gian thẩm định, xác minh theo quy định nên chưa thể trả kết quả đúng hẹn.';

export const EVENT_NOTES = {
  dueSoon: (dueAt: Date) => `Hẹn trả ${formatDateTimeVn(dueAt)}`,
  dueSoonExtended: (extendedDueAt: Date) => `Hẹn trả (đã hẹn lại) ${formatDateTimeVn(extendedDueAt)}`,
  overdue: (dueAt: Date) => `Quá hạn trả kết quả ${formatDateTimeVn(dueAt)}`,
  apologyReminder: (dueAt: Date) => `Nhắc phát hành phiếu xin lỗi nếu không kịp hẹn ${formatDateTimeVn(dueAt)}`,
  escalated: (extendedDueAt: Date) => `Quá hạn lần hai (hẹn lại ${formatDateTimeVn(extendedDueAt)}): chuyển lãnh đạo xử lý`,
  earlyCompletion: (daysEarly: number) => `Báo kết quả sớm ${daysEarly} ngày làm việc`,
  firstPrint: 'In lần đầu',
  /** The note of an issued apology: its reason and the new appointment, and who issued it. */
  apologyIssued: (reason: string, newDueAt: Date, bySystem: boolean) =>
    `${reason}\nHẹn lại ngày trả kết quả: ${formatDateTimeVn(newDueAt)}${bySystem ? '\n(Hệ thống tự động phát hành)' : ''}`,
} as const;
