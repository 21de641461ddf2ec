import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { authService } from '../../src/features/auth/auth.service.js';
import { buildTestApp, createStaff, csrfFrom, PASSWORD, signIn, type TestApp } from '../helpers/app.js';

describe('staff sign-in, sessions, CSRF and roles', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00') });
    await createStaff(t.db, 'clerk.a', 'clerk', '000.31.01.H26');
    await createStaff(t.db, 'officer.a', 'officer', '000.31.01.H26');
    await createStaff(t.db, 'clerk.b', 'clerk', '000.31.02.H26');
    await createStaff(t.db, 'admin', 'admin', '000.00.01.H26');
  });
  after(() => t.cleanup());

  test('staff pages send anonymous visitors to the login page', async () => {
    const res = await request(t.http).get('/tiep-nhan').expect(302);
    assert.equal(res.headers.location, '/dang-nhap?next=%2Ftiep-nhan');
  });

  test('a wrong password is refused with a Vietnamese message and no session', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/dang-nhap');
    const res = await agent.post('/dang-nhap').type('form').send({ _csrf: csrfFrom(page.text), username: 'clerk.a', password: 'sai' });
    assert.equal(res.status, 401);
    assert.match(res.text, /Tên đăng nhập hoặc mật khẩu không đúng/);
    assert.equal(await t.db('sessions').count({ n: '*' }).first().then((r) => Number(r?.n)), 0);
  });

  test('a POST without the CSRF token is refused', async () => {
    const res = await request(t.http).post('/dang-nhap').type('form').send({ username: 'clerk.a', password: PASSWORD });
    assert.equal(res.status, 403);
    assert.match(res.text, /Biểu mẫu đã hết hạn/);
  });

  test('sign-in stores only a hash of the session token, and logout ends the session', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk.a');
    await agent.get('/tiep-nhan').expect(200);
    const sessions = await t.db('sessions').select('id');
    assert.ok(sessions.length >= 1);
    for (const s of sessions) assert.match(s.id, /^[0-9a-f]{64}$/);
    await agent.post('/dang-xuat').type('form').send({ _csrf: csrf }).expect(303);
    await agent.get('/tiep-nhan').expect(302);
  });

  test('an officer cannot open the intake pages', async () => {
    const { agent } = await signIn(t.http, 'officer.a');
    const res = await agent.get('/tiep-nhan');
    assert.equal(res.status, 403);
    assert.match(res.text, /không có quyền/);
  });

  test('the next parameter cannot redirect off the site', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/dang-nhap');
    const res = await agent.post('/dang-nhap').type('form').send({ _csrf: csrfFrom(page.text), username: 'clerk.b', password: PASSWORD, next: '//evil.example/' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/');
  });

  test('security headers are set', async () => {
    const res = await request(t.http).get('/dang-nhap');
    assert.match(res.headers['content-security-policy'] ?? '', /default-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  test('healthz answers', async () => {
    const res = await request(t.http).get('/healthz').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  test('a NUL byte in the user name is a 400 with a Vietnamese message, not a 500 (PostgreSQL refuses NUL)', async () => {
    const agent = request.agent(t.http);
    const csrf = csrfFrom((await agent.get('/dang-nhap')).text);
    const res = await agent.post('/dang-nhap').type('form').send(`_csrf=${encodeURIComponent(csrf)}&username=%00&password=x`);
    assert.equal(res.status, 400);
    assert.match(res.text, /ký tự không hợp lệ/);
    const empty = await agent.post('/dang-nhap').type('form').send({ _csrf: csrf, username: '', password: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /Nhập tên đăng nhập và mật khẩu/);
  });

  test('login refuses an anonymous CSRF cookie whose value an attacker chose (signed double-submit)', async () => {
    const chosen = 'A'.repeat(32);
    const res = await request(t.http)
      .post('/dang-nhap')
      .set('Cookie', `motcua_csrf=${chosen}`)
      .type('form')
      .send({ _csrf: chosen, username: 'clerk.a', password: PASSWORD });
    assert.equal(res.status, 403);
    assert.match(res.text, /Biểu mẫu đã hết hạn/);
    // A forged signature is no better, and the page replaces such a cookie with a signed one.
    const forged = `${chosen}.${'B'.repeat(43)}`;
    const page = await request(t.http).get('/dang-nhap').set('Cookie', `motcua_csrf=${forged}`);
    const issued = /motcua_csrf=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    assert.ok(issued && issued !== forged && /^[\w-]{32}\.[\w-]{43}$/.test(issued), String(issued));
    const again = await request(t.http).post('/dang-nhap').set('Cookie', `motcua_csrf=${forged}`).type('form').send({ _csrf: forged, username: 'clerk.a', password: PASSWORD });
    assert.equal(again.status, 403);
    // The page's token goes with the cookie the server issued; the cookie's own value is not a form token.
    const token = csrfFrom(page.text);
    assert.notEqual(token, issued);
    const cookieAsToken = await request(t.http).post('/dang-nhap').set('Cookie', `motcua_csrf=${issued}`).type('form').send({ _csrf: issued, username: 'clerk.a', password: PASSWORD });
    assert.equal(cookieAsToken.status, 403);
    const ok = await request(t.http).post('/dang-nhap').set('Cookie', `motcua_csrf=${issued}`).type('form').send({ _csrf: token, username: 'clerk.a', password: PASSWORD });
    assert.equal(ok.status, 303);
  });

  test('an anonymous form token is bound to its visitor’s cookie: another browser’s token is refused (403, its own message)', async () => {
    const a = await request(t.http).get('/dang-nhap').expect(200);
    const b = await request(t.http).get('/dang-nhap').expect(200);
    const cookieOf = (r: request.Response) => /motcua_csrf=([^;]+)/.exec(String(r.headers['set-cookie']))![1]!;
    // B's browser (its cookie) posting the token of A's page: signed by the server, but not B's.
    const swapped = await request(t.http).post('/dang-nhap').set('Cookie', `motcua_csrf=${cookieOf(b)}`).type('form').send({ _csrf: csrfFrom(a.text), username: 'clerk.a', password: PASSWORD });
    assert.equal(swapped.status, 403);
    assert.match(swapped.text, /được mở trên một trình duyệt hoặc phiên truy cập khác/);
    // The cookie gone (cleared, another browser): the same message, which names that case; a fresh cookie comes with it.
    const none = await request(t.http).post('/dang-nhap').type('form').send({ _csrf: csrfFrom(a.text), username: 'clerk.a', password: PASSWORD });
    assert.equal(none.status, 403);
    assert.match(none.text, /cookie của trang đã bị xóa/);
    assert.match(String(none.headers['set-cookie']), /motcua_csrf=/);
    // Each with its own: accepted.
    const own = await request(t.http).post('/dang-nhap').set('Cookie', `motcua_csrf=${cookieOf(b)}`).type('form').send({ _csrf: csrfFrom(b.text), username: 'clerk.a', password: PASSWORD });
    assert.equal(own.status, 303);
  });

  test('the generated CSRF signing key is stored once in the database and reused', async () => {
    const rows = await t.db('settings').where({ key: 'csrf_secret' }).select('value');
    assert.equal(rows.length, 1);
    assert.ok(String(rows[0].value).length >= 32);
  });

  test('every response to signed-in staff says Cache-Control: no-store, public pages included', async () => {
    const { agent } = await signIn(t.http, 'clerk.a');
    for (const url of ['/ho-so', '/ho-so?q=Nguy%E1%BB%85n', '/tiep-nhan', '/thong-bao', '/tra-cuu', '/dang-nhap', '/khong-co-trang-nay']) {
      const res = await agent.get(url);
      assert.equal(res.headers['cache-control'], 'no-store', `${url} → ${res.status}`);
    }
    // Anonymous visitors of the public pages keep the page's own policy.
    assert.equal((await request(t.http).get('/tra-cuu')).headers['cache-control'], 'private, no-cache');
  });

  test('HSTS is not sent over plain HTTP', async () => {
    const res = await request(t.http).get('/dang-nhap');
    assert.equal(res.headers['strict-transport-security'], undefined);
  });
});

describe('login throttle: per account, per (account, address), growing delay', () => {
  let t: TestApp;
  const from = (ip: string) => ({ 'X-Forwarded-For': ip });
  async function attempt(username: string, password: string, ip: string) {
    const agent = request.agent(t.http);
    const csrf = csrfFrom((await agent.get('/dang-nhap').set(from(ip))).text);
    return agent.post('/dang-nhap').set(from(ip)).type('form').send({ _csrf: csrf, username, password });
  }

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00'), env: { TRUST_PROXY: 'true', LOGIN_RATE_LIMIT: '20' } });
    for (const u of ['clerk.a', 'clerk.b', 'clerk.c', 'clerk.d', 'clerk.e']) await createStaff(t.db, u, 'clerk', '000.31.01.H26');
  });
  after(() => t.cleanup());

  test("wrong passwords from the office's shared address do not lock the other clerks out", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await attempt('clerk.a', `sai-${i}`, '10.0.0.1')).status);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.ok(statuses.slice(5).every((s) => s === 429), statuses.join(','));
    // Another clerk at the same address signs in at once.
    assert.equal((await attempt('clerk.b', PASSWORD, '10.0.0.1')).status, 303);
    // clerk.a from another address too: the delay is that pair's only.
    assert.equal((await attempt('clerk.a', PASSWORD, '10.0.0.2')).status, 303);
  });

  test('the delay grows with each further failure of a pair, and a success ends it', async () => {
    t.clock.advance(2 * 3600_000);
    const ip = '10.0.1.1';
    for (let i = 0; i < 5; i++) assert.equal((await attempt('clerk.d', 'sai', ip)).status, 401);
    // Even the right password waits: the password is not checked while the pair waits.
    const wait1 = await attempt('clerk.d', PASSWORD, ip);
    assert.equal(wait1.status, 429);
    assert.match(wait1.text, /Đã đăng nhập sai nhiều lần\. Vui lòng thử lại sau 2 giây/);
    assert.equal(wait1.headers['retry-after'], '2');
    t.clock.advance(2000);
    assert.equal((await attempt('clerk.d', 'sai', ip)).status, 401);
    const wait2 = await attempt('clerk.d', PASSWORD, ip);
    assert.equal(wait2.status, 429);
    assert.equal(wait2.headers['retry-after'], '4');
    t.clock.advance(4000);
    assert.equal((await attempt('clerk.d', PASSWORD, ip)).status, 303);
    // The run is over: the next typo is an ordinary failure.
    assert.equal((await attempt('clerk.d', 'sai', ip)).status, 401);
  });

  test("someone else's failures from many addresses never lock the right password out from another address", async () => {
    t.clock.advance(2 * 3600_000);
    // 16 addresses, one failure each: over the per-account allowance (10), under every pair's.
    for (let a = 1; a <= 16; a++) assert.equal((await attempt('clerk.c', 'doan', `10.2.0.${a}`)).status, 401);
    // An address that has failed for clerk.c now waits with the others…
    const waiting = await attempt('clerk.c', 'doan-nua', '10.2.0.1');
    assert.equal(waiting.status, 429);
    // …while clerk.c, from an address that has not failed, signs in at once.
    assert.equal((await attempt('clerk.c', PASSWORD, '10.9.9.9')).status, 303);
  });

  test('the administrator can list repeated failures (recentFailures)', async () => {
    await attempt('khong.ton.tai', 'x', '10.3.0.1');
    const list = await authService(t.deps).recentFailures({ minFailures: 1 });
    const c = list.find((s) => s.username === 'clerk.c');
    assert.ok(c, JSON.stringify(list));
    assert.equal(c.failures, 16);
    assert.equal(c.knownAccount, true);
    assert.equal(c.addresses.length, 16);
    assert.ok(c.addresses.every((a) => a.ip.startsWith('10.2.0.') && a.failures === 1));
    const a = list.find((s) => s.username === 'clerk.a');
    assert.equal(a?.failures, 5); // the waiting tries were not password checks
    const unknown = list.find((s) => s.username === 'khong.ton.tai');
    assert.equal(unknown?.knownAccount, false);
    assert.equal((await authService(t.deps).recentFailures()).some((s) => s.username === 'khong.ton.tai'), false, 'one failure is below the default threshold');
  });

  test('HSTS is sent when the request came over HTTPS (behind a trusted proxy)', async () => {
    const res = await request(t.http).get('/dang-nhap').set('X-Forwarded-Proto', 'https');
    assert.match(res.headers['strict-transport-security'] ?? '', /max-age=\d+/);
    assert.equal((await request(t.http).get('/dang-nhap')).headers['strict-transport-security'], undefined);
  });
});
