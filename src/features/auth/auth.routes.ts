import { Router } from 'express';
import type { Services } from '../../services.js';
import { parseObject } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { refusalStatus } from '../../web/refusal.js';
import { AUTH_MESSAGES } from './auth.service.js';
import { clearSessionCookie, setSessionCookie, SESSION_COOKIE } from '../../web/session.js';
import { loginSchema, nextOf } from './auth.schema.js';


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
      const error = form.errors.username ?? form.errors.password ?? AUTH_MESSAGES.wrong;
      res.status(400).render('auth/login', { title: 'Đăng nhập', next, username, error });
      return;
    }
    const result = await auth.login(form.value.username, form.value.password, req.ip ?? 'unknown');
    if (!result.ok) {
      // A wrong name or password (401), or too many failures (429 with Retry-After).
      refusalStatus(res, result).render('auth/login', { title: 'Đăng nhập', next, username, error: result.message });
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
