/**
 * The counter before receipt (issue 13 #3): "Hướng dẫn bổ sung" prints Mẫu 02 with what to
 * bring and no dossier code, "Từ chối tiếp nhận" prints Mẫu 03 signed by the person submitting
 * and the receiving officer. Each is one record; no dossier (nor anything else) is written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { agencyId, binaryParser, buildTestApp, certifiedCopyForm, createStaff, pdfText, signIn, type TestApp } from '../helpers/app.js';
import { flat } from '../helpers/pdf.js';

const TRAN_BIEN = '000.31.01.H26';
const CODE = '2.000815';

/** Every table a 4xx or a counter record might touch, with its row count. */
const WATCHED = ['dossiers', 'dossier_events', 'dossier_documents', 'notification_outbox', 'counter_guidances', 'counter_refusals'];

async function counts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of WATCHED) {
    if (!(await t.db.schema.hasTable(table))) continue;
    out[table] = Number((await t.db(table).count({ n: '*' }).first())?.n);
  }
  return out;
}

async function getPdf(agent: Awaited<ReturnType<typeof signIn>>['agent'], url: string): Promise<{ status: number; text: string; type: string }> {
  const res = await agent.get(url).buffer(true).parse(binaryParser);
  return { status: res.status, type: String(res.headers['content-type'] ?? ''), text: res.status === 200 ? pdfText(res.body as Buffer) : '' };
}

describe('the counter before receipt: guidance (Mẫu 02) and refusal to receive (Mẫu 03)', () => {
  let t: TestApp;
  let clerkId: number;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-24', '10:15') });
    clerkId = await createStaff(t.db, 'clerk', 'clerk', TRAN_BIEN, 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'clerk.other', 'clerk', '000.31.02.H26');
    await createStaff(t.db, 'officer', 'officer', TRAN_BIEN);
    await createStaff(t.db, 'supervisor', 'supervisor', TRAN_BIEN);
    await createStaff(t.db, 'admin', 'admin', TRAN_BIEN);
  });
  after(() => t.cleanup());

  test('the intake form and its check page offer both actions', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const form = await agent.get(`/tiep-nhan/${CODE}`).expect(200);
    assert.match(form.text, /formaction="\/tiep-nhan\/2\.000815\/huong-dan-bo-sung"[^>]*>Hướng dẫn bổ sung</);
    assert.match(form.text, /formaction="\/tiep-nhan\/2\.000815\/tu-choi-tiep-nhan"[^>]*>Từ chối tiếp nhận</);
    const check = await agent.post(`/tiep-nhan/${CODE}/kiem-tra`).type('form').send({ ...certifiedCopyForm(), _csrf: csrf }).expect(200);
    assert.match(check.text, />Hướng dẫn bổ sung</);
    assert.match(check.text, />Từ chối tiếp nhận</);
  });

  test('"Hướng dẫn bổ sung" from the intake form: the applicant and the missing required documents prefilled, nothing written', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const before = await counts(t);
    const res = await agent
      .post(`/tiep-nhan/${CODE}/huong-dan-bo-sung`)
      .type('form')
      .send({ ...certifiedCopyForm({ applicant_name: 'Trần Văn Bình' }), doc_1_received: '', counter_step: 'start', _csrf: csrf })
      .expect(200);
    assert.match(res.text, /value="Trần Văn Bình"/);
    assert.match(res.text, /value="075190001234"/);
    assert.match(res.text, /<textarea[^>]*name="items"[^>]*>Bản chính giấy tờ, văn bản làm cơ sở chứng thực<\/textarea>/);
    assert.deepEqual(await counts(t), before);
  });

  test('a guidance is recorded with the procedure and the clerk; its PDF is Mẫu 02 without a dossier code; no dossier', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const before = await counts(t);
    const res = await agent
      .post(`/tiep-nhan/${CODE}/huong-dan-bo-sung`)
      .type('form')
      .send({
        counter_step: 'issue',
        applicant_name: 'Trần Văn Bình',
        applicant_id_number: '075190001234',
        applicant_phone: '0909 123 456',
        applicant_address: '12 Phan Chu Trinh',
        items: 'Bản chính giấy khai sinh\r\n\r\nBản sao cần chứng thực (2 bản)',
        reason: 'Chưa mang bản chính để đối chiếu theo quy định của thủ tục chứng thực bản sao.',
        _csrf: csrf,
      })
      .expect(303);
    // Issue 20 #6: the confirmation page (form number, what was recorded, the print link in a new tab), not the PDF in the app's tab.
    const m = /^\/tiep-nhan\/huong-dan\/(\d+)$/.exec(res.headers.location ?? '');
    assert.ok(m, res.headers.location);
    const page = await agent.get(res.headers.location!).expect(200);
    assert.match(page.text, /Đã lập phiếu hướng dẫn bổ sung, hoàn thiện hồ sơ/);
    assert.match(page.text, new RegExp(`Mẫu 02 · Số phiếu<br><strong class="dossier-code">${m[1]!.padStart(4, '0')}/PBS</strong>`));
    assert.match(page.text, /<li>Bản chính giấy khai sinh<\/li>/);
    const pdfHref = `/tiep-nhan/huong-dan/${m[1]}/phieu-huong-dan.pdf`;
    assert.match(page.text, new RegExp(`<a class="button" href="${pdfHref}" target="_blank" rel="noopener">In phiếu hướng dẫn</a>`));
    // The clerk's home lists today's, each with its reprint link.
    const home = await agent.get('/').expect(200);
    const section = home.text.split('Hướng dẫn và từ chối tiếp nhận hôm nay')[1] ?? '';
    assert.match(section, new RegExp(`href="/tiep-nhan/huong-dan/${m[1]}">Hướng dẫn bổ sung số ${m[1]!.padStart(4, '0')}</a>`));
    assert.match(section, new RegExp(`href="${pdfHref}" target="_blank" rel="noopener">In lại`));
    const after = await counts(t);
    assert.equal(after.counter_guidances, before.counter_guidances! + 1);
    for (const table of WATCHED.filter((x) => x !== 'counter_guidances')) assert.equal(after[table], before[table], `${table} untouched`);

    const row = await t.db('counter_guidances').where({ id: Number(m[1]) }).first();
    const procedure = await t.db('procedures').where({ code: CODE }).first('id');
    assert.equal(row.procedure_id, procedure.id);
    assert.equal(row.clerk_id, clerkId);
    assert.equal(row.agency_id, await agencyId(t.db, TRAN_BIEN));
    assert.equal(row.applicant_phone, '0909123456');
    assert.equal(row.items, 'Bản chính giấy khai sinh\nBản sao cần chứng thực (2 bản)');

    const pdf = await getPdf(agent, pdfHref);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.type, 'application/pdf');
    const text = flat(pdf.text);
    for (const s of [
      'Mẫu 02',
      `Số: ${String(m[1]).padStart(4, '0')}/PBS`,
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      'Hồ sơ của: Trần Văn Bình',
      'Nội dung yêu cầu giải quyết: Chứng thực bản sao từ bản chính',
      '1. Bản chính giấy khai sinh',
      '2. Bản sao cần chứng thực (2 bản)',
      'Lý do: Chưa mang bản chính để đối chiếu theo quy định của thủ tục chứng thực bản sao.',
      'Hồ sơ chưa được tiếp nhận',
      'NGƯỜI HƯỚNG DẪN',
      'Nguyễn Thị Thu Hà',
    ]) {
      assert.ok(text.includes(s), `missing: ${s}\n${text}`);
    }
    assert.ok(!text.includes('Mã hồ sơ'), 'no dossier code before receipt');
    // Reprinting writes nothing.
    const again = await counts(t);
    assert.equal((await getPdf(agent, pdfHref)).status, 200);
    await agent.get(res.headers.location!).expect(200);
    assert.deepEqual(await counts(t), again);
  });

  test('a refusal to receive is recorded with its reason; Mẫu 03 is signed by the person submitting and the receiving officer; no dossier', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const before = await counts(t);
    const res = await agent
      .post(`/tiep-nhan/${CODE}/tu-choi-tiep-nhan`)
      .type('form')
      .send({
        counter_step: 'issue',
        applicant_name: 'Lê Hoàng Nam',
        applicant_id_number: '',
        applicant_phone: '',
        applicant_address: '',
        reason: 'Giấy tờ đề nghị chứng thực là bản chính do cơ quan nước ngoài cấp, chưa được hợp pháp hóa lãnh sự.\nThuộc thẩm quyền của Phòng Tư pháp.',
        _csrf: csrf,
      })
      .expect(303);
    const m = /^\/tiep-nhan\/tu-choi\/(\d+)$/.exec(res.headers.location ?? '');
    assert.ok(m, res.headers.location);
    const page = await agent.get(res.headers.location!).expect(200);
    assert.match(page.text, /Đã lập phiếu từ chối tiếp nhận hồ sơ/);
    assert.match(page.text, new RegExp(`Mẫu 03 · Số phiếu<br><strong class="dossier-code">${m[1]!.padStart(4, '0')}/PTC</strong>`));
    const pdfHref = `/tiep-nhan/tu-choi/${m[1]}/phieu-tu-choi.pdf`;
    assert.match(page.text, new RegExp(`href="${pdfHref}" target="_blank" rel="noopener">In phiếu từ chối</a>`));
    assert.match((await agent.get('/').expect(200)).text, new RegExp(`href="/tiep-nhan/tu-choi/${m[1]}">Từ chối tiếp nhận số ${m[1]!.padStart(4, '0')}</a>`));
    const after = await counts(t);
    assert.equal(after.counter_refusals, before.counter_refusals! + 1);
    for (const table of WATCHED.filter((x) => x !== 'counter_refusals')) assert.equal(after[table], before[table], `${table} untouched`);
    const row = await t.db('counter_refusals').where({ id: Number(m[1]) }).first();
    assert.equal(row.clerk_id, clerkId);
    assert.equal(row.applicant_id_number, null);
    assert.match(row.reason, /hợp pháp hóa lãnh sự\.\nThuộc thẩm quyền/);

    const pdf = await getPdf(agent, pdfHref);
    assert.equal(pdf.status, 200);
    const text = flat(pdf.text);
    for (const s of ['Mẫu 03', `/PTC`, 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Ông/Bà: Lê Hoàng Nam', 'chưa được hợp pháp hóa lãnh sự.', 'Thuộc thẩm quyền của Phòng Tư pháp.', 'từ chối tiếp nhận hồ sơ với lý do cụ thể như sau:', 'NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ']) {
      assert.ok(text.includes(s), `missing: ${s}\n${text}`);
    }
    assert.match(pdf.text, /Lê Hoàng Nam\s+Nguyễn Thị Thu Hà/, 'both sign: the person submitting and the receiving officer');
    assert.ok(!text.includes('Mã hồ sơ'));
    assert.ok(!text.includes('Số định danh'), 'no ID number line when none was given');
  });

  test('errors re-render the form with the values kept and messages next to the fields; nothing written', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const before = await counts(t);
    const res = await agent
      .post(`/tiep-nhan/${CODE}/huong-dan-bo-sung`)
      .type('form')
      .send({ counter_step: 'issue', applicant_name: '', applicant_id_number: 'xx', applicant_phone: '123', applicant_address: 'Tổ 3, khu phố 5', items: '  ', reason: 'Lý do đã nhập', _csrf: csrf })
      .expect(400);
    assert.match(res.text, /Nhập họ và tên người nộp hoặc tên tổ chức/);
    assert.match(res.text, /Số định danh hoặc mã số tổ chức gồm 3 đến 20/);
    assert.match(res.text, /Số điện thoại không hợp lệ/);
    assert.match(res.text, /Nhập những giấy tờ, nội dung cần bổ sung/);
    assert.match(res.text, /value="Tổ 3, khu phố 5"/);
    assert.match(res.text, />Lý do đã nhập<\/textarea>/);
    assert.match(res.text, /class="error-summary"/);

    const refusal = await agent.post(`/tiep-nhan/${CODE}/tu-choi-tiep-nhan`).type('form').send({ counter_step: 'issue', applicant_name: 'Lê\u0000Nam', reason: '', _csrf: csrf }).expect(400);
    assert.match(refusal.text, /Nhập lý do cụ thể từ chối tiếp nhận hồ sơ/);
    assert.match(refusal.text, /Nội dung có ký tự không hợp lệ \(ký tự điều khiển\)/);
    assert.deepEqual(await counts(t), before);
  });

  test('a procedure the clerk\'s agency does not receive is refused (404), nothing written', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const before = await counts(t);
    for (const path of ['/tiep-nhan/3.000333/huong-dan-bo-sung', '/tiep-nhan/3.000333/tu-choi-tiep-nhan']) {
      const res = await agent.post(path).type('form').send({ counter_step: 'issue', applicant_name: 'Lê Hoàng Nam', items: 'Tờ khai', reason: 'Thiếu', _csrf: csrf });
      assert.equal(res.status, 404, path);
      assert.match(res.text, /không có trong danh mục tiếp nhận của đơn vị bạn/);
      assert.equal((await agent.get(path)).status, 404);
    }
    assert.deepEqual(await counts(t), before);
  });

  test('clerks only; another agency\'s clerk sees nothing of the records; garbage ids are 404', async () => {
    const g = await t.db('counter_guidances').first('id');
    const r = await t.db('counter_refusals').first('id');
    const urls = [`/tiep-nhan/huong-dan/${g.id}/phieu-huong-dan.pdf`, `/tiep-nhan/tu-choi/${r.id}/phieu-tu-choi.pdf`];
    for (const role of ['officer', 'supervisor', 'admin']) {
      const { agent, csrf } = await signIn(t.http, role);
      for (const url of [...urls, `/tiep-nhan/${CODE}/huong-dan-bo-sung`]) assert.equal((await agent.get(url)).status, 403, `${role} ${url}`);
      const post = await agent.post(`/tiep-nhan/${CODE}/tu-choi-tiep-nhan`).type('form').send({ counter_step: 'issue', applicant_name: 'A', reason: 'B', _csrf: csrf });
      assert.equal(post.status, 403, role);
    }
    const other = await signIn(t.http, 'clerk.other');
    for (const url of urls) {
      const res = await other.agent.get(url);
      assert.equal(res.status, 404, url);
    }
    const { agent } = await signIn(t.http, 'clerk');
    for (const url of ['/tiep-nhan/huong-dan/abc/phieu-huong-dan.pdf', '/tiep-nhan/tu-choi/99999/phieu-tu-choi.pdf', '/tiep-nhan/huong-dan/0/phieu-huong-dan.pdf']) {
      assert.equal((await agent.get(url)).status, 404, url);
    }
    // Signed out: the sign-in page.
    const anon = await (await import('supertest')).default(t.app).get(urls[0]!);
    assert.ok([302, 303].includes(anon.status), `anonymous: ${anon.status}`);
  });

  test('countsFor: guidances and refusals per agency and procedure in the period, and only the agencies asked for', async () => {
    const svc = (await import('../../src/services.js')).services(t.deps);
    const tranBien = await agencyId(t.db, TRAN_BIEN);
    const procedure = await t.db('procedures').where({ code: CODE }).first('id');
    const period = { from: vnInstant('2026-11-24', '00:00'), before: vnInstant('2026-11-25', '00:00') };
    const rows = await svc.counter.countsFor(period);
    assert.deepEqual(rows, [{ agencyId: tranBien, procedureId: procedure.id, guidances: 1, refusals: 1 }]);
    assert.deepEqual(await svc.counter.countsFor(period, [await agencyId(t.db, '000.31.02.H26')]), []);
    assert.deepEqual(await svc.counter.countsFor({ from: vnInstant('2026-11-25', '00:00'), before: vnInstant('2026-11-26', '00:00') }), []);
  });
});

describe('the counter forms in the 2018 numbering with a deployment suffix (FORM_NUMBERING=2018, FORM_SUFFIXES)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-24', '10:15'), env: { FORM_NUMBERING: '2018', FORM_SUFFIXES: 'supplement=PYCBS,refusal=TCTN' } });
    await createStaff(t.db, 'clerk', 'clerk', TRAN_BIEN, 'Nguyễn Thị Thu Hà');
  });
  after(() => t.cleanup());

  test('labels and suffixes come from the registry', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const g = await agent.post(`/tiep-nhan/${CODE}/huong-dan-bo-sung`).type('form').send({ counter_step: 'issue', applicant_name: 'Trần Văn Bình', items: 'Tờ khai', reason: 'Thiếu tờ khai', _csrf: csrf }).expect(303);
    const gText = flat((await getPdf(agent, `${g.headers.location!}/phieu-huong-dan.pdf`)).text);
    assert.match((await agent.get(g.headers.location!).expect(200)).text, /Mẫu 02 · Số phiếu<br><strong class="dossier-code">\d{4}\/PYCBS<\/strong>/);
    assert.ok(gText.includes('Mẫu 02') && /Số: \d{4}\/PYCBS/.test(gText), gText);
    const r = await agent.post(`/tiep-nhan/${CODE}/tu-choi-tiep-nhan`).type('form').send({ counter_step: 'issue', applicant_name: 'Trần Văn Bình', reason: 'Không thuộc thẩm quyền', _csrf: csrf }).expect(303);
    const rText = flat((await getPdf(agent, `${r.headers.location!}/phieu-tu-choi.pdf`)).text);
    assert.ok(rText.includes('Mẫu 03') && /Số: \d{4}\/TCTN/.test(rText), rText);
  });
});
