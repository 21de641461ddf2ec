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

export const notFound = (message = 'Không tìm thấy trang bạn yêu cầu.') => new HttpError(404, message, ERROR_TITLES[404]);
export const forbidden = (message = 'Bạn không có quyền thực hiện thao tác này.') => new HttpError(403, message, ERROR_TITLES[403]);

export function notFoundHandler(): RequestHandler {
  return (_req, _res, next) => next(notFound());
}

function wantsJson(accept: string | undefined, path: string): boolean {
  return path.endsWith('.json') || (accept ?? '').includes('application/json') && !(accept ?? '').includes('text/html');
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let title = 'Đã có lỗi xảy ra';
    let message = 'Hệ thống gặp sự cố. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo cho quản trị hệ thống.';
    if (err instanceof HttpError) {
      status = err.status;
      message = err.message;
      title = err.title ?? (status === 404 ? ERROR_TITLES[404]! : 'Không thực hiện được');
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      // body-parser and friends: malformed or oversized requests.
      status = err.status;
      title = 'Yêu cầu không hợp lệ';
      message = status === 413 ? 'Dữ liệu gửi lên quá lớn.' : 'Dữ liệu gửi lên không hợp lệ.';
    } else {
      logger.error({ err, method: req.method, path: req.route?.path ?? 'unmatched' }, 'unhandled error');
    }
    if (res.headersSent) return;
    res.status(status);
    if (wantsJson(req.get('accept'), req.path)) {
      res.json({ error: { status, title, message } });
      return;
    }
    res.render('errors/error', { title, message, status });
  };
}
