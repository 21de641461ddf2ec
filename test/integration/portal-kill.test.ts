/**
 * Kill -9 between a change and its send: a real application process (src/server.ts, the
 * scheduler running the portal sync every second) is killed while its call to the portal
 * hangs unanswered (the portal never applied it). After a restart, the peer holds every
 * change exactly once and in order: the rows were written with the changes, and the dead
 * process's lease on the rows runs out (DVCQG_LEASE_SECONDS) so the new process sends them.
 * The restart keeps its INSTANCE_ID, as a restarted service does: the job runner's own lease
 * (10 minutes, src/platform/jobs/runner.ts) is then its own to take back at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StaffUser } from '../../src/domain/roles.js';
import { services, type Services } from '../../src/services.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { startDvcqgPeer, type DvcqgPeer } from '../helpers/dvcqg-peer.js';
import { act, mapPortal, receive, staffUser } from '../helpers/portal-world.js';
import { startAppProcess, type AppProcess } from '../helpers/processes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, timeoutMs: number, probe: () => boolean | Promise<boolean>, explain: () => string): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}\n${explain()}`);
    await sleep(100);
  }
}

describe('kill -9 between a status change and its send', () => {
  let t: TestApp;
  let peer: DvcqgPeer;
  let svc: Services;
  const procs: AppProcess[] = [];

  before(async () => {
    peer = await startDvcqgPeer();
    t = await buildTestApp({ now: new Date() });
    svc = services(t.deps);
    await mapPortal(t.db);
  });
  after(async () => {
    for (const p of procs) await p.stop(5_000);
    await peer.close();
    await t.cleanup();
  });

  const progress = () => [...peer.dossiers.values()].reduce((n, d) => n + d.progress.length, 0);
  const env = (name: string) => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: t.testDb.url,
    DEMO_DATA: 'false',
    INSTANCE_ID: name,
    DVCQG_MODE: 'on',
    ...peer.env,
    DVCQG_LEASE_SECONDS: '2',
    DVCQG_TIMEOUT_SECONDS: '60',
    JOB_SCHEDULE_PORTAL_SYNC: '* * * * * *',
  });

  test('after the restart the portal has every change once, in order', async () => {
    const clerk: StaffUser = await staffUser(t.db, 'clerk', 'clerk', 'Lê Thị Tiếp');
    const officer: StaffUser = await staffUser(t.db, 'officer', 'officer', 'Trần Minh Khoa');
    const step = async (f: () => Promise<unknown>) => {
      t.clock.advance(60_000);
      await f();
    };
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(await receive(svc, clerk, `Người ${i}`, { idNumber: `07519000${2000 + i}` }));
    await step(() => act(svc, t.db, officer, ids[0]!, 'take'));

    const first = await startAppProcess({ name: 'first', env: env('app') });
    procs.push(first);
    await waitUntil('the first four changes', 15_000, () => progress() === 4, first.output);

    peer.hang();
    await step(() => act(svc, t.db, officer, ids[0]!, 'request_supplement', { note: 'Bản sao hợp đồng thuê', reason: 'Thiếu giấy tờ' }));
    await step(() => act(svc, t.db, officer, ids[1]!, 'take'));
    await step(() => act(svc, t.db, officer, ids[2]!, 'take'));
    await waitUntil('a call held at the portal', 10_000, () => peer.hanging() > 0, first.output);
    process.kill(first.pid, 'SIGKILL');
    const exit = await first.exited;
    assert.equal(exit.signal, 'SIGKILL');
    peer.release(); // the held calls were never applied
    assert.equal(progress(), 4);

    await step(() => act(svc, t.db, clerk, ids[0]!, 'receive_supplement'));
    const second = await startAppProcess({ name: 'second', env: env('app') });
    procs.push(second);
    let rowsNow = '';
    await waitUntil('every change', 20_000, async () => {
      rowsNow = JSON.stringify(await t.db('portal_sync').orderBy('id').select('id', 'dossier_id', 'state', 'lease_owner', 'lease_until', 'attempts', 'last_error', 'next_attempt_at'));
      return progress() === 8;
    }, () => `${rowsNow}\n${JSON.stringify(peer.calls.slice(-4))}\n${second.output()}`);
    await sleep(1_500); // a further run or two sends nothing more
    assert.equal(progress(), 8);

    const codes = await Promise.all(ids.map(async (id) => (await t.db('dossiers').where({ id }).first('code')).code));
    assert.deepEqual(peer.dossiers.get(codes[0])!.progress.map((p) => p.TrangThai), [2, 4, 5, 4]);
    assert.deepEqual(peer.dossiers.get(codes[1])!.progress.map((p) => p.TrangThai), [2, 4]);
    assert.deepEqual(peer.dossiers.get(codes[2])!.progress.map((p) => p.TrangThai), [2, 4]);
    const rows = await t.db('portal_sync').select('state');
    assert.equal(rows.length, 8);
    assert.ok(rows.every((r) => r.state === 'sent'));
  });
});
