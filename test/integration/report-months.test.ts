/**
 * The processing-results report's kept months (issue 26 §4): a report composed of kept
 * months and live ranges equals the report read from the dossiers alone, for whole and
 * partial months, quarters, a year and custom ranges, judged now or at the period's end, for
 * the province, one agency and one procedure; a change to an older dossier makes its months
 * read live until the job has recomputed them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { customPeriod, monthPeriod, quarterPeriod, yearPeriod, type Period } from '../../src/domain/period.js';
import { dossiersService } from '../../src/features/dossiers/dossiers.service.js';
import { workflowService } from '../../src/features/workflow/workflow.service.js';
import { services } from '../../src/services.js';
import { refreshReportMonths } from '../../src/features/reports/report-months.js';
import { keptMonths, markStale, recordReportChange, staleMarks } from '../../src/features/reports/report-months.repo.js';
import { liveCounts, processingResults, processingResultsLive, type ReportScope } from '../../src/features/reports/reports.repo.js';
import { seedBulk } from '../../tools/bulk/seed-bulk.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { at } from '../helpers/fixtures.js';

// Saturday 20 June 2026: January to May are complete months; June is running.
const NOW = at('2026-06-20', '10:00');

const PERIODS: Period[] = [
  ...[1, 2, 3, 4, 5, 6].map((m) => monthPeriod(2026, m)),
  quarterPeriod(2026, 1),
  quarterPeriod(2026, 2),
  yearPeriod(2026),
  customPeriod('2026-01-15', '2026-04-10'),
  customPeriod('2026-02-01', '2026-03-31'),
];
const QUICK: Period[] = [yearPeriod(2026), quarterPeriod(2026, 2), monthPeriod(2026, 4), customPeriod('2026-01-15', '2026-04-10')];

describe('the report from kept months', () => {
  let t: TestApp;
  let scopes: ReportScope[];

  before(async () => {
    t = await buildTestApp({ now: NOW });
    await seedBulk(t.db, { dossiers: 800, from: '2026-01-02', to: '2026-05-29', seed: 26, agencies: 3 });
    const busiest = (await t.db('dossiers').groupBy('processing_agency_id').select('processing_agency_id').count({ n: '*' }).orderBy('n', 'desc').first()) as { processing_agency_id: number };
    const procedure = (await t.db('dossiers as d').join('procedures as p', 'p.id', 'd.procedure_id').groupBy('p.code').select('p.code').count({ n: '*' }).orderBy('n', 'desc').first()) as { code: string };
    scopes = [{}, { agencyId: Number(busiest.processing_agency_id) }, { procedureCode: procedure.code }];
  });
  after(() => t.cleanup());

  /**
   * Each period × scope × judged instant: the report as the app gives it, and read from the
   * dossiers alone. Every combination once; after a change, a few that span the kept months
   * (`quick`: the province, judged now).
   */
  async function compareAll(quick = false): Promise<number> {
    let rows = 0;
    for (const p of quick ? QUICK : PERIODS) {
      for (const scope of quick ? [{}] : scopes) {
        for (const judged of quick ? [NOW] : [NOW, p.to]) {
          const expected = await processingResultsLive(t.db, p, scope, judged);
          assert.deepEqual(await processingResults(t.db, p, scope, judged), expected, `${p.label} ${JSON.stringify(scope)} judged ${judged.toISOString()}`);
          rows += expected.length;
        }
      }
    }
    return rows;
  }

  test('the job keeps each complete month, and the composed report equals the live one', async () => {
    // A change to a dossier of a month that is over marks it even before any month is kept:
    // the job may be computing that month while the change commits.
    const february = (await t.db('dossiers').where('received_at', '>=', at('2026-02-01', '00:00')).andWhere('received_at', '<', at('2026-03-01', '00:00')).first('id')) as { id: number };
    const marked = (await staleMarks(t.db)).ids.length; // the generator marked what it wrote
    await recordReportChange(t.db, { dossierId: february.id, seq: 99, type: 'note', fromStatus: null, toStatus: null, actorId: null, public: false, createdAt: NOW });
    assert.equal((await staleMarks(t.db)).ids.length, marked + 1);
    assert.equal((await t.db('report_month_stale').orderBy('id', 'desc').first('from_month')).from_month, '2026-02');
    assert.deepEqual(await refreshReportMonths(t.db, NOW), { report_months_computed: 5, report_months_left: 0 });
    assert.deepEqual([...(await keptMonths(t.db, '2026-01', '2026-12'))].sort(), ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    assert.ok((await compareAll()) > 100, 'the comparison saw rows');
    // Nothing changed: the next run computes nothing.
    assert.deepEqual(await refreshReportMonths(t.db, NOW), { report_months_computed: 0, report_months_left: 0 });
  });

  test('the kept counts are what the report reads (a changed count shows)', async () => {
    const march = monthPeriod(2026, 3);
    const before = await processingResults(t.db, march);
    await t.db('report_month_counts').where({ month: '2026-03' }).update({ received: t.db.raw('received + 1000') });
    const after = await processingResults(t.db, march);
    assert.equal(after.reduce((s, r) => s + r.received, 0), before.reduce((s, r) => s + r.received, 0) + 1000 * before.length);
    // Put right by recomputing the month (as the job does once it is marked).
    await t.db('report_months').where({ month: '2026-03' }).del();
    await t.db('report_month_counts').where({ month: '2026-03' }).del();
    assert.equal((await refreshReportMonths(t.db, NOW)).report_months_computed, 1);
    assert.deepEqual(await processingResults(t.db, march), before);
  });

  test('a holiday added later moves open appointments: their months read live until recomputed', async () => {
    const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
    const keptBefore = await Promise.all(months.map((m) => t.db('report_month_counts').where({ month: m }).orderBy(['agency_id', 'procedure_id']).select('*')));
    // Tuesday 26 May 2026 becomes a day off: every open dossier's appointment across it moves a working day later.
    await t.db('holidays').insert({ date: '2026-05-26', kind: 'holiday', name: 'Ngày nghỉ thử nghiệm', provisional: false });
    const moved = await dossiersService(t.deps).recomputeOpenAppointments({ actorId: null, reason: 'Cập nhật lịch nghỉ', ip: null });
    assert.ok(moved.changed.length > 0, 'some open appointment moved');
    const marks = await staleMarks(t.db);
    assert.ok(marks.from !== null && marks.from <= '2026-05', `marked from ${marks.from}`);
    // The change made some kept month wrong: without the marks the report would show it.
    let differs = 0;
    for (const [k, m] of months.entries()) {
      const to = monthPeriod(2026, k + 1).to;
      const live = (await liveCounts(t.db, { from: monthPeriod(2026, k + 1).from, to }, {}, to)).sort((a, b) => a.agency_id - b.agency_id || a.procedure_id - b.procedure_id);
      const kept = keptBefore[k]!.map((r) => Object.fromEntries(Object.entries(r).filter(([c]) => c !== 'month').map(([c, v]) => [c, Number(v)])));
      if (JSON.stringify(live) !== JSON.stringify(kept)) differs++;
      assert.ok(!(await keptMonths(t.db, m, m)).has(m) || m < marks.from!, `${m} usable`);
    }
    assert.ok(differs > 0, 'the recomputation changed a kept month');
    await compareAll(true);
    // The job recomputes the marked months and clears the marks.
    const run = await refreshReportMonths(t.db, NOW);
    assert.equal(run.report_months_computed, months.filter((m) => m >= marks.from!).length);
    assert.equal((await staleMarks(t.db)).ids.length, 0);
    await compareAll(true);
  });

  test('steps that change nothing a past month counts mark nothing, and the kept months stay right', async () => {
    const svc = services(t.deps);
    const workflow = workflowService(t.deps, { calendar: svc.calendar, notifications: svc.notifications });
    const d = await t.db('dossiers').where({ status: 'received' }).whereNull('assigned_to').where('received_at', '<', at('2026-05-01', '00:00')).orderBy('id').first('id', 'assigned_agency_id');
    assert.ok(d, 'an April dossier waiting to be taken');
    const u = await t.db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where({ 'u.role': 'officer', 'u.agency_id': d.assigned_agency_id }).first('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'a.name');
    const officer = { id: u.id, username: u.username, fullName: u.full_name, role: u.role, agencyId: u.agency_id, agencyName: u.name };
    const act = async (action: string, note: string | null) => {
      const version = (await t.db('dossiers').where({ id: d.id }).first('version')).version;
      const r = await workflow.act(officer, d.id, { action, version, note }, null);
      assert.ok(r.ok, JSON.stringify(r));
    };
    // Its first change since the months were kept has no signature to compare with (a generated dossier): it marks, once.
    await act('take', null);
    assert.ok((await staleMarks(t.db)).ids.length > 0);
    await refreshReportMonths(t.db, t.clock.now());
    // Paused now, resumed two days later, refused: nothing a month already over counts moves.
    await act('pause', 'Chờ xác minh');
    t.clock.set(at('2026-06-22', '10:00'));
    await act('resume', null);
    await act('refuse', 'Không đủ điều kiện');
    assert.equal((await staleMarks(t.db)).ids.length, 0);
    // And the kept months, used for every month before June, still give the live report.
    assert.equal((await keptMonths(t.db, '2026-01', '2026-05')).size, 5);
    await compareAll(true);
    t.clock.set(NOW);
  });

  test('at most maxMonths a run: the months left stay live, and the next run finishes them', async () => {
    // As a change to a dossier received in February marks it.
    await markStale(t.db, '2026-02', NOW);
    const from = '2026-02';
    const first = await refreshReportMonths(t.db, NOW, 1);
    assert.equal(first.report_months_computed, 1);
    assert.ok(first.report_months_left >= 1);
    // One month recomputed; the mark now starts at the next.
    const next = (await staleMarks(t.db)).from!;
    assert.ok(next > from, `${next} after ${from}`);
    await compareAll(true);
    const second = await refreshReportMonths(t.db, NOW);
    assert.equal(second.report_months_computed, first.report_months_left);
    await compareAll(true);
  });
});
