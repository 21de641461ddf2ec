import type { Knex } from 'knex';

export function rateLimitRepo(db: Knex) {
  return {
    /** Count one hit in the window and return the window's total (atomic upsert). */
    async hit(key: string, windowStart: number): Promise<number> {
      const result = await db.raw(
        `INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
         RETURNING hits`,
        [key, windowStart],
      );
      const rows: Array<{ hits: number }> = Array.isArray(result) ? result : result.rows;
      return Number(rows[0]!.hits);
    },

    async purgeBefore(windowStart: number): Promise<number> {
      return db('rate_limits').where('window_start', '<', windowStart).delete();
    },
  };
}
