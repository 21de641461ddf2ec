/**
 * The guard on every "dossier code + a short secret" check (the public lookup today; the
 * Zalo linking later): codes are sequential and the secret is 4 digits, so wrong tries are
 * counted per dossier code and across the site, on sliding windows shared by every
 * instance (services.rateLimiter). Once a code has used its wrong tries, every try of it
 * is refused as if wrong — the same answer as a wrong secret, so a guesser cannot tell a
 * blocked code from a wrong guess; the citizen still has the QR of the receipt and the
 * counter. The per-address limit stays in front of it (the route's middleware).
 *
 * A try is counted before the secret is checked (so parallel tries cannot all slip under
 * the limit) and taken back when it was right: only wrong tries use the allowance.
 */
import type { Config } from '../../config.js';
import type { RateLimiter } from '../../web/rate-limit.js';

export type GuardedResult<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'site_limit'; retryAfterMs: number };

const SITE_KEY = 'code-secret:site';
const codeKey = (code: string) => `code-secret:${code}`;

export function lookupGuard(limiter: RateLimiter, config: Pick<Config, 'lookupGuard'>) {
  const { perCode, site, windowMs } = config.lookupGuard;
  return {
    /**
     * Run `verify` (the secret check: a value when right, undefined when wrong) for
     * `code` under the limits. `not_found` covers both a wrong secret and a blocked code.
     */
    async attempt<T>(code: string, verify: () => Promise<T | undefined>): Promise<GuardedResult<T>> {
      const siteNow = await limiter.count(SITE_KEY, windowMs);
      if (siteNow.count >= site) return { ok: false, reason: 'site_limit', retryAfterMs: siteNow.resetMs };
      const codeHit = await limiter.hit(codeKey(code), windowMs);
      const siteHit = await limiter.hit(SITE_KEY, windowMs);
      // The secret is checked even for a blocked code: the answer takes the same time.
      const value = await verify();
      if (value === undefined || codeHit.count > perCode) return { ok: false, reason: 'not_found' };
      await limiter.undo(codeHit);
      await limiter.undo(siteHit);
      return { ok: true, value };
    },
  };
}

export type LookupGuard = ReturnType<typeof lookupGuard>;
