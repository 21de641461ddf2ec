import type { RequestHandler } from 'express';
import type { Clock } from '../deps.js';
import { HttpError } from './errors.js';
import type { RateLimitRepo } from './rate-limit.repo.js';

/**
 * Sliding-window counters shared by every instance (the counts are in the database), as
 * the two-bucket weighted estimate: the hits of the current fixed bucket plus those of
 * the previous one weighted by how much of it the sliding window still covers. No burst
 * at a bucket boundary gets through, and each check is two indexed rows whatever the
 * traffic (so a site-wide ceiling costs the same as a per-address one).
 */
export interface RateLimiter {
  /** Count one hit for `key`; returns the sliding count including it. */
  hit(key: string, windowMs: number): Promise<SlidingCount>;
  /**
   * The sliding count of `key` now, without counting anything. There is no "take back":
   * a hit counted and then undone leaves its count behind when the process dies in between
   * (the old lookup guard's defect); a try that may not count is recorded in its own
   * transaction instead (src/features/public-status/lookup-guard.ts).
   */
  count(key: string, windowMs: number): Promise<SlidingCount>;
}

export interface SlidingCount {
  count: number;
  /** Milliseconds until the current bucket ends (a Retry-After hint). */
  resetMs: number;
  /** The key and bucket a hit was counted in. */
  key: string;
  bucket: number;
}

/** The weighted count: `current + previous × (share of the previous bucket still in the window)`. */
export function slidingCount(current: number, previous: number, now: number, windowMs: number): number {
  const elapsed = (now % windowMs) / windowMs;
  return current + previous * (1 - elapsed);
}

export function rateLimiter(repo: RateLimitRepo, clock: Clock): RateLimiter {
  const buckets = (windowMs: number) => {
    const now = clock.now().getTime();
    const start = now - (now % windowMs);
    return { now, start, previous: start - windowMs, resetMs: start + windowMs - now };
  };
  return {
    async hit(key, windowMs) {
      const b = buckets(windowMs);
      const current = await repo.hit(key, b.start);
      const previous = (await repo.hitsIn(key, [b.previous])).get(b.previous) ?? 0;
      // The first hit of a bucket is a good moment to drop the buckets that are over.
      if (current === 1) await repo.purgeBefore(b.previous - windowMs);
      return { count: slidingCount(current, previous, b.now, windowMs), resetMs: b.resetMs, key, bucket: b.start };
    },
    async count(key, windowMs) {
      const b = buckets(windowMs);
      const hits = await repo.hitsIn(key, [b.start, b.previous]);
      return { count: slidingCount(hits.get(b.start) ?? 0, hits.get(b.previous) ?? 0, b.now, windowMs), resetMs: b.resetMs, key, bucket: b.start };
    },
  };
}

/** The title of the page a rate limit answers with (src/web/i18n/common.ts: `form.tooManyRequests`). */
export const TOO_MANY_REQUESTS = 'Quá nhiều yêu cầu';

/**
 * Rate limit per client address on a sliding window. Only the requests it guards are
 * counted (e.g. POSTs of a form). `limiter` is `services.rateLimiter`.
 */
export function rateLimit(opts: { limiter: RateLimiter; name: string; limit: number; windowMs: number; message: string }): RequestHandler {
  const { limiter } = opts;
  return async (req, res, next) => {
    const { count, resetMs } = await limiter.hit(`${opts.name}:${req.ip ?? 'unknown'}`, opts.windowMs);
    if (count > opts.limit) {
      res.set('Retry-After', String(Math.max(1, Math.ceil(resetMs / 1000))));
      next(new HttpError(429, opts.message, TOO_MANY_REQUESTS));
      return;
    }
    next();
  };
}
