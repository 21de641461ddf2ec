/**
 * Multi-row INSERTs for bulk loading, on either database. Rows are arrays in column
 * order. Values are written as SQL literals, not bound parameters: binding a million
 * rows' values one by one costs more on the Node thread than the database spends
 * storing them, while literal SQL is parsed by SQLite's worker thread or by the
 * PostgreSQL server, in parallel with the generation of the next batch. Only this
 * module's own values are ever written this way (numbers, dates, booleans, and strings
 * quoted by `literal`), never user input.
 */
import type { Knex } from 'knex';
import type { Dialect } from '../../src/db/knex.js';

export type Cell = string | number | boolean | Date | null;
export type Row = Cell[];

export interface TableSpec {
  name: string;
  columns: readonly string[];
}

/** Runs SQL text on a driver connection, bypassing the query builder. */
interface Sink {
  dialect: Dialect;
  exec(sql: string): Promise<void>;
}

interface SqliteConnection {
  exec(sql: string, cb: (err: Error | null) => void): void;
}
interface PgConnection {
  query(sql: string): Promise<unknown>;
}

function sinkOn(conn: unknown, dialect: Dialect): Sink {
  if (dialect === 'sqlite') {
    const c = conn as SqliteConnection;
    return { dialect, exec: (sql) => new Promise((resolve, reject) => c.exec(sql, (err) => (err ? reject(err) : resolve()))) };
  }
  const c = conn as PgConnection;
  return {
    dialect,
    exec: async (sql) => {
      await c.query(sql);
    },
  };
}

interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(conn: unknown): Promise<unknown>;
}

/**
 * Runs `sql` (several statements) as one transaction in a single round trip on a
 * connection of knex's pool: BEGIN; sql; COMMIT. SQLite's exec and PostgreSQL's simple
 * query protocol both take several statements; on failure the transaction is rolled back.
 */
export async function execTransaction(db: Knex, dialect: Dialect, sql: string, prologue = ''): Promise<void> {
  const client = db.client as PoolClient;
  const conn = await client.acquireConnection();
  try {
    const sink = sinkOn(conn, dialect);
    try {
      await sink.exec(`BEGIN;\n${prologue}${sql};\nCOMMIT`);
    } catch (err) {
      await sink.exec('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    await client.releaseConnection(conn);
  }
}

/** A value as an SQL literal: epoch ms and 0/1 on SQLite (what the sqlite3 driver stores for Date and boolean), ISO text and TRUE/FALSE on PostgreSQL. */
export function literal(dialect: Dialect, v: Cell): string {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'number':
      if (!Number.isFinite(v)) throw new RangeError(`Not a finite number: ${v}`);
      return String(v);
    case 'boolean':
      return dialect === 'sqlite' ? (v ? '1' : '0') : v ? 'TRUE' : 'FALSE';
    case 'string':
      return quote(dialect, v);
    default:
      if (v instanceof Date) {
        const ms = v.getTime();
        if (!Number.isFinite(ms)) throw new RangeError('Invalid date');
        return dialect === 'sqlite' ? String(ms) : `'${v.toISOString()}'`;
      }
      throw new TypeError(`Unsupported value: ${String(v)}`);
  }
}

function quote(dialect: Dialect, s: string): string {
  if (s.includes('\u0000')) throw new RangeError('NUL character in a string value');
  const body = s.replace(/'/g, "''");
  // PostgreSQL: an E'' string reads backslashes the same whatever standard_conforming_strings says.
  if (dialect === 'postgres' && body.includes('\\')) return `E'${body.replace(/\\/g, '\\\\')}'`;
  return `'${body}'`;
}

/** INSERT statements for `rows`, at most `maxRows` rows each. */
export function insertStatements(dialect: Dialect, table: TableSpec, rows: readonly Row[], maxRows = 1000): string[] {
  const out: string[] = [];
  const width = table.columns.length;
  const head = `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES `;
  for (let start = 0; start < rows.length; start += maxRows) {
    const end = Math.min(rows.length, start + maxRows);
    const tuples: string[] = new Array(end - start);
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      if (row.length !== width) throw new Error(`${table.name}: row has ${row.length} values for ${width} columns`);
      let t = '(';
      for (let j = 0; j < width; j++) t += (j ? ',' : '') + literal(dialect, row[j] as Cell);
      tuples[i - start] = `${t})`;
    }
    out.push(head + tuples.join(','));
  }
  return out;
}
