/**
 * The shared public layout's messages (header, language switch, footer), the error pages, the
 * error summary and the form kit's own messages as public forms show them. The Vietnamese side
 * reuses the HTTP kit's constants, so staff pages (always Vietnamese) read exactly as before.
 */
import { ERROR_TITLES, ERROR_MESSAGES } from '../errors.js';
import { CSRF_MESSAGES } from '../csrf.js';
import { MESSAGES } from '../form.js';
import { TOO_MANY_REQUESTS } from '../rate-limit.js';
import { catalogue } from './translator.js';

export const COMMON_MESSAGES = catalogue(
  {
    'layout.siteName': 'Một cửa',
    'layout.skip': 'Bỏ qua, đến nội dung chính',
    'layout.brand': 'Tra cứu hồ sơ hành chính',
    'layout.language': 'Ngôn ngữ',
    'layout.footer': 'motcua · Bộ phận Một cửa',
    'layout.petitions': 'Phản ánh, kiến nghị',
    'layout.legalNote': 'Bản tiếng Việt là văn bản có giá trị pháp lý.',
    'error.notFound.title': ERROR_TITLES[404]!,
    'error.notFound.message': ERROR_MESSAGES.notFound,
    'error.forbidden.title': ERROR_TITLES[403]!,
    'error.forbidden.message': ERROR_MESSAGES.forbidden,
    'error.server.title': ERROR_MESSAGES.serverTitle,
    'error.server.message': ERROR_MESSAGES.server,
    'error.badRequest.title': ERROR_MESSAGES.badRequestTitle,
    'error.badRequest.message': ERROR_MESSAGES.badRequest,
    'error.tooLarge.message': ERROR_MESSAGES.tooLarge,
    'error.back': 'Quay lại trang chính',
    'summary.heading': 'Vui lòng kiểm tra lại thông tin',
    'summary.failed': 'Không thực hiện được',
    'field.errorPrefix': 'Lỗi:',
    'field.optional': 'không bắt buộc',
    'form.control': MESSAGES.control,
    'form.tooLong': 'Không quá {max} ký tự',
    'form.tooManyRequests': TOO_MANY_REQUESTS,
    'form.csrf.title': CSRF_MESSAGES.title,
    'form.csrf.expired': CSRF_MESSAGES.expired,
    'form.csrf.otherVisitor': CSRF_MESSAGES.otherVisitor,
  },
  {
    'layout.siteName': 'One-stop shop',
    'layout.skip': 'Skip to main content',
    'layout.brand': 'Administrative dossier lookup',
    'layout.language': 'Language',
    'layout.footer': 'motcua · One-stop shop office',
    'layout.petitions': 'Feedback and petitions',
    'layout.legalNote': 'This page is an English translation for convenience; the Vietnamese version is the legal text of record.',
    'error.notFound.title': 'Not found',
    'error.notFound.message': 'The page you asked for was not found.',
    'error.forbidden.title': 'Access denied',
    'error.forbidden.message': 'You are not allowed to do this.',
    'error.server.title': 'Something went wrong',
    'error.server.message': 'The system ran into a problem. Please try again in a few minutes; if it still fails, tell the system administrator.',
    'error.badRequest.title': 'Invalid request',
    'error.badRequest.message': 'The data sent is not valid.',
    'error.tooLarge.message': 'The data sent is too large.',
    'error.back': 'Back to the main page',
    'summary.heading': 'Please check the information',
    'summary.failed': 'This could not be done',
    'field.errorPrefix': 'Error:',
    'field.optional': 'optional',
    'form.control': 'The text holds an invalid (control) character. Please type it again.',
    'form.tooLong': 'At most {max} characters',
    'form.tooManyRequests': 'Too many requests',
    'form.csrf.title': 'Form expired',
    'form.csrf.expired': 'The form has expired or is not valid. Please reload the page and try again.',
    'form.csrf.otherVisitor': 'This form was opened in another browser or session (or the site’s cookies were deleted). Please reload the page in this browser and send it again.',
  },
);
