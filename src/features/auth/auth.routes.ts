import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { paths } from '../../web/paths.js';
import { rateLimit } from '../../web/rate-limit.js';
import { clearSessionCookie, setSessionCookie, SESSION_COOKIE } from '../../web/session.js';
import type { AuthService } from './auth.service.js';

/** Only local paths may be a "next" target: no open redirect. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : paths.home;
}

export function authRoutes(deps: Deps, auth: AuthService): Router {
  const router = Router();
  const cookie = { secure: deps.config.cookieSecure };

  router.get(paths.login, (req, res) => {
    if (req.staff) {
      res.redirect(safeNext(req.query.next));
      return;
    }
    res.render('auth/login', { title: 'Đăng nhập', next: safeNext(req.query.next), username: '', error: null });
  });

  router.post(
    paths.login,
    rateLimit({
      db: deps.db,
      clock: deps.clock,
      name: 'login',
      limit: deps.config.loginRateLimit,
      windowMs: deps.config.rateLimitWindowMs,
      message: 'Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.',
    }),
    async (req, res) => {
      const username = typeof req.body.username === 'string' ? req.body.username.normalize('NFC').trim() : '';
      const password = typeof req.body.password === 'string' ? req.body.password : '';
      const next = safeNext(req.body.next);
      if (!username || !password) {
        res.status(400).render('auth/login', { title: 'Đăng nhập', next, username, error: 'Nhập tên đăng nhập và mật khẩu.' });
        return;
      }
      const result = await auth.login(username, password);
      if (!result.ok) {
        res.status(401).render('auth/login', { title: 'Đăng nhập', next, username, error: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
        return;
      }
      setSessionCookie(res, result.token, deps.config.sessionTtlMs, cookie);
      res.redirect(303, next);
    },
  );

  router.post(paths.logout, async (req, res) => {
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string') await auth.logout(token);
    clearSessionCookie(res, cookie);
    res.redirect(303, paths.login);
  });

  return router;
}
