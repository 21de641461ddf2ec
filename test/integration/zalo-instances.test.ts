/**
 * Two application instances (their own services, instance ids and database pools) over
 * one database receive the same webhook burst — every event posted to both, some of them
 * twice more — and process it concurrently (their webhook kicks, the job and direct runs
 * on both at once). Each event's effect must exist exactly once: links, questions and
 * their chain events, reply rows; each reply leaves right after its event's transaction,
 * exactly once, before any outbox run (and both dispatching at once afterwards sends nothing twice).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { verifyAuditChains } from '../../src/features/dossiers/audit.js';
import { createStaff } from '../helpers/app.js';
import { buildZaloApp, oaEnv, secondInstance, signedEvent, startOaStub, textEvent, zaloDossier, type OaStub, type ZaloApp } from '../helpers/zalo-oa.js';

const WARD = '000.31.01.H26';
const TOKENS = { accessToken: 'access-initial', refreshToken: 'refresh-initial' };
const USERS = 12;

describe('two instances, one webhook burst', () => {
  let a: ZaloApp;
  let b: ZaloApp & { close(): Promise<void> };
  let oa: OaStub;

  before(async () => {
    oa = await startOaStub(TOKENS);
    const env = oaEnv(oa, TOKENS);
    a = await buildZaloApp({ now: vnInstant('2026-12-01', '10:00'), env: { ...env, INSTANCE_ID: 'instance-a' } });
    b = secondInstance(a, env);
  });
  after(async () => {
    await b.close();
    await a.cleanup();
    await oa.close();
  });

  test('each event takes effect exactly once', async (tt) => {
    const clerkId = await createStaff(a.db, 'clerk', 'clerk', WARD);
    // User i: links to dossier i (even users also to dossier i+1: asked which), then asks two questions.
    const dossiers: Array<{ id: number; code: string; token: string }> = [];
    for (let i = 0; i <= USERS; i++) dossiers.push(await zaloDossier(a.db, clerkId));
    const plans = Array.from({ length: USERS }, (_, i) => {
      const user = `burst-${i}`;
      const events = [textEvent(user, `${dossiers[i]!.code} 4321`)];
      if (i % 2 === 0) events.push(textEvent(user, `${dossiers[i + 1]!.code} 4321`));
      events.push(textEvent(user, `Câu hỏi thứ nhất của người ${i}`), textEvent(user, `Câu hỏi thứ hai của người ${i}`));
      if (i % 3 === 0) events.push(textEvent(user, `Gửi hồ sơ ${dossiers[i]!.code}`));
      return { user, events };
    });
    const post = (app: ZaloApp, ev: Record<string, unknown>) => {
      const { raw, signature } = signedEvent(ev);
      return request(app.app).post('/zalo/webhook').set('Content-Type', 'application/json').set('X-ZEvent-Signature', signature).send(raw);
    };
    const stored: number[] = [];
    let deliveriesSent = 0;
    const started = performance.now();
    await Promise.all(
      plans.map(async ({ events }, i) => {
        for (const [k, ev] of events.entries()) {
          // Both instances get it at once; every third one is redelivered to both again.
          const deliveries = [post(a, ev), post(b, ev)];
          if ((i + k) % 3 === 0) deliveries.push(post(b, ev), post(a, ev));
          deliveriesSent += deliveries.length;
          const res = await Promise.all(deliveries);
          for (const r of res) assert.equal(r.status, 200, r.text);
          stored.push(res.filter((r) => r.body.message === 'received').length);
        }
      }),
    );
    assert.ok(stored.every((n) => n === 1), 'each event stored by exactly one delivery');
    // Meanwhile-kicked processing, the job and direct runs, on both instances at once. The job's
    // first run also refreshes the token pair (its expiry is unknown), which ends the old access
    // token at Zalo while other replies are on their way with it: those go again with the new one.
    await Promise.all([a.svc.zalo.processDue(500), b.svc.zalo.processDue(500), a.svc.jobs.run('zalo'), b.svc.jobs.run('zalo'), b.svc.zalo.processDue(500)]);
    await Promise.all([a.svc.zalo.settle(), b.svc.zalo.settle()]);
    await a.svc.zalo.processDue(500);
    // An event still held back until now was processed by that last pass: its reply leaves after it.
    await a.svc.zalo.settle();

    const total = plans.reduce((n, p) => n + p.events.length, 0);
    // A figure for the record (not a limit): the whole burst, delivered and processed.
    tt.diagnostic(`zalo burst: ${total} events, ${deliveriesSent} deliveries to two instances, all processed in ${Math.round(performance.now() - started)} ms`);
    const events = await a.db('zalo_events').select('status', 'outcome', 'sender_id', 'id', 'attempts');
    assert.equal(events.length, total);
    assert.deepEqual([...new Set(events.map((e) => e.status))], ['done'], JSON.stringify(events.filter((e) => e.status !== 'done')));

    for (const [i, { user }] of plans.entries()) {
      const links = await a.db('zalo_links').where({ zalo_user_id: user }).orderBy('dossier_id').pluck('dossier_id');
      assert.deepEqual(links, i % 2 === 0 ? [dossiers[i]!.id, dossiers[i + 1]!.id] : [dossiers[i]!.id], user);
      const questions = await a.db('dossier_questions').where({ zalo_user_id: user }).orderBy('id');
      const outcomes = events.filter((e) => e.sender_id === user).sort((x, y) => x.id - y.id).map((e) => e.outcome);
      if (i % 2 === 1) {
        // One dossier: every later message is a question on it, in order.
        const expected: string[] = [`Câu hỏi thứ nhất của người ${i}`, `Câu hỏi thứ hai của người ${i}`, ...(i % 3 === 0 ? [`Gửi hồ sơ ${dossiers[i]!.code}`] : [])];
        assert.deepEqual(
          questions.map((q) => [q.dossier_id, q.text]),
          expected.map((t) => [dossiers[i]!.id, t]),
        );
        assert.deepEqual(outcomes.slice(0, 3), ['linked', 'question', 'question'], user);
      } else {
        // Two dossiers: asked which, the second question replaced the kept one; naming a code files it.
        assert.deepEqual(outcomes.slice(0, 4), ['linked', 'linked', 'asked_which', 'asked_which'], user);
        if (i % 3 === 0) {
          assert.deepEqual(questions.map((q) => [q.dossier_id, q.text]), [[dossiers[i]!.id, `Câu hỏi thứ hai của người ${i}`]]);
        } else assert.equal(questions.length, 0);
      }
    }
    const questionCount = Number((await a.db('dossier_questions').count({ n: '*' }).first())!.n);
    const asked = Number((await a.db('dossier_events').where({ type: 'question_asked' }).count({ n: '*' }).first())!.n);
    assert.equal(asked, questionCount, 'one chain event per question');
    const replies = await a.db('outbox_messages').where({ channel: 'zalo_cs' }).select('id', 'idempotency_key');
    assert.equal(replies.length, total, 'one reply per event');
    // The fixtures have no receipt event (inserted directly); every chain the questions extended is intact.
    const report = await verifyAuditChains(a.db);
    assert.deepEqual(report.broken.filter((x) => !x.reason.startsWith('no events')), []);

    // The replies left as their events were processed, on whichever instance, each once: before any outbox run.
    assert.equal(oa.sends.filter((s) => s.reply === 0).length, total, 'every reply sent at once, once');
    // Both dispatch at once as well: still each reply reaches the OA exactly once.
    await Promise.all([a.svc.jobs.run('outbox'), b.svc.notifications.dispatchDue({ limit: 500 }), b.svc.notifications.dispatchDue({ limit: 500 })]);
    await a.svc.notifications.dispatchDue({ limit: 500 });
    const delivered = oa.sends.filter((s) => s.reply === 0);
    assert.equal(delivered.length, total, `${delivered.length} sends for ${total} replies`);
    const rows = await a.db('outbox_messages').where({ channel: 'zalo_cs' }).pluck('status');
    assert.deepEqual([...new Set(rows)], ['delivered']);
  });

  test('a reply to a follower reaches Zalo within seconds of its event, without the outbox job, once', async () => {
    const before = oa.sends.length;
    const { raw, signature } = signedEvent(textEvent('u-quick', 'Xin chào'));
    const started = performance.now();
    // Delivered to both instances (Zalo retrying on another node): one event, one reply.
    const res = await Promise.all([a, b].map((app) => request(app.app).post('/zalo/webhook').set('Content-Type', 'application/json').set('X-ZEvent-Signature', signature).send(raw)));
    assert.deepEqual(res.map((r) => r.status), [200, 200]);
    while (oa.delivered('u-quick').length === 0 && performance.now() - started < 2000) await new Promise((r) => setTimeout(r, 20));
    assert.equal(oa.delivered('u-quick').length, 1, `delivered within 2 s (${Math.round(performance.now() - started)} ms)`);
    await Promise.all([a.svc.zalo.settle(), b.svc.zalo.settle()]);
    assert.equal(oa.sends.length - before, 1, 'sent once');
    assert.equal((await a.db('outbox_messages').where({ recipient: 'u-quick' }).first()).status, 'delivered');
  });
});
