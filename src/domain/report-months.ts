/**
 * A processing-results report composed of parts (issue 26 §4). A period's report is the sum
 * of its parts' reports, taken in time order, because of how each count is defined
 * (features/reports/reports.repo.ts):
 *
 * - carried over: the dossiers open when the period begins: the first part's;
 * - still open, paused or not, within or past the appointment, judged when the period is
 *   judged: the last part's;
 * - everything else happens at one instant inside the period (received, finished, voided,
 *   an apology issued) or belongs to a dossier received in it (documents): the sum of the
 *   parts' counts.
 *
 * A part is a whole calendar month (Vietnam time) whose counts were kept, or a range read
 * live. Pure: no database.
 */
import { VOIDED_STATUSES } from './status.js';
import { localParts, vnInstant } from './time.js';

/** The counts of one (agency, procedure) row, as the report's query names them. */
export const REPORT_COUNTS = [
  'carried_over',
  'received',
  'received_counter',
  'received_online',
  'received_post',
  'early',
  'on_time',
  'late',
  'refused',
  'withdrawn',
  'open_within',
  'open_overdue',
  'paused_within',
  'paused_overdue',
  'voided',
  'apologies',
  'apologies_late',
  'documents',
  'documents_digitised',
  'results_digitised',
] as const;
export type ReportCount = (typeof REPORT_COUNTS)[number];

/** Taken from the first part (the state when the period begins). */
const FIRST: ReadonlySet<ReportCount> = new Set(['carried_over']);
/** Taken from the last part (the state when the period is judged). */
const LAST: ReadonlySet<ReportCount> = new Set(['open_within', 'open_overdue', 'paused_within', 'paused_overdue']);

/** Which of a period's parts a count is taken from: the first, the last, or all of them summed. */
export function countTakenFrom(c: ReportCount): 'first' | 'last' | 'all' {
  return FIRST.has(c) ? 'first' : LAST.has(c) ? 'last' : 'all';
}

export type CountRow = { agency_id: number; procedure_id: number } & Record<ReportCount, number>;

/** A month as its key: `YYYY-MM`, Vietnam time. */
export type MonthKey = string;

const pad = (n: number) => String(n).padStart(2, '0');

export function monthOf(instant: Date): MonthKey {
  const p = localParts(instant);
  return `${p.year}-${pad(p.month)}`;
}

export function monthStart(month: MonthKey): Date {
  return vnInstant(`${month}-01`);
}

export function nextMonth(month: MonthKey): MonthKey {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

/** Every month from `from` up to the one before `until`, in order. */
export function monthsBetween(from: MonthKey, until: MonthKey): MonthKey[] {
  const out: MonthKey[] = [];
  for (let m = from; m < until; m = nextMonth(m)) out.push(m);
  return out;
}

/** The first month that starts at or after `instant`. */
function firstMonthFrom(instant: Date): MonthKey {
  const m = monthOf(instant);
  return monthStart(m).getTime() === instant.getTime() ? m : nextMonth(m);
}

/** A run of consecutive kept months (their counts composed in one query), or a range read live. */
export type ReportPart = { kind: 'months'; months: MonthKey[] } | { kind: 'live'; from: Date; to: Date; judgedAt: Date };

/**
 * The parts of [from, to) judged at `end` (≤ to): the whole months that end by `end` and
 * whose counts `kept(month)` says may be used, and live ranges for the rest (adjacent
 * months, and adjacent live ranges, merged: one query each). A range ending by `end` is
 * judged at its own end, as a kept month's counts were; the last part at `end`.
 */
export function planReportParts(from: Date, to: Date, end: Date, kept: (month: MonthKey) => boolean): ReportPart[] {
  const parts: ReportPart[] = [];
  // Months not kept are skipped without moving the cursor: the live range before the next kept month covers them.
  const live = (a: Date, b: Date) => {
    if (a.getTime() < b.getTime()) parts.push({ kind: 'live', from: a, to: b, judgedAt: b.getTime() <= end.getTime() ? b : end });
  };
  let cursor = from;
  for (let m = firstMonthFrom(from); ; m = nextMonth(m)) {
    const start = monthStart(m);
    const stop = monthStart(nextMonth(m));
    if (stop.getTime() > to.getTime() || stop.getTime() > end.getTime()) break;
    if (!kept(m)) continue;
    live(cursor, start);
    const last = parts[parts.length - 1];
    if (last?.kind === 'months' && cursor.getTime() === start.getTime()) last.months.push(m);
    else parts.push({ kind: 'months', months: [m] });
    cursor = stop;
  }
  live(cursor, to);
  return parts;
}

/** The report of the whole from its parts' rows, in time order (see the module's comment). */
export function composeCounts(parts: ReadonlyArray<readonly CountRow[]>): CountRow[] {
  const rows = new Map<string, CountRow>();
  parts.forEach((part, k) => {
    const first = k === 0;
    const last = k === parts.length - 1;
    for (const r of part) {
      const key = `${r.agency_id}|${r.procedure_id}`;
      let row = rows.get(key);
      if (!row) {
        row = { agency_id: r.agency_id, procedure_id: r.procedure_id, ...zeroCounts() };
        rows.set(key, row);
      }
      for (const c of REPORT_COUNTS) {
        const from = countTakenFrom(c);
        if (from === 'all' || (from === 'first' && first) || (from === 'last' && last)) row[c] += r[c];
      }
    }
  });
  return [...rows.values()];
}

function zeroCounts(): Record<ReportCount, number> {
  return Object.fromEntries(REPORT_COUNTS.map((c) => [c, 0])) as Record<ReportCount, number>;
}

/** What a dossier's row and files say that a month's counts read (reports.repo.ts liveCounts). */
export interface ReportFacts {
  receivedAt: Date;
  finishedAt: Date | null;
  status: string;
  completion: string | null;
  channel: string | null;
  dueAt: Date;
  agencyId: number;
  procedureId: number;
  /** Documents with a file in use, and result files in use. */
  documentsWithFile: number;
  resultFiles: number;
}

/**
 * Everything about a dossier that the months before `monthStart` count, as one string: when
 * a change leaves it unchanged, no month already over is touched (pauses and apologies begun
 * or ended now, the running statuses among themselves, an appointment moved within the
 * current month or later, a dossier finished now). What only the current month can see is
 * written as such: a finish from `monthStart` on reads as still open, an appointment from
 * then on as "later"; a status counts only as voided, refused, withdrawn or other, and the
 * last two (and the completion, and the result files) only once finished before `monthStart`.
 */
export function reportSignature(f: ReportFacts, monthStart: Date): string {
  const start = monthStart.getTime();
  const voided = (VOIDED_STATUSES as readonly string[]).includes(f.status);
  const finished = f.finishedAt !== null && f.finishedAt.getTime() < start ? f.finishedAt.getTime() : null;
  const status = voided ? 'voided' : finished !== null && (f.status === 'refused' || f.status === 'withdrawn') ? f.status : 'other';
  return [
    status,
    f.receivedAt.getTime(),
    finished ?? 'open',
    finished !== null ? (f.completion ?? '') : '',
    f.channel ?? '',
    f.dueAt.getTime() < start ? f.dueAt.getTime() : 'later',
    f.agencyId,
    f.procedureId,
    f.documentsWithFile,
    finished !== null ? f.resultFiles : '',
  ].join('|');
}
