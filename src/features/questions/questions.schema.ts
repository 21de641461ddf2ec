/** Inputs of citizens' questions: the status page's question and the staff answer form, through the form kit. */
import { z } from 'zod';
import { multiline, oneOf } from '../../web/form.js';
import { ANSWER_MAX, QUESTION_MAX } from './questions.service.js';

/** Past the rate limit of questions (per address and per status page). */
export const ASK_LIMIT = 'Bạn đã gửi quá nhiều câu hỏi. Vui lòng thử lại sau ít phút hoặc liên hệ Bộ phận Một cửa.';

export const QUESTION_MESSAGES = {
  required: 'Vui lòng nhập câu hỏi.',
  tooLong: `Câu hỏi không quá ${QUESTION_MAX} ký tự.`,
  answerRequired: 'Vui lòng nhập nội dung trả lời.',
  answerTooLong: `Nội dung không quá ${ANSWER_MAX} ký tự.`,
  kind: 'Chọn trả lời công dân hoặc ghi chú nội bộ.',
} as const;

/** The status page's form: one plain-text question. */
export const askSchema = z.object({
  cau_hoi: multiline(QUESTION_MAX, QUESTION_MESSAGES.required, QUESTION_MESSAGES.tooLong),
});

/** The staff form under a question: an answer (public, the default) or an internal note; `xac_nhan` confirms a held answer. */
export const answerSchema = z.object({
  noi_dung: multiline(ANSWER_MAX, QUESTION_MESSAGES.answerRequired, QUESTION_MESSAGES.answerTooLong),
  loai: z.string().transform((v) => (v === '' ? 'tra_loi' : v)).pipe(oneOf(['tra_loi', 'ghi_chu'] as const, QUESTION_MESSAGES.kind)),
  xac_nhan: z.string(),
});
