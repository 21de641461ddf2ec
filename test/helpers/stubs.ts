/**
 * Real protocol peers on localhost for the notification channels: a Zalo ZNS API, an SMS
 * gateway (our own JSON contract) and an SMTP server. Each checks what it receives the
 * way the real one would, records it, and can be told to fail.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

function listenHttp(handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

function closeHttp(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 0987654321 → 84987654321, as the stubs key their scripts. */
export function intl(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return d.startsWith('0') ? `84${d.slice(1)}` : d;
}

// ---------------------------------------------------------------- Zalo ZNS

/** A ZNS `error` code to answer, or an HTTP 500. */
export type ZnsReply = number | 'http500';

export interface ZnsRequest {
  headers: IncomingHttpHeaders;
  body: any;
  /** Why the request broke the contract, or null. */
  invalid: string | null;
  reply: ZnsReply;
}

export interface ZnsStub {
  url: string;
  token: string;
  requests: ZnsRequest[];
  /** tracking_id → number of successful sends. */
  deliveries: Map<string, number>;
  /** Answer the next calls for this phone with these replies, in order, then succeed. */
  failPhone(phone: string, ...replies: ZnsReply[]): void;
  /** Answer the next calls, whatever the phone, with these replies. */
  failNext(...replies: ZnsReply[]): void;
  delayMs: number;
  reset(): void;
  close(): Promise<void>;
}

function checkZnsBody(body: any): string | null {
  if (!body || typeof body !== 'object') return 'body is not a JSON object';
  if (typeof body.phone !== 'string' || !/^84[1-9]\d{8,9}$/.test(body.phone)) return `phone must be 84xxxxxxxxx, got ${JSON.stringify(body.phone)}`;
  if (typeof body.template_id !== 'string' || body.template_id === '') return 'template_id must be a non-empty string';
  if (!body.template_data || typeof body.template_data !== 'object' || Array.isArray(body.template_data)) return 'template_data must be an object';
  for (const [k, v] of Object.entries(body.template_data)) if (typeof v !== 'string') return `template_data.${k} must be a string`;
  if (typeof body.tracking_id !== 'string' || body.tracking_id === '') return 'tracking_id must be a non-empty string';
  const extra = Object.keys(body).filter((k) => !['phone', 'template_id', 'template_data', 'tracking_id'].includes(k));
  if (extra.length) return `unexpected fields ${extra.join(', ')}`;
  return null;
}

export async function startZnsStub(opts: { token: string; delayMs?: number }): Promise<ZnsStub> {
  const byPhone = new Map<string, ZnsReply[]>();
  const next: ZnsReply[] = [];
  let msgSeq = 0;
  const stub: Omit<ZnsStub, 'url' | 'close'> = {
    token: opts.token,
    requests: [],
    deliveries: new Map(),
    delayMs: opts.delayMs ?? 0,
    failPhone: (phone, ...replies) => byPhone.set(intl(phone), [...(byPhone.get(intl(phone)) ?? []), ...replies]),
    failNext: (...replies) => next.push(...replies),
    reset() {
      byPhone.clear();
      next.length = 0;
      stub.requests.length = 0;
      stub.deliveries.clear();
      stub.delayMs = opts.delayMs ?? 0;
    },
  };
  const { server, port } = await listenHttp(async (req, res) => {
    const raw = await readBody(req);
    if (stub.delayMs) await sleep(stub.delayMs);
    if (req.method !== 'POST' || req.url !== '/message/template') {
      json(res, 404, { error: -1, message: 'Not found' });
      return;
    }
    let body: any = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = null;
    }
    const record: ZnsRequest = { headers: req.headers, body, invalid: null, reply: 0 };
    stub.requests.push(record);
    if (req.headers.access_token !== opts.token) {
      record.invalid = 'access_token header missing or wrong';
      record.reply = -124;
      json(res, 200, { error: -124, message: 'Access token is invalid' });
      return;
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) record.invalid = 'Content-Type must be application/json';
    record.invalid ??= checkZnsBody(body);
    if (record.invalid) {
      record.reply = -100;
      json(res, 200, { error: -100, message: `Invalid parameter: ${record.invalid}` });
      return;
    }
    const queue = byPhone.get(body.phone);
    const reply: ZnsReply = queue?.length ? queue.shift()! : next.length ? next.shift()! : 0;
    record.reply = reply;
    if (reply === 'http500') {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal Server Error');
      return;
    }
    if (reply !== 0) {
      json(res, 200, { error: reply, message: `Stub error ${reply}` });
      return;
    }
    stub.deliveries.set(body.tracking_id, (stub.deliveries.get(body.tracking_id) ?? 0) + 1);
    msgSeq++;
    json(res, 200, {
      error: 0,
      message: 'Success',
      data: { msg_id: `zns-msg-${msgSeq}`, sent_time: String(Date.now()), quota: { dailyQuota: '500', remainingQuota: String(500 - msgSeq) } },
    });
  });
  return Object.assign(stub, { url: `http://127.0.0.1:${port}/message/template`, close: () => closeHttp(server) });
}

// ---------------------------------------------------------------- SMS gateway

export interface SmsRequest {
  headers: IncomingHttpHeaders;
  body: any;
  status: number;
}

export interface SmsStub {
  url: string;
  token: string;
  requests: SmsRequest[];
  /** reference → number of accepted sends. */
  deliveries: Map<string, number>;
  /** Answer the next sends to this number with these HTTP statuses, then accept. */
  failTo(phone: string, ...statuses: number[]): void;
  delayMs: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startSmsStub(opts: { token: string; delayMs?: number }): Promise<SmsStub> {
  const byTo = new Map<string, number[]>();
  let seq = 0;
  const stub: Omit<SmsStub, 'url' | 'close'> = {
    token: opts.token,
    requests: [],
    deliveries: new Map(),
    delayMs: opts.delayMs ?? 0,
    failTo: (phone, ...statuses) => byTo.set(intl(phone), [...(byTo.get(intl(phone)) ?? []), ...statuses]),
    reset() {
      byTo.clear();
      stub.requests.length = 0;
      stub.deliveries.clear();
      stub.delayMs = opts.delayMs ?? 0;
    },
  };
  const { server, port } = await listenHttp(async (req, res) => {
    const raw = await readBody(req);
    if (stub.delayMs) await sleep(stub.delayMs);
    let body: any = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = null;
    }
    const record: SmsRequest = { headers: req.headers, body, status: 0 };
    stub.requests.push(record);
    const answer = (status: number, payload: unknown) => {
      record.status = status;
      json(res, status, payload);
    };
    if (req.method !== 'POST') return answer(405, { status: 'rejected', error: 'method' });
    if (req.headers.authorization !== `Bearer ${opts.token}`) return answer(401, { status: 'rejected', error: 'unauthorized' });
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return answer(415, { status: 'rejected', error: 'content type' });
    if (!body || typeof body.to !== 'string' || !/^84\d{9,10}$/.test(body.to)) return answer(400, { status: 'rejected', error: 'invalid to' });
    if (typeof body.brandname !== 'string' || !body.brandname) return answer(400, { status: 'rejected', error: 'invalid brandname' });
    if (typeof body.text !== 'string' || !body.text) return answer(400, { status: 'rejected', error: 'invalid text' });
    if (typeof body.reference !== 'string' || !body.reference) return answer(400, { status: 'rejected', error: 'invalid reference' });
    const queue = byTo.get(body.to);
    const status = queue?.length ? queue.shift()! : 200;
    if (status !== 200) return answer(status, { status: 'rejected', error: `stub status ${status}` });
    stub.deliveries.set(body.reference, (stub.deliveries.get(body.reference) ?? 0) + 1);
    seq++;
    return answer(200, { status: 'accepted', id: `sms-${seq}` });
  });
  return Object.assign(stub, { url: `http://127.0.0.1:${port}/sms`, close: () => closeHttp(server) });
}

// ---------------------------------------------------------------- SMTP

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** Header names in lower case, values unfolded and still encoded. */
  headers: Record<string, string>;
  /** Decoded (RFC 2047) subject. */
  subject: string;
  /** Decoded text body, line ends as \n. */
  text: string;
}

export interface SmtpStub {
  url: string;
  messages: ReceivedMail[];
  /** Recipients answered 550 (mailbox unavailable). */
  reject: Set<string>;
  /** Recipients answered 451 (try again later). */
  tempReject: Set<string>;
  reset(): void;
  close(): Promise<void>;
}

function decodeBytes(bytes: number[] | Buffer, charset: string): string {
  return new TextDecoder(charset.toLowerCase() || 'utf-8').decode(Uint8Array.from(bytes));
}

function qpBytes(s: string, underscoreIsSpace: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '_' && underscoreIsSpace) out.push(0x20);
    else out.push(...Buffer.from(c, 'utf8'));
  }
  return out;
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=), adjacent ones joined. */
export function decodeHeader(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? decodeBytes(Buffer.from(text, 'base64'), charset) : decodeBytes(qpBytes(text, true), charset),
    );
}

export function parseMail(raw: string): { headers: Record<string, string>; subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const charset = /charset="?([^";\s]+)"?/i.exec(headers['content-type'] ?? '')?.[1] ?? 'utf-8';
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let text: string;
  if (cte === 'quoted-printable') text = decodeBytes(qpBytes(body.replace(/=\r\n/g, ''), false), charset);
  else if (cte === 'base64') text = decodeBytes(Buffer.from(body.replace(/\s+/g, ''), 'base64'), charset);
  else text = body;
  return { headers, subject: decodeHeader(headers.subject ?? ''), text: text.replace(/\r\n/g, '\n') };
}

export async function startSmtpStub(): Promise<SmtpStub> {
  const messages: ReceivedMail[] = [];
  const reject = new Set<string>();
  const tempReject = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (reject.has(to)) {
        const err = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: mailbox unavailable`), { responseCode: 550 });
        return callback(err);
      }
      if (tempReject.has(to)) {
        const err = Object.assign(new Error('4.7.1 Greylisted, please try again later'), { responseCode: 451 });
        return callback(err);
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, ...parseMail(raw) });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    reject,
    tempReject,
    reset() {
      messages.length = 0;
      reject.clear();
      tempReject.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
