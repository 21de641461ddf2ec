/**
 * lookup_attempts: one row per wrong "dossier code + last 4 digits" try (see
 * lookup-guard.ts). Every count is read from these rows over the sliding window, inside the
 * transaction that checks the digits and records the try.
 */
import type { Knex } from 'knex';
import { dialect, toDate } from '../../db/knex.js';

export function lookupAttemptsRepo(db: Knex | Knex.Transaction) {
  return {
    transaction: <T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> => (db as Knex).transaction(fn),

    /**
     * Serialise the tries that share one of `keys` until the transaction ends (PostgreSQL:
     * transaction-level advisory locks, taken in the order given so two tries cannot wait
     * for each other). SQLite needs none: its single connection runs one transaction at a time.
     */
    async lock(keys: string[]): Promise<void> {
      if (dialect(db as Knex) !== 'postgres') return;
      for (const key of keys) await db.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`lookup-guard:${key}`]);
    },

    /** The instants of `actor`'s wrong tries since `since`, newest first, at most `limit`. */
    async wrongBy(actor: string, since: Date, limit: number): Promise<Date[]> {
      const rows = await db('lookup_attempts').where('actor', actor).where('at', '>', since).orderBy('at', 'desc').limit(limit).select('at');
      return rows.map((r) => toDate(r.at));
    },

    /** Wrong tries of `code` since `since`. */
    async wrongOn(code: string, since: Date): Promise<number> {
      const r = await db('lookup_attempts').where('code', code.slice(0, 64)).where('at', '>', since).count({ n: '*' }).first();
      return Number(r?.n ?? 0);
    },

    /** Wrong tries across the site since `since`, counted up to `cap` (the ceiling) only. */
    async wrongSince(since: Date, cap: number): Promise<number> {
      const r = await db
        .count({ n: '*' })
        .from(db('lookup_attempts').where('at', '>', since).limit(cap).select(db.raw('1 as one')).as('recent'))
        .first();
      return Number(r?.n ?? 0);
    },

    /** Record a wrong try, and drop the tries that left every window (indexed on `at`). */
    async record(code: string, actor: string, at: Date, keepSince: Date): Promise<void> {
      await db('lookup_attempts').insert({ code: code.slice(0, 64), actor: actor.slice(0, 100), at });
      await db('lookup_attempts').where('at', '<=', keepSince).delete();
    },
  };
}

export type LookupAttemptsRepo = ReturnType<typeof lookupAttemptsRepo>;
