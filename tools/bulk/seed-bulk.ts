// Over 400 lines: the options, the volume model and the loader of one run, read together.
/**
 * Bulk synthetic data for benchmarks and demos: millions of dossiers with their whole
 * history, written straight into the tables with multi-row INSERTs (no per-dossier
 * round trips), in transactions of `batchSize` dossiers, deterministic for a seed.
 *
 * Volume: spread over the working days of [from, to] (weekday, season and a slow growth
 * trend), office hours weighted to the morning. Outcomes, as of the end of the range:
 * about 75 % returned, 8 % result ready, 3 % refused, 2 % withdrawn and the rest open,
 * the open ones mostly received in the last weeks (plus a tail of long-stuck ones, mostly
 * awaiting a supplement or paused). Results early / on time / late about 70 / 25 / 5.
 *
 * Appending to a database that already has dossiers continues ids, daily sequences and
 * codes; the random stream is seeded by (seed, first new id), so a second run with the
 * same seed makes new tokens and people, not copies.
 */
import type { Knex } from 'knex';
import { dialect as dialectOf, type Dialect } from '../../src/db/knex.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DEFAULT_OFFICE_HOURS, WorkingCalendar, type OfficeHours } from '../../src/domain/calendar.js';
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '../../src/domain/deadline.js';
import { codeDatePart } from '../../src/domain/dossier-code.js';
import { dayNumber, isLocalDate, vnInstant, addDays, weekdayOf, fromDayNumber, type LocalDate } from '../../src/domain/time.js';
import { calendarRepo } from '../../src/features/calendar/calendar.repo.js';
import { monthOf } from '../../src/domain/report-months.js';
import { markStale } from '../../src/features/reports/report-months.repo.js';
import { loadReferenceData } from '../../seeds/reference.js';
import { Prng, WeightedPicker } from './prng.js';
import { ensureCommuneAgencies, loadSetup, type AgencyCtx, type ProcedureCtx } from './setup.js';
import { officeInstant, type Outcome } from './plan.js';
import { Batch, emptyStats, simulate, type SimContext, type Slot, type Stats } from './simulate.js';
import { DOSSIERS, SUMMARY_TABLES } from './tables.js';
import { execTransaction, insertStatements, literal } from './writer.js';

export interface BulkOptions {
  /** How many dossiers to add. */
  dossiers: number;
  /** First and last receipt day (Vietnam dates). */
  from: LocalDate;
  to: LocalDate;
  seed: number;
  /** Extra ward/commune centres to create (the first N of a fixed list; existing ones are kept). */
  agencies: number;
  /** Dossiers per transaction. */
  batchSize: number;
  /** Nothing happens at or after this instant; default: midnight after `to` (Vietnam). */
  asOf?: Date;
  officeHours: OfficeHours;
  rules: DeadlineRules;
  /** SQLite: synchronous=OFF and a 1 GiB page cache on the loading connection, restored afterwards. */
  tune: boolean;
  /**
   * ANALYZE when done, so query plans see realistic statistics. On PostgreSQL VACUUM (ANALYZE):
   * it also sets the visibility map (index-only scans), as autovacuum would a little later.
   */
  analyze: boolean;
  /** Called about every `progressEvery` dossiers written. */
  onProgress?: (p: Progress) => void;
  progressEvery: number;
}

export interface Progress {
  written: number;
  total: number;
  elapsedMs: number;
}

export interface BulkSummary {
  dialect: Dialect;
  dossiers: number;
  firstId: number | null;
  lastId: number | null;
  from: LocalDate;
  to: LocalDate;
  asOf: Date;
  seed: number;
  generated: Stats;
  /** Rows per table after the run (whole database). */
  tables: Record<string, number>;
  elapsedMs: number;
  loadMs: number;
  analyzeMs: number;
}

export const DEFAULT_BULK_OPTIONS: Omit<BulkOptions, 'dossiers'> = {
  from: '2025-01-01',
  to: '2026-12-31',
  seed: 42,
  agencies: 40,
  batchSize: 1000,
  officeHours: DEFAULT_OFFICE_HOURS,
  rules: DEFAULT_DEADLINE_RULES,
  tune: true,
  analyze: true,
  progressEvery: 50_000,
};

/**
 * Relative volume of each procedure (share of all dossiers, roughly what a province's
 * dashboards show: residence and civil-status matters and certified copies at the wards,
 * land and criminal records at the departments). Unknown procedures get 0.5.
 */
export const PROCEDURE_WEIGHTS: Record<string, number> = {
  '2.000815': 10, // chứng thực bản sao
  '2.000884': 3, // chứng thực chữ ký
  '1.001193': 4, // khai sinh
  '1.000894': 1.5, // kết hôn
  '1.000656': 1, // khai tử
  '2.000635': 2, // bản sao trích lục
  '2.000806': 0.3,
  '1.004884': 1,
  '1.004746': 0.3,
  '1.001022': 0.6,
  '1.004837': 0.2,
  '1.004873': 7, // xác nhận tình trạng hôn nhân
  '1.004859': 2.5,
  '2.001263': 0.1,
  '1.001612': 4, // thành lập hộ kinh doanh
  '2.000720': 3,
  '1.004222': 10, // thường trú
  '1.004194': 12, // tạm trú
  '1.010038': 2.5,
  '3.000333': 6, // lý lịch tư pháp số 1
  '3.000334': 1,
  '1.012787': 2, // đất đai lần đầu
  '1.013831': 9, // biến động đất đai
};

/** Target shares of the final statuses (the rest is open). */
const TARGET = { open: 0.12, returned: 0.75, result_ready: 0.08, refused: 0.03, withdrawn: 0.02 };
/** Of the open share: this much "recent" (decaying with age), the rest a flat tail. Slightly under target: late-received finished dossiers also end up open. */
const OPEN_RECENT = 0.09;
const OPEN_TAIL = 0.025;
/** Share of same-day dossiers received before the cut-off, which cannot finish early. */
const SAME_DAY_BEFORE_CUTOFF = 0.87;

function validate(o: BulkOptions): void {
  if (!Number.isInteger(o.dossiers) || o.dossiers < 0) throw new RangeError('--dossiers must be a whole number ≥ 0');
  if (!isLocalDate(o.from)) throw new RangeError(`--from must be a date YYYY-MM-DD, got "${o.from}"`);
  if (!isLocalDate(o.to)) throw new RangeError(`--to must be a date YYYY-MM-DD, got "${o.to}"`);
  if (o.to < o.from) throw new RangeError('--to must not be before --from');
  if (!Number.isInteger(o.seed)) throw new RangeError('--seed must be an integer');
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) throw new RangeError('batch size must be ≥ 1');
}

/** Typical processing time in working days, for how long dossiers stay open. */
function typicalDays(p: ProcedureCtx): number {
  switch (p.unit) {
    case 'same_day':
      return 0;
    case 'working_hours':
      return p.amount / 8;
    case 'calendar_days':
      return (p.amount * 5) / 7;
    default:
      return p.amount;
  }
}

interface Plan {
  days: number[];
  counts: number[];
  pairs: WeightedPicker<readonly [AgencyCtx, ProcedureCtx]>;
  /** Per procedure id: 1/τ of the "recently received, still open" decay, in working days. */
  invTau: Map<number, number>;
  openTail: number;
  early: number;
  onTime: number;
}

function makePlan(o: BulkOptions, cal: WorkingCalendar, rng: Prng, agencies: AgencyCtx[], procedures: ProcedureCtx[]): Plan {
  const days: number[] = [];
  for (let x = dayNumber(o.from); x <= dayNumber(o.to); x++) if (cal.isWorkingDayNumber(x)) days.push(x);
  if (days.length === 0 && o.dossiers > 0) throw new RangeError('No working day between --from and --to');

  // Volume per day: weekday, season, a slow growth over the range, some noise; exact total.
  const WEEKDAY = [0.6, 1.15, 1.05, 1, 1, 0.92, 0.6];
  const MONTH = [1.1, 0.85, 1, 1, 1, 1, 1, 0.97, 1, 1, 1.03, 1.08];
  const weights = days.map((x, i) => {
    const month = Number(fromDayNumber(x).slice(5, 7)) - 1;
    return WEEKDAY[weekdayOf(x)]! * MONTH[month]! * (0.85 + (0.3 * i) / Math.max(1, days.length - 1)) * (0.9 + 0.2 * rng.next());
  });
  const total = weights.reduce((s, w) => s + w, 0);
  const counts: number[] = [];
  let acc = 0;
  let assigned = 0;
  for (const w of weights) {
    acc += w;
    const upTo = Math.round((acc / total) * o.dossiers);
    counts.push(upTo - assigned);
    assigned = upTo;
  }

  // Which agency receives which procedure, and how often.
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const pairItems: Array<readonly [AgencyCtx, ProcedureCtx]> = [];
  const pairWeights: number[] = [];
  const share = new Map<number, number>();
  let shareTotal = 0;
  for (const p of procedures) {
    const pw = PROCEDURE_WEIGHTS[p.code] ?? 0.5;
    const receivers = p.receivers.map((id) => byId.get(id)).filter((a): a is AgencyCtx => a !== undefined);
    const aw = receivers.reduce((s, a) => s + a.weight, 0);
    for (const a of receivers) {
      pairItems.push([a, p] as const);
      pairWeights.push((pw * a.weight) / aw);
    }
    if (receivers.length) {
      share.set(p.id, pw);
      shareTotal += pw;
    }
  }
  for (const [id, w] of share) share.set(id, w / shareTotal);

  // Open dossiers: P(open) = exp(-age/τ) + tail·(1 - exp(-age/τ)), τ = k·√(days + 1) per
  // procedure, k and tail calibrated to the targets for this range and volume.
  // Age: working days from the receipt day to the last day of the range.
  const ages = days.map((_, i) => days.length - 1 - i);
  const sqrtDays = new Map(procedures.map((p) => [p.id, Math.sqrt(typicalDays(p) + 1)]));
  const recentMass = (k: number) => {
    let m = 0;
    for (let i = 0; i < days.length; i++) {
      const c = counts[i]!;
      if (!c) continue;
      for (const [id, s] of share) m += c * s * Math.exp(-ages[i]! / (k * sqrtDays.get(id)!));
    }
    return m;
  };
  let lo = 1e-3;
  let hi = 1e4;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (recentMass(mid) < OPEN_RECENT * o.dossiers) lo = mid;
    else hi = mid;
  }
  const k = lo;
  const recent = recentMass(k);
  const rest = o.dossiers - recent;
  const openTail = rest > 0 ? Math.min(0.5, Math.max(0, ((OPEN_RECENT + OPEN_TAIL) * o.dossiers - recent) / rest)) : 0;
  const invTau = new Map(procedures.map((p) => [p.id, 1 / (k * sqrtDays.get(p.id)!)]));

  // Completion: same-day dossiers received before the cut-off can only be on time or late;
  // the others are drawn so that the whole comes out near 70 / 25 / 5 (at most 90 % early,
  // so that multi-day procedures also finish on the day of their appointment).
  let sameDayShare = 0;
  for (const p of procedures) if (p.unit === 'same_day') sameDayShare += share.get(p.id) ?? 0;
  const f = sameDayShare * SAME_DAY_BEFORE_CUTOFF;
  const early = Math.min(0.9, 0.7 / (1 - f));
  const late = Math.max(0.01, (0.05 - 0.07 * f) / (1 - f));
  return { days, counts, pairs: new WeightedPicker(pairItems, pairWeights), invTau, openTail, early, onTime: Math.max(0, 1 - early - late) };
}

const CLOSED_OUTCOMES = new WeightedPicker<Outcome>(
  ['returned', 'result_ready', 'refused', 'withdrawn'],
  [TARGET.returned, TARGET.result_ready, TARGET.refused, TARGET.withdrawn],
);

/** Receipt slots in time order: day by day, each day's dossiers sorted by their instant. */
function* slots(plan: Plan, cal: WorkingCalendar, rng: Prng): Generator<Slot> {
  for (let i = 0; i < plan.days.length; i++) {
    const day = plan.days[i]!;
    const age = plan.days.length - 1 - i;
    const today: Slot[] = [];
    for (let j = 0; j < plan.counts[i]!; j++) {
      const [agency, procedure] = plan.pairs.pick(rng);
      const e = Math.exp(-age * plan.invTau.get(procedure.id)!);
      const pOpen = e + plan.openTail * (1 - e);
      const outcome: Outcome = rng.next() < pOpen ? 'open' : CLOSED_OUTCOMES.pick(rng);
      today.push({ receivedAt: officeInstant(rng, cal, day), agency, procedure, outcome });
    }
    today.sort((a, b) => a.receivedAt - b.receivedAt);
    yield* today;
  }
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One batch as SQL text: every INSERT, then the dossier_sequences upsert. Built on the Node thread while the previous batch is being written. */
function batchSql(dialect: Dialect, b: Batch): string {
  const statements: string[] = [];
  for (const { table, rows } of b.tables()) statements.push(...insertStatements(dialect, table, rows, table === DOSSIERS ? 500 : 1000));
  // In key order: concurrent batches then lock shared dossier_sequences rows in the same order.
  const seqs = [...b.sequences.values()].sort((x, y) => x.agencyId - y.agencyId || (x.day < y.day ? -1 : x.day > y.day ? 1 : 0));
  for (let i = 0; i < seqs.length; i += 1000) {
    const values = seqs.slice(i, i + 1000).map((s) => `(${s.agencyId},${literal(dialect, s.day)},${s.value})`);
    statements.push(
      `INSERT INTO dossier_sequences (agency_id, day, last_value) VALUES ${values.join(',')} ` +
        'ON CONFLICT (agency_id, day) DO UPDATE SET last_value = ' +
        'CASE WHEN excluded.last_value > dossier_sequences.last_value THEN excluded.last_value ELSE dossier_sequences.last_value END',
    );
  }
  return statements.join(';\n');
}

async function pragma(db: Knex, name: string): Promise<number> {
  const rows: Array<Record<string, unknown>> = await db.raw(`PRAGMA ${name}`);
  return Number(Object.values(rows[0] ?? {})[0]);
}

export async function countTables(db: Knex): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of SUMMARY_TABLES) {
    const row = await db(t).count<{ n: number | string }[]>({ n: '*' }).first();
    out[t] = Number(row?.n ?? 0);
  }
  return out;
}

/** Generate `dossiers` dossiers (and everything around them) into `db`. */
export async function seedBulk(db: Knex, options: Partial<BulkOptions> & { dossiers: number }): Promise<BulkSummary> {
  if (process.env.NODE_ENV === 'production') throw new Error('Refusing to generate bulk data with NODE_ENV=production');
  const o: BulkOptions = { ...DEFAULT_BULK_OPTIONS, ...options };
  validate(o);
  const started = Date.now();
  const dialect = dialectOf(db);
  const asOf = o.asOf ?? vnInstant(addDays(o.to, 1));

  await migrateToLatest(db);
  await loadReferenceData(db);
  await ensureCommuneAgencies(db, o.agencies);
  const { agencies, procedures } = await loadSetup(db, vnInstant(addDays(o.from, -30), '07:30'));
  const cal = new WorkingCalendar(await calendarRepo(db).listHolidays(), o.officeHours);

  const maxRow = await db('dossiers').max<{ m: number | string | null }[]>({ m: 'id' }).first();
  const startId = Number(maxRow?.m ?? 0) + 1;
  const rng = new Prng(o.seed, startId);

  // Daily sequences already used in the range (a database with real intakes, or an earlier run).
  const sequences = new Map<string, number>();
  const seqRows: Array<{ agency_id: number; day: string; last_value: number }> = await db('dossier_sequences')
    .where('day', '>=', codeDatePart(vnInstant(o.from)))
    .andWhere('day', '<=', codeDatePart(vnInstant(o.to)))
    .select('agency_id', 'day', 'last_value');
  for (const r of seqRows) sequences.set(`${r.agency_id}|${r.day}`, Number(r.last_value));

  const plan = makePlan(o, cal, rng, agencies, procedures);
  const ctx: SimContext = { rng, cal, rules: o.rules, asOf: asOf.getTime(), early: plan.early, onTime: plan.onTime };
  const stats = emptyStats();

  let restore: (() => Promise<void>) | null = null;
  if (dialect === 'sqlite' && o.tune) {
    const synchronous = await pragma(db, 'synchronous');
    const cacheSize = await pragma(db, 'cache_size');
    await db.raw('PRAGMA synchronous = OFF');
    await db.raw('PRAGMA cache_size = -1048576');
    restore = async () => {
      await db.raw(`PRAGMA synchronous = ${synchronous}`);
      await db.raw(`PRAGMA cache_size = ${cacheSize}`);
    };
  }

  let written = 0;
  const loadStarted = Date.now();
  try {
    let batch = new Batch();
    let inBatch = 0;
    // SQLite has one writer; PostgreSQL writes two batches at once on two connections, so
    // the server's second core is busy while this thread generates the next batch.
    const maxInFlight = dialect === 'postgres' ? 2 : 1;
    const inFlight: Array<Promise<void>> = [];
    const flush = async () => {
      const sql = batchSql(dialect, batch);
      const n = inBatch;
      batch = new Batch();
      inBatch = 0;
      while (inFlight.length >= maxInFlight) await inFlight.shift();
      // Written while the next batch is generated; errors surface at the next await.
      const pending = execTransaction(db, dialect, sql, dialect === 'postgres' ? 'SET LOCAL synchronous_commit = off;\n' : '').then(() => {
        const before = written;
        written += n;
        if (o.onProgress && Math.floor(written / o.progressEvery) > Math.floor(before / o.progressEvery)) {
          o.onProgress({ written, total: o.dossiers, elapsedMs: Date.now() - started });
        }
      });
      pending.catch(() => undefined);
      inFlight.push(pending);
    };
    let id = startId;
    for (const slot of slots(plan, cal, rng)) {
      simulate(ctx, batch, stats, id++, slot, sequences);
      inBatch++;
      if (inBatch % 50 === 0) await yieldToLoop();
      if (inBatch >= o.batchSize) await flush();
    }
    if (inBatch > 0) await flush();
    for (const p of inFlight) await p;

    if (dialect === 'postgres' && written > 0) {
      await db.raw(`SELECT setval(pg_get_serial_sequence('dossiers', 'id'), (SELECT MAX(id) FROM dossiers))`);
    }
    // The dossiers were written without their events' observers: the report's kept months
    // from the first day written on are stale (src/features/reports/report-months.repo.ts).
    if (written > 0) await markStale(db, monthOf(vnInstant(o.from)), new Date());
  } finally {
    if (restore) await restore();
  }
  const loadMs = Date.now() - loadStarted;

  const analyzeStarted = Date.now();
  if (o.analyze) await db.raw(dialect === 'postgres' ? 'VACUUM (ANALYZE)' : 'ANALYZE');
  const analyzeMs = Date.now() - analyzeStarted;

  return {
    dialect,
    dossiers: written,
    firstId: written ? startId : null,
    lastId: written ? startId + written - 1 : null,
    from: o.from,
    to: o.to,
    asOf,
    seed: o.seed,
    generated: stats,
    tables: await countTables(db),
    elapsedMs: Date.now() - started,
    loadMs,
    analyzeMs,
  };
}

