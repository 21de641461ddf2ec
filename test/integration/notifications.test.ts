/**
 * The outbox dispatcher against real protocol peers on localhost: a ZNS API, an SMS
 * gateway and an SMTP server (test/helpers/stubs.ts).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { createDb, toDate, toDateOrNull } from '../../src/db/knex.js';
import type { Deps } from '../../src/deps.js';
import { MINUTE_MS, vnInstant } from '../../src/domain/time.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatchDue, TEMPLATES } from '../../src/messaging.js';
import { emailChannel } from '../../src/platform/messaging/channels/email.js';
import { smsChannel } from '../../src/platform/messaging/channels/sms.js';
import { znsChannel } from '../../src/platform/messaging/channels/zns.js';
import { CHANNEL_BREAKER_THRESHOLD } from '../../src/platform/messaging/dispatcher.js';
import { enqueue, enqueueForCitizen, type Channel } from '../../src/platform/messaging/outbox.js';
import { render } from '../../src/platform/messaging/templates.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { startSmsStub, startSmtpStub, startZnsStub, type SmsStub, type SmtpStub, type ZnsStub } from '../helpers/stubs.js';

const ZNS_TOKEN = 'zns-oa-token-thu-nghiem';
const SMS_TOKEN = 'sms-gateway-token';
const MAIL_FROM = 'Bộ phận Một cửa phường Trấn Biên <motcua@tranbien.example.vn>';
const MONDAY_9 = vnInstant('2026-11-23', '09:00');
const CODE = '000.31.01.H26-261123-0042';
const PHONE = '0987654321';

const EARLY = { code: CODE, procedure: 'Đăng ký thành lập hộ kinh doanh', days_early: '2', due: '10:00, Thứ Năm 26/11/2026', status_url: 'http://motcua.test/s/abc' };
const APOLOGY = {
  code: CODE,
  procedure: 'Đăng ký thành lập hộ kinh doanh',
  reason: 'Cần xác minh thêm thông tin với Chi cục Thuế khu vực',
  old_due: '10:00, Thứ Năm 26/11/2026',
  new_due: '10:00, Thứ Năm 03/12/2026',
  status_url: 'http://motcua.test/s/abc',
};
const RESULT = { code: CODE, status_url: 'http://motcua.test/s/abc' };
const STAFF = { code: CODE, procedure: 'Đăng ký thành lập hộ kinh doanh', due: '10:00, Thứ Năm 26/11/2026', link: 'http://motcua.test/ho-so/42' };

interface Row {
  id: number;
  status: string;
  attempts: number;
  next_attempt_at: unknown;
  locked_until: unknown;
  locked_by: string | null;
  provider_message_id: string | null;
  last_error: string | null;
  delivered_at: unknown;
  idempotency_key: string;
}

describe('notification dispatcher with ZNS, SMS and SMTP peers', () => {
  let t: TestApp;
  let zns: ZnsStub;
  let sms: SmsStub;
  let smtp: SmtpStub;
  let seq = 0;

  before(async () => {
    [zns, sms, smtp] = await Promise.all([startZnsStub({ token: ZNS_TOKEN }), startSmsStub({ token: SMS_TOKEN }), startSmtpStub()]);
    t = await buildTestApp({
      now: MONDAY_9,
      env: {
        INSTANCE_ID: 'dispatcher-a',
        ZNS_ACCESS_TOKEN: ZNS_TOKEN,
        ZNS_API_URL: zns.url,
        ZNS_TEMPLATE_IDS: 'early_completion=1001,apology=1002,result_ready=1003,due_soon=1005',
        SMS_GATEWAY_URL: sms.url,
        SMS_GATEWAY_TOKEN: SMS_TOKEN,
        SMS_BRANDNAME: 'UBND TRANBIEN',
        SMTP_URL: smtp.url,
        MAIL_FROM,
      },
    });
  });
  after(async () => {
    await t.cleanup();
    await Promise.all([zns.close(), sms.close(), smtp.close()]);
  });
  beforeEach(async () => {
    await t.db('outbox_messages').del();
    zns.reset();
    sms.reset();
    smtp.reset();
    t.clock.set(MONDAY_9);
  });

  async function put(channel: Channel, recipient: string, template: string, data: Record<string, string>, key = `test:${++seq}`): Promise<number> {
    assert.ok(await enqueue(t.db, { channel, recipient, template, data, reference: CODE, dossierId: null, idempotencyKey: key, notBefore: t.clock.now(), now: t.clock.now() }));
    return (await t.db('outbox_messages').where({ idempotency_key: key }).first('id')).id;
  }
  const row = async (id: number): Promise<Row> => t.db('outbox_messages').where({ id }).first();
  const at = (v: unknown) => toDate(v).getTime();
  /** The same deps with other notification settings. */
  const withConfig = (patch: (c: Config) => Config, extra: Partial<Deps> = {}): Deps => ({ ...t.deps, config: patch(t.config), ...extra });

  test('delivers on every channel: ZNS by its contract, SMS by the gateway contract, e-mail with Vietnamese intact', async () => {
    const znsId = await put('zns', PHONE, 'early_completion', EARLY);
    const smsId = await put('sms', '0912 345 678', 'result_ready', RESULT);
    const mailId = await put('email', 'thao@example.vn', 'apology', APOLOGY);

    const counts = await dispatchDue(t.deps, { limit: 10 });
    assert.equal(counts.selected, 3);
    assert.equal(counts.delivered, 3, JSON.stringify(counts));

    // ZNS: headers, phone format, template id from the configuration, string data, tracking id.
    assert.equal(zns.requests.length, 1);
    const z = zns.requests[0]!;
    assert.equal(z.invalid, null);
    assert.equal(z.headers.access_token, ZNS_TOKEN);
    assert.match(String(z.headers['content-type']), /^application\/json/);
    assert.deepEqual(z.body, {
      phone: '84987654321',
      template_id: '1001',
      template_data: { code: CODE, days_early: '2', due: EARLY.due, collect_info: TEMPLATES.early_completion.defaults!.collect_info, status_url: EARLY.status_url },
      tracking_id: String(znsId),
    });
    const zr = await row(znsId);
    assert.equal(zr.status, 'delivered');
    assert.equal(zr.provider_message_id, 'zns-msg-1');
    assert.equal(at(zr.delivered_at), MONDAY_9.getTime());
    assert.equal(zr.attempts, 1);
    assert.equal(zr.locked_until, null);
    assert.equal(zr.locked_by, 'dispatcher-a');

    // SMS: bearer token, 84… number, brand name, the rendered Vietnamese text, our id as reference.
    assert.equal(sms.requests.length, 1);
    const s = sms.requests[0]!;
    assert.equal(s.headers.authorization, `Bearer ${SMS_TOKEN}`);
    assert.deepEqual(s.body, { to: '84912345678', brandname: 'UBND TRANBIEN', text: render(TEMPLATES.result_ready, RESULT).text, reference: String(smsId) });
    assert.match(s.body.text, /đã có kết quả/);
    assert.equal((await row(smsId)).provider_message_id, 'sms-1');

    // E-mail: decoded subject and body are the template's, diacritics intact; traceable id.
    assert.equal(smtp.messages.length, 1);
    const mail = smtp.messages[0]!;
    const expected = render(TEMPLATES.apology, APOLOGY);
    assert.deepEqual(mail.to, ['thao@example.vn']);
    assert.equal(mail.from, 'motcua@tranbien.example.vn');
    assert.equal(mail.subject, expected.title);
    assert.equal(mail.subject, `Phiếu xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${CODE}`);
    assert.ok(mail.text.includes(expected.text), mail.text);
    assert.ok(mail.text.includes('Cần xác minh thêm thông tin với Chi cục Thuế khu vực'));
    assert.ok(mail.text.includes('thành thật xin lỗi'));
    assert.equal(mail.headers['message-id'], `<motcua-outbox-${mailId}@tranbien.example.vn>`);
    assert.equal(mail.headers['x-motcua-outbox-id'], String(mailId));
    assert.equal(mail.headers['x-motcua-reference'], CODE);
    assert.match(mail.headers['content-type'] ?? '', /charset=utf-8/i);
    const mr = await row(mailId);
    assert.equal(mr.status, 'delivered');
    assert.equal(mr.provider_message_id, `<motcua-outbox-${mailId}@tranbien.example.vn>`);

    // Nothing is sent twice.
    const again = await dispatchDue(t.deps, { limit: 10 });
    assert.equal(again.selected, 0);
    assert.equal(zns.requests.length + sms.requests.length + smtp.messages.length, 3);
  });

  test('a temporary failure is retried on the back-off schedule (1, 5, 15 min …), then delivered', async () => {
    zns.failPhone(PHONE, -124); // invalid access token: retry
    sms.failTo('0912345678', 503, 503, 503);
    smtp.tempReject.add('busy@example.vn');
    const znsId = await put('zns', PHONE, 'early_completion', EARLY);
    const smsId = await put('sms', '0912345678', 'result_ready', RESULT);
    const mailId = await put('email', 'busy@example.vn', 'result_ready', RESULT);

    let counts = await dispatchDue(t.deps);
    assert.equal(counts.temporary, 3, JSON.stringify(counts));
    for (const id of [znsId, smsId, mailId]) {
      const r = await row(id);
      assert.equal(r.status, 'temporary-failure');
      assert.equal(r.attempts, 1);
      assert.equal(at(r.next_attempt_at), MONDAY_9.getTime() + 1 * MINUTE_MS);
      assert.equal(r.locked_until, null);
    }
    assert.match((await row(znsId)).last_error!, /-124/);
    assert.match((await row(smsId)).last_error!, /503/);
    assert.match((await row(mailId)).last_error!, /451/);

    // Not due yet: nothing is tried.
    t.clock.advance(30_000);
    assert.equal((await dispatchDue(t.deps)).selected, 0);

    t.clock.set(new Date(MONDAY_9.getTime() + 1 * MINUTE_MS));
    smtp.tempReject.clear();
    counts = await dispatchDue(t.deps);
    assert.equal(counts.delivered, 2, JSON.stringify(counts));
    const zr = await row(znsId);
    assert.equal(zr.status, 'delivered');
    assert.equal(zr.attempts, 2);
    assert.match(zr.last_error!, /-124/, 'the last error is kept for the record');
    assert.equal((await row(mailId)).status, 'delivered');
    assert.equal(zns.deliveries.get(String(znsId)), 1);

    // The SMS keeps failing: 5 then 15 minutes.
    let r = await row(smsId);
    assert.equal(r.attempts, 2);
    assert.equal(at(r.next_attempt_at), t.clock.now().getTime() + 5 * MINUTE_MS);
    t.clock.advance(5 * MINUTE_MS);
    await dispatchDue(t.deps);
    r = await row(smsId);
    assert.equal(r.attempts, 3);
    assert.equal(at(r.next_attempt_at), t.clock.now().getTime() + 15 * MINUTE_MS);
    t.clock.advance(15 * MINUTE_MS);
    counts = await dispatchDue(t.deps);
    assert.equal(counts.delivered, 1);
    assert.equal((await row(smsId)).status, 'delivered');
    assert.equal(sms.deliveries.get(String(smsId)), 1);
    assert.equal(sms.requests.length, 4);
  });

  test('HTTP 5xx is temporary; after 24 hours of failures the message is given up', async () => {
    zns.failPhone(PHONE, 'http500', 'http500');
    const id = await put('zns', PHONE, 'early_completion', EARLY);
    // Created 23 h 58 min ago and already tried many times: the next try is capped at the 24 h mark.
    await t.db('outbox_messages')
      .where({ id })
      .update({ created_at: new Date(MONDAY_9.getTime() - (24 * 60 - 2) * MINUTE_MS), attempts: 9 });
    await dispatchDue(t.deps);
    let r = await row(id);
    assert.equal(r.status, 'temporary-failure');
    assert.match(r.last_error!, /HTTP 500/);
    assert.equal(at(r.next_attempt_at), MONDAY_9.getTime() + 2 * MINUTE_MS);

    t.clock.advance(2 * MINUTE_MS);
    const counts = await dispatchDue(t.deps);
    assert.equal(counts.permanent, 1);
    r = await row(id);
    assert.equal(r.status, 'permanent-failure');
    assert.equal(r.attempts, 11);
    assert.match(r.last_error!, /24 giờ/);
  });

  test('permanent failures: template not approved, no ZNS template id (sent by SMS instead), missing parameter, SMS 4xx, SMTP 550', async () => {
    zns.failPhone(PHONE, -131);
    smtp.reject.add('nobody@example.vn');
    sms.failTo('0912000111', 400);
    const notApproved = await put('zns', PHONE, 'early_completion', EARLY);
    const noTemplateId = await put('zns', '0977000111', 'supplement_request', { code: CODE, items: 'Giấy ủy quyền', status_url: 'http://motcua.test/s/abc' });
    const missingParam = await put('email', 'thao@example.vn', 'apology', { ...APOLOGY, reason: '' });
    const smsRefused = await put('sms', '0912000111', 'result_ready', RESULT);
    const mailRefused = await put('email', 'nobody@example.vn', 'result_ready', RESULT);

    const counts = await dispatchDue(t.deps);
    assert.equal(counts.permanent, 5, JSON.stringify(counts));
    for (const id of [notApproved, noTemplateId, missingParam, smsRefused, mailRefused]) assert.equal((await row(id)).status, 'permanent-failure');
    assert.match((await row(notApproved)).last_error!, /-131/);
    assert.match((await row(noTemplateId)).last_error!, /ZNS_TEMPLATE_IDS/);
    assert.match((await row(missingParam)).last_error!, /thiếu tham số: reason/);
    assert.match((await row(smsRefused)).last_error!, /HTTP 400/);
    assert.match((await row(mailRefused)).last_error!, /550/);
    // Zalo was asked once (the not-approved template). A template missing its ZNS id must not
    // leave the citizen without a message: it gets an SMS copy; the rejected template does not.
    assert.equal(zns.requests.length, 1);
    const copies = await t.db('outbox_messages').where('idempotency_key', 'like', '%fallback-sms').select('channel', 'recipient', 'template');
    assert.deepEqual(copies, [{ channel: 'sms', recipient: '0977000111', template: 'supplement_request' }]);
    assert.equal(smtp.messages.length, 0);
  });

  test('-108 (and the other "cannot receive" codes) falls back to an SMS copy of the message', async () => {
    zns.failPhone(PHONE, -108);
    zns.failPhone('0977000222', -139);
    await enqueueForCitizen(t.db, {
      contact: { phone: PHONE, email: null },
      phoneChannel: 'zns',
      template: 'apology',
      data: APOLOGY,
      reference: CODE,
      dossierId: null as unknown as number,
      key: 'apology:fallback-test',
      now: t.clock.now(),
    });
    const refused = await put('zns', '0977000222', 'result_ready', RESULT);
    const znsRow = await t.db('outbox_messages').where({ idempotency_key: 'apology:fallback-test:zns' }).first();

    let counts = await dispatchDue(t.deps);
    assert.equal(counts.fallback, 2, JSON.stringify(counts));
    const zr = await row(znsRow.id);
    assert.equal(zr.status, 'permanent-failure');
    assert.match(zr.last_error!, /-108/);
    assert.match(zr.last_error!, /SMS/);
    const copy = await t.db('outbox_messages').where({ idempotency_key: 'apology:fallback-test:zns:fallback-sms' }).first();
    assert.ok(copy, 'an SMS copy is queued');
    assert.equal(copy.channel, 'sms');
    assert.equal(copy.recipient, PHONE);
    assert.equal(copy.template, 'apology');
    assert.equal(copy.reference, CODE);
    assert.equal(copy.status, 'created');
    assert.ok(await t.db('outbox_messages').where({ idempotency_key: `${(await row(refused)).idempotency_key}:fallback-sms` }).first());

    counts = await dispatchDue(t.deps);
    assert.equal(counts.delivered, 2);
    const s = sms.requests.find((r) => r.body.reference === String(copy.id))!;
    assert.equal(s.body.to, '84987654321');
    assert.equal(s.body.text, render(TEMPLATES.apology, APOLOGY).text);

    // Without an SMS gateway the ZNS message simply ends.
    zns.failPhone('0977000333', -118);
    const lone = await put('zns', '0977000333', 'result_ready', RESULT);
    counts = await dispatchDue(withConfig((c) => ({ ...c, notifications: { ...c.notifications, sms: null } })));
    assert.equal(counts.fallback, 0);
    assert.equal((await row(lone)).status, 'permanent-failure');
    assert.match((await row(lone)).last_error!, /chưa cấu hình SMS/);
    assert.equal(await t.db('outbox_messages').where({ idempotency_key: `${(await row(lone)).idempotency_key}:fallback-sms` }).first(), undefined);
  });

  test('-133 (no ZNS at night) reschedules to 06:00 Vietnam time', async () => {
    // Quiet hours narrower than Zalo's night, so the dispatcher does try at 22:30.
    const deps = withConfig((c) => ({ ...c, notifications: { ...c.notifications, quietHours: [23 * 60, 5 * 60] as const } }));
    t.clock.set(vnInstant('2026-11-23', '22:30'));
    zns.failPhone(PHONE, -133);
    const id = await put('zns', PHONE, 'early_completion', EARLY);
    let counts = await dispatchDue(deps);
    assert.equal(counts.rescheduled, 1, JSON.stringify(counts));
    const r = await row(id);
    assert.equal(r.status, 'temporary-failure');
    assert.equal(at(r.next_attempt_at), vnInstant('2026-11-24', '06:00').getTime());
    assert.match(r.last_error!, /-133/);

    t.clock.set(vnInstant('2026-11-24', '05:59'));
    assert.equal((await dispatchDue(deps)).selected, 0);
    t.clock.set(vnInstant('2026-11-24', '06:00'));
    counts = await dispatchDue(deps);
    assert.equal(counts.delivered, 1);
    assert.equal(zns.deliveries.get(String(id)), 1);
  });

  test('quota and balance errors back off for long and alert the operators', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (s: string) => void lines.push(s) });
    zns.failPhone(PHONE, -115);
    zns.failPhone('0977000444', -144);
    const balance = await put('zns', PHONE, 'early_completion', EARLY);
    const daily = await put('zns', '0977000444', 'early_completion', EARLY);
    const counts = await dispatchDue({ ...t.deps, logger });
    assert.equal(counts.temporary, 2);
    assert.equal(at((await row(balance)).next_attempt_at), MONDAY_9.getTime() + 60 * MINUTE_MS);
    // The OA's daily limit: the next morning, 06:00, or 07:00 when quiet hours (21:00–07:00) end later.
    assert.equal(at((await row(daily)).next_attempt_at), vnInstant('2026-11-24', '07:00').getTime());
    assert.equal(lines.filter((l) => /ZNS quota or balance/.test(l)).length, 2, lines.join('\n'));
  });

  test('quiet hours hold citizen messages until 07:00; staff messages go out at once', async () => {
    t.clock.set(vnInstant('2026-11-23', '22:00'));
    const citizenZns = await put('zns', PHONE, 'early_completion', EARLY);
    const citizenMail = await put('email', 'thao@example.vn', 'result_ready', RESULT);
    const staffMail = await put('email', 'officer@tranbien.example.vn', 'due_soon', STAFF);
    const staffZns = await put('zns', '0977000555', 'due_soon', STAFF);

    let counts = await dispatchDue(t.deps);
    assert.equal(counts.held, 2, JSON.stringify(counts));
    assert.equal(counts.delivered, 2);
    for (const id of [citizenZns, citizenMail]) {
      const r = await row(id);
      assert.equal(r.status, 'created');
      assert.equal(r.attempts, 0);
      assert.equal(at(r.next_attempt_at), vnInstant('2026-11-24', '07:00').getTime());
    }
    assert.equal((await row(staffMail)).status, 'delivered');
    assert.equal((await row(staffZns)).status, 'delivered');
    assert.deepEqual(smtp.messages.map((m) => m.to[0]), ['officer@tranbien.example.vn']);
    assert.equal(zns.requests.length, 1);

    t.clock.set(vnInstant('2026-11-24', '06:59'));
    assert.equal((await dispatchDue(t.deps)).delivered, 0);
    t.clock.set(vnInstant('2026-11-24', '07:00'));
    counts = await dispatchDue(t.deps);
    assert.equal(counts.delivered, 2);
    assert.equal((await row(citizenZns)).attempts, 1);
  });

  test('two dispatchers racing deliver every message exactly once', async () => {
    zns.delayMs = 5;
    sms.delayMs = 5;
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await put('zns', `09770${String(i).padStart(5, '0')}`, 'early_completion', EARLY));
    for (let i = 0; i < 12; i++) ids.push(await put('sms', `09120${String(i).padStart(5, '0')}`, 'result_ready', RESULT));
    for (let i = 0; i < 12; i++) ids.push(await put('email', `nguoi${i}@example.vn`, 'result_ready', RESULT));

    // The second dispatcher is another instance: its own connection pool, its own id.
    const db2 = createDb(t.testDb.url);
    try {
      const other: Deps = { ...t.deps, db: db2, config: { ...t.config, server: { ...t.config.server, instanceId: 'dispatcher-b' } } };
      const [a, b] = await Promise.all([dispatchDue(t.deps, { limit: 100 }), dispatchDue(other, { limit: 100 })]);
      assert.equal(a.delivered + b.delivered, ids.length, JSON.stringify({ a, b }));
      assert.equal(a.errors + b.errors, 0);
      // Every message one of them selected but did not send, it lost to the other.
      assert.equal(a.skipped + b.skipped, a.selected + b.selected - ids.length);
    } finally {
      await db2.destroy();
    }
    const rows: Row[] = await t.db('outbox_messages').whereIn('id', ids);
    assert.ok(rows.every((r) => r.status === 'delivered' && r.attempts === 1), JSON.stringify(rows.filter((r) => r.status !== 'delivered' || r.attempts !== 1)));
    // Each peer got each of its messages once.
    assert.equal(zns.requests.length, 12);
    assert.ok([...zns.deliveries.values()].every((n) => n === 1));
    assert.equal(sms.requests.length, 12);
    assert.ok([...sms.deliveries.values()].every((n) => n === 1));
    assert.equal(smtp.messages.length, 12);
    assert.equal(new Set(smtp.messages.map((m) => m.headers['x-motcua-outbox-id'])).size, 12);
  });

  test('a message left "sending" by a dead process is retried once its lock expires; a live lock is respected', async () => {
    const dead = await put('zns', PHONE, 'early_completion', EARLY);
    const live = await put('zns', '0977000666', 'early_completion', EARLY);
    await t.db('outbox_messages').where({ id: dead }).update({ status: 'sending', attempts: 1, locked_by: 'crashed', locked_until: new Date(MONDAY_9.getTime() - 1000) });
    await t.db('outbox_messages').where({ id: live }).update({ status: 'sending', attempts: 1, locked_by: 'busy', locked_until: new Date(MONDAY_9.getTime() + 60_000) });

    const counts = await dispatchDue(t.deps);
    assert.equal(counts.delivered, 1, JSON.stringify(counts));
    const d = await row(dead);
    assert.equal(d.status, 'delivered');
    assert.equal(d.attempts, 2);
    assert.equal(d.locked_by, 'dispatcher-a');
    const l = await row(live);
    assert.equal(l.status, 'sending');
    assert.equal(l.locked_by, 'busy');
    assert.deepEqual(zns.requests.map((r) => r.body.tracking_id), [String(dead)]);

    // The other one's lock runs out too.
    t.clock.set(new Date(MONDAY_9.getTime() + 61_000));
    assert.equal((await dispatchDue(t.deps)).delivered, 1);
    assert.equal((await row(live)).status, 'delivered');
  });

  test('without a provider, messages stay "created"; a configured channel still delivers', async () => {
    const znsId = await put('zns', PHONE, 'early_completion', EARLY);
    const smsId = await put('sms', PHONE, 'result_ready', RESULT);
    const mailId = await put('email', 'thao@example.vn', 'result_ready', RESULT);

    const none = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', INSTANCE_ID: 'bare' });
    assert.equal(none.notifications.zns, null);
    const counts = await dispatchDue({ ...t.deps, config: none });
    assert.deepEqual(counts, { selected: 0, delivered: 0, temporary: 0, permanent: 0, fallback: 0, rescheduled: 0, held: 0, skipped: 0, errors: 0, deferred: 0 });
    for (const id of [znsId, smsId, mailId]) {
      const r = await row(id);
      assert.equal(r.status, 'created');
      assert.equal(r.attempts, 0);
      assert.equal(r.last_error, null);
    }

    const mailOnly = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', INSTANCE_ID: 'mail-only', SMTP_URL: smtp.url });
    const partial = await dispatchDue({ ...t.deps, config: mailOnly });
    assert.equal(partial.delivered, 1);
    assert.equal((await row(mailId)).status, 'delivered');
    assert.equal((await row(znsId)).status, 'created');
    assert.equal((await row(smsId)).status, 'created');
    assert.equal(toDateOrNull((await row(znsId)).delivered_at), null);
  });

  test('timeouts and refused connections are temporary; a channel that keeps failing is left for the next run', async () => {
    // A port nobody listens on.
    const closedPort = await new Promise<number>((resolve) => {
      const srv = http.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const message = { id: 1, channel: 'zns' as const, recipient: PHONE, template: TEMPLATES.result_ready, data: RESULT, title: 'T', text: 'Nội dung', reference: CODE };
    zns.delayMs = 1000;
    const slow = znsChannel({ config: t.config.notifications.zns!, clock: t.clock, logger: t.deps.logger, quietHours: t.config.notifications.quietHours, timeoutMs: 150 });
    const timedOut = await slow.send(message);
    assert.equal(timedOut.ok, false);
    assert.ok(!timedOut.ok && timedOut.kind === 'temporary' && /timeout|aborted/i.test(timedOut.error), JSON.stringify(timedOut));
    zns.delayMs = 0;
    const refusedSms = await smsChannel({ config: { ...t.config.notifications.sms!, url: `http://127.0.0.1:${closedPort}/sms` }, logger: t.deps.logger }).send({ ...message, channel: 'sms' });
    assert.ok(!refusedSms.ok && refusedSms.kind === 'temporary', JSON.stringify(refusedSms));
    const refusedMail = await emailChannel({ config: { ...t.config.notifications.smtp!, url: `smtp://127.0.0.1:${closedPort}` }, logger: t.deps.logger }).send({ ...message, channel: 'email', recipient: 'thao@example.vn' });
    assert.ok(!refusedMail.ok && refusedMail.kind === 'temporary', JSON.stringify(refusedMail));

    // The gateway answers 503 to everything: after a few failures the run stops using it.
    const ids: number[] = [];
    for (let i = 0; i < CHANNEL_BREAKER_THRESHOLD + 3; i++) {
      const phone = `09130${String(i).padStart(5, '0')}`;
      sms.failTo(phone, 503);
      ids.push(await put('sms', phone, 'result_ready', RESULT));
    }
    const mail = await put('email', 'thao@example.vn', 'result_ready', RESULT);
    const counts = await dispatchDue(t.deps, { concurrency: 1 });
    assert.equal(counts.temporary, CHANNEL_BREAKER_THRESHOLD, JSON.stringify(counts));
    assert.equal(counts.deferred, 3);
    assert.equal(counts.delivered, 1, 'other channels carry on');
    assert.equal((await row(mail)).status, 'delivered');
    const left = await t.db('outbox_messages').whereIn('id', ids).where({ status: 'created', attempts: 0 });
    assert.equal(left.length, 3);
    assert.equal(sms.requests.length, CHANNEL_BREAKER_THRESHOLD);
  });
});
