import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Clock } from '../deps.js';
import { HttpError } from './errors.js';
import { settingsRepo } from './settings.repo.js';

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

/** An anonymous visitor's token: `random.hmac(random)` (the OWASP signed double-submit cookie). */
export function signCsrfToken(secret: string, random: string = newCsrfToken()): string {
  return `${random}.${mac(secret, random)}`;
}

/** True when `value` is a token this server signed (a value an attacker chose is not). */
export function verifyCsrfToken(secret: string, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^([\w-]{32,64})\.([\w-]{43})$/.exec(value);
  return m !== null && same(m[2]!, mac(secret, m[1]!));
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * CSRF protection on every POST. Signed-in staff echo their session's token; anonymous
 * forms (login, public lookup) use a double-submit cookie whose value the server signed
 * (HMAC under `secret()`), so a cookie planted by an attacker (from a sibling subdomain,
 * say) is not accepted: it is replaced by a fresh one, and a form echoing it fails.
 * Runs after loadSession. `secret` is read once (configuration or database) and kept.
 */
export function csrfProtection(options: { secure: boolean; secret: () => Promise<string> }): RequestHandler {
  let secret: Promise<string> | null = null;
  return async (req, res, next) => {
    if (!req.csrfToken) {
      secret ??= options.secret().catch((err: unknown) => {
        secret = null;
        throw err;
      });
      const key = await secret;
      const existing: unknown = req.cookies?.[CSRF_COOKIE];
      if (verifyCsrfToken(key, existing)) {
        req.csrfToken = existing;
      } else {
        req.csrfToken = signCsrfToken(key);
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

/**
 * Where the signing key comes from: CSRF_SECRET when configured (required in
 * production), else one generated on first use and kept in the database, so that every
 * instance and restart of an embedded installation signs alike.
 */
export function csrfSecretSource(configured: string | null, db: Parameters<typeof settingsRepo>[0], clock: Clock): () => Promise<string> {
  if (configured) return () => Promise.resolve(configured);
  return () => settingsRepo(db).getOrCreate('csrf_secret', () => crypto.randomBytes(32).toString('base64url'), clock.now());
}
