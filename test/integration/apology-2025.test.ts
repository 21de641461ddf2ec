/**
 * The apology under the 2025 rules (Decree 118/2025; domain.md "Being late"), with worked
 * dates. 1.001612 takes 3 working days, its apology extension is 5 working days.
 *
 * Received Wednesday 25/11/2026 10:00 → appointment Monday 30/11 10:00. With
 * APOLOGY_REMINDER_WORKING_DAYS = 2 the draft is prepared on Thursday 26/11 (Friday and
 * Monday are the two working days left, across the weekend), not on Wednesday (three left).
 * The apology is on time when issued by Friday 27/11 (the working day before Monday), late
 * from Monday on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { binaryParser, buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, pdfText, signIn, type TestApp } from '../helpers/app.js';
import { runJob } from '../helpers/jobs.js';

const WARD = '000.31.01.H26';
const OTHER = '000.00.01.H26';
type Agent = Awaited<ReturnType<typeof signIn>>;

async function receive(t: TestApp, clerk: Agent, name: string): Promise<number> {
  const form = { ...certifiedCopyForm({ applicant_email: 'thao@example.vn', applicant_name: name }), doc_3_received: 'on', doc_4_received: 'on' };
  const res = await clerk.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: clerk.csrf }).expect(303);
  return dossierIdFromRedirect(res.headers.location);
}

async function take(t: TestApp, who: Agent, id: number) {
  const version = String((await t.db('dossiers').where({ id }).first('version')).version);
  await who.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: who.csrf, action: 'take', version }).expect(303);
}

const count = async (t: TestApp, table: string, where: Record<string, unknown> = {}) => Number((await t.db(table).where(where).count({ n: '*' }).first())?.n);

function counts(outcome: Awaited<ReturnType<typeof runJob>>): Record<string, number> {
  assert.ok(outcome.ran && 'counts' in outcome, JSON.stringify(outcome));
  return outcome.counts;
}

describe('the apology the head signs (APOLOGY_AUTO_ISSUE off, the default)', () => {
  let t: TestApp;
  let clerk: Agent;
  let officer: Agent;
  let head: Agent;
  let otherHead: Agent;
  let onTime: number; // issued on Friday 27/11: on time
  let late: number; // issued on Monday 30/11 before the appointment: late
  let never: number; // never apologised for: the overdue path

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-25', '10:00'), env: { SESSION_TTL_HOURS: '720' } });
    await createStaff(t.db, 'clerk', 'clerk', WARD);
    const officerId = await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    const headId = await createStaff(t.db, 'head', 'supervisor', WARD, 'Hoàng Văn Lộc');
    await createStaff(t.db, 'otherhead', 'supervisor', OTHER, 'Lê Văn Khác');
    await t.db('users').where({ id: officerId }).update({ email: 'khoa@motcua.test' });
    await t.db('users').where({ id: headId }).update({ email: 'loc@motcua.test', job_title: 'Chủ tịch UBND phường' });
    clerk = await signIn(t.http, 'clerk');
    officer = await signIn(t.http, 'officer');
    head = await signIn(t.http, 'head');
    otherHead = await signIn(t.http, 'otherhead');
    onTime = await receive(t, clerk, 'Nguyễn Văn Đúng');
    late = await receive(t, clerk, 'Nguyễn Văn Muộn');
    never = await receive(t, clerk, 'Nguyễn Văn Quá');
    for (const id of [onTime, late, never]) await take(t, officer, id);
    const d = await t.db('dossiers').where({ id: onTime }).first('due_at');
    assert.equal(new Date(d.due_at).getTime(), vnInstant('2026-11-30', '10:00').getTime(), 'appointment Monday 30/11 10:00');
  });
  after(() => t.cleanup());

  test('Wednesday evening, three working days left: no draft yet', async () => {
    t.clock.set(vnInstant('2026-11-25', '17:30'));
    assert.equal(counts(await runJob(t.deps, 'apology')).reminded, 0);
    assert.equal(await count(t, 'apology_drafts'), 0);
  });

  test('Thursday 07:00, two working days left across the weekend: the draft is prepared and the officer and the head alerted, once', async () => {
    t.clock.set(vnInstant('2026-11-26', '07:00'));
    assert.equal(counts(await runJob(t.deps, 'apology')).reminded, 3);
    const draft = await t.db('apology_drafts').where({ dossier_id: onTime }).first();
    // The procedure's 5 working days after the appointment: Mon 30/11 10:00 → Mon 07/12 10:00.
    assert.equal(new Date(draft.proposed_due_at).getTime(), vnInstant('2026-12-07', '10:00').getTime());
    assert.equal(draft.reason, '');
    assert.equal(draft.updated_by, null);
    const mail = await t.db('outbox_messages').where({ dossier_id: onTime, template: 'apology_draft' }).orderBy('recipient').select('recipient', 'channel', 'data');
    assert.deepEqual(mail.map((m) => `${m.channel}:${m.recipient}`), ['email:khoa@motcua.test', 'email:loc@motcua.test']);
    const data = JSON.parse(mail[0].data);
    assert.equal(data.deadline, '27/11/2026', 'issue by Friday, the working day before the appointment');
    assert.match(data.link, new RegExp(`/phieu-xin-loi-cho-ky/${onTime}$`));
    assert.equal(await count(t, 'dossier_apologies'), 0, 'the job issues nothing');
    // Again: nothing new.
    t.clock.set(vnInstant('2026-11-27', '07:00'));
    assert.equal(counts(await runJob(t.deps, 'apology')).reminded, 0);
    assert.equal(await count(t, 'outbox_messages', { template: 'apology_draft' }), 6);
  });

  test('the head\'s list shows the drafts; another agency\'s head sees none of them; a clerk is refused', async () => {
    const list = await head.agent.get('/phieu-xin-loi-cho-ky').expect(200);
    assert.match(list.text, /Phiếu xin lỗi chờ ký/);
    for (const id of [onTime, late, never]) assert.match(list.text, new RegExp(`id="du-thao-${id}"`));
    assert.match(list.text, /27\/11\/2026/);
    const other = await otherHead.agent.get('/phieu-xin-loi-cho-ky').expect(200);
    assert.doesNotMatch(other.text, /du-thao-\d+/);
    assert.doesNotMatch(other.text, /Nguyễn Văn Đúng/);
    await otherHead.agent.get(`/phieu-xin-loi-cho-ky/${onTime}`).expect(403);
    const clerkList = await clerk.agent.get('/phieu-xin-loi-cho-ky');
    assert.equal(clerkList.status, 403);
  });

  test('the officer writes the reason on the draft; an officer cannot issue it', async () => {
    t.clock.set(vnInstant('2026-11-27', '09:00'));
    const page = await officer.agent.get(`/phieu-xin-loi-cho-ky/${onTime}`).expect(200);
    assert.match(page.text, /name="new_date" value="2026-12-07"/);
    assert.doesNotMatch(page.text, /value="issue"/, 'no issue button for an officer');
    const reason = 'Chờ ý kiến của Chi cục Thuế về địa điểm kinh doanh';
    const saved = await officer.agent.post(`/phieu-xin-loi-cho-ky/${onTime}`).type('form').send({ _csrf: officer.csrf, action: 'save', reason, new_date: '2026-12-04', new_time: '16:00' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.location, `/phieu-xin-loi-cho-ky?da_luu=${onTime}`);
    const banner = await officer.agent.get(saved.headers.location).expect(200);
    assert.match(banner.text, /class="success-banner"[\s\S]*chờ lãnh đạo ký phát hành/);
    const draft = await t.db('apology_drafts').where({ dossier_id: onTime }).first();
    assert.equal(draft.reason, reason);
    assert.equal(new Date(draft.proposed_due_at).getTime(), vnInstant('2026-12-04', '16:00').getTime());
    assert.ok(draft.updated_by);
    const list = await head.agent.get('/phieu-xin-loi-cho-ky').expect(200);
    assert.match(list.text, /Chờ ý kiến của Chi cục Thuế về địa điểm kinh doanh/, "the officer's note in the head's list");

    const tried = await officer.agent.post(`/phieu-xin-loi-cho-ky/${onTime}`).type('form').send({ _csrf: officer.csrf, action: 'issue', reason, new_date: '2026-12-04', new_time: '16:00' });
    assert.equal(tried.status, 403);
    assert.match(tried.text, /Chỉ thủ trưởng/);
    assert.equal(await count(t, 'dossier_apologies'), 0);
  });

  test('bad input re-renders the draft page with the messages and what was typed', async () => {
    const res = await head.agent.post(`/phieu-xin-loi-cho-ky/${onTime}`).type('form').send({ _csrf: head.csrf, action: 'issue', reason: '  ', new_date: '31/02/2026', new_time: '16:00' });
    assert.equal(res.status, 400);
    assert.match(res.text, /<a href="#draft-reason">Nhập lý do chậm trễ\.<\/a>/);
    assert.match(res.text, /<a href="#draft-date">/);
    assert.match(res.text, /name="new_time" value="16:00"/);
    const nul = await head.agent.post(`/phieu-xin-loi-cho-ky/${onTime}`).type('form').send({ _csrf: head.csrf, action: 'issue', reason: 'Lý do\u0000', new_date: '2026-12-04', new_time: '16:00' });
    assert.equal(nul.status, 400);
    const early = await head.agent.post(`/phieu-xin-loi-cho-ky/${onTime}`).type('form').send({ _csrf: head.csrf, action: 'issue', reason: 'Chờ xác minh', new_date: '2026-11-30', new_time: '09:00' });
    assert.equal(early.status, 400);
    assert.match(early.text, /Ngày hẹn mới phải sau ngày hẹn hiện tại/);
    assert.equal(await count(t, 'dossier_apologies'), 0);
  });

  test('Friday: the head issues it on time — number 1/PXL, the head\'s name and title, the draft leaves the list', async () => {
    t.clock.set(vnInstant('2026-11-27', '16:00'));
    const page = await head.agent.get(`/phieu-xin-loi-cho-ky/${onTime}`).expect(200);
    assert.match(page.text, /Chờ ý kiến của Chi cục Thuế/, 'the officer\'s reason, to edit');
    assert.match(page.text, /và chức vụ \(Chủ tịch UBND phường\) của bạn/);
    assert.match(page.text, /value="issue"/);
    const res = await head.agent
      .post(`/phieu-xin-loi-cho-ky/${onTime}`)
      .type('form')
      .send({ _csrf: head.csrf, action: 'issue', reason: 'Chờ ý kiến của Chi cục Thuế về địa điểm kinh doanh của hộ', new_date: '2026-12-04', new_time: '16:00' });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.headers.location, `/ho-so/${onTime}?xong=xin-loi`);
    const a = await t.db('dossier_apologies').where({ dossier_id: onTime }).first();
    assert.equal(a.number, '1/PXL');
    assert.equal(Boolean(a.issued_late), false);
    assert.equal(a.signer_title, 'Chủ tịch UBND phường');
    assert.equal(new Date(a.previous_due_at).getTime(), vnInstant('2026-11-30', '10:00').getTime());
    assert.equal(await count(t, 'apology_drafts', { dossier_id: onTime }), 0);
    const d = await t.db('dossiers').where({ id: onTime }).first();
    assert.equal(new Date(d.extended_due_at).getTime(), vnInstant('2026-12-04', '16:00').getTime());
    assert.deepEqual((await t.db('outbox_messages').where({ dossier_id: onTime, template: 'apology' }).orderBy('channel').pluck('channel')), ['email', 'sms']);

    const show = await head.agent.get(`/ho-so/${onTime}`).expect(200);
    assert.match(show.text, /Đã phát hành phiếu xin lỗi số 1\/PXL/);
    assert.match(show.text, /Chủ tịch UBND phường Hoàng Văn Lộc/);
    assert.doesNotMatch(show.text, /Phát hành muộn/);
    const pdf = pdfText((await head.agent.get(`/ho-so/${onTime}/phieu-xin-loi.pdf`).buffer(true).parse(binaryParser).expect(200)).body as Buffer);
    for (const s of ['PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT', 'Số: 1/PXL', 'Mẫu 04', 'Kính gửi: Nguyễn Văn Đúng', 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ', 'CHỦ TỊCH UBND PHƯỜNG', 'Hoàng Văn Lộc']) {
      assert.ok(pdf.includes(s), `staff copy: ${s}`);
    }
    assert.ok(!pdf.includes('do hệ thống phát hành'));
    // The public copy stays masked, with the digital-signature box of an electronic copy.
    const token = d.public_token;
    const pub = pdfText((await request(t.http).get(`/s/${token}/phieu-xin-loi.pdf`).buffer(true).parse(binaryParser).expect(200)).body as Buffer);
    assert.ok(pub.includes('Kính gửi: N*** V*** Đ***'), pub.slice(0, 600));
    assert.ok(!pub.includes('Nguyễn Văn Đúng'));
    assert.ok(pub.includes('Ký số: Hoàng Văn Lộc'));
    const list = await head.agent.get('/phieu-xin-loi-cho-ky').expect(200);
    assert.doesNotMatch(list.text, new RegExp(`id="du-thao-${onTime}"`));
  });

  test('a second apology is refused: the appointment is re-set only once', async () => {
    const again = await head.agent.post(`/ho-so/${onTime}/xin-loi`).type('form').send({ _csrf: head.csrf, reason: 'Cần thêm thời gian', new_date: '2026-12-10', new_time: '17:00' });
    assert.equal(again.status, 409);
    assert.match(again.text, /chỉ được đặt lại một lần/);
    const draftAgain = await head.agent.post(`/phieu-xin-loi-cho-ky/${onTime}`).type('form').send({ _csrf: head.csrf, action: 'issue', reason: 'Cần thêm thời gian', new_date: '2026-12-10', new_time: '17:00' });
    assert.equal(draftAgain.status, 409);
    assert.equal(await count(t, 'dossier_apologies', { dossier_id: onTime }), 1);
  });

  test('Monday before the appointment, from the dossier page: issued late (later than 1 working day before), number 2/PXL', async () => {
    t.clock.set(vnInstant('2026-11-30', '08:30'));
    // Another agency's head cannot issue it, even from a crafted request.
    const foreign = await otherHead.agent.post(`/ho-so/${late}/xin-loi`).type('form').send({ _csrf: otherHead.csrf, reason: 'Chờ xác minh', new_date: '2026-12-08', new_time: '10:00' });
    assert.equal(foreign.status, 403);
    const res = await head.agent.post(`/ho-so/${late}/xin-loi`).type('form').send({ _csrf: head.csrf, reason: 'Chờ kết quả xác minh nhân thân', new_date: '2026-12-08', new_time: '10:00' });
    assert.equal(res.status, 303);
    const a = await t.db('dossier_apologies').where({ dossier_id: late }).first();
    assert.equal(Boolean(a.issued_late), true);
    assert.equal(a.number, '2/PXL');
    const show = await officer.agent.get(`/ho-so/${late}`).expect(200);
    assert.match(show.text, /Phát hành muộn/);
  });

  test('the appointment passes with none issued: flagged overdue, the staff alerted, the citizen told — and no apology from the system', async () => {
    t.clock.set(vnInstant('2026-11-30', '10:30'));
    const overdue = counts(await runJob(t.deps, 'overdue'));
    // All three are past their statutory appointment (reports judge by it); only the one without an apology is told so.
    assert.equal(overdue.flagged, 3);
    assert.equal(overdue.citizens_told, 1);
    const apology = counts(await runJob(t.deps, 'apology'));
    assert.equal(apology.issued, 0);
    t.clock.set(vnInstant('2026-12-01', '09:00'));
    assert.equal(counts(await runJob(t.deps, 'apology')).issued, 0);
    assert.equal(await count(t, 'dossier_apologies', { dossier_id: never }), 0);
    const d = await t.db('dossiers').where({ id: never }).first();
    assert.ok(d.overdue_at);
    assert.equal(d.extended_due_at, null);
    assert.deepEqual(await t.db('outbox_messages').where({ dossier_id: never, template: 'overdue_notice' }).orderBy('channel').pluck('channel'), ['email', 'sms']);
    assert.deepEqual(await t.db('outbox_messages').where({ dossier_id: never, template: 'overdue' }).orderBy('recipient').pluck('recipient'), ['khoa@motcua.test', 'loc@motcua.test']);
    assert.equal(await count(t, 'outbox_messages', { dossier_id: never, template: 'apology' }), 0);
    // The draft stays in the head's list, marked past its deadline.
    const list = await head.agent.get('/phieu-xin-loi-cho-ky').expect(200);
    assert.match(list.text, new RegExp(`id="du-thao-${never}"[\\s\\S]*?Đã quá hạn phát hành`));
  });
});

describe('a province that delegates issuance to the system (APOLOGY_AUTO_ISSUE=true)', () => {
  let t: TestApp;
  let id: number;

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-25', '10:00'), env: { SESSION_TTL_HOURS: '720', APOLOGY_AUTO_ISSUE: 'true' } });
    await createStaff(t.db, 'clerk', 'clerk', WARD);
    await createStaff(t.db, 'officer', 'officer', WARD);
    const clerk = await signIn(t.http, 'clerk');
    id = await receive(t, clerk, 'Phạm Thị Hệ');
  });
  after(() => t.cleanup());

  test('after the overdue flag, the system issues the apology itself, late, numbered and labelled as the system\'s', async () => {
    t.clock.set(vnInstant('2026-11-30', '10:30'));
    assert.equal(counts(await runJob(t.deps, 'apology')).issued, 0, 'the overdue flag (and the citizen\'s notice) comes first');
    await runJob(t.deps, 'overdue');
    assert.equal(counts(await runJob(t.deps, 'apology')).issued, 1);
    const a = await t.db('dossier_apologies').where({ dossier_id: id }).first();
    assert.equal(a.issued_by, null);
    assert.equal(Boolean(a.issued_late), true);
    assert.equal(a.number, '1/PXL');
    assert.equal(a.signer_title, null);
    const officer = await signIn(t.http, 'officer');
    const show = await officer.agent.get(`/ho-so/${id}`).expect(200);
    assert.match(show.text, /do hệ thống phát hành/);
    const pdf = pdfText((await officer.agent.get(`/ho-so/${id}/phieu-xin-loi.pdf`).buffer(true).parse(binaryParser).expect(200)).body as Buffer);
    assert.ok(pdf.includes('Phiếu do hệ thống phát hành tự động'));
    assert.ok(!/phát hành tự động theo quy định/.test(pdf));
  });

  test('an apology the system issued before numbers existed stays, labelled as the system\'s, with its old number', async () => {
    const clerk = await signIn(t.http, 'clerk');
    const old = await receive(t, clerk, 'Đỗ Văn Cũ');
    const d = await t.db('dossiers').where({ id: old }).first();
    await t.db('dossier_apologies').insert({ dossier_id: old, issued_at: vnInstant('2026-11-30', '11:00'), issued_by: null, reason: 'Lý do cũ', previous_due_at: d.due_at, new_due_at: vnInstant('2026-12-10', '10:00') });
    await t.db('dossiers').where({ id: old }).update({ extended_due_at: vnInstant('2026-12-10', '10:00') });
    const officer = await signIn(t.http, 'officer');
    const show = await officer.agent.get(`/ho-so/${old}`).expect(200);
    assert.match(show.text, /do hệ thống phát hành/);
    const pdf = pdfText((await officer.agent.get(`/ho-so/${old}/phieu-xin-loi.pdf`).buffer(true).parse(binaryParser).expect(200)).body as Buffer);
    const seq = d.code.split('-').pop();
    assert.ok(pdf.includes(`Số: ${seq}/PXL`), 'the number it was printed with');
    assert.ok(pdf.includes('do hệ thống phát hành'));
  });
});

describe('a dossier the ward routed to a department', () => {
  let t: TestApp;
  let id: number;

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-25', '10:00'), env: { SESSION_TTL_HOURS: '720' } });
    await createStaff(t.db, 'clerk', 'clerk', WARD);
    const wardHead = await createStaff(t.db, 'head', 'supervisor', WARD, 'Hoàng Văn Lộc');
    const deptHead = await createStaff(t.db, 'depthead', 'supervisor', '000.00.05.H26', 'Vũ Thị Sở');
    await createStaff(t.db, 'deptofficer', 'officer', '000.00.05.H26', 'Đinh Văn Phòng');
    await t.db('users').where({ id: wardHead }).update({ email: 'loc@motcua.test' });
    await t.db('users').where({ id: deptHead }).update({ email: 'so@motcua.test' });
    const clerk = await signIn(t.http, 'clerk');
    id = await receive(t, clerk, 'Trương Văn Chuyển');
    // Held by a department, as the assign action leaves it (test/integration/routing.test.ts covers the action itself).
    const dept = (await t.db('agencies').where({ eid: '000.00.05.H26' }).first('id')).id;
    await t.db('dossiers').where({ id }).update({ assigned_agency_id: dept, status: 'in_progress' });
  });
  after(() => t.cleanup());

  test('the draft alert reaches the heads of the processing agency and of the department holding it; the department\'s officer prepares, its head issues', async () => {
    t.clock.set(vnInstant('2026-11-26', '07:00'));
    await runJob(t.deps, 'apology');
    assert.deepEqual(await t.db('outbox_messages').where({ dossier_id: id, template: 'apology_draft' }).orderBy('recipient').pluck('recipient'), ['loc@motcua.test', 'so@motcua.test']);
    const officer = await signIn(t.http, 'deptofficer');
    const list = await officer.agent.get('/phieu-xin-loi-cho-ky').expect(200);
    assert.match(list.text, new RegExp(`id="du-thao-${id}"`));
    const deptHead = await signIn(t.http, 'depthead');
    const res = await deptHead.agent.post(`/phieu-xin-loi-cho-ky/${id}`).type('form').send({ _csrf: deptHead.csrf, action: 'issue', reason: 'Chờ thẩm định giá đất', new_date: '2026-12-07', new_time: '10:00' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const a = await t.db('dossier_apologies').where({ dossier_id: id }).first();
    assert.equal(a.number, '1/PXL', 'numbered in the processing agency\'s sequence');
  });
});
