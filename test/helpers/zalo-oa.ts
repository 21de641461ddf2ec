/**
 * A local Zalo Official Account for the tests, honouring the OA API v3 contract of
 * docs/domain.md:
 * - POST /v3.0/oa/message/cs: checks the `access_token` header against the currently valid
 *   token (-216 otherwise), the JSON body shape {recipient:{user_id}, message:{text}}
 *   (-201 otherwise); answers {"error":0,"message":"Success","data":{"message_id"}}, or a
 *   scripted error per user; a test may run something (a token refresh) as the next send
 *   arrives, before its token is checked;
 * - POST /v4/oa/access_token: form-encoded, checks `secret_key`, app_id, grant_type and the
 *   current refresh token; rotates both tokens (the old ones stop working) — a test may hold
 *   the answer back after the rotation;
 * and the webhook side: signing a body as Zalo does, an application built with the OA
 * configured, its logs captured, and a second instance over the same database.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import type { Knex } from 'knex';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createDb } from '../../src/db/knex.js';
import { fixedClock, type Deps } from '../../src/deps.js';
import { zaloMac } from '../../src/platform/messaging/zalo-oa/signature.js';
import { services, type Services } from '../../src/services.js';
import { insertDossier } from './fixtures.js';
import { createTestDb, type TestDb } from './db.js';
import { json, readBody } from './stubs.js';

export const OA = { appId: '4321098765432109876', appSecret: 'app-secret-for-oauth', oaSecretKey: 'oa-secret-key-for-webhooks', oaId: '579745863508352884' };

export interface CsSend {
  headers: IncomingHttpHeaders;
  body: any;
  /** Why the request broke the contract, or null. */
  invalid: string | null;
  /** The `error` answered (0: delivered). */
  reply: number;
}

export interface OaStub {
  csUrl: string;
  oauthUrl: string;
  /** The currently valid pair. */
  accessToken: string;
  refreshToken: string;
  sends: CsSend[];
  refreshes: Array<{ headers: IncomingHttpHeaders; form: Record<string, string>; ok: boolean }>;
  /** Delivered texts per Zalo user id. */
  delivered(userId: string): string[];
  /** Answer the next sends to this user with these `error` codes, then deliver. */
  failUser(userId: string, ...codes: number[]): void;
  /** Answer the next refreshes with an error. */
  failRefresh(times: number): void;
  /** Run `fn` when the next send arrives, before its access token is checked (a refresh racing a send in flight). */
  beforeNextSend(fn: () => Promise<void>): void;
  /** The next successful refresh rotates the tokens at once but answers only once `until` resolves. */
  holdNextRefreshAnswer(until: Promise<void>): void;
  close(): Promise<void>;
}

function checkCsBody(body: any): string | null {
  if (!body || typeof body !== 'object') return 'body is not a JSON object';
  const keys = Object.keys(body).sort().join(',');
  if (keys !== 'message,recipient') return `expected exactly recipient and message, got ${keys}`;
  if (!body.recipient || typeof body.recipient.user_id !== 'string' || body.recipient.user_id === '' || Object.keys(body.recipient).length !== 1) return 'recipient must be {user_id}';
  if (!body.message || typeof body.message.text !== 'string' || body.message.text === '' || Object.keys(body.message).length !== 1) return 'message must be {text}';
  if (Array.from(body.message.text as string).length > 2000) return 'text longer than 2000 characters';
  return null;
}

export async function startOaStub(initial: { accessToken: string; refreshToken: string }): Promise<OaStub> {
  const scripted = new Map<string, number[]>();
  let refreshFailures = 0;
  let onNextSend: (() => Promise<void>) | null = null;
  let refreshAnswerHeld: Promise<void> | null = null;
  let seq = 0;
  let rotation = 0;
  const stub = {
    accessToken: initial.accessToken,
    refreshToken: initial.refreshToken,
    sends: [] as CsSend[],
    refreshes: [] as OaStub['refreshes'],
    delivered: (userId: string) => stub.sends.filter((s) => s.reply === 0 && s.body?.recipient?.user_id === userId).map((s) => String(s.body.message.text)),
    failUser: (userId: string, ...codes: number[]) => scripted.set(userId, [...(scripted.get(userId) ?? []), ...codes]),
    failRefresh: (times: number) => {
      refreshFailures = times;
    },
    beforeNextSend: (fn: () => Promise<void>) => {
      onNextSend = fn;
    },
    holdNextRefreshAnswer: (until: Promise<void>) => {
      refreshAnswerHeld = until;
    },
  };
  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.method === 'POST' && req.url === '/v3.0/oa/message/cs') {
      let body: any = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      const hook = onNextSend;
      onNextSend = null;
      if (hook) await hook();
      const record: CsSend = { headers: req.headers, body, invalid: null, reply: 0 };
      stub.sends.push(record);
      if (req.headers.access_token !== stub.accessToken) {
        record.invalid = 'access_token missing, wrong or expired';
        record.reply = -216;
        return json(res, 200, { error: -216, message: 'Access token is invalid' });
      }
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) record.invalid = 'Content-Type must be application/json';
      record.invalid ??= checkCsBody(body);
      if (record.invalid) {
        record.reply = -201;
        return json(res, 200, { error: -201, message: `Parameters are invalid: ${record.invalid}` });
      }
      const queue = scripted.get(body.recipient.user_id);
      const code = queue?.length ? queue.shift()! : 0;
      record.reply = code;
      if (code !== 0) return json(res, 200, { error: code, message: `Stub error ${code}` });
      seq++;
      return json(res, 200, { error: 0, message: 'Success', data: { message_id: `cs-msg-${seq}`, user_id: body.recipient.user_id } });
    }
    if (req.method === 'POST' && req.url === '/v4/oa/access_token') {
      const form = Object.fromEntries(new URLSearchParams(raw));
      const okShape =
        String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') &&
        req.headers.secret_key === OA.appSecret &&
        form.app_id === OA.appId &&
        form.grant_type === 'refresh_token' &&
        form.refresh_token === stub.refreshToken;
      const ok = okShape && refreshFailures === 0;
      stub.refreshes.push({ headers: req.headers, form, ok });
      if (!ok) {
        if (okShape) refreshFailures--;
        return json(res, 200, { error: -14014, error_name: 'Invalid refresh token', error_description: 'Refresh token is invalid or expired' });
      }
      rotation++;
      stub.accessToken = `access-rotated-${rotation}`;
      stub.refreshToken = `refresh-rotated-${rotation}`;
      const held = refreshAnswerHeld;
      refreshAnswerHeld = null;
      if (held) await held;
      return json(res, 200, { access_token: stub.accessToken, refresh_token: stub.refreshToken, expires_in: '90000' });
    }
    return json(res, 404, { error: -1, message: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(stub, {
    csUrl: `http://127.0.0.1:${port}/v3.0/oa/message/cs`,
    oauthUrl: `http://127.0.0.1:${port}/v4/oa/access_token`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** The environment of an application connected to the stub. */
export function oaEnv(stub: Pick<OaStub, 'csUrl' | 'oauthUrl'>, initial: { accessToken: string; refreshToken: string }): Record<string, string> {
  return {
    ZALO_OA_APP_ID: OA.appId,
    ZALO_APP_SECRET: OA.appSecret,
    ZALO_OA_SECRET_KEY: OA.oaSecretKey,
    ZALO_OA_ACCESS_TOKEN: initial.accessToken,
    ZALO_OA_REFRESH_TOKEN: initial.refreshToken,
    ZALO_OA_API_URL: stub.csUrl,
    ZALO_OAUTH_URL: stub.oauthUrl,
  };
}

/** A webhook delivery as Zalo signs it: the raw JSON and its X-ZEvent-Signature header. */
export function signedEvent(event: Record<string, unknown>, secret = OA.oaSecretKey): { raw: string; signature: string } {
  const raw = JSON.stringify(event);
  return { raw, signature: `mac=${zaloMac(String(event.app_id), raw, String(event.timestamp), secret)}` };
}

let msgSeq = 0;
/**
 * The events' default timestamp: the tests' usual "now" (2026-12-01 10:00 in Vietnam), as
 * the webhook refuses events far from its clock (ZALO_EVENT_MAX_SKEW_HOURS); a test that
 * moves its clock passes `timestamp`.
 */
export const EVENT_TIME = Date.UTC(2026, 11, 1, 3, 0);

/** A user_send_text event (Zalo's shape), with a fresh msg_id unless given. */
export function textEvent(userId: string, text: string, opts: { msgId?: string; timestamp?: number } = {}) {
  msgSeq++;
  return {
    app_id: OA.appId,
    user_id_by_app: `app-${userId}`,
    event_name: 'user_send_text',
    timestamp: String(opts.timestamp ?? EVENT_TIME + msgSeq),
    sender: { id: userId },
    recipient: { id: OA.oaId },
    message: { text, msg_id: opts.msgId ?? `msg-${process.pid}-${msgSeq}` },
  };
}

export function followEvent(userId: string, eventName: 'follow' | 'unfollow', timestamp = EVENT_TIME + ++msgSeq) {
  return { app_id: OA.appId, oa_id: OA.oaId, user_id_by_app: `app-${userId}`, event_name: eventName, timestamp: String(timestamp), source: 'oa_profile', follower: { id: userId } };
}

export interface ZaloApp {
  app: Express;
  svc: Services;
  db: Knex;
  deps: Deps;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
  testDb: TestDb;
  /** Every log line (JSON) the application wrote. */
  logs: string[];
  cleanup(): Promise<void>;
}

function captureLogs(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: pino({ level }, stream) };
}

function instance(db: Knex, env: Record<string, string>, now: Date, testDb: TestDb, clock = fixedClock(now)): ZaloApp {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', PUBLIC_BASE_URL: 'http://motcua.test', ...env });
  const { lines, logger } = captureLogs();
  const deps: Deps = { db, config, clock, logger };
  const svc = services(deps);
  return { app: createApp(deps, svc), svc, db, deps, clock, config, testDb, logs: lines, cleanup: () => testDb.cleanup() };
}

/** The application with the OA configured (or not: `env` without the ZALO_ variables), on a fresh database. */
export async function buildZaloApp(opts: { now: Date; env: Record<string, string> }): Promise<ZaloApp> {
  const testDb = await createTestDb();
  return instance(testDb.db, opts.env, opts.now, testDb);
}

/** A second instance over the same database: its own pool, instance id, services and clock. */
export function secondInstance(first: ZaloApp, env: Record<string, string>): ZaloApp & { close(): Promise<void> } {
  const db = createDb(first.testDb.url);
  const other = instance(db, { ...env, INSTANCE_ID: 'instance-b' }, first.clock.now(), first.testDb, first.clock);
  return Object.assign(other, { close: () => db.destroy() });
}

let dossierSeq = 0;
/** A dossier with a real national code (parseable), the applicant's phone 0987654321 unless given. */
export async function zaloDossier(db: Knex, clerkId: number, f: { status?: string; phone?: string; assignedTo?: number; received?: string; due?: string } = {}): Promise<{ id: number; code: string; token: string }> {
  const id = await insertDossier(db, clerkId, { received: f.received ?? '2026-11-30', due: f.due ?? '2026-12-04', status: f.status ?? 'in_progress' });
  dossierSeq++;
  const code = `000.31.01.H26-261130-${String(dossierSeq).padStart(4, '0')}`;
  await db('dossiers')
    .where({ id })
    .update({ code, applicant_phone: f.phone ?? '0987654321', assigned_to: f.assignedTo ?? null });
  const d = await db('dossiers').where({ id }).first('public_token');
  return { id, code, token: String(d.public_token) };
}
