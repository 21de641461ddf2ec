/**
 * Counters of the rate limits, in the database so that every instance shares them: one
 * row per (key, fixed bucket), bucket start in epoch ms. The sliding window of
 * src/web/rate-limit.ts reads a key's current and previous buckets.
 */
import type { Knex } from 'knex';
import { bumpCounter } from '../db/counter.js';

export function rateLimitRepo(db: Knex) {
  return {
    /** Count one hit in the bucket and return the bucket's total (atomic upsert). */
    async hit(key: string, windowStart: number): Promise<number> {
      return bumpCounter(db, 'rate_limits', { key, window_start: windowStart }, 'hits');
    },

    /** The hits of a key's buckets starting at the given instants (0 for a missing bucket). */
    async hitsIn(key: string, windowStarts: number[]): Promise<Map<number, number>> {
      const rows = await db('rate_limits').where('key', key).whereIn('window_start', windowStarts).select('window_start', 'hits');
      return new Map(rows.map((r) => [Number(r.window_start), Number(r.hits)]));
    },

    async purgeBefore(windowStart: number): Promise<number> {
      return db('rate_limits').where('window_start', '<', windowStart).delete();
    },
  };
}

export type RateLimitRepo = ReturnType<typeof rateLimitRepo>;
