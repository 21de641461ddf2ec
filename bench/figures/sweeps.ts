/**
 * The four scheduled sweeps (src/features/deadlines/deadline-sweeps.ts, their SQL in deadlines.repo.ts: due
 * soon, overdue, apology, early completion) over the whole table. For each sweep, in one transaction rolled back
 * at the end (the database is left as it was):
 * - "catch-up": a run at the data's own moment (midnight after its last receipt: the bulk
 *   generator's "as of"), doing whatever the generated history left undone (the generator
 *   does not simulate due-soon reminders, for one) — like the first run after downtime;
 * - "scheduled": the next run, ten minutes later, as the scheduler does all day long: the
 *   figure the target is about — its cost must not grow with the table;
 * - "busy": the next working day at 10:00, after a night and a morning without runs, with
 *   many dossiers falling due at once: its time per changed dossier.
 * The effects' own commits are not in the figures (SQLite commits in WAL mode without an
 * fsync; PostgreSQL waits for its WAL flush, about a millisecond each). The candidate
 * queries of the scheduled run are explained: they must read dossiers through indexes
 * only. Targets: the scheduled run < 1 s, examining only dossiers it then changes.
 */
import type { Knex } from 'knex';
import { loadConfig } from '../../src/config.js';
import { toDate } from '../../src/db/knex.js';
import type { Deps } from '../../src/deps.js';
import { OPEN_STATUSES } from '../../src/domain/status.js';
import { addDays, localDateOf, vnInstant } from '../../src/domain/time.js';
import pino from 'pino';
import { calendarService } from '../../src/features/calendar/calendar.service.js';
import { SWEEPS, type SweepName } from '../../src/features/deadlines/deadline-sweeps.js';
import { services } from '../../src/services.js';
import { captureQueries, explain, fullScans, type CapturedQuery } from '../lib/explain.js';
import { below, info, type Benchmark, type Figure } from '../lib/types.js';

const ID = 'sweeps';
const TARGET_MS = 1000;
const ORDER: SweepName[] = ['due_soon', 'overdue', 'apology', 'early_completion'];

class Rollback extends Error {}

interface Run {
  ms: number;
  counts: Record<string, number>;
  queries: CapturedQuery[];
}

/** Run one sweep at each of `moments` in turn inside a transaction, then roll it all back. */
async function runRolledBack(db: Knex, sweep: SweepName, moments: Date[]): Promise<Run[]> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
  const runs: Run[] = [];
  try {
    await db.transaction(async (trx) => {
      for (const now of moments) {
        const deps: Deps = { db: trx as unknown as Knex, clock: { now: () => now }, config, logger: pino({ level: 'silent' }) };
        const deadlines = services(deps).deadlines;
        const started = performance.now();
        const { result, queries } = await captureQueries(db, async () => SWEEPS[sweep](await deadlines.sweepContext()));
        runs.push({ ms: performance.now() - started, counts: result, queries });
      }
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return runs;
}

/** Midnight after the last receipt: the moment the bulk data describes. */
async function dataMoment(db: Knex): Promise<Date> {
  const row = await db('dossiers').max({ m: 'received_at' }).first();
  return vnInstant(addDays(localDateOf(toDate(row?.m)), 1));
}

/** Counters of candidates a sweep examined and rightly left for a later run (the apology's: in the window, not at risk yet). */
const LEFT_FOR_LATER = new Set(['not_yet_at_risk']);
const changedOf = (counts: Record<string, number>) => Object.entries(counts).filter(([k]) => k !== 'examined' && !LEFT_FOR_LATER.has(k)).reduce((s, [, v]) => s + v, 0);
const leftOf = (counts: Record<string, number>) => Object.entries(counts).filter(([k]) => LEFT_FOR_LATER.has(k)).reduce((s, [, v]) => s + v, 0);

export const sweeps: Benchmark = {
  id: ID,
  title: 'Scheduled sweeps over the whole table',
  async run(ctx) {
    const { db, dialect } = ctx;
    const open = Number((await db('dossiers').whereIn('status', OPEN_STATUSES).count({ n: '*' }).first())?.n ?? 0);
    const catchUpAt = await dataMoment(db);
    const scheduledAt = new Date(catchUpAt.getTime() + 10 * 60_000);
    const cal = await calendarService({ db, config: loadConfig() }).current();
    let busyDate = addDays(localDateOf(catchUpAt), 1);
    while (!cal.isWorkingDay(busyDate)) busyDate = addDays(busyDate, 1);
    const busyAt = vnInstant(busyDate, '10:00');
    ctx.log(`  ${open.toLocaleString('en')} open dossiers; catch-up at ${catchUpAt.toISOString()}, scheduled run 10 min later, busy at ${busyAt.toISOString()}`);

    const figures: Figure[] = [info('sweeps.open_dossiers', 'Open dossiers in the table', open, 'dossiers')];
    const details: Record<string, unknown> = { catchUpAt: catchUpAt.toISOString(), scheduledAt: scheduledAt.toISOString(), busyAt: busyAt.toISOString() };
    const plans: string[] = [];
    let scans: string[] = [];
    for (const sweep of ORDER) {
      const [c, s, b] = (await runRolledBack(db, sweep, [catchUpAt, scheduledAt, busyAt])) as [Run, Run, Run];
      ctx.log(`  ${sweep}: catch-up ${c.ms.toFixed(1)} ms ${JSON.stringify(c.counts)}; scheduled ${s.ms.toFixed(1)} ms ${JSON.stringify(s.counts)}; busy ${b.ms.toFixed(1)} ms ${JSON.stringify(b.counts)}`);
      const changed = changedOf(b.counts);
      const left = leftOf(s.counts);
      const idle = (s.counts.examined ?? 0) - changedOf(s.counts) - left;
      figures.push(
        info(`sweeps.${sweep}.catch_up_ms`, `${sweep}: catch-up run (${changedOf(c.counts)} changed)`, Math.round(c.ms * 10) / 10, 'ms'),
        below(`sweeps.${sweep}.scheduled_ms`, `${sweep}: scheduled run, 10 min later (${changedOf(s.counts)} changed)`, s.ms, 'ms', TARGET_MS),
        {
          id: `sweeps.${sweep}.scheduled_examined_unchanged`,
          label: `${sweep}: scheduled run, dossiers examined but not changed${left > 0 ? ` (besides ${left} not due yet, examined again by later runs)` : ''}`,
          value: idle,
          unit: 'dossiers',
          target: '0',
          pass: idle === 0,
        },
        info(`sweeps.${sweep}.busy_ms`, `${sweep}: next working day 10:00 (${changed} changed)`, Math.round(b.ms * 10) / 10, 'ms'),
      );
      if (changed > 0) figures.push(info(`sweeps.${sweep}.ms_per_change`, `${sweep}: busy run, time per changed dossier`, b.ms / changed, 'ms'));
      details[sweep] = { catchUp: { ms: c.ms, counts: c.counts }, scheduled: { ms: s.ms, counts: s.counts }, busy: { ms: b.ms, counts: b.counts } };
      // The candidate queries (reads of dossiers) of the scheduled run.
      for (const q of s.queries.filter((q) => /from [`"]?dossiers[`"]? as [`"]?d[`"]?/i.test(q.sql))) {
        const plan = await explain(db, dialect, q);
        const found = fullScans(dialect, plan, 'dossiers', ['d']);
        scans = scans.concat(found);
        plans.push(`-- ${sweep}${found.length ? ' (FULL SCAN)' : ''}\n${q.sql}\n-- bindings ${JSON.stringify(q.bindings)}\n${plan}\n`);
      }
    }
    const planFile = ctx.artifact(`${ID}.plan.txt`, plans.join('\n'));
    figures.push({
      id: 'sweeps.no_full_scan',
      label: 'Sweep candidate queries read dossiers through indexes',
      value: scans.length === 0,
      unit: '',
      target: 'no full scan of dossiers',
      pass: scans.length === 0,
    });
    return { figures, details: { ...details, plan: { file: planFile, fullScans: scans } } };
  },
};
