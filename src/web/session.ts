import type { RequestHandler, Response } from 'express';
import type { AuthService } from '../features/auth/auth.service.js';
import { forbidden, HttpError } from './errors.js';
import { paths } from './paths.js';
import type { Role } from '../domain/roles.js';

export const SESSION_COOKIE = 'motcua_sid';

export interface CookieSettings {
  secure: boolean;
}

/**
 * The browser keeps the cookie for the session's lifetime (Max-Age, relative, so a skewed
 * client clock does not matter); the server decides validity from its own record.
 */
export function setSessionCookie(res: Response, token: string, ttlMs: number, settings: CookieSettings): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: settings.secure, maxAge: ttlMs, path: '/' });
}

export function clearSessionCookie(res: Response, settings: CookieSettings): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: settings.secure, path: '/' });
}

/** Loads the staff member behind the session cookie, if any (one query). */
export function loadSession(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string' && token.length > 0 && token.length <= 100) {
      const session = await auth.resolve(token);
      if (session) {
        req.staff = session.user;
        req.csrfToken = session.csrfToken;
      }
    }
    next();
  };
}

/** Only signed-in staff with one of the roles; others go to the login page or get a 403. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.staff) {
      if (req.method === 'GET') {
        res.redirect(`${paths.login}?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      next(new HttpError(401, 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.', 'Cần đăng nhập'));
      return;
    }
    if (!roles.includes(req.staff.role)) {
      next(forbidden());
      return;
    }
    next();
  };
}
