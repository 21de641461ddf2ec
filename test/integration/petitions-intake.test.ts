/**
 * Issue 15, the public side: the petition form (validation, the dossier check under the
 * shared per-code limit, CSRF, the per-address limit), the acknowledgement (code, link,
 * QR, outbox), a double submit, the status page and the published answers without
 * personal data, the Zalo invite.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { toDate } from '../../src/db/knex.js';
import { FORM_NONCE_RE, FORM_NONCE_TTL_MS } from '../../src/domain/form-nonce.js';
import { publishedSearchText } from '../../src/domain/petitions.js';
import { formatDateTimeVn, vnInstant } from '../../src/domain/time.js';
import { appendPetitionEvent, verifyPetitionChains } from '../../src/features/petitions/petition-events.repo.js';
import { PETITION_MESSAGES } from '../../src/features/petitions/petition-intake.schema.js';
import { services } from '../../src/services.js';
import { buildTestApp, certifiedCopyForm, createStaff, csrfFrom, signIn, type TestApp } from '../helpers/app.js';

const FORM = '/phan-anh-kien-nghi';
const SENDER = {
  ho_ten: 'Lê Văn Khiêm',
  dia_chi: '88 Hà Huy Giáp, phường Trấn Biên',
  dien_thoai: '0903 111 222',
  email: 'khiem.le@example.vn',
};
const PERSONAL = [SENDER.ho_ten, 'Khiêm', SENDER.dia_chi, 'Hà Huy Giáp', '0903111222', '0903 111 222', '111222', SENDER.email];

type Citizen = { agent: ReturnType<typeof request.agent>; csrf: string; nonce: string; ip: string; page: string };

let ipSeq = 0;
const nonceOf = (html: string) => /name="nonce" value="([^"]+)"/.exec(html)![1]!;

describe('petitions: the public intake', () => {
  let t: TestApp;
  let svc: ReturnType<typeof services>;
  let dossier: { id: number; code: string };
  let blockedDossier: { code: string };
  let clerkId: number;

  /** An anonymous browser (its own address) that opened the form. */
  async function citizen(url = FORM): Promise<Citizen> {
    const agent = request.agent(t.http);
    const ip = `203.0.113.${++ipSeq}`;
    const page = await agent.get(url).set('X-Forwarded-For', ip).expect(200);
    return { agent, csrf: csrfFrom(page.text), nonce: nonceOf(page.text), ip, page: page.text };
  }

  function post(c: Citizen, fields: Record<string, string>) {
    return c.agent
      .post(FORM)
      .set('X-Forwarded-For', c.ip)
      .type('form')
      .send({ _csrf: c.csrf, nonce: c.nonce, loi_moi: '', ...fields });
  }

  const valid = (over: Record<string, string> = {}) => ({ loai: 'regulation', thu_tuc: '', co_quan: '', ma_ho_so: '', so_cuoi: '', noi_dung: 'Thành phần hồ sơ đăng ký hộ kinh doanh yêu cầu bản sao giấy phép không cần thiết.', nguoi_gui: 'individual', cong_khai: '1', ...SENDER, ...over });

  async function file(over: Record<string, string> = {}, c?: Citizen) {
    const who = c ?? (await citizen());
    const res = await post(who, valid(over));
    assert.equal(res.status, 303, res.text.slice(0, 400));
    const token = /^\/phan-anh-kien-nghi\/da-nhan\/([A-Za-z0-9_-]+)$/.exec(res.headers.location ?? '')![1]!;
    const p = await t.db('petitions').where({ public_token: token }).first();
    return { token, p, res };
  }

  async function newDossier(phone: string) {
    const { agent, csrf } = await signIn(t.http, 'clerk');
    const form = { ...certifiedCopyForm({ applicant_phone: phone }), doc_3_received: 'on', doc_4_received: 'on' };
    await agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: csrf }).expect(303);
    const d = await t.db('dossiers').orderBy('id', 'desc').first('id', 'code');
    return { id: Number(d.id), code: String(d.code) };
  }

  before(async () => {
    // Tuesday 01/12/2026 09:00.
    t = await buildTestApp({ now: vnInstant('2026-12-01', '09:00'), env: { TRUST_PROXY: 'true', LOOKUP_RATE_LIMIT: '6', LOOKUP_CODE_LIMIT: '3' } });
    svc = services(t.deps);
    clerkId = await createStaff(t.db, 'clerk', 'clerk', '000.31.01.H26');
    dossier = await newDossier('0987654321');
    blockedDossier = await newDossier('0912000777');
  });
  after(() => t.cleanup());

  test('the form: kinds, procedures, agencies, the note on complaints and denunciations, no script', async () => {
    const c = await citizen();
    assert.match(c.page, /Nội dung quy định hành chính/);
    assert.match(c.page, /Thái độ, hành vi của cán bộ, công chức/);
    assert.match(c.page, /<select[^>]*id="thu_tuc"/);
    assert.match(c.page, /Đăng ký thành lập hộ kinh doanh \(1\.001612\)/);
    assert.match(c.page, /<select[^>]*id="co_quan"[\s\S]*Trấn Biên/);
    assert.match(c.page, /Luật Khiếu nại năm 2011/);
    assert.match(c.page, /Luật Tố cáo năm 2018/);
    assert.doesNotMatch(c.page, /<script/);
    assert.match(c.nonce, FORM_NONCE_RE);
  });

  test('each field is checked, with Vietnamese messages and the values kept; nothing is filed', async () => {
    const c = await citizen();
    const res = await post(c, { loai: '', noi_dung: '', nguoi_gui: '', ho_ten: '', dia_chi: '', dien_thoai: '', email: '' });
    assert.equal(res.status, 400);
    for (const m of [PETITION_MESSAGES.kind, PETITION_MESSAGES.content, PETITION_MESSAGES.senderKind, PETITION_MESSAGES.name, PETITION_MESSAGES.address, PETITION_MESSAGES.contact]) {
      assert.ok(res.text.includes(m), `missing message: ${m}`);
    }
    const bad = await post(c, valid({ dien_thoai: '12345', email: 'not-an-address', ma_ho_so: 'ABC', thu_tuc: '999999', noi_dung: 'x'.repeat(4001) }));
    assert.equal(bad.status, 400);
    for (const m of [PETITION_MESSAGES.phone, PETITION_MESSAGES.email, PETITION_MESSAGES.dossierCode, PETITION_MESSAGES.contentTooLong]) assert.ok(bad.text.includes(m), `missing message: ${m}`);
    assert.ok(bad.text.includes('value="Lê Văn Khiêm"'), 'the name is kept');
    assert.ok(bad.text.includes(`name="nonce" value="${c.nonce}"`), 'the same form page keeps its nonce');
    // A procedure that does not exist (well-formed id), and a code without its digits.
    const c2 = await citizen();
    const missing = await post(c2, valid({ thu_tuc: '999999' }));
    assert.equal(missing.status, 400);
    assert.ok(missing.text.includes(PETITION_MESSAGES.procedure));
    const noDigits = await post(c2, valid({ ma_ho_so: dossier.code }));
    assert.equal(noDigits.status, 400);
    assert.ok(noDigits.text.includes(PETITION_MESSAGES.last4));
    // E-mail alone is enough.
    const c3 = await citizen();
    const mailOnly = await post(c3, valid({ dien_thoai: '', email: 'chi.mail@example.vn' }));
    assert.equal(mailOnly.status, 303);
    const before = await t.db('petitions').count({ n: '*' });
    assert.equal(Number(before[0]!.n), 1);
    await t.db('outbox_messages').where({ recipient: 'chi.mail@example.vn' }).del();
  });

  test('filing: acknowledgement with code, link and QR, the outbox once, the received event; a double submit files once', async () => {
    const countBefore = Number((await t.db('petitions').count({ n: '*' }))[0]!.n);
    const c = await citizen();
    const { token, p, res } = await file({}, c);
    assert.match(p.code, /^PAKN-261201-\d{4}$/);
    assert.equal(p.status, 'received');
    assert.equal(p.channel, 'web');
    assert.equal(p.sender_phone, '0903111222');
    assert.equal(Boolean(p.consent_publish), true);
    const cal = await svc.calendar.current();
    const due = cal.addWorkingTime(vnInstant('2026-12-01', '09:00'), 5 * cal.dayLengthMs);
    assert.equal(toDate(p.forward_due_at).getTime(), due.getTime());

    const ack = await c.agent.get(res.headers.location!).expect(200);
    const link = `http://motcua.test/phan-anh-kien-nghi/theo-doi/${token}`;
    assert.ok(ack.text.includes(p.code));
    assert.ok(ack.text.includes(`href="${link}"`));
    assert.ok(ack.text.includes(formatDateTimeVn(due)));
    for (const s of PERSONAL) assert.ok(!ack.text.includes(s), `the acknowledgement shows "${s}"`);
    const png = /src="data:image\/png;base64,([^"]+)"/.exec(ack.text)![1]!;
    const qrFile = path.join(os.tmpdir(), `pakn-qr-${process.pid}.png`);
    fs.writeFileSync(qrFile, Buffer.from(png, 'base64'));
    try {
      assert.equal(execFileSync('zbarimg', ['--raw', '-q', qrFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(), link);
    } finally {
      fs.rmSync(qrFile, { force: true });
    }

    const rows = await t.db('outbox_messages').where({ template: 'petition_received', reference: p.code }).orderBy('channel');
    assert.deepEqual(rows.map((r) => [r.channel, r.recipient, r.idempotency_key]), [
      ['email', SENDER.email, `petition_received:${p.id}:email`],
      ['sms', '0903111222', `petition_received:${p.id}:sms`],
    ]);
    assert.equal(JSON.parse(rows[0].data).status_url, link);
    const events = await t.db('petition_events').where({ petition_id: p.id });
    assert.deepEqual(events.map((e) => [e.type, e.to_status, Boolean(e.public)]), [['received', 'received', true]]);

    // The same form page again (a double click, a reload of the POST), and two at once.
    const again = await post(c, valid());
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, res.headers.location);
    const both = await Promise.all([post(c, valid()), post(c, valid())]);
    for (const r of both) assert.equal(r.headers.location, res.headers.location);
    assert.equal((await t.db('petitions').where({ public_token: token })).length, 1);
    assert.equal(Number((await t.db('petitions').count({ n: '*' }))[0]!.n), countBefore + 1);
    assert.equal((await t.db('outbox_messages').where({ reference: p.code })).length, 2);
    const next = await file();
    assert.equal(next.p.code, `PAKN-261201-${String(Number(p.code.slice(-4)) + 1).padStart(4, '0')}`);
    const chains = await verifyPetitionChains(t.db);
    assert.deepEqual(chains.broken, []);
  });

  test('the nonce is the server’s, for one visitor: another browser replaying it never reaches the first filer’s acknowledgement', async () => {
    const a = await citizen();
    const first = await file({}, a);
    // The same visitor again (a reload of the POST): their own acknowledgement.
    const again = await post(a, valid());
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, first.res.headers.location);
    // Another browser (its own cookie and CSRF token) posting A's nonce: its form again, with a fresh nonce; nothing about A's petition.
    const b = await citizen();
    const count = Number((await t.db('petitions').count({ n: '*' }))[0]!.n);
    const replay = await post({ ...b, nonce: a.nonce }, valid({ ho_ten: 'Trần Văn Bảy' }));
    assert.equal(replay.status, 400);
    assert.equal(replay.headers.location, undefined);
    assert.ok(replay.text.includes(PETITION_MESSAGES.formForeign));
    assert.ok(!replay.text.includes(first.token) && !replay.text.includes(first.p.code), "nothing of the first filer's petition");
    assert.ok(replay.text.includes('value="Trần Văn Bảy"'), 'what B typed is kept');
    const fresh = nonceOf(replay.text);
    assert.notEqual(fresh, a.nonce);
    assert.equal(Number((await t.db('petitions').count({ n: '*' }))[0]!.n), count, 'nothing filed');
    // B sends its form again, with the nonce it was given: B's own petition.
    const own = await post({ ...b, nonce: fresh }, valid({ ho_ten: 'Trần Văn Bảy' }));
    assert.equal(own.status, 303);
    assert.notEqual(own.headers.location, first.res.headers.location);
    // A nonce the client made up (the old 43-character form) is refused, and nothing is filed.
    const made = await post({ ...(await citizen()), nonce: 'n'.repeat(43) }, valid());
    assert.equal(made.status, 400);
    assert.ok(made.text.includes(PETITION_MESSAGES.form));
    assert.equal(Number((await t.db('petitions').count({ n: '*' }))[0]!.n), count + 1);
  });

  test('an expired form nonce files nothing; the form comes back with a fresh one', async () => {
    const c = await citizen();
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + FORM_NONCE_TTL_MS + 60_000));
    try {
      const count = Number((await t.db('petitions').count({ n: '*' }))[0]!.n);
      const late = await post(c, valid());
      assert.equal(late.status, 400);
      assert.ok(late.text.includes(PETITION_MESSAGES.form));
      assert.notEqual(nonceOf(late.text), c.nonce);
      assert.equal(Number((await t.db('petitions').count({ n: '*' }))[0]!.n), count);
      const retry = await post({ ...c, nonce: nonceOf(late.text) }, valid());
      assert.equal(retry.status, 303);
    } finally {
      t.clock.set(start);
    }
  });

  test('the sender’s status page shows the answer addressed to them, never their phone, e-mail or ID number', async () => {
    const { token, p } = await file();
    const done = vnInstant('2026-12-03', '15:00');
    const answer = 'Kính gửi ông Khiêm: cán bộ đã gọi số 0903.111.222 và gửi thư tới khiem.le (at) example dot vn; số CCCD 075190001234 đã được xác minh. Hồ sơ H26.57.01-261201-0002 đã trả.';
    await t.db('petitions').where({ id: p.id }).update({ status: 'answered', answer, answered_at: done, closed_at: done, updated_at: done });
    await appendPetitionEvent(t.db, p.id, { type: 'petition_answered', fromStatus: 'received', toStatus: 'answered', actorId: null, note: null, public: true, ip: null, createdAt: done });
    const page = await request(t.http).get(`/phan-anh-kien-nghi/theo-doi/${token}`).expect(200);
    assert.ok(page.text.includes('Kính gửi ông Khiêm'), 'addressed to the sender');
    assert.ok(page.text.includes('H26.57.01-261201-0002'), 'the dossier code whole');
    for (const s of ['0903.111.222', '111.222', 'khiem.le', '075190001234']) assert.ok(!page.text.includes(s), `the status page shows "${s}"`);
    assert.ok(page.text.includes('[số điện thoại]') && page.text.includes('[e-mail]') && page.text.includes('[số định danh]'));
  });

  test('a dossier code: right digits link it (conduct: its officer), wrong digits refused; a blocked code answers like a wrong one', async () => {
    const wrong = await post(await citizen(), valid({ ma_ho_so: dossier.code, so_cuoi: '0000' }));
    assert.equal(wrong.status, 400);
    assert.ok(wrong.text.includes(PETITION_MESSAGES.dossierNotFound));
    assert.equal((await t.db('petitions').whereNotNull('dossier_id')).length, 0);

    // Handling: linked, no official.
    const handling = await file({ loai: 'handling', ma_ho_so: dossier.code.toLowerCase(), so_cuoi: '4321' });
    assert.equal(handling.p.dossier_id, dossier.id);
    assert.equal(handling.p.official_id, null);
    // Conduct, not yet assigned: the last one who acted (the clerk who received it).
    const conduct = await file({ loai: 'conduct', ma_ho_so: dossier.code, so_cuoi: '4321' });
    assert.equal(conduct.p.official_id, clerkId);
    const officerId = await createStaff(t.db, 'officer', 'officer', '000.31.01.H26');
    const supervisorId = await createStaff(t.db, 'supervisor', 'supervisor', '000.31.01.H26');
    await t.db('users').where({ id: supervisorId }).update({ email: 'lanhdao@tranbien.example.vn' });
    await t.db('dossiers').where({ id: dossier.id }).update({ assigned_to: officerId });
    const assigned = await file({ loai: 'conduct', ma_ho_so: dossier.code, so_cuoi: '4321' });
    assert.equal(assigned.p.official_id, officerId);
    // The workflow's conduct alert ran in the filing transaction: the official's supervisor told once.
    const alerts = await t.db('outbox_messages').where({ template: 'petition_conduct', reference: assigned.p.code });
    assert.deepEqual(alerts.map((r) => r.recipient), ['lanhdao@tranbien.example.vn']);
    assert.equal((await t.db('petition_events').where({ petition_id: assigned.p.id })).length, 2);
    assert.equal((await t.db('petition_events').where({ petition_id: handling.p.id })).length, 1);

    // Three wrong tries (LOOKUP_CODE_LIMIT) through the form use up the code's allowance, shared with the public lookup.
    for (let i = 0; i < 3; i++) {
      const r = await post(await citizen(), valid({ ma_ho_so: blockedDossier.code, so_cuoi: String(1000 + i) }));
      assert.equal(r.status, 400);
    }
    const right = await post(await citizen(), valid({ ma_ho_so: blockedDossier.code, so_cuoi: '0777' }));
    assert.equal(right.status, 400);
    assert.ok(right.text.includes(PETITION_MESSAGES.dossierNotFound), 'a blocked code reads as a wrong one');
    const lookupPage = await request(t.http).get('/tra-cuu').set('X-Forwarded-For', '198.51.100.9');
    const lookup = await request(t.http)
      .post('/tra-cuu')
      .set('X-Forwarded-For', '198.51.100.9')
      .set('Cookie', lookupPage.headers['set-cookie']!)
      .type('form')
      .send({ _csrf: csrfFrom(lookupPage.text), code: blockedDossier.code, phone_last4: '0777' });
    assert.equal(lookup.status, 404, 'the public lookup shares the per-code limit');
  });

  test('the status page: steps and deadlines, forwarded and answered, no personal data; unknown tokens 404', async () => {
    const { token, p } = await file();
    const page = await request(t.http).get(`/phan-anh-kien-nghi/theo-doi/${token}`).expect(200);
    assert.ok(page.text.includes(p.code));
    assert.match(page.text, /Đã tiếp nhận phản ánh, kiến nghị/);
    assert.ok(page.text.includes(formatDateTimeVn(toDate(p.forward_due_at))));
    assert.equal(page.headers['x-robots-tag'], 'noindex, nofollow');

    // The workflow (another feature) forwards and answers it.
    const agency = await t.db('agencies').where({ eid: '000.31.01.H26' }).first('id', 'name');
    const at = vnInstant('2026-12-02', '10:00');
    const answerDue = vnInstant('2026-12-16', '10:00');
    await t.db('petitions').where({ id: p.id }).update({ status: 'forwarded', forwarded_at: at, competent_agency_id: agency.id, answer_due_at: answerDue, updated_at: at });
    await appendPetitionEvent(t.db, p.id, { type: 'petition_forwarded', fromStatus: 'received', toStatus: 'forwarded', actorId: null, note: 'nội bộ: chuyển gấp', public: true, ip: null, createdAt: at });
    const fwd = await request(t.http).get(`/phan-anh-kien-nghi/theo-doi/${token}`).expect(200);
    assert.ok(fwd.text.includes(agency.name));
    assert.ok(fwd.text.includes(formatDateTimeVn(answerDue)));
    assert.ok(!fwd.text.includes('nội bộ'), 'staff notes are not shown');
    const done = vnInstant('2026-12-03', '15:00');
    await t.db('petitions').where({ id: p.id }).update({ status: 'answered', answer: 'Sở Tư pháp đã sửa thành phần hồ sơ.', answered_at: done, closed_at: done, updated_at: done });
    await appendPetitionEvent(t.db, p.id, { type: 'petition_answered', fromStatus: 'forwarded', toStatus: 'answered', actorId: null, note: null, public: true, ip: null, createdAt: done });
    const ans = await request(t.http).get(`/phan-anh-kien-nghi/theo-doi/${token}`).expect(200);
    assert.ok(ans.text.includes('Sở Tư pháp đã sửa thành phần hồ sơ.'));
    for (const html of [page.text, fwd.text, ans.text]) for (const s of PERSONAL) assert.ok(!html.includes(s), `the status page shows "${s}"`);

    for (const bad of ['A'.repeat(43), 'x', '%00', 'a'.repeat(300)]) {
      const r = await request(t.http).get(`/phan-anh-kien-nghi/theo-doi/${bad}`);
      assert.equal(r.status, 404);
      assert.match(r.text, /Không tìm thấy phản ánh, kiến nghị/);
    }
    assert.equal((await request(t.http).get(`/phan-anh-kien-nghi/da-nhan/${'B'.repeat(43)}`)).status, 404);
  });

  test('published answers: only published ones, searchable without accents, by kind, 20 a page, never the sender', async () => {
    const at = vnInstant('2026-12-04', '09:00');
    const a = await file();
    // Published as the head's approval does it (petitions.service.ts): the anonymised texts and their folded search text;
    // the senders here did not agree to be named (art. 19: consent only names them).
    const publish = (p: { id: number; code: string }, content: string, answer: string) =>
      t.db('petitions').where({ id: p.id }).update({ consent_named: false, status: 'answered', published_at: at, answered_at: at, published_content: content, published_answer: answer, published_search: publishedSearchText({ code: p.code, content, answer }) });
    await publish(a.p, 'Đề nghị bỏ yêu cầu nộp bản sao giấy phép xây dựng.', 'Đã bãi bỏ yêu cầu này từ tháng 12.');
    const b = await file({ loai: 'handling' });
    await publish(b.p, 'Hồ sơ trả chậm hai ngày.', 'Cơ quan xin lỗi và đã trả kết quả.');
    const unpublished = await file();

    const list = await request(t.http).get('/phan-anh-kien-nghi/da-tra-loi').expect(200);
    assert.ok(list.text.includes(a.p.code) && list.text.includes(b.p.code));
    assert.ok(!list.text.includes(unpublished.p.code));
    const search = await request(t.http).get('/phan-anh-kien-nghi/da-tra-loi?q=giay+phep+xay+dung').expect(200);
    assert.ok(search.text.includes(a.p.code));
    assert.ok(!search.text.includes(b.p.code));
    const byAnswer = await request(t.http).get(`/phan-anh-kien-nghi/da-tra-loi?q=${encodeURIComponent('XIN LỖI')}`).expect(200);
    assert.ok(byAnswer.text.includes(b.p.code) && !byAnswer.text.includes(a.p.code));
    const kind = await request(t.http).get('/phan-anh-kien-nghi/da-tra-loi?loai=handling').expect(200);
    assert.ok(kind.text.includes(b.p.code) && !kind.text.includes(a.p.code));
    const one = await request(t.http).get(`/phan-anh-kien-nghi/da-tra-loi/${a.p.code}`).expect(200);
    assert.ok(one.text.includes('Đã bãi bỏ yêu cầu này từ tháng 12.'));
    assert.equal((await request(t.http).get(`/phan-anh-kien-nghi/da-tra-loi/${unpublished.p.code}`)).status, 404);
    assert.equal((await request(t.http).get('/phan-anh-kien-nghi/da-tra-loi/PAKN-1')).status, 404);
    for (const html of [list.text, one.text]) for (const s of PERSONAL) assert.ok(!html.includes(s), `the published page shows "${s}"`);

    // 22 more published rows: page 1 holds 20, page 2 the rest.
    const base = await t.db('petitions').where({ id: a.p.id }).first();
    const extra = Array.from({ length: 22 }, (_, i) => ({ ...base, id: undefined, code: `PAKN-261130-${String(i + 1).padStart(4, '0')}`, public_token: `tok${String(i).padStart(30, '0')}`, published_at: new Date(at.getTime() - (i + 1) * 60_000), form_nonce: null }));
    for (const row of extra) delete (row as Record<string, unknown>).id;
    await t.db('petitions').insert(extra);
    const p1 = await request(t.http).get('/phan-anh-kien-nghi/da-tra-loi').expect(200);
    const p2 = await request(t.http).get('/phan-anh-kien-nghi/da-tra-loi?trang=2').expect(200);
    const count = (html: string) => (html.match(/<li>\s*<h2/g) ?? []).length;
    assert.equal(count(p1.text), 20);
    assert.equal(count(p2.text), 4);
    assert.match(p1.text, /trang=2/);
    assert.equal((await request(t.http).get('/phan-anh-kien-nghi/da-tra-loi?trang=abc&loai=x&q=%00')).status, 200);
  });

  test('from Zalo: a valid invite links the petition once; a used or expired one files unlinked, with a note', async () => {
    const now = t.clock.now();
    const link = await svc.petitionIntake.zaloInviteLink(t.db, 'zalo-user-42', now);
    const m = /^http:\/\/motcua\.test\/phan-anh-kien-nghi\/zalo\/([A-Za-z0-9_-]{43})$/.exec(link);
    assert.ok(m, link);
    const invite = m[1]!;
    const inv = await t.db('petition_zalo_invites').where({ token: invite }).first();
    assert.equal(toDate(inv.expires_at).getTime() - now.getTime(), 7 * 24 * 3600_000);

    const c = await citizen(`/phan-anh-kien-nghi/zalo/${invite}`);
    assert.match(c.page, /gắn với tài khoản Zalo/);
    assert.ok(c.page.includes(`name="loi_moi" value="${invite}"`));
    const linked = await file({ loi_moi: invite }, c);
    assert.equal(linked.p.zalo_user_id, 'zalo-user-42');
    assert.equal(linked.p.channel, 'zalo');
    assert.equal((await t.db('petition_zalo_invites').where({ token: invite }).first()).petition_id, linked.p.id);

    const used = await citizen(`/phan-anh-kien-nghi/zalo/${invite}`);
    assert.match(used.page, /đã hết hạn hoặc đã được sử dụng/);
    const second = await file({ loi_moi: invite }, used);
    assert.equal(second.p.zalo_user_id, null);
    assert.equal(second.p.channel, 'web');

    const old = await svc.petitionIntake.zaloInviteLink(t.db, 'zalo-user-43', new Date(now.getTime() - 8 * 24 * 3600_000));
    const expired = /zalo\/([A-Za-z0-9_-]+)$/.exec(old)![1]!;
    const e = await citizen(`/phan-anh-kien-nghi/zalo/${expired}`);
    assert.match(e.page, /đã hết hạn/);
    const unlinked = await file({ loi_moi: expired }, e);
    assert.equal(unlinked.p.zalo_user_id, null);
    assert.equal((await t.db('petition_zalo_invites').where({ token: expired }).first()).petition_id, null);
    assert.equal((await request(t.http).get('/phan-anh-kien-nghi/zalo/%E2%80%AE')).status, 200, 'a mangled link still opens the form');
  });

  test('CSRF: a post without the token is refused, another browser’s token too (403); the per-address limit answers 429', async () => {
    const before = await t.db('petitions').count({ n: '*' });
    const noToken = await request(t.http).post(FORM).set('X-Forwarded-For', '192.0.2.200').type('form').send({ ...valid(), nonce: 'n'.repeat(43) });
    assert.equal(noToken.status, 403);
    const a = await citizen();
    const b = await citizen();
    const swapped = await post({ ...b, csrf: a.csrf, nonce: b.nonce }, valid());
    assert.equal(swapped.status, 403);
    assert.match(swapped.text, /được mở trên một trình duyệt hoặc phiên truy cập khác/);
    const c = await citizen();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post(c, { loai: '' })).status);
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 400, 429]);
    const after = await t.db('petitions').count({ n: '*' });
    assert.equal(Number(after[0]!.n), Number(before[0]!.n));
  });
});
