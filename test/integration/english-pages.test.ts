/**
 * The public pages in English (issue 23 item 5). A citizen's browser crawls every public page
 * in English with realistic data — dossiers at several stages with a question, a supplement
 * request and a rating, a petition filed, answered and published, refused forms, not-found
 * pages — and each page must hold no Vietnamese word outside the data: every text and
 * readable attribute outside a `lang="vi"` element is checked for Vietnamese letters, and
 * every `lang="vi"` element must be data that is stored in the database (so a UI string
 * cannot hide in a data span). Also: how the language is chosen and remembered, the headers,
 * the Vietnamese pages unchanged, staff pages always Vietnamese.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { maskName } from '../../src/domain/masking.js';
import { publishedSearchText } from '../../src/domain/petitions.js';
import { vnInstant } from '../../src/domain/time.js';
import { appendPetitionEvent } from '../../src/features/petitions/petition-events.repo.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { services } from '../../src/services.js';
import { tokenHashOf } from '../../src/features/survey/survey.service.js';
import { buildTestApp, csrfFrom, type TestApp } from '../helpers/app.js';
import { pagesOf, textOf, writePdf } from '../helpers/pdf.js';
import { staffUser } from '../helpers/portal-world.js';
import { pageText, VIETNAMESE } from '../helpers/page-text.js';
import { act, APPLICANT, dossierAt, twoWards, type TwoWards } from '../helpers/two-wards.js';

type Agent = ReturnType<typeof request.agent>;

/** The Set-Cookie lines of a response. */
const setCookies = (res: { headers: Record<string, unknown> }): string[] => ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []);

describe('public pages in English', () => {
  let t: TestApp;
  let w: TwoWards;
  let running: { id: number; token: string; code: string };
  let awaiting: { id: number; token: string; code: string };
  let returned: { id: number; token: string; code: string };
  const checked: string[] = [];

  /** Every string value stored in the database, and the masked applicant names: what a data span may show. */
  async function dataValues(): Promise<string[]> {
    const tables: string[] =
      t.db.client.config.client === 'pg'
        ? (await t.db.raw("select tablename as name from pg_tables where schemaname = current_schema()")).rows.map((r: { name: string }) => r.name)
        : (await t.db.raw("select name from sqlite_master where type = 'table'")).map((r: { name: string }) => r.name);
    const values: string[] = [];
    // A stored national record (procedure_versions.record_json) is data leaf by leaf.
    const collect = (v: unknown): void => {
      if (typeof v === 'string') {
        if (/^[[{]/.test(v)) {
          try {
            collect(JSON.parse(v));
            return;
          } catch {
            // Not JSON: a plain value.
          }
        }
        if (VIETNAMESE.test(v)) values.push(v.replace(/\s+/g, ' '));
      } else if (Array.isArray(v)) v.forEach(collect);
      else if (typeof v === 'object' && v !== null && !(v instanceof Date)) Object.values(v).forEach(collect);
    };
    for (const table of tables) {
      for (const row of await t.db(table).select('*')) collect(Object.values(row));
    }
    const names = await t.db('dossiers').pluck('applicant_name');
    return [...values, ...names.map((n: string) => maskName(n)), 'Tiếng Việt'];
  }

  /** The page is English: lang, the note on the text of record, the switch back, and no Vietnamese word outside data. */
  async function assertEnglish(label: string, html: string, typed: string[] = [], storedNow?: string[]): Promise<void> {
    assert.match(html, /<html lang="en">/, `${label}: html lang`);
    assert.match(html, /the Vietnamese version is the legal text of record/, `${label}: the note`);
    assert.match(html, /<a href="[^"]*(?:\?|&amp;)lang=vi"[^>]* lang="vi" hreflang="vi">Tiếng Việt<\/a>/, `${label}: the switch`);
    const { ui, data } = pageText(html);
    const vietnamese = ui.filter((s) => VIETNAMESE.test(s));
    assert.deepEqual(vietnamese, [], `${label}: Vietnamese UI text on the English page`);
    // Data is what is stored, or what the visitor typed that the page repeats (a search).
    const stored = [...(storedNow ?? (await dataValues())), ...typed];
    // A data span is a stored value or part of one (a note's line, an excerpt ending in "…"); a procedure option also carries its code.
    // (A span without a Vietnamese letter, a law's number "68/2020/QH14", cannot hide a Vietnamese UI string.)
    const notData = data.filter((s) => VIETNAMESE.test(s) && !stored.some((v) => v.includes(s.replace(/…$/, '').replace(/ \([0-9A-Z.]+\)$/, ''))));
    assert.deepEqual(notData, [], `${label}: a lang="vi" span that is not data`);
    checked.push(label);
  }

  /** An anonymous browser that chose English with the switch's link. */
  async function englishBrowser(): Promise<Agent> {
    const agent = request.agent(t.http);
    await agent.get('/?lang=en').expect(200);
    return agent;
  }

  const csrfOf = async (agent: Agent, url: string) => csrfFrom((await agent.get(url).expect(200)).text);

  before(async () => {
    // Monday 23/11/2026 09:00.
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00'), env: { SESSION_TTL_HOURS: '720', LOOKUP_RATE_LIMIT: '1000' } });
    w = await twoWards(t);
    running = await dossierAt(t, w, 'in_progress');
    awaiting = await dossierAt(t, w, 'in_progress');
    await act(t, w.officer, awaiting.id, 'request_supplement', { note: 'Bản sao hợp đồng thuê nhà\nGiấy ủy quyền', reason: 'Thiếu hợp đồng thuê địa điểm và giấy ủy quyền' });
    returned = await dossierAt(t, w, 'returned');
  });
  after(() => t.cleanup());

  test('the front page, the lookup and its refusals, the not-found pages and the error page', async () => {
    const en = await englishBrowser();
    await assertEnglish('front page', (await en.get('/').expect(200)).text);
    await assertEnglish('lookup', (await en.get('/tra-cuu').expect(200)).text);
    // The procedures not available by post (Decision 45/2016 art. 13): one listed, its name data.
    await t.db('procedures').where({ code: '2.000815' }).update({ in_person: true });
    const notByPost = (await en.get('/thu-tuc/khong-qua-buu-chinh').expect(200)).text;
    assert.match(notByPost, /The applicant must come in person/);
    await assertEnglish('procedures not available by post', notByPost);
    const csrf = await csrfOf(en, '/tra-cuu');
    const empty = await en.post('/tra-cuu').type('form').send({ _csrf: csrf, code: '', phone_last4: '' }).expect(400);
    assert.match(empty.text, /Enter the dossier code as printed on your receipt \(for example: 000\.00\.12\.H26-261123-0042\)/);
    assert.match(empty.text, /Enter exactly the last 4 digits/);
    await assertEnglish('lookup refused', empty.text);
    const wrong = await en.post('/tra-cuu').type('form').send({ _csrf: csrf, code: running.code, phone_last4: '0000' }).expect(404);
    assert.match(wrong.text, /No dossier has this code and phone number/);
    await assertEnglish('lookup not found', wrong.text);
    const right = await en.post('/tra-cuu').type('form').send({ _csrf: csrf, code: running.code, phone_last4: APPLICANT.applicant_phone.replace(/\D/g, '').slice(-4) }).expect(303);
    assert.equal(right.headers.location, `/s/${running.token}`);
    await assertEnglish('status not found', (await en.get('/s/no-such-token-here').expect(404)).text);
    await assertEnglish('page not found', (await en.get('/khong-co-trang-nay').expect(404)).text);
    const forged = await en.post('/tra-cuu').type('form').send({ _csrf: 'forged', code: running.code, phone_last4: '1234' }).expect(403);
    assert.match(forged.text, /Form expired/);
    await assertEnglish('form expired', forged.text);
    const json = await en.get('/s/no-such-token-here.json').expect(404);
    assert.equal(json.body.error.message, 'Dossier not found');
  });

  test('the status page at each stage, with its question thread, supplement request and rating', async () => {
    const en = await englishBrowser();
    // A question asked in English, answered by the officer, and one still waiting.
    let csrf = await csrfOf(en, `/s/${running.token}`);
    const refused = await en.post(`/s/${running.token}/cau-hoi`).type('form').send({ _csrf: csrf, cau_hoi: '' }).expect(400);
    assert.match(refused.text, /Please type your question\./);
    await assertEnglish('question refused', refused.text);
    await en.post(`/s/${running.token}/cau-hoi`).type('form').send({ _csrf: csrf, cau_hoi: 'Khi nào tôi nhận được kết quả?' }).expect(303);
    const q = await t.db('dossier_questions').where({ dossier_id: running.id }).first('id');
    const answered = await w.officer.agent.post(`/cau-hoi/${q.id}/tra-loi`).type('form').send({ _csrf: w.officer.csrf, noi_dung: 'Hồ sơ đang được thẩm định, dự kiến có kết quả đúng hẹn.', loai: 'tra_loi', xac_nhan: '' });
    assert.equal(answered.status, 303);
    await en.post(`/s/${running.token}/cau-hoi`).type('form').send({ _csrf: csrf, cau_hoi: 'Tôi có cần mang thêm giấy tờ gì không?' }).expect(303);
    t.clock.set(vnInstant('2026-11-24', '10:00'));
    const page = await en.get(`/s/${running.token}`).expect(200);
    assert.match(page.text, /<strong>2 working days left<\/strong> until the result is due/);
    assert.match(page.text, /09:00, Thursday 26 November 2026/);
    assert.match(page.text, /The processing officer answered at/);
    await assertEnglish('status: in progress with questions', page.text);
    // Overdue.
    t.clock.set(vnInstant('2026-11-30', '10:00'));
    const late = await en.get(`/s/${running.token}`).expect(200);
    assert.match(late.text, /<strong>Overdue by 2 working days<\/strong>/);
    await assertEnglish('status: overdue', late.text);
    t.clock.set(vnInstant('2026-11-24', '10:00'));

    const waiting = await en.get(`/s/${awaiting.token}`).expect(200);
    assert.match(waiting.text, /Documents to add/);
    assert.match(waiting.text, /<li><span lang="vi">Giấy ủy quyền<\/span><\/li>/);
    await assertEnglish('status: awaiting a supplement', waiting.text);

    // The rating: refused, sent, refused again.
    const ratePage = await en.get(`/s/${returned.token}`).expect(200);
    await assertEnglish('status: returned, rating form', ratePage.text);
    csrf = csrfFrom(ratePage.text);
    const noReason = await en.post(`/s/${returned.token}/danh-gia`).type('form').send({ _csrf: csrf, level: 'unsatisfied', comment: '', criterion_time: '7' }).expect(400);
    assert.match(noReason.text, /Please tell us why you are not satisfied/);
    await assertEnglish('rating refused', noReason.text);
    await en.post(`/s/${returned.token}/danh-gia`).type('form').send({ _csrf: csrf, level: 'satisfied', comment: '', criterion_time: '2' }).expect(303);
    const thanked = await en.get(`/s/${returned.token}`).expect(200);
    assert.match(thanked.text, /Your rating: <strong>Satisfied<\/strong>/);
    await assertEnglish('status: rated', thanked.text);
    const again = await en.post(`/s/${returned.token}/danh-gia`).type('form').send({ _csrf: csrf, level: 'satisfied' }).expect(409);
    assert.match(again.text, /This dossier has already been rated/);
    await assertEnglish('rating refused again', again.text);
  });

  test('a question turned into a petition: its code and the consent form (art. 19), refused and answered, in English', async () => {
    t.clock.set(vnInstant('2026-11-24', '10:00'));
    const en = await englishBrowser();
    let csrf = await csrfOf(en, `/s/${awaiting.token}`);
    await en.post(`/s/${awaiting.token}/cau-hoi`).type('form').send({ _csrf: csrf, cau_hoi: 'Hồ sơ của tôi chậm quá, cán bộ không trả lời điện thoại.' }).expect(303);
    const q = await t.db('dossier_questions').where({ dossier_id: awaiting.id }).orderBy('id', 'desc').first('id');
    await w.officer.agent.post(`/cau-hoi/${q.id}/chuyen-pakn`).type('form').send({ _csrf: w.officer.csrf, loai_pakn: 'handling' }).expect(303);
    const page = await en.get(`/s/${awaiting.token}`).expect(200);
    assert.match(page.text, /This question was taken in as feedback or petition PAKN-/);
    assert.match(page.text, /Do you agree to be named when the handling result is published\?/);
    await assertEnglish('status: a question that became a petition', page.text);
    csrf = csrfFrom(page.text);
    const refused = await en.post(`/s/${awaiting.token}/cau-hoi/${q.id}/neu-ten`).type('form').send({ _csrf: csrf }).expect(400);
    assert.match(refused.text, /Please choose whether you agree to be named\./);
    await assertEnglish('consent refused', refused.text);
    await en.post(`/s/${awaiting.token}/cau-hoi/${q.id}/neu-ten`).type('form').send({ _csrf: csrf, neu_ten: 'khong' }).expect(303);
    const answered = await en.get(`/s/${awaiting.token}`).expect(200);
    assert.match(answered.text, /You did not agree to be named/);
    await assertEnglish('status: consent answered', answered.text);
  });

  test("the status page's JSON speaks the page's language; procedure names in English where the catalogue has them", async () => {
    t.clock.set(vnInstant('2026-11-24', '10:00'));
    const en = await englishBrowser();
    const [status] = (await en.get(`/s/${awaiting.token}.json`).expect(200)).body;
    assert.match(status.status_notes, /^Awaiting additional documents\. The dossier needs additional documents\./);
    assert.equal(status.deadline_text, 'The appointment will be set again once the complete additional documents are received');
    for (const key of ['status_notes', 'deadline_text', 'deadline_note', 'completion']) {
      assert.ok(status[key] === null || !VIETNAMESE.test(status[key]), `${key}: ${status[key]}`);
    }
    // The seeded procedure has no English name: its Vietnamese name, marked; once it has one, the English name.
    const vi = (await en.get(`/s/${running.token}`).expect(200)).text;
    assert.match(vi, /<dd><a href="\/thu-tuc\/1\.001612"><span lang="vi">Đăng ký thành lập hộ kinh doanh<\/span><\/a><\/dd>/);
    await t.db('procedures').where({ code: '1.001612' }).update({ name_en: 'Registration of a household business' });
    const named = await en.get(`/s/${running.token}`).expect(200);
    assert.match(named.text, /<dd><a href="\/thu-tuc\/1\.001612">Registration of a household business<\/a><\/dd>/);
    const runningJson = (await en.get(`/s/${running.token}.json`).expect(200)).body[0];
    assert.equal(runningJson.service_name, 'Registration of a household business');
    assert.equal(runningJson.questions[0].answer.answered_by, 'The processing officer');
    assert.match(runningJson.deadline_text, /^\d+ working days? left$|^Due today$|^Overdue by \d+ working days?$/);
    // The Vietnamese page and JSON keep the Vietnamese name (the text of record).
    const viPage = await request(t.http).get(`/s/${running.token}`).expect(200);
    assert.match(viPage.text, /<dd><a href="\/thu-tuc\/1\.001612">Đăng ký thành lập hộ kinh doanh<\/a><\/dd>/);
    assert.equal((await request(t.http).get(`/s/${running.token}.json`).expect(200)).body[0].service_name, 'Đăng ký thành lập hộ kinh doanh');
    await t.db('procedures').where({ code: '1.001612' }).update({ name_en: null });
  });

  test('the petition pages: the form and its errors, the acknowledgement, the tracking page, the published answers', async () => {
    const en = await englishBrowser();
    const form = await en.get('/phan-anh-kien-nghi').expect(200);
    await assertEnglish('petition form', form.text);
    const csrf = csrfFrom(form.text);
    const nonce = /name="nonce" value="([^"]+)"/.exec(form.text)![1]!;
    const bad = await en.post('/phan-anh-kien-nghi').type('form').send({ _csrf: csrf, nonce, loi_moi: '', loai: '', noi_dung: '', nguoi_gui: 'individual', ho_ten: '', dia_chi: '', dien_thoai: '12', email: 'x' }).expect(400);
    assert.match(bad.text, /Choose what your feedback or petition is about/);
    await assertEnglish('petition form refused', bad.text);
    const filed = await en
      .post('/phan-anh-kien-nghi')
      .type('form')
      .send({ _csrf: csrf, nonce, loi_moi: '', loai: 'handling', thu_tuc: '', co_quan: '', ma_ho_so: '', so_cuoi: '', noi_dung: 'Thời gian chờ nhận kết quả quá lâu so với giấy hẹn.', nguoi_gui: 'individual', ho_ten: 'Trần Thị Bình', dia_chi: '5 Phan Trung, phường Tam Hiệp', dien_thoai: '0912000333', email: 'binh@example.vn', cong_khai: '1' })
      .expect(303);
    const token = /\/phan-anh-kien-nghi\/da-nhan\/([A-Za-z0-9_-]+)$/.exec(filed.headers.location!)![1]!;
    const ack = await en.get(filed.headers.location!).expect(200);
    assert.match(ack.text, /Within 5 working days, by <strong>/);
    await assertEnglish('petition acknowledgement', ack.text);
    await assertEnglish('petition tracking', (await en.get(`/phan-anh-kien-nghi/theo-doi/${token}`).expect(200)).text);
    // Answered and published (the staff workflow is another feature's).
    const p = await t.db('petitions').where({ public_token: token }).first('id', 'code');
    const done = vnInstant('2026-11-25', '10:00');
    const content = 'Thời gian chờ nhận kết quả quá lâu so với giấy hẹn.';
    const answer = 'Cơ quan đã xin lỗi và trả kết quả cho người dân.';
    await t.db('petitions').where({ id: p.id }).update({ status: 'answered', answer, answered_at: done, closed_at: done, updated_at: done, published_at: done, published_content: content, published_answer: answer, published_search: publishedSearchText({ code: p.code, content, answer }) });
    await appendPetitionEvent(t.db, p.id, { type: 'petition_answered', fromStatus: 'received', toStatus: 'answered', actorId: null, note: null, public: true, ip: null, createdAt: done });
    const tracked = await en.get(`/phan-anh-kien-nghi/theo-doi/${token}`).expect(200);
    assert.match(tracked.text, /Answer:/);
    await assertEnglish('petition answered', tracked.text);
    await assertEnglish('published list', (await en.get('/phan-anh-kien-nghi/da-tra-loi').expect(200)).text);
    await assertEnglish('published search, none', (await en.get('/phan-anh-kien-nghi/da-tra-loi?q=kh%C3%B4ng%20c%C3%B3').expect(200)).text, ['không có']);
    await assertEnglish('published one', (await en.get(`/phan-anh-kien-nghi/da-tra-loi/${p.code}`).expect(200)).text);
    await assertEnglish('petition not found', (await en.get('/phan-anh-kien-nghi/theo-doi/no-such-token').expect(404)).text);
    const stale = await en.get(`/phan-anh-kien-nghi/zalo/${'x'.repeat(43)}`).expect(200);
    assert.match(stale.text, /The Zalo link has expired or was already used/);
    await assertEnglish('petition form from a stale Zalo link', stale.text);
  });

  test('the catalogue: the search with results, none, a filter and page 2, a procedure page with every section, its JSON and checklist PDF, the 404', async () => {
    // Three national records imported (one with an English name, one with templates, steps, legal basis, requirements and sources).
    const national = (JSON.parse(fs.readFileSync(new URL('../../seeds/reference/national/procedures.json', import.meta.url), 'utf8')) as Array<{ MATTHC: string }>).filter((r) => ['1.004222', '2.000806', '1.001193'].includes(r.MATTHC));;
    const json = national.map((r) => (r.MATTHC === '2.000806' ? { ...r, _english_name: 'Marriage registration with a foreign element' } : r));
    const svc = services(t.deps);
    const admin = await staffUser(t.db, 'quantri', 'admin', 'Lê Quản Trị');
    const plan = await svc.catalogueImport.preview({ json, complete: false, source: 'test' });
    assert.ok(plan.ok, JSON.stringify(plan));
    assert.ok((await svc.catalogueImport.apply(admin, { json, complete: false, source: 'test', effectiveFrom: '2026-11-23', key: plan.value.key })).ok);

    // The catalogue's pages write nothing: the stored values are read once.
    const stored = await dataValues();
    const check = (label: string, html: string, typed: string[] = []) => assertEnglish(label, html, typed, stored);
    const en = await englishBrowser();
    const all = await en.get('/thu-tuc').expect(200);
    assert.match(all.text, /Procedures found: <strong>\d+<\/strong> · page 1 of \d+/);
    await check('catalogue search', all.text);
    await check('catalogue page 2', (await en.get('/thu-tuc?trang=2').expect(200)).text);
    const found = await en.get('/thu-tuc?q=ket+hon+nuoc+ngoai').expect(200);
    // The English name where the data has one; fees and times in English.
    assert.match(found.text, /<a href="\/thu-tuc\/2\.000806">Marriage registration with a foreign element<\/a>/);
    // Its time's unit is not given by the data: its words, marked as data; the fee in English.
    assert.match(found.text, /Time: <strong><span lang="vi">[^<]+<\/span><\/strong> · Fee: <strong>Free of charge<\/strong> · <span class="tag">Can be filed online<\/span>/);
    await check('catalogue search with results', found.text, ['ket hon nuoc ngoai']);
    const typed = 'đăng ký thường trú';
    const accented = await en.get(`/thu-tuc?q=${encodeURIComponent(typed)}`).expect(200);
    assert.match(accented.text, /<a href="\/thu-tuc\/1\.004222"><span lang="vi">Đăng ký thường trú<\/span><\/a>/);
    assert.match(accented.text, /Fee: <strong>VND 20,000<\/strong>/);
    await check('catalogue search typed in Vietnamese', accented.text, [typed]);
    const none = await en.get('/thu-tuc?q=zzzzqqq&truc_tuyen=1').expect(200);
    assert.match(none.text, /No procedure matches “<span lang="vi">zzzzqqq<\/span>” within the chosen filters\./);
    await check('catalogue search, none', none.text, ['zzzzqqq']);
    const field = await en.get('/thu-tuc?linh_vuc=' + encodeURIComponent('Hộ tịch')).expect(200);
    assert.match(field.text, /<option value="Hộ tịch" selected lang="vi">Hộ tịch<\/option>/);
    await check('catalogue filtered by field', field.text);

    const page = await en.get('/thu-tuc/1.004222').expect(200);
    for (const heading of ['Papers to bring', 'Processing time and fees', 'Where to file', 'Who may file', 'Requirements and conditions', 'Steps', 'Result', 'Legal basis', 'Sources of the data:']) assert.ok(page.text.includes(heading), heading);
    assert.match(page.text, /<h3 class="catalogue-case">At the counter<\/h3>/);
    assert.match(page.text, /<strong>7 working days<\/strong>/);
    assert.match(page.text, /<strong>VND 20,000<\/strong>/);
    assert.match(page.text, /class="catalogue-template"[^>]*>Download the form/);
    assert.match(page.text, /<title>Procedure 1\.004222 · /);
    await check('catalogue procedure page', page.text);
    await check('catalogue procedure page, English name', (await en.get('/thu-tuc/2.000806').expect(200)).text);
    await check('catalogue procedure page, time in the data\'s words', (await en.get('/thu-tuc/1.001193').expect(200)).text);
    await check('catalogue procedure page, seeded columns', (await en.get('/thu-tuc/1.001612').expect(200)).text);
    const missing = await en.get('/thu-tuc/9.999999').expect(404);
    assert.match(missing.text, /<h1>Procedure not found<\/h1>/);
    await check('catalogue not found', missing.text);

    // The JSON: the data as it is, its labels in the page's language.
    const body = (await en.get('/thu-tuc/1.004222.json').expect(200)).body;
    assert.equal(body.name, 'Đăng ký thường trú');
    assert.deepEqual(body.channels.map((c: { label: string }) => c.label), ['At the counter', 'Online']);
    assert.equal(body.channels[0].times[0].text, '7 working days');
    assert.equal(body.channels[0].times[0].fees[0].text, 'VND 20,000');
    assert.equal((await en.get('/thu-tuc/9.999999.json').expect(404)).body.error.message, 'Procedure not found');
    assert.equal((await request(t.http).get('/thu-tuc/1.004222.json').expect(200)).body.channels[0].label, 'Trực tiếp');

    // The checklist PDF in the page's language: one page, English headings, no Vietnamese heading.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checklist-en-'));
    try {
      const pdf = await en.get('/thu-tuc/2.000806/giay-to-can-mang.pdf').buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      assert.equal(pdf.status, 200);
      assert.match(pdf.headers['content-disposition'] ?? '', /documents-to-bring-2\.000806\.pdf/);
      const file = writePdf(dir, 'en.pdf', pdf.body as Buffer);
      assert.equal(pagesOf(file), 1);
      const text = textOf(file).replace(/\s+/g, ' ');
      for (const s of ['CHECKLIST OF PAPERS TO BRING', 'Marriage registration with a foreign element', 'Procedure code: 2.000806', 'Processing time and fees', 'At the counter: ', '; fees: Free of charge', 'Where to file', 'Office hours: ']) assert.ok(text.includes(s), `the English PDF says "${s}"`);
      for (const s of ['DANH MỤC GIẤY TỜ', 'Thời hạn giải quyết', 'Nơi nộp hồ sơ', 'Giờ làm việc']) assert.ok(!text.includes(s), `no "${s}"`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the satisfaction survey: the questionnaire, its errors, the thanks, an answered and an expired link, an unknown one', async () => {
    // A round and two invitations stored as the draw stores them (the draw itself: test/integration/survey.test.ts).
    const agency = (await t.db('agencies').first('id')).id as number;
    const [row] = await t.db('survey_rounds').insert({ period_kind: 'quarter', first_day: '2026-07-01', last_day: '2026-09-30', drawn_at: vnInstant('2026-10-05'), closes_at: vnInstant('2026-12-05') }).returning('id');
    const round = typeof row === 'object' ? (row as { id: number }).id : (row as number);
    const open = 'survey-link-for-the-english-test-000000001';
    const expired = 'survey-link-for-the-english-test-000000002';
    await t.db('survey_invitations').insert({ token_hash: tokenHashOf(open), round_id: round, agency_id: agency, answered: false });
    const [old] = await t.db('survey_rounds').insert({ period_kind: 'quarter', first_day: '2026-04-01', last_day: '2026-06-30', drawn_at: vnInstant('2026-07-05'), closes_at: vnInstant('2026-08-05') }).returning('id');
    await t.db('survey_invitations').insert({ token_hash: tokenHashOf(expired), round_id: typeof old === 'object' ? (old as { id: number }).id : old, agency_id: agency, answered: false });
    const en = await englishBrowser();
    const form = await en.get(`/khao-sat/${open}`).expect(200);
    await assertEnglish('survey questionnaire', form.text);
    const refused = await en.post(`/khao-sat/${open}`).type('form').send({ _csrf: csrfFrom(form.text), tiep_can: '4', y_kien: 'x'.repeat(2001) }).expect(400);
    await assertEnglish('survey questionnaire refused', refused.text, ['x'.repeat(2001)]);
    const sent = await en.post(`/khao-sat/${open}`).type('form').send({ _csrf: csrfFrom(form.text), tiep_can: '4', thu_tuc: '5', cong_chuc: '3', ket_qua: '4', gop_y: '0', y_kien: '' }).expect(303);
    await assertEnglish('survey thanks', (await en.get(String(sent.headers.location)).expect(200)).text);
    await assertEnglish('survey answered', (await en.get(`/khao-sat/${open}`).expect(409)).text);
    await assertEnglish('survey expired', (await en.get(`/khao-sat/${expired}`).expect(410)).text);
    await assertEnglish('survey unknown', (await en.get('/khao-sat/no-such-survey-link-000000000000000').expect(404)).text);
  });

  test('online pre-submission: the form, a refused form and the tracking page', async () => {
    await t.db('procedures').where({ code: '1.004222' }).update({ online_level: 'partial' });
    const en = await englishBrowser();
    const form = await en.get('/nop-truc-tuyen/1.004222').expect(200);
    assert.match(form.text, /I will bring the paper original to be checked/);
    await assertEnglish('online form', form.text);
    await assertEnglish('online form not allowed', (await en.get('/nop-truc-tuyen/2.000815').expect(404)).text);
    const csrf = csrfFrom(form.text);
    const nonce = /name="nonce" value="([^"]+)"/.exec(form.text)![1]!;
    const ward = String((await t.db('agencies').where({ eid: '000.31.01.H26' }).first('id')).id);
    const fields: Record<string, string> = { nonce, co_quan: ward, applicant_name: 'Le Thi Mai', applicant_id_number: '075190004321', applicant_phone: '12', applicant_address: '45 Vo Thi Sau', result_delivery: 'counter', doc_1_paper: 'on', doc_2_paper: 'on', doc_3_paper: 'on' };
    const send = (f: Record<string, string>) => {
      let req = en.post('/nop-truc-tuyen/1.004222').field('_csrf', csrf);
      for (const [k, v] of Object.entries(f)) req = req.field(k, v);
      return req;
    };
    const refused = await send(fields).expect(400);
    assert.match(refused.text, /This phone number is not valid/);
    await assertEnglish('online form refused', refused.text);
    const filed = await send({ ...fields, applicant_phone: '0912345678' }).expect(303);
    const track = await en.get(filed.headers.location!).expect(200);
    assert.match(track.text, /Waiting to be checked at the One-stop shop office/);
    await assertEnglish('online tracking page', track.text);
    await assertEnglish('online tracking not found', (await en.get('/nop-truc-tuyen/theo-doi/no-such-token-here-at-all').expect(404)).text);
  });

  test('every public page was checked', () => {
    assert.ok(checked.length >= 25, `checked ${checked.length} pages: ${checked.join(', ')}`);
  });
});

describe('choosing the language', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00') });
    await twoWards(t);
  });
  after(() => t.cleanup());

  test('Vietnamese by default; Accept-Language is the first guess; the lang cookie (SameSite=Lax) remembers ?lang=', async () => {
    const plain = await request(t.http).get('/').expect(200);
    assert.match(plain.text, /<html lang="vi">/);
    assert.doesNotMatch(plain.text, /legal text of record/);
    assert.match(plain.text, /<a href="\/\?lang=en" lang="en" hreflang="en">English<\/a>/);
    assert.equal(setCookies(plain).some((c) => c.startsWith('lang=')), false);
    assert.match(plain.headers.vary ?? '', /Accept-Language/);
    assert.match(plain.headers.vary ?? '', /Cookie/);
    // The security headers and caching rules are untouched.
    assert.equal(plain.headers['cache-control'], 'private, no-cache');
    assert.ok(plain.headers['content-security-policy']);

    const guessed = await request(t.http).get('/tra-cuu').set('Accept-Language', 'en-GB,en;q=0.9,vi;q=0.5').expect(200);
    assert.match(guessed.text, /<html lang="en">/);
    assert.match(guessed.text, /<a href="\/tra-cuu\?lang=vi"/);
    assert.equal(guessed.headers['content-language'], 'en');
    const vietnameseFirst = await request(t.http).get('/tra-cuu').set('Accept-Language', 'vi-VN,vi;q=0.9,en;q=0.8').expect(200);
    assert.match(vietnameseFirst.text, /<html lang="vi">/);
    const other = await request(t.http).get('/tra-cuu').set('Accept-Language', 'fr-FR,fr;q=0.9').expect(200);
    assert.match(other.text, /<html lang="vi">/);

    const agent = request.agent(t.http);
    const chosen = await agent.get('/phan-anh-kien-nghi/da-tra-loi?q=abc&lang=en').set('Accept-Language', 'vi').expect(200);
    assert.match(chosen.text, /<html lang="en">/);
    const cookie = setCookies(chosen).find((c) => c.startsWith('lang='));
    assert.ok(cookie, 'the choice is remembered');
    assert.match(cookie!, /SameSite=Lax/i);
    assert.match(cookie!, /HttpOnly/i);
    // The switch keeps the query and replaces the language.
    assert.match(chosen.text, /<a href="\/phan-anh-kien-nghi\/da-tra-loi\?q=abc&amp;lang=vi" lang="vi" hreflang="vi">Tiếng Việt<\/a>/);
    // Remembered over Accept-Language; switched back with the link.
    assert.match((await agent.get('/tra-cuu').set('Accept-Language', 'vi').expect(200)).text, /<html lang="en">/);
    assert.match((await agent.get('/tra-cuu?lang=vi').expect(200)).text, /<html lang="vi">/);
    assert.match((await agent.get('/tra-cuu').set('Accept-Language', 'en').expect(200)).text, /<html lang="vi">/);
  });

  test('staff pages stay Vietnamese whatever the cookie or the browser says, and get no lang cookie', async () => {
    const agent = request.agent(t.http);
    await agent.get('/?lang=en').expect(200);
    const login = await agent.get('/dang-nhap').expect(200);
    // The sign-in page is the staff's: Vietnamese, without the switch.
    assert.match(login.text, /<html lang="vi">/);
    assert.doesNotMatch(login.text, /hreflang/);
    const csrf = csrfFrom(login.text);
    await agent.post('/dang-nhap').type('form').send({ _csrf: csrf, username: 'clerk', password: 'mat-khau-thu-nghiem' }).expect(303);
    const home = await agent.get('/?lang=en').set('Accept-Language', 'en').expect(200);
    assert.match(home.text, /<html lang="vi">/);
    assert.doesNotMatch(home.text, /hreflang/);
    assert.equal(setCookies(home).some((c) => c.startsWith('lang=')), false);
    assert.equal(home.headers['cache-control'], 'no-store');
  });
});
