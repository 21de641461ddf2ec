/**
 * Query plans: capture the SQL a function sends (knex's 'query' event), run it again
 * under EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (ANALYZE, BUFFERS) (PostgreSQL) on a
 * driver connection, and find full scans of a table.
 */
import type { Knex } from 'knex';
import type { Dialect } from '../../src/db/knex.js';

export interface CapturedQuery {
  /** As sent to the driver: `?` placeholders on SQLite, `$n` on PostgreSQL. */
  sql: string;
  bindings: unknown[];
}

/** Run `fn` and return its result with every query it sent, in order. */
export async function captureQueries<T>(db: Knex, fn: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }> {
  const queries: CapturedQuery[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => queries.push({ sql: q.sql, bindings: [...(q.bindings ?? [])] });
  db.on('query', listener);
  try {
    return { result: await fn(), queries };
  } finally {
    db.off('query', listener);
  }
}

interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(conn: unknown): Promise<unknown>;
}
type SqliteConn = { all(sql: string, params: unknown[], cb: (err: Error | null, rows: Array<Record<string, unknown>>) => void): void };
type PgConn = { query(sql: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> };

/** The plan as text. On PostgreSQL the query really runs (EXPLAIN ANALYZE). */
export async function explain(db: Knex, dialect: Dialect, q: CapturedQuery): Promise<string> {
  const client = db.client as PoolClient;
  const conn = await client.acquireConnection();
  try {
    if (dialect === 'sqlite') {
      const rows = await new Promise<Array<Record<string, unknown>>>((resolve, reject) =>
        (conn as SqliteConn).all(`EXPLAIN QUERY PLAN ${q.sql}`, q.bindings, (err, r) => (err ? reject(err) : resolve(r))),
      );
      return sqliteTree(rows.map((r) => ({ id: Number(r.id), parent: Number(r.parent), detail: String(r.detail) })));
    }
    const res = await (conn as PgConn).query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.bindings);
    return res.rows.map((r) => String(r['QUERY PLAN'])).join('\n');
  } finally {
    await client.releaseConnection(conn);
  }
}

/** EXPLAIN QUERY PLAN rows as the indented tree the sqlite3 shell prints. */
function sqliteTree(rows: Array<{ id: number; parent: number; detail: string }>): string {
  const depth = new Map<number, number>([[0, -1]]);
  return rows
    .map((r) => {
      const level = (depth.get(r.parent) ?? -1) + 1;
      depth.set(r.id, level);
      return `${'  '.repeat(level)}${r.detail}`;
    })
    .join('\n');
}

/**
 * Plan lines that read a whole table: SQLite "SCAN <table|alias>" (with or without an
 * index: a full index scan still reads every row) or an open-ended walk of its primary key
 * ("SEARCH d USING INTEGER PRIMARY KEY (rowid>?)", what keyset pagination by id turns
 * into when no other index serves the query); PostgreSQL "Seq Scan on <table>", or the
 * same walk of its primary key ("Index Scan using <table>_pkey" with "Index Cond: (id > …)").
 */
export function fullScans(dialect: Dialect, plan: string, table: string, aliases: readonly string[] = []): string[] {
  const names = [table, ...aliases].map((n) => n.replace(/[^\w]/g, ''));
  const re =
    dialect === 'sqlite'
      ? new RegExp(`\\b(?:SCAN (?:TABLE )?(?:${names.join('|')})\\b|SEARCH (?:TABLE )?(?:${names.join('|')}) USING INTEGER PRIMARY KEY \\(rowid>\\?\\))`)
      : new RegExp(`\\bSeq Scan on ${table}\\b`);
  const lines = plan.split('\n').map((l) => l.trim());
  // PostgreSQL's version of the open-ended primary-key walk: an index scan of the table's
  // primary key on "id > …", filtering every row.
  const pkWalk = new RegExp(`^(?:->\\s*)?Index (?:Only )?Scan(?: Backward)? using \\w+_pkey on ${table}\\b`);
  return lines.filter((l, i) => re.test(l) || (dialect === 'postgres' && pkWalk.test(l) && /Index Cond: \(id > /.test(lines[i + 1] ?? '')));
}

/** Index names a plan uses, for the summary. */
export function indexesUsed(dialect: Dialect, plan: string): string[] {
  const re = dialect === 'sqlite' ? /USING (?:COVERING )?INDEX (\S+)/g : /(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\S+)/g;
  return [...new Set([...plan.matchAll(re)].map((m) => m[1]!))];
}
