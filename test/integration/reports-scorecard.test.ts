/**
 * Decision 766/QĐ-TTg's scorecard reconciles on a fixed data set, every group's figure
 * computed by hand below (version 1 of the sub-indicators, seeded by the migration).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { monthPeriod } from '../../src/domain/period.js';
import { NO_SCORE } from '../../src/domain/scorecard-766.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { at, insertDossier } from '../helpers/fixtures.js';
import { insertSyncRows } from '../helpers/portal-sync-rows.js';

const WARD = '000.31.01.H26';
const TAM_HIEP = '000.31.02.H26';
const CENTRE = '000.00.01.H26';
const WARD_NAME = 'Trung tâm Phục vụ hành chính công phường Trấn Biên';
const TAM_HIEP_NAME = 'Trung tâm Phục vụ hành chính công phường Tam Hiệp';
const NOVEMBER = monthPeriod(2026, 11);
const NOW = at('2026-12-10', '09:00');
const MIN = 60_000;

describe('Decision 766/QĐ-TTg scorecard: every group of every agency and of the province, by hand', () => {
  let t: TestApp;
  let ward: number;
  let tamHiep: number;

  before(async () => {
    t = await buildTestApp({ now: NOW });
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    await createStaff(t.db, 'sup', 'supervisor', WARD, 'Giám Sát Phường');
    await createStaff(t.db, 'admin', 'admin', CENTRE, 'Quản Trị Viên');
    ward = await agencyId(t.db, WARD);
    tamHiep = await agencyId(t.db, TAM_HIEP);
    const d = (f: Parameters<typeof insertDossier>[2]) => insertDossier(t.db, clerk, f);
    // Trấn Biên, finished in November: A early (counter), B on time (online, rated not satisfied),
    // C late (post), D early (online, satisfied with a criterion at 0: not deducted).
    const a = await d({ received: '2026-11-02', due: '2026-11-05', finished: '2026-11-04', status: 'returned', completion: 'early' });
    const b = await d({ received: '2026-11-03', due: '2026-11-06', finished: '2026-11-06', status: 'returned', completion: 'on_time' });
    const c = await d({ received: '2026-11-04', due: '2026-11-09', finished: '2026-11-12', status: 'returned', completion: 'late' });
    const dd = await d({ received: '2026-11-05', due: '2026-11-10', finished: '2026-11-09', status: 'returned', completion: 'early' });
    await t.db('dossiers').whereIn('id', [b, dd]).update({ channel: 'online' });
    await t.db('dossiers').where({ id: c }).update({ channel: 'post' });
    // Tam Hiệp: E early at the counter.
    const e = await d({ agency: TAM_HIEP, received: '2026-11-10', due: '2026-11-13', finished: '2026-11-12', status: 'returned', completion: 'early' });
    // October, Trấn Biên: F early at the counter (the previous month's figures).
    const f = await d({ received: '2026-10-01', due: '2026-10-06', finished: '2026-10-05', status: 'returned', completion: 'early' });
    const rating = (dossierId: number, level: string, extra: Record<string, number> = {}) =>
      t.db('dossier_ratings').insert({ dossier_id: dossierId, level, agency_id: ward, created_at: at('2026-11-20'), ...(level === 'unsatisfied' ? { comment: 'Chờ lâu' } : {}), ...extra });
    await rating(b, 'unsatisfied');
    await rating(dd, 'satisfied', { criterion_attitude: 0 });

    // Sync rows: A twice within 5 minutes (on time), B accepted after 11 minutes (late), C held (late),
    // E accepted after exactly 10 minutes (on time), F in October within 2 minutes.
    const t0 = at('2026-11-20', '10:00');
    await insertSyncRows(t.db, [
      { dossierId: a, changedAt: t0, state: 'sent', sentAt: new Date(t0.getTime() + 5 * MIN) },
      { dossierId: a, changedAt: new Date(t0.getTime() + 60 * MIN), state: 'sent', sentAt: new Date(t0.getTime() + 61 * MIN) },
      { dossierId: b, changedAt: t0, state: 'sent', sentAt: new Date(t0.getTime() + 11 * MIN) },
      { dossierId: c, changedAt: t0, state: 'held', heldReason: 'agency_unmapped' },
      { dossierId: e, changedAt: t0, state: 'sent', sentAt: new Date(t0.getTime() + 10 * MIN) },
      { dossierId: f, changedAt: at('2026-10-05', '10:00'), state: 'sent', sentAt: at('2026-10-05', '10:02') },
    ]);

    // Procedures received: Trấn Biên p1..p4, Tam Hiệp p1, p2. Published from the national database:
    // p1 (applied 15/10), p2 (applied 10/11), p3 only in December (after November). Online: p1 full, p3 partial.
    const codes = (await t.db('procedures').where({ active: true }).orderBy('code').limit(4).select('id', 'code')) as Array<{ id: number }>;
    const [p1, p2, p3, p4] = codes.map((x) => Number(x.id)) as [number, number, number, number];
    // Only these two agencies receive procedures in this data set (the seed's other receivers are removed).
    await t.db('agency_procedures').del();
    await t.db('agency_procedures').insert([p1, p2, p3, p4].map((id) => ({ agency_id: ward, procedure_id: id })).concat([p1, p2].map((id) => ({ agency_id: tamHiep, procedure_id: id }))));
    await t.db('procedure_versions').whereIn('procedure_id', [p1, p2, p3, p4]).update({ applied_at: null });
    await t.db('procedures').whereIn('id', [p1, p2, p3, p4]).update({ online_level: 'none' });
    await t.db('procedures').where({ id: p1 }).update({ online_level: 'full' });
    await t.db('procedures').where({ id: p3 }).update({ online_level: 'partial' });
    const version = (procedureId: number, applied: string) =>
      t.db('procedure_versions').insert({ procedure_id: procedureId, version: 900, effective_from: applied, record_json: '{}', source: 'test', created_at: at(applied), applied_at: at(applied) });
    await version(p1, '2026-10-15');
    await version(p2, '2026-11-10');
    await version(p3, '2026-12-02');
  });
  after(() => t.cleanup());

  const groupsOf = (card: { groups: Array<{ code: string; score: number | null }> }) => Object.fromEntries(card.groups.map((g) => [g.code, g.score]));

  test('every group, total, rank and the change from October, per agency and for the province', async () => {
    const r = await services(t.deps).reports.scorecard(NOVEMBER, {});
    assert.equal(r.version?.version, 1);
    const byName = new Map(r.entries.map((e) => [e.name, e]));
    const w = byName.get(WARD_NAME)!;
    // CKMB: 9 × 1/3 (A on time; B late; C held) + 9 × 2/4 (p1, p2 published of four) = 3 + 4.5.
    // TDGQ: 20 × 3/4 (A, B, D of four). CLGQ: 6 × 2/4 (p1, p3 online) + 6 × 2/4 (B, D online of four received).
    // MDHL: 18 × 2/4 (B not satisfied, C late; D's criterion at 0 is not deducted). TTTT, MDSH: no data.
    assert.deepEqual(groupsOf(w.card), { CKMB: 7.5, TDGQ: 15, CLGQ: 6, TTTT: null, MDHL: 9, MDSH: null });
    assert.deepEqual([w.card.total, w.card.available, w.card.share], [37.5, 68, 37.5 / 68]);
    const th = byName.get(TAM_HIEP_NAME)!;
    // CKMB: 9 × 1/1 (E at exactly 10 minutes) + 9 × 2/2. TDGQ 20 × 1/1. CLGQ: 6 × 1/2 + 6 × 0/1. MDHL 18 × 1/1.
    assert.deepEqual(groupsOf(th.card), { CKMB: 18, TDGQ: 20, CLGQ: 3, TTTT: null, MDHL: 18, MDSH: null });
    assert.equal(th.card.total, 59);
    assert.deepEqual(r.entries.map((e) => [e.rank, e.name]), [[1, TAM_HIEP_NAME], [2, WARD_NAME]]);
    // The province sums numerators and denominators: sync 2/4, published 4/6, on time 4/5, online procedures 3/6,
    // online dossiers 2/5, satisfied 3/5 → CKMB 4.5 + 6, TDGQ 16, CLGQ 3 + 2.4, MDHL 10.8.
    assert.deepEqual(groupsOf(r.province), { CKMB: 10.5, TDGQ: 16, CLGQ: 5.4, TTTT: null, MDHL: 10.8, MDSH: null });
    assert.equal(r.province.total, 42.7);
    // October, Trấn Biên: F on time and synced within 2 minutes; published p1 of four; online dossiers 0/1:
    // CKMB 9 + 2.25, TDGQ 20, CLGQ 3 + 0, MDHL 18 = 52.25 on the same 68 points → change −14.75.
    assert.deepEqual(groupsOf(w.previous), { CKMB: 11.25, TDGQ: 20, CLGQ: 3, TTTT: null, MDHL: 18, MDSH: null });
    const rows = new Map(r.table.rows.map((x) => [x.agency, x]));
    assert.deepEqual([rows.get(WARD_NAME)!.previous, rows.get(WARD_NAME)!.change], [52.25, -14.75]);
    // Tam Hiệp had no October figures: no previous total, no change (never a made-up zero).
    assert.deepEqual([rows.get(TAM_HIEP_NAME)!.previous, rows.get(TAM_HIEP_NAME)!.change], [null, null]);
    assert.deepEqual([r.table.totals!.total, r.table.totals!.previous, r.table.totals!.change], [42.7, 53, -10.3]);
    // Groups without data say so, in the table and its exports.
    assert.equal(rows.get(WARD_NAME)!.TTTT, NO_SCORE);
    assert.equal(rows.get(WARD_NAME)!.MDSH, NO_SCORE);
    assert.equal(r.table.totals!.TTTT, NO_SCORE);
    // The text of every sub-indicator is quoted in the notes.
    assert.match((r.table.notes ?? []).join(' '), /MDHL\.1 — Tỷ lệ hài lòng theo Quyết định 766\/QĐ-TTg \(18 điểm\)/);
  });

  test('the portal’s published score: entered by an administrator, shown beside motcua’s; bad input refused in Vietnamese', async () => {
    const admin = await signIn(t.http, 'admin');
    const form = { _csrf: admin.csrf, co_quan: String(ward), ky: 'thang', thang: '11/2026', quy: '', nam: '', nhom: 'MDHL', diem: '19', ghi_chu: '' };
    let res = await admin.agent.post('/quan-tri/bang-diem-766').type('form').send(form).expect(400);
    assert.match(res.text, /Điểm là số từ 0 đến 18/);
    res = await admin.agent.post('/quan-tri/bang-diem-766').type('form').send({ ...form, thang: '13/2026', diem: '8' }).expect(400);
    assert.match(res.text, /class="error-message"/);
    await admin.agent.post('/quan-tri/bang-diem-766').type('form').send({ ...form, diem: '8,5', ghi_chu: 'Cổng công bố 05/12/2026' }).expect(303);
    const r = await services(t.deps).reports.scorecard(NOVEMBER, {});
    const row = r.table.rows.find((x) => x.agency === WARD_NAME)!;
    assert.equal(row.portal_MDHL, 8.5);
    assert.equal(row.MDHL, 9);
    const page = await admin.agent.get('/bang-diem-766').query({ ky: 'thang', thang: '11/2026' }).expect(200);
    assert.match(page.text, /Cổng DVCQG công bố/);
    assert.match(page.text, /<svg/);
    const sup = await signIn(t.http, 'sup');
    await sup.agent.get('/quan-tri/bang-diem-766').expect(403);
  });

  test('scoping and exports: a supervisor sees their agency only, whatever co_quan says; CSV, XLSX, PDF', async () => {
    const sup = await signIn(t.http, 'sup');
    const csv = await sup.agent.get('/bang-diem-766').query({ ky: 'thang', thang: '11/2026', co_quan: String(tamHiep), dinh_dang: 'csv' }).expect(200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.ok(csv.text.includes('Trấn Biên') && !csv.text.includes('Tam Hiệp'), csv.text);
    assert.ok(csv.text.includes(NO_SCORE));
    for (const f of ['xlsx', 'pdf']) await sup.agent.get('/bang-diem-766').query({ ky: 'thang', thang: '11/2026', dinh_dang: f }).expect(200);
    const bad = await sup.agent.get('/bang-diem-766').query({ ky: 'thang', thang: '13/2026' }).expect(400);
    assert.match(bad.text, /class="error-message"|error-summary/);
  });

  test('version 2 from December 2026: the digitisation group measured from the files motcua keeps (documents scanned, results as files)', async () => {
    const clerk = Number((await t.db('users').where({ username: 'clerk' }).first('id')).id);
    const d = (f: Parameters<typeof insertDossier>[2]) => insertDossier(t.db, clerk, f);
    // Trấn Biên in December: G (two documents, one scanned; its result kept as a file) and H (two documents, none scanned; no result file).
    const g = await d({ received: '2026-12-01', due: '2026-12-04', finished: '2026-12-03', status: 'returned', completion: 'early' });
    const h = await d({ received: '2026-12-02', due: '2026-12-07', finished: '2026-12-04', status: 'returned', completion: 'on_time' });
    const docs = async (dossierId: number) => {
      await t.db('dossier_documents').insert([1, 2].map((position) => ({ dossier_id: dossierId, position, name: `Giấy tờ ${position}`, originals: 1 })));
      return (await t.db('dossier_documents').where({ dossier_id: dossierId }).orderBy('position').select('id')).map((r: { id: number }) => Number(r.id));
    };
    const [g1] = await docs(g);
    await docs(h);
    const file = (dossierId: number, purpose: string, documentId: number | null, sha: string, removed = false) =>
      t.db('dossier_files').insert({ dossier_id: dossierId, dossier_document_id: documentId, purpose, source: purpose === 'result' ? 'officer' : 'counter', sha256: sha.repeat(64), kind: 'pdf', size: 10, name: 'tep.pdf', added_at: at('2026-12-03'), removed_at: removed ? at('2026-12-03', '10:00') : null });
    await file(g, 'document', g1!, 'a');
    await file(g, 'result', null, 'b');
    // A file taken off does not count: H's result was attached and removed.
    await file(h, 'result', null, 'c', true);
    const r = await services(t.deps).reports.scorecard(monthPeriod(2026, 12), {});
    assert.equal(r.version?.version, 2);
    const w = r.entries.find((e) => e.name === WARD_NAME)!;
    // MDSH: 11 × 1/4 (one document of four digitised) + 11 × 1/2 (G's result of the two finished) = 2.75 + 5.5.
    assert.equal(groupsOf(w.card).MDSH, 8.25);
    // November keeps version 1, where motcua had no files: still "chưa có dữ liệu", never a made-up 0.
    const november = await services(t.deps).reports.scorecard(NOVEMBER, {});
    assert.equal(november.version?.version, 1);
    assert.equal(groupsOf(november.entries.find((e) => e.name === WARD_NAME)!.card).MDSH, null);
  });
});
