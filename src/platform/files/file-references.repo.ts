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
  /** A column naming the file for people (a missing file is reported by it); the row's id otherwise. */
  nameColumn?: string;
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

/** The rows holding each of `hashes`, described for an operator: `dossier_files 12 "Giấy khai sinh.pdf"`. */
export async function rowsHolding(db: Knex, refs: readonly FileReference[], hashes: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (hashes.length === 0) return out;
  for (const { table, column, nameColumn } of refs) {
    for (const ident of [table, column, nameColumn ?? 'id']) if (!IDENT.test(ident)) throw new Error(`not a plain identifier: ${ident}`);
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = (await db(table)
        .whereIn(column, hashes.slice(i, i + 500))
        .orderBy('id')
        .select(['id', column, ...(nameColumn ? [nameColumn] : [])])) as Array<Record<string, unknown>>;
      for (const r of rows) {
        const hash = String(r[column]);
        const label = `${table} ${String(r.id)}${nameColumn ? ` "${String(r[nameColumn])}"` : ''}`;
        out.set(hash, [...(out.get(hash) ?? []), label]);
      }
    }
  }
  return out;
}
