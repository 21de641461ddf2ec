import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
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
    const res = await request(t.app).get('/tiep-nhan').expect(302);
    assert.equal(res.headers.location, '/dang-nhap?next=%2Ftiep-nhan');
  });

  test('a wrong password is refused with a Vietnamese message and no session', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/dang-nhap');
    const res = await agent.post('/dang-nhap').type('form').send({ _csrf: csrfFrom(page.text), username: 'clerk.a', password: 'sai' });
    assert.equal(res.status, 401);
    assert.match(res.text, /Tên đăng nhập hoặc mật khẩu không đúng/);
    assert.equal(await t.db('sessions').count({ n: '*' }).first().then((r) => Number(r?.n)), 0);
  });

  test('a POST without the CSRF token is refused', async () => {
    const res = await request(t.app).post('/dang-nhap').type('form').send({ username: 'clerk.a', password: PASSWORD });
    assert.equal(res.status, 403);
    assert.match(res.text, /Biểu mẫu đã hết hạn/);
  });

  test('sign-in stores only a hash of the session token, and logout ends the session', async () => {
    const { agent, csrf } = await signIn(t.app, 'clerk.a');
    await agent.get('/tiep-nhan').expect(200);
    const sessions = await t.db('sessions').select('id');
    assert.ok(sessions.length >= 1);
    for (const s of sessions) assert.match(s.id, /^[0-9a-f]{64}$/);
    await agent.post('/dang-xuat').type('form').send({ _csrf: csrf }).expect(303);
    await agent.get('/tiep-nhan').expect(302);
  });

  test('an officer cannot open the intake pages', async () => {
    const { agent } = await signIn(t.app, 'officer.a');
    const res = await agent.get('/tiep-nhan');
    assert.equal(res.status, 403);
    assert.match(res.text, /không có quyền/);
  });

  test('the next parameter cannot redirect off the site', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/dang-nhap');
    const res = await agent.post('/dang-nhap').type('form').send({ _csrf: csrfFrom(page.text), username: 'clerk.b', password: PASSWORD, next: '//evil.example/' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/');
  });

  test('security headers are set', async () => {
    const res = await request(t.app).get('/dang-nhap');
    assert.match(res.headers['content-security-policy'] ?? '', /default-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  test('healthz answers', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
  });
});
