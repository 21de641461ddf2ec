/**
 * Vietnam civil time (Asia/Ho_Chi_Minh).
 *
 * Vietnam has used a fixed UTC+07:00 offset with no daylight saving since 1975, so
 * every conversion here is plain arithmetic on epoch milliseconds. Nothing reads the
 * process time zone: results are the same whatever TZ the server runs in.
 */

export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date in Vietnam, `YYYY-MM-DD`. */
export type LocalDate = string;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a Vietnam calendar date. */
export function dayNumber(date: LocalDate): number {
  const m = LOCAL_DATE_RE.exec(date);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const check = new Date(0);
  check.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const ms = check.getTime();
  if (
    check.getUTCFullYear() !== Number(m[1]) ||
    check.getUTCMonth() !== Number(m[2]) - 1 ||
    check.getUTCDate() !== Number(m[3])
  ) {
    throw new RangeError(`Not a real calendar date: ${date}`);
  }
  return Math.floor(ms / DAY_MS);
}

export function fromDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isLocalDate(value: string): boolean {
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** Day number (in Vietnam) that contains the instant. */
export function dayNumberOf(instant: Date): number {
  return Math.floor((instant.getTime() + VN_OFFSET_MS) / DAY_MS);
}

export function localDateOf(instant: Date): LocalDate {
  return fromDayNumber(dayNumberOf(instant));
}

/** Milliseconds since local midnight in Vietnam. */
export function localMsOfDay(instant: Date): number {
  const local = instant.getTime() + VN_OFFSET_MS;
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

/** The instant at `msOfDay` after local midnight of the given day number. */
export function instantOfDay(day: number, msOfDay: number): Date {
  return new Date(day * DAY_MS + msOfDay - VN_OFFSET_MS);
}

/** 0 = Sunday … 6 = Saturday, for a day number. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

export function addDays(date: LocalDate, n: number): LocalDate {
  return fromDayNumber(dayNumber(date) + n);
}

/** Parse "HH:MM" into minutes after midnight. */
export function parseClock(value: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) throw new RangeError(`Not a HH:MM time: ${value}`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) throw new RangeError(`Not a HH:MM time: ${value}`);
  return h * 60 + min;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

export function localParts(instant: Date): LocalParts {
  const d = new Date(instant.getTime() + VN_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** Build an instant from Vietnam wall-clock fields (for tests, fixtures, forms). */
export function vnInstant(date: LocalDate, clock = '00:00'): Date {
  return instantOfDay(dayNumber(date), parseClock(clock) * MINUTE_MS);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 in Vietnam time with its offset: 2026-11-23T08:30:00+07:00. */
export function isoVn(instant: Date): string {
  const p = localParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+07:00`;
}

/** A Vietnam calendar day as it is written: 2026-12-03 → 03/12/2026. */
export function formatLocalDateVn(day: LocalDate): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** 23/11/2026 */
export function formatDateVn(instant: Date): string {
  const p = localParts(instant);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** 08 giờ 30 phút */
export function formatClockVn(instant: Date): string {
  const p = localParts(instant);
  return `${pad(p.hour)} giờ ${pad(p.minute)} phút`;
}

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** 08:30, Thứ Hai 23/11/2026 */
export function formatDateTimeVn(instant: Date): string {
  const p = localParts(instant);
  return `${pad(p.hour)}:${pad(p.minute)}, ${WEEKDAYS[p.weekday]} ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** "ngày 23 tháng 11 năm 2026", the date line of official documents. */
export function formatOfficialDate(instant: Date): string {
  const p = localParts(instant);
  return `ngày ${pad(p.day)} tháng ${pad(p.month)} năm ${p.year}`;
}
