/** Inputs of the petitions staff pages, through the form kit: the list's filters and the action form. */
import { z } from 'zod';
import { PETITION_ACTIONS } from '../../domain/petition-workflow.js';
import { PETITION_STATUSES } from '../../domain/petitions.js';
import { int, oneOf, optionalId, optionalMultiline, optionalText } from '../../web/form.js';

/** An optional date field (type=date: YYYY-MM-DD); anything else is kept as typed for the workflow to refuse. */
const optionalDay = (message: string) =>
  optionalText(10, message).refine((v) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(v), message);

export const NOTE_MAX = 1000;
export const CATEGORY_MAX = 200;
export const ANSWER_TEXT_MAX = 5000;
/** The published texts: the petition (4000) and the answer, with room for the anonymiser's labels. */
export const PUBLISHED_TEXT_MAX = 8000;

export const PETITION_FORM_MESSAGES = {
  action: 'Thao tác không hợp lệ.',
  version: 'Biểu mẫu không hợp lệ; vui lòng tải lại trang.',
  agency: 'Chọn cơ quan có thẩm quyền xử lý.',
  status: 'Trạng thái không hợp lệ.',
} as const;

/** One action on a petition; which fields it needs is the workflow's (decidePetition). */
export const actSchema = z.object({
  thao_tac: oneOf(PETITION_ACTIONS, PETITION_FORM_MESSAGES.action),
  phien_ban: int(0, 1_000_000, PETITION_FORM_MESSAGES.version),
  ghi_chu: optionalMultiline(NOTE_MAX, `Ghi chú, lý do không quá ${NOTE_MAX} ký tự.`),
  phan_loai: optionalText(CATEGORY_MAX, `Phân loại không quá ${CATEGORY_MAX} ký tự.`),
  co_quan: optionalId(PETITION_FORM_MESSAGES.agency),
  noi_dung_tra_loi: optionalMultiline(ANSWER_TEXT_MAX, `Nội dung trả lời không quá ${ANSWER_TEXT_MAX} ký tự.`),
  /** draft: the handling result (art. 15); not_in_scope: the reason (art. 7, art. 1); checked by the workflow. */
  ket_qua: optionalText(30, 'Kết quả xử lý không hợp lệ.'),
  ly_do_khong_thuoc: optionalText(30, 'Lý do không hợp lệ.'),
  /** forward_external (art. 9(1)(d)): the body outside the province, the dispatch's number and date. */
  co_quan_ngoai_tinh: optionalText(300, 'Tên cơ quan không quá 300 ký tự.'),
  so_van_ban: optionalText(60, 'Số văn bản không quá 60 ký tự.'),
  ngay_van_ban: optionalDay('Nhập ngày văn bản chuyển (ngày/tháng/năm), không sau hôm nay.'),
  /** keep_for_study: when it is studied again. */
  ngay_xem_xet_lai: optionalDay('Nhập ngày xem xét lại (sau hôm nay).'),
  /** approve: withhold publication, with this reason. */
  ly_do_khong_cong_khai: optionalMultiline(NOTE_MAX, `Lý do không công khai không quá ${NOTE_MAX} ký tự.`),
  /** Approve: the texts to publish, as the approver confirmed them, and the confirmation itself. */
  noi_dung_cong_khai: optionalMultiline(PUBLISHED_TEXT_MAX, `Nội dung công khai không quá ${PUBLISHED_TEXT_MAX} ký tự.`),
  tra_loi_cong_khai: optionalMultiline(PUBLISHED_TEXT_MAX, `Nội dung trả lời công khai không quá ${PUBLISHED_TEXT_MAX} ký tự.`),
  xac_nhan_cong_khai: z.string().transform((v) => v === '1'),
});

/** The list's filters (?trang_thai=forwarded, ?tat_ca=1 for closed ones too). */
export const listQuerySchema = z.object({
  trang_thai: z
    .string()
    .transform((v) => v.trim())
    .pipe(z.union([z.literal(''), oneOf(PETITION_STATUSES, PETITION_FORM_MESSAGES.status)]))
    .transform((v) => (v === '' ? null : v)),
  tat_ca: z.string().transform((v) => v === '1'),
});

/** Form field of each workflow field, for the error under it. */
export const FIELD_NAMES = {
  note: 'ghi_chu',
  category: 'phan_loai',
  agency: 'co_quan',
  answer: 'noi_dung_tra_loi',
  outcome: 'ket_qua',
  scope_reason: 'ly_do_khong_thuoc',
  external_body: 'co_quan_ngoai_tinh',
  dispatch_number: 'so_van_ban',
  dispatch_date: 'ngay_van_ban',
  review_date: 'ngay_xem_xet_lai',
  withheld_reason: 'ly_do_khong_cong_khai',
  published_content: 'noi_dung_cong_khai',
  published_answer: 'tra_loi_cong_khai',
  confirm_publication: 'xac_nhan_cong_khai',
} as const;

/** The action form's keys (to show back what was typed). */
export const keysOfAct: readonly string[] = Object.keys(actSchema.shape);
