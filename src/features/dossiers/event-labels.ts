import { isAction, TRANSITIONS } from '../../domain/workflow.js';

/** How each audit event reads, for staff and (when public) for the citizen. */
const OTHER_EVENTS: Record<string, string> = {
  received: 'Tiếp nhận hồ sơ tại Bộ phận Một cửa',
  receipt_printed: 'In giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  appointment_recomputed: 'Cập nhật ngày hẹn trả kết quả',
};

export function eventLabel(type: string): string {
  return isAction(type) ? TRANSITIONS[type].label : (OTHER_EVENTS[type] ?? type);
}

/** May the citizen read this event's note on the status page? */
export function isNotePublic(type: string): boolean {
  return (isAction(type) && TRANSITIONS[type].publicNote) || type === 'appointment_recomputed';
}
