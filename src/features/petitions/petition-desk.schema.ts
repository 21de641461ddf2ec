/**
 * Inputs of the control unit's desk, through the form kit: a petition received by letter or
 * phone and written down by its staff (Decree 20/2008 art. 6, 7(2)(đ), 9(1)(b)–(c)), the
 * register's period, and the administrator's choice of the control unit's agency (art. 8).
 */
import { z } from 'zod';
import { PETITION_KINDS, RECORDED_CHANNELS } from '../../domain/petitions.js';
import { hasControlChars, MESSAGES, oneOf, optionalId, text } from '../../web/form.js';
import { PETITION_MESSAGES, PETITION_SENDER_FIELDS } from './petition-intake.schema.js';

const safe = z.string().refine((v) => !hasControlChars(v), MESSAGES.control);

export const DESK_MESSAGES = {
  channel: 'Chọn hình thức tiếp nhận: văn bản (thư) hoặc điện thoại',
  receivedAt: 'Nhập thời điểm tiếp nhận (ngày và giờ), không sau thời điểm hiện tại',
  how: 'Ghi cách tiếp nhận (ví dụ: thư gửi qua bưu điện, số công văn đến; cuộc gọi đến đường dây nóng số …)',
  howTooLong: 'Cách tiếp nhận không quá 300 ký tự',
  day: 'Nhập ngày dạng ngày/tháng/năm',
  agency: 'Chọn cơ quan làm Bộ phận kiểm soát thủ tục hành chính',
} as const;

/** A petition received by letter or phone, as the officer writes it down. */
export const recordSchema = z.object({
  kenh: oneOf(RECORDED_CHANNELS, DESK_MESSAGES.channel),
  /** datetime-local: YYYY-MM-DDTHH:MM, Vietnam time. */
  thoi_diem: safe.transform((v) => v.trim()).refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v), DESK_MESSAGES.receivedAt),
  cach_nhan: text(300, DESK_MESSAGES.how, DESK_MESSAGES.howTooLong),
  loai: oneOf(PETITION_KINDS, PETITION_MESSAGES.kind),
  ...PETITION_SENDER_FIELDS,
});
export type RecordInput = z.output<typeof recordSchema>;

const day = safe.transform((v) => v.trim()).refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), DESK_MESSAGES.day).transform((v) => (v === '' ? null : v));

/** The register's period (?tu=YYYY-MM-DD&den=YYYY-MM-DD&dinh_dang=pdf|xlsx). */
export const registerQuerySchema = z.object({
  tu: day,
  den: day,
  dinh_dang: z.string().transform((v) => (v === 'pdf' || v === 'xlsx' ? v : null)),
});

/** The administrator's choice of the control unit's agency. */
export const controlUnitSchema = z.object({ co_quan: optionalId(DESK_MESSAGES.agency) });
