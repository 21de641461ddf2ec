/**
 * Inputs of the control unit's desk, through the form kit: a petition received by letter or
 * phone and written down by its staff (Decree 20/2008 art. 6, 7(2)(đ), 9(1)(b)–(c)), the
 * register's period, and the administrator's choice of the control unit's agency (art. 8).
 */
import { z } from 'zod';
import { normalizePhone } from '../../domain/phone.js';
import { PETITION_KINDS, RECORDED_CHANNELS, SENDER_KINDS } from '../../domain/petitions.js';
import { hasControlChars, MESSAGES, multiline, oneOf, optionalId, text } from '../../web/form.js';
import { PETITION_CONTENT_MAX, PETITION_MESSAGES } from './petition-intake.schema.js';

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
  noi_dung: multiline(PETITION_CONTENT_MAX, PETITION_MESSAGES.content, PETITION_MESSAGES.contentTooLong),
  nguoi_gui: oneOf(SENDER_KINDS, PETITION_MESSAGES.senderKind),
  ho_ten: text(200, PETITION_MESSAGES.name, PETITION_MESSAGES.nameTooLong),
  dia_chi: text(300, PETITION_MESSAGES.address, PETITION_MESSAGES.addressTooLong),
  dien_thoai: safe
    .transform(normalizePhone)
    .refine((v) => v === '' || /^0\d{9,10}$/.test(v), PETITION_MESSAGES.phone)
    .transform((v) => (v === '' ? null : v)),
  email: safe
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.union([z.literal(''), z.string().max(200, PETITION_MESSAGES.email).email(PETITION_MESSAGES.email)]))
    .transform((v) => (v === '' ? null : v)),
  cong_khai: z.string().transform((v) => v !== ''),
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
