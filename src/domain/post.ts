/**
 * Post (Decision 45/2016/QĐ-TTg): which procedures may be sent and returned by post, the
 * receipt channels, and the hand-over record's vocabulary. Pure.
 */

/** How a dossier reached the office (dossiers.channel; the portal's KenhThucHien 1, 2, 3). */
export const RECEIPT_CHANNELS = ['counter', 'online', 'post'] as const;
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];
export const RECEIPT_CHANNEL_LABELS: Record<ReceiptChannel, string> = {
  counter: 'Trực tiếp',
  online: 'Trực tuyến',
  post: 'Qua bưu chính',
};

/** The intake form's choice: at the counter, or brought by the postal worker. */
export const INTAKE_CHANNELS = ['counter', 'post'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

/**
 * Art. 1(2): not where the person must come in person (in_person forces it off, whatever
 * by_post says); otherwise as the procedure's by_post flag (art. 13's published list).
 */
export function postAvailable(p: { byPost: boolean; inPerson: boolean }): boolean {
  return p.byPost && !p.inPerson;
}

/** The procedure form's refusal of a procedure both by post and in person. */
export const BY_POST_IN_PERSON = 'Thủ tục yêu cầu người nộp có mặt trực tiếp không thực hiện qua dịch vụ bưu chính (Quyết định 45/2016/QĐ-TTg, Điều 1 khoản 2): bỏ chọn một trong hai';

export const BATCH_DIRECTIONS = ['inbound', 'outbound'] as const;
export type BatchDirection = (typeof BATCH_DIRECTIONS)[number];
export const BATCH_STATUSES = ['open', 'signed', 'cancelled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const BATCH_TITLES: Record<BatchDirection, string> = {
  inbound: 'BIÊN BẢN GIAO NHẬN HỒ SƠ QUA DỊCH VỤ BƯU CHÍNH CÔNG ÍCH',
  outbound: 'BIÊN BẢN GIAO NHẬN KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH QUA DỊCH VỤ BƯU CHÍNH CÔNG ÍCH',
};
export const BATCH_LABELS: Record<BatchDirection, string> = {
  inbound: 'Nhận hồ sơ từ bưu chính',
  outbound: 'Giao kết quả cho bưu chính',
};
export const BATCH_STATUS_LABELS: Record<BatchStatus, string> = {
  open: 'Đang lập, chưa ký',
  signed: 'Đã ký',
  cancelled: 'Đã hủy',
};

export const SHIPMENT_STATUSES = ['received', 'handed_over', 'delivered', 'undeliverable'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];
export const SHIPMENT_STATUS_LABELS: Record<ShipmentStatus, string> = {
  received: 'Đã nhận từ bưu chính',
  handed_over: 'Đã giao bưu chính, đang chuyển phát',
  delivered: 'Đã phát cho người nhận',
  undeliverable: 'Không phát được',
};
