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
  supplement_override: 'Lãnh đạo cho phép yêu cầu bổ sung thêm (Nghị định 118/2025 quy định một lần)',
  question_asked: 'Công dân đặt câu hỏi',
  question_answered: 'Cán bộ xử lý trả lời câu hỏi',
  question_note: 'Ghi chú nội bộ về câu hỏi của công dân',
  question_escalated: 'Câu hỏi của công dân quá hạn trả lời: đã báo lãnh đạo',
  zalo_linked: 'Công dân liên kết tài khoản Zalo với hồ sơ',
  // A dossier's files (src/features/dossier-files).
  result_file_attached: 'Đính kèm kết quả điện tử',
  result_file_removed: 'Gỡ kết quả điện tử',
  documents_scanned: 'Đính kèm bản chụp giấy tờ',
  document_scan_removed: 'Gỡ bản chụp giấy tờ',
  fee_paid: 'Công dân đã nộp phí, lệ phí',
};

/** Every event type with its own label (the state machine's actions and the others), for the public pages' translations. */
export function labelledEventTypes(): string[] {
  return [...Object.keys(TRANSITIONS), ...Object.keys(OTHER_EVENTS)];
}

export function eventLabel(type: string): string {
  return isAction(type) ? TRANSITIONS[type].label : (OTHER_EVENTS[type] ?? type);
}

/** May the citizen read this event's note on the status page? */
export function isNotePublic(type: string): boolean {
  return (isAction(type) && TRANSITIONS[type].publicNote) || type === 'appointment_recomputed' || type === 'apology_issued' || type === 'early_completion_notice';
}

/** The key of the success banner after issuing an apology (not a state-machine action). */
export const APOLOGY_DONE = 'xin-loi';

/**
 * What the success banner says after each action of the dossier page. Keyed by action;
 * an action without its own sentence reads "Đã thực hiện: <label>" (so a new action of
 * the state machine gets a banner too). A dossier page panel's own forms carry their
 * banners in the panel (DossierPanel.banners, page/panel.ts).
 */
const DONE_MESSAGES: Record<string, string> = {
  take: 'Đã nhận xử lý hồ sơ. Hồ sơ đã vào hàng đợi của bạn.',
  assign: 'Đã chuyển hồ sơ đến cơ quan, bộ phận xử lý.',
  request_supplement: 'Đã yêu cầu bổ sung hồ sơ. Tin nhắn báo công dân (nếu có) ở mục “Tin nhắn đã gửi”.',
  receive_supplement: 'Đã ghi nhận hồ sơ bổ sung. Ngày hẹn trả kết quả đã được tính lại.',
  pause: 'Đã tạm dừng giải quyết hồ sơ. Thời hạn ngừng tính cho đến khi tiếp tục xử lý.',
  resume: 'Đã tiếp tục xử lý hồ sơ. Ngày hẹn trả kết quả đã được tính lại.',
  refuse: 'Đã từ chối giải quyết hồ sơ. Phiếu từ chối có ở nút bên dưới.',
  withdraw: 'Đã ghi nhận công dân rút hồ sơ.',
  mark_result_ready: 'Đã ghi nhận hồ sơ có kết quả. Tin nhắn báo công dân (nếu có) ở mục “Tin nhắn đã gửi”.',
  return_result: 'Đã trả kết quả cho công dân.',
  void: 'Đã hủy tiếp nhận hồ sơ. Mã hồ sơ không được dùng lại.',
  [APOLOGY_DONE]: 'Đã phát hành phiếu xin lỗi và hẹn lại ngày trả kết quả. Ngày hẹn mới hiển thị trên trang này và trang tra cứu của công dân.',
};

/** The banner after action `key` (the `xong` query value); null for anything unknown. */
export function doneMessage(key: string): string | null {
  if (key === APOLOGY_DONE) return DONE_MESSAGES[key]!;
  if (!isAction(key)) return null;
  return DONE_MESSAGES[key] ?? `Đã thực hiện: ${TRANSITIONS[key].label}`;
}
