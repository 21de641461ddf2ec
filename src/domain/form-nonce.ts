/**
 * The public petition form's one-time nonce (issue 20): issued by the server, signed with the
 * application's secret (HMAC-SHA256), bound to the visitor it was issued to (their browser's
 * CSRF cookie id, or a signed-in session's token), and expiring. A petition row keeps the
 * nonce's random part under a unique constraint, so a nonce files at most one petition; a
 * second POST of it by the same visitor finds that petition (a double click, a reload), and
 * the same nonce sent by another visitor does not verify at all. Pure (node:crypto only).
 *
 * Layout: `<random: 24 base64url>.<expiry: unix seconds, base 36>.<mac: 43 base64url>`.
 */
import crypto from 'node:crypto';

/** How long a form page may stay open before its nonce expires. */
export const FORM_NONCE_TTL_MS = 24 * 3600_000;

export const FORM_NONCE_RE = /^[A-Za-z0-9_-]{24}\.[0-9a-z]{1,10}\.[A-Za-z0-9_-]{43}$/;

export type FormNonceCheck =
  | { ok: true; id: string; expired: boolean }
  /** Malformed, altered, issued by another server, or issued to another visitor. */
  | { ok: false };

function mac(secret: string, visitor: string, random: string, expiry: string): string {
  return crypto.createHmac('sha256', secret).update(`motcua-petition-nonce:${random}.${expiry}:${visitor}`).digest('base64url');
}

export function issueFormNonce(secret: string, visitor: string, now: Date, random: string = crypto.randomBytes(18).toString('base64url')): string {
  const expiry = Math.floor((now.getTime() + FORM_NONCE_TTL_MS) / 1000).toString(36);
  return `${random}.${expiry}.${mac(secret, visitor, random, expiry)}`;
}

export function checkFormNonce(secret: string, visitor: string, nonce: string, now: Date): FormNonceCheck {
  if (!FORM_NONCE_RE.test(nonce)) return { ok: false };
  const [random, expiry, sent] = nonce.split('.') as [string, string, string];
  const a = Buffer.from(sent);
  const b = Buffer.from(mac(secret, visitor, random, expiry));
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return { ok: false };
  return { ok: true, id: random, expired: parseInt(expiry, 36) * 1000 <= now.getTime() };
}
