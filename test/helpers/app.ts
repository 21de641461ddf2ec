/** The application on a real, fresh database with a fixed clock, plus staff fixtures. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { fixedClock, type Deps } from '../../src/deps.js';
import type { Role } from '../../src/domain/roles.js';
import { createTestDb, type TestDb } from './db.js';

export const PASSWORD = 'mat-khau-thu-nghiem';
// Cost 4 keeps fixtures fast; the application's own hashing uses its real cost.
const HASH = bcrypt.hashSync(PASSWORD, 4);

/** The test process's file store (content-addressed, so its apps can share it); removed when the process ends. */
export const TEST_STORAGE_DIR = path.join(os.tmpdir(), `motcua-test-files-${process.pid}`);
process.once('exit', () => fs.rmSync(TEST_STORAGE_DIR, { recursive: true, force: true }));

export interface TestApp {
  app: Express;
  /**
   * The app already listening on a free port of 127.0.0.1, for supertest: given the Express
   * function, supertest starts and closes a server for every request (most of the fuzz
   * suite's time went to it); given a listening server, it connects to it, and the agent's
   * keep-alive connections are reused. Unref'd, so it never keeps a test process alive;
   * closed by cleanup().
   */
  http: Server;
  db: Knex;
  deps: Deps;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
  testDb: TestDb;
  cleanup(): Promise<void>;
}

export async function buildTestApp(opts: { now: Date; env?: Record<string, string> }): Promise<TestApp> {
  const testDb = await createTestDb();
  // bcrypt at its lowest cost: the suite signs in and fails sign-ins thousands of times.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://motcua.test', PASSWORD_HASH_COST: '4', STORAGE_DIR: TEST_STORAGE_DIR, ...opts.env });
  const clock = fixedClock(opts.now);
  const deps: Deps = { db: testDb.db, config, clock, logger: pino({ level: 'silent' }) };
  const app = createApp(deps);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return {
    app,
    http: server,
    db: testDb.db,
    deps,
    clock,
    config,
    testDb,
    cleanup: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await testDb.cleanup();
    },
  };
}

export async function agencyId(db: Knex, eid: string): Promise<number> {
  const row = await db('agencies').where({ eid }).first('id');
  if (!row) throw new Error(`no agency ${eid}`);
  return row.id;
}

export async function createStaff(db: Knex, username: string, role: Role, agencyEid: string, fullName = 'Cán Bộ Thử Nghiệm'): Promise<number> {
  const [row] = await db('users')
    .insert({ username, full_name: fullName, password_hash: HASH, role, agency_id: await agencyId(db, agencyEid), active: true, created_at: new Date() })
    .returning('id');
  return typeof row === 'object' ? (row as { id: number }).id : (row as number);
}

/** Hidden CSRF token of the first form on a page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/** A supertest agent signed in as the user (cookies kept), with the session's CSRF token. */
export async function signIn(app: Express | Server, username: string): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string }> {
  const agent = request.agent(app);
  const page = await agent.get('/dang-nhap').expect(200);
  const res = await agent.post('/dang-nhap').type('form').send({ _csrf: csrfFrom(page.text), username, password: PASSWORD, next: '/ho-so' });
  if (res.status !== 303) throw new Error(`sign-in failed for ${username}: ${res.status}`);
  const after = await agent.get('/ho-so').expect(200);
  return { agent, csrf: csrfFrom(after.text) };
}

export function listen(app: Express): Promise<{ server: Server; baseUrl: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        baseUrl: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

/**
 * A complete intake form for 2.000815 (certified copy) as a clerk would fill it, with the
 * check page's "Đã kiểm tra đủ thành phần hồ sơ" ticked (confirming needs it).
 */
export function certifiedCopyForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    documents_checked: 'on',
    applicant_name: 'Nguyễn Thị Thảo',
    applicant_id_number: '075190001234',
    applicant_phone: '0987 654 321',
    applicant_email: '',
    applicant_address: '12 Phan Chu Trinh, phường Trấn Biên, tỉnh Đồng Nai',
    representative_name: '',
    result_delivery: 'counter',
    sets_count: '1',
    note: '',
    doc_1_received: 'on',
    doc_1_originals: '1',
    doc_1_certified: '0',
    doc_1_copies: '0',
    doc_2_received: 'on',
    doc_2_originals: '0',
    doc_2_certified: '0',
    doc_2_copies: '3',
    ...overrides,
  };
}

/** The dossier id a successful intake redirected to. */
export function dossierIdFromRedirect(location: string | undefined): number {
  const m = /^\/ho-so\/(\d+)\//.exec(location ?? '');
  if (!m) throw new Error(`not a dossier redirect: ${location}`);
  return Number(m[1]);
}

/** supertest parser that keeps a binary body (a PDF) as a Buffer. */
export function binaryParser(res: any, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** The text of a PDF as pdftotext reads it (layout kept), NFC. */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' }).normalize('NFC');
}
