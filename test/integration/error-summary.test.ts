/**
 * Every failed form shows its errors the same way (views/partials/error-summary.ejs): the
 * summary is the first thing in <main>, it takes the focus, its links lead to the fields in
 * the form's order, and the forms post to `action#loi` so that a phone, without JavaScript,
 * lands on it instead of the top of a long page (issue 20, items 8 and 9).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { certifiedCopyForm, csrfFrom, type TestApp, buildTestApp } from '../helpers/app.js';
import { assertErrorSummary } from '../helpers/error-summary.js';
import { citizen, dossierAt, twoWards, type TwoWards } from '../helpers/two-wards.js';

describe('failed forms: the error summary first, focused, in the form order, landed on', () => {
  let t: TestApp;
  let w: TwoWards;

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-30', '10:00'), env: { SESSION_TTL_HOURS: '720', LOOKUP_RATE_LIMIT: '1000' } });
    w = await twoWards(t);
  });
  after(() => t.cleanup());

  test("an officer's answer held for a phone number: the summary at the top links to the confirmation box", async () => {
    const d = await dossierAt(t, w, 'in_progress');
    const c = await citizen(t);
    await c.agent.post(`/s/${d.token}/cau-hoi`).type('form').send({ _csrf: c.csrf, cau_hoi: 'Khi nào có kết quả?' }).expect(303);
    const q = await t.db('dossier_questions').where({ dossier_id: d.id }).first('id');
    const page = await w.officer.agent.get(`/ho-so/${d.id}`).expect(200);
    assert.match(page.text, new RegExp(`action="/cau-hoi/${q.id}/tra-loi#loi"`), 'the answer form lands on the summary');
    const held = await w.officer.agent.post(`/cau-hoi/${q.id}/tra-loi`).type('form').send({ _csrf: w.officer.csrf, noi_dung: 'Bà gọi 0912 345 678 để được hỗ trợ.', loai: 'tra_loi' });
    assert.equal(held.status, 422);
    const s = assertErrorSummary(held.text, 'held answer', [`xac_nhan-${q.id}`]);
    assert.match(s.text, /xác nhận gửi/i);
    // An empty answer: the summary links to that question's text box.
    const empty = await w.officer.agent.post(`/cau-hoi/${q.id}/tra-loi`).type('form').send({ _csrf: w.officer.csrf, noi_dung: '  ', loai: 'tra_loi' });
    assert.equal(empty.status, 400);
    assertErrorSummary(empty.text, 'empty answer', [`noi_dung-${q.id}`]);
  });

  test("a workflow action's refusal and the apology form's errors are at the top of the dossier page", async () => {
    const d = await dossierAt(t, w, 'in_progress');
    const { version } = await t.db('dossiers').where({ id: d.id }).first('version');
    // Returning a dossier for supplement needs a reason (the note).
    const res = await w.officer.agent.post(`/ho-so/${d.id}/thao-tac`).type('form').send({ _csrf: w.officer.csrf, action: 'request_supplement', version: String(version), note: '' });
    assert.ok(res.status >= 400 && res.status < 500, `refused: ${res.status}`);
    assertErrorSummary(res.text, 'workflow refusal');
  });

  test('a citizen\'s empty question on the status page: the summary opens the page', async () => {
    const d = await dossierAt(t, w, 'in_progress');
    const c = await citizen(t);
    const page = await c.agent.get(`/s/${d.token}`).expect(200);
    assert.match(page.text, new RegExp(`action="/s/${d.token}/cau-hoi#loi"`));
    const res = await c.agent.post(`/s/${d.token}/cau-hoi`).type('form').send({ _csrf: c.csrf, cau_hoi: '   ' });
    assert.equal(res.status, 400);
    const s = assertErrorSummary(res.text, 'empty question', ['cau_hoi']);
    assert.match(s.text, /Vui lòng nhập câu hỏi/);
  });

  test('"Không hài lòng" without a reason: the summary opens the page and links to the reason', async () => {
    const d = await dossierAt(t, w, 'returned');
    const c = await citizen(t);
    const res = await c.agent.post(`/s/${d.token}/danh-gia`).type('form').send({ _csrf: c.csrf, level: 'unsatisfied', comment: '', criterion_time: '9' });
    assert.equal(res.status, 400);
    const s = assertErrorSummary(res.text, 'unsatisfied without reason');
    assert.equal(s.targets[0], 'comment', 'the reason first, then the criterion below it');
    assert.ok(s.targets.includes('criterion_time'));
    // Without a level at all: the level first.
    const none = await c.agent.post(`/s/${d.token}/danh-gia`).type('form').send({ _csrf: c.csrf, comment: '' });
    assert.equal(none.status, 400);
    assert.equal(assertErrorSummary(none.text, 'no level').targets[0], 'level');
  });

  test('the intake form lists its errors in the form order', async () => {
    const form = await w.clerk.agent.get('/tiep-nhan/2.000815').expect(200);
    const key = /name="intake_key" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    assert.match(form.text, /action="\/tiep-nhan\/2\.000815\/kiem-tra#loi"/);
    const res = await w.clerk.agent
      .post('/tiep-nhan/2.000815/kiem-tra')
      .type('form')
      .send({ ...certifiedCopyForm({ applicant_name: '', applicant_phone: '12', applicant_address: '', doc_1_received: '', doc_2_copies: 'x', sets_count: '99' }), applicant_email: 'khong-hop-le', intake_key: key, _csrf: w.clerk.csrf });
    assert.equal(res.status, 400);
    assertErrorSummary(res.text, 'intake', ['applicant_name', 'applicant_address', 'applicant_phone', 'applicant_email', 'documents', 'doc_2_copies', 'sets_count']);
  });

  test('the petition form lists its errors in the form order, the contact after the name', async () => {
    const c = request.agent(t.http);
    const page = await c.get('/phan-anh-kien-nghi').expect(200);
    const nonce = /name="nonce" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    assert.match(page.text, /action="\/phan-anh-kien-nghi#loi"/);
    const res = await c.post('/phan-anh-kien-nghi').type('form').send({ _csrf: csrfFrom(page.text), nonce, loai: 'handling', ma_ho_so: '', noi_dung: '', nguoi_gui: 'individual', ho_ten: '', dia_chi: 'Phường Tam Hiệp', dien_thoai: '', email: '' });
    assert.equal(res.status, 400);
    assertErrorSummary(res.text, 'petition', ['noi_dung', 'ho_ten', 'dien_thoai']);
  });

  test('a new staff account lists its errors in the form order, the password last', async () => {
    const res = await w.admin.agent.post('/quan-tri/can-bo/moi').type('form').send({ _csrf: w.admin.csrf, username: 'X', full_name: '', role: 'clerk', agency_id: '', password: 'ngan' });
    assert.equal(res.status, 400);
    assertErrorSummary(res.text, 'new staff account', ['username', 'full_name', 'agency_id', 'password']);
  });

  test('the other forms fail the same way: sign-in, lookup, agency, holiday, procedure, counter guidance, password reset', async () => {
    const anon = request.agent(t.http);
    const login = await anon.get('/dang-nhap').expect(200);
    const badLogin = await anon.post('/dang-nhap').type('form').send({ _csrf: csrfFrom(login.text), username: 'khong-co', password: 'sai-mat-khau-roi' });
    assert.equal(badLogin.status, 401);
    assertErrorSummary(badLogin.text, 'sign-in', ['username']);

    const c = await citizen(t);
    const lookup = await c.agent.post('/tra-cuu').type('form').send({ _csrf: c.csrf, code: '', phone_last4: 'ab' });
    assert.equal(lookup.status, 400);
    assertErrorSummary(lookup.text, 'lookup', ['code', 'phone_last4']);

    const a = w.admin;
    const agency = await a.agent.post('/quan-tri/co-quan/moi').type('form').send({ _csrf: a.csrf, eid: '', name: '', governing_body: '', place_name: '', kind: '' });
    assert.equal(agency.status, 400);
    assertErrorSummary(agency.text, 'agency', ['eid', 'name', 'governing_body', 'place_name', 'kind']);

    const holiday = await a.agent.post('/quan-tri/lich-nghi/moi').type('form').send({ _csrf: a.csrf, date: 'x', kind: '', name: '' });
    assert.equal(holiday.status, 400);
    assert.ok(assertErrorSummary(holiday.text, 'holiday').targets.length >= 2);

    const procedure = await a.agent.post('/quan-tri/thu-tuc/moi').type('form').send({ _csrf: a.csrf, code: '', name: '', field: '', result: '', processing_unit: '', processing_amount: 'x', fee_vnd: 'x' });
    assert.equal(procedure.status, 400);
    const ps = assertErrorSummary(procedure.text, 'procedure');
    assert.deepEqual(ps.targets.slice(0, 4), ['code', 'name', 'field', 'result'], 'the result field comes right after the field, as on the form');

    const guidance = await w.clerk.agent.post('/tiep-nhan/2.000815/huong-dan-bo-sung').type('form').send({ _csrf: w.clerk.csrf, counter_step: 'issue', applicant_name: '', items: '', reason: '' });
    assert.equal(guidance.status, 400);
    assertErrorSummary(guidance.text, 'counter guidance', ['applicant_name', 'items', 'reason']);

    const user = await t.db('users').where({ username: 'clerk' }).first('id');
    const reset = await a.agent.post(`/quan-tri/can-bo/${user.id}/dat-lai-mat-khau`).type('form').send({ _csrf: a.csrf, password: 'ngan' });
    assert.equal(reset.status, 400);
    assertErrorSummary(reset.text, 'password reset', ['password']);
  });
});
