import { Router } from 'express';
import type { Services } from '../../services.js';
import { parseObject } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { clearSessionCookie, setSessionCookie, SESSION_COOKIE } from '../../web/session.js';
import { loginSchema, nextOf } from './auth.schema.js';

const WRONG = 'Tên đăng nhập hoặc mật khẩu không đúng.';

/** "Thử lại sau 2 phút" / "sau 30 giây". */
function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `${s} giây` : `${Math.ceil(s / 60)} phút`;
}

export function authRoutes(svc: Services): Router {
  const router = Router();
  const auth = svc.auth;
  const cookie = { secure: svc.config.security.cookieSecure };

  router.get(paths.login, (req, res) => {
    const next = nextOf(req.query as Record<string, unknown>, paths.home);
    if (req.staff) {
      res.redirect(next);
      return;
    }
    res.render('auth/login', { title: 'Đăng nhập', next, username: '', error: null });
  });

  // Throttled per account, per (account, address) and per address in the service
  // (login-throttle.ts): failures only, so an office behind one address is not locked out.
  router.post(paths.login, async (req, res) => {
    const form = parseObject(loginSchema, req.body);
    const next = nextOf(req.body, paths.home);
    const username = form.values.username!.trim();
    if (!form.ok) {
      const error = form.errors.username ?? form.errors.password ?? WRONG;
      res.status(400).render('auth/login', { title: 'Đăng nhập', next, username, error });
      return;
    }
    const result = await auth.login(form.value.username, form.value.password, req.ip ?? 'unknown');
    if (!result.ok) {
      if (result.reason === 'throttled') {
        res.set('Retry-After', String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))));
        res.status(429).render('auth/login', {
          title: 'Đăng nhập',
          next,
          username,
          error: `Đã đăng nhập sai nhiều lần. Vui lòng thử lại sau ${waitText(result.retryAfterMs)}.`,
        });
        return;
      }
      res.status(401).render('auth/login', { title: 'Đăng nhập', next, username, error: WRONG });
      return;
    }
    setSessionCookie(res, result.token, svc.config.security.sessionTtlMs, cookie);
    res.redirect(303, next);
  });

  router.post(paths.logout, async (req, res) => {
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string') await auth.logout(token);
    clearSessionCookie(res, cookie);
    res.redirect(303, paths.login);
  });

  return router;
}
