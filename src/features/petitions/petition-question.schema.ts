/** Inputs of "a question that is a petition" (issue 25 §1 item 8), through the form kit: the staff conversion and the sender's consent on the status page. */
import { z } from 'zod';
import { oneOf } from '../../web/form.js';
import { PETITION_CONSENT_TEXT } from '../questions/questions.i18n.js';
import { QUESTION_PETITION_KINDS } from './petition-from-question.service.js';

export const QUESTION_PETITION_MESSAGES = {
  kind: 'Chọn loại phản ánh: việc giải quyết thủ tục hành chính (chậm, sai hẹn) hoặc thái độ, hành vi của cán bộ.',
  consent: PETITION_CONSENT_TEXT.required,
  /** Past the rate limit of the consent form (per address). */
  rateLimit: PETITION_CONSENT_TEXT.rateLimit,
} as const;

/** The staff form under a question: the petition's kind. */
export const toPetitionSchema = z.object({
  loai_pakn: oneOf(QUESTION_PETITION_KINDS, QUESTION_PETITION_MESSAGES.kind),
});

/** The status page's form: named (co) or not (khong) in the published answer. */
export const consentSchema = z.object({
  neu_ten: oneOf(['co', 'khong'] as const, QUESTION_PETITION_MESSAGES.consent),
});
