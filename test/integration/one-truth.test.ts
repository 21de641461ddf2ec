/**
 * Issue 12 #7: the staff dossier page, the public status page and its JSON say the same
 * about a dossier's time — the appointment in force (the new one after an apology, with
 * the original noted), the working days left, the completion label (results only) — and
 * every action ends on a confirmation, every form error keeps what was typed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { ACTIONS } from '../../src/domain/workflow.js';
import { APOLOGY_DONE, doneMessage } from '../../src/features/dossiers/event-labels.js';
import { agencyId, buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, signIn, type TestApp } from '../helpers/app.js';

const WARD = '000.31.01.H26';
type Agent = Awaited<ReturnType<typeof signIn>>;

/** The visible text of a page: tags dropped, entities of the escaped values decoded, spaces collapsed. */
function visible(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,])/g, '$1');
}

/** The "Hẹn trả kết quả" entry of a page's summary list, as text. */
function appointmentLine(html: string): string {
  const m = /<dt>Hẹn trả kết quả<\/dt><dd>([\s\S]*?)<\/dd>/.exec(html);
  assert.ok(m, 'the page has its appointment');
  return visible(m[1]!).trim();
}

/** The deadline words of a page (data-deadline marks them on both pages). */
function deadlineWords(html: string): string | null {
  const m = /data-deadline="[a-z_]+">([\s\S]*?)<\/(span|p)>/.exec(html);
  return m ? visible(m[1]!).trim() : null;
}

describe('one truth on every page', () => {
  let t: TestApp;
  let clerk: Agent;
  let officer: Agent;
  let lead: Agent;
  let wardId: number;

  async function version(id: number): Promise<string> {
    return String((await t.db('dossiers').where({ id }).first('version')).version);
  }
  async function act(who: Agent, id: number, action: string, fields: Record<string, string> = {}) {
    return who.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: who.csrf, action, version: await version(id), ...fields });
  }
  /** 1.001612 (3 working days), received by the ward clerk now, and in the ward officer's hands (taken, or assigned by the clerk). */
  async function receiveAndAssign(name: string, hand = true): Promise<{ id: number; token: string }> {
    const form = { ...certifiedCopyForm({ applicant_name: name }), doc_3_received: 'on', doc_4_received: 'on' };
    const res = await clerk.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: clerk.csrf }).expect(303);
    const id = dossierIdFromRedirect(res.headers.location);
    const d = await t.db('dossiers').where({ id }).first('status', 'public_token');
    if (hand && d.status === 'received') {
      const taken = await act(officer, id, 'take');
      if (taken.status !== 303) {
        const assigned = await act(clerk, id, 'assign', { to_agency_id: String(wardId) });
        assert.equal(assigned.status, 303, `neither taken nor assigned: ${taken.status}, ${assigned.status}`);
      }
    }
    return { id, token: d.public_token };
  }
  const staffPage = async (id: number) => (await officer.agent.get(`/ho-so/${id}`).expect(200)).text;
  const publicPage = async (token: string) => (await request(t.http).get(`/s/${token}`).expect(200)).text;
  const publicJson = async (token: string) => (await request(t.http).get(`/s/${token}.json`).expect(200)).body[0];

  before(async () => {
    // Monday 23/11/2026 09:00; 3 working days → Thursday 26/11 09:00.
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00'), env: { SESSION_TTL_HOURS: '720' } });
    await createStaff(t.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    await createStaff(t.db, 'lead', 'supervisor', WARD, 'Phạm Thị Lan');
    wardId = await agencyId(t.db, WARD);
    clerk = await signIn(t.http, 'clerk');
    officer = await signIn(t.http, 'officer');
    lead = await signIn(t.http, 'lead');
  });
  after(() => t.cleanup());

  test('due tomorrow reads "Còn 1 ngày làm việc" on both pages; the day itself "Đến hạn hôm nay"', async () => {
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    const { id, token } = await receiveAndAssign('Phạm Văn Một');
    // Wednesday 09:00: Thursday 09:00 is tomorrow (8 office hours, or 9 at 08:00 — still 1 day).
    for (const clock of ['08:00', '09:00', '17:30']) {
      t.clock.set(vnInstant('2026-11-25', clock));
      assert.equal(deadlineWords(await staffPage(id)), 'Còn 1 ngày làm việc', `staff ${clock}`);
      assert.equal(deadlineWords(await publicPage(token)), 'Còn 1 ngày làm việc đến hạn trả kết quả.', `public ${clock}`);
      const json = await publicJson(token);
      assert.equal(json.deadline_text, 'Còn 1 ngày làm việc');
      assert.equal(json.working_days_left, 1);
    }
    t.clock.set(vnInstant('2026-11-26', '08:30'));
    assert.equal(deadlineWords(await staffPage(id)), 'Đến hạn hôm nay');
    assert.equal(deadlineWords(await publicPage(token)), 'Đến hạn hôm nay.');
    assert.equal((await publicJson(token)).deadline_text, 'Đến hạn hôm nay');
    t.clock.set(vnInstant('2026-11-27', '10:00'));
    assert.equal(deadlineWords(await staffPage(id)), 'Quá hạn 1 ngày làm việc');
    assert.match(deadlineWords(await publicPage(token)) ?? '', /^Quá hạn 1 ngày làm việc\./);
    assert.equal((await publicJson(token)).working_days_overdue, 1);
  });

  test('after an apology the staff page, the public page and the JSON agree on the new appointment and the days left', async () => {
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    const { id, token } = await receiveAndAssign('Phạm Văn Hai');
    t.clock.set(vnInstant('2026-11-24', '10:00'));
    // The head of the processing agency (a ward supervisor) issues it (issue 13).
    const res = await lead.agent
      .post(`/ho-so/${id}/xin-loi`)
      .type('form')
      .send({ _csrf: lead.csrf, reason: 'Chờ kết quả xác minh của cơ quan thuế', new_date: '2026-12-01', new_time: '16:00' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/ho-so/${id}?xong=xin-loi`);
    const banner = await lead.agent.get(res.headers.location).expect(200);
    assert.match(banner.text, /class="success-banner"[\s\S]*Đã phát hành phiếu xin lỗi và hẹn lại ngày trả kết quả/);

    // Wednesday 25/11 10:00: Thu 26, Fri 27, Mon 30 and Tue 1/12 are left before the new appointment.
    t.clock.set(vnInstant('2026-11-25', '10:00'));
    const staff = await staffPage(id);
    const pub = await publicPage(token);
    const expectedLine = '16:00, Thứ Ba 01/12/2026 Hẹn ban đầu: 09:00, Thứ Năm 26/11/2026 (đã hẹn lại bằng phiếu xin lỗi)';
    assert.equal(appointmentLine(staff), expectedLine);
    assert.equal(appointmentLine(pub), expectedLine);
    assert.equal(deadlineWords(staff), 'Còn 4 ngày làm việc');
    assert.equal(deadlineWords(pub), 'Còn 4 ngày làm việc đến hạn trả kết quả.');
    const json = await publicJson(token);
    assert.equal(json.expected_datetime, '2026-12-01T16:00:00+07:00');
    assert.equal(json.original_expected_datetime, '2026-11-26T09:00:00+07:00');
    assert.equal(json.deadline_text, 'Còn 4 ngày làm việc');
    assert.equal(json.working_days_left, 4);

    // Past the statutory appointment but before the new one: not overdue on any page.
    t.clock.set(vnInstant('2026-11-27', '10:00'));
    assert.equal(deadlineWords(await staffPage(id)), 'Còn 2 ngày làm việc');
    assert.equal((await publicJson(token)).deadline_text, 'Còn 2 ngày làm việc');

    // The result comes after the statutory appointment but by the new one: late for reports, and both pages say so in full.
    assert.equal((await act(officer, id, 'mark_result_ready')).status, 303);
    assert.equal((await t.db('dossiers').where({ id }).first('completion')).completion, 'late');
    assert.match(await staffPage(id), /Kết quả: Quá hạn so với hẹn ban đầu, kịp ngày hẹn lại/);
    assert.match(await publicPage(token), /Kết quả giải quyết: <strong>Quá hạn so với hẹn ban đầu, kịp ngày hẹn lại<\/strong>/);
    assert.equal((await publicJson(token)).completion, 'Quá hạn so với hẹn ban đầu, kịp ngày hẹn lại');
  });

  test('a result is labelled against the statutory appointment on both pages; once returned nothing is left to bring', async () => {
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    const { id, token } = await receiveAndAssign('Phạm Văn Ba');
    t.clock.set(vnInstant('2026-11-25', '15:00'));
    const ready = await act(officer, id, 'mark_result_ready');
    assert.equal(ready.status, 303);
    assert.equal(ready.headers.location, `/ho-so/${id}?xong=mark_result_ready`);
    assert.match(await staffPage(id), /Kết quả: Trước hạn/);
    let pub = await publicPage(token);
    assert.match(pub, /Kết quả giải quyết: <strong>Trước hạn<\/strong>/);
    assert.equal((await publicJson(token)).completion, 'Trước hạn');
    assert.match(pub, /Cần mang theo khi nhận kết quả/, 'the result is still to be collected');
    assert.equal(deadlineWords(pub), null, 'no days left once finished');

    const returned = await act(clerk, id, 'return_result', { note: 'Phạm Văn Ba, CCCD 075190001234' });
    assert.equal(returned.status, 303);
    pub = await publicPage(token);
    assert.match(pub, /Kết quả đã được trả/);
    assert.match(pub, /Trước hạn/);
    assert.doesNotMatch(pub, /Cần mang theo/);
    assert.doesNotMatch(pub, /Giấy tiếp nhận hồ sơ và hẹn trả kết quả<\/li>/);
  });

  test('a refused dossier has no completion label on either page and nothing to bring', async () => {
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    const { id, token } = await receiveAndAssign('Phạm Văn Bốn');
    t.clock.set(vnInstant('2026-11-24', '09:00'));
    const refused = await act(officer, id, 'refuse', { note: 'Ngành nghề kinh doanh thuộc danh mục cấm' });
    assert.equal(refused.status, 303);
    // The row still carries its classification for reports (domain.md); the pages do not show it.
    assert.notEqual((await t.db('dossiers').where({ id }).first('completion')).completion, null);
    const staff = await staffPage(id);
    const pub = await publicPage(token);
    for (const [page, html] of [['staff', staff], ['public', pub]] as const) {
      assert.doesNotMatch(html, /Trước hạn|Đúng hạn|Kết quả giải quyết:/, `${page}: no completion label for a refusal`);
      assert.equal(deadlineWords(html), null, `${page}: no days left`);
    }
    assert.equal((await publicJson(token)).completion, null);
    assert.match(pub, /Từ chối giải quyết/);
    assert.doesNotMatch(pub, /Cần mang theo/);
  });

  test('a voided dossier says it was cancelled, with no appointment and nothing to bring', async () => {
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    const { id, token } = await receiveAndAssign('Phạm Văn Năm', false);
    t.clock.set(vnInstant('2026-11-23', '09:10'));
    const voided = await act(clerk, id, 'void', { note: 'Nhập nhầm thủ tục' });
    assert.equal(voided.status, 303, voided.text);
    assert.equal(voided.headers.location, `/ho-so/${id}?xong=void`);
    assert.match((await clerk.agent.get(voided.headers.location).expect(200)).text, /Đã hủy tiếp nhận hồ sơ\. Mã hồ sơ không được dùng lại\./);
    const pub = await publicPage(token);
    assert.match(pub, /Việc tiếp nhận hồ sơ này đã bị hủy do nhập nhầm/);
    assert.doesNotMatch(pub, /Hẹn trả kết quả|Cần mang theo|ngày làm việc/);
    assert.doesNotMatch(await staffPage(id), /Còn \d+ ngày làm việc|Quá hạn \d+ ngày/);
  });

  test('every action ends on the dossier page with its banner; an unknown key shows none', async () => {
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    const { id } = await receiveAndAssign('Phạm Văn Sáu');
    const res = await act(officer, id, 'request_supplement', { note: 'Bản sao hợp đồng thuê địa điểm', reason: 'Thiếu giấy tờ về quyền sử dụng địa điểm' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/ho-so/${id}?xong=request_supplement`);
    const page = await officer.agent.get(res.headers.location).expect(200);
    assert.match(page.text, /role="status"[\s\S]*Đã yêu cầu bổ sung hồ sơ\. Tin nhắn báo công dân \(nếu có\) ở mục “Tin nhắn đã gửi”\./);
    // Awaiting the supplement under restart (the default): the appointment is computed again from the complete supplement, on the page too.
    assert.equal(deadlineWords(page.text), 'Ngày hẹn sẽ được tính lại khi nhận đủ hồ sơ bổ sung');
    const received = await act(clerk, id, 'receive_supplement');
    assert.equal(received.headers.location, `/ho-so/${id}?xong=receive_supplement`);
    assert.match((await clerk.agent.get(received.headers.location).expect(200)).text, /Đã ghi nhận hồ sơ bổ sung/);
    for (const unknown of ['nothing', '<script>', 'constructor', '']) {
      const plain = await officer.agent.get(`/ho-so/${id}`).query({ xong: unknown }).expect(200);
      assert.doesNotMatch(plain.text, /class="success-banner"/, unknown);
    }
  });

  test('an apology form with a missing field re-renders the dossier page with the messages and what was typed', async () => {
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    const { id } = await receiveAndAssign('Phạm Văn Bảy');
    const reason = 'Chờ ý kiến của Sở Tài chính <về> hồ sơ & địa điểm';
    const missingDate = await officer.agent.post(`/ho-so/${id}/xin-loi`).type('form').send({ _csrf: officer.csrf, reason, new_date: '', new_time: '15:30' });
    assert.equal(missingDate.status, 400);
    assert.match(missingDate.text, /class="error-summary"/);
    assert.match(missingDate.text, /<a href="#apology-date">Nhập ngày và giờ hẹn trả kết quả mới\.<\/a>/);
    assert.match(missingDate.text, /<details class="action-panel" id="action-apology" open>/);
    assert.match(missingDate.text, /name="reason" rows="3">Chờ ý kiến của Sở Tài chính &lt;về&gt; hồ sơ &amp; địa điểm<\/textarea>/);
    assert.match(missingDate.text, /name="new_time" value="15:30"/);
    assert.match(missingDate.text, /Hồ sơ 000\./, 'the dossier page, not a bare error page');

    const both = await officer.agent.post(`/ho-so/${id}/xin-loi`).type('form').send({ _csrf: officer.csrf, reason: '  ', new_date: '' });
    assert.equal(both.status, 400);
    assert.match(both.text, /<a href="#apology-reason">Nhập lý do chậm trễ\.<\/a>/);
    assert.match(both.text, /<a href="#apology-date">Nhập ngày và giờ hẹn trả kết quả mới\.<\/a>/);

    // A date not after the appointment: the service's refusal, next to the date, values kept.
    const early = await officer.agent.post(`/ho-so/${id}/xin-loi`).type('form').send({ _csrf: officer.csrf, reason: 'Chờ xác minh', new_date: '2026-11-25', new_time: '10:00' });
    assert.equal(early.status, 400);
    assert.match(early.text, /Ngày hẹn mới phải sau ngày hẹn hiện tại/);
    assert.match(early.text, /name="new_date" value="2026-11-25"/);
    assert.match(early.text, />Chờ xác minh<\/textarea>/);
    assert.equal(await t.db('dossier_apologies').where({ dossier_id: id }).count({ n: '*' }).first().then((r) => Number(r?.n)), 0);
  });

  test('an action form error keeps the note and points at its field', async () => {
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    const { id } = await receiveAndAssign('Phạm Văn Tám');
    const res = await act(officer, id, 'refuse', { note: '' });
    assert.equal(res.status, 400);
    assert.match(res.text, /<a href="#note-refuse">Nhập lý do từ chối/);
    assert.match(res.text, /<details class="action-panel" id="action-refuse" open>/);
    assert.match(res.text, /class="error-message" id="note-refuse-error"><span class="visually-hidden">Lỗi:<\/span> Nhập lý do từ chối/);
    // The field itself says it is in error and which message describes it.
    assert.match(res.text, /id="note-refuse" name="note" rows="3" aria-invalid="true" aria-describedby="note-refuse-error">/);
  });

  test('a supplement request without its specific reason keeps the list and points at the reason field', async () => {
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    const { id } = await receiveAndAssign('Phạm Văn Chín');
    const res = await act(officer, id, 'request_supplement', { note: 'Bản sao hợp đồng thuê nhà\nTờ khai có chữ ký' });
    assert.equal(res.status, 400);
    assert.match(res.text, /<a href="#reason-request_supplement">Nhập lý do yêu cầu bổ sung \(cụ thể\)\./);
    assert.match(res.text, /<details class="action-panel" id="action-request_supplement" open>/);
    assert.match(res.text, /id="note-request_supplement" name="note" rows="3">Bản sao hợp đồng thuê nhà\nTờ khai có chữ ký<\/textarea>/);
    assert.match(res.text, /id="reason-request_supplement" name="reason" rows="2" aria-invalid="true" aria-describedby="reason-request_supplement-error"><\/textarea>/);
    assert.equal((await t.db('dossier_pauses').where({ dossier_id: id })).length, 0);
  });
});

describe('success banner wording', () => {
  test('every action of the state machine has a banner, in its own words or "Đã thực hiện: <label>"', () => {
    for (const a of ACTIONS) {
      const message = doneMessage(a);
      assert.ok(message && message.startsWith('Đã '), `${a}: ${message}`);
    }
    assert.equal(doneMessage('request_supplement'), 'Đã yêu cầu bổ sung hồ sơ. Tin nhắn báo công dân (nếu có) ở mục “Tin nhắn đã gửi”.');
    assert.equal(doneMessage(APOLOGY_DONE)?.startsWith('Đã phát hành phiếu xin lỗi'), true);
    for (const unknown of ['', 'toString', '__proto__', 'xin loi', 'ASSIGN']) assert.equal(doneMessage(unknown), null, unknown);
  });
});
