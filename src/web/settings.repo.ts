/**
 * Server-wide values generated once and kept in the database (the `settings` table), so
 * that every instance and every restart uses the same one.
 */
import type { Knex } from 'knex';

export function settingsRepo(db: Knex) {
  return {
    /** The stored value of `key`; on first use `make()` is stored (the first writer wins). */
    async getOrCreate(key: string, make: () => string, now: Date): Promise<string> {
      await db('settings').insert({ key, value: make(), created_at: now }).onConflict('key').ignore();
      const row = await db('settings').where({ key }).first('value');
      return String(row.value);
    },
  };
}
