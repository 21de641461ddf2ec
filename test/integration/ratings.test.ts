import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { toDate } from '../../src/db/knex.js';
import { vnInstant } from '../../src/domain/time.js';
import { insertRating, ratingSummary, unsatisfiedWithComments } from '../../src/features/ratings/ratings.repo.js';
import { services } from '../../src/services.js';
import { buildTestApp, signIn, type TestApp } from '../helpers/app.js';
import { act, APPLICANT, citizen, dossierAt as dossierAtStage, twoWards, type Agent, type Citizen, type TwoWards } from '../helpers/two-wards.js';

const rows = (t: TestApp, dossierId: number) => t.db('dossier_ratings').where({ dossier_id: dossierId });

/** Unsatisfied ratings a staff member still has to follow up (the home page's number). */
async function svcCount(t: TestApp, username: string): Promise<number> {
  const user = await t.db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.username', username).first('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'a.name');
  return services(t.deps).ratings.toFollowUpCount({ id: user.id, username: user.username, fullName: user.full_name, role: user.role, agencyId: user.agency_id, agencyName: user.name });
}

describe('citizen satisfaction ratings', () => {
  let t: TestApp;
  let clerk: Agent;
  let officer: Agent;
  let wardId: number;
  let tamHiepId: number;
  let officerId: number;
  let officer2Id: number;

  let w: TwoWards;
  /** A ward dossier assigned to the officer, carried to `stage` (the result marked ready by `completedBy`); handed back against the applicant's name and ID. */
  const dossierAt = (stage: 'in_progress' | 'result_ready' | 'returned', opts: { agency?: 'tb' | 'th'; completedBy?: 'officer' | 'officer2' } = {}) =>
    dossierAtStage(t, w, stage, { ...opts, returnNote: `${APPLICANT.applicant_name}, CCCD ${APPLICANT.applicant_id_number}` });

  async function rate(token: string, fields: Record<string, string>, who?: Citizen) {
    const c = who ?? (await citizen(t));
    return c.agent.post(`/s/${token}/danh-gia`).type('form').send({ _csrf: c.csrf, ...fields });
  }

  before(async () => {
    // Monday 23/11/2026 09:00. The clock later moves three weeks on; sessions must outlive it.
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00'), env: { SESSION_TTL_HOURS: '720', LOOKUP_RATE_LIMIT: '1000' } });
    w = await twoWards(t);
    ({ wardId, tamHiepId, officerId, officer2Id, clerk, officer } = w);
  });
  after(() => t.cleanup());

  test('the invitation appears only once the result is returned; before that a POST is refused', async () => {
    t.clock.set(vnInstant('2026-11-23', '10:00'));
    const d = await dossierAt('in_progress');
    let page = await request(t.http).get(`/s/${d.token}`).expect(200);
    assert.doesNotMatch(page.text, /danh-gia/);
    assert.doesNotMatch(page.text, /name="level"/);

    await act(t, officer, d.id, 'mark_result_ready');
    page = await request(t.http).get(`/s/${d.token}`).expect(200);
    assert.match(page.text, /Đã có kết quả, chờ trả/);
    assert.doesNotMatch(page.text, /name="level"/);

    const early = await rate(d.token, { level: 'very_satisfied' });
    assert.equal(early.status, 409);
    assert.match(early.text, /Hồ sơ chưa trả kết quả nên chưa thể đánh giá/);
    assert.doesNotMatch(early.text, /name="level"/);
    assert.equal((await rows(t, d.id)).length, 0);

    await act(t, clerk, d.id, 'return_result', { note: 'Người nộp nhận trực tiếp' });
    page = await request(t.http).get(`/s/${d.token}`).expect(200);
    assert.match(page.text, /Mời Ông\/Bà cho biết mức độ hài lòng/);
    assert.match(page.text, new RegExp(`<form method="post" action="/s/${d.token}/danh-gia#loi"`));
    assert.match(page.text, /name="_csrf" value="[^"]+"/);
    for (const label of ['Rất hài lòng', 'Hài lòng', 'Không hài lòng', 'Sớm hơn hoặc đúng hạn', 'Trễ hạn nhưng có xin lỗi', 'Trễ hạn không xin lỗi', 'Thái độ của cán bộ, công chức']) {
      assert.ok(page.text.includes(label), `the form offers "${label}"`);
    }
  });

  test('a satisfied rating with criteria is stored with the officer and agency; the page then thanks and shows no form, nothing personal', async () => {
    t.clock.set(vnInstant('2026-11-24', '09:00'));
    const d = await dossierAt('returned');
    t.clock.set(vnInstant('2026-11-24', '15:30'));
    // NFD input, surrounding spaces: stored NFC and trimmed.
    const res = await rate(d.token, {
      level: 'satisfied',
      comment: '  Cán bộ hướng dẫn tận tình, nhanh gọn.  '.normalize('NFD'),
      criterion_time: '2',
      criterion_contacts: '',
      criterion_agencies: '2',
      criterion_attitude: '1',
    });
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.location, `/s/${d.token}#danh-gia`);

    const stored = await rows(t, d.id);
    assert.equal(stored.length, 1);
    const r = stored[0];
    assert.equal(r.level, 'satisfied');
    assert.equal(r.comment, 'Cán bộ hướng dẫn tận tình, nhanh gọn.');
    assert.equal(r.criterion_time, 2);
    assert.equal(r.criterion_contacts, null);
    assert.equal(r.criterion_agencies, 2);
    assert.equal(r.criterion_attitude, 1);
    assert.equal(r.criterion_publicity, null);
    assert.equal(r.officer_id, officerId);
    assert.equal(r.agency_id, wardId);
    assert.equal(toDate(r.created_at).getTime(), vnInstant('2026-11-24', '15:30').getTime());

    const page = await request(t.http).get(`/s/${d.token}`).expect(200);
    assert.match(page.text, /Cảm ơn Ông\/Bà đã đánh giá/);
    assert.match(page.text, /Mức độ hài lòng của Ông\/Bà: <strong>Hài lòng<\/strong>/);
    assert.doesNotMatch(page.text, /name="level"/);
    assert.doesNotMatch(page.text, /<form method="post"/);
    const secrets = [
      APPLICANT.applicant_name,
      'Nhung',
      APPLICANT.applicant_id_number,
      APPLICANT.applicant_phone,
      '0912345678',
      APPLICANT.applicant_email,
      'Võ Thị Sáu',
      'Trần Minh Khoa',
      'Nguyễn Thị Thu Hà',
      'tận tình, nhanh gọn', // the comment is not published either
    ];
    for (const secret of secrets) assert.ok(!page.text.includes(secret), `the public page leaks "${secret}"`);
    assert.equal(page.headers['x-robots-tag'], 'noindex, nofollow');
  });

  test('the officer stored is the one who completed processing, not only the one assigned', async () => {
    t.clock.set(vnInstant('2026-11-24', '10:00'));
    const d = await dossierAt('returned', { completedBy: 'officer2' });
    assert.equal((await rate(d.token, { level: 'very_satisfied' })).status, 303);
    const [r] = await rows(t, d.id);
    assert.equal(r.officer_id, officer2Id);
    assert.equal(r.agency_id, wardId);
    assert.equal(r.comment, null);
  });

  test('"Không hài lòng" without a reason: 400 in Vietnamese, the values kept, nothing stored', async () => {
    t.clock.set(vnInstant('2026-11-25', '09:00'));
    const d = await dossierAt('returned');
    const who = await citizen(t);

    let res = await rate(d.token, { level: 'unsatisfied', comment: '   ', criterion_time: '0', criterion_attitude: '1' }, who);
    assert.equal(res.status, 400);
    assert.match(res.text, /Vui lòng cho biết lý do Ông\/Bà không hài lòng/);
    assert.match(res.text, /id="level_unsatisfied" name="level" value="unsatisfied" checked/);
    assert.match(res.text, /id="criterion_time_0" name="criterion_time" value="0" checked/);
    assert.match(res.text, /id="criterion_attitude_1" name="criterion_attitude" value="1" checked/);
    assert.match(res.text, /id="criterion_contacts_none" name="criterion_contacts" value="" checked/);
    assert.match(res.text, /<details class="action-panel" open>/, 'the answered criteria are not hidden');
    assert.match(res.text, /<a href="#comment">/, 'the error summary links to the field');
    assert.equal((await rows(t, d.id)).length, 0);

    res = await rate(d.token, { level: 'unsatisfied', comment: 'Lâu' }, who);
    assert.equal(res.status, 400);
    assert.match(res.text, /Lý do không hài lòng cần ít nhất 5 ký tự/);
    assert.match(res.text, /<textarea[^>]*>Lâu<\/textarea>/);

    res = await rate(d.token, { comment: 'Không chọn mức nào' }, who);
    assert.equal(res.status, 400);
    assert.match(res.text, /Chọn mức độ hài lòng của Ông\/Bà/);
    assert.match(res.text, />Không chọn mức nào<\/textarea>/);

    res = await rate(d.token, { level: 'satisfied', comment: 'x'.repeat(1001) }, who);
    assert.equal(res.status, 400);
    assert.match(res.text, /Ý kiến tối đa 1000 ký tự \(hiện có 1001 ký tự\)/);

    res = await rate(d.token, { level: 'satisfied', criterion_time: '3' }, who);
    assert.equal(res.status, 400);
    assert.match(res.text, /không hợp lệ/);
    assert.equal((await rows(t, d.id)).length, 0);

    // With a reason it goes through.
    res = await rate(d.token, { level: 'unsatisfied', comment: 'Phải đi lại ba lần mới nộp được hồ sơ', criterion_contacts: '0' }, who);
    assert.equal(res.status, 303);
    const [r] = await rows(t, d.id);
    assert.equal(r.level, 'unsatisfied');
    assert.equal(r.comment, 'Phải đi lại ba lần mới nộp được hồ sơ');
    assert.equal(r.criterion_contacts, 0);
  });

  test('a second submission is refused (409) and the first is kept unchanged', async () => {
    t.clock.set(vnInstant('2026-11-26', '09:00'));
    const d = await dossierAt('returned');
    assert.equal((await rate(d.token, { level: 'satisfied', criterion_publicity: '2' })).status, 303);
    const [first] = await rows(t, d.id);

    t.clock.set(vnInstant('2026-11-26', '10:00'));
    const again = await rate(d.token, { level: 'unsatisfied', comment: 'Tôi muốn sửa lại đánh giá' });
    assert.equal(again.status, 409);
    assert.match(again.text, /Hồ sơ này đã được đánh giá\. Mỗi hồ sơ chỉ được đánh giá một lần và không thể sửa sau khi gửi/);
    assert.match(again.text, /Cảm ơn Ông\/Bà đã đánh giá/);
    assert.doesNotMatch(again.text, /name="level"/);
    let after = await rows(t, d.id);
    assert.equal(after.length, 1);
    assert.deepEqual(after[0], first);

    // Past the application's check, the unique key still refuses a second row.
    const input = { level: 'unsatisfied' as const, comment: 'Ghi đè', criteria: { time: 0, contacts: 0, agencies: 0, attitude: 0, publicity: 0 } as const };
    assert.equal(await insertRating(t.db, { dossierId: d.id, officerId: null, agencyId: wardId, input, createdAt: t.clock.now() }), false);
    after = await rows(t, d.id);
    assert.deepEqual(after, [first]);
  });

  test('two submissions at once store exactly one rating', async () => {
    t.clock.set(vnInstant('2026-11-26', '14:00'));
    const d = await dossierAt('returned');
    const [a, b] = await Promise.all([citizen(t), citizen(t)]);
    const results = await Promise.all([
      rate(d.token, { level: 'very_satisfied', comment: 'Lần gửi thứ nhất' }, a),
      rate(d.token, { level: 'very_satisfied', comment: 'Lần gửi thứ hai' }, b),
      rate(d.token, { level: 'very_satisfied', comment: 'Lần gửi thứ ba' }, a),
    ]);
    assert.deepEqual(
      results.map((r) => r.status).sort(),
      [303, 409, 409],
    );
    const stored = await rows(t, d.id);
    assert.equal(stored.length, 1);
    assert.match(stored[0].comment, /^Lần gửi thứ (nhất|hai|ba)$/);
  });

  test('unknown or malformed token: 404 page; a POST without the form token: 403', async () => {
    const unknown = await rate('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { level: 'satisfied' });
    assert.equal(unknown.status, 404);
    assert.match(unknown.text, /Không tìm thấy hồ sơ/);
    const malformed = await rate('not a token!', { level: 'satisfied' });
    assert.equal(malformed.status, 404);

    const d = await dossierAt('returned');
    const res = await request(t.http).post(`/s/${d.token}/danh-gia`).type('form').send({ level: 'satisfied' });
    assert.equal(res.status, 403);
    assert.equal((await rows(t, d.id)).length, 0);

    // Reloading the form's address (shown after a refused POST) leads back to the page.
    const reload = await request(t.http).get(`/s/${d.token}/danh-gia`).expect(303);
    assert.equal(reload.headers.location, `/s/${d.token}#danh-gia`);
    await request(t.http).get('/s/short/danh-gia').expect(404);
  });

  test('/danh-gia: the supervisor of the agency sees the unsatisfied reason, another agency’s supervisor does not', async () => {
    t.clock.set(vnInstant('2026-11-27', '09:00'));
    const d = await dossierAt('returned');
    const reason = 'Cán bộ hẹn trả kết quả nhưng phải chờ thêm hai giờ';
    assert.equal((await rate(d.token, { level: 'unsatisfied', comment: reason })).status, 303);

    const sup = await signIn(t.http, 'sup');
    const own = await sup.agent.get('/danh-gia').expect(200);
    assert.match(own.text, new RegExp(reason));
    assert.ok(own.text.includes(d.code));
    assert.ok(own.text.includes(`href="/ho-so/${d.id}"`));
    assert.match(own.text, /Trần Minh Khoa/);
    // Last 30 days by default, ending today (Vietnam).
    assert.match(own.text, /id="tu_ngay" name="tu_ngay" value="2026-10-29"/);
    assert.match(own.text, /id="den_ngay" name="den_ngay" value="2026-11-27"/);

    const other = await (await signIn(t.http, 'sup_th')).agent.get('/danh-gia').expect(200);
    assert.ok(!other.text.includes(reason));
    assert.ok(!other.text.includes(d.code));
    assert.ok(!other.text.includes('Trần Minh Khoa'));

    const admin = await (await signIn(t.http, 'admin')).agent.get('/danh-gia').expect(200);
    assert.ok(admin.text.includes(reason));
    const adminTh = await (await signIn(t.http, 'admin')).agent.get('/danh-gia').query({ co_quan: String(tamHiepId) }).expect(200);
    assert.ok(!adminTh.text.includes(reason));
    // Decision 766's rate is the satisfaction report's, over the same dates and agency.
    const to766 = /<a href="(\/bao-cao\/hai-long\?[^"]+)">xem báo cáo Mức độ hài lòng của người dân<\/a>/.exec(adminTh.text);
    assert.ok(to766, 'the ratings page links to the 766 report');
    const link = new URLSearchParams(to766[1]!.split('?')[1]!.replace(/&amp;/g, '&'));
    assert.equal(link.get('ky'), 'tuy-chon');
    assert.equal(link.get('co_quan'), String(tamHiepId));
    assert.match(link.get('tu_ngay') ?? '', /^\d{4}-\d{2}-\d{2}$/);
    const report = await (await signIn(t.http, 'admin')).agent.get(to766[1]!.replace(/&amp;/g, '&')).expect(200);
    assert.match(report.text, /<h1>Mức độ hài lòng của người dân<\/h1>/);

    await officer.agent.get('/danh-gia').expect(403);
    await clerk.agent.get('/danh-gia').expect(403);
    const anonymous = await request(t.http).get('/danh-gia');
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.location ?? '', /^\/dang-nhap/);

    // A period before the rating does not list it; a bad date is explained.
    const earlier = await sup.agent.get('/danh-gia').query({ tu_ngay: '2026-11-01', den_ngay: '2026-11-26' }).expect(200);
    assert.ok(!earlier.text.includes(reason));
    const bad = await sup.agent.get('/danh-gia').query({ tu_ngay: '2026-13-01' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Ngày không hợp lệ/);
    const reversed = await sup.agent.get('/danh-gia').query({ tu_ngay: '2026-11-27', den_ngay: '2026-11-01' });
    assert.equal(reversed.status, 400);
    assert.match(reversed.text, /Ngày bắt đầu phải trước hoặc bằng ngày kết thúc/);

    // Issue 11 #3: out-of-range and hostile dates, huge agency ids: a 400 with a message, never a 5xx.
    for (const q of [{ den_ngay: '0000-01-01' }, { tu_ngay: '9999-12-31' }, { den_ngay: '2026-11-01\u0000' }, { tu_ngay: '2025-01-01', den_ngay: '2026-12-31' }]) {
      const res = await sup.agent.get('/danh-gia').query(q);
      assert.equal(res.status, 400, JSON.stringify(q));
      assert.doesNotMatch(res.text, /Hệ thống gặp sự cố/);
    }
    const adminAgent = (await signIn(t.http, 'admin')).agent;
    const hugeAgency = await adminAgent.get('/danh-gia').query({ co_quan: '9999999999' });
    assert.equal(hugeAgency.status, 400);
    assert.match(hugeAgency.text, /Cơ quan không hợp lệ/);
    // dd/MM/yyyy is read like the date picker's value.
    const vn = await sup.agent.get('/danh-gia').query({ tu_ngay: '01/11/2026', den_ngay: '26/11/2026' }).expect(200);
    assert.match(vn.text, /id="tu_ngay" name="tu_ngay" value="2026-11-01"/);
  });

  test('summary by officer and by agency over a period', async () => {
    // Monday 14/12/2026: a day of its own.
    t.clock.set(vnInstant('2026-12-14', '08:30'));
    const plan: Array<{ agency?: 'tb' | 'th'; completedBy?: 'officer' | 'officer2'; level: string; comment?: string }> = [
      { level: 'very_satisfied' },
      { level: 'satisfied' },
      { level: 'unsatisfied', comment: 'Thiếu hướng dẫn cách điền tờ khai' },
      { completedBy: 'officer2', level: 'satisfied' },
      { agency: 'th', level: 'unsatisfied', comment: 'Phòng chờ quá đông, không có chỗ ngồi' },
    ];
    for (const p of plan) {
      const d = await dossierAt('returned', p);
      const fields: Record<string, string> = { level: p.level };
      if (p.comment) fields.comment = p.comment;
      assert.equal((await rate(d.token, fields)).status, 303);
      t.clock.advance(10 * 60 * 1000);
    }
    const from = vnInstant('2026-12-14');
    const to = vnInstant('2026-12-15');

    const byOfficer = await ratingSummary(t.db, { from, to, agencyId: wardId, groupBy: 'officer' });
    assert.deepEqual(byOfficer, [
      { key: officerId, name: 'Trần Minh Khoa', total: 3, verySatisfied: 1, satisfied: 1, unsatisfied: 1, satisfactionRate: 2 / 3 },
      { key: officer2Id, name: 'Lê Thị Mai', total: 1, verySatisfied: 0, satisfied: 1, unsatisfied: 0, satisfactionRate: 1 },
    ]);
    const byAgency = await ratingSummary(t.db, { from, to, groupBy: 'agency' });
    assert.deepEqual(
      byAgency.map((r) => [r.key, r.total, r.verySatisfied, r.satisfied, r.unsatisfied, r.satisfactionRate]),
      [
        [wardId, 4, 1, 2, 1, 0.75],
        [tamHiepId, 1, 0, 0, 1, 0],
      ],
    );
    const one = await ratingSummary(t.db, { from, to, officerId: officer2Id, groupBy: 'agency' });
    assert.deepEqual(one.map((r) => [r.key, r.total]), [[wardId, 1]]);
    // Half-open periods: the next day holds nothing.
    assert.deepEqual(await ratingSummary(t.db, { from: to, to: vnInstant('2026-12-16'), groupBy: 'officer' }), []);

    const unsatisfied = await unsatisfiedWithComments(t.db, { from, to, agencyId: wardId });
    assert.equal(unsatisfied.length, 1);
    assert.equal(unsatisfied[0]!.comment, 'Thiếu hướng dẫn cách điền tờ khai');
    assert.equal(unsatisfied[0]!.officerName, 'Trần Minh Khoa');
    assert.equal(unsatisfied[0]!.procedureName, 'Đăng ký thành lập hộ kinh doanh');
    assert.match(unsatisfied[0]!.code, /^000\.31\.01\.H26-261214-/);
    const all = await unsatisfiedWithComments(t.db, { from, to });
    assert.deepEqual(
      all.map((u) => u.comment),
      ['Phòng chờ quá đông, không có chỗ ngồi', 'Thiếu hướng dẫn cách điền tờ khai'],
      'newest first',
    );

    // The page shows the same numbers for that day.
    const sup = await signIn(t.http, 'sup');
    const page = await sup.agent.get('/danh-gia').query({ tu_ngay: '2026-12-14', den_ngay: '2026-12-14' }).expect(200);
    assert.match(page.text, /<strong>4<\/strong> lượt đánh giá, tỷ lệ hài lòng <strong>75%<\/strong>/);
    assert.match(page.text, /<tr><td>Trần Minh Khoa<\/td><td>3<\/td><td>1<\/td><td>1<\/td><td>1<\/td><td>66,7%<\/td><\/tr>/);
    assert.match(page.text, /<tr><td>Lê Thị Mai<\/td><td>1<\/td><td>0<\/td><td>1<\/td><td>0<\/td><td>100%<\/td><\/tr>/);
    assert.ok(page.text.includes('Thiếu hướng dẫn cách điền tờ khai'));
    assert.ok(!page.text.includes('Phòng chờ quá đông'));
  });

  test('follow-up: a supervisor of the agency marks an unsatisfied rating followed up with a note, once', async () => {
    t.clock.set(vnInstant('2026-12-21', '09:00'));
    const mine = await dossierAt('returned');
    assert.equal((await rate(mine.token, { level: 'unsatisfied', comment: 'Phải đi lại ba lần mới nộp được' })).status, 303);
    const theirs = await dossierAt('returned', { agency: 'th' });
    assert.equal((await rate(theirs.token, { level: 'unsatisfied', comment: 'Không được hướng dẫn rõ ràng' })).status, 303);
    const happy = await dossierAt('returned');
    assert.equal((await rate(happy.token, { level: 'satisfied' })).status, 303);
    const ratingId = async (dossierId: number) => (await rows(t, dossierId).first('id')).id as number;
    const [mineId, theirsId, happyId] = [await ratingId(mine.id), await ratingId(theirs.id), await ratingId(happy.id)];

    const sup = await signIn(t.http, 'sup');
    const supTh = await signIn(t.http, 'sup_th');
    const admin = await signIn(t.http, 'admin');
    // An unsatisfied rating stored without a reason (imported) is on the to-do too: the list and the home page's count agree.
    const bare = await dossierAt('returned');
    const input = { level: 'unsatisfied' as const, comment: null, criteria: { time: null, contacts: null, agencies: null, attitude: null, publicity: null } };
    assert.equal(await insertRating(t.db, { dossierId: bare.id, officerId: officerId, agencyId: wardId, input, createdAt: t.clock.now() }), true);
    const before = await svcCount(t, 'sup');
    const todo = await sup.agent.get('/danh-gia?muc=khong_hai_long&theo_doi=chua').expect(200);
    assert.equal((todo.text.match(/action="\/danh-gia\/\d+\/theo-doi#loi"/g) ?? []).length, before);
    assert.ok(todo.text.includes(bare.code));
    assert.ok(todo.text.includes('(không ghi lý do)'));
    assert.ok(todo.text.includes(mine.code));
    assert.ok(todo.text.includes(`action="/danh-gia/${mineId}/theo-doi#loi"`));
    assert.ok(!todo.text.includes(theirs.code), 'another agency’s rating is not listed');

    const post = (who: Agent, id: number, fields: Record<string, string>) => who.agent.post(`/danh-gia/${id}/theo-doi`).type('form').send({ _csrf: who.csrf, ...fields });
    const stored = async (id: number) => t.db('dossier_ratings').where({ id }).first('followed_up_at', 'followed_up_by', 'follow_up_note', 'level', 'comment');

    // A missing or too short note: 400, the message next to the field, what was typed kept, nothing stored.
    const empty = await post(sup, mineId, { note: '   ' });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /Ghi rõ việc đã làm để theo dõi, xử lý ý kiến này/);
    assert.ok(empty.text.includes(`href="#note-${mineId}"`));
    const short = await post(sup, mineId, { note: 'Gọi' });
    assert.equal(short.status, 400);
    assert.match(short.text, /cần ít nhất 5 ký tự/);
    assert.match(short.text, new RegExp(`id="note-${mineId}" name="note"[^>]*aria-invalid="true"[^>]*>Gọi</textarea>`));
    assert.equal((await post(sup, mineId, { note: 'Đã gọi\u0000' })).status, 400);
    assert.equal((await stored(mineId)).followed_up_at, null);

    // Another agency's supervisor: not found; an administrator: not a supervisor of the agency; a satisfied rating: refused.
    assert.equal((await post(supTh, mineId, { note: 'Đã liên hệ người dân' })).status, 404);
    assert.equal((await post(admin, mineId, { note: 'Đã liên hệ người dân' })).status, 403);
    assert.equal((await post(officer, mineId, { note: 'Đã liên hệ người dân' })).status, 403);
    assert.equal((await post(sup, happyId, { note: 'Đã liên hệ người dân' })).status, 409);
    assert.equal((await post(sup, 2147483648, { note: 'Đã liên hệ người dân' })).status, 404);
    assert.equal((await post(sup, 999999, { note: 'Đã liên hệ người dân' })).status, 404);
    assert.equal((await sup.agent.post(`/danh-gia/${mineId}/theo-doi`).type('form').send({ note: 'Không có mã biểu mẫu' })).status, 403);
    assert.equal((await stored(mineId)).followed_up_at, null);
    assert.equal((await stored(theirsId)).followed_up_at, null);

    const note = 'Đã gọi điện xin lỗi ông Nhung;\nnhắc bộ phận tiếp nhận hướng dẫn một lần đủ giấy tờ';
    const ok = await post(sup, mineId, { note });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, `/danh-gia?muc=khong_hai_long&theo_doi=chua&da_theo_doi=${mineId}`);
    const row = await stored(mineId);
    assert.equal(row.follow_up_note, note);
    assert.equal(toDate(row.followed_up_at).getTime(), vnInstant('2026-12-21', '09:00').getTime());
    assert.equal(row.level, 'unsatisfied');
    assert.equal(row.comment, 'Phải đi lại ba lần mới nộp được', 'what the citizen wrote is unchanged');
    const after = await sup.agent.get(ok.headers.location).expect(200);
    assert.match(after.text, /class="success-banner"/);
    assert.ok(after.text.includes(`Đã ghi nhận việc theo dõi, xử lý ý kiến không hài lòng của hồ sơ ${mine.code}.`));
    assert.ok(!after.text.includes(`action="/danh-gia/${mineId}/theo-doi#loi"`), 'no longer in the to-do list');
    assert.equal(await svcCount(t, 'sup'), before - 1);
    // Another agency's supervisor gets no banner for it.
    const foreign = await supTh.agent.get(`/danh-gia?muc=khong_hai_long&theo_doi=chua&da_theo_doi=${mineId}`).expect(200);
    assert.doesNotMatch(foreign.text, /class="success-banner"/);

    const done = await sup.agent.get('/danh-gia').query({ muc: 'khong_hai_long', theo_doi: 'roi' }).expect(200);
    assert.ok(done.text.includes(mine.code));
    assert.ok(done.text.includes('nhắc bộ phận tiếp nhận hướng dẫn một lần đủ giấy tờ'));
    assert.ok(done.text.includes('Đỗ Văn Giám'));

    // Once only: a second note is refused and the first kept.
    const again = await post(sup, mineId, { note: 'Ghi chú thứ hai' });
    assert.equal(again.status, 409);
    assert.match(again.text, /đã được ghi nhận theo dõi/);
    assert.equal((await stored(mineId)).follow_up_note, note);

    assert.equal((await sup.agent.get('/danh-gia').query({ theo_doi: 'bogus' })).status, 400);
    assert.equal((await sup.agent.get('/danh-gia').query({ muc: 'rat_hai_long' })).status, 400);

    // The to-do has no period: a month on, the ratings still pending are listed, though the default 30 days no longer reach them.
    t.clock.set(vnInstant('2027-02-15', '09:00'));
    const supThLater = await signIn(t.http, 'sup_th');
    const later = await supThLater.agent.get('/danh-gia?muc=khong_hai_long&theo_doi=chua').expect(200);
    assert.ok(later.text.includes(theirs.code));
    const plain = await supThLater.agent.get('/danh-gia').expect(200);
    assert.ok(!plain.text.includes(theirs.code));
  });
});

describe('rating form rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00'), env: { LOOKUP_RATE_LIMIT: '2' } });
  });
  after(() => t.cleanup());

  test('too many POSTs from one address get 429', async () => {
    const c = await citizen(t);
    const token = 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await c.agent.post(`/s/${token}/danh-gia`).type('form').send({ _csrf: c.csrf, level: 'satisfied' })).status);
    assert.deepEqual(statuses, [404, 404, 429]);
  });
});
