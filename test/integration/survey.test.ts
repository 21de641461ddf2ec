/**
 * Issue 25 §3: the independent satisfaction survey (SIPAS-style). The draw samples citizens
 * whose dossiers were returned in the last quarter, per agency, at the sizes the administrator
 * set, and sends each a personal link; citizens answer anonymously, once, until the round
 * closes; the report shows each dimension's index, the SIPAS index and the response rate,
 * withholding every figure backed by fewer than 10 answers, on the page and in every export.
 * And no staff page, export, job run or API response ties an answer, or an invitation, to a
 * dossier or a person.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { SURVEY_WITHHELD } from '../../src/domain/survey.js';
import { tokenHashOf } from '../../src/features/survey/survey.service.js';
import type { ChannelSender, OutgoingMessage } from '../../src/platform/messaging/channel.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, csrfFrom, signIn, type TestApp } from '../helpers/app.js';
import { bearer, createKey } from '../helpers/api.js';
import { at, insertDossier } from '../helpers/fixtures.js';
import { runJob } from '../helpers/jobs.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { textOf, writePdf } from '../helpers/pdf.js';

const WARD = '000.31.01.H26';
const TU_PHAP = '000.00.12.H26';
const CENTRE = '000.00.01.H26';
type Agent = Awaited<ReturnType<typeof signIn>>;

/** Scores per answer: [access, procedures, officials, results, feedback] ('0': no opinion). */
const WARD_ANSWERS: Array<[string, string, string, string, string]> = [
  ['5', '4', '5', '4', '4'],
  ['5', '4', '5', '4', '4'],
  ['5', '4', '5', '4', '4'],
  ['4', '4', '5', '4', '4'],
  ['4', '4', '5', '4', '4'],
  ['4', '4', '5', '4', '4'],
  ['3', '4', '5', '4', '4'],
  ['3', '4', '5', '4', '4'],
  ['2', '4', '5', '4', '4'],
  ['1', '4', '5', '4', '0'],
  ['5', '4', '5', '2', '0'],
];
const TU_PHAP_ANSWERS: Array<[string, string, string, string, string]> = [
  ['2', '1', '5', '4', '5'],
  ['2', '1', '5', '4', '5'],
  ['2', '1', '5', '4', '5'],
];
const FIELDS = ['tiep_can', 'thu_tuc', 'cong_chuc', 'ket_qua', 'gop_y'] as const;

describe('the independent satisfaction survey', () => {
  let t: TestApp;
  let admin: Agent;
  let supervisor: Agent;
  let wardId: number, tuPhapId: number;
  const phones: string[] = [];
  const emails: string[] = [];
  const codes: string[] = [];
  const sent: OutgoingMessage[] = [];
  let wardTokens: string[] = [];
  let tuPhapTokens: string[] = [];
  let ward: { code: string; id: number };
  let wardName: string, tuPhapName: string;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  const capture = (channel: 'sms' | 'email'): ChannelSender => ({
    channel,
    send: async (m) => {
      sent.push(m);
      return { ok: true, providerId: `stub-${m.id}` };
    },
  });

  async function returned(agency: string, i: number, returnedOn: string, email: string | null): Promise<number> {
    const clerk = (await t.db('users').where({ username: 'sv.clerk' }).first('id')).id as number;
    const id = await insertDossier(t.db, clerk, { agency, received: '2026-09-01', due: '2026-09-20', finished: returnedOn, status: 'returned', completion: 'on_time' });
    const phone = `09${String(10_000_000 + i).padStart(8, '0')}`;
    await t.db('dossiers').where({ id }).update({ applicant_phone: phone, applicant_email: email, returned_at: at(returnedOn, '15:00') });
    phones.push(phone);
    if (email) emails.push(email);
    // A code of the current layout (the fixture's own is not one), so that a citizen can quote it.
    const code = `${agency}-2610${String(10 + (i % 20))}-${String(i + 1).padStart(4, '0')}`;
    await t.db('dossiers').where({ id }).update({ code });
    codes.push(code);
    return id;
  }

  async function answer(token: string, scores: readonly string[], comment = '') {
    const visitor = request.agent(t.http);
    const page = await visitor.get(`/khao-sat/${token}`).expect(200);
    const body: Record<string, string> = { _csrf: csrfFrom(page.text), y_kien: comment };
    FIELDS.forEach((f, i) => (body[f] = scores[i]!));
    return visitor.post(`/khao-sat/${token}`).type('form').send(body);
  }

  before(async () => {
    // Monday 4 January 2027: the fourth quarter of 2026 is the last whole one.
    t = await buildTestApp({ now: vnInstant('2027-01-04', '09:00'), env: { LOOKUP_RATE_LIMIT: '1000' } });
    wardId = await agencyId(t.db, WARD);
    tuPhapId = await agencyId(t.db, TU_PHAP);
    wardName = (await t.db('agencies').where({ id: wardId }).first('name')).name;
    tuPhapName = (await t.db('agencies').where({ id: tuPhapId }).first('name')).name;
    await createStaff(t.db, 'sv.clerk', 'clerk', WARD);
    await createStaff(t.db, 'sv.admin', 'admin', CENTRE);
    await createStaff(t.db, 'sv.head', 'supervisor', WARD);
    // The ward: 14 citizens returned in Q4 (one of them twice), 2 in Q3 (outside the period); the justice department: 3.
    for (let i = 0; i < 14; i++) await returned(WARD, i, `2026-1${i % 3}-0${(i % 9) + 1}`, i % 4 === 0 ? `cong.dan.${i}@example.vn` : null);
    const twice = await insertDossier(t.db, (await t.db('users').where({ username: 'sv.clerk' }).first('id')).id, { received: '2026-10-01', due: '2026-10-10', finished: '2026-10-09', status: 'returned' });
    await t.db('dossiers').where({ id: twice }).update({ applicant_phone: phones[0], returned_at: at('2026-10-09') });
    for (let i = 14; i < 16; i++) await returned(WARD, i, '2026-09-15', null);
    for (let i = 16; i < 19; i++) await returned(TU_PHAP, i, '2026-11-20', null);
    const first = await t.db('dossiers').where({ applicant_phone: phones[0] }).orderBy('id').first('id', 'code');
    ward = { id: first.id, code: first.code };
    admin = await signIn(t.http, 'sv.admin');
    supervisor = await signIn(t.http, 'sv.head');
  });
  after(() => t.cleanup());

  test('the administrator sets the sizes; a refused form keeps its values and says why', async () => {
    const page = await admin.agent.get('/quan-tri/khao-sat-hai-long').expect(200);
    assert.match(page.text, /Kỳ khảo sát/);
    const bad = await admin.agent.post('/quan-tri/khao-sat-hai-long').type('form').send({ _csrf: admin.csrf, ky: 'quarter', co_mau_mac_dinh: '0', so_ngay: '30', [`co_mau_${wardId}`]: 'mười' }).expect(400);
    assert.match(bad.text, /Cỡ mẫu là số nguyên từ 0 đến 5000/);
    assert.match(bad.text, /value="mười"/);
    const ok = await admin.agent
      .post('/quan-tri/khao-sat-hai-long')
      .type('form')
      .send({ _csrf: admin.csrf, ky: 'quarter', co_mau_mac_dinh: '0', so_ngay: '30', [`co_mau_${wardId}`]: '12', [`co_mau_${tuPhapId}`]: '3' })
      .expect(303);
    assert.equal(ok.headers.location, '/quan-tri/khao-sat-hai-long?da_luu=1');
    await supervisor.agent.post('/quan-tri/khao-sat-hai-long').type('form').send({ _csrf: supervisor.csrf, ky: 'year', co_mau_mac_dinh: '5', so_ngay: '30' }).expect(403);
    assert.equal((await t.db('survey_settings').first('period_kind')).period_kind, 'quarter');
  });

  test('the job draws the last quarter once: a random sample per agency, one link each, counts only', async () => {
    const run = await runJob(t.deps, 'survey');
    assert.ok(run.ran && 'counts' in run, JSON.stringify(run));
    // The ward: 14 citizens (the one with two dossiers once), 12 drawn; the justice department: all 3.
    assert.equal(run.counts.survey_rounds, 1);
    assert.equal(run.counts.survey_invited, 15);
    const strata = await t.db('survey_strata').orderBy('agency_id').select('agency_id', 'population', 'invited');
    assert.deepEqual(
      strata.map((s) => [Number(s.agency_id), Number(s.population), Number(s.invited)]).sort((a, b) => a[0]! - b[0]!),
      [
        [wardId, 14, 12],
        [tuPhapId, 3, 3],
      ].sort((a, b) => a[0]! - b[0]!),
    );
    // The run's record holds counts, nothing of anyone.
    const stored = JSON.stringify(await t.db('job_runs').where({ job: 'survey' }).select('*'));
    for (const p of phones) assert.ok(!stored.includes(p));
    const again = await runJob(t.deps, 'survey');
    assert.ok(again.ran && 'counts' in again);
    assert.deepEqual(again.counts, { survey_rounds: 0, survey_invited: 0, survey_messages: 0 });

    // Deliver: the links exist only in the messages; once sent, the outbox forgets who and what.
    await services(t.deps).messaging.dispatchDue({ channels: { sms: capture('sms'), email: capture('email') } });
    const links = new Map<string, string>();
    for (const m of sent.filter((s) => s.template.key === 'survey_invitation')) links.set(m.data.survey_url!.split('/khao-sat/')[1]!, m.data.agency!);
    assert.equal(links.size, 15);
    for (const m of sent) assert.ok(phones.includes(m.recipient) || emails.includes(m.recipient));
    wardTokens = [...links].filter(([, a]) => a === wardName).map(([k]) => k);
    tuPhapTokens = [...links].filter(([, a]) => a !== wardName).map(([k]) => k);
    assert.equal(wardTokens.length, 12);
    const rows = await t.db('outbox_messages').where({ template: 'survey_invitation' }).select('channel', 'recipient', 'data', 'reference', 'dossier_id', 'status');
    // One SMS per citizen drawn, and an e-mail to those who gave one (the same link).
    assert.equal(rows.length, run.counts.survey_messages);
    assert.equal(rows.filter((r) => r.channel === 'sms').length, 15);
    assert.equal(sent.filter((m) => m.channel === 'email').length, run.counts.survey_messages! - 15);
    for (const r of rows) assert.deepEqual([r.status, r.recipient, r.data, r.dossier_id], ['delivered', '', '{}', null]);
  });

  test('citizens answer once, anonymously; CSRF, errors and closed links are refused clearly', async () => {
    const [first, ...rest] = wardTokens;
    // No CSRF token: refused like every public form.
    await request(t.http).post(`/khao-sat/${first}`).type('form').send({ tiep_can: '5' }).expect(403);
    const visitor = request.agent(t.http);
    const page = await visitor.get(`/khao-sat/${first}`).expect(200);
    assert.match(page.text, /Tiếp cận dịch vụ/);
    assert.match(page.text, /Phiếu ẩn danh/);
    assert.match(page.text, /name="viewport" content="width=device-width/);
    const refused = await visitor.post(`/khao-sat/${first}`).type('form').send({ _csrf: csrfFrom(page.text), tiep_can: '7', thu_tuc: '4' }).expect(400);
    assert.match(refused.text, /Lựa chọn không hợp lệ/);
    assert.match(refused.text, /Vui lòng chọn mức độ hài lòng về “Sự phục vụ của công chức”/);
    assert.equal(await t.db('survey_answers').count({ n: '*' }).first().then((r) => Number(r?.n)), 0);

    const comment = `Hồ sơ ${codes[0]} của tôi bị chậm, gọi 0912 345 678 giúp.`;
    const done = await answer(first!, WARD_ANSWERS[0]!, comment);
    assert.equal(done.status, 303);
    assert.match((await request(t.http).get(String(done.headers.location)).expect(200)).text, /Cảm ơn Ông\/Bà/);
    const twice = await visitor.post(`/khao-sat/${first}`).type('form').send({ _csrf: csrfFrom(page.text), tiep_can: '1', thu_tuc: '1', cong_chuc: '1', ket_qua: '1', gop_y: '1' }).expect(409);
    assert.match(twice.text, /Mỗi đường dẫn chỉ dùng để trả lời một lần/);
    const again = await request(t.http).get(`/khao-sat/${first}`).expect(409);
    assert.match(again.text, /đã được trả lời/);
    for (const [i, token] of rest.slice(0, 10).entries()) assert.equal((await answer(token, WARD_ANSWERS[i + 1]!, i === 0 ? 'Cán bộ hướng dẫn tận tình' : '')).status, 303);
    for (const [i, token] of tuPhapTokens.entries()) assert.equal((await answer(token, TU_PHAP_ANSWERS[i]!, 'Một ý kiến riêng của Sở Tư pháp')).status, 303);
    await request(t.http).get('/khao-sat/khong-co-phieu-nao-nhu-the-nay-000000000').expect(404);

    // After the round closes (30 days), the last ward link is refused with the date.
    const closes = (await t.db('survey_rounds').first('closes_at')).closes_at;
    t.clock.set(new Date(new Date(closes).getTime() + 1000));
    try {
      const closed = await request(t.http).get(`/khao-sat/${rest[10]}`).expect(410);
      assert.match(closed.text, /Đợt khảo sát đã kết thúc/);
      assert.match(closed.text, /đến hết ngày 03\/02\/2027/);
    } finally {
      t.clock.set(vnInstant('2027-01-04', '09:00'));
    }
  });

  test('the report: indices and rates per agency and for the province; under 10 answers, withheld everywhere', async () => {
    const page = await admin.agent.get('/khao-sat-hai-long').expect(200);
    const row = (name: string) => {
      const m = new RegExp(`<tr><td[^>]*>${escape(name)}</td>(.*?)</tr>`, 's').exec(page.text);
      assert.ok(m, `row ${name}`);
      return [...m[1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]);
    };
    // Ward: 14 population, 12 invited, 11 answers, 91,67 %; access 7/11, procedures 11/11, officials 11/11, results 10/11; feedback 9 answers: withheld, so is the index.
    assert.deepEqual(row(wardName), ['14', '12', '11', '91,67 %', '63,64 %', '100,00 %', '100,00 %', '90,91 %', SURVEY_WITHHELD, SURVEY_WITHHELD]);
    // Justice: 3 answers: every opinion withheld; the counts and the rate are shown.
    assert.deepEqual(row(tuPhapName), ['3', '3', '3', '100,00 %', SURVEY_WITHHELD, SURVEY_WITHHELD, SURVEY_WITHHELD, SURVEY_WITHHELD, SURVEY_WITHHELD, SURVEY_WITHHELD]);
    // Province: 14 answers pooled; feedback 12 answers; SIPAS = (7/14 + 11/14 + 1 + 13/14 + 1) / 5 = 84,29 %.
    const foot = /<tfoot><tr>(.*?)<\/tr><\/tfoot>/s.exec(page.text)![1]!;
    assert.deepEqual([...foot.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]), ['17', '15', '14', '93,33 %', '50,00 %', '78,57 %', '100,00 %', '92,86 %', '100,00 %', '84,29 %']);
    // Free texts: the ward's (11 answers) anonymised, sorted; the justice department's (3) not shown.
    assert.match(page.text, /Hồ sơ \[mã hồ sơ\] của tôi bị chậm, gọi \[số điện thoại\] giúp\./);
    assert.match(page.text, /Cán bộ hướng dẫn tận tình/);
    assert.ok(!page.text.includes('Một ý kiến riêng của Sở Tư pháp'));

    // The same in every export.
    const csv = (await admin.agent.get('/khao-sat-hai-long?dinh_dang=csv').expect(200)).text;
    const justice = csv.split('\r\n').find((l) => l.includes(tuPhapName))!;
    assert.equal(justice.split(SURVEY_WITHHELD).length - 1, 6);
    assert.match(csv.split('\r\n').find((l) => l.includes(wardName))!, /,14,12,11,91\.67,63\.64,100\.00,100\.00,90\.91,"chưa đủ 10 ý kiến","chưa đủ 10 ý kiến"$/);
    const pdf = await admin.agent.get('/khao-sat-hai-long?dinh_dang=pdf').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'survey-'));
    try {
      const pdfText = textOf(writePdf(dir, 'survey.pdf', Buffer.from(pdf.body as Uint8Array))).replace(/\s+/g, ' ');
      assert.equal(pdfText.split(SURVEY_WITHHELD).length - 1, 8 + 1, 'the PDF withholds the same 8 figures (and says why in its notes)');
      assert.ok(!pdfText.includes('Một ý kiến riêng'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const xlsx = await admin.agent.get('/khao-sat-hai-long?dinh_dang=xlsx').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const { default: Excel } = await import('exceljs');
    const book = new Excel.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.body as Uint8Array) as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.worksheets[0]!.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    assert.equal(cells.filter((c) => c === SURVEY_WITHHELD).length, 6 + 2);

    // A supervisor sees their own agency only, no province row.
    const own = await supervisor.agent.get('/khao-sat-hai-long').expect(200);
    assert.ok(!own.text.includes(tuPhapName));
    assert.ok(!own.text.includes('<tfoot>'));
  });

  test('no staff page, export, job record or API response ties an answer or an invitation to a dossier or a person', async () => {
    // By design: neither table has a column that could.
    assert.deepEqual(Object.keys(await t.db('survey_answers').columnInfo()).sort(), ['access', 'agency_id', 'comment', 'feedback', 'id', 'officials', 'procedures', 'results', 'round_id']);
    assert.deepEqual(Object.keys(await t.db('survey_invitations').columnInfo()).sort(), ['agency_id', 'answered', 'round_id', 'token_hash']);
    for (const a of await t.db('survey_answers').select('id')) assert.match(String(a.id), /^[0-9a-f]{32}$/, 'a random id, not a sequence');

    const key = await createKey(admin, { name: 'Khảo sát', scope: 'all', personal_data: true });
    const pages: Array<[string, string]> = [];
    const get = async (who: Agent, url: string) => pages.push([url, (await who.agent.get(url).expect(200)).text]);
    for (const url of ['/khao-sat-hai-long', '/khao-sat-hai-long?dinh_dang=csv', '/quan-tri/khao-sat-hai-long', '/thong-bao', '/thong-bao?trang_thai=delivered', '/quan-tri/tac-vu', `/ho-so/${ward.id}`, '/']) await get(admin, url);
    for (const url of ['/khao-sat-hai-long', '/khao-sat-hai-long?dinh_dang=csv', '/thong-bao', `/ho-so/${ward.id}`]) await get(supervisor, url);
    pages.push(['api dossier', (await request(t.http).get(`/api/v1/dossiers/${encodeURIComponent(ward.code)}`).set(bearer(key.key)).expect(200)).text]);
    pages.push(['api changes', (await request(t.http).get('/api/v1/changes').set(bearer(key.key)).expect(200)).text]);
    const hashes = [...wardTokens, ...tuPhapTokens].map(tokenHashOf);
    for (const [url, text] of pages) {
      for (const token of [...wardTokens, ...tuPhapTokens]) assert.ok(!text.includes(token), `${url}: a survey link`);
      for (const h of hashes) assert.ok(!text.includes(h), `${url}: an invitation`);
      assert.ok(!text.includes('Mời tham gia khảo sát'), `${url}: lists an invitation`);
      assert.ok(!text.includes('Cán bộ hướng dẫn tận tình') || url.startsWith('/khao-sat-hai-long'), `${url}: an answer outside the report`);
    }
    // The report and its exports name no dossier and no person.
    for (const [url, text] of pages.filter(([u]) => u.startsWith('/khao-sat-hai-long'))) {
      for (const code of codes) assert.ok(!text.includes(code), `${url}: a dossier code`);
      for (const p of phones) assert.ok(!text.includes(p) && !text.includes(p.replace(/^0/, '84')), `${url}: a phone`);
      for (const e of emails) assert.ok(!text.includes(e), `${url}: an e-mail`);
    }
  });
});
