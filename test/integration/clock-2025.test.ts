/**
 * The clock under the 2025 rules, with worked dates across the 30/4–1/5 2026 holidays and
 * their weekend: after a complete supplement the full statutory time restarts (the default,
 * Decree 118/2025) or the time left resumes (a procedure's setting, kept by each dossier as
 * received); other pauses always resume; Decree 63/2024's "received at or after 15:00 counts
 * from the next working day" per procedure; the holiday recompute keeps each dossier's rules;
 * the receipt keeps its printed appointment while both pages say why the appointment moved.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { dossiersService } from '../../src/features/dossiers/dossiers.service.js';
import { paths } from '../../src/web/paths.js';
import { buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, signIn, type TestApp } from '../helpers/app.js';

const WARD = '000.31.01.H26';
/** 3 working days, processed by the ward. */
const PROCEDURE = '1.001612';

type Agent = Awaited<ReturnType<typeof signIn>>;

const at = vnInstant;
const ms = (v: unknown) => new Date(v as string | Date).getTime();

describe('the clock after a supplement and Decree 63 (worked dates, 30/4–1/5 2026)', () => {
  let t: TestApp;
  let clerk: Agent;
  let officer: Agent;
  const ids: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', number> = { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };

  const dossier = (id: number) => t.db('dossiers').where({ id }).first();
  const setProcedure = (fields: Record<string, unknown>) => t.db('procedures').where({ code: PROCEDURE }).update(fields);

  async function act(who: Agent, id: number, action: string, fields: Record<string, string> = {}) {
    const version = String((await dossier(id)).version);
    const res = await who.agent.post(paths.dossiers.act(id)).type('form').send({ _csrf: who.csrf, action, version, ...fields });
    assert.equal(res.status, 303, `${action}: ${res.text.slice(0, 400)}`);
  }

  async function receive(): Promise<number> {
    const form = { ...certifiedCopyForm(), doc_3_received: 'on', doc_4_received: 'on' };
    const res = await clerk.agent.post(`/tiep-nhan/${PROCEDURE}/xac-nhan`).type('form').send({ ...form, action: 'confirm', _csrf: clerk.csrf }).expect(303);
    return dossierIdFromRedirect(res.headers.location);
  }

  const supplement = { note: 'Hợp đồng thuê địa điểm kinh doanh', reason: 'Chưa có giấy tờ về quyền sử dụng địa điểm kinh doanh' };

  before(async () => {
    // Monday 20 April 2026 09:00; the sessions outlive the fortnight the clock walks.
    t = await buildTestApp({ now: at('2026-04-20', '09:00'), env: { SESSION_TTL_HOURS: '720' } });
    await createStaff(t.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    clerk = await signIn(t.http, 'clerk');
    officer = await signIn(t.http, 'officer');
  });
  after(() => t.cleanup());

  test('each dossier keeps the supplement rule of its procedure at intake; existing rows and plain inserts are resume', async () => {
    const procedure = await t.db('procedures').where({ code: PROCEDURE }).first('supplement_clock', 'next_day_after_cutoff');
    assert.equal(procedure.supplement_clock, 'restart', 'restart is the default since Decree 118/2025');
    assert.ok(!procedure.next_day_after_cutoff, 'Decree 63 is off by default');

    ids.A = await receive();
    await setProcedure({ supplement_clock: 'resume' });
    ids.B = await receive();
    await setProcedure({ supplement_clock: 'restart' });
    ids.C = await receive();
    ids.D = await receive();
    ids.E = await receive();
    for (const [key, rule] of [['A', 'restart'], ['B', 'resume'], ['C', 'restart'], ['D', 'restart'], ['E', 'restart']] as const) {
      const d = await dossier(ids[key]);
      assert.equal(d.supplement_clock, rule, key);
      assert.ok(!d.next_day_after_cutoff, key);
      // 3 working days from Mon 09:00 → Thu 23 Apr 09:00, on the receipt and in force.
      assert.equal(ms(d.due_at), ms(at('2026-04-23', '09:00')), key);
      assert.equal(ms(d.original_due_at), ms(d.due_at), key);
    }
    // A dossier written without the column (a pre-2025 row, the bulk generator) counts by resuming.
    const { id: _id, code, public_token: _token, intake_key: _key, supplement_clock: _clock, ...rest } = await dossier(ids.A);
    await t.db('dossiers').insert({ ...rest, code: `${code}-X`, public_token: 'x'.repeat(32), intake_key: null });
    assert.equal((await t.db('dossiers').where({ code: `${code}-X` }).first('supplement_clock')).supplement_clock, 'resume');
    await t.db('dossiers').where({ code: `${code}-X` }).delete();

    // A's procedure changes after intake: A keeps restart.
    await setProcedure({ supplement_clock: 'resume' });
    for (const id of Object.values(ids).filter(Boolean)) await act(officer, id, 'take');
  });

  test('Tue 21 Apr 09:00: supplements asked (A, B, D, E), a fee payment pause (C)', async () => {
    t.clock.set(at('2026-04-21', '09:00'));
    for (const id of [ids.A, ids.B, ids.D, ids.E]) await act(officer, id, 'request_supplement', supplement);
    await act(officer, ids.C, 'pause', { note: 'Chờ người nộp thực hiện nghĩa vụ tài chính' });
    // B (resume) and C (fee payment): the clock is stopped.
    for (const id of [ids.B, ids.C]) {
      const page = await officer.agent.get(paths.dossiers.show(id)).expect(200);
      assert.match(page.text, /Thời hạn đang tạm dừng/);
    }
    // A (restart): not paused — the full time counts again from the complete supplement.
    const page = await officer.agent.get(paths.dossiers.show(ids.A)).expect(200);
    assert.doesNotMatch(page.text, /Thời hạn đang tạm dừng/);
    assert.match(page.text, /Ngày hẹn sẽ được tính lại khi nhận đủ hồ sơ bổ sung/);
  });

  test('Decree 63: received Fri 24 Apr 15:30 counts from Tue 28 Apr 08:00 (27 Apr is a day off in lieu) → Mon 4 May 17:00', async () => {
    await setProcedure({ supplement_clock: 'restart', next_day_after_cutoff: true });
    t.clock.set(at('2026-04-24', '15:30'));
    ids.F = await receive();
    let d = await dossier(ids.F);
    assert.ok(d.next_day_after_cutoff);
    // Tue 28, Wed 29 Apr and (30/4, 1/5, the weekend skipped) Mon 4 May, each 8 h.
    assert.equal(ms(d.due_at), ms(at('2026-05-04', '17:00')));
    assert.equal(ms(d.original_due_at), ms(at('2026-05-04', '17:00')));
    const page = await officer.agent.get(paths.dossiers.show(ids.F)).expect(200);
    assert.match(page.text, /Nhận từ 15:00 trở đi: tính từ ngày làm việc tiếp theo \(Nghị định 63\/2024\)/);

    // Without the option the same receipt runs from 15:30: Fri 1.5 h, Tue, Wed, Mon 08:00 + 6.5 h → Mon 4 May 15:30.
    await setProcedure({ next_day_after_cutoff: false });
    const plain = await receive();
    d = await dossier(plain);
    assert.equal(ms(d.due_at), ms(at('2026-05-04', '15:30')));
    assert.ok(!d.next_day_after_cutoff);
    // Before the cut-off the option changes nothing: Fri 14:59 → Mon 4 May 14:59.
    await setProcedure({ next_day_after_cutoff: true });
    t.clock.set(at('2026-04-24', '14:59'));
    assert.equal(ms((await dossier(await receive())).due_at), ms(at('2026-05-04', '14:59')));
    await setProcedure({ next_day_after_cutoff: false });
    await act(officer, ids.F, 'take');
  });

  test('Wed 29 Apr 14:00: restart gives the full 3 days again (A → Wed 6 May 14:00), resume the 16 h left (B → Tue 5 May 14:00)', async () => {
    t.clock.set(at('2026-04-29', '14:00'));
    for (const id of [ids.A, ids.B]) await act(clerk, id, 'receive_supplement', { note: 'Đã nhận đủ' });
    await act(officer, ids.C, 'resume');
    await act(officer, ids.D, 'refuse', { note: 'Người nộp không bổ sung; ngành nghề không được đăng ký' });

    const [a, b, c, d] = await Promise.all([ids.A, ids.B, ids.C, ids.D].map(dossier));
    // A: Wed 14–17 (3 h), Mon 4 May, Tue 5 May (16 h), Wed 6 May 08:00–12:00, 13:00–14:00 (5 h).
    assert.equal(ms(a.due_at), ms(at('2026-05-06', '14:00')));
    // B: 8 h used before the pause (Mon 09:00 → Tue 09:00), 16 h left: Wed 3 h, Mon 8 h, Tue 5 h.
    assert.equal(ms(b.due_at), ms(at('2026-05-05', '14:00')));
    // C: a fee payment only stops the clock, even under restart.
    assert.equal(ms(c.due_at), ms(at('2026-05-05', '14:00')));
    // D: refused while awaiting a supplement that never came: nothing restarted.
    assert.equal(ms(d.due_at), ms(at('2026-05-05', '14:00')));
    // The receipts keep what they printed.
    for (const x of [a, b, c, d]) assert.equal(ms(x.original_due_at), ms(at('2026-04-23', '09:00')));
  });

  test('the staff and public pages show the recomputed appointment and say why; the JSON too', async () => {
    const a = await dossier(ids.A);
    let page = await officer.agent.get(paths.dossiers.show(ids.A)).expect(200);
    assert.match(page.text, /<strong>14:00, Thứ Tư 06\/05\/2026<\/strong>/);
    assert.match(page.text, /Hẹn trên giấy tiếp nhận: 09:00, Thứ Năm 23\/04\/2026/);
    assert.match(page.text, /Thời hạn được tính lại từ đầu kể từ khi nhận đủ hồ sơ bổ sung lúc 14:00, Thứ Tư 29\/04\/2026\./);
    assert.match(page.text, /Tính lại từ đầu khi nhận đủ hồ sơ bổ sung/);

    const status = await request(t.http).get(paths.publicStatus.page(a.public_token)).expect(200);
    assert.match(status.text, /<strong>14:00, Thứ Tư 06\/05\/2026<\/strong>/);
    assert.match(status.text, /Hẹn trên giấy tiếp nhận: 09:00, Thứ Năm 23\/04\/2026/);
    assert.match(status.text, /Thời hạn được tính lại từ đầu kể từ khi nhận đủ hồ sơ bổ sung lúc 14:00, Thứ Tư 29\/04\/2026\./);
    const json = await request(t.http).get(paths.publicStatus.page(a.public_token)).set('Accept', 'application/json').expect(200);
    assert.equal(json.body[0].expected_datetime, '2026-05-06T14:00:00+07:00');
    assert.equal(json.body[0].receipt_expected_datetime, '2026-04-23T09:00:00+07:00');
    assert.match(json.body[0].deadline_note, /^Thời hạn được tính lại từ đầu kể từ khi nhận đủ hồ sơ bổ sung lúc 14:00/);

    // Resumed: the pauses are the reason, no restart claimed.
    page = await officer.agent.get(paths.dossiers.show(ids.B)).expect(200);
    assert.match(page.text, /Ngày hẹn đã được tính lại: thời gian chờ bổ sung hoặc tạm dừng không tính vào thời hạn giải quyết\./);
    assert.doesNotMatch(page.text, /tính lại từ đầu kể từ/);
    assert.match(page.text, /Tiếp tục thời gian còn lại/);
    for (const id of [ids.C, ids.D]) {
      page = await officer.agent.get(paths.dossiers.show(id)).expect(200);
      assert.doesNotMatch(page.text, /tính lại từ đầu kể từ/, `dossier ${id}`);
    }
  });

  test('a holiday added later: every open dossier recomputed under its own rules (open pauses move and restart nothing)', async () => {
    t.clock.set(at('2026-04-30', '10:00'));
    await t.db('holidays').insert({ date: '2026-05-04', kind: 'holiday', name: 'Ngày nghỉ thử nghiệm', provisional: false });
    const result = await dossiersService(t.deps).recomputeOpenAppointments({ actorId: null, reason: 'Cập nhật lịch nghỉ', ip: null });
    const moved = new Map(result.changed.map((c) => [c.dossierId, c.to.getTime()]));
    // A (restart): one working day later, Thu 7 May 14:00 — not B's.
    assert.equal(moved.get(ids.A), ms(at('2026-05-07', '14:00')));
    assert.equal(moved.get(ids.B), ms(at('2026-05-06', '14:00')));
    assert.equal(moved.get(ids.C), ms(at('2026-05-06', '14:00')));
    // E still awaits its supplement: an open pause moves nothing until it closes (then the full
    // time restarts from the supplement), so E keeps the appointment it had when the clock
    // stopped, Thu 23 Apr 09:00, which the holiday does not touch: not recomputed "from now".
    assert.ok(!moved.has(ids.E));
    assert.equal(ms((await dossier(ids.E)).due_at), ms(at('2026-04-23', '09:00')));
    // F keeps Decree 63's start (Tue 28 Apr 08:00): Tue, Wed, Tue 5 May → 17:00.
    assert.equal(moved.get(ids.F), ms(at('2026-05-05', '17:00')));
    assert.ok(!moved.has(ids.D), 'a refused dossier is closed');
    const a = await dossier(ids.A);
    assert.equal(ms(a.due_at), ms(at('2026-05-07', '14:00')));
    assert.equal(ms(a.original_due_at), ms(at('2026-04-23', '09:00')));
    const events = await t.db('dossier_events').where({ dossier_id: ids.A, type: 'appointment_recomputed' });
    assert.equal(events.length, 1);
    // Still restarted from the supplement: the note stays, with the receipt's appointment.
    const page = await officer.agent.get(paths.dossiers.show(ids.A)).expect(200);
    assert.match(page.text, /Thời hạn được tính lại từ đầu kể từ khi nhận đủ hồ sơ bổ sung lúc 14:00, Thứ Tư 29\/04\/2026\./);
  });
});
