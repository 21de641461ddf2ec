import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { seedBulk } from '../../tools/bulk/seed-bulk.js';
import { Readable } from 'node:stream';
import { createDb, insertedId } from '../../src/db/knex.js';
import { fileStore } from '../../src/platform/files/file-store.js';
import { vnInstant } from '../../src/domain/time.js';
import { verifyAuditChains } from '../../src/features/dossiers/audit.js';
import { buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, signIn, type TestApp } from '../helpers/app.js';
import { createTestDb, TARGET_DIALECT, TARGET_URL } from '../helpers/db.js';
import { nodeScript } from '../helpers/node-script.js';

/** The file store the backups copy (STORAGE_DIR of the command): empty but for the files test. */
const STORE = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-backup-store-'));
process.once('exit', () => fs.rmSync(STORE, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run db:backup -- …args` against the database of `url`, without blocking the event loop. */
function backup(url: string, ...args: string[]): Promise<Run> {
  return cli('src/cli/backup.ts', { DATABASE_URL: url }, ...args);
}

/** A command of src/cli with the file store STORE unless `env` says otherwise. */
function cli(script: string, env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeScript(script), ...args], {
      env: { ...process.env, STORAGE_DIR: STORE, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('db:backup on SQLite', { skip: TARGET_DIALECT !== 'sqlite' && 'SQLite only (PostgreSQL: see the pg_dump tests)' }, () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00') });
    // A realistic history first (events, pauses, handovers…), then live intakes on top.
    await seedBulk(t.db, { dossiers: 1500, from: '2026-01-01', to: '2026-10-31', seed: 11, agencies: 3 });
    await createStaff(t.db, 'backup.clerk', 'clerk', '000.31.01.H26');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-backup-'));
  });
  after(async () => {
    await t.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an online backup taken while intakes are committed holds a consistent snapshot with every committed row', async () => {
    const { agent, csrf } = await signIn(t.http, 'backup.clerk');
    // The app's commits stay in the -wal file (no checkpoint into the main file), as they
    // do between checkpoints: a backup that copied the main file alone would miss them.
    await t.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    await t.db.raw('PRAGMA wal_autocheckpoint = 0');
    const committed: number[] = [];
    const errors: string[] = [];
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        const res = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(), action: 'confirm', _csrf: csrf });
        if (res.status === 303) committed.push(dossierIdFromRedirect(res.headers.location));
        else errors.push(`${res.status}: ${res.text.slice(0, 200)}`);
      }
    })();
    while (committed.length < 5 && errors.length === 0) await new Promise((r) => setTimeout(r, 10));
    const before = new Set((await t.db('dossiers').select('id')).map((r) => r.id as number));
    const committedAtStart = committed.length;
    assert.ok(fs.statSync(`${t.testDb.url.slice('sqlite:'.length)}-wal`).size > 0, 'committed rows are in the WAL');

    const target = path.join(dir, 'motcua-copy.sqlite');
    const run = await backup(t.testDb.url, target);
    const committedDuring = committed.length - committedAtStart;
    stop = true;
    await writer;
    await t.db.raw('PRAGMA wal_autocheckpoint = 1000');

    assert.deepEqual(errors, [], 'the app kept committing without errors during the backup');
    assert.equal(run.status, 0, run.stderr);
    assert.ok(committedDuring > 0, 'intakes were committed while the backup ran');
    assert.match(run.stdout, /^Backed up .+ to .+motcua-copy\.sqlite: [\d.]+ MB, [\d,]+ dossiers, [\d,]+ audit events, snapshot of .+, integrity check ok, [\d.]+ s\.\nFiles: 0 stored files \(0\.0 MB\) from .+ to .+motcua-copy\.sqlite\.files, every hash checked\.\n$/);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['motcua-copy.sqlite', 'motcua-copy.sqlite.files'], 'no temporary or side files are left next to the copy (the file store beside it)');

    const copy = createDb(`sqlite:${target}`);
    try {
      const check = await copy.raw('PRAGMA integrity_check');
      assert.deepEqual(check, [{ integrity_check: 'ok' }]);

      const copyIds: number[] = (await copy('dossiers').orderBy('id').select('id')).map((r) => r.id);
      for (const id of before) assert.ok(copyIds.includes(id), `dossier ${id}, committed before the backup started, is in the copy`);
      // A snapshot: the copy holds exactly the source's dossiers up to some point, no holes.
      const last = copyIds[copyIds.length - 1]!;
      const sourceIds: number[] = (await t.db('dossiers').where('id', '<=', last).orderBy('id').select('id')).map((r) => r.id);
      assert.deepEqual(copyIds, sourceIds);
      // …and every row of theirs, child rows included.
      for (const table of ['dossier_events', 'dossier_documents', 'dossier_handovers', 'dossier_pauses']) {
        const cols = table === 'dossier_events' ? ['dossier_id', 'seq', 'hash'] : ['id', 'dossier_id'];
        const order = cols.slice(0, 2);
        const inCopy = await copy(table).orderBy(order).select(cols);
        const inSource = await t.db(table).where('dossier_id', '<=', last).orderBy(order).select(cols);
        assert.deepEqual(inCopy, inSource, `${table} rows match`);
      }
      for (const table of ['users', 'agencies', 'procedures', 'holidays', 'dossier_sequences']) {
        const n = async (db: typeof copy) => Number((await db(table).count({ n: '*' }).first())?.n);
        assert.ok((await n(copy)) > 0, `${table} copied`);
      }

      const report = await verifyAuditChains(copy);
      assert.equal(report.dossiers, copyIds.length);
      assert.deepEqual(report.broken, []);
    } finally {
      await copy.destroy();
    }
    // The operator's check of a restored database, on the copy.
    const verify = spawnSync(process.execPath, nodeScript('src/cli/verify-audit.ts'), {
      env: { ...process.env, DATABASE_URL: `sqlite:${target}`, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /All audit chains are intact/);
  });

  test('refuses to overwrite an existing file unless --force', async () => {
    const target = path.join(dir, 'nightly.sqlite');
    fs.writeFileSync(target, 'an older backup');
    const refused = await backup(t.testDb.url, target);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /nightly\.sqlite already exists; pass --force to replace it/);
    assert.equal(refused.stdout, '');
    assert.equal(fs.readFileSync(target, 'utf8'), 'an older backup');

    const forced = await backup(t.testDb.url, '--force', target);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /nightly\.sqlite \(replaced\)/);
    const copy = createDb(`sqlite:${target}`);
    try {
      assert.equal(Number((await copy('dossiers').count({ n: '*' }).first())?.n), Number((await t.db('dossiers').count({ n: '*' }).first())?.n));
    } finally {
      await copy.destroy();
    }
    const hash = sha256(target);
    assert.equal((await backup(t.testDb.url, target)).status, 1);
    assert.equal(sha256(target), hash, 'a refused backup leaves the existing file untouched');
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp-')), []);
  });

  test('the file store is copied beside the database, every hash checked; files:verify on the restored pair names a missing or damaged file', async () => {
    const store = fileStore({ dir: STORE, maxFileBytes: 1024 * 1024, image: { maxSide: 100, jpegQuality: 80, maxInputPixels: 1e6 } });
    const put = async (text: string) => {
      const r = await store.put(Readable.from([Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`)]));
      assert.ok(r.ok);
      return r.value.sha256;
    };
    const [birth, result] = [await put('giay khai sinh'), await put('ket qua')];
    const { id: dossierId } = await t.db('dossiers').orderBy('id').first('id');
    const row = async (sha256: string, name: string) =>
      insertedId((await t.db('dossier_files').insert({ dossier_id: dossierId, purpose: 'document', source: 'counter', sha256, kind: 'pdf', size: 30, name, added_at: new Date() }).returning('id'))[0]);
    const birthRow = await row(birth, 'Giấy khai sinh.pdf');
    const resultRow = await row(result, 'Kết quả.pdf');

    const target = path.join(dir, 'with-files.sqlite');
    const run = await backup(t.testDb.url, target);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /\nFiles: 2 stored files \(0\.0 MB\) from .+ to .+with-files\.sqlite\.files, every hash checked\.\n$/);
    const copied = fileStore({ dir: `${target}.files`, maxFileBytes: 1, image: { maxSide: 1, jpegQuality: 1, maxInputPixels: 1 } });
    assert.ok((await copied.verify(birth)) && (await copied.verify(result)), 'both files copied intact, in the store layout');

    // The restore rehearsal: the copy and its files check out…
    const restored = { DATABASE_URL: `sqlite:${target}`, STORAGE_DIR: `${target}.files` };
    const clean = await cli('src/cli/verify-files.ts', restored);
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^Checked 2 stored files in .+ against 2 files the database references, in \d+ ms\.\nEvery file is present and intact\.\n$/);
    // …and a lost file and a corrupted one are named by their rows.
    fs.rmSync(copied.path(birth));
    fs.writeFileSync(copied.path(result), '%PDF-1.4\n% sửa\n%%EOF\n');
    const broken = await cli('src/cli/verify-files.ts', restored);
    assert.equal(broken.status, 1);
    assert.ok(broken.stdout.includes(`DAMAGED ${result}: dossier_files ${resultRow} "Kết quả.pdf"`), broken.stdout);
    assert.ok(broken.stdout.includes(`MISSING ${birth}: dossier_files ${birthRow} "Giấy khai sinh.pdf"`), broken.stdout);
    assert.match(broken.stdout, /2 file\(s\) missing or damaged\.\n$/);

    // A backup of a store that lost a referenced file: the database is backed up, the file named, exit 3.
    fs.rmSync(store.path(result));
    const partial = await backup(t.testDb.url, path.join(dir, 'partial.sqlite'));
    assert.equal(partial.status, 3, partial.stderr);
    assert.ok(partial.stderr.includes(`MISSING ${result}: dossier_files ${resultRow} "Kết quả.pdf"`), partial.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'partial.sqlite')));
    await t.db('dossier_files').whereIn('id', [birthRow, resultRow]).delete();
  });

  test('clear errors: no target, no database, no directory', async () => {
    const usage = await backup(t.testDb.url);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /The target file is required\.[\s\S]*Usage: npm run db:backup -- \[--force\]/);

    const missing = path.join(dir, 'no-such.sqlite');
    const noDb = await backup(`sqlite:${missing}`, path.join(dir, 'x.sqlite'));
    assert.equal(noDb.status, 1);
    assert.match(noDb.stderr, /^db:backup failed: no database at .*no-such\.sqlite/);
    assert.equal(fs.existsSync(missing), false, 'a wrong DATABASE_URL does not create an empty database');

    const noDir = await backup(t.testDb.url, path.join(dir, 'missing-dir', 'x.sqlite'));
    assert.equal(noDir.status, 1);
    assert.match(noDir.stderr, /the target's directory .*missing-dir does not exist/);
    assert.equal(fs.existsSync(path.join(dir, 'x.sqlite')), false);
  });
});

describe('db:backup on PostgreSQL', { skip: TARGET_DIALECT !== 'postgres' && 'PostgreSQL only' }, () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-backup-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('does not pretend: prints the pg_dump command with the password left out, exits 2', async () => {
    const u = new URL(TARGET_URL);
    u.password = 's3cr3t-pw';
    u.search = '?sslmode=disable';
    const target = path.join(dir, 'motcua.dump');
    const run = await backup(u.toString(), target);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /pg_dump --format=custom --file=\S*motcua\.dump --dbname='postgres:\/\/[^:@/]+@[^/]+\/[^?]+\?sslmode=disable'/);
    assert.match(run.stderr, /PGPASSWORD/);
    assert.doesNotMatch(run.stderr, /s3cr3t-pw/);
    assert.equal(fs.existsSync(target), false);
  });

  test('the printed pg_dump command works', { skip: spawnSync('pg_dump', ['--version']).error ? 'pg_dump is not installed' : false }, async () => {
    const scratch = await createTestDb();
    try {
      const target = path.join(dir, 'scratch.dump');
      const run = await backup(scratch.url, target);
      assert.equal(run.status, 2);
      const command = /^ {2}(?:PGPASSWORD='…' )?(pg_dump .*)$/m.exec(run.stderr)?.[1];
      assert.ok(command, run.stderr);
      const dump = spawnSync('sh', ['-c', command], { env: { ...process.env, PGPASSWORD: decodeURIComponent(new URL(scratch.url).password) }, encoding: 'utf8' });
      assert.equal(dump.status, 0, dump.stderr);
      const list = spawnSync('pg_restore', ['--list', target], { encoding: 'utf8' });
      assert.equal(list.status, 0, list.stderr);
      assert.match(list.stdout, /TABLE DATA public dossier_events /);
      assert.match(list.stdout, /TRIGGER public dossier_events dossier_events_append_only/);
    } finally {
      await scratch.cleanup();
    }
  });
});
