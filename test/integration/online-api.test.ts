/**
 * `POST /api/v1/ho-so-truc-tuyen` (issue 24 §2) against a local peer serving the documents:
 * the "submit" scope and the key's agencies; a dossier by URL and inline base64 lands in the
 * counter queue (source api, the portal's code kept), answered as the OpenAPI document says;
 * the same portal code again fetches nothing and files nothing; refusals (a redirect, a
 * 404, an HTML page, a file over the limit, a slow peer, bad base64, a bad applicant) keep no
 * file and no row; received at the counter it is channel online with its files (source api).
 * The fetcher refuses loopback and private addresses unless the test setting allows them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { OPENAPI_DOCUMENT } from '../../src/features/api/api.openapi.js';
import { fetchDocument, FETCH_MESSAGES, isPrivateAddress } from '../../src/features/online/document-fetch.js';
import { fileStore } from '../../src/platform/files/file-store.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, signIn, TEST_STORAGE_DIR, type TestApp } from '../helpers/app.js';
import { bearer, openApiValidator } from '../helpers/api.js';
import { TAM_HIEP, TRAN_BIEN } from '../helpers/two-wards.js';

const MB = 1024 * 1024;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PROCEDURE = '1.004222';

function storedFiles(): string[] {
  if (!fs.existsSync(TEST_STORAGE_DIR)) return [];
  return fs
    .readdirSync(TEST_STORAGE_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(TEST_STORAGE_DIR, path.join(e.parentPath, e.name)))
    .sort();
}

/** The portal's file server: a PDF, a photo, a redirect, an HTML page, 12 MB, a peer that never answers; it counts each path's hits. */
async function startPeer(photo: Buffer) {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const p = req.url ?? '/';
    hits.set(p, (hits.get(p) ?? 0) + 1);
    if (p === '/to-khai.pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF);
    if (p === '/cho-o.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
    if (p === '/chuyen') return res.writeHead(302, { location: '/to-khai.pdf' }).end();
    if (p === '/trang.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html><body>not a photo</body></html>');
    if (p === '/lon.pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.concat([PDF, Buffer.alloc(12 * MB, 0x20)]));
    if (p === '/cham.pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).write(PDF); // never ends
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

describe('POST /api/v1/ho-so-truc-tuyen', () => {
  let t: TestApp;
  let peer: Awaited<ReturnType<typeof startPeer>>;
  let submitKey: string;
  let readKey: string;
  let otherWardKey: string;
  let wardId: number;
  let photo: Buffer;
  const validate = openApiValidator(OPENAPI_DOCUMENT);

  before(async () => {
    const sharp = (await import('sharp')).default;
    photo = await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 90, g: 90, b: 200 } } }).jpeg().toBuffer();
    peer = await startPeer(photo);
    // The fetch timeout is what the peer that never answers waits for; it must leave room for the 12 MB
    // download to reach the store's 10 MB cut on a busy machine (at 1 s it sometimes timed out first).
    t = await buildTestApp({ now: vnInstant('2026-12-14', '09:00'), env: { ONLINE_FETCH_ALLOW_PRIVATE: 'true', ONLINE_FETCH_TIMEOUT_SECONDS: '3', SESSION_TTL_HOURS: '48' } });
    await t.db('procedures').where({ code: PROCEDURE }).update({ online_level: 'partial' });
    wardId = await agencyId(t.db, TRAN_BIEN);
    const adminId = await createStaff(t.db, 'admin', 'admin', '000.00.01.H26');
    const svc = services(t.deps);
    const actor = { id: adminId, role: 'admin', agencyId: wardId, username: 'admin', fullName: 'Quản Trị' } as never;
    submitKey = (await svc.apiKeys.create(actor, { name: 'Cổng DVC quốc gia', agencies: 'all', personalData: false, canSubmit: true })).key;
    readKey = (await svc.apiKeys.create(actor, { name: 'Báo cáo', agencies: 'all', personalData: false, canSubmit: false })).key;
    otherWardKey = (await svc.apiKeys.create(actor, { name: 'Nền tảng phường Tam Hiệp', agencies: [await agencyId(t.db, TAM_HIEP)], personalData: false, canSubmit: true })).key;
  });
  after(async () => {
    await t.cleanup();
    await peer.close();
  });

  const body = (portal: string, documents: unknown[], applicant: Record<string, string> = {}) => ({
    portal_code: portal,
    procedure_code: PROCEDURE,
    agency_code: TRAN_BIEN,
    applicant: { name: 'Võ Văn Nam', id_number: '075190005555', phone: '0903 111 222', email: 'nam.vo@example.vn', address: '9 Đồng Khởi, phường Trấn Biên', ...applicant },
    documents,
  });
  const call = (key: string, b: unknown) => request(t.http).post('/api/v1/ho-so-truc-tuyen').set(bearer(key)).send(b as object);

  test('the scope: a key without "submit", or for another agency, is refused; nothing filed', async () => {
    const docs = [{ position: 1, url: `${peer.url}/to-khai.pdf` }, { position: 2, url: `${peer.url}/cho-o.jpg` }, { position: 3, paper: true }];
    const noScope = await call(readKey, body('G22.99-261214-0001', docs)).expect(403);
    assert.equal(noScope.body.error.code, 'forbidden');
    assert.match(noScope.body.error.message, /phạm vi “submit”/);
    const elsewhere = await call(otherWardKey, body('G22.99-261214-0001', docs)).expect(403);
    assert.match(elsewhere.body.error.message, /không được nộp hồ sơ cho cơ quan tiếp nhận/);
    await request(t.http).post('/api/v1/ho-so-truc-tuyen').send(body('x', docs)).expect(401);
    assert.equal(peer.hits.size, 0, 'nothing fetched');
    assert.equal(Number((await t.db('presubmissions').count({ n: '*' }).first())!.n), 0);
  });

  test('a dossier by URL and inline base64: 201, in the counter queue with source api; the same portal code again: 200, nothing fetched or filed', async () => {
    const docs = [
      { position: 1, url: `${peer.url}/to-khai.pdf`, file_name: 'To khai CT01.pdf' },
      { position: 2, content_base64: photo.toString('base64'), file_name: 'C:\\scan\\cho-o.jpg' },
      { position: 3, paper: true },
    ];
    const res = await call(submitKey, body('G22.99-261214-0002', docs)).expect(201);
    validate.component('OnlineSubmissionReceipt', res.body);
    assert.match(res.body.registration_code, /^TT-261214-/);
    assert.equal(res.body.created, true);
    assert.match(res.body.tracking_url, /^http:\/\/motcua\.test\/nop-truc-tuyen\/theo-doi\//);
    const r = await t.db('presubmissions').where({ portal_code: 'G22.99-261214-0002' }).first();
    assert.equal(r.source, 'api');
    assert.equal(r.agency_id, wardId);
    const docRows = await t.db('presubmission_documents').where({ presubmission_id: r.id }).orderBy('position');
    assert.deepEqual(docRows.map((d) => [d.position, d.kind, d.file_name, Boolean(d.paper)]), [[1, 'pdf', 'To khai CT01.pdf', false], [2, 'jpeg', 'cho-o.jpg', false], [3, null, null, true]]);
    assert.equal(peer.hits.get('/to-khai.pdf'), 1);
    const again = await call(submitKey, body('G22.99-261214-0002', docs)).expect(200);
    validate.component('OnlineSubmissionReceipt', again.body);
    assert.deepEqual({ ...again.body, created: true }, res.body);
    assert.equal(peer.hits.get('/to-khai.pdf'), 1, 'fetched once');
    assert.equal(Number((await t.db('presubmissions').count({ n: '*' }).first())!.n), 1);
    const calls = await t.db('api_calls').where({ path: '/api/v1/ho-so-truc-tuyen' }).pluck('status');
    assert.deepEqual(calls.slice(-2), [201, 200]);

    // The counter receives it like a web one: channel online, its files source api.
    await createStaff(t.db, 'clerk', 'clerk', TRAN_BIEN);
    const clerk = await signIn(t.http, 'clerk');
    const queue = await clerk.agent.get('/truc-tuyen').expect(200);
    assert.match(queue.text, new RegExp(r.code));
    assert.match(queue.text, /Từ Cổng DVC/);
    const svc = services(t.deps);
    const staff = { id: (await t.db('users').where({ username: 'clerk' }).first('id')).id, role: 'clerk', agencyId: wardId } as never;
    const view = await svc.online.view(staff, r.id);
    assert.ok(view.ok);
    const done = await svc.online.receive(staff, r.id, view.value.registration.input, null);
    assert.ok(done.ok && done.value.created);
    const d = await t.db('dossiers').where({ id: done.value.dossierId }).first('channel');
    assert.equal(d.channel, 'online');
    assert.deepEqual(await t.db('dossier_files').where({ dossier_id: done.value.dossierId }).orderBy('id').pluck('source'), ['api', 'api']);
    const status = await call(submitKey, body('G22.99-261214-0002', docs)).expect(200);
    assert.equal(status.body.status, 'received');
  });

  test('refusals keep no file and no row: a redirect, a 404, an HTML page, 12 MB, a slow peer, bad base64, an unknown row, a bad applicant, a bad body', async () => {
    const before = storedFiles();
    const count = await t.db('presubmissions').count({ n: '*' }).first();
    const good = { position: 1, content_base64: Buffer.concat([PDF, Buffer.from('% moi\n')]).toString('base64') };
    const cases: Array<[unknown, number, RegExp]> = [
      [body('R-1', [good, { position: 2, url: `${peer.url}/chuyen` }]), 400, /mã 302/],
      [body('R-2', [good, { position: 2, url: `${peer.url}/khong-co.jpg` }]), 400, /mã 404/],
      [body('R-3', [good, { position: 2, url: `${peer.url}/trang.jpg` }]), 400, /Chỉ nhận ảnh chụp/],
      [body('R-4', [good, { position: 2, url: `${peer.url}/lon.pdf` }]), 400, /Tệp lớn hơn 10 MB/],
      [body('R-5', [good, { position: 2, url: `${peer.url}/cham.pdf` }]), 400, /gián đoạn|quá thời gian/],
      [body('R-6', [good, { position: 2, content_base64: '%%%không phải base64' }]), 400, /base64/],
      [body('R-7', [good, { position: 9, paper: true }]), 400, /vị trí 9/],
      [body('R-8', [good, { position: 2, paper: true }, { position: 3, paper: true }], { id_number: '123' }), 400, /12 chữ số/],
      [body('R-9', [good, { position: 2, url: 'file:///etc/passwd' }]), 400, /http:\/\/ hoặc https:\/\//],
      [body('R-10', [good]), 400, /Đính kèm tệp/],
      [{ ...body('R-11', [good]), extra: 1 }, 400, /không đúng cấu trúc/],
      [{ ...body('R-12', [good]), procedure_code: '2.000815' }, 404, /chưa cho phép nộp hồ sơ trực tuyến/],
    ];
    for (const [b, status, message] of cases) {
      const res = await call(submitKey, b);
      assert.equal(res.status, status, `${JSON.stringify(b).slice(0, 120)} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.match(res.body.error.message, message);
      validate.component('Error', res.body);
    }
    const malformed = await request(t.http).post('/api/v1/ho-so-truc-tuyen').set(bearer(submitKey)).set('content-type', 'application/json').send('{"portal_code": ');
    assert.equal(malformed.status, 400);
    assert.deepEqual(storedFiles(), before, 'no file kept');
    assert.deepEqual(await t.db('presubmissions').count({ n: '*' }).first(), count, 'no row');
  });

  test('the fetcher never reaches the server’s own network unless the test setting allows it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-fetch-'));
    try {
      const store = fileStore({ dir, maxFileBytes: MB, image: { maxSide: 2000, jpegQuality: 80, maxInputPixels: 50_000_000 } });
      const port = new URL(peer.url).port;
      for (const url of [`${peer.url}/to-khai.pdf`, `http://localhost:${port}/to-khai.pdf`, `http://[::1]:${port}/to-khai.pdf`, `http://0.0.0.0:${port}/to-khai.pdf`]) {
        const r = await fetchDocument(store, url, { timeoutMs: 1000, allowPrivate: false });
        assert.ok(!r.ok && r.message === FETCH_MESSAGES.privateAddress, `${url}: ${JSON.stringify(r)}`);
      }
      const allowed = await fetchDocument(store, `${peer.url}/to-khai.pdf`, { timeoutMs: 1000, allowPrivate: true });
      assert.ok(allowed.ok);
      for (const a of ['10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '224.0.0.1']) assert.equal(isPrivateAddress(a), true, a);
      for (const a of ['8.8.8.8', '203.113.131.1', '2001:4860:4860::8888']) assert.equal(isPrivateAddress(a), false, a);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
