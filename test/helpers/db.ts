/**
 * A fresh, migrated database for one test file: a temporary SQLite file by default, or
 * a new PostgreSQL database when DATABASE_URL points at PostgreSQL (the suite then runs
 * every test against PostgreSQL, through the same code).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDb, dialectOf } from '../../src/db/knex.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { loadReferenceData } from '../../seeds/reference.js';

export interface TestDb {
  db: Knex;
  url: string;
  dialect: 'sqlite' | 'postgres';
  cleanup(): Promise<void>;
}

export const TARGET_URL = process.env.DATABASE_URL ?? '';
export const TARGET_DIALECT = TARGET_URL && dialectOf(TARGET_URL) === 'postgres' ? 'postgres' : 'sqlite';

export async function createTestDb(opts: { reference?: boolean } = {}): Promise<TestDb> {
  const name = `motcua_t_${crypto.randomBytes(6).toString('hex')}`;
  let url: string;
  let drop: () => Promise<void>;
  if (TARGET_DIALECT === 'postgres') {
    const admin = createDb(TARGET_URL, { poolMax: 1 });
    await admin.raw(`CREATE DATABASE ${name}`);
    await admin.destroy();
    const u = new URL(TARGET_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const a = createDb(TARGET_URL, { poolMax: 1 });
      await a.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.destroy();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-test-'));
    url = `sqlite:${path.join(dir, `${name}.sqlite`)}`;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const db = createDb(url);
  await migrateToLatest(db);
  if (opts.reference !== false) await loadReferenceData(db);
  return {
    db,
    url,
    dialect: TARGET_DIALECT,
    async cleanup() {
      await db.destroy();
      await drop();
    },
  };
}
