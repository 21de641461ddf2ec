/** The staff pages /thong-bao and /thong-bao/mau, and a dossier's messages. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { paths } from '../../src/web/paths.js';
import { showMessage } from '../../src/platform/messaging/messages.js';
import { notificationsRepo } from '../../src/features/notifications/notifications.repo.js';
import { services } from '../../src/services.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { CITIZEN_TEMPLATE_KEYS, TEMPLATE_KEYS, TEMPLATES, templates } from '../../src/messaging.js';
import { enqueue, enqueueForCitizen } from '../../src/platform/messaging/outbox.js';
import { render } from '../../src/platform/messaging/templates.js';
import { buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, signIn, type TestApp } from '../helpers/app.js';

const WARD = '000.31.01.H26';
const OTHER_WARD = '000.31.02.H26';
const CENTRE = '000.00.01.H26';
const NOW = vnInstant('2026-11-23', '09:00');

describe('notification pages', () => {
  let t: TestApp;
  let dossierId: number;
  let code: string;
  type Agent = Awaited<ReturnType<typeof signIn>>['agent'];
  let admin: Agent;
  let clerk: Agent;
  let otherClerk: Agent;
  let supervisor: Agent;

  before(async () => {
    t = await buildTestApp({ now: NOW });
    await createStaff(t.db, 'admin', 'admin', CENTRE);
    await createStaff(t.db, 'clerk', 'clerk', WARD);
    await createStaff(t.db, 'clerk2', 'clerk', OTHER_WARD);
    await createStaff(t.db, 'supervisor', 'supervisor', OTHER_WARD);
    const c = await signIn(t.http, 'clerk');
    const res = await c.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(), action: 'confirm', _csrf: c.csrf }).expect(303);
    dossierId = dossierIdFromRedirect(res.headers.location);
    code = (await t.db('dossiers').where({ id: dossierId }).first('code')).code;
    // The intake's own electronic receipt is tested in citizen-notices.test.ts; these page
    // tests work on the hand-made messages below.
    await t.db('outbox_messages').where({ dossier_id: dossierId, template: 'receipt' }).delete();
    clerk = c.agent;
    admin = (await signIn(t.http, 'admin')).agent;
    otherClerk = (await signIn(t.http, 'clerk2')).agent;
    supervisor = (await signIn(t.http, 'supervisor')).agent;

    const data = { code, days_early: '1', due: '16:59, Thứ Hai 23/11/2026', status_url: 'http://motcua.test/s/abc' };
    await enqueueForCitizen(t.db, {
      contact: { phone: '0987654321', email: 'thao@example.vn' },
      phoneChannel: 'zns',
      template: 'early_completion',
      data,
      reference: code,
      dossierId,
      key: `early_completion:${dossierId}`,
      now: NOW,
    });
    await enqueue(t.db, {
      channel: 'email',
      recipient: 'officer@tranbien.example.vn',
      template: 'due_soon',
      data: { code, procedure: 'Chứng thực bản sao', due: '16:59', link: 'http://motcua.test/ho-so/1' },
      reference: code,
      dossierId,
      idempotencyKey: `due_soon:${dossierId}:staff:1`,
      notBefore: NOW,
      now: NOW,
    });
    await enqueue(t.db, {
      channel: 'sms',
      recipient: '0911222333',
      template: 'result_ready',
      data: { code: 'KHAC-0001', status_url: 'http://motcua.test/s/xyz' },
      reference: 'KHAC-0001',
      dossierId: null,
      idempotencyKey: 'orphan:1',
      notBefore: NOW,
      now: NOW,
    });
    await t.db('outbox_messages').where({ idempotency_key: `early_completion:${dossierId}:zns` }).update({ status: 'delivered', attempts: 1, delivered_at: NOW, provider_message_id: 'zns-1' });
    await t.db('outbox_messages')
      .where({ idempotency_key: `early_completion:${dossierId}:email` })
      .update({ status: 'permanent-failure', attempts: 1, last_error: 'SMTP: 550 5.1.1 <thao@example.vn>: Recipient address rejected' });
    await t.db('outbox_messages').where({ idempotency_key: `due_soon:${dossierId}:staff:1` }).update({ status: 'temporary-failure', attempts: 2, last_error: 'SMTP: 451 4.7.1 Greylisted' });
  });
  after(() => t.cleanup());

  test('signed-out visitors are sent to the login page', async () => {
    const res = await request(t.http).get(paths.notifications.list).expect(302);
    assert.match(res.headers.location ?? '', /^\/dang-nhap/);
    await request(t.http).get(paths.notifications.templates).expect(302);
  });

  test('administrators see every message with full recipients and Vietnamese statuses', async () => {
    const res = await admin.get(paths.notifications.list).expect(200);
    for (const s of ['0987654321', 'thao@example.vn', 'officer@tranbien.example.vn', '0911222333', 'KHAC-0001']) assert.ok(res.text.includes(s), s);
    for (const s of ['Đã gửi', 'Lỗi vĩnh viễn', 'Lỗi tạm thời', 'Đã tạo', 'Zalo (ZNS)', 'Thư điện tử', 'SMS']) assert.ok(res.text.includes(s), s);
    assert.ok(res.text.includes(TEMPLATES.early_completion.label));
    assert.ok(res.text.includes(TEMPLATES.due_soon.label));
    assert.ok(res.text.includes('Recipient address rejected'));
    assert.ok(res.text.includes(`href="/ho-so/${dossierId}"`));
    assert.match(res.text, /4 tin nhắn/);
    // No provider is configured in this app: the page says so.
    assert.match(res.text, /Chưa cấu hình kênh/);
  });

  test("other staff see their agency's dossiers' messages, recipients masked", async () => {
    const res = await clerk.get(paths.notifications.list).expect(200);
    assert.ok(res.text.includes('0987******'));
    assert.ok(res.text.includes('t***@example.vn'));
    assert.ok(res.text.includes('o***@tranbien.example.vn'));
    for (const s of ['0987654321', 'thao@example.vn', 'officer@tranbien.example.vn', '0911222333', 'KHAC-0001']) assert.ok(!res.text.includes(s), `${s} must not show`);
    assert.match(res.text, /3 tin nhắn/);

    const other = await otherClerk.get(paths.notifications.list).expect(200);
    assert.match(other.text, /0 tin nhắn/);
    assert.ok(!other.text.includes(code));
  });

  test('supervisors see only their own agency\'s messages, masked, counts included (issue 11 #2)', async () => {
    // A dossier of the other ward, with a message: the first ward's staff must not see it.
    const c2 = await signIn(t.http, 'clerk2');
    const res2 = await c2.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm({ applicant_phone: '0964123765' }), action: 'confirm', _csrf: c2.csrf }).expect(303);
    const otherId = dossierIdFromRedirect(res2.headers.location);
    const otherCode = (await t.db('dossiers').where({ id: otherId }).first('code')).code as string;
    await t.db('outbox_messages').where({ dossier_id: otherId, template: 'receipt' }).delete();
    await enqueue(t.db, {
      channel: 'sms',
      recipient: '0964123765',
      template: 'result_ready',
      data: { code: otherCode, status_url: 'http://motcua.test/s/other' },
      reference: otherCode,
      dossierId: otherId,
      idempotencyKey: `result_ready:${otherId}:sms`,
      notBefore: NOW,
      now: NOW,
    });

    const res = await supervisor.get(paths.notifications.list).expect(200);
    assert.match(res.text, /1 tin nhắn/, 'the other ward\'s supervisor sees their one message only');
    assert.ok(res.text.includes(otherCode));
    assert.ok(!res.text.includes(code), 'not the first ward\'s dossier');
    assert.ok(!res.text.includes('0911'), 'not a message about no dossier');
    assert.ok(res.text.includes('0964******'));
    assert.doesNotMatch(res.text, /3765|765\b/, 'no lookup digit of the masked phone');

    await createStaff(t.db, 'supervisor1', 'supervisor', WARD);
    const sup1 = (await signIn(t.http, 'supervisor1')).agent;
    const mine = await sup1.get(paths.notifications.list).expect(200);
    assert.match(mine.text, /3 tin nhắn/);
    assert.ok(!mine.text.includes(otherCode), 'not the other ward\'s dossier');
    assert.ok(!mine.text.includes('0964'), 'not the other ward\'s recipient');
    const delivered = await sup1.get(`${paths.notifications.list}?trang_thai=created`).expect(200);
    assert.match(delivered.text, /0 tin nhắn/, 'the status filter stays within the agency');

    const all = await admin.get(paths.notifications.list).expect(200);
    assert.match(all.text, /5 tin nhắn/, 'the administrator sees every message');
    await t.db('outbox_messages').where({ dossier_id: otherId }).delete();
  });

  test('the list filters by status', async () => {
    const res = await admin.get(`${paths.notifications.list}?trang_thai=delivered`).expect(200);
    assert.match(res.text, /1 tin nhắn/);
    assert.ok(res.text.includes('0987654321'));
    assert.ok(!res.text.includes('0911222333'));
    await admin.get(`${paths.notifications.list}?trang_thai=nonsense&trang=abc`).expect(200);
  });

  test('/thong-bao/mau shows every template rendered with its sample data', async () => {
    const res = await clerk.get(paths.notifications.templates).expect(200);
    for (const key of TEMPLATE_KEYS) {
      const tpl = TEMPLATES[key];
      const rendered = render(tpl, tpl.sample);
      const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
      assert.ok(res.text.includes(html(tpl.label)), `label of ${key}`);
      assert.ok(res.text.includes(html(rendered.title)), `title of ${key}`);
      assert.ok(res.text.includes(html(rendered.text)), `text of ${key}`);
    }
    assert.doesNotMatch(res.text, /\{[a-z_]+\}/, 'no placeholder left');
    assert.match(res.text, /ký tự \(Unicode\)/);
  });

  test("a dossier's messages: all for staff, citizen-facing only and no recipient for the public", async () => {
    const staffOf = async (username: string): Promise<StaffUser> => {
      const u = await t.db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.username', username).first('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'a.name');
      return { id: u.id, username: u.username, fullName: u.full_name, role: u.role, agencyId: u.agency_id, agencyName: u.name };
    };
    const svc = services(t.deps);
    const all = await svc.notifications.forDossier(await staffOf('admin'), dossierId);
    assert.equal(all.length, 3);
    assert.deepEqual(
      all.map((m) => [m.channel, m.template, m.status]),
      [
        ['zns', 'early_completion', 'delivered'],
        ['email', 'early_completion', 'permanent-failure'],
        ['email', 'due_soon', 'temporary-failure'],
      ],
    );
    assert.equal(all[0]!.templateTitle, TEMPLATES.early_completion.label);
    assert.equal(all[0]!.statusLabel, 'Đã gửi');
    assert.equal(all[0]!.channelLabel, 'Zalo (ZNS)');
    assert.equal(all[0]!.deliveredAt?.getTime(), NOW.getTime());
    assert.equal(all[0]!.createdAt.getTime(), NOW.getTime());
    assert.equal(all[0]!.recipient, '0987654321');

    // Other staff: the same messages, recipients masked (no lookup digit).
    const masked = await svc.notifications.forDossier(await staffOf('clerk'), dossierId);
    assert.deepEqual(
      masked.map((m) => m.recipient),
      ['0987******', 't***@example.vn', 'o***@tranbien.example.vn'],
    );

    const pub = (await notificationsRepo(t.db).messagesForDossier(dossierId, { templates: CITIZEN_TEMPLATE_KEYS })).map((m) => showMessage(m, { publicOnly: true, templates }));
    assert.deepEqual(
      pub.map((m) => [m.channel, m.template, m.recipient]),
      [
        ['zns', 'early_completion', null],
        ['email', 'early_completion', null],
      ],
    );
  });
});
