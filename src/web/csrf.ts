import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { appSecretSource } from './app-secret.js';
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

/** The HMAC of an anonymous token's random part under the server's secret. */
function mac(secret: string, random: string): string {
  return crypto.createHmac('sha256', secret).update(`motcua-csrf:${random}`).digest('base64url');
}

/** An anonymous visitor's cookie: `id.hmac(id)`, a random visitor id the server signed. */
export function signCsrfToken(secret: string, random: string = newCsrfToken()): string {
  return `${random}.${mac(secret, random)}`;
}

/** True when `value` is a cookie this server signed (a value an attacker chose is not). */
export function verifyCsrfToken(secret: string, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^([\w-]{32,64})\.([\w-]{43})$/.exec(value);
  return m !== null && same(m[2]!, mac(secret, m[1]!));
}

/** The visitor id inside a (verified) cookie. */
export function visitorIdOf(cookie: string): string {
  return cookie.slice(0, cookie.indexOf('.'));
}

/**
 * The token an anonymous visitor's forms carry: their cookie's visitor id, signed under
 * another label than the cookie (`id.hmac('form:' + id)`), so the form token is not the
 * cookie and a token copied from another browser's page names another visitor.
 */
export function formCsrfToken(secret: string, visitorId: string): string {
  return `${visitorId}.${crypto.createHmac('sha256', secret).update(`motcua-csrf-form:${visitorId}`).digest('base64url')}`;
}

/** What a form token sent with a POST is, for this visitor. */
export function readFormCsrfToken(secret: string, visitorId: string, sent: unknown): 'valid' | 'other_visitor' | 'invalid' {
  if (typeof sent !== 'string') return 'invalid';
  const m = /^([\w-]{32,64})\.([\w-]{43})$/.exec(sent);
  if (!m || !same(sent, formCsrfToken(secret, m[1]!))) return 'invalid';
  return m[1] === visitorId ? 'valid' : 'other_visitor';
}

export const CSRF_MESSAGES = {
  expired: 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.',
  otherVisitor: 'Biểu mẫu này được mở trên một trình duyệt hoặc phiên truy cập khác (hoặc cookie của trang đã bị xóa). Vui lòng tải lại trang trên trình duyệt này và gửi lại.',
  title: 'Biểu mẫu hết hạn',
} as const;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * CSRF protection on every POST. Signed-in staff echo their session's token. An anonymous
 * visitor gets a cookie holding a random visitor id the server signed (HMAC under
 * `secret()`), so a cookie planted by an attacker (from a sibling subdomain, say) is not
 * accepted: it is replaced by a fresh one. Their forms carry a token bound to that id
 * (formCsrfToken): a token from another visitor's page (another cookie) is refused with its
 * own message, 403. Runs after loadSession. `secret` is read once (configuration or database).
 */
export function csrfProtection(options: { secure: boolean; secret: () => Promise<string>; /** Paths whose multipart forms check the token themselves (src/web/upload.ts). */ uploadPath?: (path: string) => boolean }): RequestHandler {
  let secret: Promise<string> | null = null;
  return async (req, res, next) => {
    let key: string | null = null;
    if (!req.csrfToken) {
      secret ??= options.secret().catch((err: unknown) => {
        secret = null;
        throw err;
      });
      key = await secret;
      const existing: unknown = req.cookies?.[CSRF_COOKIE];
      let cookie: string;
      if (verifyCsrfToken(key, existing)) {
        cookie = existing;
      } else {
        cookie = signCsrfToken(key);
        res.cookie(CSRF_COOKIE, cookie, { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/' });
      }
      req.visitorId = visitorIdOf(cookie);
      req.csrfToken = formCsrfToken(key, req.visitorId);
    } else {
      req.visitorId = req.csrfToken;
    }
    res.locals.csrfToken = req.csrfToken;
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH' || req.method === 'DELETE') {
      if (options.uploadPath?.(req.path) === true && /^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
        // A form with files: its body is read as it streams (src/web/upload.ts), which checks
        // the token on the form's first field before it stores any file.
        const expected = req.csrfToken;
        const visitor = req.visitorId ?? '';
        req.verifyCsrf = (sent) => (same(sent, expected) ? 'valid' : key !== null && readFormCsrfToken(key, visitor, sent) === 'other_visitor' ? 'other_visitor' : 'invalid');
        next();
        return;
      }
      const sent: unknown = req.body?.[CSRF_FIELD];
      if (typeof sent !== 'string' || !same(sent, req.csrfToken)) {
        const other = key !== null && readFormCsrfToken(key, req.visitorId, sent) === 'other_visitor';
        next(new HttpError(403, other ? CSRF_MESSAGES.otherVisitor : CSRF_MESSAGES.expired, CSRF_MESSAGES.title));
        return;
      }
    }
    next();
  };
}

/** Where the signing key comes from (see appSecretSource). */
export const csrfSecretSource = appSecretSource;
