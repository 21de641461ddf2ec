/**
 * Online pre-submission (issue 24 §1): a citizen files through the public form (multipart,
 * two photos and a PDF), gets a registration code, a QR and a notice; a double submit files
 * once; the counter's queue shows the agency's registrations only; the code typed or the QR
 * scanned opens it; receiving needs every original checked, starts the clock then (channel
 * online) and hands the files to the dossier; a second receipt makes no second dossier;
 * refusal, the toàn trình supplement request, the expiry job and its notice; and the file
 * refusals through the form (50 MB, an HTML page named .jpg, a path in the name, a cut
 * upload): refused or cleaned, nothing left on disk or in the database, no 5xx.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { customPeriod } from '../../src/domain/period.js';
import { vnInstant } from '../../src/domain/time.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, csrfFrom, signIn, TEST_STORAGE_DIR, type TestApp } from '../helpers/app.js';
import { runJob } from '../helpers/jobs.js';
import { TAM_HIEP, TRAN_BIEN } from '../helpers/two-wards.js';

const MB = 1024 * 1024;
/** Monday 14/12/2026 09:00. */
const NOW = vnInstant('2026-12-14', '09:00');
const PARTIAL = '1.004222'; // Đăng ký thường trú: three required documents
const FULL = '1.004194'; // Đăng ký tạm trú: made toàn trình below
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

type Agent = ReturnType<typeof request.agent>;

function storedFiles(): string[] {
  if (!fs.existsSync(TEST_STORAGE_DIR)) return [];
  return fs
    .readdirSync(TEST_STORAGE_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(TEST_STORAGE_DIR, path.join(e.parentPath, e.name)))
    .sort();
}

const APPLICANT = {
  applicant_name: 'Lê Thị Mai',
  applicant_id_number: '075190004321',
  applicant_birth_date: '',
  applicant_phone: '0912 345 678',
  applicant_email: 'mai.le@example.vn',
  applicant_address: '45 Võ Thị Sáu, phường Trấn Biên, tỉnh Đồng Nai',
  result_delivery: 'counter',
  note: '',
};

describe('online pre-submission: the web form and the counter', () => {
  let t: TestApp;
  let clerk: { agent: Agent; csrf: string };
  let clerkTh: { agent: Agent; csrf: string };
  let wardId: number;
  let photoA: Buffer;
  let photoB: Buffer;

  before(async () => {
    t = await buildTestApp({ now: NOW, env: { LOOKUP_RATE_LIMIT: '1000', SESSION_TTL_HOURS: '720' } });
    await t.db('procedures').where({ code: PARTIAL }).update({ online_level: 'partial' });
    await t.db('procedures').where({ code: FULL }).update({ online_level: 'full' });
    await t.db('procedures').where({ code: '2.000815' }).update({ online_level: 'none' });
    await createStaff(t.db, 'clerk', 'clerk', TRAN_BIEN, 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'clerk.th', 'clerk', TAM_HIEP, 'Trần Văn Tâm');
    wardId = await agencyId(t.db, TRAN_BIEN);
    [clerk, clerkTh] = await Promise.all([signIn(t.http, 'clerk'), signIn(t.http, 'clerk.th')]);
    const sharp = (await import('sharp')).default;
    // Two phone photos (with a location in their EXIF: the store strips it).
    const photo = (r: number) =>
      sharp({ create: { width: 1200, height: 1600, channels: 3, background: { r, g: 120, b: 80 } } })
        .withExif({ IFD0: { Make: 'Phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '10/1 57/1 0/1' } })
        .jpeg()
        .toBuffer();
    [photoA, photoB] = await Promise.all([photo(200), photo(60)]);
  });
  after(() => t.cleanup());

  /** A citizen's browser on the form: its CSRF token and the form's nonce. */
  async function openForm(code = PARTIAL, agent: Agent = request.agent(t.http)) {
    const page = await agent.get(`/nop-truc-tuyen/${code}`).expect(200);
    const nonce = /name="nonce" value="([^"]+)"/.exec(page.text)![1]!;
    return { agent, csrf: csrfFrom(page.text), nonce, html: page.text };
  }

  /** The form sent: _csrf first, the fields, then the files (name → [bytes, filename]). */
  function send(form: { agent: Agent; csrf: string; nonce: string }, fields: Record<string, string>, files: Record<string, [Buffer, string]>, code = PARTIAL) {
    let req = form.agent.post(`/nop-truc-tuyen/${code}`).redirects(0).field('_csrf', form.csrf).field('nonce', form.nonce);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    for (const [k, [bytes, name]] of Object.entries(files)) req = req.attach(k, bytes, { filename: name });
    return req;
  }

  const threeFiles = (): Record<string, [Buffer, string]> => ({ doc_1_file: [PDF, 'to-khai CT01.pdf'], doc_2_file: [photoA, 'IMG_0001.jpg'], doc_3_file: [photoB, 'IMG_0002.jpg'] });

  let token = '';
  let registrationId = 0;

  test('a citizen files with two photos and a PDF: a code, a QR, a tracking page, a notice; no dossier and no clock yet; a double submit files once', async () => {
    const form = await openForm();
    assert.match(form.html, /enctype="multipart\/form-data"/);
    assert.match(form.html, /<input type="hidden" name="_csrf"[^>]*>\s*<input type="hidden" name="nonce"/, 'the token is the first field');
    const dossiersBefore = await t.db('dossiers').count({ n: '*' }).first();
    const res = await send(form, { ...APPLICANT, co_quan: String(wardId) }, threeFiles());
    assert.equal(res.status, 303, res.text.slice(0, 500));
    const m = /^\/nop-truc-tuyen\/theo-doi\/([A-Za-z0-9_-]+)$/.exec(res.headers.location ?? '');
    assert.ok(m, res.headers.location);
    token = m[1]!;
    const again = await send(form, { ...APPLICANT, co_quan: String(wardId) }, threeFiles());
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, res.headers.location, 'the same form sent twice files once');
    const rows = await t.db('presubmissions').select('*');
    assert.equal(rows.length, 1);
    const r = rows[0];
    registrationId = Number(r.id);
    assert.match(r.code, /^TT-261214-[0-9A-HJKMNP-TV-Z]{6}$/);
    assert.equal(r.status, 'waiting');
    assert.equal(r.agency_id, wardId);
    assert.equal(r.source, 'web');
    const docs = await t.db('presubmission_documents').where({ presubmission_id: r.id }).orderBy('position');
    assert.deepEqual(
      docs.map((d) => [d.position, d.kind, d.file_name, Boolean(d.paper)]),
      [
        [1, 'pdf', 'to-khai CT01.pdf', false],
        [2, 'jpeg', 'IMG_0001.jpg', false],
        [3, 'jpeg', 'IMG_0002.jpg', false],
      ],
    );
    // The photo was re-encoded without its location.
    const stored = fs.readFileSync(services(t.deps).files.path(docs[1].sha256));
    const sharp = (await import('sharp')).default;
    assert.equal((await sharp(stored).metadata()).exif, undefined, 'no EXIF (GPS) kept');
    assert.deepEqual(await t.db('dossiers').count({ n: '*' }).first(), dossiersBefore, 'no dossier yet');
    const notice = await t.db('outbox_messages').where({ template: 'online_submitted' }).select('recipient', 'reference', 'channel');
    assert.ok(notice.length >= 1 && notice.every((n) => n.reference === r.code), JSON.stringify(notice));
    const page = await request(t.http).get(res.headers.location!).expect(200);
    assert.match(page.text, new RegExp(r.code));
    assert.match(page.text, /<img class="online-qr" src="data:image\/png;base64,/);
    assert.match(page.text, /Chờ đối chiếu tại Bộ phận Một cửa/);
    assert.match(page.text, /Thời hạn giải quyết chưa được tính/);
    assert.equal(page.headers['x-robots-tag'], 'noindex, nofollow');
    // The citizen opens their own file by the token; nobody else's.
    const file = await request(t.http).get(`/nop-truc-tuyen/theo-doi/${token}/tep/${docs[0].id}`).expect(200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    await request(t.http).get(`/nop-truc-tuyen/theo-doi/${'x'.repeat(32)}/tep/${docs[0].id}`).expect(404);
  });

  test('the form refuses what is wrong, in Vietnamese, keeping nothing; a procedure without online filing is a 404', async () => {
    await request(t.http).get('/nop-truc-tuyen/2.000815').expect(404);
    const before = storedFiles();
    const count = await t.db('presubmissions').count({ n: '*' }).first();
    // A missing required document and a bad phone: the photo sent is not kept.
    const form = await openForm();
    const res = await send(form, { ...APPLICANT, applicant_phone: '12', co_quan: String(wardId) }, { doc_1_file: [PDF, 'a.pdf'], doc_2_file: [Buffer.concat([photoA, Buffer.from('x')]), 'b.jpg'] });
    assert.equal(res.status, 400);
    assert.match(res.text, /Số điện thoại không hợp lệ/);
    assert.match(res.text, /Đính kèm tệp “Căn cước/);
    assert.match(res.text, /chọn lại tệp/);
    assert.deepEqual(storedFiles(), before);
    // "Mang bản giấy" instead of a file is accepted for a partial procedure.
    const paper = await openForm();
    const ok = await send(paper, { ...APPLICANT, applicant_id_number: '075190001111', co_quan: String(wardId), doc_3_paper: 'on' }, { doc_1_file: [PDF, 'a.pdf'], doc_2_file: [photoA, 'b.jpg'] });
    assert.equal(ok.status, 303);
    const filed = await t.db('presubmissions').where({ applicant_name: APPLICANT.applicant_name }).orderBy('id', 'desc').first('id');
    const docs = await t.db('presubmission_documents').where({ presubmission_id: filed.id }).orderBy('position');
    assert.deepEqual(docs.map((d) => [d.position, Boolean(d.paper), d.sha256 === null]), [[1, false, false], [2, false, false], [3, true, true]]);
    assert.equal(Number((await t.db('presubmissions').count({ n: '*' }).first())!.n), Number(count!.n) + 1);
  });

  test('file refusals through the form: 50 MB, an HTML page named .jpg, a PNG named .pdf, a path in the name: refused or cleaned, nothing left, no 5xx', async () => {
    const before = storedFiles();
    const rowsBefore = await t.db('presubmissions').count({ n: '*' }).first();
    // 12 MB: cut at 10 MB, the rest read and dropped, the form answered.
    const big = await send(await openForm(), { ...APPLICANT, co_quan: String(wardId) }, { doc_1_file: [Buffer.concat([PDF, Buffer.alloc(12 * MB, 0x20)]), 'lon.pdf'] });
    assert.equal(big.status, 400);
    assert.match(big.text, /Tệp lớn hơn 10 MB/);
    // 50 MB: past what the form may carry, the upload kit stops reading and closes the connection
    // (or answers first): never a 5xx, nothing kept.
    const huge = await send(await openForm(), { ...APPLICANT, co_quan: String(wardId) }, { doc_1_file: [Buffer.concat([PDF, Buffer.alloc(50 * MB, 0x20)]), 'rat-lon.pdf'] }).then(
      (r) => r.status,
      (e: NodeJS.ErrnoException) => e.code ?? e.message,
    );
    assert.ok(huge === 400 || huge === 'ECONNRESET' || huge === 'EPIPE', String(huge));
    const html = await send(await openForm(), { ...APPLICANT, co_quan: String(wardId) }, { doc_1_file: [PDF, 'a.pdf'], doc_2_file: [HTML, 'anh.jpg'] });
    assert.equal(html.status, 400);
    assert.match(html.text, /Chỉ nhận ảnh chụp \(JPEG, PNG\) hoặc tệp PDF/);
    assert.deepEqual(storedFiles(), before, 'nothing kept on disk');
    assert.deepEqual(await t.db('presubmissions').count({ n: '*' }).first(), rowsBefore, 'nothing in the database');
    // A PNG named .pdf is a PNG (by its bytes); a path in the name is cut to its last segment.
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
    const ok = await send(await openForm(), { ...APPLICANT, applicant_id_number: '075190002222', co_quan: String(wardId) }, { doc_1_file: [png, 'to-khai.pdf'], doc_2_file: [photoA, '../../etc/passwd/giay-to.jpg'], doc_3_file: [photoB, 'C:\\Users\\mai\\cccd.jpg'] });
    assert.equal(ok.status, 303);
    const id = (await t.db('presubmissions').orderBy('id', 'desc').first('id')).id;
    const docs = await t.db('presubmission_documents').where({ presubmission_id: id }).orderBy('position');
    assert.deepEqual(docs.map((d) => [d.kind, d.file_name]), [['png', 'to-khai.pdf'], ['jpeg', 'giay-to.jpg'], ['jpeg', 'cccd.jpg']]);
    // The clerk's download says the real kind.
    const file = await clerk.agent.get(`/truc-tuyen/tep/${docs[0].id}`).expect(200);
    assert.equal(file.headers['content-type'], 'image/png');
    assert.match(String(file.headers['content-disposition']), /filename="to-khai\.png"/);
  });

  test('an upload cut half-way leaves nothing on disk or in the database', async () => {
    const form = await openForm();
    const page = await form.agent.get(`/nop-truc-tuyen/${PARTIAL}`);
    const cookie = ((page.request as unknown as { cookies?: string }).cookies ?? '') || '';
    const before = storedFiles();
    const rowsBefore = await t.db('presubmissions').count({ n: '*' }).first();
    const server = http.createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      const boundary = 'ranh-gioi';
      const csrf = csrfFrom(page.text);
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="doc_1_file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
      await new Promise<void>((resolve) => {
        const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: `/nop-truc-tuyen/${PARTIAL}`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + 2 * MB), cookie } });
        req.on('error', () => resolve());
        req.write(head);
        req.write(Buffer.concat([PDF, Buffer.alloc(512 * 1024, 1)]), () => setTimeout(() => (req.destroy(), resolve()), 100));
      });
      for (let i = 0; i < 50 && storedFiles().length !== before.length; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(storedFiles(), before);
      assert.deepEqual(await t.db('presubmissions').count({ n: '*' }).first(), rowsBefore);
    } finally {
      server.close();
    }
  });

  test("the counter: the agency's queue only; the code typed or the QR scanned opens it; another agency's is not found", async () => {
    const r = await t.db('presubmissions').where({ id: registrationId }).first('code', 'public_token');
    const queue = await clerk.agent.get('/truc-tuyen').expect(200);
    assert.match(queue.text, /Hồ sơ nộp trực tuyến chờ đối chiếu/);
    assert.match(queue.text, new RegExp(r.code));
    const other = await clerkTh.agent.get('/truc-tuyen').expect(200);
    assert.doesNotMatch(other.text, new RegExp(r.code), "another ward's clerk does not see it");
    // Typed with spaces, lower case and an O for a zero.
    const typed = r.code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const byCode = await clerk.agent.get(`/truc-tuyen?ma=${encodeURIComponent(typed)}`).redirects(0);
    assert.equal(byCode.status, 303);
    assert.equal(byCode.headers.location, `/truc-tuyen/${registrationId}`);
    const scanned = await clerk.agent.get(`/truc-tuyen?ma=${encodeURIComponent(`http://motcua.test/nop-truc-tuyen/theo-doi/${r.public_token}`)}`).redirects(0);
    assert.equal(scanned.headers.location, `/truc-tuyen/${registrationId}`);
    const elsewhere = await clerkTh.agent.get(`/truc-tuyen?ma=${encodeURIComponent(r.code)}`).expect(404);
    assert.match(elsewhere.text, /Không có hồ sơ đăng ký trực tuyến nào của đơn vị mang mã này/);
    await clerkTh.agent.get(`/truc-tuyen/${registrationId}`).expect(404);
    const docId = (await t.db('presubmission_documents').where({ presubmission_id: registrationId }).first('id')).id;
    await clerkTh.agent.get(`/truc-tuyen/tep/${docId}`).expect(404);
    const bad = await clerk.agent.get('/truc-tuyen?ma=abc').expect(400);
    assert.match(bad.text, /Nhập mã đăng ký/);
    // The registration opens as the intake form, filled.
    const page = await clerk.agent.get(`/truc-tuyen/${registrationId}`).expect(200);
    assert.match(page.text, /value="Lê Thị Mai"/);
    assert.match(page.text, /Đã đối chiếu bản chính/);
  });

  test('receiving: every original checked, the clock starts at receipt, channel online, the files become the dossier’s; a second receipt finds the same dossier', async () => {
    // The citizen comes the next day.
    t.clock.set(vnInstant('2026-12-15', '10:30'));
    const page = await clerk.agent.get(`/truc-tuyen/${registrationId}`).expect(200);
    const fields: Record<string, string> = { _csrf: clerk.csrf };
    for (const m of page.text.matchAll(/<input (?:type="hidden" )?name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!.replace(/&amp;/g, '&');
    for (const m of page.text.matchAll(/<input id="([^"]+)" name="[^"]+" type="(?:text|tel|email)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
    fields.result_delivery = 'counter';
    fields._csrf = clerk.csrf;
    const unchecked = await clerk.agent.post(`/truc-tuyen/${registrationId}/tiep-nhan`).type('form').send({ ...fields, doc_1_checked: 'on' }).expect(400);
    assert.match(unchecked.text, /Chưa đối chiếu bản chính: Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp; Căn cước/);
    assert.equal(await t.db('dossiers').where({ channel: 'online' }).count({ n: '*' }).first().then((r) => Number(r!.n)), 0);
    const checked = { ...fields, doc_1_checked: 'on', doc_2_checked: 'on', doc_3_checked: 'on' };
    const res = await clerk.agent.post(`/truc-tuyen/${registrationId}/tiep-nhan`).type('form').send(checked).redirects(0);
    assert.equal(res.status, 303, res.text.slice(0, 400));
    const dossierId = Number(/^\/ho-so\/(\d+)\/da-tiep-nhan$/.exec(res.headers.location ?? '')![1]);
    const d = await t.db('dossiers').where({ id: dossierId }).first();
    assert.equal(d.channel, 'online');
    assert.equal(new Date(d.received_at).getTime(), vnInstant('2026-12-15', '10:30').getTime(), 'received (and counted) from the receipt, not the submission');
    const procedure = await services(t.deps).intake.procedure({ id: 0, role: 'clerk', agencyId: wardId } as never, PARTIAL);
    assert.equal(new Date(d.due_at).getTime(), (await services(t.deps).intake.previewAppointment(procedure!)).getTime(), 'the appointment of a dossier received now');
    assert.equal(d.applicant_name, 'Lê Thị Mai');
    const files = await t.db('dossier_files as f').join('dossier_documents as dd', 'dd.id', 'f.dossier_document_id').where('f.dossier_id', dossierId).orderBy('dd.position').select('dd.position', 'f.source', 'f.purpose', 'f.kind');
    assert.deepEqual(files.map((f) => [f.position, f.source, f.purpose, f.kind]), [[1, 'online', 'document', 'pdf'], [2, 'online', 'document', 'jpeg'], [3, 'online', 'document', 'jpeg']]);
    const r = await t.db('presubmissions').where({ id: registrationId }).first();
    assert.equal(r.status, 'received');
    assert.equal(r.dossier_id, dossierId);
    assert.equal((await t.db('presubmission_documents').where({ presubmission_id: registrationId }).whereNull('checked_at').count({ n: '*' }).first())!.n, 0);
    // Sent again (a double click): the same dossier, said so.
    const again = await clerk.agent.post(`/truc-tuyen/${registrationId}/tiep-nhan`).type('form').send(checked).redirects(0);
    assert.equal(again.headers.location, `/ho-so/${dossierId}/da-tiep-nhan?lai=1`);
    assert.equal(Number((await t.db('dossiers').where({ channel: 'online' }).count({ n: '*' }).first())!.n), 1);
    // The citizen's tracking page links the dossier's status page; the queue no longer lists it.
    const track = await request(t.http).get(`/nop-truc-tuyen/theo-doi/${token}`).expect(200);
    assert.match(track.text, new RegExp(`/s/${d.public_token}`));
    assert.doesNotMatch((await clerk.agent.get('/truc-tuyen').expect(200)).text, new RegExp(r.code));
  });

  test('refusal: the citizen is told why, the files are let go', async () => {
    const id = (await t.db('presubmissions').where({ status: 'waiting', agency_id: wardId }).orderBy('id').first('id')).id;
    const empty = await clerk.agent.post(`/truc-tuyen/${id}/tu-choi`).type('form').send({ _csrf: clerk.csrf, reason: '' }).expect(400);
    assert.match(empty.text, /Nhập lý do từ chối tiếp nhận/);
    await clerk.agent.post(`/truc-tuyen/${id}/tu-choi`).type('form').send({ _csrf: clerk.csrf, reason: 'Địa chỉ đăng ký không thuộc địa bàn phường.' }).expect(303);
    const r = await t.db('presubmissions').where({ id }).first();
    assert.equal(r.status, 'refused');
    assert.equal((await t.db('presubmission_documents').where({ presubmission_id: id }).whereNotNull('sha256').count({ n: '*' }).first())!.n, 0);
    assert.ok(Number((await t.db('outbox_messages').where({ template: 'online_refused', reference: r.code }).count({ n: '*' }).first())?.n) > 0);
    const again = await clerk.agent.post(`/truc-tuyen/${id}/tu-choi`).type('form').send({ _csrf: clerk.csrf, reason: 'Lần hai' }).expect(409);
    assert.match(again.text, /không còn chờ đối chiếu/);
    const track = await request(t.http).get(`/nop-truc-tuyen/theo-doi/${r.public_token}`).expect(200);
    assert.match(track.text, /Địa chỉ đăng ký không thuộc địa bàn phường/);
  });

  test('toàn trình: no paper option, a supplement asked on the tracking page, received without the citizen coming', async () => {
    const form = await openForm(FULL);
    assert.doesNotMatch(form.html, /Mang bản giấy/);
    const filed = await send(form, { ...APPLICANT, applicant_id_number: '075190003333', co_quan: String(wardId), doc_1_paper: 'on' }, { doc_1_file: [PDF, 'ct01.pdf'], doc_2_file: [photoA, 'nha.jpg'], doc_3_file: [photoB, 'cccd.jpg'] }, FULL);
    assert.equal(filed.status, 303);
    const r = await t.db('presubmissions').where({ online_level: 'full' }).first();
    await clerk.agent.post(`/truc-tuyen/${r.id}/yeu-cau-bo-sung`).type('form').send({ _csrf: clerk.csrf, noi_dung: 'Ảnh CCCD bị mờ, vui lòng chụp lại mặt trước.' }).expect(303);
    const track = await request(t.http).get(filed.headers.location!).expect(200);
    assert.match(track.text, /Cần bổ sung, sửa đổi hồ sơ/);
    assert.match(track.text, /Ảnh CCCD bị mờ/);
    // The partial procedure's registration cannot be asked that way.
    const partial = await t.db('presubmissions').where({ status: 'waiting', online_level: 'partial' }).first('id');
    const no = await clerk.agent.post(`/truc-tuyen/${partial.id}/yeu-cau-bo-sung`).type('form').send({ _csrf: clerk.csrf, noi_dung: 'x' }).expect(400);
    assert.match(no.text, /Chỉ thủ tục trực tuyến toàn trình/);
    const page = await clerk.agent.get(`/truc-tuyen/${r.id}`).expect(200);
    assert.match(page.text, /Kiểm tra từng giấy tờ qua tệp/);
  });

  test('the online job tells the citizen before expiry, then expires what was not brought in', async () => {
    const waiting = await t.db('presubmissions').where({ status: 'waiting' }).orderBy('id').select('id', 'expires_at', 'code');
    assert.ok(waiting.length >= 1);
    const expires = new Date(waiting[0].expires_at);
    // 30 working days from Monday 14/12/2026 (New Year's day off in between): the end of that day.
    assert.ok(expires.getTime() > vnInstant('2027-01-22', '00:00').getTime() && expires.getTime() < vnInstant('2027-02-01', '00:00').getTime(), expires.toISOString());
    t.clock.set(new Date(expires.getTime() - 2 * 24 * 3600_000));
    const first = await runJob(t.deps, 'online');
    assert.ok(first.ran && 'counts' in first, JSON.stringify(first));
    assert.equal(first.counts.online_expiring_notified, waiting.length);
    assert.equal(first.counts.online_expired, 0);
    const twice = await runJob(t.deps, 'online');
    assert.ok(twice.ran && 'counts' in twice && twice.counts.online_expiring_notified === 0, 'told once');
    const latest = Math.max(...waiting.map((w) => new Date(w.expires_at).getTime()));
    t.clock.set(new Date(latest + 60_000));
    const last = await runJob(t.deps, 'online');
    assert.ok(last.ran && 'counts' in last && last.counts.online_expired === waiting.length, JSON.stringify(last));
    assert.equal(Number((await t.db('presubmissions').where({ status: 'waiting' }).count({ n: '*' }).first())!.n), 0);
    assert.ok(Number((await t.db('outbox_messages').where({ template: 'online_expired' }).count({ n: '*' }).first())!.n) >= waiting.length);
    const counts = await services(t.deps).online.counts({ from: vnInstant('2026-12-01'), to: vnInstant('2027-03-01') }, { agencyId: wardId });
    assert.deepEqual({ received: counts.received, refused: counts.refused, expired: counts.expired }, { received: 1, refused: 1, expired: waiting.length });
    // The processing report says it in a line under its table.
    const report = await services(t.deps).reports.processing(customPeriod('2026-12-01', '2027-02-28'), { agencyId: wardId });
    assert.ok(report.table.notes?.includes(`Hồ sơ nộp trực tuyến (đăng ký trước, đối chiếu tại Bộ phận Một cửa): ${counts.submitted} đăng ký mới trong kỳ; trong kỳ 1 đã tiếp nhận, 1 từ chối tiếp nhận, ${waiting.length} hết hạn không đến đối chiếu.`), JSON.stringify(report.table.notes));
  });
});
