/**
 * The rating form on the public status page, in Vietnamese and English: its words, the levels
 * and the five criteria (Vietnamese: rating.ts's own labels), and its messages (`form.rating.*`,
 * the Vietnamese side being exactly what the schema and the service return).
 */
import { fillMessage, catalogue } from '../../web/i18n/translator.js';
import { CRITERIA, CRITERION_DEFINITIONS, CRITERION_SCORES, RATING_LEVEL_LABELS, type Criterion, type CriterionScore, type RatingLevel } from './rating.js';
import { RATING_TEXT } from './ratings.schema.js';
import { ALREADY_RATED_MESSAGE, NOT_RETURNED_MESSAGE } from './ratings.service.js';

const LEVEL_EN: Record<RatingLevel, string> = { very_satisfied: 'Very satisfied', satisfied: 'Satisfied', unsatisfied: 'Not satisfied' };

const CRITERIA_EN: Record<Criterion, { label: string; answers: Record<CriterionScore, string> }> = {
  time: { label: 'Total processing time against the statutory time limit', answers: { 2: 'Early or on time', 1: 'Late, with an apology', 0: 'Late, without an apology' } },
  contacts: { label: 'Times you had to get in touch to complete the dossier', answers: { 2: 'Once at most', 1: 'Twice', 0: 'Three times or more' } },
  agencies: { label: 'Agencies and units you had to deal with', answers: { 2: 'Only the One-stop shop office', 1: '2 agencies or units', 0: '3 agencies or units or more' } },
  attitude: { label: 'Attitude of the officials', answers: { 2: 'Polite, helpful, attentive', 1: 'Not very helpful or attentive', 0: 'Caused trouble or harassment' } },
  publicity: { label: 'Publication of the procedure (documents, fees, time limits)', answers: { 2: 'Complete, clear, easy to find', 1: 'Published but incomplete', 0: 'Not published' } },
};

function criteria(lang: 'vi' | 'en'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of CRITERIA) {
    const label = lang === 'vi' ? CRITERION_DEFINITIONS[key].label : CRITERIA_EN[key].label;
    out[`rating.criterion.${key}`] = label;
    for (const score of CRITERION_SCORES) out[`rating.criterion.${key}.${score}`] = lang === 'vi' ? CRITERION_DEFINITIONS[key].answers[score] : CRITERIA_EN[key].answers[score];
    out[`form.rating.criterion.${key}`] = lang === 'vi' ? fillMessage(RATING_TEXT.criterion, { label }) : `The choice for “${label}” is not valid, please choose again`;
  }
  return out;
}

export const RATING_MESSAGES = catalogue(
  {
    'rating.title': 'Đánh giá mức độ hài lòng',
    'rating.thanks': 'Cảm ơn Ông/Bà đã đánh giá',
    'rating.given': 'Mức độ hài lòng của Ông/Bà:',
    'rating.sentAt': '(gửi lúc {at}).',
    'rating.givenNote': 'Ý kiến của Ông/Bà giúp cơ quan nâng cao chất lượng phục vụ. Mỗi hồ sơ chỉ được đánh giá một lần.',
    'rating.invite': 'Ông/Bà đã nhận kết quả. Mời Ông/Bà cho biết mức độ hài lòng với việc giải quyết hồ sơ này.',
    'rating.once': 'Mỗi hồ sơ được đánh giá một lần; sau khi gửi không thể sửa. Vui lòng không ghi thông tin cá nhân (số điện thoại, số giấy tờ) vào ý kiến.',
    'rating.level': 'Mức độ hài lòng',
    'rating.comment': 'Ý kiến, lý do',
    'rating.commentHint': 'Bắt buộc nếu chọn “Không hài lòng” (ít nhất {min} ký tự). Tối đa {max} ký tự.',
    'rating.details': 'Đánh giá chi tiết theo 5 tiêu chí (không bắt buộc)',
    'rating.skipCriterion': 'Không đánh giá tiêu chí này',
    'rating.submit': 'Gửi đánh giá',
    ...Object.fromEntries(Object.entries(RATING_LEVEL_LABELS).map(([k, v]) => [`rating.level.${k}`, v])),
    ...criteria('vi'),
    'form.rating.levelRequired': RATING_TEXT.levelRequired,
    'form.rating.levelInvalid': RATING_TEXT.levelInvalid,
    'form.rating.commentTooLong': RATING_TEXT.commentTooLong,
    'form.rating.reasonRequired': RATING_TEXT.reasonRequired,
    'form.rating.reasonTooShort': RATING_TEXT.reasonTooShort,
    'form.rating.rateLimit': RATING_TEXT.rateLimit,
    'form.rating.alreadyRated': ALREADY_RATED_MESSAGE,
    'form.rating.notReturned': NOT_RETURNED_MESSAGE,
  },
  {
    'rating.title': 'How satisfied are you?',
    'rating.thanks': 'Thank you for your rating',
    'rating.given': 'Your rating:',
    'rating.sentAt': '(sent at {at}).',
    'rating.givenNote': 'Your opinion helps the office serve better. Each dossier can be rated only once.',
    'rating.invite': 'You have received the result. Please tell us how satisfied you are with how this dossier was handled.',
    'rating.once': 'Each dossier is rated once; a rating cannot be changed after it is sent. Please do not write personal information (phone numbers, document numbers) in your comment.',
    'rating.level': 'Satisfaction',
    'rating.comment': 'Comment, reason',
    'rating.commentHint': 'Required if you choose “Not satisfied” (at least {min} characters). At most {max} characters.',
    'rating.details': 'Detailed rating on 5 criteria (optional)',
    'rating.skipCriterion': 'No rating for this criterion',
    'rating.submit': 'Send rating',
    ...Object.fromEntries(Object.entries(LEVEL_EN).map(([k, v]) => [`rating.level.${k}`, v])),
    ...criteria('en'),
    'form.rating.levelRequired': 'Choose how satisfied you are',
    'form.rating.levelInvalid': 'The satisfaction level is not valid, please choose again',
    'form.rating.commentTooLong': 'Your comment can have at most {max} characters (it has {length})',
    'form.rating.reasonRequired': 'Please tell us why you are not satisfied',
    'form.rating.reasonTooShort': 'The reason needs at least {min} characters',
    'form.rating.rateLimit': 'You have sent too many times. Please try again in a few minutes.',
    'form.rating.alreadyRated': 'This dossier has already been rated. Each dossier can be rated only once and the rating cannot be changed. Thank you.',
    'form.rating.notReturned': 'The result has not been handed over yet, so the dossier cannot be rated yet. You can rate it after you receive the result.',
  },
);
