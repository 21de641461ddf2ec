import { isAction, TRANSITIONS } from '../../domain/workflow.js';

/** How each audit event reads, for staff and (when public) for the citizen. */
const OTHER_EVENTS: Record<string, string> = {
  received: 'Tiếp nhận hồ sơ tại Bộ phận Một cửa',
  receipt_printed: 'In giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  appointment_recomputed: 'Cập nhật ngày hẹn trả kết quả',
  due_soon: 'Cảnh báo sắp đến hạn',
  overdue: 'Hồ sơ quá hạn',
  apology_reminder: 'Nhắc phát hành phiếu xin lỗi',
  apology_issued: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
  escalated: 'Quá hạn lần hai: chuyển lãnh đạo',
  early_completion_notice: 'Thông báo có kết quả trước hạn',
};

export function eventLabel(type: string): string {
  return isAction(type) ? TRANSITIONS[type].label : (OTHER_EVENTS[type] ?? type);
}

/** May the citizen read this event's note on the status page? */
export function isNotePublic(type: string): boolean {
  return (isAction(type) && TRANSITIONS[type].publicNote) || type === 'appointment_recomputed' || type === 'apology_issued' || type === 'early_completion_notice';
}
