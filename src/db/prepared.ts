/**
 * Prepared statements for the hottest reads. knex sends every query as new SQL text, which
 * the database parses and plans each time; for the public status page (one statement per
 * citizen's scan) that is most of its cost on SQLite. A PreparedRead takes the SQL that a
 * knex builder compiles (once per database handle) and runs it as a statement prepared
 * once per connection: a cached node-sqlite3 Statement on SQLite, a named query on
 * PostgreSQL. Connections come from, and go back to, knex's own pool, so transactions and
 * pool limits are unaffected. Results are the driver's rows, as knex would return them.
 */
import type { Knex } from 'knex';
import { dialect } from './knex.js';

type Row = Record<string, unknown>;
type SqliteStatement = {
  all(params: unknown[], cb: (err: Error | null, rows: Row[]) => void): void;
  finalize(cb: () => void): void;
};
type SqliteConnection = {
  prepare(sql: string, cb?: (err: Error | null) => void): SqliteStatement;
  close(cb?: (err: Error | null) => void): void;
};
type PgConnection = { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }> };
interface Pool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(conn: unknown): Promise<unknown>;
}

/** Statements prepared on each SQLite connection, across every PreparedRead. */
const sqliteStatements = new WeakMap<SqliteConnection, SqliteStatement[]>();

/**
 * SQLite refuses to close a connection that has unfinalized statements (SQLITE_BUSY), and
 * knex closes connections when the pool is destroyed: the connection's close finalizes
 * the statements prepared on it first.
 */
function track(conn: SqliteConnection, stmt: SqliteStatement): void {
  let list = sqliteStatements.get(conn);
  if (!list) {
    const own: SqliteStatement[] = (list = []);
    sqliteStatements.set(conn, own);
    const close = conn.close.bind(conn);
    conn.close = (cb) => {
      let pending = own.length;
      if (pending === 0) return close(cb);
      for (const st of own.splice(0)) st.finalize(() => --pending === 0 && close(cb));
    };
  }
  list.push(stmt);
}

export interface PreparedRead {
  /** Every row for these parameters (in the order of the builder's bindings). */
  all(db: Knex, params: unknown[]): Promise<Row[]>;
}

/**
 * `build` returns the query with placeholder bindings; its SQL is compiled once per
 * database handle. `name` must be unique per statement (PostgreSQL prepares by name).
 */
export function preparedRead(name: string, build: (db: Knex) => Knex.QueryBuilder): PreparedRead {
  const sqlFor = new WeakMap<Knex, string>();
  const statements = new WeakMap<object, SqliteStatement>();
  return {
    async all(db, params) {
      let sql = sqlFor.get(db);
      if (sql === undefined) {
        sql = build(db).toSQL().toNative().sql;
        sqlFor.set(db, sql);
      }
      const pool = db.client as Pool;
      const conn = await pool.acquireConnection();
      try {
        if (dialect(db) === 'postgres') return (await (conn as PgConnection).query({ name, text: sql, values: params })).rows;
        let stmt = statements.get(conn as object);
        if (!stmt) {
          const text = sql;
          stmt = await new Promise<SqliteStatement>((resolve, reject) => {
            const s = (conn as SqliteConnection).prepare(text, (err) => (err ? reject(err) : resolve(s)));
          });
          statements.set(conn as object, stmt);
          track(conn as SqliteConnection, stmt);
        }
        const prepared = stmt;
        // all() steps to the end and resets the statement, so no read transaction stays open.
        return await new Promise<Row[]>((resolve, reject) => prepared.all(params, (err, rows) => (err ? reject(err) : resolve(rows))));
      } finally {
        await pool.releaseConnection(conn);
      }
    },
  };
}
