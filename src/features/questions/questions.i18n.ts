/**
 * The citizen's questions under the status page's timeline, in Vietnamese and English: the
 * thread, the form and its messages (`form.question.*`: the Vietnamese side is exactly what
 * the schema, the route's rate limit and the service return).
 */
import { catalogue } from '../../web/i18n/translator.js';
import { ASK_LIMIT, QUESTION_MESSAGES } from './questions.schema.js';
import { PUBLIC_STAFF_NAME, QUESTION_MAX, QUESTIONS_CLOSED_MESSAGE } from './questions.service.js';

export const QUESTION_MESSAGES_I18N = catalogue(
  {
    'question.title': 'Hỏi đáp về hồ sơ',
    'question.askedAt': 'Ông/Bà hỏi lúc {at}',
    'question.answeredAt': '{by} trả lời lúc {at}',
    'question.staff': PUBLIC_STAFF_NAME,
    'question.waiting': 'Đang chờ cán bộ xử lý trả lời.',
    'question.askTitle': 'Đặt câu hỏi cho cán bộ xử lý',
    'question.askHint': 'Câu hỏi gắn với hồ sơ này; cán bộ xử lý trả lời trong giờ làm việc và câu trả lời hiện ở đây. Vui lòng không ghi số giấy tờ, số điện thoại vào câu hỏi.',
    'question.label': 'Câu hỏi của Ông/Bà',
    'question.max': 'Tối đa {max} ký tự.',
    'question.submit': 'Gửi câu hỏi',
    'form.question.closed': QUESTIONS_CLOSED_MESSAGE,
    'form.question.required': QUESTION_MESSAGES.required,
    'form.question.tooLong': QUESTION_MESSAGES.tooLong,
    'form.question.rateLimit': ASK_LIMIT,
  },
  {
    'question.title': 'Questions about the dossier',
    'question.askedAt': 'You asked at {at}',
    'question.answeredAt': '{by} answered at {at}',
    'question.staff': 'The processing officer',
    'question.waiting': 'Waiting for the processing officer’s answer.',
    'question.askTitle': 'Ask the processing officer a question',
    'question.askHint': 'Your question is attached to this dossier; the processing officer answers during working hours and the answer appears here. Please do not write document numbers or phone numbers in your question.',
    'question.label': 'Your question',
    'question.max': 'At most {max} characters.',
    'question.submit': 'Send question',
    'form.question.closed': 'The dossier is closed, so it takes no more questions. Please contact the One-stop shop office or the hotline.',
    'form.question.required': 'Please type your question.',
    'form.question.tooLong': `Your question can have at most ${QUESTION_MAX} characters.`,
    'form.question.rateLimit': 'You have sent too many questions. Please try again in a few minutes or contact the One-stop shop office.',
  },
);
