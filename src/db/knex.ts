/**
 * The knex instance for the configured database: embedded SQLite by default,
 * PostgreSQL when DATABASE_URL starts with postgres:// or postgresql://.
 */
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(url: string): Dialect {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('sqlite:') || url === ':memory:') return 'sqlite';
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
}

/** The file of a sqlite: URL (sqlite:<file>, sqlite:///abs/path too), or ':memory:'. */
export function sqliteFilename(url: string): string {
  const name = url === ':memory:' ? ':memory:' : url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  return name || ':memory:';
}

// PostgreSQL bigint (int8) and numeric come back as strings by default; our counters fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/**
 * The app's PostgreSQL connection: its sessions run with JIT compilation off. PostgreSQL
 * compiles any query whose estimated cost passes jit_above_cost, which every report over a
 * period does (the estimate counts its per-dossier sub-queries), and the compilation takes
 * about 2 s each time: 2.0 of the 4.4 s of the busiest agency's quarterly report at 4 M
 * dossiers. Only a province's year gains from it (23 s with, 25 s without). Options given
 * in DATABASE_URL (`?options=…`, which pg would otherwise prefer) are kept, before this one.
 */
export function pgConnection(url: string): { connectionString: string; options: string } {
  const own = '-c jit=off';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, options: own }; // pg reports the bad URL when it connects
  }
  const given = parsed.searchParams.get('options');
  if (given === null) return { connectionString: url, options: own };
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), options: `${given} ${own}` };
}

/** `keepJournal`: a SQLite file opened to read (a backup copy) keeps its journal mode instead of being switched to WAL. */
export function createDb(url: string, options: { poolMax?: number; keepJournal?: boolean } = {}): Knex {
  if (dialectOf(url) === 'postgres') {
    return knexFactory({
      client: 'pg',
      connection: pgConnection(url),
      pool: { min: 0, max: options.poolMax ?? 10 },
    });
  }
  const filename = sqliteFilename(url);
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite has a single writer, and knex then queues every query,
    // transactions included, in order. WAL lets readers of other processes go on.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { exec: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) {
        const pragmas =
          filename === ':memory:' || options.keepJournal
            ? 'PRAGMA foreign_keys = ON;'
            : 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;';
        conn.exec(pragmas, (err) => done(err, conn));
      },
    },
  });
}

export function dialect(db: Knex): Dialect {
  return db.client.config.client === 'pg' ? 'postgres' : 'sqlite';
}

/** Values read back from either driver: Date (pg), epoch ms number (sqlite3), or string. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') {
    const asNumber = Number(value);
    return Number.isFinite(asNumber) && /^\d+$/.test(value) ? new Date(asNumber) : new Date(value);
  }
  throw new TypeError(`Not a timestamp: ${String(value)}`);
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** The id of an inserted row as `.returning('id')` gives it: a row object on PostgreSQL and recent SQLite, a bare number otherwise. */
export function insertedId(row: unknown): number {
  return typeof row === 'object' && row !== null ? Number((row as { id: number }).id) : Number(row);
}
