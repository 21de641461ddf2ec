import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeCounts, monthOf, monthsBetween, nextMonth, planReportParts, REPORT_COUNTS, reportSignature, type CountRow, type ReportPart } from '../../src/domain/report-months.js';
import { vnInstant } from '../../src/domain/time.js';

const day = (d: string) => vnInstant(d);
const show = (parts: ReportPart[]) =>
  parts.map((p) => (p.kind === 'months' ? p.months.join('+') : `live ${p.from.toISOString()}..${p.to.toISOString()} @${p.judgedAt.toISOString()}`));

test('months in Vietnam time', () => {
  // 17:00 UTC on 31 January is already 1 February in Vietnam.
  assert.equal(monthOf(new Date('2026-01-31T16:59:59.999Z')), '2026-01');
  assert.equal(monthOf(new Date('2026-01-31T17:00:00.000Z')), '2026-02');
  assert.equal(nextMonth('2026-12'), '2027-01');
  assert.deepEqual(monthsBetween('2025-11', '2026-02'), ['2025-11', '2025-12', '2026-01']);
});

test('a year judged in December: kept months as one run, the running month live, judged now', () => {
  const now = new Date('2026-12-06T03:00:00Z');
  const parts = planReportParts(day('2026-01-01'), day('2027-01-01'), now, () => true);
  assert.deepEqual(show(parts), [
    '2026-01+2026-02+2026-03+2026-04+2026-05+2026-06+2026-07+2026-08+2026-09+2026-10+2026-11',
    `live ${day('2026-12-01').toISOString()}..${day('2027-01-01').toISOString()} @${now.toISOString()}`,
  ]);
});

test('a custom range: partial months live, judged at their own end; months not kept read live with their neighbours', () => {
  const kept = new Set(['2026-02', '2026-04']);
  const to = day('2026-05-11');
  const parts = planReportParts(day('2026-01-15'), to, to, (m) => kept.has(m));
  assert.deepEqual(show(parts), [
    `live ${day('2026-01-15').toISOString()}..${day('2026-02-01').toISOString()} @${day('2026-02-01').toISOString()}`,
    '2026-02',
    `live ${day('2026-03-01').toISOString()}..${day('2026-04-01').toISOString()} @${day('2026-04-01').toISOString()}`,
    '2026-04',
    `live ${day('2026-05-01').toISOString()}..${to.toISOString()} @${to.toISOString()}`,
  ]);
});

test('nothing kept, or a period inside one month: one live part', () => {
  const to = day('2026-04-01');
  assert.equal(planReportParts(day('2026-01-01'), to, to, () => false).length, 1);
  assert.equal(planReportParts(day('2026-03-05'), day('2026-03-20'), day('2026-03-20'), () => true).length, 1);
});

function row(agency: number, values: Partial<Record<(typeof REPORT_COUNTS)[number], number>>): CountRow {
  return { agency_id: agency, procedure_id: 1, ...Object.fromEntries(REPORT_COUNTS.map((c) => [c, values[c] ?? 0])) } as CountRow;
}

test('composition: carried over from the first part, still open from the last, the rest summed', () => {
  const jan = [row(1, { carried_over: 2, received: 5, early: 1, open_within: 6, apologies: 1 })];
  const feb = [row(1, { carried_over: 6, received: 3, late: 2, open_overdue: 7 }), row(2, { received: 1, open_within: 1 })];
  const out = composeCounts([jan, feb]);
  assert.deepEqual(
    out.map((r) => [r.agency_id, r.carried_over, r.received, r.early, r.late, r.open_within, r.open_overdue, r.apologies]),
    [
      [1, 2, 8, 1, 2, 0, 7, 1],
      [2, 0, 1, 0, 0, 1, 0, 0],
    ],
  );
});

test('the report signature: what a month already over can see', () => {
  const december = day('2026-12-01');
  const base = {
    receivedAt: day('2026-11-20'),
    finishedAt: null,
    status: 'in_progress',
    completion: null,
    channel: 'counter',
    dueAt: day('2026-12-04'),
    agencyId: 4,
    procedureId: 9,
    documentsWithFile: 0,
    resultFiles: 0,
  };
  const sig = (over: Partial<typeof base> | Record<string, unknown>) => reportSignature({ ...base, ...over } as typeof base, december);
  const same = sig({});
  // Invisible to November: another running status, finished (or refused) in December, an appointment moved within December on.
  assert.equal(sig({ status: 'paused' }), same);
  assert.equal(sig({ status: 'refused', finishedAt: day('2026-12-03'), completion: 'early', resultFiles: 1 }), same);
  assert.equal(sig({ dueAt: day('2026-12-20') }), same);
  // Visible: voided, an appointment before December, a scanned document, another agency.
  for (const over of [{ status: 'voided' }, { dueAt: day('2026-11-30') }, { documentsWithFile: 1 }, { agencyId: 5 }]) assert.notEqual(sig(over), same, JSON.stringify(over));
  // Finished in November: its status, completion and result files count.
  const fin = { finishedAt: day('2026-11-28'), status: 'result_ready', completion: 'on_time' };
  assert.notEqual(sig(fin), same);
  assert.notEqual(sig({ ...fin, completion: 'late' }), sig(fin));
  assert.notEqual(sig({ ...fin, resultFiles: 1 }), sig(fin));
});
