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
    const { agent, csrf } = await signIn(t.app, username);
    const check = await agent.post('/tiep-nhan/2.000815/kiem-tra').type('form').send({ ...form, _csrf: csrf }).expect(200);
    return /name="intake_key" value="([^"]+)"/.exec(check.text)![1]!;
  }
  after(() => t.cleanup());

  test('the procedure list filters without accents and an exact code jumps to the form', async () => {
    const { agent } = await signIn(t.app, 'clerk');
    const list = await agent.get('/tiep-nhan').query({ q: 'chung thuc ban sao' }).expect(200);
    assert.match(list.text, /2\.000815/);
    assert.doesNotMatch(list.text, /1\.001612/);
    const jump = await agent.get('/tiep-nhan').query({ q: '2.000815' }).expect(302);
    assert.equal(jump.headers.location, '/tiep-nhan/2.000815');
  });

  test('a clerk only sees the procedures of their own agency', async () => {
    const { agent } = await signIn(t.app, 'clerk');
    const res = await agent.get('/tiep-nhan/3.000333');
    assert.equal(res.status, 404);
    assert.match(res.text, /không có trong danh mục tiếp nhận của đơn vị bạn/);
  });

  test('invalid input is refused field by field, in Vietnamese, keeping what was typed', async () => {
    const { agent, csrf } = await signIn(t.app, 'clerk');
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
    const { agent, csrf } = await signIn(t.app, 'clerk');
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
    assert.match(dossier.public_token, /^[A-Za-z0-9_-]{32}$/);
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
    const { agent, csrf } = await signIn(t.app, 'clerk');
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
      const { agent, csrf } = await signIn(t.app, 'clerk');
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
    const { agent } = await signIn(t.app, 'clerk.other');
    const d = await t.db('dossiers').first('id');
    const res = await agent.get(`/ho-so/${d.id}`);
    assert.equal(res.status, 403);
    const pdf = await agent.get(`/ho-so/${d.id}/giay-tiep-nhan.pdf`);
    assert.equal(pdf.status, 403);
  });

  test('garbage ids and unknown pages give friendly 404s, never 500s', async () => {
    const { agent } = await signIn(t.app, 'clerk');
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
      const { agent, csrf } = await signIn(t.app, other);
      const res = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: fresh, action: 'confirm', _csrf: csrf });
      assert.equal(res.status, 409, other);
      assert.match(res.text, /Phiên tiếp nhận này do cán bộ khác lập, nên hồ sơ chưa được tiếp nhận/);
      assert.match(res.text, /value="Đỗ Minh Tâm"/, 'the form comes back with what was typed');
      assert.equal(await dossierCount(), before, `nothing created for ${other}`);
    }

    // The maker confirms it; a replay by the maker leads to the same dossier, by anyone else is refused.
    const owner = await signIn(t.app, 'clerk');
    const first = await owner.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: fresh, action: 'confirm', _csrf: owner.csrf }).expect(303);
    assert.equal(await dossierCount(), before + 1);
    const again = await owner.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: fresh, action: 'confirm', _csrf: owner.csrf }).expect(303);
    assert.equal(again.headers.location, `${first.headers.location}?lai=1`);
    for (const other of ['clerk.second', 'clerk.other']) {
      const { agent, csrf } = await signIn(t.app, other);
      const res = await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: fresh, action: 'confirm', _csrf: csrf });
      assert.equal(res.status, 409, other);
      assert.equal(res.headers.location, undefined, 'no redirect to the first dossier');
      assert.match(res.text, /do cán bộ khác lập/);
    }
    // A key rewritten to name the other clerk is a different key: that clerk's own submission.
    const { agent, csrf } = await signIn(t.app, 'clerk.second');
    const secondId = (await t.db('users').where({ username: 'clerk.second' }).first('id')).id;
    const own = fresh.replace(/^\d+\./, `${secondId}.`);
    await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...form, intake_key: own, action: 'confirm', _csrf: csrf }).expect(303);
    assert.equal(await dossierCount(), before + 2);
    const rows = await t.db('dossiers').whereIn('intake_key', [fresh, own]).select('intake_key', 'received_by');
    assert.equal(rows.length, 2);
    assert.equal(rows.find((r) => r.intake_key === own)!.received_by, secondId);
  });

  test('NUL bytes and control characters in intake fields are refused next to the field, nothing written (issue 11 #3)', async () => {
    const { agent, csrf } = await signIn(t.app, 'clerk');
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
    const { agent, csrf } = await signIn(t.app, 'clerk');
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
});
