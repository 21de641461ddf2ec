/**
 * Issue 22 #2–#4, what staff see of the national portal (DVCQG) sync: the mapping an
 * administrator edits (agency unit code, procedure MaTTHC and field, the status map), the
 * dossier page's sync panel, the administrator's sync page with "Gửi lại" (one row, all rows
 * of a reason) and its pagination, the admin home's counts, and the sync report's period and
 * agency scoping. The sync rows are written as the sync engine writes them (test helper).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { monthPeriod } from '../../src/domain/period.js';
import { vnInstant } from '../../src/domain/time.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { insertDossier, procedureEditForm } from '../helpers/fixtures.js';
import { insertSyncRow, insertSyncRows } from '../helpers/portal-sync-rows.js';

const CENTRE = '000.00.01.H26';
const WARD = '000.31.01.H26';
const TAM_HIEP = '000.31.02.H26';
const NOW = vnInstant('2026-12-10', '10:00');
const MIN = 60_000;
const WARD_NAME = 'Trung tâm Phục vụ hành chính công phường Trấn Biên';
type Agent = Awaited<ReturnType<typeof signIn>>;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('national portal sync: what staff see', () => {
  let t: TestApp;
  let admin: Agent, officer: Agent, otherOfficer: Agent;
  let wardId: number, tamHiepId: number;
  let wardDossier: number, tamHiepDossier: number, quietDossier: number;
  let failedRow: number, heldRow: number, sentRow: number;

  before(async () => {
    t = await buildTestApp({ now: NOW });
    await createStaff(t.db, 'quantri', 'admin', CENTRE, 'Lê Quản Trị');
    const clerk = await createStaff(t.db, 'motcua', 'clerk', WARD);
    await createStaff(t.db, 'canbo', 'officer', WARD);
    await createStaff(t.db, 'canbo2', 'officer', TAM_HIEP);
    await createStaff(t.db, 'truong', 'supervisor', WARD);
    wardId = await agencyId(t.db, WARD);
    tamHiepId = await agencyId(t.db, TAM_HIEP);
    wardDossier = await insertDossier(t.db, clerk, { received: '2026-12-09', due: '2026-12-14', status: 'in_progress' });
    tamHiepDossier = await insertDossier(t.db, clerk, { agency: TAM_HIEP, received: '2026-12-09', due: '2026-12-14', status: 'in_progress' });
    quietDossier = await insertDossier(t.db, clerk, { received: '2026-12-09', due: '2026-12-14', status: 'in_progress' });
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    sentRow = await insertSyncRow(t.db, { dossierId: wardDossier, kind: 'intake', changedAt: at(-90 * MIN), state: 'sent', sentAt: at(-88 * MIN), portalAnswer: 'error_code 0: Thành công' });
    failedRow = await insertSyncRow(t.db, { dossierId: wardDossier, kind: 'status', changedAt: at(-60 * MIN), state: 'failed', attempts: 3, lastError: 'Mã hồ sơ không hợp lệ (error_code 05)' });
    heldRow = await insertSyncRow(t.db, { dossierId: tamHiepDossier, kind: 'intake', changedAt: at(-150 * MIN), state: 'held', heldReason: 'agency_unmapped' });
    await insertSyncRow(t.db, { dossierId: wardDossier, kind: 'status', changedAt: at(-5 * MIN), state: 'pending' });
    admin = await signIn(t.http, 'quantri');
    officer = await signIn(t.http, 'canbo');
    otherOfficer = await signIn(t.http, 'canbo2');
  });
  after(() => t.cleanup());

  const post = (who: Agent, url: string, form: Record<string, string | string[]>) => who.agent.post(url).type('form').send({ ...form, _csrf: who.csrf });

  test('the agency form edits the unit code at the portal; a bad code is refused in Vietnamese, nothing written', async () => {
    const page = await admin.agent.get(`/quan-tri/co-quan/${wardId}`).expect(200);
    assert.match(page.text, /Mã đơn vị trên Cổng DVCQG/);
    const row = await t.db('agencies').where({ id: wardId }).first();
    const form = { eid: row.eid, name: row.name, governing_body: row.governing_body, place_name: row.place_name, kind: row.kind, address: row.address ?? '', hotline: row.hotline ?? '', active: 'on' };
    const bad = await post(admin, `/quan-tri/co-quan/${wardId}`, { ...form, portal_unit_code: 'mã có dấu' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Mã đơn vị trên Cổng DVCQG chỉ gồm chữ số/);
    assert.equal((await t.db('agencies').where({ id: wardId }).first()).portal_unit_code, null);
    const ok = await post(admin, `/quan-tri/co-quan/${wardId}`, { ...form, portal_unit_code: ' 000.31.01.H26 ' });
    assert.equal(ok.status, 303, ok.text);
    assert.equal((await t.db('agencies').where({ id: wardId }).first()).portal_unit_code, '000.31.01.H26');
    // Blank: not mapped again.
    await post(admin, `/quan-tri/co-quan/${wardId}`, { ...form, portal_unit_code: '' }).expect(303);
    assert.equal((await t.db('agencies').where({ id: wardId }).first()).portal_unit_code, null);
  });

  test('the procedure form: MaTTHC defaults to the code (placeholder), the field code and name are saved, blank is null', async () => {
    const { id, form } = await procedureEditForm(t.db, '1.001612');
    const page = await admin.agent.get(`/quan-tri/thu-tuc/${id}`).expect(200);
    assert.match(page.text, /Mã TTHC trên Cổng DVCQG/);
    assert.match(page.text, /name="portal_procedure_code"[^>]*placeholder="1\.001612"/);
    assert.match(page.text, /Mã lĩnh vực/);
    const bad = await post(admin, `/quan-tri/thu-tuc/${id}`, { ...form, portal_field_code: 'G09 / TP' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Mã lĩnh vực trên Cổng DVCQG chỉ gồm chữ số/);
    await post(admin, `/quan-tri/thu-tuc/${id}`, { ...form, portal_procedure_code: '', portal_field_code: 'G09-TP03', portal_field_name: 'Chứng thực' }).expect(303);
    const row = await t.db('procedures').where({ id }).first();
    assert.deepEqual([row.portal_procedure_code, row.portal_field_code, row.portal_field_name], [null, 'G09-TP03', 'Chứng thực']);
    // The edit page shows what is stored.
    const again = await admin.agent.get(`/quan-tri/thu-tuc/${id}`).expect(200);
    assert.match(again.text, /name="portal_field_code" type="text" value="G09-TP03"/);
  });

  test('the status map: every status with its portal code; a code outside 1–10 is refused, nothing written; a save redirects', async () => {
    const page = await admin.agent.get('/quan-tri/cong-dvcqg/trang-thai').expect(200);
    for (const label of ['Đã tiếp nhận', 'Đang xử lý', 'Chờ bổ sung hồ sơ', 'Từ chối giải quyết', 'Đã hủy (tiếp nhận nhầm)']) assert.ok(page.text.includes(label), label);
    assert.match(page.text, /name="ma_refused"[^>]*value="3"/);
    const stored = await t.db('portal_status_map').select('status', 'portal_status', 'portal_label');
    const form: Record<string, string> = {};
    for (const r of stored) {
      form[`ma_${r.status}`] = String(r.portal_status);
      form[`nhan_${r.status}`] = r.portal_label;
    }
    for (const wrong of ['0', '11', 'ba', '']) {
      const res = await post(admin, '/quan-tri/cong-dvcqg/trang-thai', { ...form, ma_refused: '8', ma_voided: wrong });
      assert.equal(res.status, 400, wrong);
      assert.match(res.text, /“Đã hủy \(tiếp nhận nhầm\)”: mã trạng thái trên Cổng DVCQG phải là số nguyên từ 1 đến 10/);
      assert.match(res.text, /href="#ma_voided"/);
    }
    assert.equal((await t.db('portal_status_map').where({ status: 'refused' }).first()).portal_status, 3);
    // Refusal after appraisal sent as 8 "Dừng xử lý"; a blank label is the portal's own name of the code.
    const res = await post(admin, '/quan-tri/cong-dvcqg/trang-thai', { ...form, ma_refused: '8', nhan_refused: '' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/quan-tri/cong-dvcqg/trang-thai?ok=1');
    const refused = await t.db('portal_status_map').where({ status: 'refused' }).first();
    assert.deepEqual([refused.portal_status, refused.portal_label], [8, 'Dừng xử lý']);
    assert.equal((await t.db('portal_status_map').where({ status: 'returned' }).first()).portal_status, 10);
    // Only administrators.
    assert.equal((await officer.agent.get('/quan-tri/cong-dvcqg/trang-thai')).status, 403);
  });

  test('the dossier page shows each sync row in Vietnamese to staff who may see the dossier; a held row says what mapping is missing', async () => {
    const page = text((await officer.agent.get(`/ho-so/${wardDossier}`).expect(200)).text);
    assert.match(page, /Đồng bộ Cổng DVCQG/);
    assert.match(page, /Chế độ đồng bộ: Tắt/);
    assert.match(page, /Tiếp nhận hồ sơ 08:30, Thứ Năm 10\/12\/2026 Đã gửi 08:32, Thứ Năm 10\/12\/2026 error_code 0: Thành công/);
    assert.match(page, /Lỗi, đã dừng gửi/);
    assert.match(page, /Mã hồ sơ không hợp lệ \(error_code 05\)/);
    assert.match(page, /Chờ gửi/);
    const held = text((await otherOfficer.agent.get(`/ho-so/${tamHiepDossier}`).expect(200)).text);
    assert.match(held, /Đang giữ lại Cơ quan giải quyết hồ sơ chưa có mã đơn vị trên Cổng DVCQG/);
    // The administrator also gets the link to the agency to fix.
    const adminPage = (await admin.agent.get(`/ho-so/${tamHiepDossier}`).expect(200)).text;
    assert.ok(adminPage.includes(`href="/quan-tri/co-quan/${tamHiepId}">Sửa cơ quan`));
    // Another agency's staff see nothing of it; a dossier without sync rows has no panel.
    assert.equal((await otherOfficer.agent.get(`/ho-so/${wardDossier}`)).status, 403);
    assert.doesNotMatch((await officer.agent.get(`/ho-so/${quietDossier}`).expect(200)).text, /Đồng bộ Cổng DVCQG/);
  });

  test('the administrator’s page: mode, backlog, oldest unsent change, held rows by agency to fix, failed rows with the portal’s message; admins only', async () => {
    const html = (await admin.agent.get('/quan-tri/cong-dvcqg').expect(200)).text;
    const page = text(html);
    assert.match(page, /Chế độ đồng bộ Tắt/);
    assert.match(page, /Chờ gửi 1 thay đổi/);
    assert.match(page, /Thay đổi cũ nhất chưa gửi được 07:30, Thứ Năm 10\/12\/2026 \(2 giờ 30 phút trước\)/);
    assert.match(page, /Giữ lại: cơ quan chưa có mã đơn vị: 1/);
    assert.ok(html.includes(`href="/quan-tri/co-quan/${tamHiepId}">Nhập mã đơn vị`));
    assert.match(page, /Lỗi, đã dừng gửi: 1 thay đổi/);
    assert.match(page, /Mã hồ sơ không hợp lệ \(error_code 05\)/);
    assert.ok(html.includes(`action="/quan-tri/cong-dvcqg/gui-lai/${failedRow}"`));
    assert.ok(html.includes('action="/quan-tri/cong-dvcqg/gui-lai-tat-ca/agency_unmapped"'));
    // The staff nav marks the sync section, not "Quản trị".
    assert.match(html, /<a [^>]*aria-current="page"[^>]*>Cổng DVCQG<\/a>/);
    assert.doesNotMatch(html, /<a [^>]*aria-current="page"[^>]*>Quản trị<\/a>/);
    for (const who of [officer, otherOfficer]) assert.equal((await who.agent.get('/quan-tri/cong-dvcqg')).status, 403);
    const held = text((await admin.agent.get('/quan-tri/cong-dvcqg').query({ loai: 'agency_unmapped' }).expect(200)).text);
    assert.match(held, /Giữ lại: cơ quan chưa có mã đơn vị: 1 thay đổi/);
    assert.match(held, /000\.31\.02\.H26-TEST-\d+ Trung tâm Phục vụ hành chính công phường Tam Hiệp 1\.001612 Tiếp nhận hồ sơ/);
  });

  test('the admin home shows the sync’s backlog, held and failed counts with the other jobs', async () => {
    const page = text((await admin.agent.get('/').expect(200)).text);
    assert.match(page, /Đồng bộ Cổng Dịch vụ công quốc gia Chế độ đồng bộ: Tắt/);
    assert.match(page, /1 Thay đổi chờ gửi lên Cổng Cũ nhất chưa gửi: 2 giờ 30 phút trước/);
    assert.match(page, /1 Đang giữ lại vì thiếu mã/);
    assert.match(page, /1 Gửi lỗi, đã dừng/);
  });

  test('"Gửi lại": a failed row back to the queue, due now, no attempt nor error kept; all held rows of a reason; a sent row is not resent', async () => {
    const res = await post(admin, `/quan-tri/cong-dvcqg/gui-lai/${failedRow}`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/quan-tri/cong-dvcqg?da_gui_lai=1');
    assert.match(text((await admin.agent.get(res.headers.location!).expect(200)).text), /Đã đưa 1 dòng trở lại hàng chờ gửi/);
    const row = await t.db('portal_sync').where({ id: failedRow }).first();
    assert.deepEqual([row.state, row.attempts, row.last_error, row.held_reason], ['pending', 0, null, null]);
    assert.equal(new Date(row.next_attempt_at).getTime(), NOW.getTime());
    // Not held or failed any more: nothing to resend (409), the row untouched.
    assert.equal((await post(admin, `/quan-tri/cong-dvcqg/gui-lai/${failedRow}`, {})).status, 409);
    assert.equal((await post(admin, `/quan-tri/cong-dvcqg/gui-lai/${sentRow}`, {})).status, 409);
    assert.equal((await t.db('portal_sync').where({ id: sentRow }).first()).state, 'sent');
    assert.equal((await post(admin, '/quan-tri/cong-dvcqg/gui-lai/999999', {})).status, 404);
    assert.equal((await post(admin, '/quan-tri/cong-dvcqg/gui-lai-tat-ca/khac', {})).status, 404);
    // All of a reason: the other reason's rows stay held.
    const other = await insertSyncRow(t.db, { dossierId: wardDossier, changedAt: new Date(NOW.getTime() - MIN), state: 'held', heldReason: 'procedure_unmapped' });
    const all = await post(admin, '/quan-tri/cong-dvcqg/gui-lai-tat-ca/agency_unmapped', {});
    assert.equal(all.headers.location, '/quan-tri/cong-dvcqg?da_gui_lai=1');
    assert.equal((await t.db('portal_sync').where({ id: heldRow }).first()).state, 'pending');
    assert.equal((await t.db('portal_sync').where({ id: other }).first()).state, 'held');
    // Officers cannot.
    assert.equal((await post(officer, `/quan-tri/cong-dvcqg/gui-lai/${other}`, {})).status, 403);
  });

  test('thousands of failed rows: the list is paginated, 50 a page; "Gửi lại tất cả" sends every one back', async () => {
    const base = vnInstant('2026-12-09', '08:00').getTime();
    await insertSyncRows(
      t.db,
      Array.from({ length: 1203 }, (_, i) => ({ dossierId: quietDossier, changedAt: new Date(base + i * 1000), state: 'failed' as const, attempts: 1, lastError: `Lỗi số ${i + 1}` })),
    );
    const first = text((await admin.agent.get('/quan-tri/cong-dvcqg').query({ loai: 'failed' }).expect(200)).text);
    assert.match(first, /Lỗi, đã dừng gửi: 1203 thay đổi/);
    assert.match(first, /Trang 1\/25/);
    assert.match(first, /Lỗi số 1 /);
    assert.doesNotMatch(first, /Lỗi số 51 /);
    const last = (await admin.agent.get('/quan-tri/cong-dvcqg').query({ loai: 'failed', trang: '25' }).expect(200)).text;
    assert.match(text(last), /Lỗi số 1203 /);
    assert.match(last, /rel="prev"/);
    assert.doesNotMatch(last, /rel="next"/);
    // A page past the end shows the last one; nonsense shows the first.
    assert.match(text((await admin.agent.get('/quan-tri/cong-dvcqg').query({ loai: 'failed', trang: '999' }).expect(200)).text), /Trang 25\/25/);
    await admin.agent.get('/quan-tri/cong-dvcqg').query({ loai: '<x>', trang: '-1' }).expect(200);
    const all = await post(admin, '/quan-tri/cong-dvcqg/gui-lai-tat-ca/failed', {});
    assert.equal(all.headers.location, '/quan-tri/cong-dvcqg?da_gui_lai=1203');
    assert.equal(Number((await t.db('portal_sync').where({ state: 'failed' }).count({ n: '*' }))[0]!.n), 0);
  });

  test('the sync report: the period by changed_at in Vietnam time; a supervisor sees their agency only; the exports', async () => {
    const svc = services(t.deps);
    // The last minute of November and the first of December (Vietnam time), both sent within a minute.
    const nov = vnInstant('2026-11-30', '23:59');
    const dec = vnInstant('2026-12-01', '00:00');
    await insertSyncRow(t.db, { dossierId: quietDossier, changedAt: nov, state: 'sent', sentAt: new Date(nov.getTime() + MIN) });
    await insertSyncRow(t.db, { dossierId: quietDossier, changedAt: dec, state: 'sent', sentAt: new Date(dec.getTime() + MIN) });
    const november = await svc.reports.portalSync(monthPeriod(2026, 11), {});
    assert.deepEqual(november.table.rows, [{ agency: WARD_NAME, dossiers: 1, dossiersSynced: 1, changes: 1, synced: 1, within: 1, withinRate: 1, medianMinutes: 1, worstMinutes: 1, unsynced: 0 }]);
    const december = await svc.reports.portalSync(monthPeriod(2026, 12), { agencyId: wardId });
    // Trấn Biên in December: the 00:00 change, the intake (sent in 2 min), the resent status change, the
    // pending one, the procedure-held one, and the 1203 rows resent above (pending, past 10 minutes).
    const r = december.table.rows[0]!;
    assert.equal(december.table.rows.length, 1);
    assert.deepEqual([r.agency, r.changes, r.synced, r.within, r.unsynced, r.medianMinutes, r.worstMinutes], [WARD_NAME, 1208, 2, 2, 1206, 1.5, 2]);

    const sup = await signIn(t.http, 'truong');
    const csv = await sup.agent.get('/bao-cao/dong-bo-dvcqg').query({ ky: 'thang', thang: '12/2026', co_quan: String(tamHiepId), dinh_dang: 'csv' }).expect(200);
    assert.ok(csv.text.includes('Trấn Biên'));
    assert.ok(!csv.text.includes('Tam Hiệp'), csv.text);
    const page = text((await sup.agent.get('/bao-cao/dong-bo-dvcqg').query({ ky: 'thang', thang: '12/2026' }).expect(200)).text);
    assert.match(page, /Tỷ lệ đồng bộ trong 10 phút/);
    assert.match(page, /đúng 10 phút vẫn tính/);
    for (const f of ['xlsx', 'pdf']) await sup.agent.get('/bao-cao/dong-bo-dvcqg').query({ ky: 'thang', thang: '12/2026', dinh_dang: f }).expect(200);
    assert.equal((await officer.agent.get('/bao-cao/dong-bo-dvcqg').query({ ky: 'thang', thang: '12/2026' })).status, 403);
  });
});
