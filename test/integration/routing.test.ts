/**
 * Issue 12, items 1 and 3: a received dossier lands in its processing agency's queue with no
 * other step; officers take it, supervisors assign it; the clerk marks ready what the counter
 * itself settles; a mistaken intake can be voided the same day; a resent intake form never
 * makes a second dossier; the check page warns of an open dossier of the same applicant.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import { vnInstant } from '../../src/domain/time.js';
import { calendarService } from '../../src/features/calendar/calendar.service.js';
import { catalogueService } from '../../src/features/catalogue/catalogue.service.js';
import { intakeService } from '../../src/features/intake/intake.service.js';
import { appendEvent } from '../../src/features/dossiers/events.repo.js';
import type { CitizenStep } from '../../src/features/notifications/citizen-steps.js';
import { workflowService } from '../../src/features/workflow/workflow.service.js';
import { routeWaitingDossiers } from '../../migrations/20261202000100_routing.js';
import { insertDossier, procedureEditForm } from '../helpers/fixtures.js';
import { agencyId, buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, signIn, type TestApp } from '../helpers/app.js';

const WARD = '000.31.01.H26';
const TAM_HIEP = '000.31.02.H26';
const TU_PHAP = '000.00.12.H26';

type Agent = Awaited<ReturnType<typeof signIn>>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('routing at intake, taking, counter results, void, duplicates', () => {
  let t: TestApp;
  let clerk: Agent;
  let clerk2: Agent;
  let officer: Agent;
  let officer2: Agent;
  let lead: Agent;
  let justiceOfficer: Agent;
  let justiceLead: Agent;
  let otherLead: Agent;
  let wardId: number;
  let justiceId: number;
  let officerId: number;
  let officer2Id: number;
  let justiceOfficerId: number;

  before(async () => {
    // Tuesday 01/12/2026 09:00. Sessions outlive the clock's moves.
    t = await buildTestApp({ now: vnInstant('2026-12-01', '09:00'), env: { SESSION_TTL_HOURS: '720' } });
    await createStaff(t.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'clerk2', 'clerk', WARD, 'Hoàng Văn Nam');
    officerId = await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    officer2Id = await createStaff(t.db, 'officer2', 'officer', WARD, 'Lê Thị Mai');
    await createStaff(t.db, 'lead', 'supervisor', WARD, 'Phạm Thị Lan');
    justiceOfficerId = await createStaff(t.db, 'officer.tp', 'officer', TU_PHAP, 'Phan Văn Tư');
    await createStaff(t.db, 'lead.tp', 'supervisor', TU_PHAP, 'Đinh Thị Hoa');
    await createStaff(t.db, 'lead.th', 'supervisor', TAM_HIEP, 'Vũ Văn Bình');
    wardId = await agencyId(t.db, WARD);
    justiceId = await agencyId(t.db, TU_PHAP);
    // The ward's counter also receives a procedure Sở Tư pháp settles (criminal record extract).
    const lltp = await t.db('procedures').where({ code: '3.000333' }).first('id');
    await t.db('agency_procedures').insert({ agency_id: wardId, procedure_id: lltp.id });
    [clerk, clerk2, officer, officer2, lead, justiceOfficer, justiceLead, otherLead] = (await Promise.all(
      ['clerk', 'clerk2', 'officer', 'officer2', 'lead', 'officer.tp', 'lead.tp', 'lead.th'].map((u) => signIn(t.http, u)),
    )) as [Agent, Agent, Agent, Agent, Agent, Agent, Agent, Agent];
  });
  after(() => t.cleanup());

  async function dossier(id: number) {
    return t.db('dossiers').where({ id }).first();
  }
  async function version(id: number): Promise<number> {
    return (await dossier(id)).version;
  }
  async function act(who: Agent, id: number, action: string, fields: Record<string, string> = {}) {
    return who.agent
      .post(`/ho-so/${id}/thao-tac`)
      .type('form')
      .send({ _csrf: who.csrf, action, version: String(await version(id)), ...fields });
  }

  /** The form for a procedure: 2.000815 (certified copy, counter result), 1.001612 (household business), 3.000333 (Sở Tư pháp). */
  function formFor(code: string, overrides: Record<string, string> = {}): Record<string, string> {
    const base = certifiedCopyForm(overrides);
    if (code === '1.001612') return { ...base, doc_3_received: 'on', doc_4_received: 'on' };
    if (code === '3.000333') return { ...base, doc_1_received: 'on', doc_2_received: 'on', doc_3_received: 'on', doc_4_received: 'on' };
    return base;
  }

  /** Through the pages: the form (its key), the check page, the confirmation. */
  async function receive(who: Agent, code: string, overrides: Record<string, string> = {}): Promise<number> {
    const formPage = await who.agent.get(`/tiep-nhan/${code}`).expect(200);
    const key = /name="intake_key" value="([^"]+)"/.exec(formPage.text)?.[1];
    assert.ok(key, 'the form carries its intake key');
    const res = await who.agent
      .post(`/tiep-nhan/${code}/xac-nhan`)
      .type('form')
      .send({ ...formFor(code, overrides), intake_key: key, action: 'confirm', _csrf: who.csrf });
    assert.equal(res.status, 303, res.text);
    return dossierIdFromRedirect(res.headers.location);
  }

  async function count(db: Knex, table: string, where: Record<string, unknown> = {}): Promise<number> {
    return Number((await db(table).where(where).count({ n: '*' }).first())?.n);
  }

  test('a received dossier waits in its processing agency’s queue with no other step', async () => {
    t.clock.set(vnInstant('2026-12-01', '09:00'));
    const id = await receive(clerk, '1.001612');
    const d = await dossier(id);
    assert.equal(d.status, 'received');
    assert.equal(d.assigned_agency_id, wardId);
    assert.equal(d.assigned_to, null);
    assert.equal(d.processing_agency_id, wardId);

    // The confirmation says where it went, and offers the next citizen.
    const confirmation = await clerk.agent.get(`/ho-so/${id}/da-tiep-nhan`).expect(200);
    assert.match(confirmation.text, /Đã chuyển đến hàng đợi của Trung tâm Phục vụ hành chính công phường Trấn Biên/);
    assert.match(confirmation.text, /href="\/tiep-nhan">Tiếp nhận hồ sơ tiếp theo/);
    assert.doesNotMatch(confirmation.text, /Kết quả trả tại quầy/);

    // In the officer's queue, waiting, with a one-click take form posting the version.
    const queue = await officer.agent.get('/hang-doi').expect(200);
    const waiting = queue.text.split('<h2 class="heading-m">Chờ nhận xử lý (')[1]!.split('<h2')[0]!;
    assert.match(waiting, new RegExp(escape(d.code)));
    const form = new RegExp(`<form method="post" action="/ho-so/${id}/thao-tac#loi"[\\s\\S]*?</form>`).exec(waiting)?.[0] ?? '';
    assert.match(form, /name="_csrf" value="[^"]+"/);
    assert.match(form, /name="action" value="take"/);
    assert.match(form, new RegExp(`name="version" value="${d.version}"`));
    assert.match(form, /Nhận xử lý/);
    // The supervisor sees the agency's queue; another ward's officer does not see it.
    const agencyQueue = await lead.agent.get('/hang-doi').expect(200);
    assert.match(agencyQueue.text, new RegExp(escape(d.code)));
    const other = await otherLead.agent.get('/hang-doi').expect(200);
    assert.doesNotMatch(other.text, new RegExp(escape(d.code)));

    // The dossier page offers the officer exactly "take" among the routing actions.
    const page = await officer.agent.get(`/ho-so/${id}`).expect(200);
    assert.match(page.text, /id="action-take"/);
    assert.doesNotMatch(page.text, /id="action-assign"/, 'an officer forwards only what they hold');
    assert.doesNotMatch(page.text, /id="action-mark_result_ready"/, 'take it before recording a result');
    const clerkPage = await clerk.agent.get(`/ho-so/${id}`).expect(200);
    assert.doesNotMatch(clerkPage.text, /id="action-take"|id="action-assign"/);
  });

  test('one click takes it; a second take is refused; the taker holds it', async () => {
    t.clock.set(vnInstant('2026-12-01', '09:30'));
    const id = await receive(clerk, '1.001612');
    const v = String(await version(id));
    const first = await officer.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: officer.csrf, action: 'take', version: v });
    assert.equal(first.status, 303, first.text);
    let d = await dossier(id);
    assert.equal(d.status, 'in_progress');
    assert.equal(d.assigned_to, officerId);
    assert.equal(d.assigned_agency_id, wardId);
    const handovers = await t.db('dossier_handovers').where({ dossier_id: id });
    assert.equal(handovers.length, 1);
    assert.equal(handovers[0].from_agency_id, wardId);
    assert.equal(handovers[0].to_user_id, officerId);

    // The colleague clicked on the same row (old version), then again on the fresh page.
    const stale = await officer2.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: officer2.csrf, action: 'take', version: v });
    assert.equal(stale.status, 409);
    const second = await act(officer2, id, 'take');
    assert.equal(second.status, 409);
    assert.match(second.text, /Hồ sơ đã có cán bộ nhận xử lý/);
    d = await dossier(id);
    assert.equal(d.assigned_to, officerId, 'nothing overwritten');
    assert.equal(await count(t.db, 'dossier_events', { dossier_id: id, type: 'take' }), 1);

    // Now in "Đang giao cho tôi", not waiting any more.
    const queue = await officer.agent.get('/hang-doi').expect(200);
    const mine = queue.text.split('<h2 class="heading-m">Đang giao cho tôi (')[1]!;
    assert.match(mine, new RegExp(escape(d.code)));
    const waiting = queue.text.split('<h2 class="heading-m">Chờ nhận xử lý (')[1]!.split('<h2')[0]!;
    assert.doesNotMatch(waiting, new RegExp(escape(d.code)));
  });

  test('a department’s procedure goes to that department’s queue; only its staff take it', async () => {
    t.clock.set(vnInstant('2026-12-01', '10:00'));
    const id = await receive(clerk, '3.000333');
    const d = await dossier(id);
    assert.equal(d.agency_id, wardId);
    assert.equal(d.assigned_agency_id, justiceId);
    const confirmation = await clerk.agent.get(`/ho-so/${id}/da-tiep-nhan`).expect(200);
    assert.match(confirmation.text, /Đã chuyển đến hàng đợi của Sở Tư pháp/);

    const justiceQueue = await justiceOfficer.agent.get('/hang-doi').expect(200);
    assert.match(justiceQueue.text, new RegExp(escape(d.code)));
    const wardQueue = await officer.agent.get('/hang-doi?xem=don-vi').expect(200);
    assert.doesNotMatch(wardQueue.text, new RegExp(escape(d.code)));

    // The ward's officer sees the dossier (their counter received it) but cannot take it.
    const refused = await act(officer, id, 'take');
    assert.equal(refused.status, 403);
    assert.match(refused.text, /nằm trong hàng đợi của cơ quan, bộ phận khác/);
    const taken = await act(justiceOfficer, id, 'take');
    assert.equal(taken.status, 303, taken.text);
    const after = await dossier(id);
    assert.equal(after.assigned_to, justiceOfficerId);
    const [h] = await t.db('dossier_handovers').where({ dossier_id: id });
    assert.equal(h.from_agency_id, wardId, 'from the counter');
    assert.equal(h.to_agency_id, justiceId);
  });

  test('a supervisor assigns; an officer forwards only elsewhere; the clerk assigns nothing', async () => {
    t.clock.set(vnInstant('2026-12-01', '10:30'));
    const id = await receive(clerk, '1.001612');
    const byClerk = await act(clerk, id, 'assign', { to_agency_id: String(wardId), to_user_id: String(officerId) });
    assert.equal(byClerk.status, 403);
    assert.match(byClerk.text, /Vai trò của bạn không được thực hiện thao tác “Giao xử lý”/);

    // To the agency without a person: still waiting to be taken, now "in progress".
    let res = await act(lead, id, 'assign', { to_agency_id: String(wardId) });
    assert.equal(res.status, 303, res.text);
    let d = await dossier(id);
    assert.equal(d.status, 'in_progress');
    assert.equal(d.assigned_to, null);
    const queue = await officer2.agent.get('/hang-doi?nhan=waiting').expect(200);
    assert.match(queue.text, new RegExp(escape(d.code)));

    res = await act(lead, id, 'assign', { to_agency_id: String(wardId), to_user_id: String(officer2Id) });
    assert.equal(res.status, 303, res.text);
    d = await dossier(id);
    assert.equal(d.assigned_to, officer2Id);
    // Another officer can neither take it now nor reassign it.
    res = await act(officer, id, 'take');
    assert.equal(res.status, 409);
    res = await act(officer, id, 'assign', { to_agency_id: String(wardId), to_user_id: String(officerId) });
    assert.equal(res.status, 403);
    assert.match(res.text, /Chỉ chuyên viên đang xử lý hồ sơ mới được chuyển hồ sơ/);
    // The holder may forward only to another department: the ward processes this procedure alone.
    res = await act(officer2, id, 'assign', { to_agency_id: String(wardId), to_user_id: String(officerId) });
    assert.equal(res.status, 400);
    assert.match(res.text, /Chuyên viên chỉ chuyển hồ sơ sang cơ quan, bộ phận khác/);
    assert.equal((await dossier(id)).assigned_to, officer2Id);
  });

  test('the clerk marks ready only what the counter settles itself', async () => {
    t.clock.set(vnInstant('2026-12-01', '11:00'));
    const copy = await receive(clerk, '2.000815');
    const confirmation = await clerk.agent.get(`/ho-so/${copy}/da-tiep-nhan`).expect(200);
    assert.match(confirmation.text, /Kết quả trả tại quầy/);
    const page = await clerk.agent.get(`/ho-so/${copy}`).expect(200);
    assert.match(page.text, /id="action-mark_result_ready"/, 'the button is offered');
    let res = await act(clerk, copy, 'mark_result_ready');
    assert.equal(res.status, 303, res.text);
    const d = await dossier(copy);
    assert.equal(d.status, 'result_ready');
    assert.equal(d.completion, 'on_time', 'a same-day result on the day');
    res = await act(clerk, copy, 'return_result', { note: 'Nguyễn Thị Thảo' });
    assert.equal(res.status, 303);

    const business = await receive(clerk, '1.001612');
    const businessPage = await clerk.agent.get(`/ho-so/${business}`).expect(200);
    assert.doesNotMatch(businessPage.text, /id="action-mark_result_ready"/);
    res = await act(clerk, business, 'mark_result_ready');
    assert.equal(res.status, 403);
    assert.match(res.text, /chỉ ghi nhận kết quả đối với thủ tục trả kết quả ngay tại quầy/);
    assert.equal((await dossier(business)).status, 'received');
  });

  test('void: the receiving clerk, the same day, before anyone acts; the code is never reused', async () => {
    t.clock.set(vnInstant('2026-12-01', '14:00'));
    const id = await receive(clerk, '2.000815', { applicant_id_number: '079190000111' });
    const d = await dossier(id);
    // Printing the receipt is not acting on it.
    const printed = await clerk.agent.post(`/ho-so/${id}/in-giay-tiep-nhan`).type('form').send({ _csrf: clerk.csrf });
    assert.equal(printed.status, 303);
    assert.equal(await count(t.db, 'dossier_events', { dossier_id: id, type: 'receipt_printed' }), 1);

    const page = await clerk.agent.get(`/ho-so/${id}`).expect(200);
    assert.match(page.text, /id="action-void"/);
    const colleaguePage = await clerk2.agent.get(`/ho-so/${id}`).expect(200);
    assert.doesNotMatch(colleaguePage.text, /id="action-void"/);

    // Refused: no reason, a colleague, an officer, another agency's supervisor.
    let res = await act(clerk, id, 'void');
    assert.equal(res.status, 400);
    assert.match(res.text, /Nhập lý do hủy tiếp nhận/);
    res = await act(clerk2, id, 'void', { note: 'Nhập nhầm' });
    assert.equal(res.status, 403);
    assert.match(res.text, /Chỉ cán bộ đã tiếp nhận hồ sơ hoặc lãnh đạo của cơ quan tiếp nhận được hủy tiếp nhận/);
    res = await act(officer, id, 'void', { note: 'Nhập nhầm' });
    assert.equal(res.status, 403);
    res = await act(otherLead, id, 'void', { note: 'Nhập nhầm' });
    assert.equal(res.status, 403);
    assert.equal((await dossier(id)).status, 'received');

    res = await act(clerk, id, 'void', { note: 'Nhập nhầm thủ tục: công dân cần chứng thực chữ ký' });
    assert.equal(res.status, 303, res.text);
    const voided = await dossier(id);
    assert.equal(voided.status, 'voided');
    assert.ok(voided.finished_at);
    assert.equal(voided.outcome_note, 'Nhập nhầm thủ tục: công dân cần chứng thực chữ ký');
    assert.equal(voided.code, d.code, 'the code stays on the voided dossier');
    const ev = await t.db('dossier_events').where({ dossier_id: id, type: 'void' }).first();
    assert.equal(ev.to_status, 'voided');
    // Nothing more can be done to it; it left the queue.
    assert.equal((await act(lead, id, 'take')).status, 409);
    const queue = await officer.agent.get('/hang-doi?xem=don-vi').expect(200);
    assert.doesNotMatch(queue.text, new RegExp(escape(d.code)));

    // The next dossier gets the next number of the day.
    const next = await dossier(await receive(clerk, '2.000815'));
    const seq = (code: string) => Number(code.split('-').pop());
    assert.equal(seq(next.code), seq(d.code) + 1);
  });

  test('void: a supervisor of the receiving agency may; not yesterday’s, not one someone acted on', async () => {
    t.clock.set(vnInstant('2026-12-01', '15:00'));
    const bySupervisor = await receive(clerk, '1.001612');
    const acted = await receive(clerk, '1.001612');
    const yesterday = await receive(clerk, '1.001612');
    const foreign = await receive(clerk, '3.000333');

    let res = await act(lead, bySupervisor, 'void', { note: 'Trùng hồ sơ' });
    assert.equal(res.status, 303, res.text);
    assert.equal((await dossier(bySupervisor)).status, 'voided');

    // Sở Tư pháp's supervisor sees the dossier in their queue, but did not receive it.
    res = await act(justiceLead, foreign, 'void', { note: 'Nhập nhầm' });
    assert.equal(res.status, 403);

    // A member of staff recorded something (still "received"): no longer a slip to undo.
    await appendEvent(t.db, acted, { type: 'apology_issued', fromStatus: null, toStatus: null, actorId: officerId, note: 'x', public: true, ip: null, createdAt: t.clock.now() });
    res = await act(clerk, acted, 'void', { note: 'Nhập nhầm' });
    assert.equal(res.status, 409);
    assert.match(res.text, /Hồ sơ đã được xử lý sau khi tiếp nhận nên không thể hủy tiếp nhận/);

    // The next morning, yesterday's dossier cannot be voided (nor is the button offered).
    t.clock.set(vnInstant('2026-12-02', '08:05'));
    const page = await clerk.agent.get(`/ho-so/${yesterday}`).expect(200);
    assert.doesNotMatch(page.text, /id="action-void"/);
    res = await act(clerk, yesterday, 'void', { note: 'Nhập nhầm' });
    assert.equal(res.status, 409);
    assert.match(res.text, /Chỉ được hủy tiếp nhận trong ngày tiếp nhận hồ sơ/);
    for (const id of [acted, yesterday, foreign]) assert.equal((await dossier(id)).status, 'received');
  });

  test('Back + confirm, or the form sent again, never makes a second dossier', async () => {
    t.clock.set(vnInstant('2026-12-02', '09:00'));
    const form = formFor('2.000815', { applicant_id_number: '079190000222', applicant_name: 'Đỗ Minh Tâm' });
    const formPage = await clerk.agent.get('/tiep-nhan/2.000815').expect(200);
    const key = /name="intake_key" value="([^"]+)"/.exec(formPage.text)![1]!;
    const check = await clerk.agent.post('/tiep-nhan/2.000815/kiem-tra').type('form').send({ ...form, intake_key: key, _csrf: clerk.csrf }).expect(200);
    assert.match(check.text, new RegExp(`name="intake_key" value="${escape(key)}"`), 'the check page carries the form’s key');
    const before = await count(t.db, 'dossiers');

    const first = await clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: key, action: 'confirm', _csrf: clerk.csrf }).expect(303);
    const id = dossierIdFromRedirect(first.headers.location);
    // Back to the check page, confirm again.
    const again = await clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: key, action: 'confirm', _csrf: clerk.csrf }).expect(303);
    assert.equal(again.headers.location, `/ho-so/${id}/da-tiep-nhan?lai=1`);
    // Back to the form, send it again to the check step.
    const resent = await clerk.agent.post('/tiep-nhan/2.000815/kiem-tra').type('form').send({ ...form, intake_key: key, _csrf: clerk.csrf }).expect(303);
    assert.equal(resent.headers.location, `/ho-so/${id}/da-tiep-nhan?lai=1`);
    assert.equal(await count(t.db, 'dossiers'), before + 1);
    const notice = await clerk.agent.get(again.headers.location).expect(200);
    assert.match(notice.text, /Hồ sơ này đã được tiếp nhận/);
    assert.match(notice.text, new RegExp(escape((await dossier(id)).code)));

    // A fresh form is a fresh key: a second citizen is a second dossier.
    const second = await receive(clerk, '2.000815', { applicant_id_number: '079190000333' });
    assert.notEqual(second, id);
  });

  test('the check page warns of an open dossier of the same ID number for the same procedure', async () => {
    t.clock.set(vnInstant('2026-12-02', '10:00'));
    const idNumber = '079190000444';
    const existing = await dossier(await receive(clerk, '1.001612', { applicant_id_number: idNumber }));
    const check = (code: string, id = idNumber, who = clerk2) =>
      who.agent.post(`/tiep-nhan/${code}/kiem-tra`).type('form').send({ ...formFor(code, { applicant_id_number: id }), _csrf: who.csrf }).expect(200);

    const warned = await check('1.001612');
    assert.match(warned.text, /đang có hồ sơ chưa giải quyết xong cho thủ tục này/);
    assert.match(warned.text, new RegExp(`<a href="/ho-so/${existing.id}">${escape(existing.code)}</a>`));
    assert.match(warned.text, /Xác nhận tiếp nhận/, 'a warning, not a block');
    // Another procedure, another ID number: no warning.
    assert.doesNotMatch((await check('2.000815')).text, /chưa giải quyết xong/);
    assert.doesNotMatch((await check('1.001612', '079190000555')).text, /chưa giải quyết xong/);
    // Once closed (voided), no warning either.
    t.clock.set(vnInstant('2026-12-02', '10:05'));
    assert.equal((await act(clerk, existing.id, 'void', { note: 'Nhập nhầm' })).status, 303);
    assert.doesNotMatch((await check('1.001612')).text, /chưa giải quyết xong/);
  });

  test('the queue filters by tag; a bad tag is a 400 with a message', async () => {
    t.clock.set(vnInstant('2026-12-02', '11:00'));
    const id = await receive(clerk, '1.001612', { applicant_id_number: '079190000666' });
    const code = (await dossier(id)).code;
    const waiting = await officer.agent.get('/hang-doi?nhan=waiting').expect(200);
    assert.match(waiting.text, new RegExp(escape(code)));
    assert.doesNotMatch(waiting.text, /Đang giao cho tôi \(/, 'only the waiting section');
    const onTrack = await officer.agent.get('/hang-doi?nhan=on_track').expect(200);
    assert.match(onTrack.text, new RegExp(escape(code)), 'waiting and on track');
    const overdue = await officer.agent.get('/hang-doi?nhan=overdue').expect(200);
    assert.doesNotMatch(overdue.text, new RegExp(escape(code)));

    // Three working days later it is overdue.
    t.clock.set(vnInstant('2026-12-08', '09:00'));
    const late = await officer.agent.get('/hang-doi?nhan=overdue').expect(200);
    assert.match(late.text, new RegExp(escape(code)));
    assert.match(late.text, /Quá hạn \(\d+\)/);

    const bad = await officer.agent.get('/hang-doi?nhan=urgent');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Bộ lọc hàng đợi không hợp lệ/);
    const nul = await officer.agent.get('/hang-doi?nhan=wait%00ing');
    assert.equal(nul.status, 400);
    const clerkQueue = await clerk.agent.get('/hang-doi');
    assert.equal(clerkQueue.status, 403);
  });

  test('notices and search words are written inside the action’s transaction', async () => {
    t.clock.set(vnInstant('2026-12-03', '09:00'));
    const id = await receive(clerk, '1.001612', { applicant_id_number: '079190000777' });
    const calls: Array<{ dossierId: number; step: CitizenStep; inTransaction: boolean }> = [];
    const calendar = calendarService(t.deps);
    const workflow = workflowService(t.deps, {
      calendar,
      notifications: {
        notifyCitizen: async (trx, dossierId, step) => {
          calls.push({ dossierId, step, inTransaction: Boolean((trx as Knex.Transaction).isTransaction) });
          return 1;
        },
      },
    });
    const staff = async (username: string) => {
      const u = await t.db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.username', username).first('u.id', 'u.role', 'u.agency_id', 'u.full_name', 'a.name');
      return { id: u.id, username, fullName: u.full_name, role: u.role, agencyId: u.agency_id, agencyName: u.name };
    };
    const officerUser = await staff('officer');
    const run = async (action: string, note: string | null, who = officerUser, reason: string | null = null) => {
      const r = await workflow.act(who, id, { action, version: await version(id), note, reason }, null);
      assert.ok(r.ok, JSON.stringify(r));
    };
    await run('take', null);
    await run('request_supplement', 'Bản sao hợp đồng thuê địa điểm', officerUser, 'Thiếu giấy tờ về quyền sử dụng địa điểm');
    await run('receive_supplement', null);
    await run('mark_result_ready', null);
    assert.deepEqual(
      calls.map((c) => c.step),
      [{ kind: 'supplement_request', items: 'Bản sao hợp đồng thuê địa điểm', round: 1 }, { kind: 'result_ready' }],
    );
    assert.ok(calls.every((c) => c.dossierId === id && c.inTransaction));

    const refused = await receive(clerk, '1.001612', { applicant_id_number: '079190000888' });
    const r = await workflow.act(officerUser, refused, { action: 'refuse', version: await version(refused), note: 'Không thuộc thẩm quyền' }, null);
    assert.ok(r.ok);
    assert.deepEqual(calls.at(-1)!.step, { kind: 'refused', reason: 'Không thuộc thẩm quyền' });

    // A refused notice that fails rolls the action back: nothing half-written.
    const failing = workflowService(t.deps, {
      calendar,
      notifications: {
        notifyCitizen: async () => {
          throw new Error('outbox down');
        },
      },
    });
    const third = await receive(clerk, '1.001612', { applicant_id_number: '079190000999' });
    const clerkUser = await staff('clerk');
    await assert.rejects(failing.act(clerkUser, third, { action: 'withdraw', version: await version(third), note: 'Công dân rút' }, null), /outbox down/);
    assert.equal((await dossier(third)).status, 'received');
    assert.equal(await count(t.db, 'dossier_events', { dossier_id: third }), 1);

    // Intake: the electronic receipt and the search words, in the intake transaction.
    const intakeCalls: string[] = [];
    const catalogue = catalogueService(t.deps);
    const intake = intakeService(t.deps, {
      catalogue,
      calendar,
      notifications: {
        notifyCitizen: async (trx, dossierId, step) => {
          intakeCalls.push(`notify ${dossierId} ${step.kind} ${Boolean((trx as Knex.Transaction).isTransaction)}`);
          return 1;
        },
      },
      indexWords: async (trx, dossierId, text) => {
        intakeCalls.push(`index ${dossierId} ${text.name} ${text.code} ${Boolean((trx as Knex.Transaction).isTransaction)}`);
      },
    });
    const procedure = (await catalogue.procedureForAgency(clerkUser.agencyId, '2.000815'))!;
    const received = await intake.receive(
      clerkUser,
      '2.000815',
      {
        applicantName: 'Nguyễn Văn Hùng',
        idNumber: '079190001000',
        phone: '0987654321',
        email: null,
        address: 'Trấn Biên',
        representativeName: null,
        resultDelivery: 'counter',
        setsCount: 1,
        note: null,
        documents: procedure.documents.map((doc) => ({ position: doc.position, name: doc.name, originals: doc.originals, certifiedCopies: doc.certifiedCopies, copies: doc.copies })),
      },
      null,
      null,
    );
    assert.ok(received.ok);
    const newCode = (await dossier(received.dossierId)).code;
    assert.deepEqual(intakeCalls, [`index ${received.dossierId} Nguyễn Văn Hùng ${newCode} true`, `notify ${received.dossierId} receipt true`]);
  });
});

describe('procedures: the lead department and the counter result, admin-editable and in the CSV import', () => {
  let t: TestApp;
  let admin: Agent;

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-12-01', '09:00') });
    await createStaff(t.db, 'admin', 'admin', '000.00.01.H26', 'Võ Đức Anh');
    admin = await signIn(t.http, 'admin');
  });
  after(() => t.cleanup());

  const post = (url: string, form: Record<string, string | string[]>) => admin.agent.post(url).type('form').send({ ...form, _csrf: admin.csrf });

  /** The edit form of a stored procedure, as the page would post it. */
  const formOf = async (code: string) => (await procedureEditForm(t.db, code)).form;

  test('the reference catalogue marks certified copies, signatures and civil-status copies as counter results', async () => {
    const rows = await t.db('procedures').where({ result_at_counter: true }).orderBy('code').select('code');
    assert.deepEqual(
      rows.map((r) => r.code),
      ['2.000635', '2.000815', '2.000884'],
    );
  });

  test('list and form show the lead department and the counter result; the form saves it', async () => {
    const list = await admin.agent.get('/quan-tri/thu-tuc').expect(200);
    assert.match(list.text, /Cơ quan, phòng chủ trì giải quyết/);
    assert.match(list.text, /Trả tại quầy/);
    const row = list.text.split('2.000815</a>')[1]!.split('</tr>')[0]!;
    assert.match(row, /<td>Có<\/td>/);

    const birth = await t.db('procedures').where({ code: '1.001193' }).first();
    const page = await admin.agent.get(`/quan-tri/thu-tuc/${birth.id}`).expect(200);
    assert.match(page.text, /<label for="lead_agency_id">Cơ quan, phòng chủ trì giải quyết<\/label>/);
    assert.match(page.text, /<input type="checkbox" id="result_at_counter" name="result_at_counter" value="on" aria-describedby="result_at_counter-hint" >/, 'unticked');

    const on = await post(`/quan-tri/thu-tuc/${birth.id}`, { ...(await formOf('1.001193')), result_at_counter: 'on' });
    assert.equal(on.status, 303, on.text);
    assert.equal(Boolean((await t.db('procedures').where({ id: birth.id }).first()).result_at_counter), true);
    const again = await admin.agent.get(`/quan-tri/thu-tuc/${birth.id}`).expect(200);
    assert.match(again.text, /id="result_at_counter" name="result_at_counter" value="on" aria-describedby="result_at_counter-hint" checked>/);
    // Unticked and saved: off again.
    const off = await post(`/quan-tri/thu-tuc/${birth.id}`, await formOf('1.001193'));
    assert.equal(off.status, 303);
    assert.equal(Boolean((await t.db('procedures').where({ id: birth.id }).first()).result_at_counter), false);
  });

  test('CSV column tra_tai_quay: 1/có/không/blank; a bad value is refused by line; no column keeps what is stored', async () => {
    const header =
      'code,name,field,processing_unit,processing_amount,fee_vnd,fee_note,result,apology_extension_days,lead_agency_eid,receiving_agency_eids,documents';
    const row = (code: string, extra: string) => `${code},Thủ tục ${code},Thử nghiệm,same_day,,0,,Kết quả,,,${WARD},Tờ khai${extra}`;
    const bad = await post('/quan-tri/thu-tuc/nhap-csv', { csv: [`${header},tra_tai_quay`, row('9.300001', ',có'), row('9.300002', ',thỉnh thoảng')].join('\n'), action: 'import' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Cột tra_tai_quay: &#34;thỉnh thoảng&#34; không hợp lệ \(1, 0, có, không hoặc để trống\)|Cột tra_tai_quay: "thỉnh thoảng" không hợp lệ/);
    assert.equal(await t.db('procedures').whereIn('code', ['9.300001', '9.300002']).count({ n: '*' }).first().then((r) => Number(r?.n)), 0);

    const ok = await post('/quan-tri/thu-tuc/nhap-csv', {
      csv: [`${header},tra_tai_quay`, row('9.300001', ',có'), row('9.300002', ',0'), row('9.300003', ',1'), row('9.300004', ',không'), row('9.300005', ',')].join('\n'),
      action: 'import',
    });
    assert.equal(ok.status, 303, ok.text);
    assert.match((await admin.agent.get(ok.headers.location!).expect(200)).text, /Thêm mới <strong>5<\/strong> thủ tục/);
    const flags = async () =>
      Object.fromEntries(
        (await t.db('procedures').where('code', 'like', '9.3%').orderBy('code').select('code', 'result_at_counter')).map((r) => [r.code, Boolean(r.result_at_counter)]),
      );
    assert.deepEqual(await flags(), { '9.300001': true, '9.300002': false, '9.300003': true, '9.300004': false, '9.300005': false });

    // Without the column, the stored flags stay as they are.
    const keep = await post('/quan-tri/thu-tuc/nhap-csv', { csv: [header, row('9.300001', ''), row('9.300002', '')].join('\n'), action: 'import' });
    assert.equal(keep.status, 303, keep.text);
    assert.deepEqual(await flags(), { '9.300001': true, '9.300002': false, '9.300003': true, '9.300004': false, '9.300005': false });

    const help = await admin.agent.get('/quan-tri/thu-tuc/nhap-csv').expect(200);
    assert.match(help.text, /tra_tai_quay/);
    assert.match(help.text, /Kết quả trả ngay tại Bộ phận Một cửa/);
  });

  test('the migration routes open dossiers that had no queue to their processing agency; closed ones keep their history', async () => {
    const clerkId = await createStaff(t.db, 'clerk.m', 'clerk', WARD);
    const open = await insertDossier(t.db, clerkId, { received: '2026-11-30', due: '2026-12-03', status: 'in_progress' });
    const closed = await insertDossier(t.db, clerkId, { received: '2026-11-20', due: '2026-11-25', finished: '2026-11-24', status: 'returned', completion: 'early' });
    await t.db('dossiers').whereIn('id', [open, closed]).update({ assigned_agency_id: null });
    assert.equal(await routeWaitingDossiers(t.db), 1);
    const rows = await t.db('dossiers').whereIn('id', [open, closed]).orderBy('id').select('id', 'assigned_agency_id', 'processing_agency_id');
    assert.equal(rows[0].assigned_agency_id, rows[0].processing_agency_id);
    assert.equal(rows[1].assigned_agency_id, null);
  });
});
