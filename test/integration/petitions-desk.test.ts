/**
 * The control unit's desk (Decree 20/2008/NĐ-CP as amended): the control unit is the agency an
 * administrator names (art. 8), its staff write down petitions received by letter or phone
 * (art. 6, 7(2)(đ), 9(1)(b)–(c)) and print the register for a period as PDF and XLSX.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { vnInstant } from '../../src/domain/time.js';
import { agencyId, buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { receivedPetition } from '../helpers/petitions.js';
import { CENTRE, TU_PHAP, WARD } from '../helpers/two-agencies.js';

const NOW = vnInstant('2026-12-03', '10:00');

type Agent = Awaited<ReturnType<typeof signIn>>;

describe('petitions: the control unit’s desk', () => {
  let t: TestApp;
  let admin: Agent, centreHead: Agent, centreOfficer: Agent, tuPhapHead: Agent, wardOfficer: Agent;

  before(async () => {
    t = await buildTestApp({ now: NOW });
    const staff: Array<[string, 'officer' | 'supervisor' | 'admin', string]> = [
      ['quantri', 'admin', CENTRE],
      ['ld.trungtam', 'supervisor', CENTRE],
      ['cv.trungtam', 'officer', CENTRE],
      ['ld.tuphap', 'supervisor', TU_PHAP],
      ['cv.phuong', 'officer', WARD],
    ];
    for (const [u, role, eid] of staff) await createStaff(t.db, u, role, eid, `Cán bộ ${u}`);
    [admin, centreHead, centreOfficer, tuPhapHead, wardOfficer] = (await Promise.all(staff.map(([u]) => signIn(t.http, u)))) as [Agent, Agent, Agent, Agent, Agent];
  });
  after(() => t.cleanup());

  const post = (a: Agent, url: string, body: Record<string, string>) => a.agent.post(url).type('form').send({ _csrf: a.csrf, ...body });

  test('art. 8: the control unit is the agency an administrator names, never inferred from agency kinds', async () => {
    const centreId = await agencyId(t.db, CENTRE);
    const tuPhapId = await agencyId(t.db, TU_PHAP);
    // The seed names the province centre (today's behaviour): its head triages, Sở Tư pháp's does not.
    assert.match((await centreHead.agent.get('/xu-ly-pakn').expect(200)).text, /Bộ phận kiểm soát thủ tục hành chính: mọi phản ánh/);
    assert.doesNotMatch((await tuPhapHead.agent.get('/xu-ly-pakn').expect(200)).text, /Bộ phận kiểm soát thủ tục hành chính: mọi phản ánh/);
    await centreHead.agent.get('/quan-tri/kiem-soat-tthc').expect(403);
    await post(centreHead, '/quan-tri/kiem-soat-tthc', { co_quan: String(tuPhapId) }).expect(403);
    const bad = await post(admin, '/quan-tri/kiem-soat-tthc', { co_quan: '999999' }).expect(400);
    assert.match(bad.text, /Chọn cơ quan làm Bộ phận kiểm soát thủ tục hành chính/);
    // The administrator names Sở Tư pháp (say, the office the province moved it to): the roles follow the setting.
    await post(admin, '/quan-tri/kiem-soat-tthc', { co_quan: String(tuPhapId) }).expect(303);
    assert.match((await admin.agent.get('/quan-tri/kiem-soat-tthc').expect(200)).text, /Hiện tại: <strong>Sở Tư pháp/);
    const p = await receivedPetition(t.db, { receivedAt: NOW });
    const version = String((await t.db('petition_events').where({ petition_id: p.id }).max({ v: 'seq' }).first())?.v);
    await post(centreHead, `/xu-ly-pakn/${p.id}/thao-tac`, { thao_tac: 'accept', phien_ban: version }).expect(404);
    await post(tuPhapHead, `/xu-ly-pakn/${p.id}/thao-tac`, { thao_tac: 'accept', phien_ban: version }).expect(303);
    // The reports follow it too.
    assert.match((await tuPhapHead.agent.get('/bao-cao/phan-anh-kien-nghi').expect(200)).text, /Phản ánh, kiến nghị/);
    await post(admin, '/quan-tri/kiem-soat-tthc', { co_quan: String(centreId) }).expect(303);
    assert.equal((await t.db('settings').where({ key: 'petitions.control_unit_agency_id' }).first('value')).value, String(centreId));
  });

  test('art. 6, 7(2)(đ), 9(1)(b)–(c): a phone petition is written down by the control unit’s officer (who, when, how, by whom), coded and given its 5 days from receipt', async () => {
    await wardOfficer.agent.get('/xu-ly-pakn/ghi-nhan').expect(403);
    const form = { kenh: 'phone', thoi_diem: '2026-12-02T15:30', cach_nhan: 'Cuộc gọi đến đường dây nóng 0251 3 999 010', loai: 'handling', noi_dung: 'Ông Hùng gọi: chờ trả kết quả đăng ký hộ kinh doanh đã quá hẹn hai ngày.', nguoi_gui: 'individual', ho_ten: 'Phạm Văn Hùng', dia_chi: '14 Đồng Khởi, phường Tam Hiệp', dien_thoai: '0913 222 333', email: '', cong_khai: '' };
    await post(wardOfficer, '/xu-ly-pakn/ghi-nhan', form).expect(403);
    const future = await post(centreOfficer, '/xu-ly-pakn/ghi-nhan', { ...form, thoi_diem: '2026-12-03T11:00' }).expect(400);
    assert.match(future.text, /Nhập thời điểm tiếp nhận \(ngày và giờ\), không sau thời điểm hiện tại/);
    const noContact = await post(centreOfficer, '/xu-ly-pakn/ghi-nhan', { ...form, dien_thoai: '' }).expect(400);
    assert.match(noContact.text, /Nhập số điện thoại hoặc địa chỉ thư điện tử/);
    assert.equal(await t.db('petitions').where({ channel: 'phone' }).count({ n: '*' }).first().then((r) => Number(r?.n)), 0);
    const ok = await post(centreOfficer, '/xu-ly-pakn/ghi-nhan', form).expect(303);
    const id = Number(/\/xu-ly-pakn\/(\d+)$/.exec(ok.headers.location!)![1]);
    const row = await t.db('petitions').where({ id }).first();
    assert.equal(row.channel, 'phone');
    assert.match(row.code, /^PAKN-261202-\d{4}$/);
    assert.equal(row.received_how, form.cach_nhan);
    assert.equal(row.sender_phone, '0913222333');
    assert.equal(new Date(row.received_at).getTime(), vnInstant('2026-12-02', '15:30').getTime());
    // Five working days from the call (Wed 2/12 15:30) → Wed 9/12 15:30.
    assert.equal(new Date(row.forward_due_at).getTime(), vnInstant('2026-12-09', '15:30').getTime());
    const recorder = await t.db('users').where({ username: 'cv.trungtam' }).first('id');
    assert.equal(Number(row.recorded_by), Number(recorder.id));
    const page = await centreHead.agent.get(`/xu-ly-pakn/${id}`).expect(200);
    assert.match(page.text, /Điện thoại: Cuộc gọi đến đường dây nóng/);
    assert.match(page.text, /Người ghi nhận<\/dt><dd>Cán bộ cv.trungtam/);
    assert.equal((await t.db('outbox_messages').where({ template: 'petition_received', reference: row.code })).length, 1);
  });

  test('art. 7(2)(đ), 9(1)(b)–(c): the register (sổ tiếp nhận) for a period, on the page, as PDF and as XLSX', async () => {
    const letter = { kenh: 'letter', thoi_diem: '2026-12-01T09:00', cach_nhan: 'Thư qua bưu điện, công văn đến số 45', loai: 'regulation', noi_dung: 'Đề nghị bỏ yêu cầu bản sao giấy khai sinh.', nguoi_gui: 'organisation', ho_ten: 'Công ty TNHH Mẫu', dia_chi: '1 Võ Thị Sáu, phường Trấn Biên', dien_thoai: '', email: 'lienhe@mau.vn', cong_khai: '1' };
    await post(admin, '/xu-ly-pakn/ghi-nhan', letter).expect(303);
    const code = String((await t.db('petitions').where({ channel: 'letter' }).first('code')).code);
    await wardOfficer.agent.get('/xu-ly-pakn/so-tiep-nhan').expect(403);
    const html = await centreOfficer.agent.get('/xu-ly-pakn/so-tiep-nhan?tu=2026-12-01&den=2026-12-03').expect(200);
    assert.ok(html.text.includes(code));
    assert.match(html.text, /Văn bản, thư gửi đến: Thư qua bưu điện, công văn đến số 45/);
    const outside = await centreOfficer.agent.get('/xu-ly-pakn/so-tiep-nhan?tu=2026-11-01&den=2026-11-30').expect(200);
    assert.ok(!outside.text.includes(code));
    const reversed = await centreOfficer.agent.get('/xu-ly-pakn/so-tiep-nhan?tu=2026-12-03&den=2026-12-01').expect(400);
    assert.match(reversed.text, /Ngày bắt đầu phải trước hoặc bằng ngày kết thúc/);

    const pdf = await centreOfficer.agent.get('/xu-ly-pakn/so-tiep-nhan?tu=2026-12-01&den=2026-12-03&dinh_dang=pdf').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal((pdf.body as Buffer).subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.headers['content-disposition']!, /so-tiep-nhan-pakn-2026-12-01-2026-12-03\.pdf/);

    const xlsx = await centreOfficer.agent.get('/xu-ly-pakn/so-tiep-nhan?tu=2026-12-01&den=2026-12-03&dinh_dang=xlsx').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.worksheets[0]!.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    assert.ok(cells.includes(code), 'the code is a cell of the register');
    assert.ok(cells.some((c) => c.includes('Công ty TNHH Mẫu')));
    assert.ok(cells.includes('Sổ tiếp nhận phản ánh, kiến nghị'));
  });
});
