/**
 * A fresh, migrated database for one test file: a temporary SQLite file by default, or
 * a new PostgreSQL database when DATABASE_URL points at PostgreSQL (the suite then runs
 * every test against PostgreSQL, through the same code).
 *
 * The test runner (scripts/run-tests.mjs) migrates and seeds one template database per run
 * (createTemplate, through test/helpers/template.ts) and passes it in MOTCUA_TEST_TEMPLATE:
 * each test database is then a copy of it (a file copy on SQLite, CREATE DATABASE … TEMPLATE
 * on PostgreSQL). Run without it (node --test on one file), every database is migrated anew.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDb, dialectOf, sqliteFilename } from '../../src/db/knex.js';
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

/** The template this run's databases copy: a SQLite file's path or a PostgreSQL database's name. */
const TEMPLATE = process.env.MOTCUA_TEST_TEMPLATE ?? '';

/** PostgreSQL database names made here: motcua_t_ (a test's) or motcua_tpl_ (a run's template) and hex. */
const SAFE_NAME = /^motcua_(t|tpl)_[0-9a-f]{12}$/;

function pgUrl(name: string): string {
  const u = new URL(TARGET_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Builds a migrated database holding the reference data; returns what MOTCUA_TEST_TEMPLATE takes. */
export async function createTemplate(): Promise<string> {
  const name = `motcua_tpl_${crypto.randomBytes(6).toString('hex')}`;
  let url: string;
  if (TARGET_DIALECT === 'postgres') {
    const admin = createDb(TARGET_URL, { poolMax: 1 });
    await admin.raw(`CREATE DATABASE ${name}`);
    await admin.destroy();
    url = pgUrl(name);
  } else {
    url = `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-template-')), `${name}.sqlite`)}`;
  }
  const db = createDb(url, { poolMax: 1 });
  try {
    await migrateToLatest(db);
    await loadReferenceData(db);
  } finally {
    await db.destroy(); // closing SQLite folds its write-ahead log into the file that is copied
  }
  return TARGET_DIALECT === 'postgres' ? name : sqliteFilename(url);
}

/** Removes a template made by createTemplate. */
export async function dropTemplate(template: string): Promise<void> {
  if (TARGET_DIALECT === 'postgres') {
    if (!SAFE_NAME.test(template)) throw new Error(`not a template name: ${template}`);
    const admin = createDb(TARGET_URL, { poolMax: 1 });
    await admin.raw(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.destroy();
  } else {
    fs.rmSync(path.dirname(template), { recursive: true, force: true });
  }
}

export async function createTestDb(opts: { reference?: boolean } = {}): Promise<TestDb> {
  const name = `motcua_t_${crypto.randomBytes(6).toString('hex')}`;
  const fromTemplate = TEMPLATE !== '' && opts.reference !== false;
  let url: string;
  let drop: () => Promise<void>;
  if (TARGET_DIALECT === 'postgres') {
    if (fromTemplate && !SAFE_NAME.test(TEMPLATE)) throw new Error(`MOTCUA_TEST_TEMPLATE is not a template name: ${TEMPLATE}`);
    const admin = createDb(TARGET_URL, { poolMax: 1 });
    await admin.raw(fromTemplate ? `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}` : `CREATE DATABASE ${name}`);
    await admin.destroy();
    url = pgUrl(name);
    drop = async () => {
      const a = createDb(TARGET_URL, { poolMax: 1 });
      await a.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.destroy();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-test-'));
    const file = path.join(dir, `${name}.sqlite`);
    if (fromTemplate) fs.copyFileSync(TEMPLATE, file);
    url = `sqlite:${file}`;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const db = createDb(url);
  if (!fromTemplate) {
    await migrateToLatest(db);
    if (opts.reference !== false) await loadReferenceData(db);
  }
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
