/**
 * The portal sync when things go wrong, against the local peer: a missing mapping holds rows
 * until it exists; transient failures (5xx, a timeout, an expired session) are retried with
 * backoff on the clock, then failed after DVCQG_RETRY_HOURS; a permanent refusal stops the
 * dossier's row with the portal's message while the others go on, and "Gửi lại" sends it in
 * order; dry run builds without sending; off does nothing; two instances send each row once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { fixedClock, type Deps } from '../../src/deps.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { vnInstant } from '../../src/domain/time.js';
import { services, type Services } from '../../src/services.js';
import { createDb } from '../../src/db/knex.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { startDvcqgPeer, type DvcqgPeer } from '../helpers/dvcqg-peer.js';
import { act, mapPortal, receive, staffUser } from '../helpers/portal-world.js';

const states = async (t: TestApp, id: number) => (await t.db('portal_sync').where({ dossier_id: id }).orderBy('id').select('state')).map((r) => r.state).join(',');

describe('held rows, retries, permanent errors, resend', () => {
  let t: TestApp;
  let peer: DvcqgPeer;
  let svc: Services;
  let clerk: StaffUser;
  let officer: StaffUser;

  before(async () => {
    peer = await startDvcqgPeer();
    t = await buildTestApp({ now: vnInstant('2026-11-25', '10:00'), env: { DVCQG_MODE: 'on', ...peer.env, DVCQG_TIMEOUT_SECONDS: '0.3', DVCQG_RETRY_HOURS: '2' } });
    svc = services(t.deps);
    clerk = await staffUser(t.db, 'clerk', 'clerk', 'Lê Thị Tiếp');
    officer = await staffUser(t.db, 'officer', 'officer', 'Trần Minh Khoa');
  });
  after(async () => {
    await t.cleanup();
    await peer.close();
  });
  const run = () => svc.portalSync.run(t.clock.now());

  test('no unit code, then no field code: held with the reason, listed; released by the mapping', async () => {
    const id = await receive(svc, clerk, 'Nguyễn Văn Giữ');
    assert.equal(await states(t, id), 'held');
    let rows = await svc.portalSync.problemRows({ state: 'held' });
    assert.deepEqual(rows.map((r) => [r.dossierId, r.heldReason]), [[id, 'agency_unmapped']]);
    await mapPortal(t.db, { field: null });
    const counts = await run();
    assert.equal(peer.calls.length, 0, 'nothing sent while the procedure has no field');
    assert.equal(counts.portal_released, 0);
    rows = await svc.portalSync.problemRows();
    assert.deepEqual(rows.map((r) => r.heldReason), ['procedure_unmapped']);
    const summary = await svc.portalSync.summary(t.clock.now());
    assert.deepEqual(summary.held, { agency_unmapped: 0, procedure_unmapped: 1 });
    assert.equal(summary.oldestUnsentAt?.getTime(), vnInstant('2026-11-25', '10:00').getTime());
    await mapPortal(t.db);
    assert.equal((await run()).portal_released, 1);
    assert.equal(await states(t, id), 'sent');
    assert.equal((await svc.portalSync.summary(t.clock.now())).oldestUnsentAt, null);
  });

  test('a 5xx and a timeout: retried with backoff on the clock; an expired session: logged in again once', async () => {
    const id = await receive(svc, clerk, 'Trần Thị Thử');
    peer.failNext('http500');
    let c = await run();
    assert.equal(c.portal_retry, 1);
    let row = await t.db('portal_sync').where({ dossier_id: id }).first();
    assert.deepEqual([row.state, row.attempts, new Date(row.next_attempt_at).getTime()], ['pending', 1, t.clock.now().getTime() + 60_000]);
    assert.match(row.last_error, /HTTP 503/);
    c = await run();
    assert.equal(c.portal_sent + c.portal_retry, 0, 'not due yet');
    t.clock.advance(61_000);
    peer.failNext('timeout');
    c = await run();
    assert.equal(c.portal_retry, 1);
    row = await t.db('portal_sync').where({ dossier_id: id }).first();
    assert.deepEqual([row.attempts, new Date(row.next_attempt_at).getTime()], [2, t.clock.now().getTime() + 120_000], 'the wait doubles');
    assert.match(row.last_error, /không trả lời/);
    t.clock.advance(121_000);
    peer.expireSessions();
    const logins = peer.logins;
    c = await run();
    assert.equal(c.portal_sent, 1);
    assert.equal(peer.logins, logins + 1, 'one new log-in');
    assert.equal(await states(t, id), 'sent');
  });

  test('transient failures past DVCQG_RETRY_HOURS: failed with the last error', async () => {
    const id = await receive(svc, clerk, 'Lê Văn Lâu');
    peer.failNext('http500', 20);
    await run();
    t.clock.advance(2 * 3600_000 + 60_000);
    const c = await run();
    assert.equal(c.portal_failed, 1);
    const row = await t.db('portal_sync').where({ dossier_id: id }).first();
    assert.equal(row.state, 'failed');
    assert.match(row.last_error, /Hết thời gian thử lại \(2 giờ\): .*HTTP 503/);
    peer.clearFailures();
  });

  test("a permanent refusal: that row failed with the portal's message, the dossier's later rows wait, another dossier goes; Gửi lại sends them in order", async () => {
    const bad = await receive(svc, clerk, 'Phạm Văn Sai');
    const good = await receive(svc, clerk, 'Đỗ Thị Đúng', { idNumber: '075190007777' });
    const badCode = (await t.db('dossiers').where({ id: bad }).first('code')).code;
    peer.refuseDossier(badCode, 'Mã thủ tục không thuộc danh mục của đơn vị');
    const c = await run();
    assert.equal(c.portal_failed, 1);
    assert.equal(await states(t, good), 'sent', 'the batch was split: the good dossier went');
    const failed = await t.db('portal_sync').where({ dossier_id: bad }).first();
    assert.equal(failed.state, 'failed');
    assert.equal(failed.last_error, 'Mã thủ tục không thuộc danh mục của đơn vị');
    await act(svc, t.db, officer, bad, 'take');
    await run();
    assert.equal(await states(t, bad), 'failed,pending', 'the later row waits behind the failed one');
    const listed = await svc.portalSync.problemRows({ state: 'failed' });
    assert.ok(listed.some((r) => r.id === failed.id && r.lastError === 'Mã thủ tục không thuộc danh mục của đơn vị'));
    peer.refuseDossier(badCode, null);
    assert.deepEqual(await svc.portalSync.resend([failed.id]), { released: 1 });
    await run();
    assert.equal(await states(t, bad), 'sent,sent');
    assert.deepEqual(peer.dossiers.get(badCode)!.progress.map((p) => p.TrangThai), [2, 4], 'in order');
  });
});

describe('dry run and off', () => {
  test('dry run stores the payload and sends nothing; switched on, the rows go; off does nothing', async () => {
    const peer = await startDvcqgPeer();
    const t = await buildTestApp({ now: vnInstant('2026-11-25', '10:00'), env: { DVCQG_MODE: 'dry_run' } });
    try {
      await mapPortal(t.db);
      const svc = services(t.deps);
      const clerk = await staffUser(t.db, 'clerk', 'clerk', 'Lê Thị Tiếp');
      const id = await receive(svc, clerk, 'Nguyễn Văn Thử');
      const c = await svc.portalSync.run(t.clock.now());
      assert.equal(c.portal_dry_run, 1);
      const row = await t.db('portal_sync').where({ dossier_id: id }).first();
      assert.equal(row.state, 'dry_run');
      assert.equal(JSON.parse(row.payload).DongBoHoSoMC.ChuHoSo, 'Nguyễn Văn Thử');
      assert.equal(peer.calls.length, 0);
      const off = services({ ...t.deps, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }) });
      await receive(off, clerk, 'Trần Văn Tắt', { idNumber: '075190003333' });
      assert.deepEqual(Object.values(await off.portalSync.run(t.clock.now())), [0, 0, 0, 0, 0, 0]);
      assert.equal(await t.db('portal_sync').where({ state: 'pending' }).count({ n: '*' }).first().then((r) => Number(r!.n)), 1, 'off: the row waits');
      const on = services({ ...t.deps, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DVCQG_MODE: 'on', ...peer.env }) });
      assert.equal((await on.portalSync.run(t.clock.now())).portal_sent, 2, 'on: the dry-run row and the waiting one');
    } finally {
      await t.cleanup();
      await peer.close();
    }
  });
});

describe('two instances over one database', () => {
  test('racing the job, each row is sent once and each dossier in order', async () => {
    const peer = await startDvcqgPeer();
    const t = await buildTestApp({ now: vnInstant('2026-11-25', '10:00'), env: { DVCQG_MODE: 'on', ...peer.env, DVCQG_BATCH_SIZE: '3', INSTANCE_ID: 'a' } });
    const otherDb = createDb(t.testDb.url, { poolMax: 4 });
    try {
      await mapPortal(t.db);
      const a = services(t.deps);
      const depsB: Deps = { db: otherDb, config: loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DVCQG_MODE: 'on', ...peer.env, DVCQG_BATCH_SIZE: '3', INSTANCE_ID: 'b' }), clock: fixedClock(t.clock.now()), logger: pino({ level: 'silent' }) };
      const b = services(depsB);
      const clerk = await staffUser(t.db, 'clerk', 'clerk', 'Lê Thị Tiếp');
      const officer = await staffUser(t.db, 'officer', 'officer', 'Trần Minh Khoa');
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push(await receive(a, clerk, `Người ${i}`, { idNumber: `07519000${String(1000 + i)}` }));
      for (const id of ids.slice(0, 6)) await act(a, t.db, officer, id, 'take');
      const now = t.clock.now();
      await Promise.all([a.portalSync.run(now), b.portalSync.run(now), a.portalSync.run(now), b.portalSync.run(now)]);
      await Promise.all([a.portalSync.run(now), b.portalSync.run(now)]);
      const rows = await t.db('portal_sync').select('state');
      assert.equal(rows.length, 18);
      assert.ok(rows.every((r) => r.state === 'sent'), JSON.stringify(rows));
      const progress = [...peer.dossiers.values()].flatMap((d) => d.progress);
      assert.equal(progress.length, 18, 'each change once at the portal');
      for (const d of peer.dossiers.values()) {
        const expected = d.progress.length === 2 ? [2, 4] : [2];
        assert.deepEqual(d.progress.map((p) => p.TrangThai), expected, d.item.MaHoSo);
      }
      assert.equal(peer.calls.filter((c) => c.answer !== '0' && c.answer !== '00').length, 0, 'no refused call (no "already exists")');
    } finally {
      await otherDb.destroy();
      await t.cleanup();
      await peer.close();
    }
  });
});
