/**
 * The Zalo OA webhook: signatures, storage and redelivery, and what each kind of message
 * does (help, linking under the shared per-code guard, questions, "which dossier?", PAKN,
 * unsupported events, follow/unfollow), each reply an outbox row on the zalo_cs channel.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { buildTestApp, createStaff, csrfFrom } from '../helpers/app.js';
import { runJob } from '../helpers/jobs.js';
import { zaloEventsRepo } from '../../src/features/zalo/zalo-events.repo.js';
import * as eventKeyMigration from '../../migrations/20261206104002_zalo_event_key_sender.js';
import { buildZaloApp, followEvent, OA, oaEnv, signedEvent, textEvent, zaloDossier, type ZaloApp } from '../helpers/zalo-oa.js';

const WARD = '000.31.01.H26';
const TOKENS = { accessToken: 'access-initial', refreshToken: 'refresh-initial' };
// Not contacted in this file: the outbox job is not run here.
const ENV = { ...oaEnv({ csUrl: 'http://127.0.0.1:9/cs', oauthUrl: 'http://127.0.0.1:9/oauth' }, TOKENS), LOOKUP_CODE_LIMIT: '3', LOOKUP_RATE_LIMIT: '1000' };

describe('Zalo OA webhook', () => {
  let z: ZaloApp;
  let clerkId: number;

  const post = (raw: string, signature?: string, type = 'application/json') => {
    const r = request(z.app).post('/zalo/webhook').set('Content-Type', type);
    if (signature !== undefined) r.set('X-ZEvent-Signature', signature);
    return r.send(raw);
  };
  /** Deliver a signed event and wait for its in-process handling. */
  async function deliver(event: Record<string, unknown>) {
    const { raw, signature } = signedEvent(event);
    const res = await post(raw, signature);
    assert.equal(res.status, 200, res.text);
    await z.svc.zalo.settle();
    return res;
  }
  const say = (userId: string, text: string) => deliver(textEvent(userId, text));
  const replies = (userId: string) => z.db('outbox_messages').where({ channel: 'zalo_cs', recipient: userId }).orderBy('id');
  const lastReply = async (userId: string) => {
    const rows = await replies(userId);
    const r = rows.at(-1);
    assert.ok(r, `a reply to ${userId}`);
    return { template: r.template as string, data: JSON.parse(r.data) as Record<string, any>, row: r };
  };

  before(async () => {
    z = await buildZaloApp({ now: vnInstant('2026-12-01', '10:00'), env: ENV });
    clerkId = await createStaff(z.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
  });
  after(() => z.cleanup());

  test('a signed event is stored, answered 200 and processed from the table: an unlinked follower gets the help reply', async () => {
    const ev = textEvent('u-help', 'Xin chào, tôi muốn hỏi về hồ sơ');
    const res = await deliver(ev);
    assert.equal(res.body.error, 0);
    const [row] = await z.db('zalo_events').where({ sender_id: 'u-help' });
    assert.equal(row.status, 'done');
    assert.equal(row.outcome, 'help');
    assert.equal(row.event_key, `msg:u-help:${ev.message.msg_id}`, 'a message is known by its sender and msg_id');
    assert.equal(row.event_name, 'user_send_text');
    const r = await lastReply('u-help');
    assert.equal(r.template, 'zalo_help');
    assert.equal(r.data.lookup_url, 'http://motcua.test/tra-cuu');
    assert.equal(r.data.hotline, '0251 3 999 010', 'the province centre hotline');
    assert.match(r.data.example, /^000\.31\.01\.H26-\d{6}-\d{4} \d{4}$/);
    const user = await z.db('zalo_users').where({ zalo_user_id: 'u-help' }).first();
    assert.ok(user.last_message_at);
  });

  test('a bad signature is refused 401, nothing is stored, and the warning does not carry the body', async () => {
    const before = Number((await z.db('zalo_events').count({ n: '*' }).first())!.n);
    const ev = textEvent('u-forged', 'Nội dung bí mật 0912345678');
    const { raw } = signedEvent(ev);
    const forged = signedEvent(ev, 'not-the-oa-secret').signature;
    const bad = await post(raw, forged);
    assert.equal(bad.status, 401);
    assert.equal((await post(raw)).status, 401, 'no header');
    assert.equal((await post(raw, 'mac=abc')).status, 401, 'malformed header');
    // Signed correctly, but for another app.
    const other = signedEvent({ ...ev, app_id: '1111' });
    assert.equal((await post(other.raw, other.signature)).status, 401);
    await z.svc.zalo.settle();
    assert.equal(Number((await z.db('zalo_events').count({ n: '*' }).first())!.n), before);
    const warnings = z.logs.filter((l) => l.includes('bad signature'));
    assert.equal(warnings.length, 4);
    for (const w of warnings) {
      assert.equal(JSON.parse(w).level, 40, 'logged as a warning');
      assert.ok(!w.includes('bí mật') && !w.includes('0912345678') && !w.includes('u-forged'), `no body in ${w}`);
    }
  });

  test('not JSON → 400, over 64 kB → 413, both storing nothing', async () => {
    assert.equal((await post('{not json', 'mac=00')).status, 400);
    assert.equal((await post('[1,2]', 'mac=00')).status, 400);
    const big = signedEvent(textEvent('u-big', 'x'.repeat(70_000)));
    assert.equal((await post(big.raw, big.signature)).status, 413);
    assert.equal((await z.db('zalo_events').where({ sender_id: 'u-big' })).length, 0);
  });

  test('an event whose timestamp is more than ZALO_EVENT_MAX_SKEW_HOURS from now is refused, stored nowhere', async () => {
    const now = z.clock.now().getTime();
    const hour = 3600_000;
    for (const ts of [now - 25 * hour, now + 25 * hour]) {
      const { raw, signature } = signedEvent(textEvent('u-stale', 'Tin cũ phát lại', { timestamp: ts }));
      const res = await post(raw, signature);
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'stale');
    }
    await z.svc.zalo.settle();
    assert.equal((await z.db('zalo_events').where({ sender_id: 'u-stale' })).length, 0);
    assert.ok(z.logs.some((l) => l.includes('timestamp too far from now') && !l.includes('Tin cũ')));
    await deliver(textEvent('u-stale', 'Tin hôm qua', { timestamp: now - 23 * hour }));
    assert.equal((await z.db('zalo_events').where({ sender_id: 'u-stale' })).length, 1, 'within the skew');
  });

  test('the same msg_id from two senders is two messages; from the same sender, a redelivery', async () => {
    await deliver(textEvent('u-same-1', 'Xin chào', { msgId: 'shared-msg-1' }));
    await deliver(textEvent('u-same-2', 'Xin chào', { msgId: 'shared-msg-1' }));
    const again = await deliver(textEvent('u-same-2', 'Xin chào', { msgId: 'shared-msg-1' }));
    assert.equal(again.body.message, 'duplicate');
    assert.deepEqual((await z.db('zalo_events').where({ msg_id: 'shared-msg-1' }).orderBy('id')).map((e) => [e.sender_id, e.status]), [
      ['u-same-1', 'done'],
      ['u-same-2', 'done'],
    ]);
    assert.equal((await replies('u-same-1')).length, 1);
    assert.equal((await replies('u-same-2')).length, 1);
  });

  test('the migration gives messages stored under the old key (msg_id alone) their new key: a redelivery is still recognised', async () => {
    const ev = textEvent('u-old', 'Tin nhận trước khi nâng cấp', { msgId: 'old-key-1' });
    // As stored before the migration: the key is the msg_id alone.
    await zaloEventsRepo(z.db).insert({ eventKey: 'old-key-1', eventName: 'user_send_text', appId: OA.appId, senderId: 'u-old', msgId: 'old-key-1', eventTs: Number(ev.timestamp), body: JSON.stringify(ev), receivedAt: z.clock.now() });
    await zaloEventsRepo(z.db).insert({ eventKey: 'follow:u-old:1', eventName: 'follow', appId: OA.appId, senderId: 'u-old', msgId: null, eventTs: 1, body: '{}', receivedAt: z.clock.now() });
    await eventKeyMigration.up(z.db);
    assert.deepEqual((await z.db('zalo_events').where({ sender_id: 'u-old' }).orderBy('id')).map((e) => e.event_key), ['msg:u-old:old-key-1', 'follow:u-old:1']);
    const { raw, signature } = signedEvent(ev);
    assert.equal((await post(raw, signature)).body.message, 'duplicate');
    await z.svc.zalo.settle();
  });

  test('a redelivered msg_id is a no-op: one event, one reply', async () => {
    const ev = textEvent('u-again', 'Hỏi lần một', { msgId: 'redelivered-1' });
    await deliver(ev);
    const again = await deliver(ev);
    assert.equal(again.body.message, 'duplicate');
    await z.svc.zalo.processDue(100);
    assert.equal((await z.db('zalo_events').where({ sender_id: 'u-again' })).length, 1);
    assert.equal((await replies('u-again')).length, 1);
  });

  test('linking with the right digits links and replies with the status summary and link; wrong digits do not', async () => {
    const d = await zaloDossier(z.db, clerkId, { due: '2026-12-04' });
    await say('u-link', `${d.code} 1234`);
    assert.equal((await z.db('zalo_links').where({ zalo_user_id: 'u-link' })).length, 0);
    const wrong = await lastReply('u-link');
    assert.equal(wrong.template, 'zalo_link_failed');
    // The legacy layout, lower case, separated by a comma: still read.
    await say('u-link', `${d.code.toLowerCase()}, 4321`);
    const links = await z.db('zalo_links').where({ zalo_user_id: 'u-link' });
    assert.deepEqual(links.map((l) => l.dossier_id), [d.id]);
    const ok = await lastReply('u-link');
    assert.equal(ok.template, 'zalo_linked');
    assert.equal(ok.data.code, d.code);
    assert.equal(ok.data.status, 'Đang xử lý');
    assert.equal(ok.data.appointment, 'Hẹn trả kết quả: 09:00, Thứ Sáu 04/12/2026');
    assert.equal(ok.data.status_url, `http://motcua.test/s/${d.token}`);
    assert.equal(ok.row.dossier_id, d.id);
    // The link is a non-public step on the dossier's chain, once: linking again adds none.
    await say('u-link', `${d.code} 4321`);
    const linkedEvents = await z.db('dossier_events').where({ dossier_id: d.id, type: 'zalo_linked' });
    assert.equal(linkedEvents.length, 1);
    assert.equal(Boolean(linkedEvents[0].public), false);
    // A linked follower's next message is a question on that dossier.
    await say('u-link', 'Khi nào tôi được nhận kết quả ạ?');
    const [q] = await z.db('dossier_questions').where({ dossier_id: d.id });
    assert.equal(q.channel, 'zalo');
    assert.equal(q.zalo_user_id, 'u-link');
    assert.equal(q.text, 'Khi nào tôi được nhận kết quả ạ?');
    const chained = await z.db('dossier_events').where({ dossier_id: d.id, type: 'question_asked' });
    assert.equal(chained.length, 1);
    const received = await lastReply('u-link');
    assert.equal(received.template, 'zalo_question_received');
    assert.equal(received.data.hours, '8');
    assert.equal(received.data.due, '10:00, Thứ Tư 02/12/2026');
  });

  test('wrong tries on Zalo and on POST /tra-cuu share the per-code limit: then even the right digits fail, alike', async () => {
    const d = await zaloDossier(z.db, clerkId);
    await say('u-guess', `${d.code} 0000`);
    await say('u-guess', `${d.code} 1111`);
    const agent = request.agent(z.app);
    const csrf = csrfFrom((await agent.get('/tra-cuu').expect(200)).text);
    assert.equal((await agent.post('/tra-cuu').type('form').send({ _csrf: csrf, code: d.code, phone_last4: '2222' })).status, 404);
    // Three wrong tries (LOOKUP_CODE_LIMIT=3): the code is blocked for everyone.
    await say('u-owner', `${d.code} 4321`);
    assert.equal((await lastReply('u-owner')).template, 'zalo_link_failed', 'the same answer as wrong digits');
    assert.equal((await z.db('zalo_links').where({ dossier_id: d.id })).length, 0);
    assert.equal((await agent.post('/tra-cuu').type('form').send({ _csrf: csrf, code: d.code, phone_last4: '4321' })).status, 404);
  });

  test('a follower linked to several open dossiers is asked which; naming one files the kept text on it', async () => {
    const a = await zaloDossier(z.db, clerkId);
    const b = await zaloDossier(z.db, clerkId);
    await say('u-two', `${a.code} 4321`);
    await say('u-two', `${b.code} 4321`);
    await say('u-two', 'Hồ sơ của tôi cần bổ sung gì nữa không?');
    const ask = await lastReply('u-two');
    assert.equal(ask.template, 'zalo_choose_dossier');
    assert.ok(ask.data.codes.includes(a.code) && ask.data.codes.includes(b.code));
    assert.equal((await z.db('dossier_questions').whereIn('dossier_id', [a.id, b.id])).length, 0);
    assert.equal((await z.db('zalo_users').where({ zalo_user_id: 'u-two' }).first()).pending_text, 'Hồ sơ của tôi cần bổ sung gì nữa không?');
    await say('u-two', `Hồ sơ ${a.code}.`);
    const filed = await z.db('dossier_questions').whereIn('dossier_id', [a.id, b.id]);
    assert.equal(filed.length, 1);
    assert.equal(filed[0].dossier_id, a.id);
    assert.equal(filed[0].text, 'Hồ sơ của tôi cần bổ sung gì nữa không?');
    assert.equal((await z.db('zalo_users').where({ zalo_user_id: 'u-two' }).first()).pending_text, null);
    assert.equal((await lastReply('u-two')).template, 'zalo_question_received');
    // A code alone, nothing kept: the status of that dossier, not a question.
    await say('u-two', b.code);
    const status = await lastReply('u-two');
    assert.equal(status.template, 'zalo_linked');
    assert.equal(status.data.code, b.code);
    assert.equal((await z.db('dossier_questions').whereIn('dossier_id', [a.id, b.id])).length, 1);
  });

  test('only finished dossiers linked → told it is finished, with the hotline; no question stored', async () => {
    const d = await zaloDossier(z.db, clerkId, { status: 'returned' });
    await say('u-done', `${d.code} 4321`);
    assert.equal((await lastReply('u-done')).template, 'zalo_linked');
    await say('u-done', 'Tôi muốn hỏi thêm');
    const r = await lastReply('u-done');
    assert.equal(r.template, 'zalo_dossier_finished');
    assert.equal(r.data.hotline, '0251 3 999 010');
    assert.equal((await z.db('dossier_questions').where({ dossier_id: d.id })).length, 0);
  });

  test('follow gets the help reply, unfollow records it, an image is ignored with a short reply for a linked follower', async () => {
    await deliver(followEvent('u-follow', 'follow'));
    assert.equal((await lastReply('u-follow')).template, 'zalo_help');
    await deliver(followEvent('u-follow', 'unfollow'));
    const u = await z.db('zalo_users').where({ zalo_user_id: 'u-follow' }).first();
    assert.ok(u.followed === false || u.followed === 0);
    assert.equal((await replies('u-follow')).length, 1, 'no reply to an unfollow');

    const image = { ...textEvent('u-link', ''), event_name: 'user_send_image', message: { msg_id: 'img-1', attachments: [{ type: 'image', payload: { url: 'https://example.vn/a.jpg' } }] } };
    await deliver(image);
    const ev = await z.db('zalo_events').where({ msg_id: 'img-1' }).first();
    assert.equal(ev.status, 'ignored');
    assert.equal((await lastReply('u-link')).template, 'zalo_text_only');
    const sticker = { ...textEvent('u-nobody', ''), event_name: 'user_send_sticker', message: { msg_id: 'sticker-1' } };
    await deliver(sticker);
    assert.equal((await z.db('zalo_events').where({ msg_id: 'sticker-1' }).first()).status, 'ignored');
    assert.equal((await replies('u-nobody')).length, 0, 'an unlinked follower is not answered for a sticker');
  });

  test('"PAKN" replies with the petition form link tied to the follower', async () => {
    await say('u-pakn', 'pakn: thủ tục quá rườm rà');
    const r = await lastReply('u-pakn');
    assert.equal(r.template, 'zalo_petition_link');
    assert.match(r.data.link, /^http:\/\/motcua\.test\/phan-anh-kien-nghi\/zalo\/[A-Za-z0-9_-]{20,}$/);
    const token = r.data.link.split('/').at(-1);
    const invite = await z.db('petition_zalo_invites').where({ token }).first();
    assert.equal(invite.zalo_user_id, 'u-pakn');
  });

  test("a follower's later event waits while an earlier one is unfinished; others' events do not", async () => {
    const repo = zaloEventsRepo(z.db);
    const now = z.clock.now();
    const base = { eventName: 'user_send_text', appId: OA.appId, eventTs: 1, body: '{}', receivedAt: now, msgId: null };
    await repo.insert({ ...base, eventKey: 'order-1', senderId: 'u-order' });
    await repo.insert({ ...base, eventKey: 'order-2', senderId: 'u-order' });
    await repo.insert({ ...base, eventKey: 'order-3', senderId: 'u-other' });
    const id = async (key: string) => Number((await z.db('zalo_events').where({ event_key: key }).first()).id);
    assert.equal(await repo.claim(await id('order-2'), 'test', now, 60_000), false, 'held back behind order-1');
    assert.equal(await repo.claim(await id('order-3'), 'test', now, 60_000), true, 'another follower');
    assert.equal(await repo.claim(await id('order-1'), 'test', now, 60_000), true);
    assert.equal(await repo.claim(await id('order-1'), 'other', now, 60_000), false, 'claimed once');
    assert.equal(await repo.claim(await id('order-2'), 'test', now, 60_000), false, 'order-1 still processing');
    // The lock expires (its instance died): another instance takes it over.
    assert.equal(await repo.claim(await id('order-1'), 'other', new Date(now.getTime() + 61_000), 60_000), true);
    await z.svc.zalo.processDue(100);
    const rows = await z.db('zalo_events').whereIn('event_key', ['order-1', 'order-2', 'order-3']).orderBy('id');
    assert.deepEqual(rows.map((r) => r.status), ['processing', 'pending', 'processing'], 'locked ones wait for their lock; order-2 for order-1');
    z.clock.advance(3 * 60_000);
    await z.svc.zalo.processDue(100);
    const after = await z.db('zalo_events').whereIn('event_key', ['order-1', 'order-2', 'order-3']).orderBy('id');
    assert.deepEqual(after.map((r) => r.status), ['ignored', 'ignored', 'ignored'], 'unreadable bodies are ignored, in order');
  });

  test('an event that keeps failing is retried, then given up with the error kind only, and does not hold back later ones', async () => {
    await z.db.schema.renameTable('petition_zalo_invites', 'petition_zalo_invites_off');
    try {
      await say('u-fail', 'PAKN số của tôi 0912345678');
      for (let i = 0; i < 6; i++) await z.svc.zalo.processDue(100);
    } finally {
      await z.db.schema.renameTable('petition_zalo_invites_off', 'petition_zalo_invites');
    }
    const ev = await z.db('zalo_events').where({ sender_id: 'u-fail' }).first();
    assert.equal(ev.status, 'failed');
    assert.equal(ev.attempts, 5);
    assert.ok(!ev.error.includes('0912345678') && !ev.error.includes('PAKN') && !ev.error.includes('petition'), ev.error);
    assert.equal((await replies('u-fail')).length, 0, 'nothing half-written');
    await say('u-fail', 'xin chào');
    assert.equal((await lastReply('u-fail')).template, 'zalo_help');
  });
});

/** A separate application for a describe: its env on top of ENV, a clerk, delivering helpers. */
async function world(env: Record<string, string>) {
  const z = await buildZaloApp({ now: vnInstant('2026-12-01', '10:00'), env: { ...ENV, ...env } });
  const clerkId = await createStaff(z.db, 'clerk', 'clerk', WARD);
  const say = async (userId: string, text: string) => {
    const { raw, signature } = signedEvent(textEvent(userId, text, { timestamp: z.clock.now().getTime() }));
    await request(z.app).post('/zalo/webhook').set('Content-Type', 'application/json').set('X-ZEvent-Signature', signature).send(raw).expect(200);
    await z.svc.zalo.settle();
  };
  const templates = async (userId: string) => (await z.db('outbox_messages').where({ recipient: userId }).orderBy('id')).map((r) => r.template as string);
  const lookup = async (code: string, last4: string, ip: string) => {
    const agent = request.agent(z.app);
    const csrf = csrfFrom((await agent.get('/tra-cuu').set('X-Forwarded-For', ip)).text);
    return agent.post('/tra-cuu').set('X-Forwarded-For', ip).type('form').send({ _csrf: csrf, code, phone_last4: last4 });
  };
  return { z, clerkId, say, templates, lookup };
}

describe('one follower cannot use up the shared lookup limits', () => {
  test('a flood of made-up links stops at the follower\'s own limit; others link and look up as usual', async () => {
    const { z, clerkId, say, templates, lookup } = await world({ LOOKUP_CODE_LIMIT: '5', LOOKUP_SENDER_LIMIT: '10', LOOKUP_SITE_LIMIT: '1000', TRUST_PROXY: 'true' });
    try {
      const ds = [];
      for (let i = 0; i < 8; i++) ds.push(await zaloDossier(z.db, clerkId));
      // 8 codes × 5 guesses from one follower.
      for (const d of ds) for (let g = 0; g < 5; g++) await say('u-flood', `${d.code} ${String(1000 + g)}`);
      const sent = await templates('u-flood');
      assert.deepEqual(sent, [...Array(10).fill('zalo_link_failed'), 'zalo_link_too_many'], 'its 10 tries, then told once to wait; the rest unanswered');
      const outcomes = await z.db('zalo_events').where({ sender_id: 'u-flood' }).orderBy('id').pluck('outcome');
      assert.deepEqual(outcomes.slice(10), ['link_too_many', ...Array(29).fill('link_too_many_quiet')]);
      assert.equal(Number((await z.db('lookup_attempts').count({ n: '*' }).first())!.n), 10, 'only its own 10 tries were counted');
      const tooMany = JSON.parse((await z.db('outbox_messages').where({ recipient: 'u-flood', template: 'zalo_link_too_many' }).first()).data);
      assert.match(tooMany.minutes, /^\d+$/);
      // The codes it never reached are untouched: their owners link on Zalo and look up on the web.
      await say('u-owner', `${ds[2]!.code} 4321`);
      assert.deepEqual(await templates('u-owner'), ['zalo_linked']);
      assert.equal((await lookup(ds[3]!.code, '4321', '203.0.113.7')).status, 303);
    } finally {
      await z.cleanup();
    }
  });

  test('at the site-wide ceiling a sender is slowed after a wrong try; a right code and digits still link', async () => {
    const { z, clerkId, say, templates, lookup } = await world({ LOOKUP_SITE_LIMIT: '2', LOOKUP_SLOW_SECONDS: '60', TRUST_PROXY: 'true' });
    try {
      const d = await zaloDossier(z.db, clerkId);
      const other = await zaloDossier(z.db, clerkId);
      await say('u-site', `${d.code} 0000`);
      await say('u-site', `${d.code} 1111`);
      // At the ceiling: its next try at once waits, even with the right digits.
      await say('u-site', `${d.code} 4321`);
      assert.deepEqual(await templates('u-site'), ['zalo_link_failed', 'zalo_link_failed', 'zalo_try_later']);
      assert.equal((await z.db('zalo_links').where({ dossier_id: d.id })).length, 0);
      // Others with the right code and digits are not refused: on Zalo and on the web.
      await say('u-citizen', `${other.code} 4321`);
      assert.deepEqual(await templates('u-citizen'), ['zalo_linked']);
      assert.equal((await lookup(other.code, '4321', '203.0.113.8')).status, 303);
      // A minute later its right digits link.
      z.clock.advance(61_000);
      await say('u-site', `${d.code} 4321`);
      assert.equal((await templates('u-site')).at(-1), 'zalo_linked');
    } finally {
      await z.cleanup();
    }
  });
});

describe('questions and form links from one follower, limited as on the status page', () => {
  test('over LOOKUP_RATE_LIMIT per window: told once, nothing stored; the next window takes them again', async () => {
    const { z, clerkId, say, templates } = await world({ LOOKUP_RATE_LIMIT: '3', RATE_LIMIT_WINDOW_MINUTES: '15' });
    try {
      const d = await zaloDossier(z.db, clerkId);
      await say('u-burst', `${d.code} 4321`);
      for (let i = 0; i < 8; i++) await say('u-burst', `Câu hỏi số ${i + 1} về hồ sơ`);
      const questions = await z.db('dossier_questions').where({ dossier_id: d.id }).orderBy('id').pluck('text');
      assert.deepEqual(questions, ['Câu hỏi số 1 về hồ sơ', 'Câu hỏi số 2 về hồ sơ', 'Câu hỏi số 3 về hồ sơ']);
      assert.deepEqual(await templates('u-burst'), ['zalo_linked', 'zalo_question_received', 'zalo_question_received', 'zalo_question_received', 'zalo_too_many_messages']);
      const refusal = await z.db('outbox_messages').where({ recipient: 'u-burst', template: 'zalo_too_many_messages' }).first();
      assert.match(JSON.parse(refusal.data).minutes, /^\d+$/);
      // "PAKN": the same limit, its own count.
      for (let i = 0; i < 5; i++) await say('u-burst', 'PAKN');
      assert.equal((await z.db('petition_zalo_invites').where({ zalo_user_id: 'u-burst' })).length, 3);
      assert.deepEqual((await templates('u-burst')).slice(5), ['zalo_petition_link', 'zalo_petition_link', 'zalo_petition_link', 'zalo_too_many_messages']);
      // Another follower is not affected.
      await say('u-calm', 'PAKN');
      assert.deepEqual(await templates('u-calm'), ['zalo_petition_link']);
      // Two windows later, a question is taken again.
      z.clock.advance(31 * 60_000);
      await say('u-burst', 'Câu hỏi sau khi chờ');
      assert.equal((await z.db('dossier_questions').where({ dossier_id: d.id })).length, 4);
      assert.equal((await templates('u-burst')).at(-1), 'zalo_question_received');
    } finally {
      await z.cleanup();
    }
  });
});

describe('Zalo OA not configured', () => {
  test('the webhook answers 404 and the rest works', async () => {
    const t = await buildTestApp({ now: vnInstant('2026-12-01', '10:00') });
    try {
      const { raw, signature } = signedEvent(textEvent('u-x', 'xin chào'));
      const res = await request(t.http).post('/zalo/webhook').set('Content-Type', 'application/json').set('X-ZEvent-Signature', signature).send(raw);
      assert.equal(res.status, 404);
      assert.equal((await t.db('zalo_events')).length, 0);
      await request(t.http).get('/tra-cuu').expect(200);
      const run = await runJob(t.deps, 'zalo');
      assert.ok(run.ran && 'counts' in run);
      assert.deepEqual(run.counts, {});
    } finally {
      await t.cleanup();
    }
  });
});
