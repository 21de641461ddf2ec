/**
 * Which database columns hold a stored file's hash. Each feature that keeps files names its
 * columns in the composition root (src/files.ts); the platform's housekeeping (the `files` job)
 * reads them to find files nothing references any more. SQL lives here, over those columns only.
 */
import type { Knex } from 'knex';

export interface FileReference {
  table: string;
  /** A column holding a SHA-256 hex hash (NULL allowed). */
  column: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Every hash the referencing columns hold. */
export async function referencedHashes(db: Knex, refs: readonly FileReference[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const { table, column } of refs) {
    if (!IDENT.test(table) || !IDENT.test(column)) throw new Error(`not a plain identifier: ${table}.${column}`);
    const rows = (await db(table).distinct(column).whereNotNull(column)) as Array<Record<string, unknown>>;
    for (const r of rows) {
      const v = r[column];
      if (typeof v === 'string') out.add(v);
    }
  }
  return out;
}
