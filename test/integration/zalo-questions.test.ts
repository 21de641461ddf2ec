/**
 * A question from Zalo to the answer on Zalo, against local peers honouring the real
 * contracts (the OA of test/helpers/zalo-oa.ts, the ZNS and SMS stubs): the inbox of the
 * dossier's officer, the officer's answer over HTTP, the outbox delivering it once as a
 * consultation message; Zalo refusing the free reply → the ZNS copy, ZNS refusing → SMS;
 * the token pair rotated by the 'zalo' job and used for the next sends.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { toDate } from '../../src/db/knex.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { vnInstant } from '../../src/domain/time.js';
import { zaloTokens } from '../../src/platform/messaging/zalo-oa/tokens.js';
import { createStaff, signIn } from '../helpers/app.js';
import { intl, startSmsStub, startZnsStub, type SmsStub, type ZnsStub } from '../helpers/stubs.js';
import { buildZaloApp, oaEnv, signedEvent, startOaStub, textEvent, zaloDossier, type OaStub, type ZaloApp } from '../helpers/zalo-oa.js';

const WARD = '000.31.01.H26';
const TOKENS = { accessToken: 'access-initial', refreshToken: 'refresh-initial' };
const ZNS_TOKEN = 'zns-token';
const SMS_TOKEN = 'sms-token';

describe('questions on Zalo, answered on Zalo', () => {
  let z: ZaloApp;
  let oa: OaStub;
  let zns: ZnsStub;
  let sms: SmsStub;
  let clerkId: number;
  let officerId: number;
  let officer: Awaited<ReturnType<typeof signIn>>;

  async function say(userId: string, text: string) {
    const { raw, signature } = signedEvent(textEvent(userId, text, { timestamp: z.clock.now().getTime() }));
    const res = await (await import('supertest')).default(z.app).post('/zalo/webhook').set('Content-Type', 'application/json').set('X-ZEvent-Signature', signature).send(raw);
    assert.equal(res.status, 200);
    await z.svc.zalo.settle();
  }
  const dispatch = async () => {
    const run = await z.svc.jobs.run('outbox');
    assert.ok(run.ran && 'counts' in run, JSON.stringify(run));
    return run.counts;
  };
  const zaloJob = async () => {
    const run = await z.svc.jobs.run('zalo');
    assert.ok(run.ran && 'counts' in run, JSON.stringify(run));
    return run.counts;
  };
  const staffUser = async (id: number): Promise<StaffUser> => {
    const u = await z.db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.id', id).first('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'a.name');
    return { id: u.id, username: u.username, fullName: u.full_name, role: u.role, agencyId: u.agency_id, agencyName: u.name };
  };
  /** A dossier of the officer, linked to `userId`, with a question asked from Zalo; the question's id. */
  async function askedOnZalo(userId: string, phone: string, text: string) {
    const d = await zaloDossier(z.db, clerkId, { assignedTo: officerId, phone });
    await say(userId, `${d.code} ${phone.slice(-4)}`);
    await say(userId, text);
    const q = await z.db('dossier_questions').where({ dossier_id: d.id }).first();
    assert.ok(q, 'the question is stored');
    return { d, q };
  }
  async function answer(questionId: number, text: string) {
    const res = await officer.agent.post(`/cau-hoi/${questionId}/tra-loi`).type('form').send({ _csrf: officer.csrf, noi_dung: text, loai: 'tra_loi' });
    assert.equal(res.status, 303, res.text);
  }

  before(async () => {
    oa = await startOaStub(TOKENS);
    zns = await startZnsStub({ token: ZNS_TOKEN });
    sms = await startSmsStub({ token: SMS_TOKEN });
    z = await buildZaloApp({
      now: vnInstant('2026-12-01', '10:00'),
      env: {
        ...oaEnv(oa, TOKENS),
        ZNS_ACCESS_TOKEN: ZNS_TOKEN,
        ZNS_API_URL: zns.url,
        ZNS_TEMPLATE_IDS: 'question_answered=3001',
        SMS_GATEWAY_URL: sms.url,
        SMS_GATEWAY_TOKEN: SMS_TOKEN,
        SESSION_TTL_HOURS: '720',
      },
    });
    clerkId = await createStaff(z.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    officerId = await createStaff(z.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    officer = await signIn(z.app, 'officer');
  });
  after(async () => {
    await z.cleanup();
    await Promise.all([oa.close(), zns.close(), sms.close()]);
  });

  test("a Zalo question reaches the officer's inbox; the answer goes out once as a consultation message", async () => {
    const { d, q } = await askedOnZalo('u-ask', '0987654321', 'Hồ sơ của tôi đến bước nào rồi ạ?');
    // The replies to the follower's own messages left at once, without the outbox job.
    assert.equal(oa.delivered('u-ask').length, 2, 'the link and question replies');
    const inbox = await z.svc.questions.inbox(await staffUser(officerId));
    const item = inbox.find((i) => i.id === q.id);
    assert.ok(item, 'in the inbox');
    assert.equal(item.channel, 'zalo');
    assert.equal(item.mine, true);
    const page = await officer.agent.get('/cau-hoi').expect(200);
    assert.match(page.text, /Qua Zalo/);
    const thread = await officer.agent.get(`/ho-so/${d.id}`).expect(200);
    assert.match(thread.text, /\(Qua Zalo\)/);

    await answer(q.id, 'Hồ sơ đang được thẩm định, dự kiến có kết quả đúng hẹn.');
    const [row] = await z.db('outbox_messages').where({ template: 'question_answered_zalo' });
    assert.equal(row.channel, 'zalo_cs');
    assert.equal(row.recipient, 'u-ask');
    assert.equal(row.idempotency_key, `question_answered:${q.id}:zalo_cs`);
    assert.equal(row.fallback_channel, 'zns');
    assert.equal(row.fallback_recipient, '0987654321');
    assert.equal(row.fallback_template, 'question_answered');
    assert.equal((await z.db('outbox_messages').where({ dossier_id: d.id, template: 'question_answered' })).length, 0, 'no ZNS/SMS while Zalo can take it');

    const counts = await dispatch();
    assert.equal(counts.delivered, 1, JSON.stringify(counts)); // the answer (the replies had left already)
    await dispatch();
    const answers = oa.delivered('u-ask').filter((t) => t.includes('dự kiến có kết quả đúng hẹn'));
    assert.equal(answers.length, 1, 'delivered once');
    assert.match(answers[0]!, new RegExp(`hồ sơ ${d.code.replace(/\./g, '\\.')}`));
    assert.match(answers[0]!, new RegExp(`http://motcua\\.test/s/${d.token}`));
    assert.ok(oa.sends.every((s) => s.invalid === null), JSON.stringify(oa.sends.filter((s) => s.invalid)));
    assert.equal((await z.db('outbox_messages').where({ id: row.id }).first()).status, 'delivered');
    assert.equal(zns.requests.length, 0);
  });

  test('Zalo refuses the free reply (outside the window) → the ZNS copy; ZNS cannot reach the phone → SMS', async () => {
    const { d, q } = await askedOnZalo('u-late', '0911222333', 'Tôi cần bổ sung gì không?');
    await dispatch(); // the replies to the follower's own messages go out
    oa.failUser('u-late', -230);
    zns.failPhone('0911222333', -118);
    await answer(q.id, 'Không cần bổ sung thêm.');
    const first = await dispatch();
    assert.equal(first.fallback, 1, JSON.stringify(first));
    const cs = await z.db('outbox_messages').where({ template: 'question_answered_zalo', dossier_id: d.id }).first();
    assert.equal(cs.status, 'permanent-failure');
    assert.match(cs.last_error, /-230/);
    assert.match(cs.last_error, /Zalo ZNS/);
    const copy = await z.db('outbox_messages').where({ idempotency_key: `question_answered:${q.id}:zalo_cs:fallback` }).first();
    assert.equal(copy.channel, 'zns');
    assert.equal(copy.template, 'question_answered');
    assert.equal(copy.recipient, '0911222333');
    await dispatch(); // ZNS: -118 (no Zalo account) → its SMS copy
    const znsTry = zns.requests.filter((r) => r.body?.phone === intl('0911222333'));
    assert.equal(znsTry.length, 1);
    assert.equal(znsTry[0]!.body.template_id, '3001');
    assert.deepEqual(Object.keys(znsTry[0]!.body.template_data).sort(), ['code', 'status_url']);
    await dispatch();
    const smsSent = sms.requests.filter((r) => r.body?.to === intl('0911222333') && r.status === 200);
    assert.equal(smsSent.length, 1);
    assert.match(smsSent[0]!.body.text, /đã trả lời câu hỏi/);
    assert.equal(oa.delivered('u-late').filter((t) => t.includes('Không cần bổ sung')).length, 0);
  });

  test('the zalo job rotates the token pair; the next refresh uses the new refresh token; sends use the new access token', async () => {
    const tokens = zaloTokens(z.deps, z.config.notifications.zaloOa!);
    const counts = await zaloJob(); // expiry unknown: refreshed at once
    assert.equal(counts.token_refreshed, 1);
    let stored = await z.db('zalo_oa_tokens').where({ id: 1 }).first();
    assert.equal(stored.access_token, 'access-rotated-1');
    assert.equal(stored.refresh_token, 'refresh-rotated-1');
    assert.equal(toDate(stored.expires_at).getTime(), z.clock.now().getTime() + 90_000_000, 'expires_in given as a string');
    assert.equal(stored.refreshed_by, z.config.server.instanceId);
    assert.equal((await zaloJob()).token_refreshed, 0, 'not due: a day left');
    assert.equal(oa.refreshes.length, 1);
    assert.equal(oa.refreshes[0]!.form.refresh_token, 'refresh-initial');

    z.clock.advance(24 * 3600_000); // within the hour before expiry
    assert.equal((await zaloJob()).token_refreshed, 1);
    assert.equal(oa.refreshes[1]!.form.refresh_token, 'refresh-rotated-1', 'the rotated refresh token is used');
    assert.ok(oa.refreshes.every((r) => r.ok && r.headers.secret_key === 'app-secret-for-oauth'));
    stored = await z.db('zalo_oa_tokens').where({ id: 1 }).first();
    assert.equal(stored.access_token, 'access-rotated-2');

    const before = oa.sends.length;
    await say('u-ask', 'Cảm ơn cán bộ');
    await dispatch();
    const after = oa.sends.slice(before);
    assert.ok(after.length >= 1);
    assert.ok(after.every((s) => s.headers.access_token === 'access-rotated-2' && s.reply === 0));

    // A failed refresh keeps the pair and counts the failure.
    z.clock.advance(24 * 3600_000);
    oa.failRefresh(1);
    assert.equal((await zaloJob()).token_refresh_failed, 1);
    stored = await z.db('zalo_oa_tokens').where({ id: 1 }).first();
    assert.equal(stored.access_token, 'access-rotated-2');
    assert.equal(stored.failures, 1);
    assert.match(stored.last_error, /Invalid refresh token|Refresh token is invalid/);
    assert.equal((await zaloJob()).token_refreshed, 1, 'retried at the next run');
    assert.equal((await tokens.stored()).failures, 0);
  });

  test('an access token Zalo refuses is a temporary failure and is refreshed by the next zalo job; the retry then goes out', async () => {
    await z.db('zalo_oa_tokens').where({ id: 1 }).update({ access_token: 'access-revoked' });
    const before = oa.sends.length;
    await say('u-ask', 'Cho tôi hỏi thêm một việc');
    // The immediate send was refused (-216): a temporary failure, left to the outbox job.
    const c1 = await dispatch();
    assert.equal(c1.selected, 0, JSON.stringify(c1));
    const stuck = await z.db('outbox_messages').where({ channel: 'zalo_cs', status: 'temporary-failure' });
    assert.ok(stuck.length >= 1);
    assert.match(stuck[0].last_error, /-216/);
    assert.equal((await z.db('zalo_oa_tokens').where({ id: 1 }).first()).expires_at, null, 'marked for refresh');
    // The stub still holds the last refresh token: the job refreshes the pair.
    assert.equal((await zaloJob()).token_refreshed, 1);
    z.clock.advance(2 * 60_000);
    await dispatch();
    const sent = oa.sends.slice(before).filter((s) => s.reply === 0);
    assert.ok(sent.length >= 1);
    assert.equal((await z.db('outbox_messages').where({ channel: 'zalo_cs', status: 'temporary-failure' })).length, 0);
  });

  test('a refresh rotating the pair while a reply is on its way: the reply goes again at once with the new token, once', async () => {
    // Due for a refresh whatever the tests before left (expiry unknown, as on first use).
    await z.db('zalo_oa_tokens').where({ id: 1 }).update({ expires_at: null });
    const old = String((await z.db('zalo_oa_tokens').where({ id: 1 }).first()).access_token);
    assert.equal(old, oa.accessToken, 'the stored token is the valid one');
    // Another instance's 'zalo' job refreshes after this reply's sender read the token, before Zalo checks it.
    let refreshed = '';
    oa.beforeNextSend(async () => {
      refreshed = await zaloTokens(z.deps, z.config.notifications.zaloOa!).refreshIfDue('instance-other');
    });
    const before = oa.sends.length;
    await say('u-rotated', 'Xin chào');
    assert.equal(refreshed, 'refreshed');
    assert.notEqual(oa.accessToken, old);
    assert.deepEqual(
      oa.sends.slice(before).map((s) => [s.headers.access_token, s.reply]),
      [
        [old, -216],
        [oa.accessToken, 0],
      ],
      'refused with the old token, then sent with the new one, before any outbox run',
    );
    const row = await z.db('outbox_messages').where({ channel: 'zalo_cs', recipient: 'u-rotated' }).first();
    assert.equal(row.status, 'delivered');
    assert.equal(row.attempts, 1);
    assert.notEqual((await z.db('zalo_oa_tokens').where({ id: 1 }).first()).expires_at, null, 'the new token is not marked for refresh');
    assert.equal(oa.delivered('u-rotated').length, 1);
  });

  test('Zalo has answered a refresh (the old token ended) but the new pair is not stored yet: a reply refused meanwhile waits for it and goes, once', async () => {
    await z.db('zalo_oa_tokens').where({ id: 1 }).update({ expires_at: null });
    const old = String((await z.db('zalo_oa_tokens').where({ id: 1 }).first()).access_token);
    assert.equal(old, oa.accessToken, 'the stored token is the valid one');
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let release = () => {};
    oa.holdNextRefreshAnswer(new Promise<void>((r) => (release = r)));
    // Another instance's refresh reaches Zalo while this reply is on its way: Zalo rotates the pair, its answer is held back.
    const refreshesBefore = oa.refreshes.length;
    let refresh: Promise<string> | null = null;
    oa.beforeNextSend(async () => {
      refresh = zaloTokens(z.deps, z.config.notifications.zaloOa!).refreshIfDue('instance-other');
      while (oa.refreshes.length === refreshesBefore) await sleep(5);
    });
    const before = oa.sends.length;
    // The answer (and so the new pair in the table) comes well after the reply was refused.
    const releaser = (async () => {
      while (!oa.sends.slice(before).some((s) => s.reply !== 0)) await sleep(5);
      await sleep(300);
      release();
    })();
    await say('u-rotating', 'Xin chào');
    await releaser;
    assert.equal(await refresh, 'refreshed');
    assert.deepEqual(
      oa.sends.slice(before).map((s) => [s.headers.access_token, s.reply]),
      [
        [old, -216],
        [oa.accessToken, 0],
      ],
      'refused with the old token, then sent with the new one once stored, before any outbox run',
    );
    const row = await z.db('outbox_messages').where({ channel: 'zalo_cs', recipient: 'u-rotating' }).first();
    assert.equal(row.status, 'delivered');
    assert.equal(row.attempts, 1);
    const stored = await z.db('zalo_oa_tokens').where({ id: 1 }).first();
    assert.equal(stored.access_token, oa.accessToken);
    assert.equal(stored.refreshing_since, null, 'no refresh in flight any more');
    assert.notEqual(stored.expires_at, null, 'the new token is not marked for refresh');
  });

  test('replies to a follower go out during quiet hours; an answer waits for the morning', async () => {
    z.clock.set(vnInstant('2026-12-08', '23:00'));
    const { q } = await askedOnZalo('u-night', '0933444555', 'Hỏi lúc nửa đêm');
    assert.equal(oa.delivered('u-night').length, 2, 'the link and question replies at once');
    await answer(q.id, 'Trả lời ban đêm');
    await dispatch();
    assert.equal(oa.delivered('u-night').filter((t) => t.includes('Trả lời ban đêm')).length, 0, 'held until quiet hours end');
  });

  test('a new refresh token in the environment (re-authorisation) replaces the stored pair', async () => {
    const reauthorised = { ...z.config.notifications.zaloOa!, accessToken: 'access-reauthorised', refreshToken: 'refresh-reauthorised' };
    const tokens = zaloTokens(z.deps, reauthorised);
    assert.equal(await tokens.accessToken(), 'access-reauthorised');
    const stored = await z.db('zalo_oa_tokens').where({ id: 1 }).first();
    assert.equal(stored.refresh_token, 'refresh-reauthorised');
    assert.equal(stored.expires_at, null);
    // The same environment again changes nothing (the refreshed pair would be kept).
    await z.db('zalo_oa_tokens').where({ id: 1 }).update({ access_token: 'access-after-refresh' });
    assert.equal(await tokens.accessToken(), 'access-after-refresh');
  });
  test('a Zalo template the administrator switched off is not stored; an answer then goes as the usual notice', async () => {
    z.clock.set(vnInstant('2026-12-10', '10:00'));
    const adminId = await createStaff(z.db, 'admin', 'admin', '000.00.01.H26', 'Quản Trị Viên');
    const admin = await staffUser(adminId);
    const { d, q } = await askedOnZalo('u-off', '0944555666', 'Hỏi khi mẫu Zalo tắt');
    assert.equal((await z.svc.notifications.switchTemplate(admin, 'question_answered_zalo', false)).ok, true);
    assert.equal((await z.svc.notifications.switchTemplate(admin, 'zalo_help', false)).ok, true);
    await answer(q.id, 'Trả lời khi mẫu Zalo tắt');
    assert.equal((await z.db('outbox_messages').where({ dossier_id: d.id, template: 'question_answered_zalo' })).length, 0);
    const notice = await z.db('outbox_messages').where({ dossier_id: d.id, template: 'question_answered' });
    assert.deepEqual(notice.map((n) => [n.channel, n.recipient]), [['zns', '0944555666']]);
    await say('u-stranger', 'xin chào');
    assert.equal((await z.db('outbox_messages').where({ recipient: 'u-stranger' })).length, 0);
    assert.equal((await z.db('zalo_events').where({ sender_id: 'u-stranger' }).first()).status, 'done');
  });
});
