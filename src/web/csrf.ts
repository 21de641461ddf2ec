import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.js';

export const CSRF_COOKIE = 'motcua_csrf';
export const CSRF_FIELD = '_csrf';

/**
 * 24 random bytes per anonymous visitor's token, cut from a pool filled 256 tokens at a
 * time: one call into the CSPRNG per 256 first visits instead of one per page view (the
 * public status page issues a token to every phone that scans a receipt).
 */
const TOKEN_BYTES = 24;
const pool = Buffer.alloc(TOKEN_BYTES * 256);
let poolOffset = pool.length;

export function newCsrfToken(): string {
  if (poolOffset >= pool.length) {
    crypto.randomFillSync(pool);
    poolOffset = 0;
  }
  const token = pool.toString('base64url', poolOffset, poolOffset + TOKEN_BYTES);
  poolOffset += TOKEN_BYTES;
  return token;
}

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
        req.csrfToken = newCsrfToken();
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
