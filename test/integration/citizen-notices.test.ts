/**
 * The citizen hears of every step (issue 12 #2): svc.notifications.notifyCitizen picks the
 * template, fills its data from the dossier, stores it once per step on ZNS (or SMS) and
 * e-mail, honours the administrators' switches and the quiet hours; the sweeps use it for
 * the overdue notice and to catch early results nobody was told of.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Knex } from 'knex';
import { toDate } from '../../src/db/knex.js';
import { formatDateTimeVn, vnInstant } from '../../src/domain/time.js';
import type { CitizenStep } from '../../src/features/notifications/citizen-steps.js';
import { dispatchDue, TEMPLATES } from '../../src/messaging.js';
import { render } from '../../src/platform/messaging/templates.js';
import { paths } from '../../src/web/paths.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, signIn, type TestApp } from '../helpers/app.js';
import { at, insertDossier } from '../helpers/fixtures.js';
import { runJob } from '../helpers/jobs.js';
import { startSmtpStub, startZnsStub, type SmtpStub, type ZnsStub } from '../helpers/stubs.js';

const WARD = '000.31.01.H26';
const MONDAY = vnInstant('2026-11-23', '09:00');
const ZNS_IDS: Record<string, string> = {
  receipt: '3001',
  supplement_request: '3002',
  result_ready: '3003',
  refused: '3004',
  withdrawn: '3005',
  voided: '3006',
  apology: '3007',
  overdue_notice: '3008',
};
const ADDRESS = '99 Phạm Văn Thuận, phường Trấn Biên';
const HOTLINE = '0251 3822 123';

type Row = { channel: string; recipient: string; template: string; data: Record<string, string>; idempotency_key: string; status: string; next_attempt_at: unknown };

async function outbox(db: Knex, dossierId: number, template?: string): Promise<Row[]> {
  const q = db('outbox_messages').where({ dossier_id: dossierId });
  if (template) q.where({ template });
  const rows = await q.orderBy([{ column: 'template' }, { column: 'channel' }]).select('channel', 'recipient', 'template', 'data', 'idempotency_key', 'status', 'next_attempt_at');
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) }));
}

describe('citizen notices', () => {
  let t: TestApp;
  let zns: ZnsStub;
  let smtp: SmtpStub;
  let svc: ReturnType<typeof services>;
  let clerkId: number;
  let agencyName: string;

  const notify = (id: number, step: CitizenStep) => t.db.transaction((trx) => svc.notifications.notifyCitizen(trx, id, step, t.clock.now()));

  /** A dossier as the counter would have left it, with an e-mail. */
  async function dossier(f: Partial<Parameters<typeof insertDossier>[2]> & { email?: string | null; delivery?: string } = {}) {
    const id = await insertDossier(t.db, clerkId, { received: '2026-11-23', due: '2026-11-26', status: 'in_progress', ...f });
    await t.db('dossiers').where({ id }).update({ applicant_email: f.email === undefined ? 'thao@example.vn' : f.email, result_delivery: f.delivery ?? 'counter' });
    return (await t.db('dossiers').where({ id }).first('id', 'code', 'public_token')) as { id: number; code: string; public_token: string };
  }

  before(async () => {
    zns = await startZnsStub({ token: 'oa-token' });
    smtp = await startSmtpStub();
    t = await buildTestApp({
      now: MONDAY,
      env: {
        INSTANCE_ID: 'notices',
        SESSION_TTL_HOURS: '720',
        ZNS_ACCESS_TOKEN: 'oa-token',
        ZNS_API_URL: zns.url,
        ZNS_TEMPLATE_IDS: Object.entries(ZNS_IDS).map(([k, v]) => `${k}=${v}`).join(','),
        SMTP_URL: smtp.url,
      },
    });
    await t.db('agencies').where({ eid: WARD }).update({ address: ADDRESS, hotline: HOTLINE });
    agencyName = (await t.db('agencies').where({ eid: WARD }).first('name')).name;
    clerkId = await createStaff(t.db, 'clerk', 'clerk', WARD);
    await createStaff(t.db, 'admin', 'admin', '000.00.01.H26');
    svc = services(t.deps);
  });
  beforeEach(() => {
    t.clock.set(MONDAY);
    zns.reset();
    smtp.messages.length = 0;
  });
  after(async () => {
    await t.cleanup();
    await zns.close();
    await smtp.close();
  });

  test('receipt: code, procedure, appointment and status link, on Zalo and e-mail, once; delivered to the ZNS and SMTP peers', async () => {
    const d = await dossier();
    assert.equal(await notify(d.id, { kind: 'receipt' }), 2);
    assert.equal(await notify(d.id, { kind: 'receipt' }), 0, 'a second call stores nothing');
    const rows = await outbox(t.db, d.id);
    assert.deepEqual(rows.map((r) => [r.template, r.channel, r.recipient]), [
      ['receipt', 'email', 'thao@example.vn'],
      ['receipt', 'zns', '0987654321'],
    ]);
    const procedure = (await t.db('procedures').where({ code: '1.001612' }).first('name')).name as string;
    assert.deepEqual(rows[1]!.data, {
      code: d.code,
      status_url: `http://motcua.test${paths.publicStatus.page(d.public_token)}`,
      agency: agencyName,
      procedure,
      due: formatDateTimeVn(at('2026-11-26')),
    });
    assert.equal(rows[1]!.idempotency_key, `receipt:${d.id}:zns`);

    const counts = await dispatchDue(t.deps);
    assert.equal(counts.delivered, 2, JSON.stringify(counts));
    assert.equal(zns.requests.length, 1);
    const req = zns.requests[0]!;
    assert.equal(req.invalid, null);
    assert.equal(req.body.phone, '84987654321');
    assert.equal(req.body.template_id, ZNS_IDS.receipt);
    assert.deepEqual(req.body.template_data, rows[1]!.data);
    const mail = smtp.messages.find((m) => m.to.includes('thao@example.vn'));
    assert.ok(mail);
    assert.equal(mail.subject, `Giấy tiếp nhận hồ sơ ${d.code}`);
    assert.ok(mail.text.includes(`đã tiếp nhận hồ sơ ${d.code}`));
    assert.ok(mail.text.includes('Hẹn trả kết quả: 09:00, Thứ Năm 26/11/2026'));
  });

  test('quiet hours: a receipt stored at 21:30 waits and goes out the next morning', async () => {
    t.clock.set(vnInstant('2026-11-23', '21:30'));
    const d = await dossier({ email: null });
    assert.equal(await notify(d.id, { kind: 'receipt' }), 1, 'no e-mail given: Zalo only');
    const night = await dispatchDue(t.deps);
    assert.equal(night.delivered, 0);
    assert.equal(night.held, 1);
    assert.equal(zns.requests.length, 0, 'nothing reaches Zalo at night');
    const [row] = await outbox(t.db, d.id);
    assert.equal(toDate(row!.next_attempt_at).getTime(), vnInstant('2026-11-24', '07:00').getTime(), 'held until quiet hours end');
    t.clock.set(vnInstant('2026-11-24', '07:00'));
    const morning = await dispatchDue(t.deps);
    assert.equal(morning.delivered, 1);
    assert.equal(zns.requests.length, 1);
    assert.equal(zns.requests[0]!.body.template_id, ZNS_IDS.receipt);
  });

  test('supplement request: the items and where to bring them; a later request is a new message', async () => {
    const d = await dossier();
    await t.db('dossier_pauses').insert({ dossier_id: d.id, kind: 'supplement', started_at: MONDAY, reason: 'x', started_by: clerkId });
    assert.equal(await notify(d.id, { kind: 'supplement_request', items: '- Bản sao sổ hộ khẩu\n- Giấy ủy quyền có chứng thực\n' }), 2);
    assert.equal(await notify(d.id, { kind: 'supplement_request', items: 'Bản sao sổ hộ khẩu' }), 0, 'the same request, once');
    const [first] = await outbox(t.db, d.id, 'supplement_request');
    assert.equal(first!.data.items, 'Bản sao sổ hộ khẩu; Giấy ủy quyền có chứng thực');
    assert.equal(first!.data.place, `${agencyName}, ${ADDRESS}`);
    assert.equal(first!.idempotency_key, `supplement_request:${d.id}:1:email`);
    const text = render(TEMPLATES.supplement_request, first!.data).text;
    assert.ok(text.includes(`cần bổ sung: Bản sao sổ hộ khẩu; Giấy ủy quyền có chứng thực. Nộp tại ${agencyName}, ${ADDRESS}.`), text);

    // The supplement came, processing went on, and a second request followed.
    await t.db('dossier_pauses').where({ dossier_id: d.id }).update({ ended_at: MONDAY });
    await t.db('dossier_pauses').insert({ dossier_id: d.id, kind: 'supplement', started_at: MONDAY, reason: 'y', started_by: clerkId });
    assert.equal(await notify(d.id, { kind: 'supplement_request', items: 'Bản chính Giấy khai sinh' }), 2);
    const all = await outbox(t.db, d.id, 'supplement_request');
    assert.equal(all.length, 4);
    assert.deepEqual(all.filter((r) => r.idempotency_key.includes(':2:')).map((r) => r.data.items), ['Bản chính Giấy khai sinh', 'Bản chính Giấy khai sinh']);
  });

  test('result ready early: "sớm N ngày làm việc" to the current appointment and how to collect; the sweep sends no second notice', async () => {
    // Marked ready on Monday 10:00, due Thursday: Tuesday, Wednesday, Thursday = 3 working days early.
    const d = await dossier({ status: 'result_ready', finished: '2026-11-23', completion: 'early' });
    assert.equal(await notify(d.id, { kind: 'result_ready' }), 2);
    const [row] = await outbox(t.db, d.id, 'result_ready');
    assert.equal(row!.data.days_early, '3');
    assert.equal(row!.data.timing, 'sớm 3 ngày làm việc so với ngày hẹn 26/11/2026');
    assert.equal(row!.data.collect_info, `Mời Ông/Bà mang Giấy tiếp nhận đến ${agencyName}, ${ADDRESS} nhận kết quả`);
    assert.ok((await t.db('dossiers').where({ id: d.id }).first('early_notified_at')).early_notified_at, 'the dossier is marked told');

    t.clock.set(vnInstant('2026-11-23', '11:00'));
    const outcome = await runJob(t.deps, 'early_completion');
    assert.ok(outcome.ran && 'counts' in outcome, JSON.stringify(outcome));
    assert.equal(outcome.counts.notified, 0);
    assert.equal((await outbox(t.db, d.id)).length, 2, 'one result notice per channel, no early-completion copy');
    assert.equal(await t.db('dossier_milestones').where({ dossier_id: d.id }).first(), undefined);
  });

  test('result ready on time, delivered by post: plain, with the post as the way to collect', async () => {
    const d = await dossier({ status: 'result_ready', finished: '2026-11-26', completion: 'on_time', delivery: 'post' });
    assert.equal(await notify(d.id, { kind: 'result_ready' }), 2);
    const [row] = await outbox(t.db, d.id, 'result_ready');
    assert.equal(row!.data.timing, 'đúng ngày hẹn 26/11/2026');
    assert.equal(row!.data.days_early, undefined);
    assert.match(row!.data.collect_info!, /bưu chính công ích/);
    assert.equal((await t.db('dossiers').where({ id: d.id }).first('early_notified_at')).early_notified_at, null);
  });

  test('an early result nobody was told of (recorded another way) is caught by the sweep, with the same notice, once', async () => {
    const d = await dossier({ status: 'result_ready', finished: '2026-11-24', completion: 'early' });
    t.clock.set(vnInstant('2026-11-24', '16:00'));
    for (let i = 0; i < 2; i++) await runJob(t.deps, 'early_completion');
    const rows = await outbox(t.db, d.id);
    assert.deepEqual(rows.map((r) => [r.template, r.channel]), [
      ['result_ready', 'email'],
      ['result_ready', 'zns'],
    ]);
    assert.equal(rows[0]!.data.days_early, '2', 'from the day it was marked (Tuesday) to Thursday');
    const events = await t.db('dossier_events').where({ dossier_id: d.id, type: 'early_completion_notice' });
    assert.equal(events.length, 1);
  });

  test('refusal, withdrawal and a voided intake carry their reason; voided says the code is no longer valid', async () => {
    const r = await dossier({ status: 'refused' });
    const w = await dossier({ status: 'withdrawn' });
    const v = await dossier({ status: 'voided', email: null });
    assert.equal(await notify(r.id, { kind: 'refused', reason: 'Địa điểm thuộc khu vực cấm kinh doanh' }), 2);
    assert.equal(await notify(w.id, { kind: 'withdrawn', reason: 'Công dân xin rút để nộp lại' }), 2);
    assert.equal(await notify(v.id, { kind: 'voided', reason: 'Nhập nhầm thủ tục' }), 1);
    for (const [id, step] of [[r.id, 'refused'], [w.id, 'withdrawn'], [v.id, 'voided']] as const) {
      assert.equal(await notify(id, { kind: step, reason: 'lần nữa' }), 0, `${step}: once`);
    }
    const [refused] = await outbox(t.db, r.id, 'refused');
    assert.equal(refused!.data.reason, 'Địa điểm thuộc khu vực cấm kinh doanh');
    const [withdrawn] = await outbox(t.db, w.id, 'withdrawn');
    // Worded as the stop notice (Thông báo dừng giải quyết hồ sơ, Decree 118 art. 21).
    const stop = render(TEMPLATES.withdrawn, withdrawn!.data);
    assert.match(stop.text, /^Thông báo dừng giải quyết hồ sơ 000\.[^:]+: theo đề nghị rút hồ sơ của Ông\/Bà, cơ quan đã dừng giải quyết\. Lý do: Công dân xin rút để nộp lại\./);
    assert.match(stop.title, /^Thông báo dừng giải quyết hồ sơ /);
    const voided = await outbox(t.db, v.id, 'voided');
    assert.deepEqual(voided.map((x) => x.channel), ['zns']);
    assert.equal(voided[0]!.data.contact, `${agencyName}, điện thoại ${HOTLINE}`);
    const text = render(TEMPLATES.voided, voided[0]!.data).text;
    assert.ok(text.includes(`hồ sơ ${v.code} đã được hủy (Nhập nhầm thủ tục)`), text);
    assert.match(text, /không còn giá trị/);
  });

  test('apology issued: the old and the new appointment and the reason', async () => {
    const d = await dossier();
    const newDueAt = vnInstant('2026-12-03', '10:00');
    assert.equal(await notify(d.id, { kind: 'apology_issued', newDueAt, reason: 'Chờ kết quả xác minh' }), 2);
    const [row] = await outbox(t.db, d.id, 'apology');
    assert.equal(row!.data.new_due, '10:00, Thứ Năm 03/12/2026');
    assert.equal(row!.data.old_due, '09:00, Thứ Năm 26/11/2026');
    assert.equal(row!.data.reason, 'Chờ kết quả xác minh');
    assert.equal(row!.idempotency_key, `apology:${d.id}:email`, 'the key apologies always had');
  });

  test('overdue with no apology: the citizen is told plainly, once; not when an apology was issued; the system issues none by default', async () => {
    const late = await dossier({ received: '2026-11-16', due: '2026-11-19' });
    const apologised = await dossier({ received: '2026-11-16', due: '2026-11-19' });
    await t.db('dossiers').where({ id: apologised.id }).update({ extended_due_at: vnInstant('2026-11-30', '09:00') });
    // The apology job finds nothing yet: the overdue flag (and its notice) comes first.
    const early = await runJob(t.deps, 'apology');
    assert.ok(early.ran && 'counts' in early);
    assert.equal(early.counts.issued, 0);
    const outcome = await runJob(t.deps, 'overdue');
    assert.ok(outcome.ran && 'counts' in outcome, JSON.stringify(outcome));
    assert.equal(outcome.counts.citizens_told, 1);
    const rows = await outbox(t.db, late.id);
    assert.deepEqual(rows.map((r) => [r.template, r.channel]), [
      ['overdue_notice', 'email'],
      ['overdue_notice', 'zns'],
    ]);
    assert.equal(rows[0]!.data.due, '09:00, Thứ Năm 19/11/2026');
    assert.equal(rows[0]!.data.contact, `${agencyName}, điện thoại ${HOTLINE}`);
    assert.match(render(TEMPLATES.overdue_notice, rows[0]!.data).text, /đã quá hạn trả kết quả \(09:00, Thứ Năm 19\/11\/2026\)\. Cơ quan giải quyết sẽ liên hệ Ông\/Bà\./);
    assert.deepEqual(await outbox(t.db, apologised.id, 'overdue_notice'), []);
    await runJob(t.deps, 'overdue');
    assert.equal((await outbox(t.db, late.id, 'overdue_notice')).length, 2, 'once');
    // The head issues the apology (APOLOGY_AUTO_ISSUE is off): the job issues none, the citizen gets no apology notice.
    const issued = await runJob(t.deps, 'apology');
    assert.ok(issued.ran && 'counts' in issued);
    assert.equal(issued.counts.issued, 0);
    assert.equal((await outbox(t.db, late.id, 'apology')).length, 0);
    assert.equal(await t.db('dossier_apologies').where({ dossier_id: late.id }).count({ n: '*' }).first().then((r) => Number(r?.n)), 0);
  });

  test('a template the administrator switches off stores nothing until it is switched on again', async () => {
    const admin = await signIn(t.http, 'admin');
    const clerk = await signIn(t.http, 'clerk');
    const page = await admin.agent.get(paths.notifications.templates).expect(200);
    assert.ok(page.text.includes(`action="${paths.notifications.templateSwitch('refused')}#loi"`));
    assert.match(page.text, /Tắt mẫu này/);

    // Only the administrator; only citizen templates still sent; a clear answer to a bad form.
    await clerk.agent.post(paths.notifications.templateSwitch('refused')).type('form').send({ _csrf: clerk.csrf, bat: '0' }).expect(403);
    assert.ok(!(await clerk.agent.get(paths.notifications.templates).expect(200)).text.includes('Tắt mẫu này'), 'no switch for other staff');
    await admin.agent.post(paths.notifications.templateSwitch('due_soon')).type('form').send({ _csrf: admin.csrf, bat: '0' }).expect(404);
    await admin.agent.post(paths.notifications.templateSwitch('early_completion')).type('form').send({ _csrf: admin.csrf, bat: '0' }).expect(404);
    const bad = await admin.agent.post(paths.notifications.templateSwitch('refused')).type('form').send({ _csrf: admin.csrf, bat: 'x' }).expect(400);
    assert.match(bad.text, /Chọn bật hoặc tắt mẫu tin/);
    await admin.agent.post(paths.notifications.templateSwitch('refused')).type('form').send({ bat: '0' }).expect(403);
    assert.equal(await t.db('notification_switches').first(), undefined, 'no refused request wrote anything');

    const off = await admin.agent.post(paths.notifications.templateSwitch('refused')).type('form').send({ _csrf: admin.csrf, bat: '0' }).expect(303);
    assert.equal(off.headers.location, paths.notifications.templateSwitched('refused', false));
    const after = await admin.agent.get(off.headers.location!).expect(200);
    assert.match(after.text, /class="success-banner"/);
    assert.ok(after.text.includes(`Đã tắt mẫu “${TEMPLATES.refused.label}”.`));
    assert.match(after.text, /Bật mẫu này/);
    assert.match(after.text, /Đã tắt/);

    const d = await dossier({ status: 'refused' });
    assert.equal(await notify(d.id, { kind: 'refused', reason: 'Không đủ điều kiện' }), 0);
    assert.deepEqual(await outbox(t.db, d.id), [], 'nothing stored');
    assert.equal(await notify(d.id, { kind: 'withdrawn', reason: 'khác' }), 2, 'other templates still go');

    const on = await admin.agent.post(paths.notifications.templateSwitch('refused')).type('form').send({ _csrf: admin.csrf, bat: '1' }).expect(303);
    assert.ok((await admin.agent.get(on.headers.location!).expect(200)).text.includes(`Đã bật mẫu “${TEMPLATES.refused.label}”.`));
    assert.equal(await notify(d.id, { kind: 'refused', reason: 'Không đủ điều kiện' }), 2);
  });
});

describe('citizen notices end to end, through the counter and the dossier page', () => {
  let t: TestApp;

  before(async () => {
    t = await buildTestApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '720' } });
    await createStaff(t.db, 'clerk', 'clerk', WARD);
    await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
  });
  after(() => t.cleanup());

  test('intake sends the receipt; a supplement request its items; marking the result ready the result notice (SMS when Zalo is not configured)', async () => {
    const clerk = await signIn(t.http, 'clerk');
    const officer = await signIn(t.http, 'officer');
    const form = { ...certifiedCopyForm({ applicant_email: 'thao@example.vn' }), doc_3_received: 'on', doc_4_received: 'on' };
    const res = await clerk.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: clerk.csrf }).expect(303);
    const id = dossierIdFromRedirect(res.headers.location);
    assert.deepEqual((await outbox(t.db, id)).map((r) => [r.template, r.channel]), [
      ['receipt', 'email'],
      ['receipt', 'sms'],
    ]);

    const act = async (who: typeof clerk, action: string, fields: Record<string, string> = {}) => {
      const version = String((await t.db('dossiers').where({ id }).first('version')).version);
      const r = await who.agent.post(paths.dossiers.act(id)).type('form').send({ _csrf: who.csrf, action, version, ...fields });
      assert.equal(r.status, 303, `${action}: ${r.text.slice(0, 300)}`);
    };
    const d = await t.db('dossiers').where({ id }).first('assigned_to', 'status');
    if (d.assigned_to === null) await act(officer, 'take');
    await act(officer, 'request_supplement', { note: 'Bản sao hợp đồng thuê nhà\nGiấy ủy quyền', reason: 'Thiếu hợp đồng thuê địa điểm và giấy ủy quyền' });
    const supp = await outbox(t.db, id, 'supplement_request');
    assert.deepEqual(supp.map((r) => r.data.items), ['Bản sao hợp đồng thuê nhà; Giấy ủy quyền', 'Bản sao hợp đồng thuê nhà; Giấy ủy quyền']);
    await act(clerk, 'receive_supplement');
    t.clock.set(vnInstant('2026-11-24', '10:00'));
    await act(officer, 'mark_result_ready');
    const ready = await outbox(t.db, id, 'result_ready');
    assert.deepEqual(ready.map((r) => r.channel), ['email', 'sms']);
    assert.match(ready[0]!.data.timing!, /^sớm \d+ ngày làm việc so với ngày hẹn/);
    // The dossier page lists what was sent.
    const page = await officer.agent.get(paths.dossiers.show(id)).expect(200);
    assert.ok(page.text.includes(TEMPLATES.receipt.label));
    assert.ok(page.text.includes(TEMPLATES.result_ready.label));
    assert.equal(await agencyId(t.db, WARD), (await t.db('dossiers').where({ id }).first('agency_id')).agency_id);
  });

  test('voiding a mistaken intake, refusing and withdrawing tell the citizen, with the reason typed on the dossier page', async () => {
    t.clock.set(vnInstant('2026-11-25', '09:00'));
    const clerk = await signIn(t.http, 'clerk');
    const officer = await signIn(t.http, 'officer');
    const intake = async () => {
      const res = await clerk.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...certifiedCopyForm(), doc_3_received: 'on', doc_4_received: 'on', action: 'confirm', _csrf: clerk.csrf }).expect(303);
      return dossierIdFromRedirect(res.headers.location);
    };
    const act = async (who: typeof clerk, id: number, action: string, note: string) => {
      const version = String((await t.db('dossiers').where({ id }).first('version')).version);
      const r = await who.agent.post(paths.dossiers.act(id)).type('form').send({ _csrf: who.csrf, action, version, note });
      assert.equal(r.status, 303, `${action}: ${r.text.slice(0, 300)}`);
    };
    const voided = await intake();
    await act(clerk, voided, 'void', 'Nhập nhầm thủ tục');
    const refused = await intake();
    await act(officer, refused, 'take', '');
    await act(officer, refused, 'refuse', 'Không thuộc thẩm quyền giải quyết');
    const withdrawn = await intake();
    await act(clerk, withdrawn, 'withdraw', 'Công dân xin rút hồ sơ');
    for (const [id, template, reason] of [
      [voided, 'voided', 'Nhập nhầm thủ tục'],
      [refused, 'refused', 'Không thuộc thẩm quyền giải quyết'],
      [withdrawn, 'withdrawn', 'Công dân xin rút hồ sơ'],
    ] as const) {
      const rows = await outbox(t.db, id, template);
      assert.deepEqual(rows.map((r) => [r.channel, r.data.reason]), [['sms', reason]], template);
    }
  });
});
