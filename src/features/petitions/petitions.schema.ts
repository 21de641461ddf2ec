/** Inputs of the petitions staff pages, through the form kit: the list's filters and the action form. */
import { z } from 'zod';
import { PETITION_ACTIONS } from '../../domain/petition-workflow.js';
import { PETITION_STATUSES } from '../../domain/petitions.js';
import { int, oneOf, optionalId, optionalMultiline, optionalText } from '../../web/form.js';

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
  published_content: 'noi_dung_cong_khai',
  published_answer: 'tra_loi_cong_khai',
  confirm_publication: 'xac_nhan_cong_khai',
} as const;

/** The action form's keys (to show back what was typed). */
export const keysOfAct: readonly string[] = Object.keys(actSchema.shape);
