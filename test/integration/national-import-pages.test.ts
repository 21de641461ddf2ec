/**
 * The administrator's national catalogue import over HTTP: a bad file (not JSON, not UTF-8,
 * a record with a bad field) refused with a Vietnamese message naming record and field and
 * nothing written; a good file kept and its plan shown (every row's action, each changed field
 * old → new, warnings; paged), a stale confirmation refused with nothing written, the
 * confirmation applied once (a second one writes nothing) and its result page; the fetch from
 * a local national database peer (LayThuTuc, LayDanhSachTTHC completed with LayThuTuc, the
 * peer failing); a procedure's versions and a version's page; the form and the CSV import
 * keeping a version that holds what the columns do not (steps, legal basis, other channels).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { procedureEditForm } from '../helpers/fixtures.js';
import { startNationalPeer, type NationalPeer } from '../helpers/national-peer.js';

const NOW = vnInstant('2026-12-07', '09:00');
const CENTRE = '000.00.01.H26';
type Agent = Awaited<ReturnType<typeof signIn>>;
type Rec = Record<string, any>;

/** The shipped national records (the reference seed's). */
const SHIPPED: Rec[] = JSON.parse(readFileSync(new URL('../../seeds/reference/national/procedures.json', import.meta.url), 'utf8'));
const shipped = (code: string): Rec => structuredClone(SHIPPED.find((r) => r.MATTHC === code)!);

/** A new procedure in the national shape. */
function fresh(code: string, name: string, over: Rec = {}): Rec {
  return {
    MATTHC: code,
    TENTTHC: name,
    CAPTHUCHIEN: 'Cấp Xã',
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'T01', TENLINHVUC: 'Thử nghiệm' }],
    TRINHTUTHUCHIEN: [{ TRUONGHOP: '', TRINHTU: [{ TENTRINHTU: 'Nộp hồ sơ' }, { TENTRINHTU: 'Nhận kết quả' }] }],
    CACHTHUCTHUCHIEN: [{ KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '5', DONVITINH: 'Ngày làm việc', MOTA: '', PHILEPHI: [{ MAPHILEPHI: 'LePhi', SOTIEN: '10000', DONVI: 'Đồng', MOTA: '' }] }] }],
    KETQUATHUCHIEN: [{ TENKETQUA: 'Văn bản trả lời' }],
    THANHPHANHOSO: [{ TRUONGHOP: '', GIAYTO: [{ TENGIAYTO: 'Tờ khai', SOBANCHINH: '1', SOBANSAO: '0' }] }],
    _source: [{ url: `https://example.gov.vn/${code}`, title: name, publisher: 'Thử nghiệm', accessed: '2026-12-06' }],
    ...over,
  };
}

const count = async (t: TestApp, table: string) => Number((await t.db(table).count({ n: '*' }).first())!.n);
const idFrom = (location: string | undefined) => Number(/nhap-quoc-gia\/(\d+)$/.exec(String(location))![1]);
const keyOf = (html: string) => /name="khoa" value="([0-9a-f]{32})"/.exec(html)?.[1];

describe('the national catalogue import pages', () => {
  let t: TestApp;
  let admin: Agent;
  let peer: NationalPeer;

  before(async () => {
    peer = await startNationalPeer([fresh('9.900001', 'Thủ tục từ máy chủ quốc gia'), fresh('9.900002', 'Thủ tục thứ hai từ máy chủ quốc gia', { CAPTHUCHIEN: 'Cấp Tỉnh' })]);
    t = await buildTestApp({ now: NOW, env: peer.env });
    await createStaff(t.db, 'quantri', 'admin', CENTRE, 'Lê Quản Trị');
    admin = await signIn(t.http, 'quantri');
  });
  after(async () => {
    await t?.cleanup();
    await peer?.close();
  });

  const upload = (json: string, extra: Record<string, string> = {}) => admin.agent.post('/quan-tri/thu-tuc/nhap-quoc-gia').type('form').send({ _csrf: admin.csrf, json, ten_tep: 'danh-sach.json', ...extra });

  test('a file that is not JSON, not UTF-8, or has a bad record: a clear Vietnamese message, nothing written', async () => {
    const notJson = await upload('{"MATTHC": "1.0", }').expect(400);
    assert.match(notJson.text, /Nội dung không phải JSON hợp lệ \(dòng 1, cột \d+\)/);
    assert.match(notJson.text, /id="loi"/);
    const garbled = await upload('[{"MATTHC": "9.1", "TENTTHC": "Đăng k\uFFFD khai sinh"}]').expect(400);
    assert.match(garbled.text, /không được lưu với mã UTF-8/);
    const bad = fresh('9.900100', 'Thủ tục lỗi', { CACHTHUCTHUCHIEN: [{ KENH: '7' }] });
    const refused = await upload(JSON.stringify([fresh('9.900099', 'Thủ tục đúng'), bad])).expect(400);
    assert.match(refused.text, /Bản ghi số 2 \(9\.900100\), trường CACHTHUCTHUCHIEN\[0\]\.KENH: &#34;7&#34; không phải là kênh hợp lệ/);
    assert.match(refused.text, /chưa nhập dữ liệu nào/);
    const empty = await upload('').expect(400);
    assert.match(empty.text, /Chọn tệp JSON/);
    assert.deepEqual([await count(t, 'catalogue_imports'), await t.db('procedures').whereIn('code', ['9.900099', '9.900100']).first()], [0, undefined]);
  });

  test('the plan: every row with its action, each changed field old → new; stale confirmation refused; applied once; the result page', async () => {
    const changed = shipped('2.001263');
    changed.CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[0].SOTIEN = '450000';
    const newOne = fresh('9.900010', 'Thủ tục mới thêm', { CACHTHUCTHUCHIEN: [{ KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '', DONVITINH: '', MOTA: 'Không quy định' }] }], _source: [] });
    const file = JSON.stringify([changed, newOne, shipped('2.000815')]);
    const res = await upload(file).expect(303);
    const id = idFrom(res.headers.location);
    const versionsBefore = await count(t, 'procedure_versions');
    const page = (await admin.agent.get(`/quan-tri/thu-tuc/nhap-quoc-gia/${id}`).expect(200)).text;
    assert.match(page, /sẽ thêm mới 1, thay đổi 1, bãi bỏ 0 thủ tục; 1 thủ tục không đổi/);
    assert.match(page, /<td class="procedure-code">2\.001263<\/td><td>Đăng ký việc nuôi con nuôi trong nước<\/td><td>Thay đổi<\/td>/);
    // Exactly the changed field, in Vietnamese, old → new.
    assert.match(page, /<dt>Phí, lệ phí \(trực tiếp\)<\/dt><dd>400\.000 đồng: Mức thu[^<]* → 450\.000 đồng: Mức thu/);
    assert.equal((page.match(/<dt>/g) ?? []).length, 1, 'one changed field');
    assert.match(page, /<td class="procedure-code">9\.900010<\/td><td>Thủ tục mới thêm<\/td><td>Thêm mới<\/td>/);
    assert.match(page, /ngừng tiếp nhận cho đến khi quản trị viên nhập thời hạn/);
    assert.match(page, /Bản ghi không ghi nguồn/);
    assert.match(page, /name="hieu_luc"[^>]*value="07\/12\/2026"|value="07\/12\/2026"/, 'the effective date defaults to today, Vietnam time');
    // The unchanged row is listed under its own filter.
    assert.match((await admin.agent.get(`/quan-tri/thu-tuc/nhap-quoc-gia/${id}?loai=unchanged`).expect(200)).text, /2\.000815<\/td>.*<td>Không đổi<\/td>/s);
    const key = keyOf(page)!;

    // Stale: the catalogue changed since the preview (an edit of 2.001263): conflict, nothing written.
    await t.db('procedures').where({ code: '2.001263' }).update({ fee_note: 'Sửa trong lúc chờ xác nhận' });
    await t.db('procedure_versions').insert({ procedure_id: (await t.db('procedures').where({ code: '2.001263' }).first('id')).id, version: 99, effective_from: '2026-12-07', record_json: JSON.stringify(shipped('2.000815')), source: 'test', created_at: NOW, applied_at: NOW });
    const stale = await admin.agent.post(`/quan-tri/thu-tuc/nhap-quoc-gia/${id}/ap-dung`).type('form').send({ _csrf: admin.csrf, khoa: key, hieu_luc: '07/12/2026' }).expect(409);
    assert.match(stale.text, /Danh mục hoặc tệp đã thay đổi từ lúc xem trước/);
    assert.equal(await count(t, 'procedure_versions'), versionsBefore + 1);
    assert.equal(await t.db('procedures').where({ code: '9.900010' }).first(), undefined);
    await t.db('procedure_versions').where({ version: 99 }).delete();

    const bad = await admin.agent.post(`/quan-tri/thu-tuc/nhap-quoc-gia/${id}/ap-dung`).type('form').send({ _csrf: admin.csrf, khoa: key, hieu_luc: '31/02/2026' }).expect(400);
    assert.match(bad.text, /Nhập ngày có hiệu lực/);

    const fresh2 = keyOf((await admin.agent.get(`/quan-tri/thu-tuc/nhap-quoc-gia/${id}`).expect(200)).text)!;
    const applied = await admin.agent.post(`/quan-tri/thu-tuc/nhap-quoc-gia/${id}/ap-dung`).type('form').send({ _csrf: admin.csrf, khoa: fresh2, hieu_luc: '07/12/2026' }).expect(303);
    assert.equal(applied.headers.location, `/quan-tri/thu-tuc/nhap-quoc-gia/${id}`);
    assert.equal(await count(t, 'procedure_versions'), versionsBefore + 2);
    const p = await t.db('procedures').where({ code: '2.001263' }).first();
    assert.equal(p.fee_vnd, 450_000);
    assert.equal(Boolean((await t.db('procedures').where({ code: '9.900010' }).first()).active), false, 'no counter time: stored, not received');
    const result = (await admin.agent.get(String(applied.headers.location)).expect(200)).text;
    assert.match(result, /Đã nhập danh mục/);
    assert.match(result, /Có hiệu lực từ <strong>07\/12\/2026<\/strong>/);
    // A second confirmation (a reload of the POST, a double click) writes nothing.
    await admin.agent.post(`/quan-tri/thu-tuc/nhap-quoc-gia/${id}/ap-dung`).type('form').send({ _csrf: admin.csrf, khoa: fresh2, hieu_luc: '07/12/2026' }).expect(303);
    assert.equal(await count(t, 'procedure_versions'), versionsBefore + 2);

    // The procedure's page lists its versions; a version's page renders its record.
    const form = (await admin.agent.get(`/quan-tri/thu-tuc/${p.id}`).expect(200)).text;
    assert.match(form, /Các phiên bản/);
    assert.match(form, /Phiên bản 2<\/a><\/td>\s*<td>07\/12\/2026<\/td>\s*<td>Đã áp dụng<\/td>\s*<td class="cell-wrap">danh-sach\.json<\/td>\s*<td>Lê Quản Trị<\/td>/);
    assert.match(form, /Phiên bản 1<\/a><\/td>\s*<td>01\/01\/2026<\/td>\s*<td>Đã áp dụng<\/td>\s*<td class="cell-wrap">https:\/\/vpcp\.dichvucong\.gov\.vn[^<]*<\/td>\s*<td>Dữ liệu tham chiếu<\/td>/);
    const v2 = await t.db('procedure_versions').where({ procedure_id: p.id, version: 2 }).first('id');
    const detail = (await admin.agent.get(`/quan-tri/thu-tuc/${p.id}/phien-ban/${v2.id}`).expect(200)).text;
    assert.match(detail, /Phiên bản 2: /);
    assert.match(detail, /450\.000 đồng/);
    assert.match(detail, /Trình tự thực hiện|Thành phần hồ sơ/);
    assert.match(detail, /Hồ sơ của người nhận con nuôi/);
    await admin.agent.get(`/quan-tri/thu-tuc/${p.id + 1}/phien-ban/${v2.id}`).expect(404);
  });

  test('effective later: the versions wait ("Chờ hiệu lực") and the columns do not change yet', async () => {
    const changed = fresh('9.900020', 'Thủ tục hiệu lực sau');
    const staged = await upload(JSON.stringify([changed])).expect(303);
    const id = idFrom(staged.headers.location);
    const key = keyOf((await admin.agent.get(String(staged.headers.location)).expect(200)).text)!;
    await admin.agent.post(`/quan-tri/thu-tuc/nhap-quoc-gia/${id}/ap-dung`).type('form').send({ _csrf: admin.csrf, khoa: key, hieu_luc: '2027-01-01' }).expect(303);
    const p = await t.db('procedures').where({ code: '9.900020' }).first();
    assert.equal(Boolean(p.active), false);
    assert.match((await admin.agent.get(`/quan-tri/thu-tuc/nhap-quoc-gia/${id}`).expect(200)).text, /chờ hiệu lực/);
    assert.match((await admin.agent.get(`/quan-tri/thu-tuc/${p.id}`).expect(200)).text, /Chờ hiệu lực/);
  });

  test('fetched from the national database: one code (LayThuTuc), the list (LayDanhSachTTHC completed by LayThuTuc); a failing peer: a message, nothing kept', async () => {
    const one = await admin.agent.post('/quan-tri/thu-tuc/nhap-quoc-gia/lay-du-lieu').type('form').send({ _csrf: admin.csrf, ma_tthc: '9.900001' }).expect(303);
    const page = (await admin.agent.get(String(one.headers.location)).expect(200)).text;
    assert.match(page, /9\.900001<\/td><td>Thủ tục từ máy chủ quốc gia<\/td><td>Thêm mới/);
    assert.match(page, /LayThuTuc 9\.900001/);
    assert.deepEqual(peer.calls.at(-1), { service: 'LayThuTuc', maTTHC: '9.900001', authorized: true });

    peer.calls.length = 0;
    const list = await admin.agent.post('/quan-tri/thu-tuc/nhap-quoc-gia/lay-du-lieu').type('form').send({ _csrf: admin.csrf, ma_tthc: '', toan_bo: 'on' }).expect(303);
    assert.deepEqual(peer.calls.map((c) => c.service).sort(), ['LayDanhSachTTHC', 'LayThuTuc', 'LayThuTuc']);
    const listPage = (await admin.agent.get(String(list.headers.location)).expect(200)).text;
    assert.match(listPage, /toàn bộ danh sách của tỉnh/);
    assert.match(listPage, /9\.900002<\/td><td>Thủ tục thứ hai từ máy chủ quốc gia<\/td><td>Thêm mới/);
    // The whole list: every active procedure it does not hold would be withdrawn.
    assert.match(listPage, /<td>Bãi bỏ \(không còn trong danh sách\)<\/td>/);

    const before = await count(t, 'catalogue_imports');
    peer.failNext('http500');
    const failed = await admin.agent.post('/quan-tri/thu-tuc/nhap-quoc-gia/lay-du-lieu').type('form').send({ _csrf: admin.csrf, ma_tthc: '9.900001' }).expect(422);
    assert.match(failed.text, /Cơ sở dữ liệu quốc gia từ chối yêu cầu LayThuTuc \(HTTP 500, mã 500\): Lỗi máy chủ/);
    peer.failNext('not_json');
    assert.match((await admin.agent.post('/quan-tri/thu-tuc/nhap-quoc-gia/lay-du-lieu').type('form').send({ _csrf: admin.csrf, ma_tthc: '9.900001' }).expect(422)).text, /trả lời không phải JSON/);
    assert.match((await admin.agent.post('/quan-tri/thu-tuc/nhap-quoc-gia/lay-du-lieu').type('form').send({ _csrf: admin.csrf, ma_tthc: '1.999999' }).expect(422)).text, /mã 404\): Không tìm thấy thủ tục/);
    assert.match((await admin.agent.post('/quan-tri/thu-tuc/nhap-quoc-gia/lay-du-lieu').type('form').send({ _csrf: admin.csrf, ma_tthc: 'x y/z' }).expect(400)).text, /Mã thủ tục gồm chữ số/);
    assert.equal(await count(t, 'catalogue_imports'), before);
  });

  test('an edit through the form keeps a version: the new columns over the record in force, its steps, legal basis and other channels kept', async () => {
    const { id, form } = await procedureEditForm(t.db, '1.003583');
    const before = (await t.db('procedure_versions').where({ procedure_id: id }).orderBy('version', 'desc').first()).version;
    await admin.agent.post(`/quan-tri/thu-tuc/${id}`).type('form').send({ ...form, result: form.result || 'Giấy khai sinh', processing_amount: '4', _csrf: admin.csrf }).expect(303);
    const v = await t.db('procedure_versions').where({ procedure_id: id }).orderBy('version', 'desc').first();
    assert.equal(v.version, before + 1);
    assert.deepEqual([v.source, v.effective_from, Boolean(v.applied_at)], ['admin', '2026-12-07', true]);
    const record = JSON.parse(v.record_json);
    const national = shipped('1.003583');
    assert.equal(record.CACHTHUCTHUCHIEN[0].THOIGIAN[0].THOIGIANGIAIQUYET, '4');
    assert.deepEqual(record.TRINHTUTHUCHIEN, national.TRINHTUTHUCHIEN);
    assert.deepEqual(record.CANCUPHAPLY, national.CANCUPHAPLY);
    assert.deepEqual(record._source, national._source);
    assert.deepEqual(record.CACHTHUCTHUCHIEN.slice(1), national.CACHTHUCTHUCHIEN.filter((c: Rec) => c.KENH !== '1'));
    assert.deepEqual(record.THANHPHANHOSO, national.THANHPHANHOSO, 'documents unchanged: the record keeps its own (templates, cases)');
  });

  test('a CSV import keeps a version per changed procedure (source csv), none for an unchanged one', async () => {
    const p = await t.db('procedures').where({ code: '1.001612' }).first();
    const before = await t.db('procedure_versions').where({ procedure_id: p.id }).count({ n: '*' }).first();
    // Blank optional cells keep what is stored.
    const csv = `code,name,field,processing_unit,processing_amount,fee_vnd,fee_note,result,apology_extension_days,lead_agency_eid,receiving_agency_eids,documents\n1.001612,${p.name},${p.field},working_days,4,,,${p.result},5,,,\n`;
    const imported = await admin.agent.post('/quan-tri/thu-tuc/nhap-csv').type('form').send({ _csrf: admin.csrf, csv, action: 'import' });
    assert.equal(imported.status, 303, imported.text.match(/<td>Dòng[^<]*<\/td>/g)?.join(' '));
    const versions = await t.db('procedure_versions').where({ procedure_id: p.id }).orderBy('version', 'desc');
    assert.equal(versions.length, Number(before!.n) + 1);
    assert.equal(versions[0].source, 'csv');
    assert.equal(JSON.parse(versions[0].record_json).CACHTHUCTHUCHIEN[0].THOIGIAN[0].THOIGIANGIAIQUYET, '4');
    await admin.agent.post('/quan-tri/thu-tuc/nhap-csv').type('form').send({ _csrf: admin.csrf, csv, action: 'import' }).expect(303);
    assert.equal((await t.db('procedure_versions').where({ procedure_id: p.id })).length, versions.length, 'unchanged: no new version');
  });

  test('2,500 records: the plan in reasonable time, the page a hundred rows at a time', async (tt) => {
    const records = Array.from({ length: 2500 }, (_, i) => fresh(`8.${String(100000 + i)}`, `Thủ tục thử tải số ${i + 1} về đăng ký hộ tịch`));
    const body = JSON.stringify(records);
    const started = Date.now();
    const res = await upload(body).expect(303);
    const uploaded = Date.now() - started;
    const t0 = Date.now();
    const page = await admin.agent.get(String(res.headers.location)).expect(200);
    const shown = Date.now() - t0;
    tt.diagnostic(`2,500 records (${Math.round(body.length / 1024)} KiB): upload and plan ${uploaded} ms, plan page ${shown} ms, ${Math.round(page.text.length / 1024)} KiB`);
    assert.match(page.text, /sẽ thêm mới 2500/);
    assert.equal((page.text.match(/<td>Thêm mới<\/td>/g) ?? []).length, 100);
    assert.match(page.text, /Trang 1\/25/);
    assert.ok(uploaded < 20_000 && shown < 10_000, `${uploaded} ms, ${shown} ms`);
    assert.match((await admin.agent.get(`${res.headers.location}?trang=25`).expect(200)).text, /8\.102499/);
  });
});
