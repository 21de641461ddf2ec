import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, signIn, type TestApp } from '../helpers/app.js';

const TRAN_BIEN = '000.31.01.H26';

describe('counter intake', () => {
  let t: TestApp;
  before(async () => {
    // Monday 23 November 2026, 09:00 in Vietnam.
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00') });
    await createStaff(t.db, 'clerk', 'clerk', TRAN_BIEN, 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'clerk.other', 'clerk', '000.31.02.H26');
    await createStaff(t.db, 'clerk.tuphap', 'clerk', '000.00.12.H26');
    await createStaff(t.db, 'clerk.second', 'clerk', TRAN_BIEN);
  });

  const dossierCount = () => t.db('dossiers').count({ n: '*' }).first().then((r) => Number(r?.n));
  /** The intake key of a fresh check page of `username`, with the form it was made for. */
  async function checkPageKey(username: string, form: Record<string, string>): Promise<string> {
    const { agent, csrf } = await signIn(t.http, username);
    const check = await agent.post('/tiep-nhan/2.000815/kiem-tra').type('form').send({ ...form, _csrf: csrf }).expect(200);
    return /name="intake_key" value="([^"]+)"/.exec(check.text)![1]!;
  }
  after(() => t.cleanup());

  test('the procedure list filters without accents and an exact code jumps to the form', async () => {
    const { agent } = await signIn(t.http, 'clerk');
    const list = await agent.get('/tiep-nhan').query({ q: 'chung thuc ban sao' }).expect(200);
    assert.match(list.text, /2\.000815/);
    assert.doesNotMatch(list.text, /1\.001612/);
    const jump = await agent.get('/tiep-nhan').query({ q: '2.000815' }).expect(302);
    assert.equal(jump.headers.location, '/tiep-nhan/2.000815');
  });

  test('a clerk only sees the procedures of their own agency', async () => {
    const { agent } = await signIn(t.http, 'clerk');
    const res = await agent.get('/tiep-nhan/3.000333');
    assert.equal(res.status, 404);
    assert.match(res.text, /không có trong danh mục tiếp nhận của đơn vị bạn/);
  });

  test('invalid input is refused field by field, in Vietnamese, keeping what was typed', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const res = await agent
      .post('/tiep-nhan/2.000815/kiem-tra')
      .type('form')
      .send({ ...certifiedCopyForm({ applicant_id_number: '07519', applicant_phone: '12345', applicant_email: 'không-phải-email', applicant_address: 'Số 5 đường Võ Thị Sáu' }), doc_1_received: '', _csrf: csrf });
    assert.equal(res.status, 400);
    assert.match(res.text, /Số định danh cá nhân phải gồm đúng 12 chữ số/);
    assert.match(res.text, /Số điện thoại không hợp lệ/);
    assert.match(res.text, /Địa chỉ thư điện tử không hợp lệ/);
    assert.match(res.text, /Hồ sơ chưa đủ thành phần bắt buộc: Bản chính giấy tờ, văn bản làm cơ sở chứng thực/);
    assert.match(res.text, /value="Số 5 đường Võ Thị Sáu"/);
    assert.match(res.text, /value="Nguyễn Thị Thảo"/);
    assert.equal(await t.db('dossiers').count({ n: '*' }).first().then((r) => Number(r?.n)), 0);
  });

  test('check answers, confirm: the dossier gets its national code, appointment, documents and first event', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    // The name arrives decomposed (NFD), as some keyboards send it; it is stored composed (NFC).
    const form = certifiedCopyForm({ applicant_name: 'Nguyễn Thị Thảo'.normalize('NFD'), note: '  cần   gấp  ' });
    const check = await agent.post('/tiep-nhan/2.000815/kiem-tra').type('form').send({ ...form, _csrf: csrf }).expect(200);
    assert.match(check.text, /Kiểm tra thông tin trước khi tiếp nhận/);
    assert.match(check.text, /17:00, Thứ Hai 23\/11\/2026/); // same-day procedure before 15:00
    const key = /name="intake_key" value="([^"]+)"/.exec(check.text)![1]!;

    const confirm = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: key, action: 'confirm', _csrf: csrf });
    assert.equal(confirm.status, 303);
    const dossier = await t.db('dossiers').first();
    assert.equal(confirm.headers.location, `/ho-so/${dossier.id}/da-tiep-nhan`);
    assert.equal(dossier.code, '000.31.01.H26-261123-0001');
    assert.equal(dossier.applicant_name, 'Nguyễn Thị Thảo'.normalize('NFC'));
    assert.equal(dossier.applicant_name_folded, 'nguyen thi thao');
    assert.equal(dossier.applicant_phone, '0987654321');
    assert.equal(dossier.note, 'cần gấp');
    assert.equal(dossier.status, 'received');
    assert.match(dossier.public_token, /^[a-z2-7]{39}$/, '192 bits in base32: no punctuation in the printed address');
    assert.equal(new Date(dossier.due_at).getTime(), vnInstant('2026-11-23', '17:00').getTime());

    const docs = await t.db('dossier_documents').where({ dossier_id: dossier.id }).orderBy('position');
    assert.deepEqual(
      docs.map((d) => [d.position, d.originals, d.certified_copies, d.copies]),
      [
        [1, 1, 0, 0],
        [2, 0, 0, 3],
      ],
    );
    const events = await t.db('dossier_events').where({ dossier_id: dossier.id });
    assert.equal(events.length, 1);
    assert.equal(events[0].type, 'received');
    assert.equal(events[0].to_status, 'received');

    const page = await agent.get(confirm.headers.location).expect(200);
    assert.match(page.text, /Đã tiếp nhận hồ sơ/);
    assert.match(page.text, /000\.31\.01\.H26-261123-0001/);
    assert.match(page.text, /giay-tiep-nhan\.pdf/);

    // A second click on "confirm" (same form) does not make a second dossier: it leads to the
    // same dossier's confirmation, which says it was already received.
    const again = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: key, action: 'confirm', _csrf: csrf });
    assert.equal(again.headers.location, `${confirm.headers.location}?lai=1`);
    assert.equal(await t.db('dossiers').count({ n: '*' }).first().then((r) => Number(r?.n)), 1);
    const notice = await agent.get(again.headers.location).expect(200);
    assert.match(notice.text, /Hồ sơ này đã được tiếp nhận/);
    assert.match(notice.text, /000\.31\.01\.H26-261123-0001/);
    assert.doesNotMatch(page.text, /Hồ sơ này đã được tiếp nhận/, 'no notice on the first confirmation');
  });

  test('"edit" on the check page goes back to the form with the values', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const res = await agent
      .post('/tiep-nhan/2.000815/xac-nhan')
      .type('form')
      .send({ ...certifiedCopyForm({ applicant_address: 'Tổ 7, khu phố Bình Dương' }), action: 'edit', _csrf: csrf })
      .expect(200);
    assert.match(res.text, /value="Tổ 7, khu phố Bình Dương"/);
    assert.match(res.text, /Tiếp tục/);
  });

  test('a working-days procedure after hours is due N working days from the next opening', async () => {
    t.clock.set(vnInstant('2026-11-27', '17:30')); // Friday evening
    try {
      const { agent, csrf } = await signIn(t.http, 'clerk');
      const form = {
        ...certifiedCopyForm(),
        doc_1_received: 'on',
        doc_2_received: 'on',
        doc_3_received: 'on',
        doc_4_received: 'on',
      };
      const res = await agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: csrf }).expect(303);
      const id = dossierIdFromRedirect(res.headers.location);
      const d = await t.db('dossiers').where({ id }).first();
      assert.equal(d.code, '000.31.01.H26-261127-0001');
      // 3 working days from Monday 30/11 08:00 → Wednesday 2/12 17:00.
      assert.equal(new Date(d.due_at).getTime(), vnInstant('2026-12-02', '17:00').getTime());
    } finally {
      t.clock.set(vnInstant('2026-11-23', '09:00'));
    }
  });

  test('a clerk cannot open another agency’s dossier', async () => {
    const { agent } = await signIn(t.http, 'clerk.other');
    const d = await t.db('dossiers').first('id');
    const res = await agent.get(`/ho-so/${d.id}`);
    assert.equal(res.status, 403);
    const pdf = await agent.get(`/ho-so/${d.id}/giay-tiep-nhan.pdf`);
    assert.equal(pdf.status, 403);
  });

  test('garbage ids and unknown pages give friendly 404s, never 500s', async () => {
    const { agent } = await signIn(t.http, 'clerk');
    for (const url of ['/ho-so/abc', '/ho-so/99999', '/ho-so/1e9/giay-tiep-nhan.pdf', '/khong-co-trang-nay']) {
      const res = await agent.get(url);
      assert.equal(res.status, 404, url);
      assert.match(res.text, /Không tìm thấy/);
    }
  });

  test('an intake key is its clerk’s: a replay by another clerk is refused with a message and creates nothing (issue 11 #8)', async () => {
    const form = certifiedCopyForm({ applicant_name: 'Đỗ Minh Tâm', applicant_id_number: '075190009999' });
    const before = await dossierCount();

    // A key never used yet, posted by a clerk of the same agency and by one of another agency.
    const fresh = await checkPageKey('clerk', form);
    for (const other of ['clerk.second', 'clerk.other']) {
      const { agent, csrf } = await signIn(t.http, other);
      const res = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: fresh, action: 'confirm', _csrf: csrf });
      assert.equal(res.status, 409, other);
      assert.match(res.text, /Phiên tiếp nhận này do cán bộ khác lập, nên hồ sơ chưa được tiếp nhận/);
      assert.match(res.text, /value="Đỗ Minh Tâm"/, 'the form comes back with what was typed');
      assert.equal(await dossierCount(), before, `nothing created for ${other}`);
    }

    // The maker confirms it; a replay by the maker leads to the same dossier, by anyone else is refused.
    const owner = await signIn(t.http, 'clerk');
    const first = await owner.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: fresh, action: 'confirm', _csrf: owner.csrf }).expect(303);
    assert.equal(await dossierCount(), before + 1);
    const again = await owner.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: fresh, action: 'confirm', _csrf: owner.csrf }).expect(303);
    assert.equal(again.headers.location, `${first.headers.location}?lai=1`);
    for (const other of ['clerk.second', 'clerk.other']) {
      const { agent, csrf } = await signIn(t.http, other);
      const res = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: fresh, action: 'confirm', _csrf: csrf });
      assert.equal(res.status, 409, other);
      assert.equal(res.headers.location, undefined, 'no redirect to the first dossier');
      assert.match(res.text, /do cán bộ khác lập/);
    }
    // A key rewritten to name the other clerk is a different key: that clerk's own submission.
    const { agent, csrf } = await signIn(t.http, 'clerk.second');
    const secondId = (await t.db('users').where({ username: 'clerk.second' }).first('id')).id;
    const own = fresh.replace(/^\d+\./, `${secondId}.`);
    await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: own, action: 'confirm', _csrf: csrf }).expect(303);
    assert.equal(await dossierCount(), before + 2);
    const rows = await t.db('dossiers').whereIn('intake_key', [fresh, own]).select('intake_key', 'received_by');
    assert.equal(rows.length, 2);
    assert.equal(rows.find((r) => r.intake_key === own)!.received_by, secondId);
  });

  test('NUL bytes and control characters in intake fields are refused next to the field, nothing written (issue 11 #3)', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const before = await dossierCount();
    const cases: Array<[field: string, value: string]> = [
      ['applicant_name', 'Nguyễn\u0000Văn An'],
      ['applicant_id_number', '075190001234\u0000'],
      ['applicant_phone', '0987654321\u0000'],
      ['applicant_email', 'an\u0000@example.com'],
      ['applicant_address', '12 Phan Chu Trinh\u0000'],
      ['applicant_address', 'Khu phố 3\u0007, phường Trấn Biên'],
      ['representative_name', 'Lê\u001bVăn B'],
      ['note', 'cần gấp\u0000'],
      ['note', 'ghi chú\u0085'],
      ['sets_count', '1\u0000'],
      ['doc_1_originals', '1\u0000'],
      ['doc_99_name', 'Giấy xác nhận\u0000'],
    ];
    for (const [field, value] of cases) {
      for (const step of ['kiem-tra', 'xac-nhan']) {
        const res = await agent
          .post(`/tiep-nhan/2.000815/${step}`)
          .type('form')
          .send({ ...certifiedCopyForm({ [field]: value }), action: 'confirm', _csrf: csrf });
        assert.equal(res.status, 400, `${field} ${JSON.stringify(value)} on ${step}`);
        assert.match(res.text, /class="error-summary"/);
        assert.match(res.text, new RegExp(`href="#${field}"`), `${field}: the summary links to the field`);
        if (!['applicant_name', 'applicant_id_number', 'applicant_phone', 'applicant_email', 'sets_count', 'doc_1_originals'].includes(field)) {
          assert.match(res.text, /ký tự không hợp lệ \(ký tự điều khiển\)/, field);
        }
      }
    }
    assert.equal(await dossierCount(), before, 'nothing written');
    assert.equal(await t.db('dossier_documents').where('name', 'like', '%Giấy xác nhận%').count({ n: '*' }).first().then((r) => Number(r?.n)), 0);

    // The path's procedure code and the picker's query through the kit too: 404 and 400, never 5xx.
    for (const url of ['/tiep-nhan/%00', '/tiep-nhan/2.000815%00', `/tiep-nhan/${'9'.repeat(5000)}`, '/tiep-nhan/%E2%80%AE']) {
      const res = await agent.get(url);
      assert.equal(res.status, 404, url);
      assert.match(res.text, /không có trong danh mục tiếp nhận của đơn vị bạn/);
    }
    const post = await agent.post('/tiep-nhan/%00/xac-nhan').type('form').send({ ...certifiedCopyForm(), action: 'confirm', _csrf: csrf });
    assert.equal(post.status, 404);
    const q = await agent.get('/tiep-nhan').query({ q: 'chung\u0000thuc' });
    assert.equal(q.status, 400);
    assert.match(q.text, /ký tự không hợp lệ/);
    assert.equal(await dossierCount(), before);
  });

  test('the form asks "cá nhân/tổ chức" and the representative; a form posted without the choice is a person, as before 2025', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const form = await agent.get('/tiep-nhan/2.000815').expect(200);
    assert.match(form.text, /<legend>Tổ chức, cá nhân nộp hồ sơ<\/legend>/);
    assert.match(form.text, /id="applicant_kind_person" name="applicant_kind" value="person" checked/);
    assert.match(form.text, /name="organisation_code"/);
    for (const name of ['representative_name', 'representative_id_number', 'representative_address', 'representative_phone', 'representative_email', 'authorisation_paper']) {
      assert.match(form.text, new RegExp(`name="${name}"`), name);
    }
    const legacy = certifiedCopyForm();
    assert.ok(!('applicant_kind' in legacy));
    const res = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...legacy, action: 'confirm', _csrf: csrf }).expect(303);
    const row = await t.db('dossiers').where({ id: dossierIdFromRedirect(res.headers.location) }).first('applicant_kind', 'organisation_code', 'representative_id_number');
    assert.deepEqual({ ...row }, { applicant_kind: 'person', organisation_code: null, representative_id_number: null });
  });
  // ------------------------------------------------------------------ the check page (issue 20)

  /** The hidden fields of the check page's form with this id, as the browser posts them. */
  function hiddenFieldsOf(html: string, formId: string): Record<string, string> {
    const form = new RegExp(`<form [^>]*id="${formId}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1];
    assert.ok(form, `a form #${formId} on the page`);
    const fields: Record<string, string> = {};
    for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = m[2]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    return fields;
  }
  /** The ids of the elements carrying autofocus. */
  const autofocused = (html: string) => [...html.matchAll(/<(?:input|textarea|select|button|div)\b[^>]*?\bautofocus\b[^>]*>/g)].map((m) => /\bid="([^"]+)"/.exec(m[0])?.[1] ?? '?');

  const PERSON = {
    applicant_birth_date: '05/09/1990', // 075 1 90 …: a woman born in 1990
    applicant_sex: 'female',
    applicant_email: 'thao@example.vn',
    note: 'Nộp kèm bản dịch',
    representative_name: 'Trần Đức Long',
    representative_id_number: '079085004321',
    representative_phone: '0903111222',
    authorisation_paper: 'Giấy ủy quyền số 3',
    doc_99_name: 'Tờ khai bổ sung',
    doc_99_copies: '1',
  };

  test('the check page shows every answer, date of birth and sex included, each row with a "Thay đổi" back to its own field', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const before = await dossierCount();
    const check = await agent.post('/tiep-nhan/2.000815/kiem-tra').type('form').send({ ...certifiedCopyForm(PERSON), documents_checked: '', _csrf: csrf }).expect(200);
    const html = check.text;
    // Every row of the summary lists: label, value and the field its "Thay đổi" posts back to.
    const rows = [...html.matchAll(/<div>\s*<dt>([^<]+)<\/dt>\s*<dd>([\s\S]*?)<\/dd>\s*<dd class="summary-actions">([\s\S]*?)<\/dd>\s*<\/div>/g)].map((m) => ({
      label: m[1]!,
      value: m[2]!.replace(/<[^>]+>/g, '').trim(),
      field: /name="sua" value="([^"]+)"/.exec(m[3]!)?.[1] ?? null,
      target: /formaction="([^"]+)"/.exec(m[3]!)?.[1] ?? null,
    }));
    const byField = new Map(rows.filter((r) => r.field).map((r) => [r.field!, r]));
    const expected: Array<[string, string, string]> = [
      ['applicant_kind', 'Tổ chức, cá nhân nộp hồ sơ', 'Cá nhân'],
      ['applicant_name', 'Họ và tên', 'Nguyễn Thị Thảo'],
      ['applicant_id_number', 'Số định danh cá nhân', '075190001234'],
      ['applicant_birth_date', 'Ngày sinh', '05/09/1990'],
      ['applicant_sex', 'Giới tính', 'Nữ'],
      ['applicant_phone', 'Số điện thoại', '0987654321'],
      ['applicant_email', 'Thư điện tử', 'thao@example.vn'],
      ['applicant_address', 'Địa chỉ', '12 Phan Chu Trinh, phường Trấn Biên, tỉnh Đồng Nai'],
      ['representative_name', 'Họ và tên', 'Trần Đức Long'],
      ['representative_id_number', 'Số định danh cá nhân', '079085004321'],
      ['representative_address', 'Địa chỉ', 'Không ghi'],
      ['representative_phone', 'Số điện thoại', '0903111222'],
      ['representative_email', 'Thư điện tử', 'Không có'],
      ['authorisation_paper', 'Giấy ủy quyền', 'Giấy ủy quyền số 3'],
      ['result_delivery', 'Hình thức nhận kết quả', 'Nhận trực tiếp tại Bộ phận Một cửa'],
      ['note', 'Ghi chú', 'Nộp kèm bản dịch'],
      ['sets_count', 'Số bộ hồ sơ', '1'],
    ];
    // A field's landing element: its input, or a radio group's chosen radio.
    const focusOf: Record<string, string> = { applicant_kind: 'applicant_kind_person', applicant_sex: 'applicant_sex_female', result_delivery: 'result_delivery_counter' };
    for (const [field, label, value] of expected) {
      const row = byField.get(field);
      assert.ok(row, `a "Thay đổi" row for ${field}`);
      assert.equal(row.label, label, field);
      assert.equal(row.value, value, field);
      assert.equal(row.target, `/tiep-nhan/2.000815/xac-nhan#${focusOf[field] ?? field}`, `${field}: back to the form, at the field`);
    }
    // The rows without a change are the ones the clerk cannot change: the procedure's time, the appointment.
    assert.deepEqual(rows.filter((r) => !r.field).map((r) => r.label), ['Thời hạn giải quyết', 'Hẹn trả kết quả (nếu tiếp nhận ngay)']);
    // Each document received, with its counts and its own "Thay đổi".
    const docs = [...html.matchAll(/<tr><td>(\d+)<\/td><td>([^<]+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td>\s*<td class="summary-actions">([\s\S]*?)<\/td><\/tr>/g)].map((m) => [m[2], m[3], m[4], m[5], /name="sua" value="([^"]+)"/.exec(m[6]!)?.[1]]);
    assert.deepEqual(docs, [
      ['Bản chính giấy tờ, văn bản làm cơ sở chứng thực', '1', '0', '0', 'doc_1_received'],
      ['Bản sao cần chứng thực', '0', '0', '3', 'doc_2_received'],
      ['Tờ khai bổ sung', '0', '0', '1', 'doc_99_name'],
    ]);
    // The change buttons post the edit form (the answers, action=edit), never the confirm form.
    const changeButtons = [...html.matchAll(/<button [^>]*name="sua"[^>]*>/g)].map((m) => m[0]);
    assert.equal(changeButtons.length, expected.length + docs.length);
    for (const b of changeButtons) assert.match(b, /form="intake-edit"/);
    assert.equal(hiddenFieldsOf(html, 'intake-edit').action, 'edit');
    // One deliberate control, unticked, with the focus; "Xác nhận tiếp nhận" is the confirm form's first button (Enter on the box confirms).
    const box = /<input type="checkbox" id="documents_checked" name="documents_checked" value="on"[^>]*>/.exec(html)?.[0];
    assert.ok(box, 'the box');
    assert.match(box, /\sautofocus>$/);
    assert.doesNotMatch(box, /\schecked[\s>]/, 'not ticked');
    assert.deepEqual(autofocused(html), ['documents_checked']);
    assert.match(html, /<label for="documents_checked">Đã kiểm tra đủ thành phần hồ sơ<\/label>/);
    const confirmForm = /<form [^>]*id="intake-confirm"[^>]*>([\s\S]*?)<\/form>/.exec(html)![1]!;
    assert.match(/<button [^>]*>[^<]*/.exec(confirmForm)![0], /name="action" value="confirm"[^>]*>Xác nhận tiếp nhận$/);
    assert.ok(!('documents_checked' in hiddenFieldsOf(html, 'intake-confirm')), 'the box is not carried from the form');

    // Each "Thay đổi", as the browser posts it: the form again, the values kept, the focus on that field only.
    const edit = hiddenFieldsOf(html, 'intake-edit');
    for (const field of [...expected.map((e) => e[0]), ...docs.map((d) => d[4]!)]) {
      const back = await agent.post(`/tiep-nhan/2.000815/xac-nhan`).type('form').send({ ...edit, sua: field }).expect(200);
      assert.match(back.text, /<form method="post" action="\/tiep-nhan\/2\.000815\/kiem-tra#loi" id="form"/, field);
      assert.deepEqual(autofocused(back.text), [focusOf[field] ?? field], `${field}: the focus on the field`);
      assert.match(back.text, /value="Trần Đức Long"/, `${field}: the values kept`);
      assert.match(back.text, /id="applicant_birth_date" name="applicant_birth_date" type="text" value="05\/09\/1990"/);
      assert.doesNotMatch(back.text, /class="error-summary"/);
    }
    // "Sửa thông tin" (no field) and a field that is not the form's: the form as before, the scan field focused.
    for (const sua of [undefined, 'password', 'doc_7_received']) {
      const back = await agent.post(`/tiep-nhan/2.000815/xac-nhan`).type('form').send({ ...edit, ...(sua ? { sua } : {}) }).expect(200);
      assert.deepEqual(autofocused(back.text), ['cccd_scan'], String(sua));
    }
    assert.equal(await dossierCount(), before, 'the check page and its changes write nothing');
  });

  test('an organisation\'s check page: its name and code, each with its "Thay đổi"', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const org = { applicant_kind: 'organisation', applicant_name: 'Công ty TNHH Ánh Dương', organisation_code: '3600123456', applicant_id_number: '', representative_name: 'Trần Đức Long', representative_id_number: '079085004321' };
    const check = await agent.post('/tiep-nhan/2.000815/kiem-tra').type('form').send({ ...certifiedCopyForm(org), _csrf: csrf }).expect(200);
    for (const [label, value, field] of [
      ['Tổ chức, cá nhân nộp hồ sơ', 'Tổ chức', 'applicant_kind'],
      ['Tên tổ chức', 'Công ty TNHH Ánh Dương', 'applicant_name'],
      ['Mã số thuế / mã số tổ chức', '3600123456', 'organisation_code'],
    ]) {
      assert.match(check.text, new RegExp(`<dt>${label}</dt>\\s*<dd>${value}</dd>\\s*<dd class="summary-actions">\\s*<button [^>]*name="sua" value="${field}" formaction="/tiep-nhan/2\\.000815/xac-nhan#${field === 'applicant_kind' ? 'applicant_kind_organisation' : field}"`), label);
    }
    assert.doesNotMatch(check.text, /<dt>Ngày sinh<\/dt>/);
    const back = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...hiddenFieldsOf(check.text, 'intake-edit'), sua: 'applicant_kind' }).expect(200);
    assert.deepEqual(autofocused(back.text), ['applicant_kind_organisation']);
  });

  test('confirming without "Đã kiểm tra đủ thành phần hồ sơ": 400, the check page with the error summary linking to the box, nothing written; ticked: received', async () => {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const check = await agent.post('/tiep-nhan/2.000815/kiem-tra').type('form').send({ ...certifiedCopyForm({ applicant_id_number: '075190005555', applicant_birth_date: '01/02/1990', applicant_sex: 'female' }), _csrf: csrf }).expect(200);
    const confirm = { ...hiddenFieldsOf(check.text, 'intake-confirm'), action: 'confirm' };
    const before = { dossiers: await dossierCount(), events: Number((await t.db('dossier_events').count({ n: '*' }).first())?.n) };

    for (const box of [undefined, '', '   ']) {
      const refused = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send(box === undefined ? confirm : { ...confirm, documents_checked: box });
      assert.equal(refused.status, 400, String(box));
      assert.match(refused.text, /<div class="error-summary" id="loi" role="alert" tabindex="-1" autofocus/);
      assert.match(refused.text, /<a href="#documents_checked">Đối chiếu giấy tờ người nộp mang đến với danh sách thành phần hồ sơ, rồi đánh dấu “Đã kiểm tra đủ thành phần hồ sơ” trước khi xác nhận tiếp nhận<\/a>/);
      assert.match(refused.text, /id="documents_checked" name="documents_checked" value="on"\s+aria-describedby="documents_checked-hint documents_checked-error" aria-invalid="true">/);
      // Still the check page, with the same answers and key, the focus on the summary.
      assert.match(refused.text, /<h1>Kiểm tra thông tin trước khi tiếp nhận<\/h1>/);
      assert.match(refused.text, /<dt>Ngày sinh<\/dt>\s*<dd>01\/02\/1990<\/dd>/);
      assert.deepEqual(hiddenFieldsOf(refused.text, 'intake-confirm'), hiddenFieldsOf(check.text, 'intake-confirm'));
      assert.deepEqual(autofocused(refused.text), ['loi']);
    }
    assert.equal(await dossierCount(), before.dossiers, 'no dossier');
    assert.equal(Number((await t.db('dossier_events').count({ n: '*' }).first())?.n), before.events, 'no event');
    assert.equal(await t.db('dossiers').where({ applicant_id_number: '075190005555' }).first(), undefined);

    const received = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...confirm, documents_checked: 'on' }).expect(303);
    const id = dossierIdFromRedirect(received.headers.location);
    assert.equal(received.headers.location, `/ho-so/${id}/da-tiep-nhan`);
    assert.equal((await t.db('dossiers').where({ id }).first()).applicant_id_number, '075190005555');
    assert.equal(await t.db('dossier_documents').where({ dossier_id: id }).count({ n: '*' }).first().then((r) => Number(r?.n)), 2);
    const page = await agent.get(received.headers.location).expect(200);
    assert.match(page.text, /Đã tiếp nhận hồ sơ/);
    const pdf = await agent.post(`/ho-so/${id}/in-giay-tiep-nhan`).type('form').send({ _csrf: csrf }).expect(303);
    assert.equal((await agent.get(String(pdf.headers.location)).expect(200)).headers['content-type'], 'application/pdf');
  });
});
