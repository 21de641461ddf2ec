/** Atomic counters kept in a table: one upsert, so concurrent writers (and instances) never read the same value. */
import type { Knex } from 'knex';

/**
 * Adds one to `column` of the row of `table` whose key columns have these values (a new row
 * starts at 1) and returns the new value, in one statement (INSERT … ON CONFLICT … RETURNING,
 * on SQLite and PostgreSQL alike). The key columns must carry a unique constraint.
 */
export async function bumpCounter(db: Knex | Knex.Transaction, table: string, key: Record<string, string | number>, column: string): Promise<number> {
  const columns = Object.keys(key);
  const names = columns.map(() => '??').join(', ');
  const result = await db.raw(
    `INSERT INTO ?? (${names}, ??) VALUES (${columns.map(() => '?').join(', ')}, 1)
     ON CONFLICT (${names}) DO UPDATE SET ?? = ??.?? + 1
     RETURNING ?? AS value`,
    [table, ...columns, column, ...Object.values(key), ...columns, column, table, column, column],
  );
  const rows: Array<{ value: number | string }> = Array.isArray(result) ? result : result.rows;
  return Number(rows[0]!.value);
}
