/**
 * The integration API (/api/v1): keys created by the administrator (shown once, hashed at
 * rest, revocable), scopes (agencies; personal data never in any answer of a key without it),
 * errors in JSON (never a 5xx on bad input), the rate limit, the call log, and every real
 * answer validated against the OpenAPI document the API serves.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { vnInstant } from '../../src/domain/time.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { applicant, bearer, createKey, openApiValidator, receive, type Agent } from '../helpers/api.js';

const WARD = '000.31.01.H26';
const CENTRE = '000.00.01.H26';
const TU_PHAP = '000.00.12.H26';

describe('integration API /api/v1', () => {
  let t: TestApp;
  let admin: Agent, wardClerk: Agent, centreClerk: Agent;
  let wardId: number, tuPhapId: number;
  let wardDossier: string, tuPhapDossier: string; // codes: received at the ward; received at the centre, processed by Sở Tư pháp
  const keys: Record<'ward' | 'wardPd' | 'tuPhap' | 'all' | 'allPd', { id: number; key: string }> = {} as never;
  let check: ReturnType<typeof openApiValidator>;
  /** Every answer body a key without personal data received, to search for personal data. */
  const noPdBodies: string[] = [];

  const codeOf = async (id: number) => (await t.db('dossiers').where({ id }).first('code')).code as string;
  async function call(key: string | null, url: string, expectStatus?: number) {
    const req = request(t.http).get(url);
    if (key) req.set(bearer(key));
    const res = await req;
    if (expectStatus !== undefined) assert.equal(res.status, expectStatus, `${url}: ${res.status} ${res.text.slice(0, 300)}`);
    assert.match(String(res.headers['content-type']), /application\/json/, `${url} answers JSON`);
    if (key && [keys.ward?.key, keys.tuPhap?.key, keys.all?.key].includes(key)) noPdBodies.push(res.text);
    return res;
  }

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-12-08', '09:30'), env: { API_RATE_LIMIT_PER_MINUTE: '10000' } });
    await createStaff(t.db, 'qt', 'admin', CENTRE, 'Võ Đức Anh');
    await createStaff(t.db, 'tn.xa', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'tn.tt', 'clerk', CENTRE, 'Lê Văn Phúc');
    [admin, wardClerk, centreClerk] = await Promise.all([signIn(t.http, 'qt'), signIn(t.http, 'tn.xa'), signIn(t.http, 'tn.tt')]);
    wardId = await agencyId(t.db, WARD);
    tuPhapId = await agencyId(t.db, TU_PHAP);
    // The centre's counter receives Sở Tư pháp's criminal-record procedure too (Sở Tư pháp processes it).
    const procedure = await t.db('procedures').where({ code: '3.000333' }).first('id');
    await t.db('agency_procedures').insert({ agency_id: await agencyId(t.db, CENTRE), procedure_id: procedure.id });
    wardDossier = await codeOf(await receive(wardClerk, '2.000815', 1));
    tuPhapDossier = await codeOf(await receive(centreClerk, '3.000333', 2));
    keys.ward = await createKey(admin, { name: 'Báo cáo phường', scope: 'some', agencies: [wardId] });
    keys.wardPd = await createKey(admin, { name: 'Dịch vụ phường (có dữ liệu cá nhân)', scope: 'some', agencies: [wardId], personal_data: true });
    keys.tuPhap = await createKey(admin, { name: 'Sở Tư pháp', scope: 'some', agencies: [tuPhapId] });
    keys.all = await createKey(admin, { name: 'Hệ thống báo cáo của tỉnh', scope: 'all' });
    keys.allPd = await createKey(admin, { name: 'Nền tảng chia sẻ dữ liệu', scope: 'all', personal_data: true });
    check = openApiValidator((await request(t.http).get('/api/v1/openapi.json').expect(200)).body);
  });
  after(() => t.cleanup());

  test('a key is shown once, stored only as its prefix and SHA-256, and listed with its scope', async () => {
    const { id, key } = keys.ward;
    assert.match(key, /^mc_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/);
    const row = await t.db('api_keys').where({ id }).first();
    assert.equal(row.secret_hash, crypto.createHash('sha256').update(key).digest('hex'));
    assert.equal(key.startsWith(`mc_${row.prefix}_`), true);
    const secret = key.slice(`mc_${row.prefix}_`.length);
    for (const v of Object.values(row)) assert.equal(String(v).includes(secret), false, 'the secret is stored nowhere');
    // The page again (a reload): the key is not shown a second time.
    const again = await admin.agent.get(`/quan-tri/khoa-api/${id}`).expect(200);
    assert.equal(again.text.includes(key), false);
    assert.equal(again.text.includes('khoa-moi'), false);
    const list = await admin.agent.get('/quan-tri/khoa-api').expect(200);
    assert.match(list.text, /Báo cáo phường/);
    assert.match(list.text, /Mọi cơ quan/);
    assert.equal(list.text.includes(secret), false);
  });

  test('the key form refuses a missing name and an empty agency list, with the error summary', async () => {
    const res = await admin.agent.post('/quan-tri/khoa-api/moi').type('form').send({ _csrf: admin.csrf, name: '', scope: 'some' }).expect(400);
    assert.match(res.text, /id="loi"/);
    assert.match(res.text, /Nhập tên hệ thống dùng khóa/);
    assert.match(res.text, /Chọn ít nhất một cơ quan/);
    const bad = await admin.agent.post('/quan-tri/khoa-api/moi').type('form').send({ _csrf: admin.csrf, name: 'X', scope: 'some', agencies: ['999999'] }).expect(400);
    assert.match(bad.text, /không có trong danh sách/);
    // Only administrators.
    await wardClerk.agent.get('/quan-tri/khoa-api').expect(403);
  });

  test('no key, a wrong key or a malformed header: 401 JSON in Vietnamese', async () => {
    const forged = keys.ward.key.slice(0, -4) + 'AAAA';
    for (const [header, why] of [[null, 'none'], ['Bearer nope', 'malformed'], [`Bearer ${forged}`, 'wrong secret'], [`Basic ${keys.ward.key}`, 'other scheme']] as const) {
      const req = request(t.http).get('/api/v1/changes');
      if (header) req.set('Authorization', header);
      const res = await req.expect(401);
      assert.equal(res.body.error.code, 'unauthenticated', why);
      assert.match(res.body.error.message, /khóa API/);
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
      check('/api/v1/changes', 401, res.body);
    }
  });

  test('agency scope: a dossier is the key’s if one of its agencies received, processes or holds it; 404 alike for another’s and for none', async () => {
    const ward = await call(keys.ward.key, `/api/v1/dossiers/${wardDossier}`, 200);
    check('/api/v1/dossiers/{code}', 200, ward.body);
    assert.equal(ward.body.dossier.code, wardDossier);
    assert.equal(ward.body.dossier.receiving_agency.eid, WARD);
    assert.ok(ward.body.events.length >= 1);
    // Received at the centre, processed by Sở Tư pháp: Sở Tư pháp's key reads it, the ward's does not.
    const tp = await call(keys.tuPhap.key, `/api/v1/dossiers/${tuPhapDossier}`, 200);
    assert.equal(tp.body.dossier.processing_agency.eid, TU_PHAP);
    assert.equal(tp.body.dossier.receiving_agency.eid, CENTRE);
    const notYours = await call(keys.ward.key, `/api/v1/dossiers/${tuPhapDossier}`, 404);
    const none = await call(keys.ward.key, '/api/v1/dossiers/000.31.01.H26-261208-9999', 404);
    assert.deepEqual(notYours.body, none.body);
    check('/api/v1/dossiers/{code}', 404, notYours.body);
    await call(keys.tuPhap.key, `/api/v1/dossiers/${wardDossier}`, 404);
    // The feed: each key only its dossiers; the all-agencies key both.
    const codesIn = async (key: string) => new Set((await call(key, '/api/v1/changes?limit=500', 200)).body.items.map((i: any) => i.dossier.code));
    assert.deepEqual([...(await codesIn(keys.ward.key))], [wardDossier]);
    assert.deepEqual([...(await codesIn(keys.tuPhap.key))], [tuPhapDossier]);
    assert.deepEqual([...(await codesIn(keys.all.key))].sort(), [wardDossier, tuPhapDossier].sort());
    // A page that is not full goes on from the end of the feed, past the other agencies' events.
    const wardPage = (await call(keys.ward.key, '/api/v1/changes?limit=500', 200)).body;
    const allPage = (await call(keys.all.key, '/api/v1/changes?limit=500', 200)).body;
    assert.equal(wardPage.next, allPage.next);
    assert.notEqual(wardPage.next, wardPage.items.at(-1).cursor);
    assert.deepEqual((await call(keys.ward.key, `/api/v1/changes?after=${wardPage.next}`, 200)).body.items, []);
  });

  test('a key without personal data never receives a name, ID number, phone, address, e-mail or note; one with it does', async () => {
    const urls = ['/api/v1/changes?limit=500', `/api/v1/dossiers/${wardDossier}`, `/api/v1/dossiers/${tuPhapDossier}`, '/api/v1/procedures', '/api/v1/dossiers/khong-co', '/api/v1/changes?after=x'];
    for (const key of [keys.ward.key, keys.tuPhap.key, keys.all.key]) for (const url of urls) await call(key, url);
    const pd = await call(keys.allPd.key, '/api/v1/changes?limit=500', 200);
    check('/api/v1/changes', 200, pd.body);
    const stored = await t.db('dossiers').select('applicant_name', 'applicant_id_number', 'applicant_phone', 'applicant_email', 'applicant_address', 'representative_name', 'note');
    assert.equal(stored.length, 2);
    const secrets = new Set<string>();
    for (const row of stored) for (const v of Object.values(row)) if (typeof v === 'string' && v.length >= 4) secrets.add(v);
    for (const i of [1, 2]) for (const v of Object.values(applicant(i))) secrets.add(v);
    const notes = await t.db('dossier_events').whereNotNull('note').select('note');
    for (const n of notes) if (String(n.note).length >= 6) secrets.add(String(n.note));
    assert.ok(secrets.size >= 14, `personal strings collected: ${secrets.size}`);
    assert.ok(noPdBodies.length >= 18);
    for (const body of noPdBodies) for (const s of secrets) assert.equal(body.normalize('NFC').includes(s), false, `"${s}" in an answer to a key without personal data`);
    // The same dossier to the key with personal data: the applicant is there (the check above is not vacuous).
    const withPd = await call(keys.wardPd.key, `/api/v1/dossiers/${wardDossier}`, 200);
    check('/api/v1/dossiers/{code}', 200, withPd.body);
    assert.equal(withPd.body.dossier.applicant.name, applicant(1).applicant_name);
    assert.equal(withPd.body.dossier.note, applicant(1).note);
    assert.ok(pd.text.includes(applicant(2).applicant_name));
    assert.equal('applicant' in (await call(keys.ward.key, `/api/v1/dossiers/${wardDossier}`, 200)).body.dossier, false);
  });

  test('the catalogue: every active procedure with its fee, documents and agencies, as the document says', async () => {
    const res = await call(keys.ward.key, '/api/v1/procedures', 200);
    check('/api/v1/procedures', 200, res.body);
    const active = await t.db('procedures').where({ active: true }).count({ n: '*' }).first();
    assert.equal(res.body.items.length, Number(active?.n));
    const p = res.body.items.find((x: any) => x.code === '3.000333');
    assert.equal(p.fee.amount_vnd, 200000);
    assert.equal(p.lead_agency.eid, TU_PHAP);
    assert.ok(p.documents.length >= 3);
    assert.ok(p.agencies.length >= 1);
  });

  test('bad input (cursors, limits, codes, paths) answers 4xx JSON with a Vietnamese message, never a 5xx', async () => {
    const long = 'p'.padEnd(5000, '9');
    const cursors = ['abc', 'p', 'p-1', 'p01', 'p1.5', 'p99999999999999999999', long, '%00', 'p1%00', '%E0%A4%A', 'p%D9%A1', 'null', '[]', 'p1&after=p2'];
    for (const c of cursors) {
      const res = await call(keys.all.key, `/api/v1/changes?after=${c}`);
      if (c === 'p1&after=p2') assert.equal(res.status, 400, 'a repeated cursor');
      else assert.equal(res.status, 400, `cursor ${c.slice(0, 40)}: ${res.status} ${res.text.slice(0, 200)}`);
      if (res.status === 400) {
        assert.equal(res.body.error.code, 'invalid_cursor');
        check('/api/v1/changes', 400, res.body);
      }
    }
    for (const l of ['0', '-1', '501', '1.5', 'abc', '1e3', '', '99999', '%00', '1&limit=2']) {
      const res = await call(keys.all.key, `/api/v1/changes?limit=${l}`, 400);
      assert.equal(res.body.error.code, 'invalid_limit', `limit ${l}`);
      assert.match(res.body.error.message, /số nguyên từ 1 đến 500/);
    }
    await call(keys.all.key, '/api/v1/changes?limit=500', 200);
    await call(keys.all.key, '/api/v1/changes?after=p0&limit=1', 200);
    for (const code of ['%ZZ', 'a'.repeat(61), '%3Cscript%3E', '..%2F..%2Fetc', '%00', '%C3%84%C3%96', '%20', 'x%0Ay']) {
      const res = await call(keys.all.key, `/api/v1/dossiers/${code}`);
      assert.ok(res.status === 400 || res.status === 404, `code ${code}: ${res.status}`);
      assert.ok(res.body.error.code && res.body.error.message, `code ${code}: ${res.text}`);
      check('/api/v1/dossiers/{code}', res.status, res.body);
    }
    for (const url of ['/api/v1/nothing', '/api/v1/dossiers', '/api/v1/changes/more', '/api/v1/']) {
      const res = await call(keys.all.key, url, 404);
      assert.equal(res.body.error.code, 'not_found');
    }
    const posted = await request(t.http).post('/api/v1/changes').set(bearer(keys.all.key)).send({ x: 1 });
    assert.equal(posted.status, 404);
    assert.equal(posted.body.error.code, 'not_found');
  });

  test('revocation: a revoked key is refused at once, the call logged; the admin page shows it revoked', async () => {
    const k = await createKey(admin, { name: 'Sắp thu hồi', scope: 'all' });
    await call(k.key, '/api/v1/changes', 200);
    const page = await admin.agent.get(`/quan-tri/khoa-api/${k.id}`).expect(200);
    assert.match(page.text, /Thu hồi khóa/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const revoked = await admin.agent.post(`/quan-tri/khoa-api/${k.id}/thu-hoi`).type('form').send({ _csrf: csrf }).expect(303);
    assert.equal(revoked.headers.location, '/quan-tri/khoa-api?ok=thu-hoi');
    const res = await call(k.key, '/api/v1/changes', 401);
    assert.equal(res.body.error.code, 'revoked');
    assert.match(res.body.error.message, /đã bị thu hồi/);
    const calls = await t.db('api_calls').where({ key_id: k.id }).orderBy('id').select('status');
    assert.deepEqual(calls.map((c) => Number(c.status)), [200, 401]);
    const list = await admin.agent.get('/quan-tri/khoa-api?ok=thu-hoi').expect(200);
    assert.match(list.text, /Đã thu hồi khóa API/);
    assert.match(list.text, /Đã thu hồi/);
  });

  test('the rate limit per key: 429 with Retry-After and a Vietnamese JSON error; other keys go on', async () => {
    const limited = createApp({ ...t.deps, config: { ...t.config, api: { ...t.config.api, rateLimitPerMinute: 3 } } });
    const k = await createKey(admin, { name: 'Giới hạn', scope: 'all' });
    for (let i = 0; i < 3; i++) await request(limited).get('/api/v1/procedures').set(bearer(k.key)).expect(200);
    const res = await request(limited).get('/api/v1/procedures').set(bearer(k.key)).expect(429);
    assert.equal(res.body.error.code, 'rate_limited');
    assert.match(res.body.error.message, /quá nhiều yêu cầu/);
    assert.ok(Number(res.headers['retry-after']) >= 1);
    check('/api/v1/procedures', 429, res.body);
    const other = await createKey(admin, { name: 'Khóa khác', scope: 'all' });
    await request(limited).get('/api/v1/procedures').set(bearer(other.key)).expect(200);
    const statuses = (await t.db('api_calls').where({ key_id: k.id }).orderBy('id').select('status')).map((c) => Number(c.status));
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  });

  test('the call log: key, time, method, path, status, items; no personal data; the last use on the admin pages', async () => {
    const k = await createKey(admin, { name: 'Nhật ký', scope: 'all' });
    t.clock.set(vnInstant('2026-12-08', '10:45'));
    await call(k.key, '/api/v1/changes?limit=500', 200);
    await call(k.key, `/api/v1/dossiers/${wardDossier}`, 200);
    await call(k.key, '/api/v1/dossiers/khong-co', 404);
    const rows = await t.db('api_calls').where({ key_id: k.id }).orderBy('id');
    assert.deepEqual(
      rows.map((r) => [r.method, r.path, Number(r.status), Number(r.items)]),
      [
        ['GET', '/api/v1/changes?limit=500', 200, rows[0].items === undefined ? -1 : Number(rows[0].items)],
        ['GET', `/api/v1/dossiers/${wardDossier}`, 200, 1],
        ['GET', '/api/v1/dossiers/khong-co', 404, 0],
      ],
    );
    assert.ok(Number(rows[0].items) >= 2);
    for (const r of rows) assert.equal(new Date(r.at).getTime(), vnInstant('2026-12-08', '10:45').getTime());
    const everything = JSON.stringify(await t.db('api_calls').select());
    for (const v of Object.values(applicant(1))) assert.equal(everything.includes(v), false);
    const page = await admin.agent.get(`/quan-tri/khoa-api/${k.id}`).expect(200);
    assert.match(page.text, /10:45/);
    assert.match(page.text, /GET \/api\/v1\/dossiers\/khong-co/);

    // The log keeps API_CALL_LOG_DAYS (365) of calls: the 'api_log' job deletes older ones, only those.
    t.clock.set(vnInstant('2027-12-08', '10:44'));
    const svc = services(t.deps);
    const kept = await svc.jobs.run('api_log');
    assert.ok(kept.ran && 'counts' in kept, JSON.stringify(kept));
    assert.equal((await t.db('api_calls').where({ key_id: k.id })).length, 3, 'a call 365 days old less a minute is kept');
    assert.equal((await t.db('api_calls').where('at', '<', vnInstant('2026-12-08', '10:44'))).length, 0, 'older calls of every key are gone');
    t.clock.set(vnInstant('2027-12-08', '10:46'));
    const pruned = await svc.jobs.run('api_log');
    assert.ok(pruned.ran && 'counts' in pruned && pruned.counts.api_calls_deleted === 3, JSON.stringify(pruned));
    assert.equal((await t.db('api_calls').where({ key_id: k.id })).length, 0);
    t.clock.set(vnInstant('2026-12-08', '10:45'));
  });

  test('every endpoint’s real answers match the OpenAPI document (with and without personal data, errors too)', async () => {
    const doc = (await request(t.http).get('/api/v1/openapi.json').expect(200)).body;
    assert.match(doc.openapi, /^3\./);
    assert.deepEqual(doc.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer', description: doc.components.securitySchemes.bearer.description });
    // POST /api/v1/ho-so-truc-tuyen's answers are checked against the document in test/integration/online-api.test.ts.
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/api/v1/changes', '/api/v1/dossiers/{code}', '/api/v1/ho-so-truc-tuyen', '/api/v1/openapi.json', '/api/v1/procedures']);
    for (const key of [keys.ward.key, keys.wardPd.key, keys.all.key, keys.allPd.key]) {
      const variant = key === keys.wardPd.key || key === keys.allPd.key ? 'WithPersonalData' : '';
      const page = (await call(key, '/api/v1/changes?limit=2', 200)).body;
      check('/api/v1/changes', 200, page);
      check.component(`ChangesPage${variant}`, page);
      assert.ok(page.items.length >= 1);
      check.component(`DossierDetail${variant}`, (await call(key, `/api/v1/dossiers/${wardDossier}`, 200)).body);
      check('/api/v1/changes', 200, (await call(key, '/api/v1/changes?after=p999999', 200)).body);
      check('/api/v1/dossiers/{code}', 200, (await call(key, `/api/v1/dossiers/${wardDossier}`, 200)).body);
      check('/api/v1/dossiers/{code}', 400, (await call(key, `/api/v1/dossiers/${'x'.repeat(70)}`, 400)).body);
      check('/api/v1/procedures', 200, (await call(key, '/api/v1/procedures', 200)).body);
    }
    // The two variants are told apart: an answer with personal data is no answer without it, and no field is left undeclared.
    const pd = (await call(keys.wardPd.key, `/api/v1/dossiers/${wardDossier}`, 200)).body;
    assert.throws(() => check.component('DossierDetail', pd));
    assert.throws(() => check('/api/v1/dossiers/{code}', 200, { ...pd, dossier: { ...pd.dossier, extra: 1 } }));
    const plain = (await call(keys.ward.key, `/api/v1/dossiers/${wardDossier}`, 200)).body;
    assert.throws(() => check.component('DossierDetailWithPersonalData', plain));
  });
});
