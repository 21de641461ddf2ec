import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.js';

export const CSRF_COOKIE = 'motcua_csrf';
export const CSRF_FIELD = '_csrf';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * CSRF protection on every POST. Signed-in staff echo their session's token; anonymous
 * forms (login, public lookup) use a double-submit cookie. Runs after loadSession.
 */
export function csrfProtection(options: { secure: boolean }): RequestHandler {
  return (req, res, next) => {
    if (!req.csrfToken) {
      const existing: unknown = req.cookies?.[CSRF_COOKIE];
      if (typeof existing === 'string' && /^[\w-]{32,64}$/.test(existing)) {
        req.csrfToken = existing;
      } else {
        req.csrfToken = crypto.randomBytes(24).toString('base64url');
        res.cookie(CSRF_COOKIE, req.csrfToken, { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/' });
      }
    }
    res.locals.csrfToken = req.csrfToken;
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH' || req.method === 'DELETE') {
      const sent: unknown = req.body?.[CSRF_FIELD];
      if (typeof sent !== 'string' || !same(sent, req.csrfToken)) {
        next(new HttpError(403, 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.', 'Biểu mẫu hết hạn'));
        return;
      }
    }
    next();
  };
}
