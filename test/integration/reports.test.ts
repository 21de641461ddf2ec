import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { judgedAt, monthPeriod } from '../../src/domain/period.js';
import { toCsv } from '../../src/features/reports/export/csv.js';
import { insertRating } from '../../src/features/ratings/ratings.repo.js';
import { completionCounts, counterActivity, overdueNow, processingResults, satisfaction766, totalsOf, type ProcessingRow } from '../../src/features/reports/reports.repo.js';
import { loadConfig } from '../../src/config.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, type TestApp } from '../helpers/app.js';
import { at, insertDossier as insert, type Fixture } from '../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const WARD = '000.31.01.H26';
const OTHER_WARD = '000.31.02.H26';

describe('processing results reconcile, cell by cell', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    const fixtures: Fixture[] = [
      // carried over from October
      { received: '2026-10-28', due: '2026-11-05', finished: '2026-11-03', status: 'returned', completion: 'early' },
      { received: '2026-10-20', due: '2026-11-10', status: 'in_progress' }, // open, overdue at the end
      { received: '2026-10-01', due: '2026-10-06', finished: '2026-10-15', status: 'returned', completion: 'late' }, // finished before: not in November
      // received in November
      { received: '2026-11-10', due: '2026-11-13', finished: '2026-11-13', status: 'result_ready', completion: 'on_time' },
      { received: '2026-11-11', due: '2026-11-14', finished: '2026-11-20', status: 'returned', completion: 'late' },
      { received: '2026-11-12', due: '2026-11-17', finished: '2026-11-12', status: 'refused', completion: 'early' },
      { received: '2026-11-13', due: '2026-11-18', finished: '2026-11-13', status: 'withdrawn' },
      { received: '2026-11-27', due: '2026-12-02', status: 'received' }, // open within the deadline
      { received: '2026-11-25', due: '2026-12-03', status: 'awaiting_supplement', pause: { from: '2026-11-26' } }, // paused, within
      { received: '2026-11-02', due: '2026-11-05', status: 'paused', pause: { from: '2026-11-04' } }, // paused, past the deadline
      { received: '2026-11-28', due: '2026-12-01', finished: '2026-12-01', status: 'returned', completion: 'on_time' }, // finished after: open at the end
      { received: '2026-11-16', due: '2026-11-19', status: 'in_progress', pause: { from: '2026-11-17', to: '2026-11-18' } }, // pause over before the end → overdue
      { received: '2026-12-02', due: '2026-12-05', status: 'received' }, // after the period
      { procedure: '2.000815', received: '2026-11-09', due: '2026-11-09', finished: '2026-11-06', status: 'result_ready', completion: 'early' },
      { agency: OTHER_WARD, received: '2026-11-10', due: '2026-11-13', finished: '2026-11-12', status: 'returned', completion: 'early' },
    ];
    for (const f of fixtures) await insert(t.db, clerk, f);
  });
  after(() => t.cleanup());

  test('every cell of November 2026', async () => {
    const rows = await processingResults(t.db, monthPeriod(2026, 11));
    const pick = (r: ProcessingRow) => [r.agencyName, r.procedureCode, r.carriedOver, r.received, r.total, r.early, r.onTime, r.late, r.finished, r.refused, r.withdrawn, r.openWithin, r.openOverdue, r.pausedWithin, r.pausedOverdue];
    assert.deepEqual(rows.map(pick), [
      // agency, procedure, carried, new, total, early, on time, late, finished, refused, withdrawn, open within, open overdue, paused within, paused overdue
      ['Trung tâm Phục vụ hành chính công phường Tam Hiệp', '1.001612', 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0],
      ['Trung tâm Phục vụ hành chính công phường Trấn Biên', '1.001612', 2, 9, 11, 1, 1, 1, 3, 1, 1, 2, 2, 1, 1],
      ['Trung tâm Phục vụ hành chính công phường Trấn Biên', '2.000815', 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0],
    ]);
    const ward = rows[1]!;
    assert.equal(ward.onTimeRate, 2 / 3);
    // Each dossier once: what came in equals what went out plus what is left.
    for (const r of rows) {
      assert.equal(r.total, r.finished + r.refused + r.withdrawn + r.openWithin + r.openOverdue + r.pausedWithin + r.pausedOverdue, r.procedureCode);
    }
    const totals = totalsOf(rows);
    assert.equal(totals.total, 13);
    assert.equal(totals.finished, 5);
    assert.equal(totals.onTimeRate, 4 / 5);
  });

  test('scoped to one agency and one procedure', async () => {
    const ward = await agencyId(t.db, WARD);
    const rows = await processingResults(t.db, monthPeriod(2026, 11), { agencyId: ward, procedureCode: '1.001612' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.total, 11);
  });

  test('a past period reads the same whatever happened later', async () => {
    const october = await processingResults(t.db, monthPeriod(2026, 10));
    const ward = october.find((r) => r.procedureCode === '1.001612' && r.agencyName.includes('Trấn Biên'))!;
    // Received in October: the three October dossiers; one finished late in October, two open at the end (one overdue? no: due in November).
    assert.deepEqual([ward.received, ward.late, ward.openWithin, ward.openOverdue], [3, 1, 2, 0]);
  });

  test('overdue now: running clock, appointment passed', async () => {
    const rows = await overdueNow(t.db, at('2026-11-30', '10:00'));
    assert.deepEqual(rows.map((r) => r.dueAt.toISOString()).sort(), [at('2026-11-10').toISOString(), at('2026-11-19').toISOString()].sort());
  });
});

describe('open dossiers are judged now while the period runs, at its end once it is over', () => {
  let t: TestApp;
  // Tuesday 1 December 2026, 09:00: December has just begun.
  const NOW = at('2026-12-01', '09:00');
  before(async () => {
    t = await buildTestApp({ now: NOW });
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    const fixtures: Fixture[] = [
      { received: '2026-11-30', due: '2026-12-08', status: 'in_progress' }, // due next week
      { received: '2026-12-01', due: '2026-12-09', status: 'received' }, // due next week
      { received: '2026-11-24', due: '2026-12-07', status: 'awaiting_supplement', pause: { from: '2026-11-26' } }, // paused, due next week
      { received: '2026-11-20', due: '2026-11-27', status: 'in_progress' }, // already past due
      { received: '2026-12-01', due: '2026-12-04', status: 'voided', finished: '2026-12-01' }, // a mistaken intake, voided
      { received: '2026-11-30', due: '2026-12-03', status: 'voided', finished: '2026-11-30' }, // voided in November
    ];
    for (const f of fixtures) await insert(t.db, clerk, f);
  });
  after(() => t.cleanup());

  const cells = (r: ReturnType<typeof totalsOf>) => ({
    carried: r.carriedOver,
    received: r.received,
    total: r.total,
    finished: r.finished,
    openWithin: r.openWithin,
    openOverdue: r.openOverdue,
    pausedWithin: r.pausedWithin,
    pausedOverdue: r.pausedOverdue,
    voided: r.voided,
  });

  test('the current month: due next week is within the deadline, past due is overdue, voided apart', async () => {
    const svc = services(t.deps);
    const december = monthPeriod(2026, 12);
    assert.equal(judgedAt(december, NOW).getTime(), NOW.getTime());
    const rows = await processingResults(t.db, december, {}, judgedAt(december, NOW));
    assert.deepEqual(cells(totalsOf(rows)), { carried: 3, received: 1, total: 4, finished: 0, openWithin: 2, openOverdue: 1, pausedWithin: 1, pausedOverdue: 0, voided: 1 });
    // Judged at the month's end (the old behaviour) everything open would already be overdue.
    const atEnd = totalsOf(await processingResults(t.db, december));
    assert.deepEqual([atEnd.openWithin, atEnd.openOverdue, atEnd.pausedOverdue], [0, 3, 1]);

    // The service judges at now, and agrees with the "Hồ sơ đang quá hạn" list.
    const report = await svc.reports.processing(december, {});
    const totals = report.table.totals!;
    assert.deepEqual([totals.openWithin, totals.openOverdue, totals.pausedWithin, totals.voided], [2, 1, 1, 1]);
    const overdue = await svc.reports.overdue({});
    assert.equal(overdue.table.rows.length, totals.openOverdue);
    assert.match(report.table.subtitle ?? '', /số liệu đến 01\/12\/2026 09:00/);
    assert.ok(report.table.columns.some((c) => c.key === 'voided' && c.label === 'Hủy do nhập nhầm'));
  });

  test('a closed period is judged at its end, whenever it is run', async () => {
    const november = monthPeriod(2026, 11);
    assert.equal(judgedAt(november, NOW).getTime(), november.to.getTime());
    const rows = await processingResults(t.db, november, {}, NOW);
    // Received in November: three live ones (the past-due one overdue at 30/11 24:00, the two due in December within), one voided.
    assert.deepEqual(cells(totalsOf(rows)), { carried: 0, received: 3, total: 3, finished: 0, openWithin: 1, openOverdue: 1, pausedWithin: 1, pausedOverdue: 0, voided: 1 });
    const report = await services(t.deps).reports.processing(november, {});
    assert.doesNotMatch(report.table.subtitle ?? '', /số liệu đến/);
  });

  test('voided dossiers are in no other column of any report, and counted apart in exports', async () => {
    const svc = services(t.deps);
    const december = monthPeriod(2026, 12);
    const [row] = (await svc.reports.processing(december, {})).table.rows;
    assert.ok(row);
    assert.equal(row.total, Number(row.finished ?? 0) + Number(row.refused) + Number(row.withdrawn) + Number(row.openWithin) + Number(row.openOverdue) + Number(row.pausedWithin) + Number(row.pausedOverdue));
    assert.equal(row.voided, 1);
    const csv = toCsv((await svc.reports.processing(december, {})).table).toString('utf8');
    assert.match(csv, /Hủy do nhập nhầm/);
    const book = await svc.reports.trackingBook(december, {});
    assert.deepEqual(book.table.rows.map((r) => r.note), ['', 'Hủy do nhập nhầm']);
    const trend = await completionCounts(t.db, december);
    assert.deepEqual(trend, { early: 0, onTime: 0, late: 0 });
  });
});

describe('Decision 766 satisfaction, the counter’s guidance and refusals, apologies issued late: a known data set', () => {
  let t: TestApp;
  const NOW = at('2026-12-10', '09:00');
  let ward: number;
  let otherWard: number;
  let officerA: number;
  let officerB: number;
  let clerk: number;

  const rate = async (dossierId: number, level: 'very_satisfied' | 'satisfied' | 'unsatisfied', createdAt: Date, criteria: Partial<Record<'time' | 'contacts' | 'agencies' | 'attitude' | 'publicity', 0 | 1 | 2>> = {}) => {
    const agency = (await t.db('dossiers').where({ id: dossierId }).first('processing_agency_id', 'completed_by'))!;
    const stored = await insertRating(t.db, {
      dossierId,
      officerId: agency.completed_by,
      agencyId: agency.processing_agency_id,
      input: { level, comment: level === 'unsatisfied' ? 'Phải đi lại nhiều lần' : null, criteria: { time: null, contacts: null, agencies: null, attitude: null, publicity: null, ...criteria } },
      createdAt,
    });
    assert.ok(stored);
  };

  before(async () => {
    t = await buildTestApp({ now: NOW });
    clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    officerA = await createStaff(t.db, 'officer-a', 'officer', WARD, 'Lê Văn An');
    officerB = await createStaff(t.db, 'officer-b', 'officer', WARD, 'Phạm Thị Bình');
    const officerC = await createStaff(t.db, 'officer-c', 'officer', OTHER_WARD, 'Ngô Văn Cường');
    ward = await agencyId(t.db, WARD);
    otherWard = await agencyId(t.db, OTHER_WARD);
    const nov = '2026-11-25';
    const d = async (f: Fixture) => insert(t.db, clerk, f);
    // Trấn Biên, finished in November (the 766 base): seven dossiers.
    const ok1 = await d({ received: '2026-11-02', due: '2026-11-05', finished: '2026-11-04', status: 'returned', completion: 'early', completedBy: officerA });
    const unsat = await d({ received: '2026-11-03', due: '2026-11-06', finished: '2026-11-06', status: 'returned', completion: 'on_time', completedBy: officerA });
    const late = await d({ received: '2026-11-04', due: '2026-11-09', finished: '2026-11-12', status: 'returned', completion: 'late', completedBy: officerA });
    const feedback = await d({ received: '2026-11-05', due: '2026-11-10', finished: '2026-11-09', status: 'returned', completion: 'early', completedBy: officerB });
    const lateAndUnsat = await d({ received: '2026-11-06', due: '2026-11-11', finished: '2026-11-16', status: 'returned', completion: 'late', completedBy: officerB });
    await d({ received: '2026-11-09', due: '2026-11-12', finished: '2026-11-12', status: 'result_ready', completion: 'on_time', completedBy: officerB });
    await d({ received: '2026-11-10', due: '2026-11-13', finished: '2026-11-11', status: 'refused', completion: 'early', completedBy: officerB });
    // Not in the base: withdrawn, voided, finished in October, still open.
    await d({ received: '2026-11-10', due: '2026-11-13', finished: '2026-11-11', status: 'withdrawn' });
    await d({ received: '2026-11-12', due: '2026-11-17', finished: '2026-11-12', status: 'voided' });
    const october = await d({ received: '2026-10-20', due: '2026-10-23', finished: '2026-10-22', status: 'returned', completion: 'early', completedBy: officerA });
    const open1 = await d({ received: '2026-11-16', due: '2026-12-15', status: 'in_progress' });
    const open2 = await d({ received: '2026-11-17', due: '2026-12-16', status: 'in_progress' });
    const open3 = await d({ received: '2026-10-01', due: '2026-12-17', status: 'in_progress' });
    // Tam Hiệp: one, fine.
    const other = await d({ agency: OTHER_WARD, received: '2026-11-10', due: '2026-11-13', finished: '2026-11-12', status: 'returned', completion: 'early', completedBy: officerC });

    await rate(ok1, 'very_satisfied', at(nov));
    await rate(unsat, 'unsatisfied', at(nov));
    await rate(late, 'satisfied', at(nov));
    await rate(feedback, 'satisfied', at(nov), { time: 2, attitude: 0 });
    await rate(lateAndUnsat, 'unsatisfied', at(nov), { contacts: 0 });
    await rate(october, 'unsatisfied', at('2026-10-28')); // rated in October: not in November's own rate, its dossier not in the base
    await rate(other, 'very_satisfied', at('2026-12-02')); // rated in December: in the 766 base's month (finished in November), not in November's own rate

    // The counter: guidance (Mẫu 02) and refusals (Mẫu 03) before any dossier exists.
    const procedure = async (code: string) => (await t.db('procedures').where({ code }).first('id')).id as number;
    const p1 = await procedure('1.001612');
    const p2 = await procedure('2.000815');
    const guidance = (agency: number, procedureId: number, day: string) =>
      t.db('counter_guidances').insert({ agency_id: agency, procedure_id: procedureId, clerk_id: clerk, applicant_name: 'Nguyễn Văn Hỏi', items: 'Bản sao giấy khai sinh', reason: 'Thiếu giấy tờ', created_at: at(day) });
    const refusal = (agency: number, procedureId: number, day: string) =>
      t.db('counter_refusals').insert({ agency_id: agency, procedure_id: procedureId, clerk_id: clerk, applicant_name: 'Trần Thị Từ', reason: 'Không thuộc thẩm quyền', created_at: at(day) });
    await guidance(ward, p1, '2026-11-03');
    await guidance(ward, p1, '2026-11-30');
    await guidance(ward, p1, '2026-10-31'); // October
    await guidance(ward, p1, '2026-12-01'); // December
    await refusal(ward, p2, '2026-11-18');
    await refusal(otherWard, p1, '2026-11-19');

    // Apologies: one issued in time, one late, one in October.
    const apology = (dossierId: number, day: string, issuedLate: boolean) =>
      t.db('dossier_apologies').insert({ dossier_id: dossierId, issued_at: at(day), issued_by: officerA, reason: 'Chờ xác minh', previous_due_at: at('2026-12-15'), new_due_at: at('2026-12-22'), issued_late: issuedLate });
    await apology(open1, '2026-11-20', false);
    await apology(open2, '2026-11-27', true);
    await apology(open3, '2026-10-15', true);
  });
  after(() => t.cleanup());

  test('Decision 766/QĐ-TTg satisfaction rate per agency: (dossiers − rated not satisfied, with a petition, or late, each once) ÷ dossiers finished with a result or a refusal; a 0 on an optional criterion is not deducted', async () => {
    const rows = await satisfaction766(t.db, monthPeriod(2026, 11), {}, 'agency', NOW);
    const pick = (r: (typeof rows)[number]) => [r.name, r.dossiers, r.unsatisfied, r.feedback, r.late, r.deducted, r.rate];
    // Deducted: unsat, late, lateAndUnsat. Not: feedback (satisfied, attitude at 0) — the decision deducts no criterion at 0.
    assert.deepEqual(rows.map(pick), [
      ['Trung tâm Phục vụ hành chính công phường Tam Hiệp', 1, 0, 0, 0, 0, 1],
      ['Trung tâm Phục vụ hành chính công phường Trấn Biên', 7, 2, 0, 2, 3, 4 / 7],
    ]);
    // A rating given after the instant asked for is not known yet.
    const before = await satisfaction766(t.db, monthPeriod(2026, 11), { agencyId: ward }, 'agency', at('2026-11-01'));
    assert.deepEqual(before.map(pick), [['Trung tâm Phục vụ hành chính công phường Trấn Biên', 7, 0, 0, 2, 2, 5 / 7]]);
  });

  test('SATISFACTION_766_DEDUCT_ZERO_CRITERION=true: a province that also deducts a criterion at 0', async () => {
    const rows = await satisfaction766(t.db, monthPeriod(2026, 11), {}, 'agency', NOW, { deductZeroCriterion: true });
    const pick = (r: (typeof rows)[number]) => [r.name, r.dossiers, r.unsatisfied, r.feedback, r.late, r.deducted, r.rate];
    assert.deepEqual(rows.map(pick), [
      ['Trung tâm Phục vụ hành chính công phường Tam Hiệp', 1, 0, 0, 0, 0, 1],
      ['Trung tâm Phục vụ hành chính công phường Trấn Biên', 7, 2, 2, 2, 4, 3 / 7],
    ]);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SATISFACTION_766_DEDUCT_ZERO_CRITERION: 'true' });
    assert.equal(loadConfig({ NODE_ENV: 'test' }).reports.deductZeroCriterion766, false, 'off by default');
    const report = await services({ ...t.deps, config }).reports.satisfaction(monthPeriod(2026, 11), { agencyId: ward });
    assert.equal(report.table.rows[0]!.rate766, 3 / 7);
    assert.match((report.table.notes ?? []).join(' '), /0 điểm\) ở một tiêu chí/);
    const byDefault = await services(t.deps).reports.satisfaction(monthPeriod(2026, 11), { agencyId: ward });
    assert.match((byDefault.table.notes ?? []).join(' '), /tùy chọn không bị trừ/);
  });

  test('766 per officer, beside motcua’s own rate, in the officers report', async () => {
    const report = await services(t.deps).reports.officers(monthPeriod(2026, 11), { agencyId: ward });
    const byName = new Map(report.table.rows.map((r) => [r.officer, r]));
    assert.equal(byName.get('Lê Văn An')!.satisfaction766, 1 / 3);
    // Bình: feedback (attitude at 0, not deducted), lateAndUnsat (deducted), on time, refused.
    assert.equal(byName.get('Phạm Thị Bình')!.satisfaction766, 3 / 4);
    // motcua's own: ratings sent in November — An: very satisfied, unsatisfied, satisfied; Bình: satisfied, unsatisfied.
    assert.equal(byName.get('Lê Văn An')!.satisfaction, 2 / 3);
    assert.equal(byName.get('Phạm Thị Bình')!.satisfaction, 1 / 2);
    assert.ok(report.table.columns.some((c) => c.key === 'satisfaction766' && c.label === 'Tỷ lệ hài lòng theo QĐ 766'));
    assert.match((report.table.notes ?? []).join(' '), /Quyết định 766\/QĐ-TTg/);
  });

  test('the satisfaction report: both rates per agency and in the totals', async () => {
    const report = await services(t.deps).reports.satisfaction(monthPeriod(2026, 11), {});
    const rows = report.table.rows.map((r) => [r.agency, r.dossiers, r.deducted, r.rate766, r.ratings, r.verySatisfied, r.satisfied, r.ratedUnsatisfied, r.rateOwn]);
    assert.deepEqual(rows, [
      // Tam Hiệp's only rating was sent in December: no own rate for November, its 766 rate counts it.
      ['Trung tâm Phục vụ hành chính công phường Tam Hiệp', 1, 0, 1, 0, 0, 0, 0, null],
      ['Trung tâm Phục vụ hành chính công phường Trấn Biên', 7, 3, 4 / 7, 5, 1, 2, 2, 3 / 5],
    ]);
    assert.equal(report.table.totals!.rate766, 5 / 8);
    assert.equal(report.table.totals!.rateOwn, 3 / 5);
    // A supervisor's scope: their agency only.
    const mine = await services(t.deps).reports.satisfaction(monthPeriod(2026, 11), { agencyId: otherWard });
    assert.deepEqual(mine.table.rows.map((r) => r.agency), ['Trung tâm Phục vụ hành chính công phường Tam Hiệp']);
  });

  test('the counter report: received, guided and refused per receiving agency and procedure, by their own dates', async () => {
    const rows = await counterActivity(t.db, monthPeriod(2026, 11));
    assert.deepEqual(
      rows.map((r) => [r.agencyName, r.procedureCode, r.received, r.guidances, r.refusals]),
      [
        ['Trung tâm Phục vụ hành chính công phường Tam Hiệp', '1.001612', 1, 0, 1],
        // 10 live dossiers received in November (seven finished, the withdrawn one, two open; the voided one left out), two guidances, no refusal.
        ['Trung tâm Phục vụ hành chính công phường Trấn Biên', '1.001612', 10, 2, 0],
        ['Trung tâm Phục vụ hành chính công phường Trấn Biên', '2.000815', 0, 0, 1],
      ],
    );
    const scoped = await services(t.deps).reports.counter(monthPeriod(2026, 11), { agencyId: ward, procedureCode: '2.000815' });
    assert.deepEqual(scoped.table.rows, [{ agency: 'Trung tâm Phục vụ hành chính công phường Trấn Biên', procedure: '2.000815 Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận', received: 0, guidances: 0, refusals: 1 }]);
    assert.deepEqual(scoped.table.totals, { received: 0, guidances: 0, refusals: 1 });
    assert.deepEqual(await counterActivity(t.db, monthPeriod(2026, 9)), []);
  });

  test('apologies issued in the period and those issued late, in the processing results', async () => {
    const rows = await processingResults(t.db, monthPeriod(2026, 11), { agencyId: ward, procedureCode: '1.001612' }, NOW);
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0]!.apologies, rows[0]!.apologiesLate], [2, 1]);
    const october = await processingResults(t.db, monthPeriod(2026, 10), { agencyId: ward }, NOW);
    assert.deepEqual(october.map((r) => [r.apologies, r.apologiesLate]), [[1, 1]]);
    const report = await services(t.deps).reports.processing(monthPeriod(2026, 11), {});
    assert.equal(report.table.totals!.apologies, 2);
    assert.equal(report.table.totals!.apologiesLate, 1);
    const csv = toCsv(report.table).toString('utf8');
    assert.match(csv, /Phiếu xin lỗi ban hành muộn/);
  });
});
