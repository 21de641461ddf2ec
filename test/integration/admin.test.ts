import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import request from 'supertest';
import express, { type Express } from 'express';
import { vnInstant } from '../../src/domain/time.js';
import { procedureImportBodyParser } from '../../src/features/admin/procedures/procedures.routes.js';
import { agencyId, binaryParser, buildTestApp, certifiedCopyForm, createStaff, csrfFrom, dossierIdFromRedirect, pdfText, signIn, type TestApp } from '../helpers/app.js';
import { procedureEditForm } from '../helpers/fixtures.js';

const CENTRE = '000.00.01.H26';
const TRAN_BIEN = '000.31.01.H26';
const TAM_HIEP = '000.31.02.H26';
const TU_PHAP = '000.00.12.H26';

async function count(t: TestApp, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = await t.db(table).where(where).count({ n: '*' }).first();
  return Number(row?.n);
}

/** Sign in with a username and password through the login form; returns the response status. */
async function login(app: Express, username: string, password: string) {
  const agent = request.agent(app);
  const page = await agent.get('/dang-nhap').expect(200);
  const res = await agent.post('/dang-nhap').type('form').send({ _csrf: csrfFrom(page.text), username, password, next: '/ho-so' });
  return { agent, status: res.status };
}

const CSV_HEADER =
  'code,name,field,processing_unit,processing_amount,fee_vnd,fee_note,result,apology_extension_days,lead_agency_eid,receiving_agency_eids,documents';

describe('administration', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let adminId: number;

  before(async () => {
    // Monday 23 November 2026, 09:00 in Vietnam.
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00') });
    adminId = await createStaff(t.db, 'quantri', 'admin', CENTRE, 'Lê Quản Trị');
    await createStaff(t.db, 'clerk', 'clerk', TRAN_BIEN, 'Nguyễn Thị Thu Hà');
    admin = await signIn(t.http, 'quantri');
  });
  after(() => t.cleanup());

  const post = (url: string, form: Record<string, string | string[]>) => admin.agent.post(url).type('form').send({ ...form, _csrf: admin.csrf });
  /** A successful state change: a 303 to its page (Post/Redirect/Get), which is returned. */
  const postFollowed = async (url: string, form: Record<string, string | string[]>) => {
    const res = await post(url, form);
    assert.equal(res.status, 303, res.text);
    return admin.agent.get(res.headers.location!).expect(200);
  };
  /**
   * A CSV import as an administrator does it: preview, tick the deletion confirmation when the
   * preview asks for one, import; the import redirects to its own page, which is returned.
   */
  const importCsv = async (csv: string) => {
    const preview = await post('/quan-tri/thu-tuc/nhap-csv', { csv, action: 'preview' });
    assert.equal(preview.status, 200, preview.text);
    const confirmation = /name="xac_nhan_xoa" value="([^"]+)"/.exec(preview.text)?.[1];
    const res = await post('/quan-tri/thu-tuc/nhap-csv', { csv, action: 'import', ...(confirmation ? { xac_nhan_xoa: confirmation } : {}) });
    assert.equal(res.status, 303, res.text);
    assert.match(res.headers.location ?? '', /^\/quan-tri\/thu-tuc\/nhap-csv\/\d+$/);
    return { preview, done: await admin.agent.get(res.headers.location!).expect(200) };
  };

  test('only administrators get in: others get 403, anonymous visitors the login page', async () => {
    const clerk = await signIn(t.http, 'clerk');
    for (const url of ['/quan-tri', '/quan-tri/can-bo', '/quan-tri/co-quan/1', '/quan-tri/thu-tuc', '/quan-tri/thu-tuc/nhap-csv', '/quan-tri/lich-nghi', '/quan-tri/khong-co']) {
      const res = await clerk.agent.get(url);
      assert.equal(res.status, 403, url);
      assert.match(res.text, /Bạn không có quyền thực hiện thao tác này/);
    }
    const before = await count(t, 'users');
    const res = await clerk.agent
      .post('/quan-tri/can-bo/moi')
      .type('form')
      .send({ _csrf: clerk.csrf, username: 'ke.gian', full_name: 'Kẻ Gian', role: 'admin', agency_id: '1', password: 'mat-khau-dai-hon', password_confirm: 'mat-khau-dai-hon' });
    assert.equal(res.status, 403);
    assert.equal(await count(t, 'users'), before);
    const anon = await request(t.http).get('/quan-tri/thu-tuc').expect(302);
    assert.equal(anon.headers.location, `/dang-nhap?next=${encodeURIComponent('/quan-tri/thu-tuc')}`);
  });

  test('the index links the four sections', async () => {
    const res = await admin.agent.get('/quan-tri').expect(200);
    for (const href of ['/quan-tri/can-bo', '/quan-tri/co-quan', '/quan-tri/thu-tuc', '/quan-tri/lich-nghi']) assert.match(res.text, new RegExp(`href="${href}"`));
    assert.match(res.text, /Lịch nghỉ lễ, làm bù/);
  });

  test('the index lists accounts with repeated failed sign-ins, with their addresses', async () => {
    const quiet = await admin.agent.get('/quan-tri').expect(200);
    assert.match(quiet.text, /Không có tài khoản nào bị đăng nhập sai/);
    for (let i = 0; i < 3; i++) {
      const page = await request(t.http).get('/dang-nhap');
      const cookie = page.headers['set-cookie'];
      await request(t.http)
        .post('/dang-nhap')
        .set('Cookie', cookie!)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), username: 'clerk', password: 'sai-mat-khau-roi' })
        .expect(401);
    }
    const res = await admin.agent.get('/quan-tri').expect(200);
    const table = res.text.slice(res.text.indexOf('Đăng nhập sai nhiều lần'));
    assert.match(table, /<td>clerk<\/td>\s*<td>3<\/td>/);
    assert.match(table, /<td>[0-9a-f.:]+ \(3\)<\/td>/, 'the address the three tries came from');
  });

  test('create a staff account, then sign in with it', async () => {
    const tamHiep = await agencyId(t.db, TAM_HIEP);
    const res = await post('/quan-tri/can-bo/moi', {
      username: '  Tran.Van.Binh ',
      full_name: '  Trần   Văn Bình '.normalize('NFD'),
      role: 'officer',
      agency_id: String(tamHiep),
      email: ' Binh.Tran@TamHiep.gov.vn ',
      password: 'mat-khau-ban-dau',
      password_confirm: 'mat-khau-ban-dau',
    });
    assert.equal(res.status, 303);
    assert.match(res.headers.location ?? '', /^\/quan-tri\/can-bo\?ok=/);
    const user = await t.db('users').where({ username: 'tran.van.binh' }).first();
    assert.ok(user);
    assert.equal(user.full_name, 'Trần Văn Bình');
    assert.equal(user.role, 'officer');
    assert.equal(user.agency_id, tamHiep);
    assert.equal(user.email, 'binh.tran@tamhiep.gov.vn', 'alerts go to this address');
    assert.ok(Boolean(user.active));
    assert.notEqual(user.password_hash, 'mat-khau-ban-dau');
    assert.ok(await bcrypt.compare('mat-khau-ban-dau', user.password_hash));

    const list = await admin.agent.get(res.headers.location ?? '').expect(200);
    assert.match(list.text, /Đã tạo tài khoản/);
    assert.match(list.text, /tran\.van\.binh/);
    assert.match(list.text, /Chuyên viên xử lý/);
    assert.match(list.text, /Trung tâm Phục vụ hành chính công phường Tam Hiệp/);

    const signedIn = await login(t.app, 'tran.van.binh', 'mat-khau-ban-dau');
    assert.equal(signedIn.status, 303);
    const page = await signedIn.agent.get('/ho-so').expect(200);
    assert.match(page.text, /Trần Văn Bình/);
  });

  test('a taken username is refused in Vietnamese and nothing is written', async () => {
    const before = await count(t, 'users');
    const res = await post('/quan-tri/can-bo/moi', {
      username: 'CLERK',
      full_name: 'Phạm Thị Dung',
      role: 'clerk',
      agency_id: String(await agencyId(t.db, TRAN_BIEN)),
      password: 'mot-mat-khau-dai',
      password_confirm: 'mot-mat-khau-dai',
    });
    assert.equal(res.status, 400);
    assert.match(res.text, /Tên đăng nhập &#34;clerk&#34; đã được dùng cho một tài khoản khác/);
    assert.match(res.text, /value="Phạm Thị Dung"/);
    assert.doesNotMatch(res.text, /mot-mat-khau-dai/, 'passwords are never echoed back');
    assert.equal(await count(t, 'users'), before);
  });

  test('bad account input is refused field by field', async () => {
    const before = await count(t, 'users');
    const res = await post('/quan-tri/can-bo/moi', { username: 'ab', full_name: '', role: 'king', agency_id: '', password: 'ngan', password_confirm: 'ngan' });
    assert.equal(res.status, 400);
    assert.match(res.text, /Tên đăng nhập gồm 3–60 ký tự/);
    assert.match(res.text, /Nhập họ và tên cán bộ/);
    assert.match(res.text, /Chọn vai trò/);
    assert.match(res.text, /Chọn cơ quan, đơn vị/);
    assert.match(res.text, /Mật khẩu phải có ít nhất 10 ký tự/);
    const mismatch = await post('/quan-tri/can-bo/moi', {
      username: 'hop.le',
      full_name: 'Hợp Lệ',
      role: 'clerk',
      agency_id: '99999',
      password: 'mat-khau-dai-du',
      password_confirm: 'mat-khau-khac-nhau',
    });
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.text, /Mật khẩu nhập lại không khớp/);
    assert.equal(await count(t, 'users'), before);
  });

  test('edit name, role and agency; an admin cannot change their own role', async () => {
    const id = await createStaff(t.db, 'doi.vai.tro', 'clerk', TRAN_BIEN, 'Đỗ Văn Tư');
    const tuPhap = await agencyId(t.db, TU_PHAP);
    const res = await post(`/quan-tri/can-bo/${id}`, { full_name: 'Đỗ Văn Tứ', role: 'officer', agency_id: String(tuPhap) });
    assert.equal(res.status, 303);
    const u = await t.db('users').where({ id }).first();
    assert.deepEqual([u.full_name, u.role, u.agency_id], ['Đỗ Văn Tứ', 'officer', tuPhap]);

    const self = await post(`/quan-tri/can-bo/${adminId}`, { full_name: 'Lê Quản Trị', role: 'clerk', agency_id: String(await agencyId(t.db, CENTRE)) });
    assert.equal(self.status, 400);
    assert.match(self.text, /không thể tự thay đổi vai trò/);
    assert.equal((await t.db('users').where({ id: adminId }).first()).role, 'admin');

    assert.equal((await admin.agent.get('/quan-tri/can-bo/99999')).status, 404);
    assert.equal((await admin.agent.get('/quan-tri/can-bo/abc')).status, 404);
  });

  // Issue 12 #11: staff carry a work phone, printed as the guiding officer's on Mẫu 02.
  test('work phone: optional, validated, kept as typed, shown in the list and the account page', async () => {
    const tranBien = String(await agencyId(t.db, TRAN_BIEN));
    const res = await post('/quan-tri/can-bo/moi', {
      username: 'pham.quoc.thang',
      full_name: 'Phạm Quốc Thắng',
      role: 'officer',
      agency_id: tranBien,
      email: '',
      phone: ' 0251  3822 222 ',
      password: 'mat-khau-ban-dau',
      password_confirm: 'mat-khau-ban-dau',
    });
    assert.equal(res.status, 303);
    const user = await t.db('users').where({ username: 'pham.quoc.thang' }).first();
    assert.equal(user.phone, '0251 3822 222');
    const list = await admin.agent.get('/quan-tri/can-bo').expect(200);
    assert.match(list.text, /Điện thoại cơ quan/);
    assert.match(list.text, /0251 3822 222/);
    const page = await admin.agent.get(`/quan-tri/can-bo/${user.id}`).expect(200);
    assert.match(page.text, /name="phone"[^>]*value="0251 3822 222"|value="0251 3822 222"[^>]*name="phone"/);

    // +84 is written 0; a mobile number is fine too; clearing it leaves none.
    await post(`/quan-tri/can-bo/${user.id}`, { full_name: 'Phạm Quốc Thắng', role: 'officer', agency_id: tranBien, phone: '+84 912 345 678' }).expect(303);
    assert.equal((await t.db('users').where({ id: user.id }).first()).phone, '0912 345 678');
    await post(`/quan-tri/can-bo/${user.id}`, { full_name: 'Phạm Quốc Thắng', role: 'officer', agency_id: tranBien, phone: '' }).expect(303);
    assert.equal((await t.db('users').where({ id: user.id }).first()).phone, '');
    assert.match((await admin.agent.get(`/quan-tri/can-bo/${user.id}`).expect(200)).text, /Điện thoại cơ quan<\/dt><dd>Chưa có/);

    // Not a Vietnamese number, too long, control characters: refused next to the field, values kept, nothing written.
    for (const phone of ['12345', '0251 3822', '0151 3822 2222', 'số máy 0912345678', '0912 345 678 999 000 1', '0912\u0000345678']) {
      const bad = await post(`/quan-tri/can-bo/${user.id}`, { full_name: 'Phạm Quốc Thắng Sửa', role: 'officer', agency_id: tranBien, phone });
      assert.equal(bad.status, 400, phone);
      assert.match(bad.text, /Số điện thoại cơ quan không hợp lệ|Số điện thoại không quá 20 ký tự|ký tự không hợp lệ/, phone);
      assert.match(bad.text, /value="Phạm Quốc Thắng Sửa"/, phone);
      const u = await t.db('users').where({ id: user.id }).first();
      assert.deepEqual([u.full_name, u.phone], ['Phạm Quốc Thắng', ''], phone);
    }
    const newBad = await post('/quan-tri/can-bo/moi', { username: 'so.sai', full_name: 'Số Sai', role: 'clerk', agency_id: tranBien, phone: '0999', password: 'mat-khau-ban-dau', password_confirm: 'mat-khau-ban-dau' });
    assert.equal(newBad.status, 400);
    assert.match(newBad.text, /Số điện thoại cơ quan không hợp lệ/);
    assert.match(newBad.text, /value="0999"/);
    assert.equal(await count(t, 'users', { username: 'so.sai' }), 0);
  });

  test('Mẫu 02 prints the officer who requested the supplement and their work phone; the unit hotline when they have none', async () => {
    const tranBien = await agencyId(t.db, TRAN_BIEN);
    const officerId = await createStaff(t.db, 'huong.dan', 'officer', TRAN_BIEN, 'Lý Thị Hướng Dẫn');
    await post(`/quan-tri/can-bo/${officerId}`, { full_name: 'Lý Thị Hướng Dẫn', role: 'officer', agency_id: String(tranBien), phone: '0251 3822 151' }).expect(303);
    const clerk = await signIn(t.http, 'clerk');
    const officer = await signIn(t.http, 'huong.dan');
    const version = async (id: number) => String((await t.db('dossiers').where({ id }).first('version')).version);
    const act = async (who: typeof clerk, id: number, action: string, fields: Record<string, string>) =>
      who.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: who.csrf, action, version: await version(id), ...fields });
    const form = { ...certifiedCopyForm(), doc_3_received: 'on', doc_4_received: 'on' };
    const received = await clerk.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: clerk.csrf }).expect(303);
    const id = dossierIdFromRedirect(received.headers.location);
    // The dossier waits in the ward's queue; the officer takes it, then asks for a supplement.
    assert.equal((await act(officer, id, 'take', {})).status, 303);
    // Since issue 13 the one request carries its specific reason beside the list.
    const requested = await act(officer, id, 'request_supplement', { note: 'Bản sao giấy chứng nhận quyền sử dụng đất', reason: 'Thiếu bản sao giấy chứng nhận quyền sử dụng đất' });
    assert.equal(requested.status, 303, requested.text);

    const fetchForm = async () => pdfText((await clerk.agent.get(`/ho-so/${id}/phieu-yeu-cau-bo-sung.pdf`).buffer(true).parse(binaryParser).expect(200)).body).replace(/\s+/g, ' ');
    const text = await fetchForm();
    assert.match(text, /Cán bộ hướng dẫn: Lý Thị Hướng Dẫn, điện thoại 0251 3822 151/);
    assert.match(text, /Bản sao giấy chứng nhận quyền sử dụng đất/);

    // Without a work phone: the receiving unit's hotline, marked as such.
    await post(`/quan-tri/can-bo/${officerId}`, { full_name: 'Lý Thị Hướng Dẫn', role: 'officer', agency_id: String(tranBien), phone: '' }).expect(303);
    const hotline = (await t.db('agencies').where({ id: tranBien }).first('hotline')).hotline;
    assert.ok(hotline);
    assert.ok((await fetchForm()).includes(`Cán bộ hướng dẫn: Lý Thị Hướng Dẫn, điện thoại ${hotline} (đường dây nóng của đơn vị)`));
  });

  test('deactivation signs the user out at once; reactivation lets them back in', async () => {
    const id = await createStaff(t.db, 'sap.nghi', 'officer', TRAN_BIEN, 'Võ Thị Năm');
    const victim = await signIn(t.http, 'sap.nghi');
    await victim.agent.get('/ho-so').expect(200);
    assert.equal(await count(t, 'sessions', { user_id: id }), 1);

    const res = await post(`/quan-tri/can-bo/${id}/vo-hieu-hoa`, {});
    assert.equal(res.status, 303);
    assert.ok(!(await t.db('users').where({ id }).first()).active);
    assert.equal(await count(t, 'sessions', { user_id: id }), 0);

    const next = await victim.agent.get('/ho-so');
    assert.equal(next.status, 302);
    assert.match(next.headers.location ?? '', /^\/dang-nhap/);
    assert.equal((await login(t.app, 'sap.nghi', 'mat-khau-thu-nghiem')).status, 401);

    const page = await admin.agent.get(res.headers.location ?? '').expect(200);
    assert.match(page.text, /Đã vô hiệu hóa tài khoản/);

    await post(`/quan-tri/can-bo/${id}/kich-hoat`, {}).expect(303);
    assert.equal((await login(t.app, 'sap.nghi', 'mat-khau-thu-nghiem')).status, 303);
  });

  test('an admin cannot deactivate themself', async () => {
    const res = await post(`/quan-tri/can-bo/${adminId}/vo-hieu-hoa`, {});
    assert.equal(res.status, 400);
    assert.match(res.text, /Bạn không thể tự vô hiệu hóa tài khoản của chính mình/);
    assert.ok(Boolean((await t.db('users').where({ id: adminId }).first()).active));
    await admin.agent.get('/quan-tri').expect(200);
  });

  test('reset password: the old one stops working and their sessions end', async () => {
    const id = await createStaff(t.db, 'quen.mat.khau', 'clerk', TRAN_BIEN, 'Hồ Thị Sáu');
    const user = await signIn(t.http, 'quen.mat.khau');

    const short = await post(`/quan-tri/can-bo/${id}/dat-lai-mat-khau`, { password: 'ngan-qua', password_confirm: 'ngan-qua' });
    assert.equal(short.status, 400);
    assert.match(short.text, /Mật khẩu phải có ít nhất 10 ký tự/);
    assert.equal(await count(t, 'sessions', { user_id: id }), 1);

    const res = await post(`/quan-tri/can-bo/${id}/dat-lai-mat-khau`, { password: 'mat-khau-moi-2026', password_confirm: 'mat-khau-moi-2026' });
    assert.equal(res.status, 303);
    assert.equal(await count(t, 'sessions', { user_id: id }), 0);
    assert.equal((await user.agent.get('/ho-so')).status, 302);
    assert.equal((await login(t.app, 'quen.mat.khau', 'mat-khau-thu-nghiem')).status, 401);
    assert.equal((await login(t.app, 'quen.mat.khau', 'mat-khau-moi-2026')).status, 303);

    // An admin resetting their own password keeps the session they are using.
    const self = await post(`/quan-tri/can-bo/${adminId}/dat-lai-mat-khau`, { password: 'quan-tri-moi-2026', password_confirm: 'quan-tri-moi-2026' });
    assert.equal(self.status, 303);
    await admin.agent.get('/quan-tri').expect(200);
    assert.equal((await login(t.app, 'quantri', 'quan-tri-moi-2026')).status, 303);
  });

  test('agencies: the electronic ID is validated and unique', async () => {
    const before = await count(t, 'agencies');
    const form = {
      eid: 'abc def!',
      name: 'Trung tâm Phục vụ hành chính công xã Long Thành',
      governing_body: 'UBND XÃ LONG THÀNH',
      place_name: 'Long Thành',
      kind: 'commune',
      address: '',
      hotline: '',
      active: 'on',
    };
    const bad = await post('/quan-tri/co-quan/moi', form);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Mã định danh chỉ gồm chữ số, chữ in hoa A–Z và dấu chấm/);
    assert.match(bad.text, /value="Trung tâm Phục vụ hành chính công xã Long Thành"/);

    const tooLong = await post('/quan-tri/co-quan/moi', { ...form, eid: '0'.repeat(36) });
    assert.equal(tooLong.status, 400);

    const dup = await post('/quan-tri/co-quan/moi', { ...form, eid: TRAN_BIEN });
    assert.equal(dup.status, 400);
    assert.match(dup.text, /Mã định danh 000\.31\.01\.H26 đã được dùng cho một cơ quan khác/);

    const missing = await post('/quan-tri/co-quan/moi', { ...form, eid: '000.31.09.H26', kind: 'ministry', governing_body: ' ' });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /Chọn loại cơ quan/);
    assert.match(missing.text, /Nhập cơ quan chủ quản/);
    assert.equal(await count(t, 'agencies'), before);

    const ok = await post('/quan-tri/co-quan/moi', { ...form, eid: ' 000.31.09.h26 ' });
    assert.equal(ok.status, 303);
    const created = await t.db('agencies').where({ eid: '000.31.09.H26' }).first();
    assert.equal(created.name, form.name);
    assert.equal(created.kind, 'commune');

    // Editing: another agency's eid is refused; its own is fine.
    const clash = await post(`/quan-tri/co-quan/${created.id}`, { ...form, eid: TAM_HIEP });
    assert.equal(clash.status, 400);
    const edit = await post(`/quan-tri/co-quan/${created.id}`, { ...form, eid: '000.31.09.H26', hotline: '0251 3 500 500', active: '' });
    assert.equal(edit.status, 303);
    const edited = await t.db('agencies').where({ id: created.id }).first();
    assert.equal(edited.hotline, '0251 3 500 500');
    assert.ok(!edited.active);
  });

  test('procedures: edit with validation, documents and receiving agencies', async () => {
    const p = await t.db('procedures').where({ code: '1.001612' }).first();
    const page = await admin.agent.get(`/quan-tri/thu-tuc/${p.id}`).expect(200);
    assert.match(page.text, /Đăng ký thành lập hộ kinh doanh/);
    const docs = await t.db('procedure_documents').where({ procedure_id: p.id }).orderBy('position');
    const tranBien = await agencyId(t.db, TRAN_BIEN);
    const tamHiep = await agencyId(t.db, TAM_HIEP);

    const form: Record<string, string | string[]> = {
      code: '1.001612',
      name: 'Đăng ký thành lập hộ kinh doanh',
      field: 'Thành lập và hoạt động của hộ kinh doanh',
      processing_unit: 'working_days',
      processing_amount: '0',
      processing_note: '',
      fee_vnd: '150.000',
      fee_note: 'Theo Nghị quyết của HĐND tỉnh',
      result: 'Giấy chứng nhận đăng ký hộ kinh doanh',
      apology_extension_days: '7',
      lead_agency_id: '',
      active: 'on',
      agency_ids: [String(tranBien)],
      doc_count: String(docs.length + 1),
    };
    docs.forEach((d, i) => {
      form[`doc_${i}_name`] = d.name;
      form[`doc_${i}_originals`] = String(d.originals);
      form[`doc_${i}_certified`] = String(d.certified_copies);
      form[`doc_${i}_copies`] = String(d.copies);
      if (d.required) form[`doc_${i}_required`] = 'on';
    });
    form[`doc_1_remove`] = 'on';
    form[`doc_${docs.length}_name`] = 'Bản sao giấy tờ pháp lý của người đại diện';
    form[`doc_${docs.length}_copies`] = '1';
    form[`doc_${docs.length}_required`] = 'on';

    const bad = await post(`/quan-tri/thu-tuc/${p.id}`, { ...form, apology_extension_days: '61', fee_vnd: 'một trăm', doc_0_originals: 'x' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Thời gian giải quyết phải là số nguyên từ 1 đến 365/);
    assert.match(bad.text, /Số ngày gia hạn khi xin lỗi phải là số nguyên từ 0 đến 60/);
    assert.match(bad.text, /Lệ phí phải là số tiền nguyên/);
    assert.match(bad.text, /Giấy tờ thứ 1: số lượng phải là số nguyên từ 0 đến 99/);
    assert.match(bad.text, /value="một trăm"/);
    const unchanged = await t.db('procedures').where({ id: p.id }).first();
    assert.equal(unchanged.fee_vnd, p.fee_vnd);
    assert.equal(await count(t, 'procedure_documents', { procedure_id: p.id }), docs.length);

    const dupCode = await post(`/quan-tri/thu-tuc/${p.id}`, { ...form, processing_amount: '5', code: '1.001193' });
    assert.equal(dupCode.status, 400);
    assert.match(dupCode.text, /Mã thủ tục 1\.001193 đã có trong danh mục/);

    const ok = await post(`/quan-tri/thu-tuc/${p.id}`, { ...form, processing_amount: '5', agency_ids: [String(tranBien), String(tamHiep)] });
    assert.equal(ok.status, 303);
    const saved = await t.db('procedures').where({ id: p.id }).first();
    assert.equal(saved.processing_amount, 5);
    assert.equal(saved.fee_vnd, 150_000);
    assert.equal(saved.apology_extension_days, 7);
    assert.equal(saved.lead_agency_id, null);
    const newDocs = await t.db('procedure_documents').where({ procedure_id: p.id }).orderBy('position');
    assert.deepEqual(
      newDocs.map((d) => d.name),
      [...docs.filter((_, i) => i !== 1).map((d) => d.name), 'Bản sao giấy tờ pháp lý của người đại diện'],
    );
    assert.deepEqual(
      newDocs.map((d) => d.position),
      newDocs.map((_, i) => i + 1),
    );
    const receivers = (await t.db('agency_procedures').where({ procedure_id: p.id }).select('agency_id')).map((r) => r.agency_id).sort();
    assert.deepEqual(receivers, [tranBien, tamHiep].sort());

    const list = await admin.agent.get('/quan-tri/thu-tuc').query({ q: 'ho kinh doanh' }).expect(200);
    assert.match(list.text, /1\.001612/);
    assert.doesNotMatch(list.text, /1\.001193/);
  });

  test('create a procedure', async () => {
    const before = await count(t, 'procedures');
    const res = await post('/quan-tri/thu-tuc/moi', {
      code: '9.100001',
      name: 'Thủ tục tạo bằng biểu mẫu',
      field: 'Thử nghiệm',
      processing_unit: 'same_day',
      processing_amount: '',
      fee_vnd: '',
      fee_note: 'Theo quy định',
      result: 'Văn bản trả lời',
      apology_extension_days: '3',
      lead_agency_id: String(await agencyId(t.db, TU_PHAP)),
      active: 'on',
      agency_ids: String(await agencyId(t.db, CENTRE)),
      doc_count: '2',
      doc_0_name: 'Đơn đề nghị',
      doc_0_originals: '1',
      doc_0_required: 'on',
      doc_1_name: '',
    });
    assert.equal(res.status, 303);
    assert.equal(await count(t, 'procedures'), before + 1);
    const p = await t.db('procedures').where({ code: '9.100001' }).first();
    assert.equal(p.fee_vnd, null);
    assert.equal(p.processing_amount, 0);
    assert.equal(await count(t, 'procedure_documents', { procedure_id: p.id }), 1);
    assert.equal(res.headers.location, `/quan-tri/thu-tuc/${p.id}?ok=tao-thu-tuc`);
  });

  test('CSV import: one existing code updated and one new inserted, in one go', async () => {
    const existing = await t.db('procedures').where({ code: '1.004194' }).first();
    const oldDocs = await t.db('procedure_documents').where({ procedure_id: existing.id }).orderBy('position');
    const csv =
      '\uFEFF' +
      [
        CSV_HEADER,
        `1.004194,Đăng ký tạm trú (cập nhật),"Đăng ký, quản lý cư trú",working_days,2,"15,000",,Thông tin tạm trú được cập nhật,4,,${TRAN_BIEN},"${oldDocs[0].name};Giấy tờ chứng minh chỗ ở hợp pháp (nếu có)"`,
        `9.200001,"Thủ tục mới ""nhập"" từ tệp",Thử nghiệm,trong ngày,,0,Miễn phí,Kết quả,,${TU_PHAP},${TRAN_BIEN};${TAM_HIEP},"Tờ khai;Bản sao giấy tờ,
có xuống dòng"`,
      ].join('\r\n') +
      '\r\n';

    const preview = await post('/quan-tri/thu-tuc/nhap-csv', { csv, action: 'preview' });
    assert.equal(preview.status, 200);
    assert.match(preview.text, /sẽ thêm mới 1 và cập nhật 1 thủ tục/);
    assert.equal(await count(t, 'procedures', { code: '9.200001' }), 0, 'the preview writes nothing');

    // Per procedure, every field that changes, old → new; what the update deletes is named.
    assert.match(preview.text, /<dt>Tên thủ tục<\/dt><dd>Đăng ký tạm trú → Đăng ký tạm trú \(cập nhật\)/);
    assert.match(preview.text, /<dt>Thời gian giải quyết<\/dt><dd>3 ngày làm việc → 2 ngày làm việc/);
    assert.match(preview.text, /Sẽ xóa: [^<]*Trung tâm Phục vụ hành chính công phường Tam Hiệp/, 'a receiving agency dropped');
    // Importing without the confirmation of those deletions writes nothing.
    const unconfirmed = await post('/quan-tri/thu-tuc/nhap-csv', { csv, action: 'import' });
    assert.equal(unconfirmed.status, 422);
    assert.match(unconfirmed.text, /Chưa nhập dữ liệu nào: tệp xóa dữ liệu đang có/);
    assert.equal(await count(t, 'procedures', { code: '9.200001' }), 0);

    const { done } = await importCsv(csv);
    assert.match(done.text, /Thêm mới <strong>1<\/strong> thủ tục, cập nhật <strong>1<\/strong> thủ tục/);

    const updated = await t.db('procedures').where({ id: existing.id }).first();
    assert.equal(updated.name, 'Đăng ký tạm trú (cập nhật)');
    assert.equal(updated.processing_amount, 2);
    assert.equal(updated.fee_vnd, 15_000);
    assert.equal(updated.apology_extension_days, 4);
    assert.equal(updated.processing_note, existing.processing_note, 'no note column: the note is kept');
    const docs = await t.db('procedure_documents').where({ procedure_id: existing.id }).orderBy('position');
    assert.deepEqual(
      docs.map((d) => [d.position, d.name, d.originals, Boolean(d.required)]),
      [
        [1, oldDocs[0].name, oldDocs[0].originals, Boolean(oldDocs[0].required)],
        [2, 'Giấy tờ chứng minh chỗ ở hợp pháp (nếu có)', 1, false],
      ],
    );
    const receivers = await t.db('agency_procedures').where({ procedure_id: existing.id }).select('agency_id');
    assert.deepEqual(
      receivers.map((r) => r.agency_id),
      [await agencyId(t.db, TRAN_BIEN)],
    );

    const created = await t.db('procedures').where({ code: '9.200001' }).first();
    assert.equal(created.name, 'Thủ tục mới "nhập" từ tệp');
    assert.equal(created.processing_unit, 'same_day');
    assert.equal(created.fee_vnd, 0);
    assert.equal(created.apology_extension_days, 5);
    assert.equal(created.lead_agency_id, await agencyId(t.db, TU_PHAP));
    assert.ok(Boolean(created.active));
    const createdDocs = await t.db('procedure_documents').where({ procedure_id: created.id }).orderBy('position');
    assert.deepEqual(
      createdDocs.map((d) => d.name),
      ['Tờ khai', 'Bản sao giấy tờ, có xuống dòng'],
    );
    assert.equal(await count(t, 'agency_procedures', { procedure_id: created.id }), 2);
  });

  test('issue 20 #5: an empty thanh_phan_ho_so keeps the documents; "(xóa)" needs the second confirmation', async () => {
    const p = await t.db('procedures').where({ code: '1.001193' }).first();
    const docs = async () => (await t.db('procedure_documents').where({ procedure_id: p.id }).orderBy('position')).map((d) => d.name);
    const stored = await docs();
    assert.ok(stored.length > 1);
    const receivers = await count(t, 'agency_procedures', { procedure_id: p.id });
    const header = 'ma_thu_tuc,ten_thu_tuc,linh_vuc,don_vi_thoi_gian,thoi_gian_giai_quyet,le_phi_vnd,ghi_chu_le_phi,ket_qua,so_ngay_gia_han,co_quan_chu_tri,co_quan_tiep_nhan,thanh_phan_ho_so';
    const line = (docsCell: string) => `1.001193,${p.name},${p.field},${p.processing_unit},${p.processing_unit === 'same_day' ? '' : p.processing_amount},,,${p.result},${p.apology_extension_days},,,${docsCell}`;
    const { preview, done } = await importCsv(`${header}\n${line('')}`);
    assert.match(preview.text, /sẽ thêm mới 0 và cập nhật 0 thủ tục; 1 thủ tục không thay đổi/);
    assert.doesNotMatch(preview.text, /Sẽ xóa/);
    assert.match(done.text, /<strong>1<\/strong> thủ tục không thay đổi/);
    assert.deepEqual(await docs(), stored, 'the documents are kept');
    assert.equal(await count(t, 'agency_procedures', { procedure_id: p.id }), receivers, 'the receiving agencies are kept');

    // The clear marker deletes, only after the confirmation given on the preview of exactly that deletion.
    const clear = `${header}\n${line('(xóa)')}`;
    const asked = await post('/quan-tri/thu-tuc/nhap-csv', { csv: clear, action: 'preview' });
    for (const name of stored) assert.ok(asked.text.includes(name), name);
    assert.match(asked.text, /Sẽ xóa:/);
    assert.equal((await post('/quan-tri/thu-tuc/nhap-csv', { csv: clear, action: 'import', xac_nhan_xoa: 'khong-dung' })).status, 422);
    assert.deepEqual(await docs(), stored);
    await importCsv(clear);
    assert.deepEqual(await docs(), []);
  });

  test('CSV import with one bad row writes nothing and names the line', async () => {
    const before = await t.db('procedures').where({ code: '1.001193' }).first();
    const counts = [await count(t, 'procedures'), await count(t, 'procedure_documents'), await count(t, 'agency_procedures')];
    const csv = [
      CSV_HEADER,
      `1.001193,Đăng ký khai sinh (sửa),Hộ tịch,same_day,,0,,Giấy khai sinh,5,,${TRAN_BIEN},Tờ khai`,
      `9.300001,Thủ tục lỗi,Thử nghiệm,working_days,400,100000,,Kết quả,5,,${TRAN_BIEN},Tờ khai`,
      `9.300002,Thủ tục đúng,Thử nghiệm,working_days,4,100000,,Kết quả,5,,${TRAN_BIEN},Tờ khai`,
    ].join('\n');
    const res = await post('/quan-tri/thu-tuc/nhap-csv', { csv, action: 'import' });
    assert.equal(res.status, 400);
    assert.match(res.text, /Chưa nhập dữ liệu nào/);
    assert.match(res.text, /Dòng 3: Thời gian giải quyết phải là số nguyên từ 1 đến 365/);
    assert.doesNotMatch(res.text, /Dòng 2:/);
    assert.match(res.text, /9\.300002/, 'the pasted text is kept for correction');
    const after = await t.db('procedures').where({ code: '1.001193' }).first();
    assert.equal(after.name, before.name);
    assert.deepEqual([await count(t, 'procedures'), await count(t, 'procedure_documents'), await count(t, 'agency_procedures')], counts);
    assert.equal(await count(t, 'procedures', { code: '9.300002' }), 0);

    // Above the import route's 2 MB limit: a plain Vietnamese refusal, not a 500.
    const huge = await post('/quan-tri/thu-tuc/nhap-csv', { csv: `${CSV_HEADER}\n${'9.1,Thủ tục,Lĩnh vực,same_day,,,,Kết quả,,,,\n'.repeat(30000)}`, action: 'import' });
    assert.equal(huge.status, 413);
    assert.match(huge.text, /Dữ liệu gửi lên quá lớn/);

    const garbage = await post('/quan-tri/thu-tuc/nhap-csv', { csv: 'không phải,"csv\n', action: 'import' });
    assert.equal(garbage.status, 400);
    assert.match(garbage.text, /Dòng 1:/);
  });

  const procedureForm = (code: string) => procedureEditForm(t.db, code);

  const storedSteps = async (procedureId: number) =>
    (await t.db('procedure_steps').where({ procedure_id: procedureId }).orderBy('position')).map((s) => [s.position, s.name, s.agency_id, s.amount, s.unit]);

  test('issue 13: the supplement clock, the Decree 63/2024 option and the internal process on the procedure form', async () => {
    const { id, form } = await procedureForm('1.004222'); // Đăng ký thường trú, 7 working days
    const tranBien = await agencyId(t.db, TRAN_BIEN);
    const page = await admin.agent.get(`/quan-tri/thu-tuc/${id}`).expect(200);
    assert.match(page.text, /Thời hạn sau khi bổ sung hồ sơ/);
    assert.match(page.text, /<input type="radio" id="supplement_clock_restart" name="supplement_clock" value="restart" checked>/, 'restart is the default');
    assert.match(page.text, /Tính tiếp thời gian còn lại/);
    assert.match(page.text, /Áp dụng Nghị định 63\/2024 \(nhận sau 15 giờ tính từ ngày làm việc tiếp theo\)/);
    assert.doesNotMatch(page.text, /id="next_day_after_cutoff"[^>]*checked/);
    assert.match(page.text, /Quy trình nội bộ/);
    assert.match(page.text, /name="step_count" value="3"/, 'three blank step rows');

    // Without JavaScript: "Thêm dòng quy trình" gives three more rows and keeps what was typed; nothing is saved.
    const more = await post(`/quan-tri/thu-tuc/${id}`, { ...form, step_count: '3', step_0_name: 'Tiếp nhận', step_0_amount: '4', step_0_unit: 'working_hours', action: 'more_steps' });
    assert.equal(more.status, 200);
    assert.match(more.text, /name="step_count" value="6"/);
    assert.match(more.text, /name="step_0_name" value="Tiếp nhận"/);
    assert.match(more.text, /id="step_5_name"/);
    assert.equal(await count(t, 'procedure_steps', { procedure_id: id }), 0);

    const steps = {
      step_count: '5',
      step_0_name: 'Tiếp nhận, chuyển hồ sơ',
      step_0_agency_id: String(tranBien),
      step_0_amount: '4',
      step_0_unit: 'working_hours',
      step_1_name: 'Bước bỏ đi',
      step_1_amount: '1',
      step_1_unit: 'working_days',
      step_1_remove: 'on',
      step_2_name: 'Thẩm định, xác minh',
      step_2_agency_id: '',
      step_2_amount: '5',
      step_2_unit: 'working_days',
      step_3_name: '  Ký duyệt  ',
      step_3_agency_id: String(tranBien),
      step_3_amount: '12',
      step_3_unit: 'working_hours',
      step_4_name: '',
      step_4_amount: '',
      step_4_unit: 'working_days',
    };

    // 4 h + 5 days + 12 h + 1 day = 64 working hours = 8 days, over the statutory 7: refused, nothing written.
    const over = await post(`/quan-tri/thu-tuc/${id}`, { ...form, ...steps, step_4_name: 'Trả kết quả', step_4_amount: '1', supplement_clock: 'resume' });
    assert.equal(over.status, 400);
    assert.match(over.text, /Tổng thời gian các bước \(8 ngày làm việc\) vượt thời gian giải quyết của thủ tục \(7 ngày làm việc\)/);
    assert.match(over.text, /name="step_4_name" value="Trả kết quả"/, 'what was typed is kept');
    assert.match(over.text, /id="supplement_clock_resume" name="supplement_clock" value="resume" checked/);
    assert.equal(await count(t, 'procedure_steps', { procedure_id: id }), 0);
    assert.equal((await t.db('procedures').where({ id }).first()).supplement_clock, 'restart');

    // Row by row messages next to the fields.
    const bad = await post(`/quan-tri/thu-tuc/${id}`, {
      ...form,
      step_count: '4',
      step_0_name: '',
      step_0_amount: '3',
      step_0_unit: 'working_hours',
      step_1_name: 'Không có thời gian',
      step_1_amount: '',
      step_1_unit: 'working_days',
      step_2_name: 'Quá dài',
      step_2_amount: '366',
      step_2_unit: 'working_days',
      step_3_name: 'Đơn vị lạ',
      step_3_amount: '2',
      step_3_unit: 'weeks',
      step_3_agency_id: 'abc',
    });
    assert.equal(bad.status, 400);
    for (const m of [
      /Bước thứ 1: nhập tên bước/,
      /Bước thứ 2: nhập thời gian thực hiện/,
      /Bước thứ 3: thời gian phải là số nguyên từ 1 đến 365 ngày làm việc/,
      /Bước thứ 4: chọn giờ làm việc hoặc ngày làm việc/,
      /Bước thứ 4: chọn cơ quan, phòng thực hiện/,
    ]) {
      assert.match(bad.text, m);
    }
    const ghost = await post(`/quan-tri/thu-tuc/${id}`, { ...form, ...steps, step_0_agency_id: '999999' });
    assert.equal(ghost.status, 400);
    assert.match(ghost.text, /Bước thứ 1: cơ quan, phòng thực hiện không tồn tại/);
    assert.equal(await count(t, 'procedure_steps', { procedure_id: id }), 0);

    // 4 h + 5 days + 12 h = 56 working hours = the 7 days exactly: fits. Saved in the order of the rows, the removed and blank ones left out.
    const ok = await post(`/quan-tri/thu-tuc/${id}`, { ...form, ...steps, supplement_clock: 'resume', next_day_after_cutoff: 'on' });
    assert.equal(ok.status, 303, ok.text);
    const saved = await t.db('procedures').where({ id }).first();
    assert.equal(saved.supplement_clock, 'resume');
    assert.equal(Boolean(saved.next_day_after_cutoff), true);
    assert.deepEqual(await storedSteps(id), [
      [1, 'Tiếp nhận, chuyển hồ sơ', tranBien, 4, 'working_hours'],
      [2, 'Thẩm định, xác minh', null, 5, 'working_days'],
      [3, 'Ký duyệt', tranBien, 12, 'working_hours'],
    ]);
    const again = await admin.agent.get(`/quan-tri/thu-tuc/${id}`).expect(200);
    assert.match(again.text, /id="supplement_clock_resume" name="supplement_clock" value="resume" checked/);
    assert.match(again.text, /id="next_day_after_cutoff" name="next_day_after_cutoff" value="on" aria-describedby="next_day_after_cutoff-hint" checked/);
    assert.match(again.text, /name="step_count" value="6"/);
    assert.match(again.text, /name="step_2_name" value="Ký duyệt"/);
    const list = await admin.agent.get('/quan-tri/thu-tuc').query({ q: '1.004222' }).expect(200);
    assert.match(list.text, /3 bước/);

    // Saved without the option and without steps (an older form: no supplement_clock sent): the defaults.
    const plain = await post(`/quan-tri/thu-tuc/${id}`, { ...form, step_count: '0' });
    assert.equal(plain.status, 303);
    const reset = await t.db('procedures').where({ id }).first();
    assert.deepEqual([reset.supplement_clock, Boolean(reset.next_day_after_cutoff)], ['restart', false]);
    assert.equal(await count(t, 'procedure_steps', { procedure_id: id }), 0);
  });

  test('issue 13: the CSV import takes the supplement clock, the Decree 63/2024 option and the internal process', async () => {
    const tranBien = await agencyId(t.db, TRAN_BIEN);
    const header = `${CSV_HEADER},supplement_clock,next_day_after_cutoff,steps`;
    const row = (code: string, amount: string, clock: string, nd63: string, steps: string) =>
      `${code},Tách hộ,"Đăng ký, quản lý cư trú",working_days,${amount},10000,,Thông tin hộ gia đình được cập nhật,5,,${TRAN_BIEN},Tờ khai,${clock},${nd63},"${steps}"`;

    const bad = await post('/quan-tri/thu-tuc/nhap-csv', {
      csv: [
        header,
        row('1.010038', '5', 'tính tiếp', 'có', `Tiếp nhận|${TRAN_BIEN}|4h; Thẩm định||2 ngày`),
        row('9.400001', '5', 'mai tính', 'có lẽ', 'Tiếp nhận|000.99.99.H26|4h; |2 ngày; Thẩm định|2 tuần; a|b|c|d'),
        row('9.400002', '1', '', '', 'Thẩm định||1 ngày; Ký duyệt||1h'),
      ].join('\n'),
      action: 'preview',
    });
    assert.equal(bad.status, 400);
    assert.doesNotMatch(bad.text, /Dòng 2:/);
    for (const m of [
      /Dòng 3: Cột thoi_han_sau_bo_sung: &#34;mai tính&#34; không hợp lệ/,
      /Dòng 3: Cột ap_dung_nd63: &#34;có lẽ&#34; không hợp lệ/,
      /Dòng 3: Cột quy_trinh, bước 1 \(Tiếp nhận\): không có cơ quan, phòng mang mã định danh 000\.99\.99\.H26/,
      /Dòng 3: Cột quy_trinh, bước 2: thiếu tên bước/,
      /Dòng 3: Cột quy_trinh, bước 3 \(Thẩm định\): thời gian &#34;2 tuần&#34; không hợp lệ/,
      /Dòng 3: Cột quy_trinh, bước 4 \(&#34;a\|b\|c\|d&#34;\): viết &#34;Tên bước\|mã cơ quan\|thời gian&#34;/,
      /Dòng 4: Cột quy_trinh: Tổng thời gian các bước \(1 ngày 1 giờ làm việc\) vượt thời gian giải quyết của thủ tục \(1 ngày làm việc\)/,
    ]) {
      assert.match(bad.text, m);
    }

    const csv = [header, row('1.010038', '5', 'tính tiếp', 'có', `Tiếp nhận|${TRAN_BIEN}|4h; Thẩm định||2 ngày; Ký duyệt|${TRAN_BIEN}|8 giờ làm việc`)].join('\n');
    await importCsv(csv);
    const p = await t.db('procedures').where({ code: '1.010038' }).first();
    assert.deepEqual([p.supplement_clock, Boolean(p.next_day_after_cutoff)], ['resume', true]);
    assert.deepEqual(await storedSteps(p.id), [
      [1, 'Tiếp nhận', tranBien, 4, 'working_hours'],
      [2, 'Thẩm định', null, 2, 'working_days'],
      [3, 'Ký duyệt', tranBien, 8, 'working_hours'],
    ]);

    // A file without these columns keeps them…
    const keep = `${CSV_HEADER}\n1.010038,Tách hộ,"Đăng ký, quản lý cư trú",working_days,4,10000,,Thông tin hộ gia đình được cập nhật,5,,${TRAN_BIEN},Tờ khai`;
    await importCsv(keep);
    const kept = await t.db('procedures').where({ code: '1.010038' }).first();
    assert.deepEqual([kept.processing_amount, kept.supplement_clock, Boolean(kept.next_day_after_cutoff)], [4, 'resume', true]);
    assert.equal((await storedSteps(p.id)).length, 3);
    // …but the kept steps (4 h + 2 days + 8 h = 3 days 4 h) must still fit a shorter statutory time.
    const shorter = await post('/quan-tri/thu-tuc/nhap-csv', { csv: keep.replace(',working_days,4,', ',working_days,3,'), action: 'import' });
    assert.equal(shorter.status, 400);
    assert.match(shorter.text, /Dòng 2: Quy trình nội bộ đã có của thủ tục 1\.010038: Tổng thời gian các bước \(3 ngày 4 giờ làm việc\) vượt thời gian giải quyết của thủ tục \(3 ngày làm việc\)/);
    assert.equal((await t.db('procedures').where({ code: '1.010038' }).first()).processing_amount, 4);

    // A blank process cell keeps the steps; "(xóa)" clears them; a blank clock is the default (restart).
    await importCsv([header, row('1.010038', '5', '', '0', '')].join('\n'));
    assert.equal((await storedSteps(p.id)).length, 3);
    await importCsv([header, row('1.010038', '5', '', '0', '(xóa)')].join('\n'));
    const cleared = await t.db('procedures').where({ code: '1.010038' }).first();
    assert.deepEqual([cleared.supplement_clock, Boolean(cleared.next_day_after_cutoff)], ['restart', false]);
    assert.equal((await storedSteps(p.id)).length, 0);

    // The import page documents the columns.
    const help = await admin.agent.get('/quan-tri/thu-tuc/nhap-csv').expect(200);
    for (const s of ['thoi_han_sau_bo_sung', 'ap_dung_nd63', 'quy_trinh', 'Tên bước|mã định danh cơ quan, phòng thực hiện|thời gian']) assert.ok(help.text.includes(s), s);
  });

  test('issue 13: a staff member\'s job title ("Chức vụ") in the forms, the list and the account page', async () => {
    const tranBien = String(await agencyId(t.db, TRAN_BIEN));
    const created = await post('/quan-tri/can-bo/moi', {
      username: 'chu.tich',
      full_name: 'Hoàng Văn Lộc',
      job_title: '  Chủ tịch   UBND phường ',
      role: 'supervisor',
      agency_id: tranBien,
      password: 'mat-khau-ban-dau',
      password_confirm: 'mat-khau-ban-dau',
    });
    assert.equal(created.status, 303);
    const u = await t.db('users').where({ username: 'chu.tich' }).first();
    assert.equal(u.job_title, 'Chủ tịch UBND phường');
    const list = await admin.agent.get('/quan-tri/can-bo').expect(200);
    assert.match(list.text, /<th scope="col">Chức vụ<\/th>/);
    assert.match(list.text, /<td>Chủ tịch UBND phường<\/td>/);
    const page = await admin.agent.get(`/quan-tri/can-bo/${u.id}`).expect(200);
    assert.match(page.text, /<dt>Chức vụ<\/dt><dd>Chủ tịch UBND phường<\/dd>/);
    assert.match(page.text, /name="job_title"[^>]*value="Chủ tịch UBND phường"|value="Chủ tịch UBND phường"[^>]*name="job_title"/);

    const tooLong = await post(`/quan-tri/can-bo/${u.id}`, { full_name: 'Hoàng Văn Lộc', job_title: 'G'.repeat(201), role: 'supervisor', agency_id: tranBien });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.text, /Chức vụ không quá 200 ký tự/);
    const control = await post(`/quan-tri/can-bo/${u.id}`, { full_name: 'Hoàng Văn Lộc', job_title: 'Giám\u0000đốc', role: 'supervisor', agency_id: tranBien });
    assert.equal(control.status, 400);
    assert.equal((await t.db('users').where({ id: u.id }).first()).job_title, 'Chủ tịch UBND phường');

    await post(`/quan-tri/can-bo/${u.id}`, { full_name: 'Hoàng Văn Lộc', job_title: 'Phó Chủ tịch UBND phường', role: 'supervisor', agency_id: tranBien }).expect(303);
    assert.equal((await t.db('users').where({ id: u.id }).first()).job_title, 'Phó Chủ tịch UBND phường');
    // Optional: cleared when left blank ('' in the column).
    await post(`/quan-tri/can-bo/${u.id}`, { full_name: 'Hoàng Văn Lộc', job_title: '', role: 'supervisor', agency_id: tranBien }).expect(303);
    assert.equal((await t.db('users').where({ id: u.id }).first()).job_title, '');
    assert.match((await admin.agent.get(`/quan-tri/can-bo/${u.id}`).expect(200)).text, /<dt>Chức vụ<\/dt><dd>Chưa có<\/dd>/);
  });

  test('the holiday calendar lists a year with Vietnamese kind labels and provisional days', async () => {
    const y2026 = await admin.agent.get('/quan-tri/lich-nghi').query({ nam: '2026' }).expect(200);
    for (const label of ['Ngày lễ', 'Nghỉ bù', 'Nghỉ hoán đổi', 'Làm bù']) assert.match(y2026.text, new RegExp(`<td>${label}</td>`));
    const y2027 = await admin.agent.get('/quan-tri/lich-nghi').query({ nam: '2027' }).expect(200);
    assert.match(y2027.text, /Tạm tính/);

    const confirm = await postFollowed('/quan-tri/lich-nghi/2027-01-01/xac-nhan', {});
    assert.match(confirm.text, /Đã xác nhận ngày 2027-01-01/);
    assert.ok(!(await t.db('holidays').where({ date: '2027-01-01' }).first()).provisional);

    const weekdayMakeup = await post('/quan-tri/lich-nghi/moi', { date: '2026-12-02', kind: 'makeup_working_day', name: 'Làm bù thử' });
    assert.equal(weekdayMakeup.status, 400);
    assert.match(weekdayMakeup.text, /Ngày làm bù phải là thứ Bảy hoặc Chủ nhật/);
    const notADate = await post('/quan-tri/lich-nghi/moi', { date: '2026-02-30', kind: 'holiday', name: 'Không có thật' });
    assert.equal(notADate.status, 400);
    assert.match(notADate.text, /Ngày không có thật trên lịch/);
    const dup = await post('/quan-tri/lich-nghi/moi', { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh' });
    assert.equal(dup.status, 400);
    assert.match(dup.text, /Ngày này đã có trong lịch/);
    assert.equal((await admin.agent.get('/quan-tri/lich-nghi/2026-13-01')).status, 404);
  });

  test('a new holiday on the due day moves open dossiers by one working day, not finished ones', async () => {
    // 1.010038 Tách hộ: 5 working days; both dossiers received Monday 23/11 09:00.
    const clerk = await signIn(t.http, 'clerk');
    const form = { ...certifiedCopyForm(), doc_3_received: 'on', action: 'confirm', _csrf: clerk.csrf };
    const a = dossierIdFromRedirect((await clerk.agent.post('/tiep-nhan/1.010038/xac-nhan').type('form').send(form).expect(303)).headers.location);
    const b = dossierIdFromRedirect((await clerk.agent.post('/tiep-nhan/1.010038/xac-nhan').type('form').send(form).expect(303)).headers.location);
    const due = vnInstant('2026-11-30', '09:00'); // Monday 30/11, 09:00
    for (const id of [a, b]) assert.equal(new Date((await t.db('dossiers').where({ id }).first()).due_at).getTime(), due.getTime());
    await t.db('dossiers').where({ id: b }).update({ status: 'returned' });
    const [codeA, codeB] = await Promise.all([a, b].map(async (id) => (await t.db('dossiers').where({ id }).first()).code));

    const res = await postFollowed('/quan-tri/lich-nghi/moi', { date: '2026-11-30', kind: 'holiday', name: 'Ngày nghỉ đột xuất (thử nghiệm)' });
    assert.match(res.text, /Đã thêm ngày 2026-11-30/);
    assert.match(res.text, /<strong>1 hồ sơ<\/strong> được tính lại hạn trả kết quả/);
    assert.ok(res.text.includes(codeA));
    assert.ok(!res.text.includes(codeB));

    const da = await t.db('dossiers').where({ id: a }).first();
    assert.equal(new Date(da.due_at).getTime(), vnInstant('2026-12-01', '09:00').getTime());
    assert.equal(new Date(da.original_due_at).getTime(), due.getTime(), 'the original appointment is kept');
    const events = await t.db('dossier_events').where({ dossier_id: a, type: 'appointment_recomputed' });
    assert.equal(events.length, 1);
    assert.equal(events[0].actor_id, adminId);
    assert.match(events[0].note, /Cập nhật lịch nghỉ lễ/);

    const finished = await t.db('dossiers').where({ id: b }).first();
    assert.equal(new Date(finished.due_at).getTime(), due.getTime());
    assert.equal(await count(t, 'dossier_events', { dossier_id: b, type: 'appointment_recomputed' }), 0);

    // Editing it into a make-up day is refused (a Monday); deleting it moves the appointment back.
    const edit = await post('/quan-tri/lich-nghi/2026-11-30', { kind: 'makeup_working_day', name: 'x' });
    assert.equal(edit.status, 400);
    const del = await postFollowed('/quan-tri/lich-nghi/2026-11-30/xoa', {});
    assert.match(del.text, /Đã xóa ngày 2026-11-30/);
    const back = await t.db('dossiers').where({ id: a }).first();
    assert.equal(new Date(back.due_at).getTime(), due.getTime());
    assert.equal(await count(t, 'dossier_events', { dossier_id: a, type: 'appointment_recomputed' }), 2);
    assert.equal(await count(t, 'holidays', { date: '2026-11-30' }), 0);
  });
  test('odd or missing input never gives a 500 or a half-written record', async () => {
    const p = await t.db('procedures').where({ code: '2.000884' }).first();
    const u = await createStaff(t.db, 'la.lung', 'clerk', TRAN_BIEN);
    const before = await Promise.all(['users', 'agencies', 'procedures', 'procedure_documents', 'agency_procedures', 'procedure_steps', 'holidays'].map((x) => count(t, x)));
    const urls = [
      '/quan-tri/can-bo/moi',
      `/quan-tri/can-bo/${u}`,
      `/quan-tri/can-bo/${u}/dat-lai-mat-khau`,
      '/quan-tri/co-quan/moi',
      '/quan-tri/co-quan/1',
      '/quan-tri/thu-tuc/moi',
      `/quan-tri/thu-tuc/${p.id}`,
      '/quan-tri/thu-tuc/nhap-csv',
      '/quan-tri/lich-nghi/moi',
      '/quan-tri/lich-nghi/2026-09-02',
    ];
    const bodies: Array<Record<string, string | string[]>> = [
      {},
      { username: ['a', 'b'], full_name: ['x', 'y'], role: ['admin', 'clerk'], agency_id: '1e3', password: ['p'], date: ['2026-01-01'], kind: 'x', csv: ['a', 'b'] },
      { doc_count: '999999', doc_0_name: 'x'.repeat(600), processing_unit: 'working_days', processing_amount: '99999999999', fee_vnd: '999999999999', agency_ids: ['1', 'abc', '99999'], lead_agency_id: '-1' },
      { eid: '.'.repeat(40), date: '0000-00-00', kind: 'holiday', name: ' ', csv: '"' },
      { step_count: '99999', step_0_name: ['a', 'b'], step_0_amount: '1e9', step_0_unit: ['working_hours'], step_0_agency_id: '2147483648', supplement_clock: ['resume', 'x'], next_day_after_cutoff: ['on'], job_title: ['a', 'b'] },
    ];
    for (const url of urls) {
      for (const body of bodies) {
        const res = await post(url, body);
        assert.ok(res.status < 500, `${url} ${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
        assert.doesNotMatch(res.text, /Hệ thống gặp sự cố/);
      }
    }
    const after = await Promise.all(['users', 'agencies', 'procedures', 'procedure_documents', 'agency_procedures', 'procedure_steps', 'holidays'].map((x) => count(t, x)));
    assert.deepEqual(after, before);
  });
  test('the import body parser (for app.ts to mount on the import path) takes up to 2 MB, for a signed-in administrator only', async () => {
    const app = express();
    app.use((req, _res, next) => {
      if (req.headers['x-role']) req.staff = { role: String(req.headers['x-role']) } as NonNullable<typeof req.staff>;
      next();
    });
    app.use('/nhap', procedureImportBodyParser());
    app.use(express.urlencoded({ extended: false, limit: '100kb' }));
    app.post('/nhap', (req, res) => {
      res.json({ length: String(req.body.csv).length, max: res.locals.importMaxEncodedBytes });
    });
    app.use((err: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(err.status ?? 500).json({ refused: true });
    });
    const csv = `${CSV_HEADER}\r\n${'1.001612,Đăng ký thành lập hộ kinh doanh,Hộ kinh doanh,working_days,3,,,Giấy chứng nhận,5,,,Tờ khai\r\n'.repeat(3000)}`;
    const res = await request(app).post('/nhap').set('x-role', 'admin').type('form').send({ csv }).expect(200);
    assert.equal(res.body.length, csv.length);
    assert.ok(res.body.max > 1_000_000);
    // Anyone else (anonymous, or staff of another role) meets the shared 100 kB limit.
    assert.equal((await request(app).post('/nhap').type('form').send({ csv })).status, 413);
    assert.equal((await request(app).post('/nhap').set('x-role', 'supervisor').type('form').send({ csv })).status, 413);
  });

  test('issue 11 #10: an anonymous 2 MB POST to the import URL is refused without the big body being parsed', async () => {
    const before = await count(t, 'procedures');
    const big = `${CSV_HEADER}\n${'9.1,Thủ tục,Lĩnh vực,same_day,,,,Kết quả,,,,\n'.repeat(40000)}`.slice(0, 1_900_000);
    const started = Date.now();
    const anonymous = await request(t.http).post('/quan-tri/thu-tuc/nhap-csv').type('form').send({ csv: big, action: 'import' });
    assert.equal(anonymous.status, 413, 'the 100 kB default limit applies before sign-in');
    assert.doesNotMatch(anonymous.text, /Hệ thống gặp sự cố/);
    assert.ok(Date.now() - started < 5000);
    // A small anonymous POST: refused by the admin guard (CSRF first), nothing written.
    const small = await request(t.http).post('/quan-tri/thu-tuc/nhap-csv').type('form').send({ csv: CSV_HEADER, action: 'import' });
    assert.ok([401, 403].includes(small.status), String(small.status));
    // A signed-in clerk gets the 100 kB limit too.
    const clerk = await signIn(t.http, 'clerk');
    const clerkBig = await clerk.agent.post('/quan-tri/thu-tuc/nhap-csv').type('form').send({ csv: big, action: 'import', _csrf: clerk.csrf });
    assert.equal(clerkBig.status, 413);
    assert.equal(await count(t, 'procedures'), before);
  });

  test('issue 11 #3: NUL and control characters in admin forms are a 400 with a Vietnamese message, nothing written', async () => {
    const tables = ['users', 'agencies', 'procedures', 'procedure_documents', 'agency_procedures', 'procedure_steps', 'holidays'];
    const before = await Promise.all(tables.map((x) => count(t, x)));
    const centre = await agencyId(t.db, CENTRE);
    const cases: Array<[string, Record<string, string>]> = [
      ['/quan-tri/can-bo/moi', { username: 'nul.user', full_name: 'Nguyễn\u0000Văn A', role: 'clerk', agency_id: String(centre), email: '', password: 'mat-khau-rat-dai-1', password_confirm: 'mat-khau-rat-dai-1' }],
      ['/quan-tri/can-bo/moi', { username: 'nul.user2', full_name: 'Nguyễn Văn B', role: 'clerk', agency_id: String(centre), email: 'a\u0000@b.vn', password: 'mat-khau-rat-dai-1', password_confirm: 'mat-khau-rat-dai-1' }],
      ['/quan-tri/can-bo/moi', { username: 'nul.user3', full_name: 'Nguyễn Văn C', role: 'clerk', agency_id: '9999999999', email: '', password: 'mat-khau-rat-dai-1', password_confirm: 'mat-khau-rat-dai-1' }],
      ['/quan-tri/co-quan/moi', { eid: '000.00.99.H26', name: 'Cơ quan\u0000thử', governing_body: 'UBND TỈNH ĐỒNG NAI', place_name: 'Đồng Nai', kind: 'department', address: '', hotline: '' }],
      ['/quan-tri/co-quan/moi', { eid: '000.00.98.H26', name: 'Cơ quan thử', governing_body: 'UBND TỈNH ĐỒNG NAI', place_name: 'Đồng Nai', kind: 'department', address: 'Số 1\u0007', hotline: '' }],
      ['/quan-tri/thu-tuc/moi', { code: '9.000001', name: 'Thủ tục\u0000thử', field: 'Thử', processing_unit: 'same_day', processing_amount: '', result: 'Kết quả', apology_extension_days: '5', doc_count: '0' }],
      ['/quan-tri/thu-tuc/moi', { code: '9.000002', name: 'Thủ tục thử', field: 'Thử', processing_unit: 'same_day', processing_amount: '', result: 'Kết quả', apology_extension_days: '5', doc_count: '1', doc_0_name: 'Tờ khai\u0000' }],
      ['/quan-tri/thu-tuc/moi', { code: '9.000003', name: 'Thủ tục thử', field: 'Thử', processing_unit: 'same_day', processing_amount: '', result: 'Kết quả', apology_extension_days: '5', lead_agency_id: '9999999999', doc_count: '0' }],
      ['/quan-tri/thu-tuc/nhap-csv', { csv: `${CSV_HEADER}\n9.1,Thủ tục\u0000,Lĩnh vực,same_day,,,,Kết quả,,,,`, action: 'import' }],
      ['/quan-tri/thu-tuc/moi', { code: '9.000004', name: 'Thủ tục thử', field: 'Thử', processing_unit: 'working_days', processing_amount: '2', result: 'Kết quả', apology_extension_days: '5', doc_count: '0', step_count: '1', step_0_name: 'Thẩm\u0000định', step_0_amount: '1', step_0_unit: 'working_days' }],
      ['/quan-tri/thu-tuc/nhap-csv', { csv: `${CSV_HEADER},steps\n9.2,Thủ tục,Lĩnh vực,working_days,2,,,Kết quả,,,,,Thẩm\u0007định||1 ngày`, action: 'import' }],
      ['/quan-tri/lich-nghi/moi', { date: '2027-03-01', kind: 'holiday', name: 'Ngày\u0000nghỉ' }],
    ];
    for (const [url, body] of cases) {
      const res = await post(url, body);
      assert.equal(res.status, 400, `${url} ${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
      assert.match(res.text, /ký tự không hợp lệ|không hợp lệ|Chọn cơ quan/, url);
    }
    assert.equal((await admin.agent.get('/quan-tri/can-bo/9999999999')).status, 404);
    assert.equal((await admin.agent.get('/quan-tri/thu-tuc/2147483648')).status, 404);
    assert.equal((await post('/quan-tri/co-quan/9999999999', { eid: '000.00.97.H26' })).status, 404);
    assert.deepEqual(await Promise.all(tables.map((x) => count(t, x))), before);
  });
});
