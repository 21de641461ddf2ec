import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { binaryParser, buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, listen, pdfText, signIn, type TestApp } from '../helpers/app.js';

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
    t.config.publicBaseUrl = server.baseUrl;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-receipt-'));
    const { agent, csrf } = await signIn(t.app, 'clerk');
    const res = await agent
      .post('/tiep-nhan/2.000815/xac-nhan')
      .type('form')
      .send({ ...certifiedCopyForm({ applicant_email: 'thao.nguyen@example.vn', representative_name: 'Trần Đức Long' }), action: 'confirm', _csrf: csrf })
      .expect(303);
    dossierId = dossierIdFromRedirect(res.headers.location);
    // Printing is a form post (CSRF): the first print.
    const r = await agent.post(`/ho-so/${dossierId}/in-giay-tiep-nhan`).type('form').send({ _csrf: csrf }).buffer(true).parse(binaryParser);
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
    const { agent, csrf } = await signIn(t.app, 'clerk');
    const reprint = await agent.post(`/ho-so/${dossierId}/in-giay-tiep-nhan`).type('form').send({ _csrf: csrf }).buffer(true).parse(binaryParser).expect(200);
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
    const { agent, csrf } = await signIn(t.app, 'clerk');
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
    const printed = await agent.post(`/ho-so/${dossierId}/in-giay-tiep-nhan`).type('form').send({ _csrf: csrf }).buffer(true).parse(binaryParser).expect(200);
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
    const { agent, csrf } = await signIn(t.app, 'clerk.other');
    const before = (await t.db('dossier_events').where({ dossier_id: dossierId })).length;
    assert.equal((await agent.get(`/ho-so/${dossierId}/giay-tiep-nhan.pdf`)).status, 403);
    assert.equal((await agent.post(`/ho-so/${dossierId}/in-giay-tiep-nhan`).type('form').send({ _csrf: csrf })).status, 403);
    assert.equal((await t.db('dossier_events').where({ dossier_id: dossierId })).length, before);
  });
});
