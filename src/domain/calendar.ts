/**
 * The working-day calendar of a Vietnamese public office.
 *
 * Working days are Monday–Friday, minus public holidays, days off in lieu and swapped
 * days off, plus the make-up working Saturdays the government announces. Within a
 * working day only office hours count (default 08:00–12:00 and 13:00–17:00).
 * Pure: no I/O, no process time zone, no clock.
 */
import {
  DAY_MS,
  MINUTE_MS,
  VN_OFFSET_MS,
  dayNumber,
  dayNumberOf,
  fromDayNumber,
  instantOfDay,
  localMsOfDay,
  parseClock,
  weekdayOf,
  type LocalDate,
} from './time.js';

export const DAY_KINDS = ['holiday', 'day_off_in_lieu', 'swapped_day_off', 'makeup_working_day'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export interface CalendarEntry {
  date: LocalDate;
  kind: DayKind;
  name: string;
}

/** Office hours as [start, end) minute-of-day pairs, sorted and disjoint. */
export type OfficeHours = ReadonlyArray<readonly [number, number]>;

export const DEFAULT_OFFICE_HOURS: OfficeHours = [
  [8 * 60, 12 * 60],
  [13 * 60, 17 * 60],
];

export interface Interval {
  start: Date;
  end: Date;
}

/** Parse "08:00-12:00,13:00-17:00". */
export function parseOfficeHours(value: string): OfficeHours {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new RangeError('Office hours are empty');
  const hours = parts.map((part) => {
    const [a, b, extra] = part.split('-');
    if (a === undefined || b === undefined || extra !== undefined) {
      throw new RangeError(`Office hours must look like 08:00-12:00, got "${part}"`);
    }
    const start = parseClock(a);
    const end = parseClock(b);
    if (end <= start) throw new RangeError(`Office hours end before they start: "${part}"`);
    return [start, end] as const;
  });
  for (let i = 1; i < hours.length; i++) {
    if (hours[i]![0] < hours[i - 1]![1]) throw new RangeError('Office hours overlap or are not in order');
  }
  return hours;
}

/** Bound on day-by-day walks: a calendar with no working day in ten years is broken. */
const MAX_WALK_DAYS = 3660;

export class WorkingCalendar {
  private readonly kinds = new Map<number, DayKind>();
  private readonly hoursMs: ReadonlyArray<readonly [number, number]>;
  /** Working milliseconds in one working day (8 h by default). */
  readonly dayLengthMs: number;

  constructor(entries: Iterable<CalendarEntry>, officeHours: OfficeHours = DEFAULT_OFFICE_HOURS) {
    for (const e of entries) this.kinds.set(dayNumber(e.date), e.kind);
    this.hoursMs = officeHours.map(([s, e]) => [s * MINUTE_MS, e * MINUTE_MS] as const);
    this.dayLengthMs = this.hoursMs.reduce((sum, [s, e]) => sum + (e - s), 0);
    if (this.dayLengthMs <= 0) throw new RangeError('Office hours must not be empty');
  }

  get openingMs(): number {
    return this.hoursMs[0]![0];
  }

  get closingMs(): number {
    return this.hoursMs[this.hoursMs.length - 1]![1];
  }

  kindOf(date: LocalDate): DayKind | undefined {
    return this.kinds.get(dayNumber(date));
  }

  isWorkingDayNumber(day: number): boolean {
    const kind = this.kinds.get(day);
    if (kind === 'makeup_working_day') return true;
    if (kind !== undefined) return false;
    const wd = weekdayOf(day);
    return wd >= 1 && wd <= 5;
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  private workingDayNumberOnOrAfter(day: number): number {
    for (let d = day, i = 0; i < MAX_WALK_DAYS; d++, i++) {
      if (this.isWorkingDayNumber(d)) return d;
    }
    throw new RangeError('No working day within ten years: the calendar is misconfigured');
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return fromDayNumber(this.workingDayNumberOnOrAfter(dayNumber(date) + 1));
  }

  workingDayOnOrAfter(date: LocalDate): LocalDate {
    return fromDayNumber(this.workingDayNumberOnOrAfter(dayNumber(date)));
  }

  /**
   * The n-th working day after `date` (n ≥ 0; n = 0 gives the working day on or after).
   * For n ≥ 1 this holds whether or not `date` is itself a working day, so
   * addWorkingDays(d, 1) === nextWorkingDay(d) and workingDaysBetween(d, result) === n.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
    if (n === 0) return this.workingDayOnOrAfter(date);
    let day = dayNumber(date);
    for (let i = 0; i < n; i++) day = this.workingDayNumberOnOrAfter(day + 1);
    return fromDayNumber(day);
  }

  /** Number of working days d with from < d ≤ to (0 when to ≤ from). */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const a = dayNumber(from);
    const b = dayNumber(to);
    let count = 0;
    for (let d = a + 1; d <= b; d++) if (this.isWorkingDayNumber(d)) count++;
    return count;
  }

  /** Closing time (end of the last office period) of a date. */
  closingOf(date: LocalDate): Date {
    return instantOfDay(dayNumber(date), this.closingMs);
  }

  /** Is the instant inside office hours of a working day? */
  isOpenAt(instant: Date): boolean {
    if (!this.isWorkingDayNumber(dayNumberOf(instant))) return false;
    const ms = localMsOfDay(instant);
    return this.hoursMs.some(([s, e]) => ms >= s && ms < e);
  }

  /** The instant itself if the office is open then, otherwise the next opening. */
  nextOpening(instant: Date): Date {
    for (const [start] of this.segmentsFrom(instant)) return start;
    throw new RangeError('No working time ahead: the calendar is misconfigured');
  }

  /**
   * Office-time segments [start, end) from `from` onwards, in order, clipped so that
   * the first one starts no earlier than `from`.
   */
  *segmentsFrom(from: Date): Generator<readonly [Date, Date]> {
    const t = from.getTime();
    let day = dayNumberOf(from);
    for (let i = 0; i < MAX_WALK_DAYS; i++, day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      for (const [s, e] of this.hoursMs) {
        const start = day * DAY_MS + s - VN_OFFSET_MS;
        const end = day * DAY_MS + e - VN_OFFSET_MS;
        if (end <= t) continue;
        yield [new Date(Math.max(start, t)), new Date(end)] as const;
      }
    }
  }

  /**
   * Walk `durationMs` of office time forward from `start`, not counting time inside
   * `pauses`. Time outside office hours never counts, so a start at lunch, in the
   * evening or on a holiday begins at the next opening. When the duration runs out
   * exactly at the end of a period, the result is that end (17:00, not 08:00 next day).
   */
  addWorkingTime(start: Date, durationMs: number, pauses: readonly Interval[] = []): Date {
    if (!(durationMs >= 0) || !Number.isFinite(durationMs)) throw new RangeError('duration must be ≥ 0');
    const merged = mergeIntervals(pauses);
    let remaining = durationMs;
    if (remaining === 0) return this.nextOpening(start);
    for (const [segStart, segEnd] of this.segmentsFrom(start)) {
      for (const [a, b] of subtract(segStart.getTime(), segEnd.getTime(), merged)) {
        const len = b - a;
        if (remaining <= len) return new Date(a + remaining);
        remaining -= len;
      }
    }
    throw new RangeError('No working time ahead: the calendar is misconfigured');
  }

  /** Office time between two instants, in ms, not counting pauses. 0 if to ≤ from. */
  workingTimeBetween(from: Date, to: Date, pauses: readonly Interval[] = []): number {
    const end = to.getTime();
    if (end <= from.getTime()) return 0;
    const merged = mergeIntervals(pauses);
    let total = 0;
    for (const [segStart, segEnd] of this.segmentsFrom(from)) {
      const a = segStart.getTime();
      if (a >= end) break;
      for (const [x, y] of subtract(a, Math.min(segEnd.getTime(), end), merged)) total += y - x;
    }
    return total;
  }
}

type Span = readonly [number, number];

/** Sort and merge overlapping intervals into epoch-ms spans. */
export function mergeIntervals(intervals: readonly Interval[]): Span[] {
  const spans = intervals
    .map((i) => [i.start.getTime(), i.end.getTime()] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** [a, b) minus the merged spans, as ordered sub-spans. */
function subtract(a: number, b: number, spans: readonly Span[]): Span[] {
  if (spans.length === 0) return [[a, b]];
  const out: Span[] = [];
  let cursor = a;
  for (const [s, e] of spans) {
    if (e <= cursor) continue;
    if (s >= b) break;
    if (s > cursor) out.push([cursor, s]);
    cursor = Math.max(cursor, e);
    if (cursor >= b) break;
  }
  if (cursor < b) out.push([cursor, b]);
  return out;
}
