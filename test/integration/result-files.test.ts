/**
 * Results delivered electronically and documents scanned at the counter (issue 24, sections 4
 * and 5): the administrator flags a procedure's result as electronic; the officer attaches the
 * signed PDF on the dossier page (kept byte for byte, its signature seen); another agency's
 * staff see nothing of it; the citizen's status page offers it only once the result is ready
 * and the fee recorded paid, the result notice says where to download it, each download is
 * recorded and the token never reaches the request log; the clerk attaches scans per document.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import { FILE_MESSAGES } from '../../src/platform/files/file-store.js';
import { vnInstant } from '../../src/domain/time.js';
import { redactPath } from '../../src/web/request-log.js';
import { monthPeriod } from '../../src/domain/period.js';
import { services } from '../../src/services.js';
import { binaryParser, buildTestApp, csrfFrom, type TestApp } from '../helpers/app.js';
import { procedureEditForm } from '../helpers/fixtures.js';
import { citizen, dossierAt, twoWards, type TwoWards } from '../helpers/two-wards.js';

/** A PDF as a signing tool leaves it: a signature dictionary with /ByteRange and /Contents. */
const SIGNED = Buffer.from(
  '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n5 0 obj << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 120 250 40] /Contents <3082aabbccdd> >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
const UNSIGNED = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

type Row = { data: string; template: string };

async function rowsOf(db: Knex, table: string, where: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  return db(table).where(where).orderBy('id');
}

describe('electronic results and counter scans', () => {
  let t: TestApp;
  let w: TwoWards;
  let png: Buffer;

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00') });
    w = await twoWards(t);
    const sharp = (await import('sharp')).default;
    png = await sharp({ create: { width: 60, height: 40, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer();
    // The administrator flags 1.001612 (fee 100.000 đồng): its result may be a signed file.
    const { id, form } = await procedureEditForm(t.db, '1.001612');
    const res = await w.admin.agent.post(`/quan-tri/thu-tuc/${id}`).type('form').send({ ...form, result_electronic: 'on', _csrf: w.admin.csrf });
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.equal(Boolean((await t.db('procedures').where({ id }).first('result_electronic')).result_electronic), true);
  });
  after(async () => {
    await t?.cleanup();
  });

  /** A multipart form of the dossier page: _csrf first, then the fields, then the files. */
  function post(who: TwoWards['officer'], path: string, files: Array<[Buffer, string]>, fields: Record<string, string> = {}) {
    let req = who.agent.post(path).field('_csrf', who.csrf);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    for (const [buf, name] of files) req = req.attach('tep', buf, { filename: name });
    return req;
  }

  test('the officer attaches the signed result; the citizen downloads it once the result is ready and the fee paid, each download recorded', async () => {
    const d = await dossierAt(t, w, 'in_progress');
    const before = await t.db('dossier_files').count({ n: '*' }).first();

    // Not the clerk (the result is not produced at the counter for this procedure), not another agency.
    assert.equal((await post(w.clerk, `/ho-so/${d.id}/ket-qua-dien-tu`, [[SIGNED, 'kq.pdf']])).status, 403);
    assert.equal((await post(w.officerTh, `/ho-so/${d.id}/ket-qua-dien-tu`, [[SIGNED, 'kq.pdf']])).status, 403);
    // A photo is not a result: refused on the page, nothing kept.
    const photo = await post(w.officer, `/ho-so/${d.id}/ket-qua-dien-tu`, [[png, 'ket-qua.jpg']]);
    assert.equal(photo.status, 400);
    assert.match(photo.text, /Kết quả điện tử phải là tệp PDF/);
    assert.deepEqual(await t.db('dossier_files').count({ n: '*' }).first(), before);

    const attached = await post(w.officer, `/ho-so/${d.id}/ket-qua-dien-tu`, [[SIGNED, 'Giấy chứng nhận HKD.pdf']]);
    assert.equal(attached.status, 303, attached.text.slice(0, 300));
    const [row] = await rowsOf(t.db, 'dossier_files', { dossier_id: d.id, purpose: 'result' });
    assert.equal(row!.source, 'officer');
    assert.equal(Boolean(row!.pdf_signed), true);
    assert.equal(row!.name, 'Giấy chứng nhận HKD.pdf');
    assert.ok(fs.readFileSync(t.deps.config.files.dir + `/${String(row!.sha256).slice(0, 2)}/${String(row!.sha256).slice(2, 4)}/${row!.sha256}`).equals(SIGNED), 'kept byte for byte');
    const page = await w.officer.agent.get(`/ho-so/${d.id}`).expect(200);
    assert.match(page.text, /Tệp PDF có chữ ký số\./);
    assert.match(page.text, /Chưa tải được: Kết quả điện tử chỉ tải được khi hồ sơ đã có kết quả/);

    // Another agency's staff: no file, no page.
    assert.equal((await w.officerTh.agent.get(`/ho-so/${d.id}/tep/${row!.id}`)).status, 403);
    assert.equal((await w.clerkTh.agent.get(`/ho-so/${d.id}/tep/${row!.id}`)).status, 403);

    // Before the result: nothing to download; the link leads back to the status page.
    const c = await citizen(t);
    const early = await c.agent.get(`/s/${d.token}/ket-qua.pdf`);
    assert.equal(early.status, 303);
    assert.equal(early.headers.location, `/s/${d.token}#ket-qua-dien-tu`);
    assert.doesNotMatch((await c.agent.get(`/s/${d.token}`)).text, /ket-qua\.pdf/);

    // The result is ready: the notice says where to download it, after the fee.
    const { version } = await t.db('dossiers').where({ id: d.id }).first('version');
    await w.officer.agent.post(`/ho-so/${d.id}/thao-tac`).type('form').send({ _csrf: w.officer.csrf, action: 'mark_result_ready', version: String(version) }).expect(303);
    const notices = (await t.db('outbox_messages').where({ dossier_id: d.id, template: 'result_ready' }).select('data', 'template')) as Row[];
    assert.ok(notices.length > 0);
    for (const n of notices) assert.match(JSON.parse(n.data).collect_info, /Kết quả bản điện tử \(tệp PDF\) tải tại trang tra cứu hồ sơ sau khi Ông\/Bà nộp phí, lệ phí/);
    const waiting = await c.agent.get(`/s/${d.token}`).expect(200);
    assert.match(waiting.text, /Kết quả điện tử tải được sau khi Ông\/Bà nộp phí, lệ phí\./);
    assert.equal((await c.agent.get(`/s/${d.token}/ket-qua.pdf`)).status, 303);
    assert.equal((await t.db('dossier_file_downloads').count({ n: '*' }).first())!.n, 0);

    // The clerk records the fee paid (once); the citizen downloads the file as it was attached.
    await w.clerk.agent.post(`/ho-so/${d.id}/da-nop-phi`).type('form').send({ _csrf: w.clerk.csrf }).expect(303);
    assert.equal((await w.clerk.agent.post(`/ho-so/${d.id}/da-nop-phi`).type('form').send({ _csrf: w.clerk.csrf })).status, 409);
    const ready = await c.agent.get(`/s/${d.token}`).expect(200);
    assert.match(ready.text, new RegExp(`href="/s/${d.token}/ket-qua.pdf"`));
    assert.match(ready.text, /Công dân đã nộp phí, lệ phí/, 'the fee paid is on the public timeline');
    assert.match(ready.text, /Tệp PDF có chữ ký số\./, 'the signed file is said to be signed');
    // The notice comes with the page's one prepared read (src/db/prepared.ts, not through knex's
    // query events): the page and its JSON send no other query about the dossier.
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    t.db.on('query', onQuery);
    try {
      await c.agent.get(`/s/${d.token}`).expect(200);
      await c.agent.get(`/s/${d.token}.json`).expect(200);
    } finally {
      t.db.off('query', onQuery);
    }
    assert.deepEqual(statements.filter((sql) => /dossier|procedures|agencies/i.test(sql)), []);
    const english = await c.agent.get(`/s/${d.token}?lang=en`).expect(200);
    assert.match(english.text, /Download the electronic result \(PDF\)/);
    const file = await c.agent.get(`/s/${d.token}/ket-qua.pdf`).buffer(true).parse(binaryParser).expect(200);
    assert.ok((file.body as Buffer).equals(SIGNED));
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    assert.match(file.headers['content-disposition']!, /^attachment; filename="Giay chung nhan HKD\.pdf"/);
    // The staff copy is recorded too, apart from the citizen's.
    await w.officer.agent.get(`/ho-so/${d.id}/tep/${row!.id}`).expect(200);
    const downloads = await rowsOf(t.db, 'dossier_file_downloads', { dossier_file_id: row!.id });
    assert.deepEqual(downloads.map((r) => [r.by, r.user_id]), [['citizen', null], ['staff', w.officerId]]);
    assert.match((await w.officer.agent.get(`/ho-so/${d.id}`)).text, /Công dân đã tải: <strong>1<\/strong> lần/);

    // Never without the token; never in the log.
    assert.equal((await c.agent.get('/s/khong-phai-ma-that-su-cua-ho-so/ket-qua.pdf')).status, 404);
    assert.equal(redactPath(`/s/${d.token}/ket-qua.pdf`), '/s/:token/ket-qua.pdf');
    assert.equal(JSON.stringify(await t.db('dossier_file_downloads')).includes(d.token), false);
  });

  test('a procedure without the flag takes no result file, unless the citizen chose online delivery; replacing a result keeps the first as a removed row', async () => {
    await t.db('procedures').where({ code: '1.001612' }).update({ result_electronic: false });
    try {
      const d = await dossierAt(t, w, 'in_progress');
      const refused = await post(w.officer, `/ho-so/${d.id}/ket-qua-dien-tu`, [[UNSIGNED, 'a.pdf']]);
      assert.equal(refused.status, 409);
      assert.match(refused.text, /không trả kết quả điện tử/);
      assert.doesNotMatch((await w.officer.agent.get(`/ho-so/${d.id}`)).text, /id="tep-ket-qua"/);

      await t.db('dossiers').where({ id: d.id }).update({ result_delivery: 'online' });
      await post(w.officer, `/ho-so/${d.id}/ket-qua-dien-tu`, [[UNSIGNED, 'ban-dau.pdf']]).expect(303);
      await post(w.officer, `/ho-so/${d.id}/ket-qua-dien-tu`, [[SIGNED, 'ban-ky-so.pdf']]).expect(303);
      const rows = await rowsOf(t.db, 'dossier_files', { dossier_id: d.id, purpose: 'result' });
      assert.deepEqual(rows.map((r) => [r.name, Boolean(r.pdf_signed), r.removed_at !== null]), [['ban-dau.pdf', false, true], ['ban-ky-so.pdf', true, false]]);
    } finally {
      await t.db('procedures').where({ code: '1.001612' }).update({ result_electronic: true });
    }
  });

  test('the clerk attaches scans to a document of the dossier (photos re-encoded), another agency cannot, an unknown document is refused', async () => {
    const d = await dossierAt(t, w, 'in_progress');
    const docs = await t.db('dossier_documents').where({ dossier_id: d.id }).orderBy('position');
    // The processing report's digitisation: documents of the dossiers received, those with a file.
    const digitised = async () => {
      const report = await services(t.deps).reports.processing(monthPeriod(2026, 11), { agencyId: w.wardId });
      return [report.table.totals!.documentsDigitised, report.table.totals!.documents, report.table.totals!.digitisedRate];
    };
    const [doneBefore, allBefore] = await digitised();
    const res = await post(w.clerk, `/ho-so/${d.id}/ban-chup-giay-to`, [[png, 'to-khai.png'], [UNSIGNED, 'to-khai-trang-2.pdf']], { giay_to: String(docs[0].id) });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const rows = await rowsOf(t.db, 'dossier_files', { dossier_id: d.id, purpose: 'document' });
    assert.deepEqual(rows.map((r) => [r.source, r.dossier_document_id, r.kind, r.pdf_signed]), [['counter', docs[0].id, 'png', null], ['counter', docs[0].id, 'pdf', null]]);
    const page = await w.clerk.agent.get(`/ho-so/${d.id}`).expect(200);
    assert.ok(page.text.includes(`to-khai.png</a> — ${docs[0].name}`), "the scan is listed under its document");

    assert.equal((await post(w.clerkTh, `/ho-so/${d.id}/ban-chup-giay-to`, [[png, 'x.png']], { giay_to: 'khac' })).status, 403);
    const other = await t.db('dossier_documents').whereNot({ dossier_id: d.id }).first('id');
    const wrong = await post(w.clerk, `/ho-so/${d.id}/ban-chup-giay-to`, [[Buffer.concat([UNSIGNED, Buffer.from('%x')]), 'y.pdf']], { giay_to: String(other.id) });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /Giấy tờ đã chọn không thuộc hồ sơ này/);
    const html = await post(w.clerk, `/ho-so/${d.id}/ban-chup-giay-to`, [[Buffer.from('<html><script>alert(1)</script></html>'), 'anh.jpg']], { giay_to: 'khac' });
    assert.equal(html.status, 400);
    assert.ok(html.text.includes(FILE_MESSAGES.wrongKind));
    assert.equal((await rowsOf(t.db, 'dossier_files', { dossier_id: d.id, purpose: 'document' })).length, 2, 'nothing half-written');
    const [done, all, rate] = await digitised();
    assert.deepEqual([done, all], [Number(doneBefore) + 1, allBefore], 'one more document digitised (two files of one document count once)');
    assert.equal(rate, Number(done) / Number(all));

    // A scan taken off stays as a removed row.
    await w.clerk.agent.post(`/ho-so/${d.id}/tep/${rows[1]!.id}/go-bo`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    assert.notEqual((await t.db('dossier_files').where({ id: rows[1]!.id }).first('removed_at')).removed_at, null);
  });
});
