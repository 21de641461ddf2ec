/**
 * The public catalogue (issue 23 items 3–4) over the shipped catalogue — the 23 reference
 * procedures plus seeds/reference/national/procedures.json imported through the national
 * import (preview, then apply): the search quality list (30 queries a citizen would type,
 * each finding its procedure in the top 3), the search page (no JavaScript: a GET form;
 * filters; pages), a procedure's page, JSON and checklist PDF, the Vietnamese 404, links from
 * the status page and the front page, and an index that never stays stale whoever writes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { services, type Services } from '../../src/services.js';
import { escapeHtml } from '../../src/web/i18n/translator.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { insertDossier } from '../helpers/fixtures.js';
import { assertContains, flat, pagesOf, textOf, writePdf } from '../helpers/pdf.js';
import { staffUser } from '../helpers/portal-world.js';

const NOW = vnInstant('2026-12-07', '09:00');
const NATIONAL = JSON.parse(fs.readFileSync(new URL('../../seeds/reference/national/procedures.json', import.meta.url), 'utf8')) as unknown[];

/** [query as a citizen types it, the procedure it must find in the top 3]. */
export const QUALITY_QUERIES: ReadonlyArray<readonly [string, string]> = [
  ['đăng ký khai sinh', '1.001193'],
  ['dang ky khai sinh', '1.001193'],
  ['khai sinh', '1.001193'],
  ['dang ki khai sinh', '1.001193'], // i for y
  ['khai snh', '1.001193'], // a letter missing
  ['đăng ký kết hôn', '1.000894'],
  ['ket hon', '1.000894'],
  ['dang ky ket hnon', '1.000894'], // a letter too many
  ['kết hôn có yếu tố nước ngoài', '2.000806'],
  ['ket hon nuoc ngoai', '2.000806'],
  ['khai tử', '1.000656'],
  ['khia tu', '1.000656'], // two letters swapped
  ['chứng thực bản sao', '2.000815'],
  ['chung thuc chu ki', '2.000884'],
  ['dang ky thuong tru', '1.004222'],
  ['tạm trú', '1.004194'],
  ['tach ho', '1.010038'],
  ['lý lịch tư pháp', '3.000333'],
  ['li lich tu phap so 2', '3.000334'],
  ['thanh lap ho kinh doanh', '1.001612'],
  ['nuoi con nuoi', '2.001263'],
  ['xac nhan tinh trang hon nhan', '1.004873'],
  ['trich luc ho tich', '2.000635'],
  ['cap giay chung nhan quyen su dung dat lan dau', '1.012787'],
  ['nghia vu quan su lan dau', '1.013133'],
  ['giay phep lao dong nguoi nuoc ngoai', '1.014199'],
  ['khai sinh luu dong', '1.003583'],
  ['1.001193', '1.001193'], // a code
  ['1.0042', '1.004222'], // a partial code
  ['2.00081', '2.000815'], // a partial code
  ['thuoc la', '1.000948'],
  ['giam ho', '1.004837'],
];

describe('the public catalogue', () => {
  let t: TestApp;
  let svc: Services;
  let admin: StaffUser;
  const get = (url: string) => request(t.http).get(url);
  const resultCodes = (html: string) => [...html.matchAll(/<h2 class="catalogue-result-name"><a href="\/thu-tuc\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));

  before(async () => {
    t = await buildTestApp({ now: NOW });
    svc = services(t.deps);
    admin = await staffUser(t.db, 'quantri', 'admin', 'Lê Quản Trị');
    const input = { json: NATIONAL, complete: false, source: 'seeds/reference/national/procedures.json' };
    const plan = await svc.catalogueImport.preview(input);
    assert.ok(plan.ok, JSON.stringify(plan));
    const applied = await svc.catalogueImport.apply(admin, { ...input, effectiveFrom: '2026-12-07', key: plan.value.key });
    assert.ok(applied.ok, JSON.stringify(applied));
  });
  after(() => t.cleanup());

  test(`search quality: each of ${QUALITY_QUERIES.length} queries finds its procedure in the top 3`, async () => {
    assert.ok(QUALITY_QUERIES.length >= 30);
    const all = (await svc.publicCatalogue.search({ q: '' })).page.total;
    assert.ok(all >= 80, `the shipped catalogue is searched (${all} procedures)`);
    const misses: string[] = [];
    for (const [q, code] of QUALITY_QUERIES) {
      const top = (await svc.publicCatalogue.search({ q })).page.items.slice(0, 3).map((h) => h.entry.code);
      if (!top.includes(code)) misses.push(`"${q}" → ${top.join(', ') || '(nothing)'}; expected ${code}`);
    }
    assert.deepEqual(misses, []);
    // The page shows the service's order.
    const page = await get('/thu-tuc?q=khai+sinh').expect(200);
    assert.deepEqual(resultCodes(page.text), (await svc.publicCatalogue.search({ q: 'khai sinh' })).page.items.map((h) => h.entry.code));
    assert.equal(resultCodes(page.text)[0], '1.001193');
  });

  test('the search page: a GET form that works without JavaScript, filters by field, agency and online, pages of 20', async () => {
    const all = await get('/thu-tuc').expect(200);
    assert.match(all.text, /<form method="get" action="\/thu-tuc"[^>]*role="search"/);
    assert.ok(!/<script/.test(all.text), 'no script on the page');
    const total = Number(/<strong>(\d+)<\/strong> thủ tục/.exec(all.text)![1]);
    assert.equal(resultCodes(all.text).length, 20);
    assert.match(all.text, /trang 1\/\d+/);
    const second = await get('/thu-tuc?trang=2').expect(200);
    assert.equal(resultCodes(second.text).length, Math.min(20, total - 20));
    assert.ok(!resultCodes(second.text).some((c) => resultCodes(all.text).includes(c)), 'page 2 is other procedures');
    assert.match(second.text, /href="\/thu-tuc" rel="prev"|href="\/thu-tuc\?trang=1"/);

    // Field.
    const field = await get('/thu-tuc?linh_vuc=' + encodeURIComponent('Hộ tịch')).expect(200);
    const fieldCodes = resultCodes(field.text);
    assert.ok(fieldCodes.includes('1.001193') && !fieldCodes.includes('1.004222'));
    assert.match(field.text, /<option value="Hộ tịch" selected>/);
    // Agency: the ward receives the commune procedures, not the province's land ones.
    const ward = await t.db('agencies').where({ eid: '000.31.01.H26' }).first('id');
    const byAgency = resultCodes((await get(`/thu-tuc?co_quan=${ward.id}&q=dang+ky`).expect(200)).text);
    assert.ok(byAgency.includes('1.001193'));
    assert.ok(!byAgency.includes('1.012787'));
    // Online only: only procedures that can be filed online, fewer than all, some.
    const online = (await svc.publicCatalogue.search({ q: '', onlineOnly: true })).page;
    const everything = (await svc.publicCatalogue.search({ q: '' })).page;
    assert.ok(online.total > 0 && online.total < everything.total, `the online filter (${online.total} of ${everything.total})`);
    assert.ok(online.items.every((h) => h.entry.online !== 'none'));
    const onlinePage = resultCodes((await get('/thu-tuc?truc_tuyen=1').expect(200)).text);
    assert.deepEqual(onlinePage, online.items.map((h) => h.entry.code));
    // Nothing found: said in Vietnamese with a way out; malformed parameters read as absent, never a 500.
    const none = await get('/thu-tuc?q=zzzzqqq+xxxxww').expect(200);
    assert.match(none.text, /Không tìm thấy thủ tục nào khớp với “zzzzqqq xxxxww”/);
    await get('/thu-tuc?trang=abc&co_quan=-1&truc_tuyen=x&q=%00').expect(200);
  });

  test('a procedure page: documents as a checklist with counts and templates, time and fee per channel, where to go, sources; the same as JSON', async () => {
    // The facts come from the data (the seed evolves); what matters is that the page shows them all.
    const p = (await svc.publicCatalogue.procedure('1.001193'))!;
    const first = p.detail.documents[0]!.items[0]!;
    // Names, times and fees go through the translator (its data spans and phrases), which escapes as escapeHtml does.
    const esc = escapeHtml;
    const res = await get('/thu-tuc/1.001193').expect(200);
    assertContains(res.text, [
      `<h1>${esc(p.detail.name)}</h1>`,
      esc(first.name),
      `Bản chính: ${first.originals ?? 0} · Bản sao: ${first.copies ?? 0}`,
      ...p.channels.map((c) => `<h3 class="catalogue-case">${c.label}</h3>`),
      ...p.channels.flatMap((c) => c.times.map((t) => esc(t.time))),
      'Trung tâm Phục vụ hành chính công phường Tam Hiệp',
      'tel:02513811245',
      'Giờ làm việc: 08:00–12:00, 13:00–17:00',
      'href="/thu-tuc/1.001193/giay-to-can-mang.pdf"',
    ]);
    assert.ok(p.agencies.length > 0);
    // Offered online (partly or end to end): the page leads to the online form; the form opens.
    if (p.detail.online !== 'none') {
      assert.ok(res.text.includes('href="/nop-truc-tuyen/1.001193"'), 'a link to the online form');
      await get('/nop-truc-tuyen/1.001193').expect(200);
    } else assert.ok(!res.text.includes('/nop-truc-tuyen/'), 'no online form for a procedure not offered online');
    // A national record: steps, legal basis, a template link (external, noopener) and its sources.
    const withTemplate = NATIONAL.find((r: any) => (r.THANHPHANHOSO ?? []).some((c: any) => (c.GIAYTO ?? []).some((g: any) => g.URL))) as any;
    const code = withTemplate?.MATTHC ?? '2.001263';
    const page = await get(`/thu-tuc/${code}`).expect(200);
    assert.match(page.text, /Trình tự thực hiện/);
    assert.match(page.text, /Căn cứ pháp lý/);
    assert.match(page.text, /Nguồn dữ liệu/);
    if (withTemplate) assert.match(page.text, /<a class="catalogue-template" href="https?:[^"]+" rel="noopener noreferrer external">Tải mẫu/);
    for (const s of withTemplate?._source ?? []) assert.ok(page.text.includes(s.url.replace(/&/g, '&amp;')), s.url);

    const json = await get(`/thu-tuc/${code}.json`).expect(200).expect('Content-Type', /json/);
    assert.equal(json.body.code, code);
    assert.ok(json.body.channels.length > 0 && json.body.documents.length > 0 && json.body.sources.length > 0);
    assert.equal(json.body.url, `http://motcua.test/thu-tuc/${code}`);
    assert.equal(json.body.checklistPdf, `http://motcua.test/thu-tuc/${code}/giay-to-can-mang.pdf`);
    const negotiated = await get('/thu-tuc/1.001193').set('Accept', 'application/json').expect(200);
    assert.equal(negotiated.body.name, p.detail.name);
  });

  test('the checklist is one A4 page of what to bring, in Vietnamese, NFC; an unknown code is a Vietnamese 404', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-'));
    try {
      const longest = (NATIONAL as any[]).reduce((a, r) => ((r.THANHPHANHOSO ?? []).flatMap((c: any) => c.GIAYTO ?? []).length > (a.THANHPHANHOSO ?? []).flatMap((c: any) => c.GIAYTO ?? []).length ? r : a));
      for (const code of ['1.001193', longest.MATTHC as string]) {
        const res = await get(`/thu-tuc/${code}/giay-to-can-mang.pdf`).buffer(true).parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
        assert.equal(res.status, 200);
        assert.equal(res.type, 'application/pdf');
        const file = writePdf(dir, `${code}.pdf`, res.body as Buffer);
        assert.equal(pagesOf(file), 1, `${code}: one page`);
        const text = flat(textOf(file));
        assertContains(text, ['DANH MỤC GIẤY TỜ CẦN MANG THEO', `Mã thủ tục: ${code}`, 'Thời hạn giải quyết và phí, lệ phí', 'Nơi nộp hồ sơ', `http://motcua.test/thu-tuc/${code}`]);
        const p = (await svc.publicCatalogue.procedure(code))!;
        const counter = p.channels[0]!;
        assertContains(text, [flat(p.detail.documents[0]!.items[0]!.name).slice(0, 40), `${counter.label}: ${flat(counter.times[0]!.time).slice(0, 30)}`]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const missing = await get('/thu-tuc/9.999999').expect(404);
    assert.match(missing.text, /<h1>Không tìm thấy thủ tục<\/h1>/);
    assert.match(missing.text, /mang mã “9.999999”/);
    assert.equal((await get('/thu-tuc/9.999999.json').expect(404)).body.error.message, 'Không tìm thấy thủ tục');
    await get('/thu-tuc/9.999999/giay-to-can-mang.pdf').expect(404);
  });

  test('the index never stays stale: an edit, a new import and a withdrawal by any writer are seen by the next search of another instance', async () => {
    // The app (one instance) has searched already; svc is another instance over the same database.
    const find = async (q: string) => resultCodes((await get(`/thu-tuc?q=${encodeURIComponent(q)}`).expect(200)).text);
    assert.ok(!(await find('chim bồ câu')).includes('9.900002'));
    // Hand-written SQL (no service told): a procedure inserted, then renamed; the triggers move the stamp.
    const [row] = await t.db('procedures')
      .insert({ code: '9.900002', name: 'Cấp phép nuôi chim bồ câu cảnh', field: 'Nông nghiệp', processing_unit: 'working_days', processing_amount: 3, processing_note: '', result: 'Giấy phép', active: true })
      .returning('id');
    const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
    assert.equal((await find('chim bo cau'))[0], '9.900002');
    await t.db('procedures').where({ id }).update({ name: 'Cấp phép nuôi chim yến' });
    assert.equal((await find('chim yen'))[0], '9.900002');
    assert.ok(!(await find('chim bo cau canh')).includes('9.900002'), 'the old name is gone');
    // A document added by hand is searchable at once.
    await t.db('procedure_documents').insert({ procedure_id: id, position: 1, name: 'Giấy xác nhận nguồn gốc chim giống', originals: 1, certified_copies: 0, copies: 0, required: true });
    assert.equal((await find('nguon goc chim giong'))[0], '9.900002');
    // A new procedure through the national import (the other instance's service).
    const fresh = { ...(NATIONAL[0] as object), MATTHC: '9.900001', TENTTHC: 'Cấp phép thử nghiệm chim bồ câu đưa thư' };
    const plan = await svc.catalogueImport.preview({ json: [fresh], complete: false, source: 'thu.json' });
    assert.ok(plan.ok);
    assert.ok((await svc.catalogueImport.apply(admin, { json: [fresh], complete: false, source: 'thu.json', effectiveFrom: '2026-12-07', key: plan.value.key })).ok);
    assert.equal((await find('chim bo cau dua thu'))[0], '9.900001');
    await get('/thu-tuc/9.900001').expect(200);
    // Withdrawn (no longer received): gone from the search and its page.
    await t.db('procedures').where({ code: '9.900001' }).update({ active: false });
    assert.ok(!(await find('chim bo cau dua thu')).includes('9.900001'));
    await get('/thu-tuc/9.900001').expect(404);
  });

  test('the status page links to its procedure; the front page to the catalogue', async () => {
    const clerk = await staffUser(t.db, 'motcua', 'clerk', 'Nguyễn Thị Thu');
    const id = await insertDossier(t.db, clerk.id, { procedure: '1.001612', received: '2026-12-04', due: '2026-12-09', status: 'in_progress' });
    const token = (await t.db('dossiers').where({ id }).first('public_token')).public_token as string;
    const status = await get(`/s/${token}`).expect(200);
    assert.match(status.text, /<a href="\/thu-tuc\/1\.001612">Đăng ký thành lập hộ kinh doanh<\/a>/);
    const home = await get('/').expect(200);
    assert.match(home.text, /<a href="\/thu-tuc">Tìm thủ tục hành chính<\/a>/);
  });
});
