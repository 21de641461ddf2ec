/**
 * The database to benchmark: the one of DATABASE_URL as it is (never migrated or changed
 * by the harness), or a temporary one seeded with the bulk generator and dropped after.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { seedBulk } from '../../tools/bulk/seed-bulk.js';
import { createDb, dialectOf, sqliteFilename, type Dialect } from '../../src/db/knex.js';

export interface Target {
  db: Knex;
  url: string;
  dialect: Dialect;
  temporary: boolean;
  cleanup(): Promise<void>;
}

/** Dossier rows, or 0 when the schema is not there yet. */
export async function dossierCount(db: Knex): Promise<number> {
  try {
    const row = await db('dossiers').count<{ n: number | string }[]>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  } catch {
    return 0;
  }
}

/** The URL with its password hidden, for printing and the JSON. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** False for a SQLite file that does not exist (opening it would create it). */
export function databaseExists(url: string): boolean {
  if (dialectOf(url) !== 'sqlite') return true;
  const file = sqliteFilename(url);
  return file === ':memory:' || fs.existsSync(path.resolve(file));
}

export function openCurrent(url: string): Target {
  const db = createDb(url);
  return { db, url, dialect: dialectOf(url), temporary: false, cleanup: () => db.destroy() };
}

/**
 * A new database next to the configured one (a new PostgreSQL database on the same
 * server, or a SQLite file under the system temp dir), seeded with `dossiers` dossiers.
 */
export async function openTemporary(baseUrl: string, dossiers: number, opts: { keep: boolean; log: (l: string) => void }): Promise<Target> {
  const dialect = dialectOf(baseUrl);
  const name = `motcua_bench_${crypto.randomBytes(4).toString('hex')}`;
  let url: string;
  let drop: () => Promise<void>;
  if (dialect === 'postgres') {
    const admin = createDb(baseUrl, { poolMax: 1 });
    try {
      await admin.raw(`CREATE DATABASE ${name}`);
    } finally {
      await admin.destroy();
    }
    const u = new URL(baseUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const a = createDb(baseUrl, { poolMax: 1 });
      try {
        await a.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.destroy();
      }
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-'));
    url = `sqlite:${path.join(dir, `${name}.sqlite`)}`;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const db = createDb(url);
  try {
    opts.log(`Seeding a temporary database (${redact(url)}) with ${dossiers.toLocaleString('en')} dossiers …`);
    const summary = await seedBulk(db, {
      dossiers,
      onProgress: (p) => opts.log(`  ${p.written.toLocaleString('en')} / ${p.total.toLocaleString('en')} dossiers, ${(p.elapsedMs / 1000).toFixed(0)} s`),
    });
    opts.log(`Seeded in ${(summary.elapsedMs / 1000).toFixed(1)} s.`);
  } catch (err) {
    await db.destroy();
    await drop();
    throw err;
  }
  return {
    db,
    url,
    dialect,
    temporary: true,
    async cleanup() {
      await db.destroy();
      if (opts.keep) opts.log(`Kept the temporary database: DATABASE_URL=${redact(url)}`);
      else await drop();
    },
  };
}
