import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/** An error with an HTTP status and a message fit for the user (in Vietnamese). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly title?: string,
  ) {
    super(message);
  }
}

/** The error page's title for a status when the error names none. */
export const ERROR_TITLES: Readonly<Partial<Record<number, string>>> = { 404: 'Không tìm thấy', 403: 'Không có quyền truy cập' };

/** The generic messages (public pages show them in their language: src/web/i18n/common.ts). */
export const ERROR_MESSAGES = {
  notFound: 'Không tìm thấy trang bạn yêu cầu.',
  forbidden: 'Bạn không có quyền thực hiện thao tác này.',
  serverTitle: 'Đã có lỗi xảy ra',
  server: 'Hệ thống gặp sự cố. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo cho quản trị hệ thống.',
  badRequestTitle: 'Yêu cầu không hợp lệ',
  badRequest: 'Dữ liệu gửi lên không hợp lệ.',
  tooLarge: 'Dữ liệu gửi lên quá lớn.',
} as const;

export const notFound = (message: string = ERROR_MESSAGES.notFound) => new HttpError(404, message, ERROR_TITLES[404]);
export const forbidden = (message: string = ERROR_MESSAGES.forbidden) => new HttpError(403, message, ERROR_TITLES[403]);

/** A generic error's catalogue keys (title, message) when its words are the generic ones; null for a route's own message. */
function genericKeys(title: string, message: string): { title: string; message: string } | null {
  const titles: Record<string, string> = { [ERROR_TITLES[404]!]: 'error.notFound.title', [ERROR_TITLES[403]!]: 'error.forbidden.title', [ERROR_MESSAGES.serverTitle]: 'error.server.title', [ERROR_MESSAGES.badRequestTitle]: 'error.badRequest.title' };
  const messages: Record<string, string> = { [ERROR_MESSAGES.notFound]: 'error.notFound.message', [ERROR_MESSAGES.forbidden]: 'error.forbidden.message', [ERROR_MESSAGES.server]: 'error.server.message', [ERROR_MESSAGES.badRequest]: 'error.badRequest.message', [ERROR_MESSAGES.tooLarge]: 'error.tooLarge.message' };
  return titles[title] && messages[message] ? { title: titles[title]!, message: messages[message]! } : null;
}

export function notFoundHandler(): RequestHandler {
  return (_req, _res, next) => next(notFound());
}

function wantsJson(accept: string | undefined, path: string): boolean {
  return path.endsWith('.json') || (accept ?? '').includes('application/json') && !(accept ?? '').includes('text/html');
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let title: string = ERROR_MESSAGES.serverTitle;
    let message: string = ERROR_MESSAGES.server;
    if (err instanceof HttpError) {
      status = err.status;
      message = err.message;
      title = err.title ?? (status === 404 ? ERROR_TITLES[404]! : 'Không thực hiện được');
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      // body-parser and friends: malformed or oversized requests.
      status = err.status;
      title = ERROR_MESSAGES.badRequestTitle;
      message = status === 413 ? ERROR_MESSAGES.tooLarge : ERROR_MESSAGES.badRequest;
    } else {
      logger.error({ err, method: req.method, path: req.route?.path ?? 'unmatched' }, 'unhandled error');
    }
    if (res.headersSent) return;
    // The generic errors speak the page's language (a route's own message is Vietnamese: staff pages).
    // A route's own message reads in the page's language when a public catalogue has it (`form.` keys).
    const keys = genericKeys(title, message);
    const tr = res.locals.i18n as { t(key: string): string; error(message: string): string } | undefined;
    if (tr) {
      title = keys ? tr.t(keys.title) : tr.error(title);
      message = keys ? tr.t(keys.message) : tr.error(message);
    }
    res.status(status);
    if (wantsJson(req.get('accept'), req.path)) {
      res.json({ error: { status, title, message } });
      return;
    }
    res.render('errors/error', { title, message, status });
  };
}
