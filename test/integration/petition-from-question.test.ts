/**
 * A question that is a petition (issue 25 §1 item 8; Decree 20/2008/NĐ-CP art. 6 and 19):
 * staff who may see a dossier's question turn it into a petition ("Chuyển thành PAKN") once;
 * the petition carries the citizen's text and the applicant as its sender; the question shows
 * its code on both sides; the citizen is told and asked, on the status page, whether they
 * may be named in the published answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { verifyPetitionChains } from '../../src/features/petitions/petition-events.repo.js';
import { services } from '../../src/services.js';
import { buildTestApp, createStaff, csrfFrom, signIn, type TestApp } from '../helpers/app.js';
import { insertDossier } from '../helpers/fixtures.js';

const WARD = '000.31.01.H26';
const TAM_HIEP = '000.31.02.H26';
const NOW = vnInstant('2026-12-01', '09:00');

describe('a question that is a petition (Chuyển thành PAKN)', () => {
  let t: TestApp;
  let officerId: number;
  let officer: Awaited<ReturnType<typeof signIn>>;
  let otherClerk: Awaited<ReturnType<typeof signIn>>;

  async function dossier(): Promise<{ id: number; token: string; code: string }> {
    const id = await insertDossier(t.db, officerId, { received: '2026-11-20', due: '2026-11-26', status: 'in_progress' });
    await t.db('dossiers').where({ id }).update({ assigned_to: officerId, applicant_name: 'Lê Văn Hùng', applicant_address: '12 Nguyễn Ái Quốc, phường Trấn Biên', applicant_phone: '0903123456', applicant_email: 'hung@example.vn' });
    const r = await t.db('dossiers').where({ id }).first('public_token', 'code');
    return { id, token: String(r.public_token), code: String(r.code) };
  }

  async function question(token: string, text: string): Promise<number> {
    const asked = await services(t.deps).questions.ask(token, text, '203.0.113.9');
    assert.ok(asked.ok, JSON.stringify(asked));
    const q = await t.db('dossier_questions').orderBy('id', 'desc').first('id');
    return Number(q.id);
  }

  async function staffUser(id: number): Promise<StaffUser> {
    const r = await t.db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.id', id).first('u.username', 'u.full_name', 'u.role', 'u.agency_id', 'a.name');
    return { id, username: r.username, fullName: r.full_name, role: r.role, agencyId: Number(r.agency_id), agencyName: r.name };
  }

  before(async () => {
    t = await buildTestApp({ now: NOW, env: { LOOKUP_RATE_LIMIT: '1000' } });
    officerId = await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    await createStaff(t.db, 'clerk_th', 'clerk', TAM_HIEP, 'Võ Thị Lan');
    const sup = await createStaff(t.db, 'sup', 'supervisor', WARD, 'Đỗ Văn Giám');
    await t.db('users').where({ id: sup }).update({ email: 'sup@motcua.test' });
    officer = await signIn(t.http, 'officer');
    otherClerk = await signIn(t.http, 'clerk_th');
  });
  after(() => t.cleanup());

  test('art. 19 and art. 6: a question about a delay becomes a petition once, with its code on both sides, and the citizen is asked their consent to be named', async () => {
    const d = await dossier();
    const text = 'Hồ sơ của tôi đã quá hẹn 3 ngày mà chưa có kết quả, xin cho biết lý do.';
    const qid = await question(d.token, text);
    const convert = (who: typeof officer, loai = 'handling') => who.agent.post(`/cau-hoi/${qid}/chuyen-pakn`).type('form').send({ _csrf: who.csrf, loai_pakn: loai });
    const petitionsOf = () => t.db('petitions').where({ question_id: qid });

    const staffPage = await officer.agent.get(`/ho-so/${d.id}`).expect(200);
    assert.match(staffPage.text, /Chuyển thành PAKN/);
    // Another agency's staff: 404, nothing made. A kind outside the two: the form again, nothing made.
    await convert(otherClerk).expect(404);
    const bad = await convert(officer, 'regulation').expect(400);
    assert.match(bad.text, /Chọn loại phản ánh/);
    assert.equal((await petitionsOf()).length, 0);

    const res = await convert(officer).expect(303);
    assert.equal(res.headers.location, `/ho-so/${d.id}?xong=chuyen_pakn#cau-hoi-${qid}`);
    // A double submit lands on the same petition.
    await convert(officer).expect(303);
    const rows = await petitionsOf();
    assert.equal(rows.length, 1);
    const p = rows[0];
    assert.deepEqual(
      [p.content, p.kind, p.channel, p.status, Number(p.dossier_id), p.sender_name, p.sender_address, p.sender_phone, p.sender_email, Boolean(p.consent_named), p.consent_named_at, Number(p.recorded_by)],
      [text, 'handling', 'question', 'received', d.id, 'Lê Văn Hùng', '12 Nguyễn Ái Quốc, phường Trấn Biên', '0903123456', 'hung@example.vn', false, null, officerId],
    );
    assert.match(p.code, /^PAKN-261201-\d{4}$/);
    assert.ok(p.forward_due_at, 'the 5 working days of art. 9(1)(d) run');
    // The question: tied to it, answered with its code (out of the inbox and the reminders).
    const q = await t.db('dossier_questions').where({ id: qid }).first();
    assert.equal(Number(q.petition_id), Number(p.id));
    assert.ok(q.answered_at);
    assert.match(q.answer, new RegExp(p.code));
    assert.equal((await services(t.deps).questions.inbox(await staffUser(officerId))).some((i) => i.id === qid), false);
    // The citizen told once, with the petition's tracking link.
    const told = await t.db('outbox_messages').where({ template: 'petition_from_question' }).select('recipient', 'data');
    assert.deepEqual(told.map((m) => m.recipient).sort(), ['0903123456', 'hung@example.vn']);
    const data = JSON.parse(told[0].data);
    assert.equal(data.code, p.code);
    assert.equal(data.dossier, d.code);
    assert.ok(data.status_url.endsWith(`/phan-anh-kien-nghi/theo-doi/${p.public_token}`), data.status_url);

    // Staff side: the code, no conversion form any more; the banner.
    const after1 = await officer.agent.get(`/ho-so/${d.id}?xong=chuyen_pakn`).expect(200);
    assert.match(after1.text, new RegExp(`Đã chuyển thành phản ánh, kiến nghị <strong>${p.code}</strong>`));
    assert.match(after1.text, /Đã chuyển câu hỏi thành phản ánh, kiến nghị\./);
    assert.doesNotMatch(after1.text, /Chuyển thành PAKN<\/button>/);

    // Public side: the code, its link, the consent form (CSRF bound to the visitor).
    const citizen = request.agent(t.http);
    const page = await citizen.get(`/s/${d.token}`).expect(200);
    assert.match(page.text, new RegExp(`được tiếp nhận là phản ánh, kiến nghị ${p.code}`));
    assert.ok(page.text.includes(`/phan-anh-kien-nghi/theo-doi/${p.public_token}`));
    assert.match(page.text, /có đồng ý được nêu họ tên khi công khai kết quả xử lý không\?/);
    const csrf = csrfFrom(page.text);
    const consentUrl = `/s/${d.token}/cau-hoi/${qid}/neu-ten`;
    await request(t.http).post(consentUrl).type('form').send({ _csrf: csrf, neu_ten: 'co' }).expect(403);
    const none = await citizen.post(consentUrl).type('form').send({ _csrf: csrf }).expect(400);
    assert.match(none.text, /Vui lòng chọn đồng ý hoặc không đồng ý được nêu họ tên\./);
    assert.equal((await petitionsOf())[0].consent_named_at, null);
    // A question of another dossier (or no petition) through this page: not found.
    const other = await dossier();
    const otherQ = await question(other.token, 'Khi nào có kết quả?');
    await citizen.post(`/s/${d.token}/cau-hoi/${otherQ}/neu-ten`).type('form').send({ _csrf: csrf, neu_ten: 'co' }).expect(404);
    await citizen.post(`/s/${other.token}/cau-hoi/${otherQ}/neu-ten`).type('form').send({ _csrf: csrf, neu_ten: 'co' }).expect(404);

    const yes = await citizen.post(consentUrl).type('form').send({ _csrf: csrf, neu_ten: 'co' }).expect(303);
    assert.equal(yes.headers.location, `/s/${d.token}#cau-hoi-${qid}`);
    const named = (await petitionsOf())[0];
    assert.deepEqual([Boolean(named.consent_named), Boolean(named.consent_publish), named.consent_named_at !== null], [true, true, true]);
    assert.match((await citizen.get(`/s/${d.token}`).expect(200)).text, /Ông\/Bà đã đồng ý được nêu họ tên/);
    assert.match((await officer.agent.get(`/ho-so/${d.id}`).expect(200)).text, /Người phản ánh đồng ý được nêu họ tên/);
    // Changed while the petition is open; recorded on its chain, which still verifies.
    await citizen.post(consentUrl).type('form').send({ _csrf: csrf, neu_ten: 'khong' }).expect(303);
    assert.equal(Boolean((await petitionsOf())[0].consent_named), false);
    assert.equal((await t.db('petition_events').where({ petition_id: p.id, type: 'petition_consent_named' })).length, 2);
    assert.deepEqual((await verifyPetitionChains(t.db)).broken, []);
    // The status page's JSON names the petition too.
    const json = await request(t.http).get(`/s/${d.token}.json`).expect(200);
    assert.equal(json.body[0].questions[0].petition_code, p.code);
  });

  test('art. 6: a question about an official’s conduct becomes a conduct petition about the dossier’s officer; two submits at once make one', async () => {
    const d = await dossier();
    const qid = await question(d.token, 'Cán bộ tiếp nhận hồ sơ của tôi nói năng thiếu tôn trọng.');
    const svc = services(t.deps);
    const staff = await staffUser(officerId);
    const [a, b] = await Promise.all([svc.petitionFromQuestion.convert(staff, qid, 'conduct'), svc.petitionFromQuestion.convert(staff, qid, 'conduct')]);
    assert.ok(a.ok && b.ok, JSON.stringify([a, b]));
    assert.equal(a.petitionId, b.petitionId);
    assert.deepEqual([a.duplicate, b.duplicate].sort(), [false, true]);
    const rows = await t.db('petitions').where({ question_id: qid });
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0].kind, Number(rows[0].official_id)], ['conduct', officerId]);
    // The official's head is alerted, as for a conduct petition filed on the form.
    assert.deepEqual(await t.db('outbox_messages').where({ template: 'petition_conduct', reference: rows[0].code }).pluck('recipient'), ['sup@motcua.test']);
    // Another agency's member of staff: not found, as the route says.
    const other = await staffUser(Number((await t.db('users').where({ username: 'clerk_th' }).first('id')).id));
    const refused = await svc.petitionFromQuestion.convert(other, qid, 'handling');
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.reason, 'not_found');
  });
});
