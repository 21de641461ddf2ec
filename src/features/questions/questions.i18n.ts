/**
 * The citizen's questions under the status page's timeline, in Vietnamese and English: the
 * thread, the form and its messages (`form.question.*`: the Vietnamese side is exactly what
 * the schema, the route's rate limit and the service return).
 */
import { catalogue } from '../../web/i18n/translator.js';
import { ASK_LIMIT, QUESTION_MESSAGES } from './questions.schema.js';
import { PUBLIC_STAFF_NAME, QUESTION_MAX, QUESTIONS_CLOSED_MESSAGE } from './questions.service.js';

/**
 * A question turned into a petition (issue 25 §1 item 8): the consent form's refusals on the
 * status page, written once here; the petitions feature's schema, route and service use them.
 */
export const PETITION_CONSENT_TEXT = {
  required: 'Vui lòng chọn đồng ý hoặc không đồng ý được nêu họ tên.',
  closed: 'Phản ánh, kiến nghị này đã có kết quả xử lý; ý kiến về việc nêu họ tên không thay đổi được nữa.',
  rateLimit: 'Bạn đã gửi quá nhiều lần. Vui lòng thử lại sau ít phút.',
} as const;

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
    'question.petition': 'Câu hỏi này được tiếp nhận là phản ánh, kiến nghị {code} (Nghị định 20/2008/NĐ-CP).',
    'question.petitionLink': 'Theo dõi phản ánh, kiến nghị {code}',
    'question.consentTitle': 'Ông/Bà có đồng ý được nêu họ tên khi công khai kết quả xử lý không?',
    'question.consentHint': 'Kết quả xử lý phản ánh, kiến nghị được công khai (Điều 19 Nghị định 20/2008/NĐ-CP), đã lược bỏ số điện thoại, địa chỉ, số giấy tờ. Nếu Ông/Bà không đồng ý, họ tên cũng được lược bỏ.',
    'question.consentYes': 'Đồng ý được nêu họ tên',
    'question.consentNo': 'Không đồng ý (công khai không nêu họ tên)',
    'question.consentSubmit': 'Gửi ý kiến',
    'question.consentNamed': 'Ông/Bà đã đồng ý được nêu họ tên khi công khai kết quả xử lý.',
    'question.consentAnonymous': 'Ông/Bà không đồng ý được nêu họ tên: kết quả xử lý được công khai không nêu họ tên.',
    'question.consentChange': 'Ông/Bà có thể thay đổi ý kiến cho đến khi có kết quả xử lý.',
    'form.question.consentRequired': PETITION_CONSENT_TEXT.required,
    'form.question.consentClosed': PETITION_CONSENT_TEXT.closed,
    'form.question.consentRateLimit': PETITION_CONSENT_TEXT.rateLimit,
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
    'question.petition': 'This question was taken in as feedback or petition {code} (Decree 20/2008/ND-CP).',
    'question.petitionLink': 'Follow feedback or petition {code}',
    'question.consentTitle': 'Do you agree to be named when the handling result is published?',
    'question.consentHint': 'The handling results of feedback and petitions are published (Decree 20/2008/ND-CP, art. 19) without phone numbers, addresses or document numbers. If you do not agree, your name is left out too.',
    'question.consentYes': 'I agree to be named',
    'question.consentNo': 'I do not agree (published without my name)',
    'question.consentSubmit': 'Send my answer',
    'question.consentNamed': 'You agreed to be named when the handling result is published.',
    'question.consentAnonymous': 'You did not agree to be named: the handling result is published without your name.',
    'question.consentChange': 'You can change your answer until the handling result is out.',
    'form.question.consentRequired': 'Please choose whether you agree to be named.',
    'form.question.consentClosed': 'This feedback or petition already has its handling result; your answer on being named can no longer change.',
    'form.question.consentRateLimit': 'You have sent too many times. Please try again in a few minutes.',
  },
);
