import type { RequestHandler } from 'express';
import type { Clock } from '../deps.js';
import type { Knex } from 'knex';
import { rateLimitRepo } from '../features/rate-limit/rate-limit.repo.js';
import { HttpError } from './errors.js';

/**
 * Fixed-window rate limit per client IP, counted in the database so that every
 * instance shares it. Only the requests it guards are counted (e.g. POSTs of a form).
 */
export function rateLimit(opts: { db: Knex; clock: Clock; name: string; limit: number; windowMs: number; message: string }): RequestHandler {
  const repo = rateLimitRepo(opts.db);
  return async (req, res, next) => {
    const now = opts.clock.now().getTime();
    const windowStart = now - (now % opts.windowMs);
    const hits = await repo.hit(`${opts.name}:${req.ip ?? 'unknown'}`, windowStart);
    if (hits > opts.limit) {
      res.set('Retry-After', String(Math.ceil((windowStart + opts.windowMs - now) / 1000)));
      next(new HttpError(429, opts.message, 'Quá nhiều yêu cầu'));
      return;
    }
    // The first hit of a window is a good moment to drop the windows that are over.
    if (hits === 1) await repo.purgeBefore(windowStart - opts.windowMs);
    next();
  };
}
