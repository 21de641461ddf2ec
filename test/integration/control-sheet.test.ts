/**
 * The process control sheet judged against the procedure's internal process, with worked
 * dates on the working calendar (office hours 08:00–12:00, 13:00–17:00; a weekend inside).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { services } from '../../src/services.js';
import { agencyId, binaryParser, buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, pdfText, signIn, type TestApp } from '../helpers/app.js';

const WARD = '000.31.01.H26';
const OTHER_WARD = '000.31.02.H26';

type Agent = Awaited<ReturnType<typeof signIn>>;

describe('process control sheet (Mẫu 05) and the internal process', () => {
  let t: TestApp;
  let clerk: Agent;
  let officer: Agent;
  let lead: Agent;
  let head: Agent;
  let wardId: number;
  let headId: number;
  let procedureId: number;
  let staff: StaffUser;

  const version = async (id: number) => String((await t.db('dossiers').where({ id }).first('version')).version);
  const act = async (who: Agent, id: number, action: string, fields: Record<string, string> = {}) => {
    const res = await who.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: who.csrf, action, version: await version(id), ...fields });
    assert.equal(res.status, 303, `${action}: ${res.status} ${/class="error-message"[^>]*>([\s\S]*?)<\/p>/.exec(res.text)?.[1] ?? ""}`);
  };
  /** 1.001612 (3 working days) received by the ward clerk at the current clock. */
  const receive = async () => {
    const form = { ...certifiedCopyForm(), doc_3_received: 'on', doc_4_received: 'on' };
    const res = await clerk.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: clerk.csrf }).expect(303);
    return dossierIdFromRedirect(res.headers.location);
  };
  const sheetPdf = async (id: number) => {
    const res = await officer.agent.get(`/ho-so/${id}/phieu-kiem-soat.pdf`).buffer(true).parse(binaryParser).expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    return pdfText(res.body as Buffer).replace(/\s+/g, ' ');
  };
  /** pdftotext without -layout: each table cell's lines stay together, row after row. */
  const sheetCells = async (id: number) => {
    const res = await officer.agent.get(`/ho-so/${id}/phieu-kiem-soat.pdf`).buffer(true).parse(binaryParser).expect(200);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: res.body as Buffer, encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
  };
  const sheetData = async (id: number) => {
    const sheet = await services(t.deps).controlSheet.sheet(staff, id);
    assert.ok(sheet.ok);
    return sheet.value.data;
  };

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-27', '14:00'), env: { SESSION_TTL_HOURS: '720' } });
    wardId = await agencyId(t.db, WARD);
    await createStaff(t.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    const officerId = await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    await createStaff(t.db, 'lead', 'supervisor', WARD, 'Phạm Thị Lan');
    headId = await createStaff(t.db, 'head', 'supervisor', WARD, 'Hoàng Văn Lộc');
    clerk = await signIn(t.http, 'clerk');
    officer = await signIn(t.http, 'officer');
    lead = await signIn(t.http, 'lead');
    head = await signIn(t.http, 'head');
    staff = { id: officerId, username: 'officer', fullName: 'Trần Minh Khoa', role: 'officer', agencyId: wardId, agencyName: 'Trung tâm Phục vụ hành chính công phường Trấn Biên' };
    procedureId = (await t.db('procedures').where({ code: '1.001612' }).first('id')).id;
  });
  after(() => t.cleanup());

  test('without steps: every hand-over against the appointment, as before; the number is "…/PKS", not the dossier code', async () => {
    t.clock.set(vnInstant('2026-11-27', '14:00'));
    const id = await receive();
    const code = (await t.db('dossiers').where({ id }).first('code')).code as string;
    t.clock.set(vnInstant('2026-11-30', '10:30'));
    await act(officer, id, 'take');
    const data = await sheetData(id);
    assert.deepEqual(data.process, []);
    assert.equal(data.steps.length, 1);
    // Taken Monday, the appointment is Wednesday 02/12 14:00 → early, no step limit.
    assert.equal(data.steps[0]!.result, 'early');
    assert.equal(data.steps[0]!.limit, undefined);

    const text = await sheetPdf(id);
    const sequence = code.split('-').at(-1)!.padStart(4, '0');
    assert.ok(text.includes(`Số: ${sequence}/PKS`), text.slice(0, 400));
    assert.ok(!text.includes(`Số: ${code}`), 'the dossier code is no longer the number');
    assert.ok(text.includes(`Mã hồ sơ: ${code}`));
    assert.ok(text.includes('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ'));
    assert.ok(text.includes('Trước hạn'));
    assert.ok(!text.includes('Quy trình nội bộ'));
  });

  test('with steps: each hand-over judged against the step it ends, its limit counted from the hand-over into it (worked dates over a weekend)', async () => {
    // 4 h + 1 day + 8 h + 4 h = 24 working hours = the procedure's 3 working days.
    await t.db('procedure_steps').insert([
      { procedure_id: procedureId, position: 1, name: 'Tiếp nhận, chuyển hồ sơ', agency_id: wardId, amount: 4, unit: 'working_hours' },
      { procedure_id: procedureId, position: 2, name: 'Thẩm định hồ sơ', agency_id: null, amount: 1, unit: 'working_days' },
      { procedure_id: procedureId, position: 3, name: 'Ký duyệt', agency_id: wardId, amount: 8, unit: 'working_hours' },
      { procedure_id: procedureId, position: 4, name: 'Trả kết quả', agency_id: wardId, amount: 4, unit: 'working_hours' },
    ]);

    // Friday 27/11 14:00: received; the appointment is Wednesday 02/12 14:00.
    t.clock.set(vnInstant('2026-11-27', '14:00'));
    const id = await receive();
    assert.equal(new Date((await t.db('dossiers').where({ id }).first('due_at')).due_at).getTime(), vnInstant('2026-12-02', '14:00').getTime());

    // Step 1 (4 h from the receipt: Fri 14–17, Mon 08–09) ends Monday 09:00; taken at 10:30 → late.
    t.clock.set(vnInstant('2026-11-30', '10:30'));
    await act(officer, id, 'take');
    // Step 2 (1 working day from Mon 10:30: Mon 10:30–12, 13–17, Tue 08–10:30) ends Tuesday 10:30.
    // Handed to the head for signature Tuesday 16:00 (the supervisor assigns within the ward):
    // a step in days is judged by date → on time.
    t.clock.set(vnInstant('2026-12-01', '16:00'));
    await act(lead, id, 'assign', { to_agency_id: String(wardId), to_user_id: String(headId) });
    // Step 3 (8 h from Tue 16:00: Tue 16–17, Wed 08–12, 13–16) ends Wednesday 16:00;
    // the result is ready Tuesday 16:45, on an earlier date → early.
    t.clock.set(vnInstant('2026-12-01', '16:45'));
    await act(head, id, 'mark_result_ready');
    // Step 4 (4 h from Tue 16:45: Tue 16:45–17, Wed 08:00–11:45) ends Wednesday 11:45;
    // returned Wednesday 15:00: a step in hours is late once its limit has passed, same date or not.
    t.clock.set(vnInstant('2026-12-02', '15:00'));
    await act(clerk, id, 'return_result', { note: 'Nguyễn Thị Thảo' });

    const data = await sheetData(id);
    assert.deepEqual(
      data.steps.map((s) => [s.note, s.result, s.limit?.position, s.limit?.deadline.toISOString()]),
      [
        [null, 'late', 1, vnInstant('2026-11-30', '09:00').toISOString()],
        [null, 'on_time', 2, vnInstant('2026-12-01', '10:30').toISOString()],
        ['Chuyển kết quả', 'early', 3, vnInstant('2026-12-02', '16:00').toISOString()],
        ['Trả kết quả', 'late', 4, vnInstant('2026-12-02', '11:45').toISOString()],
      ],
    );
    assert.equal(data.process?.length, 4);
    assert.match(data.process![1]!, /^2\. Thẩm định hồ sơ — Trung tâm Phục vụ hành chính công phường Trấn Biên: 1 ngày làm việc$/);
    assert.match(data.process![0]!, /4 giờ làm việc$/);
    // The dossier itself was ready a day before its appointment.
    assert.equal((await t.db('dossiers').where({ id }).first('completion')).completion, 'early');

    const text = await sheetPdf(id);
    for (const s of ['Quy trình nội bộ: 4 bước', '1. Tiếp nhận, chuyển hồ sơ', '3. Ký duyệt', 'Trả kết quả', 'Quá hạn', 'Đúng hạn', 'Trước hạn']) assert.ok(text.includes(s), s);
    // Row by row: the hand-over's time, its result, then the step and its limit in the notes.
    const cells = await sheetCells(id);
    for (const row of [
      /10 giờ 30 phút, ngày 30\/11\/2026 Người giao: Nguyễn Thị Thu Hà Người nhận: Trần Minh Khoa Quá hạn Bước 1: hạn 09 giờ 00 ngày 30\/11\/2026/,
      /16 giờ 00 phút, ngày 01\/12\/2026 Người giao: Phạm Thị Lan Người nhận: Hoàng Văn Lộc Đúng hạn Bước 2: hạn 10 giờ 30 ngày 01\/12\/2026/,
      /16 giờ 45 phút, ngày 01\/12\/2026 Người giao: Hoàng Văn Lộc Người nhận: \.+ Trước hạn Bước 3: hạn 16 giờ 00 ngày 02\/12\/2026 Chuyển kết quả/,
      /15 giờ 00 phút, ngày 02\/12\/2026 Người giao: \.+ Người nhận: Nguyễn Thị Thảo Quá hạn Bước 4: hạn 11 giờ 45 ngày 02\/12\/2026 Trả kết quả/,
    ]) {
      assert.match(cells, row);
    }
  });

  test('a hand-over into a department outside the process, and the steps do not go back', async () => {
    t.clock.set(vnInstant('2026-11-30', '08:00'));
    const id = await receive();
    // Taken at once: step 1 ends Monday 12:00 (4 h from 08:00) → on time; step 2 starts.
    t.clock.set(vnInstant('2026-11-30', '09:00'));
    await act(officer, id, 'take');
    const data = await sheetData(id);
    assert.deepEqual(
      data.steps.map((s) => [s.result, s.limit?.position]),
      [['on_time', 1]],
    );

    // Pure walk: a move to another agency (outside the process) is left to the appointment;
    // coming back enters the next step in order, not the first again.
    const { judgeMoves } = await import('../../src/features/catalogue/process-steps.js');
    const cal = await services(t.deps).calendar.current();
    const other = await agencyId(t.db, OTHER_WARD);
    const steps = [
      { position: 1, name: 'A', agencyId: wardId, amount: 4, unit: 'working_hours' as const },
      { position: 2, name: 'B', agencyId: wardId, amount: 1, unit: 'working_days' as const },
    ];
    const judged = judgeMoves(cal, steps, { at: vnInstant('2026-11-30', '08:00'), agencyId: wardId }, [
      { at: vnInstant('2026-11-30', '11:00'), toAgencyId: other },
      { at: vnInstant('2026-11-30', '14:00'), toAgencyId: wardId },
      { at: vnInstant('2026-12-02', '09:00'), toAgencyId: wardId },
      { at: vnInstant('2026-12-02', '10:00'), toAgencyId: null },
    ]);
    assert.deepEqual(
      judged.map((j) => [j.step?.position ?? null, j.result]),
      [
        [1, 'on_time'], // step 1 ends Mon 12:00
        [null, null], // the other ward is outside the process
        [2, 'late'], // step 2 entered Mon 14:00, ends Tue 14:00; left Wednesday
        [null, null], // no step left to enter
      ],
    );
  });

  test('a step\'s limit walks the working calendar: a holiday and the weekend do not count, nor a pause inside the step', async () => {
    const { judgeMoves } = await import('../../src/features/catalogue/process-steps.js');
    const { WorkingCalendar } = await import('../../src/domain/calendar.js');
    // Friday 1 January 2027 is a holiday; Sat–Sun 2–3 January the weekend.
    const cal = new WorkingCalendar([{ date: '2027-01-01', kind: 'holiday', name: 'Tết Dương lịch' }]);
    const steps = [
      { position: 1, name: 'Thẩm định', agencyId: 7, amount: 2, unit: 'working_days' as const },
      { position: 2, name: 'Ký duyệt', agencyId: 8, amount: 4, unit: 'working_hours' as const },
    ];
    const receipt = { at: vnInstant('2026-12-31', '15:00'), agencyId: 7 };
    // 16 h from Thu 31/12 15:00: Thu 2 h, (holiday, weekend), Mon 04/01 8 h, Tue 05/01 08:00–12:00 4 h, 13:00–15:00 2 h → Tue 05/01 15:00.
    const plain = judgeMoves(cal, steps, receipt, [{ at: vnInstant('2027-01-05', '16:00'), toAgencyId: 8 }]);
    assert.equal(plain[0]!.step!.deadline.toISOString(), vnInstant('2027-01-05', '15:00').toISOString());
    assert.equal(plain[0]!.result, 'on_time', 'days: judged by date');
    // A supplement pause Mon 04/01 08:00 – Tue 05/01 08:00 stops the step's clock: 8 h more → Wed 06/01 15:00.
    const paused = judgeMoves(cal, steps, receipt, [{ at: vnInstant('2027-01-05', '16:00'), toAgencyId: 8 }, { at: vnInstant('2027-01-06', '08:30'), toAgencyId: null }], [
      { start: vnInstant('2027-01-04', '08:00'), end: vnInstant('2027-01-05', '08:00') },
    ]);
    assert.equal(paused[0]!.step!.deadline.toISOString(), vnInstant('2027-01-06', '15:00').toISOString());
    assert.equal(paused[0]!.result, 'early');
    // Step 2 (4 h from Tue 16:00: Tue 16–17, Wed 08–11) ends Wednesday 11:00; left at 08:30 → on time.
    assert.equal(paused[1]!.step!.deadline.toISOString(), vnInstant('2027-01-06', '11:00').toISOString());
    assert.equal(paused[1]!.result, 'on_time');
  });

  test('the label, title and suffix follow the form registry (FORM_NUMBERING, FORM_SUFFIXES)', async () => {
    const { loadConfig } = await import('../../src/config.js');
    const { renderControlSheet } = await import('../../src/pdf/control-sheet.js');
    const id = (await t.db('dossiers').orderBy('id').first('id')).id;
    // The default 2025 numbering: Mẫu 06, "…/PKS".
    const text2025 = await sheetPdf(id);
    assert.match(text2025, /Mẫu 06/);
    assert.match(text2025, /Số: \d{4}\/PKS\b/);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://motcua.test', FORM_NUMBERING: '2018', FORM_SUFFIXES: 'control_sheet=PKS-TTPVHCC' });
    const sheet = await services({ ...t.deps, config }).controlSheet.sheet(staff, id);
    assert.ok(sheet.ok);
    assert.deepEqual([sheet.value.data.form?.label, sheet.value.data.form?.suffix], ['Mẫu 05', 'PKS-TTPVHCC']);
    const text2018 = pdfText(await renderControlSheet(sheet.value.data)).replace(/\s+/g, ' ');
    assert.match(text2018, /Mẫu 05/);
    assert.match(text2018, /Số: \d{4}\/PKS-TTPVHCC/);
    assert.match(text2018, /PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ/);
  });

  test('a dossier keeps the process it was received under: editing the procedure\'s steps later changes only new dossiers', async () => {
    t.clock.set(vnInstant('2026-12-03', '08:00'));
    const before = await receive();
    const steps = await t.db('procedure_steps').where({ procedure_id: procedureId }).orderBy('position');
    assert.ok(steps.length > 0, 'the procedure has a process when the first dossier is received');
    // The administrator drops the process (as the procedure form's "Bỏ" on every row does).
    await t.db('procedure_steps').where({ procedure_id: procedureId }).delete();
    const after = await receive();
    t.clock.set(vnInstant('2026-12-03', '09:00'));
    await act(officer, before, 'take');
    await act(officer, after, 'take');
    const kept = await sheetData(before);
    assert.equal(kept.process?.length, steps.length, 'the older dossier is still judged against its own process');
    assert.equal(kept.steps[0]!.limit?.position, 1);
    const fresh = await sheetData(after);
    assert.equal((fresh.process ?? []).length, 0, 'a dossier received after the change has no process');
    assert.equal(fresh.steps[0]!.limit, undefined);
    await t.db('procedure_steps').insert(steps);
  });

  test('another agency sees no control sheet of this one', async () => {
    const id = (await t.db('dossiers').orderBy('id').first('id')).id;
    await createStaff(t.db, 'officer.other', 'officer', OTHER_WARD, 'Đỗ Văn Khác');
    const other = await signIn(t.http, 'officer.other');
    const res = await other.agent.get(`/ho-so/${id}/phieu-kiem-soat.pdf`);
    assert.ok([403, 404].includes(res.status), String(res.status));
    assert.notEqual(res.headers['content-type'], 'application/pdf');
  });
});
