import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { firstBrokenLink } from '../../src/domain/audit-chain.js';
import { vnInstant } from '../../src/domain/time.js';
import { listEvents } from '../../src/features/dossiers/events.repo.js';
import { agencyId, binaryParser, buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, pdfText, signIn, type TestApp } from '../helpers/app.js';

const WARD = '000.31.01.H26';

type Agent = Awaited<ReturnType<typeof signIn>>;

async function version(t: TestApp, id: number): Promise<number> {
  return (await t.db('dossiers').where({ id }).first('version')).version;
}

async function act(t: TestApp, who: Agent, id: number, action: string, fields: Record<string, string> = {}) {
  return who.agent
    .post(`/ho-so/${id}/thao-tac`)
    .type('form')
    .send({ _csrf: who.csrf, action, version: String(await version(t, id)), ...fields });
}

async function dossier(t: TestApp, id: number) {
  return t.db('dossiers').where({ id }).first();
}

/** A 3-working-day procedure (1.001612) received by the ward clerk at the current clock. */
async function receive(t: TestApp, clerk: Agent): Promise<number> {
  const form = { ...certifiedCopyForm(), doc_3_received: 'on', doc_4_received: 'on' };
  const res = await clerk.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: clerk.csrf }).expect(303);
  return dossierIdFromRedirect(res.headers.location);
}

describe('processing workflow', () => {
  let t: TestApp;
  let clerk: Agent;
  let officer: Agent;
  let officer2: Agent;
  let lead: Agent;
  let wardId: number;
  let officerId: number;

  before(async () => {
    // Monday 23/11/2026 09:00. The clock moves over a week; sessions must outlive it.
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00'), env: { SESSION_TTL_HOURS: '720' } });
    await createStaff(t.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    officerId = await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    await createStaff(t.db, 'officer2', 'officer', WARD, 'Lê Thị Mai');
    await createStaff(t.db, 'lead', 'supervisor', WARD, 'Phạm Thị Lan');
    wardId = await agencyId(t.db, WARD);
    clerk = await signIn(t.http, 'clerk');
    officer = await signIn(t.http, 'officer');
    officer2 = await signIn(t.http, 'officer2');
    lead = await signIn(t.http, 'lead');
  });
  after(() => t.cleanup());

  test('intake → taken from the queue → supplement (clock paused) → result ready early → scanned at the counter → returned', async () => {
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    const id = await receive(t, clerk);
    const originalDue = new Date((await dossier(t, id)).due_at).getTime();
    assert.equal(originalDue, vnInstant('2026-11-26', '09:00').getTime());

    // It waits in the ward's queue; the ward's officer takes it.
    t.clock.set(vnInstant('2026-11-23', '09:30'));
    let res = await act(t, officer, id, 'take', { note: 'Chuyển chuyên viên thẩm định' });
    assert.equal(res.status, 303, res.text);
    let d = await dossier(t, id);
    assert.equal(d.status, 'in_progress');
    assert.equal(d.assigned_to, officerId);
    const handovers = await t.db('dossier_handovers').where({ dossier_id: id });
    assert.equal(handovers.length, 1, 'the counter hands it over to the officer');

    // It is in the officer's queue, on track.
    const queue = await officer.agent.get('/hang-doi').expect(200);
    assert.match(queue.text, new RegExp(d.code.replace(/\./g, '\\.')));
    assert.match(queue.text, /Trong hạn/);

    // Tuesday 10:00: the officer asks for a supplement; the clock stops.
    t.clock.set(vnInstant('2026-11-24', '10:00'));
    res = await act(t, officer, id, 'request_supplement', {
      note: 'Bản sao hợp đồng thuê địa điểm kinh doanh\nGiấy ủy quyền có chứng thực',
      reason: 'Người nộp chưa chứng minh quyền sử dụng địa điểm kinh doanh',
    });
    assert.equal(res.status, 303);
    d = await dossier(t, id);
    assert.equal(d.status, 'awaiting_supplement');
    const status = await request(t.http).get(`/s/${d.public_token}`).expect(200);
    assert.match(status.text, /Chờ bổ sung hồ sơ/);
    assert.match(status.text, /Bản sao hợp đồng thuê địa điểm kinh doanh/);

    // Thursday 14:00: the supplement arrives at the counter. The procedure restarts the clock
    // (Decree 118/2025, the default): the full 24 working hours run again from Thu 14:00:
    // Thu 3 h, Fri 8 h, Mon 8 h, Tue 08:00–12:00 and 13:00–14:00 → Tuesday 1/12 14:00.
    // (Resuming the 15 h left would have given Monday 30/11 12:00.)
    t.clock.set(vnInstant('2026-11-26', '14:00'));
    res = await act(t, clerk, id, 'receive_supplement', { note: 'Đã nhận đủ giấy tờ bổ sung' });
    assert.equal(res.status, 303);
    d = await dossier(t, id);
    assert.equal(d.status, 'in_progress');
    assert.equal(d.supplement_clock, 'restart', 'the dossier keeps the rule it was received under');
    assert.equal(new Date(d.due_at).getTime(), vnInstant('2026-12-01', '14:00').getTime());
    assert.equal(new Date(d.original_due_at).getTime(), originalDue, 'the receipt appointment is kept');
    const pauses = await t.db('dossier_pauses').where({ dossier_id: id });
    assert.equal(pauses.length, 1);
    assert.ok(pauses[0].ended_at);

    // Friday: the result is ready before the (new) appointment → early.
    t.clock.set(vnInstant('2026-11-27', '15:00'));
    res = await act(t, officer, id, 'mark_result_ready');
    assert.equal(res.status, 303);
    d = await dossier(t, id);
    assert.equal(d.status, 'result_ready');
    assert.equal(d.completion, 'early');

    // The citizen comes back; the clerk scans the receipt's QR into the search box.
    t.clock.set(vnInstant('2026-11-30', '08:30'));
    const scanned = `http://motcua.test/s/${d.public_token}`;
    const found = await clerk.agent.get('/ho-so').query({ q: scanned }).expect(302);
    assert.equal(found.headers.location, `/ho-so/${id}`);
    const byCode = await clerk.agent.get('/ho-so').query({ q: d.code.toLowerCase() }).expect(302);
    assert.equal(byCode.headers.location, `/ho-so/${id}`);

    res = await act(t, clerk, id, 'return_result', { note: 'Nguyễn Thị Thảo, CCCD 075190001234' });
    assert.equal(res.status, 303);
    d = await dossier(t, id);
    assert.equal(d.status, 'returned');
    assert.equal(d.returned_to, 'Nguyễn Thị Thảo, CCCD 075190001234');

    // Every step is on the history, chained and intact.
    const events = await listEvents(t.db, id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['received', 'take', 'request_supplement', 'receive_supplement', 'mark_result_ready', 'return_result'],
    );
    assert.equal(firstBrokenLink(events), null);
    for (const e of events) assert.ok(e.actorId, `${e.type} has its actor`);

    // The public page shows the public timeline, never the internal details.
    const page = await request(t.http).get(`/s/${d.public_token}`).expect(200);
    assert.match(page.text, /Đã trả kết quả/);
    assert.doesNotMatch(page.text, /Trần Minh Khoa|075190001234|Chuyển chuyên viên thẩm định/);
  });

  test('supplement once (Decree 118/2025): the list and the reason; a second request only by a supervisor, with the override on the chain', async () => {
    t.clock.set(vnInstant('2026-11-30', '09:00'));
    const id = await receive(t, clerk);
    assert.equal((await act(t, officer, id, 'take')).status, 303);
    const items = 'Bản sao giấy chứng nhận đăng ký hộ kinh doanh\nTờ khai có chữ ký của chủ hộ';
    const pausesOf = () => t.db('dossier_pauses').where({ dossier_id: id }).orderBy('id');

    // The specific reason is required: the form comes back with what was typed, the message next to the field.
    let res = await act(t, officer, id, 'request_supplement', { note: items });
    assert.equal(res.status, 400);
    assert.match(res.text, /id="reason-request_supplement-error"[^>]*><span class="visually-hidden">Lỗi:<\/span> Nhập lý do yêu cầu bổ sung \(cụ thể\)\./);
    assert.match(res.text, /Bản sao giấy chứng nhận đăng ký hộ kinh doanh/);
    assert.equal((await pausesOf()).length, 0);
    assert.equal((await dossier(t, id)).status, 'in_progress');

    t.clock.set(vnInstant('2026-11-30', '10:00'));
    res = await act(t, officer, id, 'request_supplement', { note: items, reason: 'Tờ khai chưa có chữ ký của chủ hộ kinh doanh' });
    assert.equal(res.status, 303, res.text);
    let pauses = await pausesOf();
    assert.equal(pauses.length, 1);
    assert.equal(pauses[0].request_reason, 'Tờ khai chưa có chữ ký của chủ hộ kinh doanh');
    assert.equal(pauses[0].reason, items, 'the items are the pause\'s content, as before');
    assert.equal(pauses[0].override_reason, null);
    let page = await officer.agent.get(`/ho-so/${id}`).expect(200);
    assert.match(page.text, /Chờ bổ sung \(lần 1\)/);
    assert.match(page.text, /Lý do: Tờ khai chưa có chữ ký của chủ hộ kinh doanh/, 'the reason beside the request on the history');
    const d = await dossier(t, id);
    const status = await request(t.http).get(`/s/${d.public_token}`).expect(200);
    assert.match(status.text, /<strong>Lý do:<\/strong> <span class="pre-line">Tờ khai chưa có chữ ký của chủ hộ kinh doanh<\/span>/);

    t.clock.set(vnInstant('2026-11-30', '14:00'));
    assert.equal((await act(t, clerk, id, 'receive_supplement')).status, 303);

    // A second request: the officer is refused, with the rule; the button is gone, the page says why.
    const version0 = (await dossier(t, id)).version;
    res = await act(t, officer, id, 'request_supplement', { note: 'Bản sao hợp đồng thuê nhà', reason: 'Thiếu hợp đồng' });
    assert.equal(res.status, 403);
    assert.match(res.text, /Theo Nghị định 118\/2025, hồ sơ chỉ được yêu cầu bổ sung một lần/);
    page = await officer.agent.get(`/ho-so/${id}`).expect(200);
    assert.doesNotMatch(page.text, /id="action-request_supplement"/);
    assert.match(page.text, /data-supplement-once/);

    // The supervisor sees the override field; without its reason: 400, what was typed kept.
    page = await lead.agent.get(`/ho-so/${id}`).expect(200);
    assert.match(page.text, /id="override_reason-request_supplement"/);
    assert.match(page.text, /Lý do lãnh đạo cho phép yêu cầu bổ sung lần 2/);
    res = await act(t, lead, id, 'request_supplement', { note: 'Bản sao hợp đồng thuê nhà', reason: 'Địa điểm kinh doanh là nhà thuê' });
    assert.equal(res.status, 400);
    assert.match(res.text, /id="override_reason-request_supplement-error"/);
    assert.match(res.text, /Nhập lý do lãnh đạo cho phép yêu cầu bổ sung lần 2/);
    assert.match(res.text, /Địa điểm kinh doanh là nhà thuê/);
    assert.equal((await dossier(t, id)).version, version0, 'nothing written');
    assert.equal((await pausesOf()).length, 1);

    t.clock.set(vnInstant('2026-11-30', '15:00'));
    res = await act(t, lead, id, 'request_supplement', {
      note: 'Bản sao hợp đồng thuê nhà',
      reason: 'Địa điểm kinh doanh là nhà thuê',
      override_reason: 'Chủ hộ đổi địa điểm kinh doanh sau lần bổ sung thứ nhất',
    });
    assert.equal(res.status, 303, res.text);
    pauses = await pausesOf();
    assert.equal(pauses.length, 2);
    assert.equal(pauses[1].override_reason, 'Chủ hộ đổi địa điểm kinh doanh sau lần bổ sung thứ nhất');
    assert.equal(pauses[1].request_reason, 'Địa điểm kinh doanh là nhà thuê');

    // On the chain: the override, by the supervisor, just before the request; internal.
    const events = await listEvents(t.db, id);
    assert.equal(firstBrokenLink(events), null);
    const types = events.map((e) => e.type);
    assert.deepEqual(types.slice(-2), ['supplement_override', 'request_supplement']);
    const override = events.at(-2)!;
    assert.equal(override.note, 'Cho phép yêu cầu bổ sung lần 2. Lý do: Chủ hộ đổi địa điểm kinh doanh sau lần bổ sung thứ nhất');
    assert.equal(override.public, false);
    assert.equal(override.actorName, 'Phạm Thị Lan');
    page = await lead.agent.get(`/ho-so/${id}`).expect(200);
    assert.match(page.text, /Lãnh đạo cho phép yêu cầu bổ sung thêm/);
    assert.match(page.text, /Chủ hộ đổi địa điểm kinh doanh sau lần bổ sung thứ nhất/);
    assert.match(page.text, /Chờ bổ sung \(lần 2\)/);

    // The citizen's notice is the second round's (its own idempotency key); the override stays internal.
    const notices = await t.db('outbox_messages').where({ dossier_id: id, template: 'supplement_request' }).select('idempotency_key');
    assert.ok(notices.length >= 2, 'one notice per round');
    const keys = notices.map((n) => String(n.idempotency_key));
    assert.ok(keys.some((k) => k.startsWith(`supplement_request:${id}:1:`)), JSON.stringify(keys));
    assert.ok(keys.some((k) => k.startsWith(`supplement_request:${id}:2:`)), JSON.stringify(keys));
    const publicPage = await request(t.http).get(`/s/${d.public_token}`).expect(200);
    assert.doesNotMatch(publicPage.text, /Chủ hộ đổi địa điểm kinh doanh sau lần bổ sung thứ nhất/);
    assert.match(publicPage.text, /Địa điểm kinh doanh là nhà thuê/);
  });

  test('refusal with a reason, and withdrawal at the citizen’s request', async () => {
    t.clock.set(vnInstant('2026-11-23', '10:00'));
    const a = await receive(t, clerk);
    let res = await act(t, officer, a, 'refuse');
    assert.equal(res.status, 400);
    assert.match(res.text, /Nhập lý do từ chối/);
    assert.equal((await dossier(t, a)).status, 'received');
    res = await act(t, officer, a, 'refuse', { note: 'Ngành nghề kinh doanh thuộc danh mục cấm đầu tư kinh doanh' });
    assert.equal(res.status, 303);
    const refused = await dossier(t, a);
    assert.equal(refused.status, 'refused');
    assert.equal(refused.completion, 'early');
    assert.match(refused.outcome_note, /danh mục cấm/);

    const b = await receive(t, clerk);
    res = await act(t, clerk, b, 'withdraw', { note: 'Người nộp đề nghị rút hồ sơ để bổ sung sau' });
    assert.equal(res.status, 303);
    assert.equal((await dossier(t, b)).status, 'withdrawn');
  });

  test('illegal transitions are refused with a clear message and change nothing', async () => {
    t.clock.set(vnInstant('2026-11-23', '11:00'));
    const id = await receive(t, clerk);
    const before = await dossier(t, id);
    // A clerk may not decide the result of a procedure the counter does not settle; an
    // officer may not hand it back.
    let res = await act(t, clerk, id, 'mark_result_ready');
    assert.equal(res.status, 403);
    assert.match(res.text, /Bộ phận Một cửa chỉ ghi nhận kết quả đối với thủ tục trả kết quả ngay tại quầy/);
    res = await act(t, officer, id, 'return_result', { note: 'x' });
    assert.equal(res.status, 403);
    // Result ready straight from "received" (no one took it) is not a transition here.
    res = await act(t, officer, id, 'mark_result_ready');
    assert.equal(res.status, 409);
    assert.match(res.text, /Hồ sơ chưa có cán bộ nhận xử lý; bấm “Nhận xử lý” trước khi ghi nhận kết quả/);
    // Nor is a clerk's assignment any more: the dossier reached its queue at intake.
    res = await act(t, clerk, id, 'assign', { to_agency_id: String(wardId), to_user_id: String(officerId) });
    assert.equal(res.status, 403);
    assert.match(res.text, /Vai trò của bạn không được thực hiện thao tác “Giao xử lý”/);
    res = await act(t, officer, id, 'launch_rocket');
    assert.equal(res.status, 409);
    const after = await dossier(t, id);
    assert.equal(after.status, before.status);
    assert.equal(after.version, before.version);
    assert.equal((await t.db('dossier_events').where({ dossier_id: id })).length, 1);
  });

  test('two officers at once: the second gets a conflict, nothing is overwritten', async () => {
    t.clock.set(vnInstant('2026-11-23', '14:00'));
    const id = await receive(t, clerk);
    await act(t, officer, id, 'take');
    const v = String(await version(t, id));
    const first = await officer.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: officer.csrf, action: 'pause', version: v, note: 'Chờ nộp lệ phí' });
    const second = await officer2.agent
      .post(`/ho-so/${id}/thao-tac`)
      .type('form')
      .send({ _csrf: officer2.csrf, action: 'request_supplement', version: v, note: 'Thiếu tờ khai', reason: 'Tờ khai là thành phần bắt buộc' });
    assert.equal(first.status, 303);
    assert.equal(second.status, 409);
    assert.match(second.text, /Hồ sơ vừa được người khác cập nhật/);
    // What the second officer typed is still in the form.
    assert.match(second.text, /Thiếu tờ khai/);
    assert.match(second.text, /Tờ khai là thành phần bắt buộc/);
    const d = await dossier(t, id);
    assert.equal(d.status, 'paused');
    const types = (await t.db('dossier_events').where({ dossier_id: id }).orderBy('seq')).map((e) => e.type);
    assert.deepEqual(types, ['received', 'take', 'pause']);

    // Truly simultaneous submissions: exactly one wins.
    const v2 = String(await version(t, id));
    const results = await Promise.all(
      [officer, officer2].map((o) => o.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: o.csrf, action: 'resume', version: v2 })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
    assert.equal((await t.db('dossier_events').where({ dossier_id: id, type: 'resume' })).length, 1);
  });

  test('the forms of the workflow print from the dossier history (Mẫu 02, 03, 05)', async () => {
    const returned = await t.db('dossiers').where({ status: 'returned' }).first('id', 'code');
    const refused = await t.db('dossiers').where({ status: 'refused' }).first('id', 'code');
    const text = async (url: string) => {
      const res = await officer.agent.get(url).buffer(true).parse(binaryParser);
      assert.equal(res.status, 200, url);
      assert.equal(res.headers['content-type'], 'application/pdf');
      return pdfText(res.body as Buffer);
    };
    const supplement = await text(`/ho-so/${returned.id}/phieu-yeu-cau-bo-sung.pdf`);
    assert.ok(supplement.includes('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ'));
    assert.ok(supplement.includes('Bản sao hợp đồng thuê địa điểm kinh doanh'));
    assert.ok(supplement.includes('Giấy ủy quyền có chứng thực'));
    // The request's specific reason (dossier_pauses.request_reason).
    assert.ok(supplement.includes('Lý do: Người nộp chưa chứng minh quyền sử dụng địa điểm kinh doanh'));
    assert.ok(supplement.includes('Trần Minh Khoa'));
    const refusal = await text(`/ho-so/${refused.id}/phieu-tu-choi.pdf`);
    // Refused after appraisal: the processing agency's notice, not the counter's Mẫu 03 (issue 13).
    assert.ok(refusal.includes('THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ'));
    assert.ok(refusal.includes('Ngành nghề kinh doanh thuộc danh mục cấm đầu tư kinh doanh'));
    const sheet = await text(`/ho-so/${returned.id}/phieu-kiem-soat.pdf`); 
    assert.ok(sheet.includes('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ'));
    assert.ok(sheet.includes(returned.code));
    assert.ok(sheet.includes('Trước hạn'), 'the result column classifies the steps');
    // A form that does not apply is a friendly 404, not an empty PDF.
    const none = await officer.agent.get(`/ho-so/${refused.id}/phieu-yeu-cau-bo-sung.pdf`);
    assert.equal(none.status, 404);
    assert.match(none.text, /chưa có yêu cầu bổ sung/);
  });

  test('a clerk of another agency cannot act on the dossier', async () => {
    await createStaff(t.db, 'clerk.other', 'clerk', '000.31.02.H26');
    const other = await signIn(t.http, 'clerk.other');
    const id = (await t.db('dossiers').first('id')).id;
    const res = await act(t, other, id, 'withdraw', { note: 'x' });
    assert.equal(res.status, 403);
  });

  // Issue 11 #3: hostile input on the dossier pages is a 400/404 with a Vietnamese message
  // and nothing written (PostgreSQL used to answer 500 on integer overflow and NUL bytes;
  // a user id 0 hit the foreign key on both databases).
  test('hostile ids and notes are refused with a message and write nothing', async () => {
    t.clock.set(vnInstant('2026-11-25', '09:00'));
    const id = await receive(t, clerk);
    const before = await dossier(t, id);
    const writes = async () => ({
      events: (await t.db('dossier_events').where({ dossier_id: id })).length,
      handovers: (await t.db('dossier_handovers').where({ dossier_id: id })).length,
      pauses: (await t.db('dossier_pauses').where({ dossier_id: id })).length,
    });
    const written = await writes();

    for (const url of ['/ho-so/2147483648', '/ho-so/9999999999', '/ho-so/0', '/ho-so/2147483648/da-tiep-nhan', '/ho-so/2147483648/phieu-kiem-soat.pdf']) {
      const res = await clerk.agent.get(url);
      assert.equal(res.status, 404, url);
      assert.match(res.text, /Không tìm thấy/, url);
    }
    const overflowPost = await clerk.agent.post('/ho-so/2147483648/thao-tac').type('form').send({ _csrf: clerk.csrf, action: 'withdraw', version: '1', note: 'x' });
    assert.equal(overflowPost.status, 404);

    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ to_agency_id: '9999999999' }, /Chọn cơ quan, bộ phận nhận hồ sơ/],
      [{ to_agency_id: '-1' }, /Chọn cơ quan, bộ phận nhận hồ sơ/],
      [{ to_agency_id: String(wardId), to_user_id: '0' }, /Cán bộ được chọn không hợp lệ/],
      [{ to_agency_id: String(wardId), to_user_id: '9999999999' }, /Cán bộ được chọn không hợp lệ/],
      [{ to_agency_id: String(wardId), note: 'Chuyển\u0000 chuyên viên' }, /ký tự không hợp lệ/],
      [{ to_agency_id: String(wardId), version: '99999999999999' }, /Phiên bản hồ sơ không hợp lệ/],
    ];
    for (const [fields, message] of cases) {
      const res = await act(t, lead, id, 'assign', fields);
      assert.equal(res.status, 400, JSON.stringify(fields));
      assert.match(res.text, message, JSON.stringify(fields));
    }
    const nulNote = await act(t, officer, id, 'refuse', { note: 'L\u00fd do\u0000' });
    assert.equal(nulNote.status, 400);
    assert.match(nulNote.text, /ký tự không hợp lệ/);
    const nulAction = await act(t, officer, id, 'refu\u0000se', { note: 'x' });
    assert.equal(nulAction.status, 400);

    const after = await dossier(t, id);
    assert.equal(after.version, before.version);
    assert.equal(after.status, 'received');
    assert.deepEqual(await writes(), written);
  });

  test('a dossier is assigned only to an agency that processes its procedure, and an active officer of it', async () => {
    t.clock.set(vnInstant('2026-11-25', '10:00'));
    const id = await receive(t, clerk);
    const centre = await agencyId(t.db, '000.00.01.H26');
    const justice = await agencyId(t.db, '000.00.12.H26');
    const justiceOfficer = await createStaff(t.db, 'officer.tp', 'officer', '000.00.12.H26', 'Phan Văn Tư');
    const retired = await createStaff(t.db, 'officer.old', 'officer', WARD, 'Đỗ Văn Nghỉ');
    await t.db('users').where({ id: retired }).update({ active: false });
    const wardClerk = await t.db('users').where({ username: 'clerk' }).first('id');

    // The ward procedure 1.001612 is not processed by the province centre nor by Sở Tư pháp.
    for (const agency of [centre, justice]) {
      const res = await act(t, lead, id, 'assign', { to_agency_id: String(agency) });
      assert.equal(res.status, 400, `agency ${agency}`);
      assert.match(res.text, /Cơ quan được chọn không giải quyết thủ tục của hồ sơ này/);
    }
    // The ward is, but only its active officers can be handed the dossier.
    for (const user of [justiceOfficer, retired, wardClerk.id]) {
      const res = await act(t, lead, id, 'assign', { to_agency_id: String(wardId), to_user_id: String(user) });
      assert.equal(res.status, 400, `user ${user}`);
      assert.match(res.text, /Cán bộ được chọn không thuộc cơ quan nhận hồ sơ/);
    }
    assert.equal((await t.db('dossier_handovers').where({ dossier_id: id })).length, 0);

    // The picker offers exactly what would be accepted.
    const page = await lead.agent.get(`/ho-so/${id}`).expect(200);
    const optionsOf = (name: string) => {
      const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(page.text)?.[1] ?? '';
      return [...select.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));
    };
    const agencies = optionsOf('to_agency_id');
    assert.ok(agencies.includes(wardId));
    for (const refused of [centre, justice]) assert.ok(!agencies.includes(refused), `agency ${refused} offered`);
    const people = optionsOf('to_user_id');
    assert.ok(people.includes(officerId));
    for (const refused of [justiceOfficer, retired, wardClerk.id]) assert.ok(!people.includes(refused), `officer ${refused} offered`);

    const ok = await act(t, lead, id, 'assign', { to_agency_id: String(wardId), to_user_id: String(officerId) });
    assert.equal(ok.status, 303, ok.text);
    assert.equal((await dossier(t, id)).assigned_to, officerId);
  });
});
