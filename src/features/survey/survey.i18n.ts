/** The public questionnaire (/khao-sat/<token>) in Vietnamese and English; its form messages by key. */
import { SURVEY_DIMENSIONS, SURVEY_SCALE_LABELS, SURVEY_WITHHELD } from '../../domain/survey.js';
import { catalogue } from '../../web/i18n/translator.js';
import { SURVEY_REQUIRED, SURVEY_TEXT } from './survey.schema.js';
import { SURVEY_MESSAGES } from './survey.service.js';

const DIMENSIONS_EN: Record<(typeof SURVEY_DIMENSIONS)[number]['key'], { label: string; question: string }> = {
  access: { label: 'Access to the service', question: 'Finding out where and how to file, getting to the office or the online service, the place and its facilities.' },
  procedures: { label: 'The administrative procedure', question: 'The documents asked for, the fees, the time allowed, and whether they were published as applied.' },
  officials: { label: 'The officials’ service', question: 'Their courtesy, their guidance, and whether anyone asked for anything beyond the rules.' },
  results: { label: 'The result', question: 'Whether the result was correct, complete and on time.' },
  feedback: { label: 'Handling of feedback', question: 'If you gave feedback or complained: how it was received and answered. Otherwise choose “No opinion”.' },
};
const QUESTIONS_VI: Record<(typeof SURVEY_DIMENSIONS)[number]['key'], string> = {
  access: 'Tìm hiểu nơi nộp, cách nộp; đến Bộ phận Một cửa hoặc dịch vụ công trực tuyến; nơi tiếp đón và trang thiết bị.',
  procedures: 'Giấy tờ phải nộp, phí, lệ phí, thời hạn giải quyết, và có đúng như đã niêm yết, công khai hay không.',
  officials: 'Thái độ, sự hướng dẫn của công chức, có yêu cầu gì ngoài quy định hay không.',
  results: 'Kết quả có đúng, đầy đủ, đúng hẹn hay không.',
  feedback: 'Nếu Ông/Bà đã góp ý, phản ánh, kiến nghị: việc tiếp nhận và trả lời. Nếu chưa, chọn “Không có ý kiến”.',
};
const SCALE_EN: Record<keyof typeof SURVEY_SCALE_LABELS, string> = { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Neutral', 2: 'Dissatisfied', 1: 'Very dissatisfied' };

export const SURVEY_MESSAGES_I18N = catalogue(
  {
    'survey.title': 'Khảo sát sự hài lòng của người dân',
    'survey.lead': 'Ông/Bà được chọn ngẫu nhiên trong số người đã nhận kết quả giải quyết thủ tục hành chính của {agency} từ {from} đến {to}. Xin Ông/Bà cho biết mức độ hài lòng về 5 nội dung dưới đây.',
    'survey.anonymous':
      'Phiếu ẩn danh: câu trả lời được lưu riêng, không gắn với hồ sơ, họ tên hay số điện thoại của Ông/Bà; cán bộ không biết ai được mời và ai trả lời. Vui lòng không ghi thông tin cá nhân vào ý kiến.',
    'survey.closes': 'Phiếu nhận trả lời đến hết ngày {date}. Mỗi đường dẫn trả lời một lần.',
    'survey.comment': 'Ý kiến khác (không bắt buộc)',
    'survey.commentHint': 'Tối đa {max} ký tự.',
    'survey.noOpinion': 'Không có ý kiến',
    'survey.submit': 'Gửi phiếu',
    'survey.thanksTitle': 'Cảm ơn Ông/Bà',
    'survey.thanks': 'Phiếu khảo sát của Ông/Bà đã được ghi nhận. Ý kiến của Ông/Bà giúp cơ quan nhà nước phục vụ tốt hơn.',
    'survey.answeredTitle': 'Phiếu đã được trả lời',
    'survey.closedTitle': 'Đợt khảo sát đã kết thúc',
    'survey.closedDate': 'Đợt khảo sát của {agency} đã nhận trả lời đến hết ngày {date}.',
    ...Object.fromEntries(SURVEY_DIMENSIONS.map((d) => [`survey.dimension.${d.key}`, d.label])),
    ...Object.fromEntries(SURVEY_DIMENSIONS.map((d) => [`survey.question.${d.key}`, QUESTIONS_VI[d.key]])),
    ...Object.fromEntries(Object.entries(SURVEY_SCALE_LABELS).map(([k, v]) => [`survey.scale.${k}`, v])),
    'survey.withheld': SURVEY_WITHHELD,
    'form.survey.choiceInvalid': SURVEY_TEXT.choiceInvalid,
    'form.survey.commentTooLong': SURVEY_TEXT.commentTooLong,
    'form.survey.rateLimit': SURVEY_TEXT.rateLimit,
    'form.survey.notFound': SURVEY_MESSAGES.notFound,
    'form.survey.answered': SURVEY_MESSAGES.answered,
    'form.survey.closed': SURVEY_MESSAGES.closed,
    ...Object.fromEntries(SURVEY_DIMENSIONS.map((d) => [`form.survey.required.${d.key}`, SURVEY_REQUIRED[d.key]])),
  },
  {
    'survey.title': 'Citizen satisfaction survey',
    'survey.lead': 'You were chosen at random among the people who received the result of an administrative procedure from {agency} between {from} and {to}. Please tell us how satisfied you are with the five aspects below.',
    'survey.anonymous':
      'This survey is anonymous: your answers are stored apart from any dossier, name or phone number; no official knows who was invited or who answered. Please do not write personal information in your comment.',
    'survey.closes': 'Answers are accepted until the end of {date}. Each link can be used once.',
    'survey.comment': 'Other comments (optional)',
    'survey.commentHint': 'At most {max} characters.',
    'survey.noOpinion': 'No opinion',
    'survey.submit': 'Send',
    'survey.thanksTitle': 'Thank you',
    'survey.thanks': 'Your answers have been recorded. They help public offices serve people better.',
    'survey.answeredTitle': 'This survey has been answered',
    'survey.closedTitle': 'The survey has ended',
    'survey.closedDate': 'The survey of {agency} accepted answers until the end of {date}.',
    ...Object.fromEntries(SURVEY_DIMENSIONS.map((d) => [`survey.dimension.${d.key}`, DIMENSIONS_EN[d.key].label])),
    ...Object.fromEntries(SURVEY_DIMENSIONS.map((d) => [`survey.question.${d.key}`, DIMENSIONS_EN[d.key].question])),
    ...Object.fromEntries(Object.entries(SCALE_EN).map(([k, v]) => [`survey.scale.${k}`, v])),
    'survey.withheld': 'fewer than 10 answers',
    'form.survey.choiceInvalid': 'This choice is not valid, please choose again',
    'form.survey.commentTooLong': 'Your comment can have at most {max} characters (it has {length})',
    'form.survey.rateLimit': 'You have sent too many times. Please try again in a few minutes.',
    'form.survey.notFound': 'This survey form was not found. Please check the link in your message.',
    'form.survey.answered': 'This survey has already been answered. Each link can be used only once.',
    'form.survey.closed': 'The survey has ended; this link can no longer be used.',
    ...Object.fromEntries(SURVEY_DIMENSIONS.map((d) => [`form.survey.required.${d.key}`, `Please choose how satisfied you are with “${DIMENSIONS_EN[d.key].label}”`])),
  },
);
