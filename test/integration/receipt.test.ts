import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import type request from 'supertest';
import { binaryParser, buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, listen, pdfText, signIn, type TestApp } from '../helpers/app.js';
import { assertContains, flat, pagesOf, textOf, textOfPage, writePdf } from '../helpers/pdf.js';

describe('receipt PDF (Giấy tiếp nhận hồ sơ và hẹn trả kết quả)', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let dir: string;
  let dossierId: number;
  let pdf: Buffer;

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:05') });
    await createStaff(t.db, 'clerk', 'clerk', '000.31.01.H26', 'Nguyễn Thị Thu Hà');
    server = await listen(t.app);
    // The QR must point at this running server.
    t.config.server.publicBaseUrl = server.baseUrl;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-receipt-'));
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const res = await agent
      .post('/tiep-nhan/2.000815/xac-nhan')
      .type('form')
      .send({ ...certifiedCopyForm({ applicant_email: 'thao.nguyen@example.vn', representative_name: 'Trần Đức Long' }), action: 'confirm', _csrf: csrf })
      .expect(303);
    dossierId = dossierIdFromRedirect(res.headers.location);
    // Printing is a form post (CSRF): the first print.
    const r = await agent.post(`/ho-so/${dossierId}/in-giay-tiep-nhan`).type('form').send({ _csrf: csrf }).redirects(1).buffer(true).parse(binaryParser);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/pdf');
    pdf = r.body as Buffer;
    fs.writeFileSync(path.join(dir, 'receipt.pdf'), pdf);
  });

  after(async () => {
    await server.close();
    await t.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('is one A4 page with the official text, Vietnamese diacritics intact', () => {
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const info = execFileSync('pdfinfo', [path.join(dir, 'receipt.pdf')], { encoding: 'utf8' });
    assert.match(info, /Pages:\s+1\b/);
    assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path.join(dir, 'receipt.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
    const expected = [
      'UBND PHƯỜNG TRẤN BIÊN',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Trấn Biên, ngày 23 tháng 11 năm 2026',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Mã hồ sơ: 000.31.01.H26-261123-0001',
      'Ông/Bà: Nguyễn Thị Thảo',
      'Số định danh cá nhân: 075190001234',
      'Số điện thoại: 0987654321',
      'Thư điện tử: thao.nguyen@example.vn',
      'Người được ủy quyền: Trần Đức Long',
      'Bản chính giấy tờ, văn bản làm cơ sở chứng thực',
      '3. Thời gian giải quyết hồ sơ theo quy định là: Trong ngày làm việc',
      '4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 23 tháng 11 năm 2026',
      '5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 23 tháng 11 năm 2026',
      'Nhận trực tiếp tại Bộ phận Một cửa',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Nguyễn Thị Thu Hà',
    ];
    for (const line of expected) assert.ok(text.includes(line), `missing from the PDF text: ${line}\n---\n${text}`);
  });

  test('embeds its fonts and stays small', () => {
    const fonts = execFileSync('pdffonts', [path.join(dir, 'receipt.pdf')], { encoding: 'utf8' });
    const rows = fonts.split('\n').slice(2).filter(Boolean);
    assert.ok(rows.length >= 2);
    for (const row of rows) assert.match(row, /Tinos/);
    for (const row of rows) assert.match(row, /\byes\s+yes\s+yes\b/, `font not embedded+subset+unicode: ${row}`);
    assert.ok(pdf.length <= 40 * 1024, `receipt is ${pdf.length} bytes`);
  });

  test('its QR, rasterized and decoded, opens the dossier’s status page on the running app', async () => {
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', path.join(dir, 'receipt.pdf'), path.join(dir, 'page')]);
    const decoded = execFileSync('zbarimg', ['--quiet', '--raw', '-Sqrcode.enable', path.join(dir, 'page.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const token = (await t.db('dossiers').where({ id: dossierId }).first('public_token')).public_token;
    assert.equal(decoded, `${server.baseUrl}/s/${token}`);
    // The URL is also printed under the code, for people without a scanner.
    const text = execFileSync('pdftotext', [path.join(dir, 'receipt.pdf'), '-'], { encoding: 'utf8' });
    assert.ok(text.includes(decoded), 'status URL printed under the QR');

    const res = await fetch(decoded);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /000\.31\.01\.H26-261123-0001/);
    assert.match(html, /Đã tiếp nhận/);
    assert.match(html, /17:00, Thứ Hai 23\/11\/2026/);
  });

  test('reprints are allowed, marked and recorded on the dossier', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const reprint = await agent.post(`/ho-so/${dossierId}/in-giay-tiep-nhan`).type('form').send({ _csrf: csrf }).redirects(1).buffer(true).parse(binaryParser).expect(200);
    assert.equal(reprint.headers['content-type'], 'application/pdf');
    assert.ok(pdfText(reprint.body as Buffer).includes('Bản in lại lần 1'), 'the reprint is marked');
    const d = await t.db('dossiers').where({ id: dossierId }).first('receipt_print_count');
    assert.equal(d.receipt_print_count, 2);
    const events = await t.db('dossier_events').where({ dossier_id: dossierId, type: 'receipt_printed' }).orderBy('seq');
    assert.deepEqual(
      events.map((e) => [e.note, Boolean(e.public)]),
      [
        ['In lần đầu', false],
        ['In lại lần 1', false],
      ],
    );
  });

  // Issue 11 #7: a GET (a link, a prefetch, a cross-site navigation) printed the receipt
  // and wrote an audit event. Viewing is now side-effect free; printing is a POST.
  test('viewing the receipt writes nothing; printing is a CSRF-checked post that records one event', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const state = async () => ({
      count: (await t.db('dossiers').where({ id: dossierId }).first('receipt_print_count', 'version')) as { receipt_print_count: number; version: number },
      events: (await t.db('dossier_events').where({ dossier_id: dossierId })).length,
    });
    const before = await state();

    // GET, twice, and from another site: the PDF, the copy as last printed, and nothing written.
    for (const headers of [{}, { Referer: 'https://evil.example/', 'Sec-Fetch-Site': 'cross-site' }]) {
      const view = await agent.get(`/ho-so/${dossierId}/giay-tiep-nhan.pdf`).set(headers).buffer(true).parse(binaryParser).expect(200);
      assert.equal(view.headers['content-type'], 'application/pdf');
      assert.ok(pdfText(view.body as Buffer).includes(`Bản in lại lần ${before.count.receipt_print_count - 1}`), 'the view is the last printed copy');
    }
    assert.deepEqual(await state(), before, 'GET wrote nothing');

    // POST without the CSRF token (a cross-site form): refused, nothing written.
    const forged = await agent.post(`/ho-so/${dossierId}/in-giay-tiep-nhan`).type('form').send({});
    assert.equal(forged.status, 403);
    const wrongToken = await agent.post(`/ho-so/${dossierId}/in-giay-tiep-nhan`).type('form').send({ _csrf: 'x'.repeat(43) });
    assert.equal(wrongToken.status, 403);
    assert.deepEqual(await state(), before, 'a forged post wrote nothing');

    // The real form: exactly one event, one more print.
    const printed = await agent.post(`/ho-so/${dossierId}/in-giay-tiep-nhan`).type('form').send({ _csrf: csrf }).redirects(1).buffer(true).parse(binaryParser).expect(200);
    assert.equal(printed.headers['content-type'], 'application/pdf');
    const after = await state();
    assert.equal(after.count.receipt_print_count, before.count.receipt_print_count + 1);
    assert.equal(after.events, before.events + 1);
    const last = await t.db('dossier_events').where({ dossier_id: dossierId }).orderBy('seq', 'desc').first();
    assert.equal(last.type, 'receipt_printed');
    assert.equal(last.note, `In lại lần ${after.count.receipt_print_count - 1}`);

    // The dossier page and the confirmation page print through the form, not a link.
    for (const url of [`/ho-so/${dossierId}`, `/ho-so/${dossierId}/da-tiep-nhan`]) {
      const page = await agent.get(url).expect(200);
      assert.match(page.text, new RegExp(`<form method="post" action="/ho-so/${dossierId}/in-giay-tiep-nhan"[^>]*>\\s*<input type="hidden" name="_csrf"`), url);
      assert.match(page.text, /In giấy tiếp nhận<\/button>/, url);
    }
    assert.equal((await state()).events, after.events, 'rendering the pages wrote nothing');
  });

  test('a clerk of another agency can neither view nor print the receipt', async () => {
    await createStaff(t.db, 'clerk.other', 'clerk', '000.31.02.H26');
    const { agent, csrf } = await signIn(t.http, 'clerk.other');
    const before = (await t.db('dossier_events').where({ dossier_id: dossierId })).length;
    assert.equal((await agent.get(`/ho-so/${dossierId}/giay-tiep-nhan.pdf`)).status, 403);
    assert.equal((await agent.post(`/ho-so/${dossierId}/in-giay-tiep-nhan`).type('form').send({ _csrf: csrf })).status, 403);
    assert.equal((await t.db('dossier_events').where({ dossier_id: dossierId })).length, before);
  });
});

describe('batch printing of receipts (one PDF, one receipt a page, each print recorded)', () => {
  let t: TestApp;
  let dir: string;
  let clerk: { agent: ReturnType<typeof request.agent>; csrf: string };
  const ids: number[] = [];
  const names = ['Nguyễn Văn Hùng', 'Trần Thị Thảo', 'Lê Minh Đức'];
  let otherId: number;

  const printCount = async (id: number) => Number((await t.db('dossiers').where({ id }).first('receipt_print_count')).receipt_print_count);
  const printEvents = async (id: number) => (await t.db('dossier_events').where({ dossier_id: id, type: 'receipt_printed' }).orderBy('seq')).map((e) => e.note as string);
  const allPrintEvents = async () => Number((await t.db('dossier_events').where({ type: 'receipt_printed' }).count({ n: '*' }))[0]!.n);
  const batch = (body: Record<string, unknown>, agent = clerk.agent) =>
    agent.post('/ho-so/in-giay-tiep-nhan').type('form').send(body).redirects(1).buffer(true).parse(binaryParser);

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '10:00') });
    await createStaff(t.db, 'b.clerk', 'clerk', '000.31.01.H26', 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'b.officer', 'officer', '000.31.01.H26');
    await createStaff(t.db, 'b.supervisor', 'supervisor', '000.31.01.H26');
    await createStaff(t.db, 'b.other', 'clerk', '000.31.02.H26');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-batch-'));
    clerk = await signIn(t.http, 'b.clerk');
    for (const name of names) {
      const res = await clerk.agent
        .post('/tiep-nhan/2.000815/xac-nhan')
        .type('form')
        .send({ ...certifiedCopyForm({ applicant_name: name }), action: 'confirm', _csrf: clerk.csrf })
        .expect(303);
      ids.push(dossierIdFromRedirect(res.headers.location));
    }
    const other = await signIn(t.http, 'b.other');
    const res = await other.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(), action: 'confirm', _csrf: other.csrf }).expect(303);
    otherId = dossierIdFromRedirect(res.headers.location);
  });

  after(async () => {
    await t.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a selection of 3: one A4 PDF of 3 pages, each page one dossier’s receipt with the lookup address', async () => {
    const res = await batch({ _csrf: clerk.csrf, ids: ids.map(String) });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const file = writePdf(dir, 'batch.pdf', res.body as Buffer);
    assert.equal(pagesOf(file), 3);
    const codes = await Promise.all(ids.map(async (id) => (await t.db('dossiers').where({ id }).first('code')).code as string));
    for (let i = 0; i < 3; i++) {
      const page = flat(textOfPage(file, i + 1));
      assertContains(page, ['GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', `Mã hồ sơ: ${codes[i]}`, `Ông/Bà: ${names[i]}`, 'tra cứu bằng mã hồ sơ và số điện thoại', 'http://motcua.test/tra-cuu']);
      for (const [j, other] of codes.entries()) if (j !== i) assert.ok(!page.includes(other), `page ${i + 1} also carries ${other}`);
      assert.ok(!page.includes('ĐÃ HỦY'), 'a live dossier is not marked cancelled');
    }
  });

  test('each receipt of a batch is counted and recorded on its own dossier, as a single print is', async () => {
    for (const id of ids) {
      assert.equal(await printCount(id), 1);
      assert.deepEqual(await printEvents(id), ['In lần đầu']);
    }
    // Again, in another order: reprints, marked on every page.
    const res = await batch({ _csrf: clerk.csrf, ids: [ids[2], ids[0], ids[1]].map(String) });
    assert.equal(res.status, 200);
    const file = writePdf(dir, 'again.pdf', res.body as Buffer);
    assert.equal(pagesOf(file), 3);
    assert.ok(flat(textOfPage(file, 1)).includes(names[2]!), 'the pages follow the order chosen');
    for (let p = 1; p <= 3; p++) assert.ok(textOfPage(file, p).includes('Bản in lại lần 1'), `page ${p} marked as a reprint`);
    for (const id of ids) {
      assert.equal(await printCount(id), 2);
      assert.deepEqual(await printEvents(id), ['In lần đầu', 'In lại lần 1']);
    }
    // The same id twice in one request is one receipt.
    const dup = await batch({ _csrf: clerk.csrf, ids: [String(ids[0]), String(ids[0])] });
    assert.equal(dup.status, 200);
    assert.equal(pagesOf(writePdf(dir, 'dup.pdf', dup.body as Buffer)), 1);
    assert.equal(await printCount(ids[0]!), 3);
  });

  test('another agency’s dossier in the selection: 403, and nothing printed or recorded', async () => {
    const before = await allPrintEvents();
    const counts = await Promise.all(ids.map(printCount));
    const res = await batch({ _csrf: clerk.csrf, ids: [String(ids[0]), String(otherId)] });
    assert.equal(res.status, 403);
    assert.match(res.body.toString('utf8'), /thuộc đơn vị khác/);
    assert.equal(await allPrintEvents(), before);
    assert.deepEqual(await Promise.all(ids.map(printCount)), counts);
    assert.equal(await printCount(otherId), 0);
    // Nor can the other agency print ours.
    const other = await signIn(t.http, 'b.other');
    assert.equal((await batch({ _csrf: other.csrf, ids: [String(ids[1])] }, other.agent)).status, 403);
    assert.equal(await allPrintEvents(), before);
  });

  test('bad requests get a clear 400 and record nothing', async () => {
    const before = await allPrintEvents();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /Chưa chọn hồ sơ nào để in/],
      [{ ids: 'abc' }, /Danh sách hồ sơ cần in không hợp lệ/],
      [{ ids: ['0'] }, /Danh sách hồ sơ cần in không hợp lệ/],
      [{ ids: ['99999999999'] }, /Danh sách hồ sơ cần in không hợp lệ/],
      [{ ids: Array.from({ length: 201 }, (_, i) => String(i + 1)) }, /tối đa 200 giấy tiếp nhận/],
      [{ hom_nay: '2' }, /Chưa chọn hồ sơ nào để in/],
    ];
    for (const [body, message] of cases) {
      const res = await batch({ _csrf: clerk.csrf, ...body });
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
      assert.match(res.body.toString('utf8'), message);
    }
    // A missing dossier: 404, nothing printed (not even the existing one beside it).
    const missing = await batch({ _csrf: clerk.csrf, ids: [String(ids[0]), '999999'] });
    assert.equal(missing.status, 404);
    assert.match(missing.body.toString('utf8'), /Không tìm thấy hồ sơ số 999999/);
    assert.equal(await allPrintEvents(), before);
  });

  test('only clerks and supervisors, only with the CSRF token', async () => {
    const before = await allPrintEvents();
    assert.equal((await batch({ ids: [String(ids[0])] })).status, 403, 'no CSRF token');
    const officer = await signIn(t.http, 'b.officer');
    assert.equal((await batch({ _csrf: officer.csrf, ids: [String(ids[0])] }, officer.agent)).status, 403);
    assert.equal(await allPrintEvents(), before);
    const supervisor = await signIn(t.http, 'b.supervisor');
    assert.equal((await batch({ _csrf: supervisor.csrf, ids: [String(ids[0])] }, supervisor.agent)).status, 200);
  });

  test('hom_nay=1 prints today’s receipts of the agency (not yesterday’s, not another agency’s, not voided ones)', async () => {
    // A fourth dossier, received yesterday; a fifth, voided today.
    const made = async (name: string) =>
      dossierIdFromRedirect(
        (await clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm({ applicant_name: name }), action: 'confirm', _csrf: clerk.csrf }).expect(303)).headers.location,
      );
    const yesterday = await made('Phạm Văn Hôm Qua');
    await t.db('dossiers').where({ id: yesterday }).update({ received_at: vnInstant('2026-11-20', '15:00') });
    const voided = await made('Đỗ Thị Nhầm');
    await t.db('dossiers').where({ id: voided }).update({ status: 'voided', outcome_note: 'Nhập nhầm thủ tục' });
    const counts = await Promise.all([...ids, yesterday, voided, otherId].map(printCount));

    const res = await batch({ _csrf: clerk.csrf, hom_nay: '1' });
    assert.equal(res.status, 200);
    const file = writePdf(dir, 'today.pdf', res.body as Buffer);
    assert.equal(pagesOf(file), 3);
    const text = flat(textOf(file));
    for (const name of names) assert.ok(text.includes(name), name);
    for (const name of ['Phạm Văn Hôm Qua', 'Đỗ Thị Nhầm']) assert.ok(!text.includes(name), `${name} is not today's live receipt`);
    assert.deepEqual(await Promise.all([...ids, yesterday, voided, otherId].map(printCount)), [counts[0]! + 1, counts[1]! + 1, counts[2]! + 1, counts[3], counts[4], counts[5]]);

    // Another agency's clerk with nothing received today is told so.
    const other = await signIn(t.http, 'b.other');
    await t.db('dossiers').where({ id: otherId }).update({ received_at: vnInstant('2026-11-20', '15:00') });
    const none = await batch({ _csrf: other.csrf, hom_nay: '1' }, other.agent);
    assert.equal(none.status, 400);
    assert.match(none.body.toString('utf8'), /chưa tiếp nhận hồ sơ nào/);
  });

  test('a voided dossier’s receipt says plainly that it was cancelled, with the reason', async () => {
    const [id] = ids;
    await t.db('dossiers').where({ id }).update({ status: 'voided', outcome_note: 'Tiếp nhận nhầm thủ tục, người dân cần chứng thực chữ ký' });
    const res = await clerk.agent.post(`/ho-so/${id}/in-giay-tiep-nhan`).type('form').send({ _csrf: clerk.csrf }).redirects(1).buffer(true).parse(binaryParser).expect(200);
    const file = writePdf(dir, 'voided.pdf', res.body as Buffer);
    assert.equal(pagesOf(file), 1);
    assertContains(flat(textOf(file)), ['ĐÃ HỦY — tiếp nhận nhầm', 'Lý do: Tiếp nhận nhầm thủ tục, người dân cần chứng thực chữ ký', `Ông/Bà: ${names[0]}`]);
    // Selected in a batch, it prints the same mark.
    const b = await batch({ _csrf: clerk.csrf, ids: [String(id), String(ids[1])] });
    const bf = writePdf(dir, 'voided-batch.pdf', b.body as Buffer);
    assert.ok(textOfPage(bf, 1).includes('ĐÃ HỦY — tiếp nhận nhầm'));
    assert.ok(!textOfPage(bf, 2).includes('ĐÃ HỦY'));
  });
});

describe('issue 13: organisation applicants and representatives on the receipt; the registry; the forms of a dossier', () => {
  let t: TestApp;
  let clerk: Awaited<ReturnType<typeof signIn>>;
  let officer: Awaited<ReturnType<typeof signIn>>;
  const WARD = '000.31.01.H26';
  const organisation = (over: Record<string, string> = {}) =>
    certifiedCopyForm({
      applicant_kind: 'organisation',
      applicant_name: 'Công ty TNHH Minh Phát',
      applicant_id_number: '',
      organisation_code: '3600 123 456',
      representative_name: 'Phạm Văn Tâm',
      representative_id_number: '075190001234',
      representative_address: '8 Hà Huy Giáp, phường Trấn Biên',
      representative_phone: '0912 000 111',
      representative_email: 'Tam.Pham@example.vn',
      authorisation_paper: 'Giấy ủy quyền số 12/2026/UQ ngày 20/11/2026',
      ...over,
    });
  const pdfOf = async (url: string, who = clerk) => {
    const res = await who.agent.get(url).buffer(true).parse(binaryParser);
    return { status: res.status, text: res.status === 200 ? flat(pdfText(res.body as Buffer)) : '' };
  };
  const act = async (who: typeof clerk, id: number, action: string, fields: Record<string, string>) => {
    const version = String((await t.db('dossiers').where({ id }).first('version')).version);
    const r = await who.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: who.csrf, action, version, ...fields });
    assert.equal(r.status, 303, `${action}: ${r.status} ${r.text.slice(0, 400)}`);
  };
  const intake = async (form: Record<string, string>, code = '2.000815') => {
    const res = await clerk.agent.post(`/tiep-nhan/${code}/xac-nhan`).type('form').send({ ...form, action: 'confirm', _csrf: clerk.csrf }).expect(303);
    return dossierIdFromRedirect(res.headers.location);
  };

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:05') });
    await createStaff(t.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'officer', 'officer', WARD, 'Trương Minh Đức');
    clerk = await signIn(t.http, 'clerk');
    officer = await signIn(t.http, 'officer');
  });
  after(() => t.cleanup());

  test('an organisation files through its representative: the check page, the stored columns and the receipt say "tổ chức"', async () => {
    const check = await clerk.agent.post('/tiep-nhan/2.000815/kiem-tra').type('form').send({ ...organisation(), _csrf: clerk.csrf }).expect(200);
    assert.match(check.text, /Người nộp hồ sơ \(tổ chức\)/);
    assert.match(check.text, /Mã số thuế \/ mã số tổ chức<\/dt><dd>3600123456/);
    assert.match(check.text, /Người đại diện nộp hồ sơ/);
    assert.match(check.text, /Giấy ủy quyền số 12\/2026\/UQ ngày 20\/11\/2026/);

    const id = await intake(organisation());
    const row = await t.db('dossiers').where({ id }).first();
    assert.equal(row.applicant_kind, 'organisation');
    assert.equal(row.organisation_code, '3600123456');
    assert.equal(row.applicant_id_number, '3600123456', "the organisation's identifier is its code");
    assert.equal(row.representative_name, 'Phạm Văn Tâm');
    assert.equal(row.representative_id_number, '075190001234');
    assert.equal(row.representative_phone, '0912000111');
    assert.equal(row.representative_email, 'tam.pham@example.vn');
    assert.equal(row.authorisation_paper, 'Giấy ủy quyền số 12/2026/UQ ngày 20/11/2026');

    const receipt = await pdfOf(`/ho-so/${id}/giay-tiep-nhan.pdf`);
    assert.equal(receipt.status, 200);
    for (const s of [
      'Mẫu 01',
      'Số: 0001/TNHS',
      'tiếp nhận hồ sơ của tổ chức:',
      'Tên tổ chức: Công ty TNHH Minh Phát',
      'Mã số thuế/mã số tổ chức: 3600123456',
      'Người đại diện nộp hồ sơ: Phạm Văn Tâm Số định danh cá nhân: 075190001234',
      'Địa chỉ: 8 Hà Huy Giáp, phường Trấn Biên',
      'Số điện thoại: 0912000111 Thư điện tử: tam.pham@example.vn',
      'Giấy ủy quyền: Giấy ủy quyền số 12/2026/UQ ngày 20/11/2026',
    ]) {
      assert.ok(receipt.text.includes(s), `missing: ${s}\n${receipt.text}`);
    }
    assert.ok(!receipt.text.includes('Ông/Bà: Công ty'), 'an organisation is not "Ông/Bà"');
    // The representative signs for the organisation.
    assert.match(receipt.text, /NGƯỜI TIẾP NHẬN HỒ SƠ .*Phạm Văn Tâm Nguyễn Thị Thu Hà/);
  });

  test('an organisation needs its code and the person filing for it; a person\'s representative needs a name; values kept; nothing written', async () => {
    const before = Number((await t.db('dossiers').count({ n: '*' }).first())?.n);
    const res = await clerk.agent
      .post('/tiep-nhan/2.000815/kiem-tra')
      .type('form')
      .send({ ...organisation({ organisation_code: '', representative_name: '', representative_id_number: '', representative_phone: '12' }), _csrf: clerk.csrf })
      .expect(400);
    assert.match(res.text, /Nhập mã số thuế hoặc mã số tổ chức/);
    assert.match(res.text, /Tổ chức nộp hồ sơ qua người đại diện: nhập họ và tên người đó/);
    assert.match(res.text, /Nhập số định danh cá nhân \(CCCD\) của người đại diện/);
    assert.match(res.text, /Số điện thoại không hợp lệ/);
    assert.match(res.text, /value="Công ty TNHH Minh Phát"/);
    assert.match(res.text, /id="applicant_kind_organisation" name="applicant_kind" value="organisation" checked/);
    const person = await clerk.agent
      .post('/tiep-nhan/2.000815/kiem-tra')
      .type('form')
      .send({ ...certifiedCopyForm({ authorisation_paper: 'Giấy ủy quyền số 3', representative_id_number: '0751' }), _csrf: clerk.csrf })
      .expect(400);
    assert.match(person.text, /Nhập họ và tên người đại diện nộp hồ sơ/);
    assert.match(person.text, /Số định danh cá nhân phải gồm đúng 12 chữ số/);
    assert.match(person.text, /value="Giấy ủy quyền số 3"/);
    assert.equal(Number((await t.db('dossiers').count({ n: '*' }).first())?.n), before);
  });

  test('a person with an authorised representative: the representative\'s details and paper on the receipt; a person alone: as before', async () => {
    const id = await intake(
      certifiedCopyForm({ representative_name: 'Trần Đức Long', representative_id_number: '079085004321', representative_phone: '0903111222', authorisation_paper: 'Văn bản ủy quyền chứng thực ngày 19/11/2026' }),
    );
    const text = (await pdfOf(`/ho-so/${id}/giay-tiep-nhan.pdf`)).text;
    for (const s of ['tiếp nhận hồ sơ của cá nhân:', 'Ông/Bà: Nguyễn Thị Thảo', 'Số định danh cá nhân: 075190001234', 'Người được ủy quyền: Trần Đức Long Số định danh cá nhân: 079085004321', 'Số điện thoại: 0903111222', 'Giấy ủy quyền: Văn bản ủy quyền chứng thực ngày 19/11/2026']) {
      assert.ok(text.includes(s), `missing: ${s}\n${text}`);
    }
    const alone = (await pdfOf(`/ho-so/${await intake(certifiedCopyForm())}/giay-tiep-nhan.pdf`)).text;
    assert.ok(!alone.includes('ủy quyền'), alone);
    assert.ok(alone.includes('Ông/Bà: Nguyễn Thị Thảo'));
    // The procedure's public page (documents, times, fees), absolute, under the status address.
    assert.ok(alone.includes('Thủ tục, giấy tờ, thời hạn, phí: http://motcua.test/thu-tuc/2.000815'), alone);
  });

  test('Mẫu 02 prints the request\'s specific reason; an older request without one keeps the fixed sentence', async () => {
    const id = await intake(certifiedCopyForm({ doc_3_received: 'on', doc_4_received: 'on' }), '1.001612');
    await act(officer, id, 'take', { note: '' });
    await act(officer, id, 'request_supplement', { note: 'Biên bản họp nhóm cá nhân\nBản sao hợp đồng thuê địa điểm', reason: 'Thiếu biên bản họp theo quy định' });
    await t.db('dossier_pauses').where({ dossier_id: id, kind: 'supplement' }).update({ request_reason: 'Hộ kinh doanh do nhóm cá nhân thành lập phải có biên bản họp nhóm (Điều 88 Nghị định 01/2021).' });
    const withReason = await pdfOf(`/ho-so/${id}/phieu-yeu-cau-bo-sung.pdf`);
    assert.equal(withReason.status, 200);
    assert.ok(withReason.text.includes('Lý do: Hộ kinh doanh do nhóm cá nhân thành lập phải có biên bản họp nhóm (Điều 88 Nghị định 01/2021).'), withReason.text);
    assert.ok(withReason.text.includes('Số: 0004/PBS') && withReason.text.includes('Mẫu 02'), withReason.text);
    assert.ok(withReason.text.includes('1. Biên bản họp nhóm cá nhân'));
    assert.ok(withReason.text.includes('Thành phần hồ sơ và mẫu đơn của thủ tục: http://motcua.test/thu-tuc/1.001612'), withReason.text);
    await t.db('dossier_pauses').where({ dossier_id: id }).update({ request_reason: null });
    const old = await pdfOf(`/ho-so/${id}/phieu-yeu-cau-bo-sung.pdf`);
    assert.ok(old.text.includes('Lý do: Hồ sơ chưa đầy đủ, hợp lệ theo quy định của thủ tục Đăng ký thành lập hộ kinh doanh.'), old.text);
  });

  test('a refusal after appraisal prints the processing agency\'s notice signed by its head, not the counter\'s Mẫu 03', async () => {
    const id = await intake(certifiedCopyForm({ doc_3_received: 'on', doc_4_received: 'on' }), '1.001612');
    await act(officer, id, 'take', { note: '' });
    await act(officer, id, 'refuse', { note: 'Ngành nghề đăng ký thuộc danh mục cấm kinh doanh.\nĐịa điểm kinh doanh không hợp pháp.' });
    const res = await pdfOf(`/ho-so/${id}/phieu-tu-choi.pdf`, officer);
    assert.equal(res.status, 200);
    for (const s of ['THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ', 'Số: 0005/PTC', 'Kính gửi: Nguyễn Thị Thảo', 'Sau khi thẩm định hồ sơ', 'Ngành nghề đăng ký thuộc danh mục cấm kinh doanh.', 'Địa điểm kinh doanh không hợp pháp.', 'THỦ TRƯỞNG CƠ QUAN', '(Ký, ghi rõ họ tên và đóng dấu)']) {
      assert.ok(res.text.includes(s), `missing: ${s}\n${res.text}`);
    }
    assert.ok(!res.text.includes('Mẫu 03') && !res.text.includes('NGƯỜI NỘP HỒ SƠ') && !res.text.includes('NGƯỜI TIẾP NHẬN'), res.text);
    assert.ok(!res.text.includes('Ký số'), 'a counter delivery is a paper copy');
  });

  test('withdrawal: the stop notice PDF, linked from the dossier page; none for a dossier not withdrawn; electronic delivery gets the "Ký số" box', async () => {
    const id = await intake(certifiedCopyForm({ result_delivery: 'online', doc_3_received: 'on', doc_4_received: 'on' }), '1.001612');
    assert.equal((await pdfOf(`/ho-so/${id}/thong-bao-dung-giai-quyet.pdf`)).status, 404);
    await act(clerk, id, 'withdraw', { note: 'Công dân xin rút hồ sơ để bổ sung vốn' });
    const page = await clerk.agent.get(`/ho-so/${id}`).expect(200);
    assert.match(page.text, new RegExp(`href="/ho-so/${id}/thong-bao-dung-giai-quyet\\.pdf"[^>]*>Thông báo dừng giải quyết hồ sơ<`));
    const res = await pdfOf(`/ho-so/${id}/thong-bao-dung-giai-quyet.pdf`);
    assert.equal(res.status, 200);
    const code = (await t.db('dossiers').where({ id }).first('code')).code;
    for (const s of ['Mẫu 05', 'Số: 0006/TBDG', 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', 'Kính gửi: Nguyễn Thị Thảo', `Mã hồ sơ: ${code}`, 'Thủ tục hành chính: Đăng ký thành lập hộ kinh doanh', 'Lý do: Công dân xin rút hồ sơ để bổ sung vốn', 'đề nghị dừng giải quyết (rút) hồ sơ', 'Ký số: Nguyễn Thị Thu Hà']) {
      assert.ok(res.text.includes(s), `missing: ${s}\n${res.text}`);
    }
    // Another agency's clerk sees nothing of it.
    await createStaff(t.db, 'clerk.other', 'clerk', '000.31.02.H26');
    const other = await signIn(t.http, 'clerk.other');
    assert.equal((await other.agent.get(`/ho-so/${id}/thong-bao-dung-giai-quyet.pdf`)).status, 403);
  });
});

describe('the receipt in the 2018 numbering with the unit\'s own suffix (FORM_NUMBERING=2018, FORM_SUFFIXES=receipt=TN)', () => {
  test('label and suffix from the registry', async () => {
    const t = await buildTestApp({ now: vnInstant('2026-11-23', '09:05'), env: { FORM_NUMBERING: '2018', FORM_SUFFIXES: 'receipt=TN' } });
    try {
      await createStaff(t.db, 'clerk', 'clerk', '000.31.01.H26');
      const { agent, csrf } = await signIn(t.http, 'clerk');
      const res = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(), action: 'confirm', _csrf: csrf }).expect(303);
      const pdf = await agent.get(`/ho-so/${dossierIdFromRedirect(res.headers.location)}/giay-tiep-nhan.pdf`).buffer(true).parse(binaryParser).expect(200);
      const text = flat(pdfText(pdf.body as Buffer));
      assert.ok(text.includes('Mẫu 01') && text.includes('Số: 0001/TN ') && text.includes('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'), text);
    } finally {
      await t.cleanup();
    }
  });
});
