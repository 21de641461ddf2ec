import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { monthPeriod } from '../../src/domain/period.js';
import type { WorkingCalendar } from '../../src/domain/calendar.js';
import { vnInstant } from '../../src/domain/time.js';
import { satisfaction766 } from '../../src/features/reports/reports.repo.js';
import { SATISFACTION_766_NOTES } from '../../src/features/reports/reports.service.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { insertDossier } from '../helpers/fixtures.js';
import { insertPetition } from '../helpers/petition-rows.js';

const WARD = '000.31.01.H26';
const TAM_HIEP = '000.31.02.H26';
const TU_PHAP = '000.00.12.H26';
const CENTRE = '000.00.01.H26';
const AUGUST = monthPeriod(2026, 8);
const NOW = vnInstant('2026-09-21', '09:00');

const WARD_NAME = 'Trung tâm Phục vụ hành chính công phường Trấn Biên';
const TAM_HIEP_NAME = 'Trung tâm Phục vụ hành chính công phường Tam Hiệp';
const HANDLING = 'Việc giải quyết thủ tục hành chính';
const CONDUCT = 'Thái độ, hành vi của cán bộ, công chức';
const REGULATION = 'Nội dung quy định hành chính';
const OTHER = 'Nội dung khác';
const NOT_FORWARDED = 'Chưa chuyển cơ quan có thẩm quyền';

const cells = (r: Record<string, unknown>) => [r.agency, r.kind, r.received, r.forwardedOnTime, r.forwardedLate, r.notInScope, r.answeredOnTime, r.answeredLate, r.pending];

// Hand-computed: [agency, kind, received, forwarded ≤ 5 working days, forwarded late, not in scope, answered on time, answered late, pending].
const ALL_ROWS = [
  ['Sở Tư pháp', HANDLING, 1, 1, 0, 0, 1, 0, 0],
  [TAM_HIEP_NAME, HANDLING, 1, 1, 0, 0, 0, 0, 1],
  [WARD_NAME, HANDLING, 2, 1, 1, 0, 1, 1, 0],
  [WARD_NAME, CONDUCT, 1, 1, 0, 0, 0, 0, 1],
  [NOT_FORWARDED, REGULATION, 1, 0, 0, 1, 0, 0, 0],
  [NOT_FORWARDED, CONDUCT, 1, 0, 0, 0, 0, 0, 1],
  [NOT_FORWARDED, OTHER, 1, 0, 0, 0, 0, 0, 1],
];

describe('the petitions report, Decision 766 with petitions, conduct petitions per officer', () => {
  let t: TestApp;
  let cal: WorkingCalendar;
  let ward: number;
  let an: number;
  let binh: number;
  const dossiers: number[] = [];

  before(async () => {
    t = await buildTestApp({ now: NOW, env: { SESSION_TTL_HOURS: '720' } });
    cal = await services(t.deps).calendar.current();
    ward = await agencyId(t.db, WARD);
    const tamHiep = await agencyId(t.db, TAM_HIEP);
    const tuPhap = await agencyId(t.db, TU_PHAP);
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    an = await createStaff(t.db, 'an', 'officer', WARD, 'Lê Văn An');
    binh = await createStaff(t.db, 'binh', 'officer', WARD, 'Phạm Thị Bình');
    const nam = await createStaff(t.db, 'nam', 'officer', TAM_HIEP, 'Hoàng Văn Nam');
    await createStaff(t.db, 'sup', 'supervisor', WARD, 'Đỗ Văn Giám');
    await createStaff(t.db, 'sup_th', 'supervisor', TAM_HIEP, 'Bùi Thị Sát');
    await createStaff(t.db, 'sup_tp', 'supervisor', TU_PHAP, 'Trương Văn Pháp');
    await createStaff(t.db, 'sup_centre', 'supervisor', CENTRE, 'Mai Thị Kiểm');
    await createStaff(t.db, 'admin', 'admin', CENTRE, 'Quản Trị Viên');

    // Six dossiers An completed in August (the 766 base of the ward).
    for (const completion of ['on_time', 'on_time', 'on_time', 'on_time', 'late', 'on_time'] as const) {
      dossiers.push(await insertDossier(t.db, clerk, { received: '2026-08-03', due: '2026-08-14', finished: '2026-08-14', status: 'returned', completion, completedBy: an }));
    }
    const [d1, d2, d3, d4, d5, d6] = dossiers as [number, number, number, number, number, number];
    const i = (p: Parameters<typeof insertPetition>[2]) => insertPetition(t.db, cal, p);

    // P1: received Wed 26/08 10:00; 31/8 (swapped day off), 1/9 and 2/9 (National Day) are
    // not working days, so the 5 working days end Mon 07/09 10:00 — forwarded Fri 04/09 16:00 is on time.
    const p1 = await i({ kind: 'handling', receivedAt: vnInstant('2026-08-26', '10:00'), forwardedAt: vnInstant('2026-09-04', '16:00'), competentAgencyId: ward, answeredAt: vnInstant('2026-09-08', '09:00') });
    assert.equal(p1.forwardDueAt.getTime(), vnInstant('2026-09-07', '10:00').getTime(), 'the holiday moves the forwarding deadline');
    // P2: same receipt, forwarded Mon 07/09 11:00 (late); 3 working days to answer: due Thu 10/09 11:00, answered Fri 11/09 (late).
    const p2 = await i({ kind: 'handling', receivedAt: vnInstant('2026-08-26', '10:00'), forwardedAt: vnInstant('2026-09-07', '11:00'), competentAgencyId: ward, answerDays: 3, answeredAt: vnInstant('2026-09-11', '09:00') });
    assert.equal(p2.answerDueAt!.getTime(), vnInstant('2026-09-10', '11:00').getTime());
    // P3: about An's conduct on dossier 1, forwarded to the ward, pending.
    await i({ kind: 'conduct', receivedAt: vnInstant('2026-08-03', '09:00'), forwardedAt: vnInstant('2026-08-04', '09:00'), competentAgencyId: ward, dossierId: d1, officialId: an });
    // P4: regulation, answered as not in scope.
    await i({ kind: 'regulation', receivedAt: vnInstant('2026-08-10', '09:00'), notInScopeAt: vnInstant('2026-08-11', '09:00') });
    // P5: other, not forwarded yet.
    await i({ kind: 'other', receivedAt: vnInstant('2026-08-17', '09:00') });
    // P6: Tam Hiệp, an answer drafted, pending.
    await i({ kind: 'handling', receivedAt: vnInstant('2026-08-18', '09:00'), forwardedAt: vnInstant('2026-08-19', '09:00'), competentAgencyId: tamHiep, drafted: true });
    // P7: July: not in August's figures.
    await i({ kind: 'handling', receivedAt: vnInstant('2026-07-28', '09:00'), forwardedAt: vnInstant('2026-07-29', '09:00'), competentAgencyId: ward });
    // P8: Sở Tư pháp, forwarded and answered on time.
    await i({ kind: 'handling', receivedAt: vnInstant('2026-08-20', '09:00'), forwardedAt: vnInstant('2026-08-21', '09:00'), competentAgencyId: tuPhap, answeredAt: vnInstant('2026-08-25', '09:00') });
    // P9: about Bình's conduct, not forwarded yet.
    await i({ kind: 'conduct', receivedAt: vnInstant('2026-08-20', '09:00'), officialId: binh });
    // About An in July (not August's), and about Tam Hiệp's Nam in September.
    await i({ kind: 'conduct', receivedAt: vnInstant('2026-07-20', '09:00'), officialId: an });
    await i({ kind: 'conduct', receivedAt: vnInstant('2026-09-03', '09:00'), officialId: nam });

    // Petitions on the 766 base, received in September (outside August's petitions table):
    await i({ kind: 'regulation', receivedAt: vnInstant('2026-09-03', '09:00'), dossierId: d2 }); // not a kind against 766
    await i({ kind: 'handling', receivedAt: vnInstant('2026-09-03', '09:00'), dossierId: d3, notInScopeAt: vnInstant('2026-09-04', '09:00') }); // not in scope
    await i({ kind: 'handling', receivedAt: vnInstant('2026-09-22', '09:00'), dossierId: d4 }); // after the report's run
    await i({ kind: 'handling', receivedAt: vnInstant('2026-09-03', '09:00'), dossierId: d5 }); // late and with a petition: deducted once
    await i({ kind: 'handling', receivedAt: vnInstant('2026-09-03', '09:00'), dossierId: d6 }); // and a rating at 0: counted once
    await t.db('dossier_ratings').insert({ dossier_id: d6, level: 'satisfied', criterion_time: 0, officer_id: an, agency_id: ward, created_at: vnInstant('2026-08-20', '09:00') });
  });
  after(() => t.cleanup());

  test('every cell, for an administrator (all agencies), with the totals and a chart', async () => {
    const s = services(t.deps).reports;
    const admin = { id: 0, username: 'admin', fullName: '', role: 'admin' as const, agencyId: await agencyId(t.db, CENTRE), agencyName: '' };
    const r = await s.petitions(AUGUST, await s.petitionScope(admin, {}));
    assert.deepEqual(r.table.rows.map(cells), ALL_ROWS);
    // The three answers were written without an outcome or a publication decision (as the migration leaves older ones): pending publication.
    const issue25 = { forwardedExternal: 0, keptForStudy: 0, amendAbolish: 0, recommend: 0, issueNew: 0, explain: 0, published: 0, withheld: 0, publicationPending: 3 };
    assert.deepEqual(r.table.totals, { received: 8, forwardedOnTime: 4, forwardedLate: 1, notInScope: 1, answeredOnTime: 2, answeredLate: 1, pending: 4, ...issue25 });
    assert.ok(r.chart && r.chart.includes('<svg'), 'a bar chart');
    assert.match(r.chart!, /Phản ánh, kiến nghị theo loại/);
  });

  test('art. 15 and art. 19: the report counts outcomes, forwarding outside the province, kept for study, and lists withheld publications with their reasons', async () => {
    const s = services(t.deps).reports;
    const admin = { id: 0, username: 'admin', fullName: '', role: 'admin' as const, agencyId: await agencyId(t.db, CENTRE), agencyName: '' };
    const answered = await t.db('petitions').where({ status: 'answered' }).where('received_at', '>=', AUGUST.from).where('received_at', '<', AUGUST.to).orderBy('id').select('id', 'code');
    assert.equal(answered.length, 3);
    const at = vnInstant('2026-08-28', '09:00');
    await t.db('petitions').where({ id: answered[0]!.id }).update({ outcome: 'amend_abolish', published_at: at });
    await t.db('petitions').where({ id: answered[1]!.id }).update({ outcome: 'explain', publication_withheld_at: at, publication_withheld_reason: 'Nội dung liên quan đến bí mật đời tư.' });
    await t.db('petitions').where({ id: answered[2]!.id }).update({ outcome: 'explain' });
    const r = await s.petitions(AUGUST, await s.petitionScope(admin, {}));
    assert.deepEqual(
      { amend: r.table.totals!.amendAbolish, explain: r.table.totals!.explain, recommend: r.table.totals!.recommend, published: r.table.totals!.published, withheld: r.table.totals!.withheld, pending: r.table.totals!.publicationPending },
      { amend: 1, explain: 2, recommend: 0, published: 1, withheld: 1, pending: 1 },
    );
    assert.ok(r.table.notes!.includes(`Không công khai ${answered[1]!.code} (${(await t.db('agencies as a').join('petitions as p', 'p.competent_agency_id', 'a.id').where('p.id', answered[1]!.id).first('a.name')).name}): Nội dung liên quan đến bí mật đời tư.`), JSON.stringify(r.table.notes));
    await t.db('petitions').whereIn('id', answered.map((a) => a.id)).update({ outcome: null, published_at: null, publication_withheld_at: null, publication_withheld_reason: null });
  });

  test('scoping over HTTP: an agency sees what was forwarded to it; the control unit and the admin see all', async () => {
    const month = { ky: 'thang', thang: '08/2026' };
    const csvOf = async (user: string, extra: Record<string, string> = {}) => {
      const who = await signIn(t.http, user);
      const res = await who.agent.get('/bao-cao/phan-anh-kien-nghi').query({ ...month, ...extra, dinh_dang: 'csv' }).expect(200);
      assert.match(String(res.headers['content-type']), /text\/csv/);
      return res.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1, -1);
    };
    const ward = await csvOf('sup');
    assert.equal(ward.length, 2);
    assert.ok(ward.every((l) => l.includes('Trấn Biên')));
    const tp = await csvOf('sup_tp');
    assert.equal(tp.length, 1);
    assert.ok(tp[0]!.includes('Sở Tư pháp') && tp[0]!.includes(HANDLING), tp[0]);
    // A supervisor cannot widen their scope with co_quan.
    assert.equal((await csvOf('sup_th', { co_quan: String(await agencyId(t.db, WARD)) })).length, 1);
    assert.equal((await csvOf('sup_centre')).length, ALL_ROWS.length);
    assert.equal((await csvOf('admin')).length, ALL_ROWS.length);
    assert.equal((await csvOf('admin', { co_quan: String(await agencyId(t.db, WARD)) })).length, 2);
    const sup = await signIn(t.http, 'sup');
    const page = await sup.agent.get('/bao-cao/phan-anh-kien-nghi').query(month).expect(200);
    assert.match(page.text, /Chuyển xử lý trong 5 ngày làm việc/);
    assert.ok(!page.text.includes(TAM_HIEP_NAME) && !page.text.includes(NOT_FORWARDED));
    for (const f of ['xlsx', 'pdf']) await sup.agent.get('/bao-cao/phan-anh-kien-nghi').query({ ...month, dinh_dang: f }).expect(200);
    const index = await sup.agent.get('/bao-cao').expect(200);
    assert.match(index.text, /Phản ánh, kiến nghị/);
    assert.match(index.text, /Câu hỏi của công dân/);
  });

  test('Decision 766: a petition about the handling or conduct deducts its dossier, once', async () => {
    const pick = (r: { dossiers: number; unsatisfied: number; feedback: number; late: number; deducted: number; rate: number | null }) => [r.dossiers, r.unsatisfied, r.feedback, r.late, r.deducted, r.rate];
    const rows = await satisfaction766(t.db, AUGUST, { agencyId: ward }, 'agency', NOW);
    // Feedback: d1 (conduct), d5 (handling, also late), d6 (handling and a rating at 0). Not: d2 (regulation), d3 (not in scope), d4 (received after the run).
    assert.deepEqual(rows.map(pick), [[6, 0, 3, 1, 3, 3 / 6]]);
    // Before the September petitions were received, only d1's (August) counts: d6's rating at 0 is no petition.
    const earlier = await satisfaction766(t.db, AUGUST, { agencyId: ward }, 'agency', vnInstant('2026-09-01', '09:00'));
    assert.deepEqual(earlier.map(pick), [[6, 0, 1, 1, 2, 4 / 6]]);
    const report = await services(t.deps).reports.satisfaction(AUGUST, { agencyId: ward });
    assert.equal(report.table.rows[0]!.feedback, 3);
    assert.equal(report.table.rows[0]!.rate766, 0.5);
    const notes = SATISFACTION_766_NOTES.join(' ');
    assert.match(notes, /phản ánh, kiến nghị gửi qua motcua/);
    assert.doesNotMatch(notes, /chưa tiếp nhận phản ánh/);
  });

  test('the officers report: conduct petitions received in the period about each officer', async () => {
    const r = await services(t.deps).reports.officers(AUGUST, { agencyId: ward });
    const byName = new Map(r.table.rows.map((x) => [x.officer, x]));
    assert.equal(byName.get('Lê Văn An')!.conductPetitions, 1);
    assert.equal(byName.get('Lê Văn An')!.handled, 6);
    // Bình finished nothing in August but had a petition about her: a row of her own.
    assert.equal(byName.get('Phạm Thị Bình')!.conductPetitions, 1);
    assert.equal(byName.get('Phạm Thị Bình')!.handled, 0);
    assert.ok(!byName.has('Hoàng Văn Nam'));
    assert.ok(r.table.columns.some((c) => c.key === 'conductPetitions' && c.label === 'Phản ánh về cán bộ'));
    const september = await services(t.deps).reports.officers(monthPeriod(2026, 9), {});
    assert.equal(new Map(september.table.rows.map((x) => [x.officer, x])).get('Hoàng Văn Nam')!.conductPetitions, 1);
  });
});
