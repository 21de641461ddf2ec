import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { vnInstant } from '../../src/domain/time.js';
import { binaryParser, buildTestApp, createStaff, pdfText, signIn, type TestApp } from '../helpers/app.js';
import { insertDossier } from '../helpers/fixtures.js';

const WARD = '000.31.01.H26';
const OTHER_WARD = '000.31.02.H26';

describe('report pages and exports', () => {
  let t: TestApp;
  let supervisor: Awaited<ReturnType<typeof signIn>>;
  let admin: Awaited<ReturnType<typeof signIn>>;

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-12-01', '09:00') });
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    const officer = await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    await createStaff(t.db, 'boss', 'supervisor', WARD);
    await createStaff(t.db, 'admin', 'admin', '000.00.01.H26');
    const fixtures = [
      { received: '2026-10-05', due: '2026-10-08', finished: '2026-10-07', status: 'returned', completion: 'early' as const, completedBy: officer },
      { received: '2026-11-10', due: '2026-11-13', finished: '2026-11-13', status: 'returned', completion: 'on_time' as const, completedBy: officer },
      { received: '2026-11-11', due: '2026-11-14', finished: '2026-11-20', status: 'returned', completion: 'late' as const, completedBy: officer },
      { received: '2026-11-20', due: '2026-11-25', status: 'in_progress' },
      { agency: OTHER_WARD, received: '2026-11-12', due: '2026-11-16', status: 'in_progress' },
    ];
    for (const f of fixtures) await insertDossier(t.db, clerk, f);
    supervisor = await signIn(t.http, 'boss');
    admin = await signIn(t.http, 'admin');
  });
  after(() => t.cleanup());

  test('only supervisors and admins; a supervisor sees only their agency', async () => {
    await createStaff(t.db, 'officer2', 'officer', WARD);
    const officer = await signIn(t.http, 'officer2');
    assert.equal((await officer.agent.get('/bao-cao/qua-han')).status, 403);
    const mine = await supervisor.agent.get('/bao-cao/qua-han').query({ co_quan: 'ignored' }).expect(200);
    assert.match(mine.text, /Trấn Biên/);
    assert.doesNotMatch(mine.text, /Tam Hiệp<\/td>/);
    const all = await admin.agent.get('/bao-cao/qua-han').expect(200);
    assert.match(all.text, /Tam Hiệp/);
    assert.match(all.text, /<svg[^>]+role="img"/, 'the overdue-by-agency chart is drawn on the server');
  });

  test('processing results for a quarter: table, totals, monthly trend chart', async () => {
    const res = await supervisor.agent.get('/bao-cao/ket-qua-giai-quyet').query({ ky: 'quy', quy: '2026-4' }).expect(200);
    assert.match(res.text, /Quý IV\/2026 \(01\/10\/2026 – 31\/12\/2026\)/);
    assert.match(res.text, /Tỷ lệ giải quyết đúng hạn theo tháng/);
    assert.match(res.text, /66,67 %/); // 2 of 3 finished early or on time
    assert.match(res.text, /Tổng cộng/);
  });

  test('a bad period is a Vietnamese message, not a 500', async () => {
    const res = await supervisor.agent.get('/bao-cao/ket-qua-giai-quyet').query({ ky: 'quy', quy: '2026-7' });
    assert.equal(res.status, 400);
    assert.match(res.text, /Quý không hợp lệ/);
  });

  test('exports: CSV with BOM, XLSX that Excel reads, PDF with the Vietnamese text', async () => {
    const q = { ky: 'thang', thang: '2026-11' };
    const csv = await supervisor.agent.get('/bao-cao/ket-qua-giai-quyet').query({ ...q, dinh_dang: 'csv' }).buffer(true).parse(binaryParser).expect(200);
    const csvBody = csv.body as Buffer;
    assert.deepEqual([...csvBody.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(csv.headers['content-disposition'] ?? '', /bao-cao-ket-qua-giai-quyet-2026-11-01-2026-11-30\.csv/);
    assert.match(csvBody.toString('utf8'), /Kỳ trước chuyển sang/);

    const xlsx = await supervisor.agent.get('/bao-cao/ket-qua-giai-quyet').query({ ...q, dinh_dang: 'xlsx' }).buffer(true).parse(binaryParser).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values: unknown[] = [];
    ws.eachRow((row) => values.push(...(row.values as unknown[])));
    assert.ok(values.includes('Kết quả giải quyết hồ sơ'));
    assert.ok(values.some((v) => typeof v === 'string' && v.includes('Trung tâm Phục vụ hành chính công phường Trấn Biên')));
    assert.ok(values.includes('Hủy do nhập nhầm'), 'the voided column is exported too');

    const pdf = await supervisor.agent.get('/bao-cao/so-theo-doi').query({ ...q, dinh_dang: 'pdf' }).buffer(true).parse(binaryParser).expect(200);
    const text = pdfText(pdf.body as Buffer);
    assert.ok(text.includes('Sổ theo dõi hồ sơ'));
    assert.ok(text.includes('Người Thử'));
  });

  test('officers: handled, on-time rate, average working days', async () => {
    const res = await supervisor.agent.get('/bao-cao/can-bo').query({ ky: 'quy', quy: '2026-4' }).expect(200);
    assert.match(res.text, /Trần Minh Khoa/);
    assert.match(res.text, /66,67 %/);
  });

  test('issue 11 #3: hostile report queries are a 400/404 with a Vietnamese message, never a 5xx', async () => {
    const cases: Array<[string, Record<string, string>, number]> = [
      ['/bao-cao/so-theo-doi', { co_quan: '9999999999' }, 400],
      ['/bao-cao/ket-qua-giai-quyet', { ky: 'nam', nam: '9999' }, 400],
      ['/bao-cao/ket-qua-giai-quyet', { ky: 'nam', nam: '0000' }, 400],
      ['/bao-cao/ket-qua-giai-quyet', { ky: 'thang', thang: '0000-01' }, 400],
      ['/bao-cao/ket-qua-giai-quyet', { ky: 'quy', quy: '9999-4' }, 400],
      ['/bao-cao/ket-qua-giai-quyet', { ky: 'tuy-chon', tu_ngay: '0001-01-01', den_ngay: '9999-12-31' }, 400],
      ['/bao-cao/ket-qua-giai-quyet', { ky: 'bogus' }, 400],
      ['/bao-cao/can-bo', { can_bo: '2147483648' }, 400],
      ['/bao-cao/so-theo-doi', { thu_tuc: '1.001612\u0000' }, 400],
      ['/bao-cao/hai-long', { can_bo: '2147483648' }, 400],
      ['/bao-cao/hai-long', { ky: 'tuy-chon', tu_ngay: '31/02/2026' }, 400],
      ['/bao-cao/tai-quay', { co_quan: '9999999999' }, 400],
      ['/bao-cao/tai-quay', { thu_tuc: 'x'.repeat(31) }, 400],
      ['/bao-cao/tai-quay', { ky: 'nam', nam: '2026', thu_tuc: '\u0007' }, 400],
      ['/bao-cao/__proto__', {}, 404],
      ['/bao-cao/constructor', {}, 404],
      ['/bao-cao/toString', {}, 404],
    ];
    for (const [url, query, status] of cases) {
      const res = await admin.agent.get(url).query(query);
      assert.equal(res.status, status, `${url} ${JSON.stringify(query)} → ${res.status}`);
      assert.doesNotMatch(res.text, /Hệ thống gặp sự cố|is not a function/);
    }
    const year = await admin.agent.get('/bao-cao/ket-qua-giai-quyet').query({ ky: 'nam', nam: '9999' });
    assert.match(year.text, /Năm không hợp lệ/);
    const month = await admin.agent.get('/bao-cao/ket-qua-giai-quyet').query({ ky: 'thang', thang: '0000-01' });
    assert.match(month.text, /Tháng không hợp lệ/);
    const agency = await admin.agent.get('/bao-cao/so-theo-doi').query({ co_quan: '9999999999' });
    assert.match(agency.text, /Cơ quan không hợp lệ/);
  });

  test('months and dates typed the Vietnamese way: 11/2026 and dd/MM/yyyy', async () => {
    const month = await supervisor.agent.get('/bao-cao/ket-qua-giai-quyet').query({ ky: 'thang', thang: '11/2026' }).expect(200);
    assert.match(month.text, /Tháng 11\/2026 \(01\/11\/2026 – 30\/11\/2026\)/);
    const custom = await supervisor.agent.get('/bao-cao/ket-qua-giai-quyet').query({ ky: 'tuy-chon', tu_ngay: '01/10/2026', den_ngay: '31/12/2026' }).expect(200);
    assert.match(custom.text, /01\/10\/2026 – 31\/12\/2026/);
    const index = await supervisor.agent.get('/bao-cao').expect(200);
    assert.match(index.text, /href="\/danh-gia"/);
    assert.match(index.text, /href="\/bao-cao\/ket-qua-giai-quyet"/);
  });
  test('one period picker: only the chosen kind’s fields are enabled; 12/2026, IV/2026, dd/MM/yyyy; errors next to the field, values kept', async () => {
    const url = '/bao-cao/ket-qua-giai-quyet';
    const enabled = (html: string) => [...html.matchAll(/<input class="input[^"]*" id="(thang|quy|nam|tu_ngay|den_ngay)"[^>]*>/g)].filter((m) => !/ disabled/.test(m[0])).map((m) => m[1]);
    const shownGroups = (html: string) => [...html.matchAll(/data-period-fields="([^"]+)"( hidden)?>/g)].filter((m) => !m[2]).map((m) => m[1]);

    const month = await supervisor.agent.get(url).query({ ky: 'thang', thang: '12/2026' }).expect(200);
    assert.deepEqual(enabled(month.text), ['thang']);
    assert.deepEqual(shownGroups(month.text), ['thang']);
    assert.match(month.text, /Tháng 12\/2026 \(01\/12\/2026 – 31\/12\/2026\), số liệu đến 01\/12\/2026 09:00/);
    assert.match(month.text, /<script src="\/static\/period-picker.js" defer><\/script>/);

    // Choosing a kind without JavaScript: send the kind alone, get that kind's fields and its default period.
    const quarter = await supervisor.agent.get(url).query({ ky: 'quy' }).expect(200);
    assert.deepEqual(enabled(quarter.text), ['quy']);
    assert.match(quarter.text, /Quý IV\/2026/);
    const roman = await supervisor.agent.get(url).query({ ky: 'quy', quy: 'IV/2026' }).expect(200);
    assert.match(roman.text, /Quý IV\/2026 \(01\/10\/2026 – 31\/12\/2026\)/);
    const custom = await supervisor.agent.get(url).query({ ky: 'tuy-chon' }).expect(200);
    assert.deepEqual(enabled(custom.text), ['tu_ngay', 'den_ngay']);
    assert.match(custom.text, /02\/11\/2026 – 01\/12\/2026/, 'the last 30 days');
    const typed = await supervisor.agent.get(url).query({ ky: 'tuy-chon', tu_ngay: '01/11/2026', den_ngay: '2026-11-30' }).expect(200);
    assert.match(typed.text, /01\/11\/2026 – 30\/11\/2026/);
    assert.match(typed.text, /id="tu_ngay" name="tu_ngay" value="01\/11\/2026"/, 'typed as it was');

    // A bad value: 400, the message next to the field (and in the summary), the value kept.
    const bad = await supervisor.agent.get(url).query({ ky: 'thang', thang: '13/2026' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /<p class="error-message" id="thang-error"><span class="visually-hidden">Lỗi:<\/span> Tháng không hợp lệ/);
    assert.match(bad.text, /id="thang" name="thang" value="13\/2026"[^>]*aria-invalid="true"/);
    assert.match(bad.text, /href="#thang"/);
    const badDate = await supervisor.agent.get(url).query({ ky: 'tuy-chon', tu_ngay: '31/02/2026', den_ngay: '01/03/2026' });
    assert.equal(badDate.status, 400);
    assert.match(badDate.text, /id="tu_ngay-error"><span class="visually-hidden">Lỗi:<\/span> Ngày bắt đầu không hợp lệ/);
    assert.match(badDate.text, /value="31\/02\/2026"/);
    assert.deepEqual(enabled(badDate.text), ['tu_ngay', 'den_ngay']);
  });

  test('report tables: a labelled, focusable scroll region; name columns that wrap; the voided column', async () => {
    const res = await supervisor.agent.get('/bao-cao/ket-qua-giai-quyet').query({ ky: 'quy', quy: '4/2026' }).expect(200);
    assert.match(res.text, /<div class="table-scroll report-scroll" tabindex="0" role="region" aria-label="Kết quả giải quyết hồ sơ \(bảng cuộn được\)">/);
    assert.match(res.text, /<th scope="col" class="cell-name">Cơ quan<\/th>/);
    assert.match(res.text, /<td class="cell-name">Trung tâm Phục vụ hành chính công phường Trấn Biên<\/td>/);
    assert.match(res.text, /<th scope="col" class="num">Hủy do nhập nhầm<\/th>/);
    assert.match(res.text, /<tfoot><tr><th scope="row" class="cell-name">Tổng cộng<\/th>/);
  });
});

describe('the 2025-rules reports: satisfaction per Decision 766, the counter, late apologies — pages and exports', () => {
  let t: TestApp;
  let supervisor: Awaited<ReturnType<typeof signIn>>;
  let admin: Awaited<ReturnType<typeof signIn>>;
  const month = { ky: 'thang', thang: '11/2026' };

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-12-01', '09:00') });
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    const officer = await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    await createStaff(t.db, 'boss', 'supervisor', WARD);
    await createStaff(t.db, 'admin', 'admin', '000.00.01.H26');
    const ward = (await t.db('agencies').where({ eid: WARD }).first('id')).id as number;
    const other = (await t.db('agencies').where({ eid: OTHER_WARD }).first('id')).id as number;
    const procedure = (await t.db('procedures').where({ code: '1.001612' }).first('id')).id as number;
    const good = await insertDossier(t.db, clerk, { received: '2026-11-10', due: '2026-11-13', finished: '2026-11-12', status: 'returned', completion: 'early', completedBy: officer });
    const bad = await insertDossier(t.db, clerk, { received: '2026-11-11', due: '2026-11-16', finished: '2026-11-16', status: 'returned', completion: 'on_time', completedBy: officer });
    const open = await insertDossier(t.db, clerk, { received: '2026-11-20', due: '2026-12-04', status: 'in_progress' });
    await insertDossier(t.db, clerk, { agency: OTHER_WARD, received: '2026-11-12', due: '2026-11-16', finished: '2026-11-20', status: 'returned', completion: 'late' });
    const rating = (dossierId: number, level: string) =>
      t.db('dossier_ratings').insert({ dossier_id: dossierId, level, comment: level === 'unsatisfied' ? 'Chờ lâu' : null, officer_id: officer, agency_id: ward, created_at: vnInstant('2026-11-25', '10:00') });
    await rating(good, 'very_satisfied');
    await rating(bad, 'unsatisfied');
    await t.db('counter_guidances').insert({ agency_id: ward, procedure_id: procedure, clerk_id: clerk, applicant_name: 'Nguyễn Văn Hỏi', items: 'Giấy xác nhận', reason: 'Thiếu giấy tờ', created_at: vnInstant('2026-11-05', '10:00') });
    await t.db('counter_refusals').insert({ agency_id: ward, procedure_id: procedure, clerk_id: clerk, applicant_name: 'Trần Thị Từ', reason: 'Không thuộc thẩm quyền', created_at: vnInstant('2026-11-06', '10:00') });
    await t.db('counter_refusals').insert({ agency_id: other, procedure_id: procedure, clerk_id: clerk, applicant_name: 'Lý Văn Khác', reason: 'Không thuộc thẩm quyền', created_at: vnInstant('2026-11-06', '11:00') });
    await t.db('dossier_apologies').insert({ dossier_id: open, issued_at: vnInstant('2026-11-28', '10:00'), issued_by: officer, reason: 'Chờ xác minh', previous_due_at: vnInstant('2026-12-04'), new_due_at: vnInstant('2026-12-11'), issued_late: true });
    supervisor = await signIn(t.http, 'boss');
    admin = await signIn(t.http, 'admin');
  });
  after(() => t.cleanup());

  test('the index lists both new reports; officers are refused', async () => {
    const index = await supervisor.agent.get('/bao-cao').expect(200);
    assert.match(index.text, /href="\/bao-cao\/hai-long"/);
    assert.match(index.text, /href="\/bao-cao\/tai-quay"/);
    await createStaff(t.db, 'officer2', 'officer', WARD);
    const officer = await signIn(t.http, 'officer2');
    assert.equal((await officer.agent.get('/bao-cao/hai-long').query(month)).status, 403);
    assert.equal((await officer.agent.get('/bao-cao/tai-quay').query(month)).status, 403);
  });

  test('satisfaction: the 766 rate beside motcua’s own, how it is computed, the supervisor’s agency only', async () => {
    const res = await supervisor.agent.get('/bao-cao/hai-long').query(month).expect(200);
    assert.match(res.text, /<th scope="col" class="num">Tỷ lệ hài lòng theo QĐ 766<\/th>/);
    assert.match(res.text, /<th scope="col" class="num">Tỷ lệ hài lòng \(motcua\)<\/th>/);
    // Two finished, one rated unsatisfied: 50 % by 766; one of two ratings satisfied: 50 % own.
    assert.match(res.text, /<td class="num">50,00 %<\/td>/);
    assert.match(res.text, /<h2 class="report-notes-title">Cách tính<\/h2>/);
    assert.match(res.text, /hồ sơ kết thúc giải quyết trong kỳ \(có kết quả hoặc từ chối giải quyết\)/);
    assert.doesNotMatch(res.text, /Tam Hiệp<\/td>/);
    const all = await admin.agent.get('/bao-cao/hai-long').query(month).expect(200);
    assert.match(all.text, /<td class="cell-name">Trung tâm Phục vụ hành chính công phường Tam Hiệp<\/td>/);
    assert.match(all.text, /<td class="num">0,00 %<\/td>/, 'Tam Hiệp finished its only dossier late');

    const csv = await supervisor.agent.get('/bao-cao/hai-long').query({ ...month, dinh_dang: 'csv' }).buffer(true).parse(binaryParser).expect(200);
    const csvText = (csv.body as Buffer).toString('utf8');
    assert.match(csvText, /"Tỷ lệ hài lòng theo QĐ 766"/);
    assert.match(csvText, /50\.00/);
    const xlsx = await supervisor.agent.get('/bao-cao/hai-long').query({ ...month, dinh_dang: 'xlsx' }).buffer(true).parse(binaryParser).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const values: unknown[] = [];
    wb.worksheets[0]!.eachRow((row) => values.push(...(row.values as unknown[])));
    assert.ok(values.includes('Tỷ lệ hài lòng theo QĐ 766'));
    assert.ok(values.includes(0.5));
    assert.ok(values.some((v) => typeof v === 'string' && v.startsWith('Tỷ lệ hài lòng theo Quyết định 766/QĐ-TTg =')), 'the definition is in the workbook');
    const pdf = await supervisor.agent.get('/bao-cao/hai-long').query({ ...month, dinh_dang: 'pdf' }).buffer(true).parse(binaryParser).expect(200);
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    assert.ok(text.includes('Mức độ hài lòng của người dân'));
    assert.ok(text.includes('Quyết định 766/QĐ-TTg'), 'the definition is printed under the table');

    const officers = await supervisor.agent.get('/bao-cao/can-bo').query(month).expect(200);
    assert.match(officers.text, /Tỷ lệ hài lòng theo QĐ 766/);
  });

  test('the counter: guidance and refusals per receiving agency and procedure, in every export', async () => {
    const res = await supervisor.agent.get('/bao-cao/tai-quay').query(month).expect(200);
    assert.match(res.text, /Hướng dẫn bổ sung, hoàn thiện \(trước tiếp nhận\)/);
    // Per counter, not per officer: no officer filter, and one sent is not applied.
    assert.doesNotMatch(res.text, /id="can_bo"/);
    const officerId = (await t.db('users').where({ username: 'officer' }).first('id')).id as number;
    const withOfficer = await supervisor.agent.get('/bao-cao/tai-quay').query({ ...month, can_bo: String(officerId) }).expect(200);
    assert.match(withOfficer.text, /<td class="num">3<\/td><td class="num">1<\/td><td class="num">1<\/td>/);
    assert.match((await supervisor.agent.get('/bao-cao/hai-long').query(month)).text, /id="can_bo"/);
    assert.match(res.text, /<td class="cell-name">1.001612 Đăng ký thành lập hộ kinh doanh<\/td><td class="num">3<\/td><td class="num">1<\/td><td class="num">1<\/td>/);
    assert.doesNotMatch(res.text, /Tam Hiệp<\/td>/);
    const all = await admin.agent.get('/bao-cao/tai-quay').query(month).expect(200);
    assert.match(all.text, /<tfoot><tr><th scope="row" class="cell-name">Tổng cộng<\/th><td class="cell-name"><\/td><td class="num">4<\/td><td class="num">1<\/td><td class="num">2<\/td>/);
    const csv = await supervisor.agent.get('/bao-cao/tai-quay').query({ ...month, dinh_dang: 'csv' }).buffer(true).parse(binaryParser).expect(200);
    assert.match((csv.body as Buffer).toString('utf8'), /"Từ chối tiếp nhận"/);
    const pdf = await supervisor.agent.get('/bao-cao/tai-quay').query({ ...month, dinh_dang: 'pdf' }).buffer(true).parse(binaryParser).expect(200);
    assert.ok(pdfText(pdf.body as Buffer).includes('Từ chối tiếp nhận'));
    const bad = await supervisor.agent.get('/bao-cao/tai-quay').query({ ky: 'thang', thang: '13/2026' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Tháng không hợp lệ/);
  });

  test('processing results: apologies issued and issued late, on the page and in the XLSX', async () => {
    const res = await supervisor.agent.get('/bao-cao/ket-qua-giai-quyet').query(month).expect(200);
    assert.match(res.text, /<th scope="col" class="num">Phiếu xin lỗi ban hành muộn<\/th>/);
    assert.match(res.text, /ban hành sau thời điểm chậm nhất 01 ngày làm việc trước ngày hẹn trả/);
    const xlsx = await supervisor.agent.get('/bao-cao/ket-qua-giai-quyet').query({ ...month, dinh_dang: 'xlsx' }).buffer(true).parse(binaryParser).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    let header = 0;
    ws.eachRow((row, n) => {
      if ((row.values as unknown[]).includes('Phiếu xin lỗi ban hành muộn')) header = n;
    });
    assert.ok(header > 0);
    const col = (ws.getRow(header).values as unknown[]).indexOf('Phiếu xin lỗi ban hành muộn');
    assert.equal(ws.getRow(header + 1).getCell(col).value, 1);
  });
});
