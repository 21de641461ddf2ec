import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { STATUS_PUBLIC_NOTES } from '../../src/domain/status.js';
import { vnInstant } from '../../src/domain/time.js';
import { buildTestApp, certifiedCopyForm, createStaff, csrfFrom, signIn, type TestApp } from '../helpers/app.js';

const APPLICANT = {
  applicant_name: 'Nguyễn Thị Thảo',
  applicant_id_number: '075190001234',
  applicant_phone: '0987654321',
  applicant_email: 'thao.nguyen@example.vn',
  applicant_address: '12 Phan Chu Trinh, phường Trấn Biên',
};

describe('public status page', () => {
  let t: TestApp;
  let token: string;
  let code: string;

  before(async () => {
    // Monday 23/11/2026 09:00; 1.001612 takes 3 working days → Thursday 26/11 09:00.
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00'), env: { LOOKUP_RATE_LIMIT: '5' } });
    await createStaff(t.db, 'clerk', 'clerk', '000.31.01.H26');
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const form = { ...certifiedCopyForm(APPLICANT), doc_3_received: 'on', doc_4_received: 'on' };
    await agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: csrf }).expect(303);
    const d = await t.db('dossiers').first('public_token', 'code');
    token = d.public_token;
    code = d.code;
  });
  after(() => t.cleanup());

  test('shows where the dossier is and when it is due, and nothing personal', async () => {
    t.clock.set(vnInstant('2026-11-24', '10:00'));
    const res = await request(t.http).get(`/s/${token}`).expect(200);
    assert.match(res.text, new RegExp(code.replace(/\./g, '\\.')));
    assert.match(res.text, /Đăng ký thành lập hộ kinh doanh/);
    assert.match(res.text, /Trung tâm Phục vụ hành chính công phường Trấn Biên/);
    assert.match(res.text, /Đã tiếp nhận/);
    assert.match(res.text, /09:00, Thứ Năm 26\/11\/2026/);
    // Counted by date: Tuesday → Thursday's appointment leaves Wednesday and Thursday.
    assert.match(res.text, /<strong>Còn 2 ngày làm việc<\/strong> đến hạn trả kết quả/);
    assert.match(res.text, /N\*\*\* T\*\*\* T\*\*\*/);
    assert.match(res.text, /Tiếp nhận hồ sơ tại Bộ phận Một cửa/);
    for (const secret of [APPLICANT.applicant_name, 'Thảo', APPLICANT.applicant_id_number, APPLICANT.applicant_phone, '654321', APPLICANT.applicant_email, 'Phan Chu Trinh']) {
      assert.ok(!res.text.includes(secret), `the public page leaks "${secret}"`);
    }
    assert.match(res.text, /<meta name="robots" content="noindex, nofollow">/);
    assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow');
    assert.match(res.headers['cache-control'] ?? '', /private/);
  });

  test('"Thông báo đã gửi cho bạn" lists only messages actually sent, not those still waiting in the outbox', async () => {
    const d = await t.db('dossiers').where({ public_token: token }).first('id');
    const waiting = await t.db('outbox_messages').where({ dossier_id: d.id }).whereNot({ status: 'delivered' });
    assert.ok(waiting.length > 0, 'the intake queued its messages, none sent yet');
    const res = await request(t.http).get(`/s/${token}`).expect(200);
    assert.doesNotMatch(res.text, /Thông báo đã gửi cho bạn/);
    assert.doesNotMatch(res.text, /Đã tạo/);
  });

  test('counts overdue working days once the appointment has passed', async () => {
    t.clock.set(vnInstant('2026-11-30', '10:00')); // Monday after a Thursday 09:00 appointment: Friday and Monday are late
    const res = await request(t.http).get(`/s/${token}`).expect(200);
    assert.match(res.text, /<strong>Quá hạn 2 ngày làm việc<\/strong>/);
    // No apology yet: the citizen is told one will come.
    assert.match(res.text, /gửi phiếu xin lỗi, hẹn lại ngày trả kết quả/);
  });

  test('answers Open311-style JSON by Accept header or .json suffix, without personal data', async () => {
    t.clock.set(vnInstant('2026-11-24', '10:00'));
    for (const res of [await request(t.http).get(`/s/${token}`).set('Accept', 'application/json'), await request(t.http).get(`/s/${token}.json`)]) {
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'] ?? '', /application\/json/);
      assert.deepEqual(res.body, [
        {
          service_request_id: code,
          status: 'open',
          status_notes: `Đã tiếp nhận. ${STATUS_PUBLIC_NOTES.received}`,
          service_name: 'Đăng ký thành lập hộ kinh doanh',
          service_code: '1.001612',
          agency_responsible: 'Trung tâm Phục vụ hành chính công phường Trấn Biên',
          requested_datetime: '2026-11-23T09:00:00+07:00',
          updated_datetime: '2026-11-23T09:00:00+07:00',
          expected_datetime: '2026-11-26T09:00:00+07:00',
          original_expected_datetime: null,
          receipt_expected_datetime: null,
          deadline_note: null,
          deadline_text: 'Còn 2 ngày làm việc',
          working_days_left: 2,
          working_days_overdue: null,
          completion: null,
          // Citizens' questions (none asked yet); an open dossier takes them.
          questions: [],
          accepts_questions: true,
        },
      ]);
      for (const secret of ['Thảo', APPLICANT.applicant_id_number, APPLICANT.applicant_phone]) assert.ok(!res.text.includes(secret));
    }
  });

  test('an unknown or malformed token gets a friendly 404', async () => {
    for (const bad of ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'x', "'; drop table dossiers;--", code]) {
      const res = await request(t.http).get(`/s/${encodeURIComponent(bad)}`);
      assert.equal(res.status, 404, bad);
      assert.match(res.text, /Không tìm thấy hồ sơ/);
      assert.match(res.text, /tra cứu bằng mã hồ sơ/);
    }
    const json = await request(t.http).get('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.json');
    assert.equal(json.status, 404);
    assert.equal(json.body.error.status, 404);
  });

  test('lookup by code and the last 4 phone digits leads to the page; wrong digits do not', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/tra-cuu').expect(200);
    const csrf = csrfFrom(page.text);
    const ok = await agent.post('/tra-cuu').type('form').send({ _csrf: csrf, code: code.toLowerCase(), phone_last4: '4321' });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, `/s/${token}`);
    const wrong = await agent.post('/tra-cuu').type('form').send({ _csrf: csrf, code, phone_last4: '1111' });
    assert.equal(wrong.status, 404);
    assert.match(wrong.text, /Không tìm thấy hồ sơ có mã và số điện thoại này/);
    const invalid = await agent.post('/tra-cuu').type('form').send({ _csrf: csrf, code: 'abc', phone_last4: '12' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.text, /Nhập mã hồ sơ như trên giấy tiếp nhận/);
    assert.match(invalid.text, /Nhập đúng 4 chữ số cuối/);
  });

  test('lookup is rate-limited per client', async () => {
    t.clock.set(vnInstant('2026-11-25', '10:00')); // a fresh window
    const agent = request.agent(t.http);
    const csrf = csrfFrom((await agent.get('/tra-cuu')).text);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await agent.post('/tra-cuu').type('form').send({ _csrf: csrf, code, phone_last4: '0000' })).status);
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429, 429]);
    const blocked = await agent.post('/tra-cuu').type('form').send({ _csrf: csrf, code, phone_last4: '4321' });
    assert.equal(blocked.status, 429);
    assert.match(blocked.text, /Bạn đã tra cứu quá nhiều lần/);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
  });

  test('a signed-in staff member gets Cache-Control: no-store on the public page too', async () => {
    const { agent } = await signIn(t.http, 'clerk');
    assert.equal((await agent.get(`/s/${token}`)).headers['cache-control'], 'no-store');
    assert.equal((await request(t.http).get(`/s/${token}`)).headers['cache-control'], 'private, no-cache');
  });
});

describe('lookup guessing: per sender, per dossier code and site-wide, on sliding windows', () => {
  let t: TestApp;
  let token: string;
  let code: string;
  const from = (ip: string) => ({ 'X-Forwarded-For': ip });
  /** Another code of the same shape (a neighbour in the sequence). */
  const neighbour = (n: number) => code.replace(/\d{4}$/, String(n).padStart(4, '0'));
  async function lookup(c: string, last4: string, ip: string) {
    const agent = request.agent(t.http);
    const csrf = csrfFrom((await agent.get('/tra-cuu').set(from(ip))).text);
    return agent.post('/tra-cuu').set(from(ip)).type('form').send({ _csrf: csrf, code: c, phone_last4: last4 });
  }
  const wrongAnswer = (text: string) => /Không tìm thấy hồ sơ có mã và số điện thoại này/.exec(text)?.[0];

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00'), env: { TRUST_PROXY: 'true', LOOKUP_RATE_LIMIT: '5', LOOKUP_SITE_LIMIT: '30', LOOKUP_SENDER_LIMIT: '3' } });
    await createStaff(t.db, 'clerk', 'clerk', '000.31.01.H26');
    const { agent, csrf } = await signIn(t.http, 'clerk');
    await agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...certifiedCopyForm(APPLICANT), doc_3_received: 'on', doc_4_received: 'on', action: 'confirm', _csrf: csrf }).expect(303);
    const d = await t.db('dossiers').first('public_token', 'code');
    token = d.public_token;
    code = d.code;
  });
  after(() => t.cleanup());

  test('after 5 wrong tries of a code from any addresses, even the right digits get the wrong-digits answer', async () => {
    t.clock.set(vnInstant('2026-11-24', '09:00'));
    const wrong: Array<{ status: number; text: string | undefined }> = [];
    for (let i = 0; i < 5; i++) {
      const res = await lookup(code, String(1000 + i), `10.5.0.${i + 1}`);
      wrong.push({ status: res.status, text: wrongAnswer(res.text) });
    }
    assert.ok(wrong.every((w) => w.status === 404 && w.text), JSON.stringify(wrong));
    // A sixth address with the right digits: the same status, message and page as a wrong try.
    const blocked = await lookup(code, '4321', '10.5.0.99');
    assert.equal(blocked.status, 404);
    assert.equal(wrongAnswer(blocked.text), wrong[0]!.text);
    assert.equal(blocked.headers.location, undefined);
    // Other codes are not affected.
    assert.equal((await lookup(neighbour(9999), '4321', '10.5.0.98')).status, 404);
    // The window slides: two hours later the right digits lead to the page again.
    t.clock.advance(2 * 3600_000);
    const ok = await lookup(code, '4321', '10.5.0.99');
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, `/s/${token}`);
  });

  test('a right answer does not use up the allowance of its code', async () => {
    t.clock.set(vnInstant('2026-11-25', '09:00'));
    for (let i = 0; i < 4; i++) assert.equal((await lookup(code, '0000', `10.6.0.${i}`)).status, 404);
    for (let i = 0; i < 3; i++) assert.equal((await lookup(code, '4321', `10.6.1.${i}`)).status, 303);
  });

  test('the per-address limit slides too: a new fixed window does not hand out a fresh allowance', async () => {
    // Windows of 15 minutes: 10:14:50 and 10:15:10 fall in two different fixed windows.
    t.clock.set(vnInstant('2026-11-26', '10:14'));
    t.clock.advance(50_000);
    for (let i = 0; i < 5; i++) assert.equal((await lookup(code, '4321', '10.7.0.1')).status, 303);
    t.clock.advance(20_000);
    const next = await lookup(code, '4321', '10.7.0.1');
    assert.equal(next.status, 429);
    assert.match(next.text, /Bạn đã tra cứu quá nhiều lần/);
  });

  test('the site-wide ceiling slows the senders of wrong tries; a right code and digits still lead to the page', async () => {
    t.clock.set(vnInstant('2026-11-28', '09:00'));
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await lookup(neighbour(1000 + i), '0000', `10.8.${i}.1`)).status);
    // Past the ceiling (30), a stranger's first wrong try is checked (and wrong) like any other.
    assert.ok(statuses.every((s) => s === 404), statuses.join(','));
    // The same address again at once: slowed, told to wait, its try not checked.
    const again = await lookup(neighbour(2000), '0000', '10.8.30.1');
    assert.equal(again.status, 429);
    assert.match(again.text, /quá nhiều lượt tra cứu sai/);
    const wait = Number(again.headers['retry-after']);
    assert.ok(wait > 0 && wait <= 60, String(wait));
    // A citizen with the right code and digits is not refused for others' tries.
    const right = await lookup(code, '4321', '10.8.200.1');
    assert.equal(right.status, 303);
    assert.equal(right.headers.location, `/s/${token}`);
    // Nor for their own earlier mistake, once the wait is over.
    assert.equal((await lookup(code, '1111', '10.8.201.1')).status, 404);
    assert.equal((await lookup(code, '4321', '10.8.201.1')).status, 429, 'right after a wrong try: the wait first');
    t.clock.advance(61_000);
    assert.equal((await lookup(code, '4321', '10.8.201.1')).status, 303);
  });

  test("one sender's wrong tries stop at its own limit, before they reach the codes' and the site's counts", async () => {
    t.clock.set(vnInstant('2026-11-29', '09:00'));
    // LOOKUP_SENDER_LIMIT=3: the fourth wrong try of this address is refused without being checked.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await lookup(neighbour(3000 + i), '0000', '10.9.0.1')).status);
    statuses.push((await lookup(code, '0000', '10.9.0.1')).status);
    assert.deepEqual(statuses, [404, 404, 404, 429]);
    const refused = await lookup(code, '4321', '10.9.0.1');
    assert.equal(refused.status, 429, 'its own tries: the wait applies to it, right or wrong');
    assert.match(refused.text, /nhập sai mã hồ sơ hoặc 4 số cuối điện thoại quá nhiều lần/);
    // Its refused tries were not counted against the code: two more wrong tries elsewhere do not block it.
    for (let i = 0; i < 2; i++) assert.equal((await lookup(code, '0000', `10.9.1.${i}`)).status, 404);
    assert.equal((await lookup(code, '4321', '10.9.2.1')).status, 303);
  });

  test('parallel tries: every right answer passes, and a code still blocks after its wrong tries', async () => {
    t.clock.set(vnInstant('2026-11-30', '09:00'));
    // 40 right answers for the code, 4 wrong ones (its limit is 5) at the same time, each from its own address.
    const tries = [...Array.from({ length: 40 }, (_, i) => ({ last4: '4321', ip: `10.10.0.${i}` })), ...Array.from({ length: 4 }, (_, i) => ({ last4: '0000', ip: `10.10.1.${i}` }))];
    const res = await Promise.all(tries.map((x) => lookup(code, x.last4, x.ip)));
    const right = res.slice(0, 40).map((r) => r.status);
    assert.deepEqual([...new Set(right)], [303], right.join(','));
    assert.deepEqual([...new Set(res.slice(40).map((r) => r.status))], [404]);
    // 10 wrong tries of another code at once: it is blocked after them, whatever their order.
    const other = neighbour(4000);
    await Promise.all(Array.from({ length: 10 }, (_, i) => lookup(other, '0000', `10.10.2.${i}`)));
    assert.equal(Number((await t.db('lookup_attempts').where({ code: other }).count({ n: '*' }).first())!.n), 10, 'each wrong try counted once');
    // One address's wrong tries at once stop at its limit (3), whatever the interleaving.
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => lookup(neighbour(5000 + i), '0000', '10.10.3.1')));
    const byStatus = burst.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});
    assert.deepEqual(byStatus, { 404: 3, 429: 9 }, JSON.stringify(byStatus));
  });

  test('a try that crashed half-way leaves no count behind: the right digits still pass after many', async () => {
    t.clock.set(vnInstant('2026-12-01', '09:00'));
    const counted = async () => Number((await t.db('lookup_attempts').where({ code }).count({ n: '*' }).first())!.n);
    const before = await counted();
    // The check fails in the middle of each try (the dossiers table is gone for a moment): a crash.
    await t.db.schema.renameTable('dossiers', 'dossiers_away');
    try {
      for (let i = 0; i < 8; i++) assert.equal((await lookup(code, '4321', `10.11.0.${i}`)).status, 500);
    } finally {
      await t.db.schema.renameTable('dossiers_away', 'dossiers');
    }
    assert.equal(await counted(), before, 'nothing counted');
    const ok = await lookup(code, '4321', '10.11.1.1');
    assert.equal(ok.status, 303);
  });
});
