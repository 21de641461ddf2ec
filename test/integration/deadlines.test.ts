/**
 * Deadlines, correctness first (issue 20): a paused dossier's appointment after a holiday is
 * added and deleted again; apology drafts only for dossiers at risk, never with a latest
 * issue date before the receipt; what restart dossiers are told while awaiting a supplement;
 * counter-result dossiers kept out of the officers' queue and tiles.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StaffUser } from '../../src/domain/roles.js';
import { vnInstant } from '../../src/domain/time.js';
import { getTemplate } from '../../src/messaging.js';
import { render } from '../../src/platform/messaging/templates.js';
import { services } from '../../src/services.js';
import { runJob } from '../helpers/jobs.js';
import request from 'supertest';
import { paths } from '../../src/web/paths.js';
import { binaryParser, buildTestApp, certifiedCopyForm, dossierIdFromRedirect, pdfText, type TestApp } from '../helpers/app.js';
import { APPLICANT, act, twoWards, type Agent, type TwoWards } from '../helpers/two-wards.js';

const at = vnInstant;
const ms = (v: unknown) => new Date(v as string | Date).getTime();

describe('deadlines: correctness first', () => {
  let t: TestApp;
  let w: TwoWards;
  let admin: StaffUser;
  /** 1.001612 under restart, awaiting its supplement since Fri 4/12 10:00 (the first test). */
  let restarted = 0;

  const dossier = (id: number) => t.db('dossiers').where({ id }).first();

  /** A dossier of `procedure` received at the Trấn Biên counter now. */
  async function receive(procedure: string, docs: Record<string, string> = { doc_3_received: 'on', doc_4_received: 'on' }): Promise<number> {
    const form = { ...certifiedCopyForm(APPLICANT), ...docs };
    const res = await w.clerk.agent.post(`/tiep-nhan/${procedure}/xac-nhan`).type('form').send({ ...form, action: 'confirm', _csrf: w.clerk.csrf }).expect(303);
    return dossierIdFromRedirect(res.headers.location);
  }

  async function take(who: Agent, id: number) {
    await act(t, who, id, 'take');
  }

  before(async () => {
    // Thursday 3 December 2026, 09:30; the sessions outlive the days the clock walks.
    t = await buildTestApp({ now: at('2026-12-03', '09:30'), env: { SESSION_TTL_HOURS: '720' } });
    w = await twoWards(t);
    const row = await t.db('users').join('agencies', 'agencies.id', 'users.agency_id').where('users.username', 'admin').first('users.id', 'users.agency_id', 'agencies.name');
    admin = { id: row.id, username: 'admin', fullName: 'Quản Trị Viên', role: 'admin', agencyId: row.agency_id, agencyName: row.name };
  });
  after(() => t.cleanup());

  test('a holiday added then deleted, hours apart: a paused dossier gets back its appointment (resume and restart)', async () => {
    // 1.001612, 3 working days: received Thu 3/12 09:30 → Tue 8/12 09:30.
    await t.db('procedures').where({ code: '1.001612' }).update({ supplement_clock: 'resume' });
    const resumed = await receive('1.001612');
    await t.db('procedures').where({ code: '1.001612' }).update({ supplement_clock: 'restart' });
    restarted = await receive('1.001612');
    for (const id of [resumed, restarted]) {
      assert.equal(ms((await dossier(id)).due_at), ms(at('2026-12-08', '09:30')));
      await take(w.officer, id);
    }
    // Fri 4/12 10:00: a fee-payment pause; a supplement asked.
    t.clock.set(at('2026-12-04', '10:00'));
    await act(t, w.officer, resumed, 'pause', { note: 'Chờ người nộp thực hiện nghĩa vụ tài chính' });
    await act(t, w.officer, restarted, 'request_supplement', { note: 'Hợp đồng thuê địa điểm', reason: 'Chưa có giấy tờ về địa điểm kinh doanh' });
    for (const id of [resumed, restarted]) assert.equal(ms((await dossier(id)).due_at), ms(at('2026-12-08', '09:30')), 'opening a pause moves nothing');

    // Sun 6/12 10:00: a holiday on Tue 8/12 → one working day later.
    t.clock.set(at('2026-12-06', '10:00'));
    const holidays = services(t.deps).admin.holidays;
    const added = await holidays.add(admin, { date: '2026-12-08', kind: 'holiday', name: 'Ngày nghỉ đột xuất (thử nghiệm)', provisional: false }, null);
    assert.ok(added.ok);
    for (const id of [resumed, restarted]) assert.equal(ms((await dossier(id)).due_at), ms(at('2026-12-09', '09:30')), `dossier ${id} with the holiday`);

    // Mon 7/12 14:00: the holiday deleted → the appointment it had, whatever the hour.
    t.clock.set(at('2026-12-07', '14:00'));
    const removed = await holidays.remove(admin, '2026-12-08', null);
    assert.equal(removed.ok, true, 'the holiday was removed');
    for (const id of [resumed, restarted]) assert.equal(ms((await dossier(id)).due_at), ms(at('2026-12-08', '09:30')), `dossier ${id} after the undo`);
    const events = await t.db('dossier_events').where({ dossier_id: resumed, type: 'appointment_recomputed' }).orderBy('seq');
    assert.deepEqual(
      events.map((e) => e.note),
      ['Cập nhật lịch nghỉ lễ: hẹn trả 09:30, Thứ Ba 08/12/2026 → 09:30, Thứ Tư 09/12/2026', 'Cập nhật lịch nghỉ lễ: hẹn trả 09:30, Thứ Tư 09/12/2026 → 09:30, Thứ Ba 08/12/2026'],
    );

    // When the pause closes, its length counts: 8.5 h used before it, 15.5 h left from Tue 8/12
    // 10:00: Tue 6 h, Wed 8 h, Thu 08:00 + 1.5 h → Thu 10/12 09:30.
    t.clock.set(at('2026-12-08', '10:00'));
    await act(t, w.officer, resumed, 'resume');
    assert.equal(ms((await dossier(resumed)).due_at), ms(at('2026-12-10', '09:30')));
  });
  test('a restart dossier awaiting its supplement is not told its clock is paused: Mẫu 02, the staff page, the status page and its JSON', async () => {
    const note = /Thời hạn giải quyết được tính lại từ đầu kể từ ngày nhận đủ hồ sơ bổ sung/;
    const staff = await w.officer.agent.get(paths.dossiers.show(restarted)).expect(200);
    assert.doesNotMatch(staff.text, /Thời hạn đang tạm dừng/);
    assert.match(staff.text, /Ngày hẹn sẽ được tính lại khi nhận đủ hồ sơ bổ sung/);
    assert.match(staff.text, /<strong>Tính lại khi nhận đủ hồ sơ bổ sung<\/strong><br><span class="hint">Hẹn trước khi yêu cầu bổ sung: 09:30, Thứ Ba 08\/12\/2026<\/span>/);
    assert.match(staff.text, note);

    const { public_token: token } = await dossier(restarted);
    const page = await request(t.http).get(paths.publicStatus.page(token)).expect(200);
    assert.doesNotMatch(page.text, /tạm dừng/);
    assert.match(page.text, /Ngày hẹn sẽ được tính lại khi nhận đủ hồ sơ bổ sung/);
    assert.match(page.text, note);
    const json = await request(t.http).get(paths.publicStatus.page(token)).set('Accept', 'application/json').expect(200);
    assert.equal(json.body[0].expected_datetime, null, 'no appointment until the complete supplement');
    assert.match(json.body[0].deadline_note, note);
    assert.doesNotMatch(json.body[0].status_notes, /tạm dừng/);

    // The citizen's message: no paused clock either (true under both rules: the appointment is computed again on receipt).
    const message = await t.db('outbox_messages').where({ dossier_id: restarted, template: 'supplement_request' }).first('data');
    const sms = render(getTemplate('supplement_request')!, JSON.parse(message.data)).text;
    assert.doesNotMatch(sms, /tạm dừng/);
    assert.match(sms, /Ngày hẹn trả kết quả được tính lại khi nhận đủ/);

    const pdf = await w.officer.agent.get(paths.dossiers.supplementForm(restarted)).buffer(true).parse(binaryParser).expect(200);
    const text = pdfText(pdf.body).replace(/\s+/g, ' ');
    assert.doesNotMatch(text, /tạm dừng/);
    assert.match(text, note);

    // Once the complete supplement is received (Tue 8/12 10:00), the full 3 days count from it → Fri 11/12 10:00.
    await act(t, w.clerk, restarted, 'receive_supplement', { note: 'Đã nhận đủ' });
    const d = await dossier(restarted);
    assert.equal(ms(d.due_at), ms(at('2026-12-11', '10:00')));
    const after = await request(t.http).get(paths.publicStatus.page(token)).set('Accept', 'application/json').expect(200);
    assert.equal(after.body[0].expected_datetime, '2026-12-11T10:00:00+07:00');
  });
});

describe('apology drafts for a procedure shorter than the reminder window', () => {
  let t: TestApp;
  let w: TwoWards;

  /** The run's drafts; `notYet`: how many it found in the window but not at risk yet (left for a later run). */
  const reminded = async (notYet?: number) => {
    const outcome = await runJob(t.deps, 'apology');
    assert.ok(outcome.ran && 'counts' in outcome, JSON.stringify(outcome));
    if (notYet !== undefined) assert.equal(outcome.counts.not_yet_at_risk, notYet, JSON.stringify(outcome.counts));
    return outcome.counts.reminded;
  };

  before(async () => {
    // Sunday 6 December 2026, 10:00: the counter is open for certified copies.
    t = await buildTestApp({ now: at('2026-12-06', '10:00'), env: { SESSION_TTL_HOURS: '720' } });
    w = await twoWards(t);
    await t.db('users').where({ username: 'sup' }).update({ email: 'giam@motcua.test' });
  });
  after(() => t.cleanup());

  test('a same-day copy received on Sunday: no draft on Sunday nor Monday morning; from Monday 13:00, due that day, never "late" before it existed', async () => {
    // 2.000815, same day: received Sunday → due Monday 7/12 17:00.
    const res = await w.clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(APPLICANT), action: 'confirm', _csrf: w.clerk.csrf }).expect(303);
    const id = dossierIdFromRedirect(res.headers.location);
    assert.equal(ms((await t.db('dossiers').where({ id }).first()).due_at), ms(at('2026-12-07', '17:00')));

    assert.equal(await reminded(1), 0, 'Sunday: plainly on track');
    t.clock.set(at('2026-12-07', '09:00'));
    assert.equal(await reminded(1), 0, 'Monday morning: most of its time still ahead');
    assert.equal(await t.db('apology_drafts').where({ dossier_id: id }).first(), undefined);

    t.clock.set(at('2026-12-07', '13:30'));
    assert.equal(await reminded(0), 1, 'Monday afternoon: less than half of its day left');
    const mail = await t.db('outbox_messages').where({ dossier_id: id, template: 'apology_draft' }).first('data');
    assert.equal(JSON.parse(mail.data).deadline, '07/12/2026', 'the latest issue date is not before the receipt');

    const list = await w.supervisor.agent.get('/phieu-xin-loi-cho-ky').expect(200);
    assert.match(list.text, new RegExp(`id="du-thao-${id}"`));
    assert.match(list.text, /07\/12\/2026/);
    assert.doesNotMatch(list.text, /04\/12\/2026/);
    assert.doesNotMatch(list.text, /Đã quá hạn phát hành/);
    const page = await w.supervisor.agent.get(`/phieu-xin-loi-cho-ky/${id}`).expect(200);
    assert.match(page.text, /chậm nhất ngày làm việc đầu tiên kể từ khi tiếp nhận/);
    assert.doesNotMatch(page.text, /sẽ được ghi nhận là phát hành muộn/);

    // Issued Monday 14:00: on time, not stamped late.
    t.clock.set(at('2026-12-07', '14:00'));
    const issued = await w.supervisor.agent
      .post(`/phieu-xin-loi-cho-ky/${id}`)
      .type('form')
      .send({ _csrf: w.supervisor.csrf, action: 'issue', reason: 'Bản chính cần đối chiếu với cơ quan cấp', new_date: '2026-12-08', new_time: '16:00' });
    assert.equal(issued.status, 303, issued.text.slice(0, 400));
    const a = await t.db('dossier_apologies').where({ dossier_id: id }).first();
    assert.ok(!a.issued_late);
  });

  test('a counter-result dossier waits for no officer: not in the queue nor in the officers\' and supervisors\' "Sắp đến hạn"', async () => {
    t.clock.set(at('2026-12-07', '14:30'));
    const staffUser = async (username: string): Promise<StaffUser> => {
      const u = await t.db('users').join('agencies', 'agencies.id', 'users.agency_id').where('users.username', username).first('users.id', 'users.role', 'users.full_name', 'users.agency_id', 'agencies.name');
      return { id: u.id, username, fullName: u.full_name, role: u.role, agencyId: u.agency_id, agencyName: u.name };
    };
    // Monday 14:30: a certified copy (2.000815, the counter's result) and a birth registration
    // (1.001193, same day, the ward's officers settle it), both due today 17:00.
    const copyRes = await w.clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(APPLICANT), action: 'confirm', _csrf: w.clerk.csrf }).expect(303);
    const copy = dossierIdFromRedirect(copyRes.headers.location);
    const birthForm = { ...certifiedCopyForm(APPLICANT), doc_2_originals: '1', doc_2_copies: '0', doc_3_received: 'on' };
    const birthRes = await w.clerk.agent.post('/tiep-nhan/1.001193/xac-nhan').type('form').send({ ...birthForm, action: 'confirm', _csrf: w.clerk.csrf }).expect(303);
    const birth = dossierIdFromRedirect(birthRes.headers.location);
    const [c, b] = await Promise.all([copy, birth].map((id) => t.db('dossiers').where({ id }).first('code', 'due_at', 'status')));
    for (const d of [c, b]) {
      assert.equal(d.status, 'received');
      assert.equal(ms(d.due_at), ms(at('2026-12-07', '17:00')));
    }

    for (const who of [w.officer, w.supervisor]) {
      const queue = await who.agent.get('/hang-doi?xem=don-vi').expect(200);
      const waiting = queue.text.split('<h2 class="heading-m">Chờ nhận xử lý (')[1]!.split('<h2')[0]!;
      assert.ok(waiting.includes(b.code), 'the officers\' dossier waits');
      assert.ok(!waiting.includes(c.code), 'the counter\'s does not');
    }
    const home = services(t.deps).home;
    const officer = await home.officer(await staffUser('officer'));
    assert.equal(officer.counts.waiting, 1);
    assert.equal(officer.counts.due_soon, 1);
    const supervisor = await home.supervisor(await staffUser('sup'));
    assert.equal(supervisor.counts.dueSoon, 1);

    // The clerk settles it at the counter, as before.
    await act(t, w.clerk, copy, 'mark_result_ready');
    assert.equal((await t.db('dossiers').where({ id: copy }).first('status')).status, 'result_ready');
  });
});
