/**
 * When messages may go out: quiet hours for citizens, Zalo's night ban, the retry
 * back-off. Pure functions of an instant, in Vietnam time.
 */
import { dayNumberOf, instantOfDay, localMsOfDay, MINUTE_MS } from '../../domain/time.js';

/** [start, end) in minutes after local midnight; wraps midnight when start > end; empty when equal. */
export type QuietHours = readonly [number, number];

export function inQuietHours(instant: Date, [start, end]: QuietHours): boolean {
  if (start === end) return false;
  const minute = localMsOfDay(instant) / MINUTE_MS;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The next instant, strictly after `instant`, at local time `minuteOfDay`. */
export function nextLocalTime(instant: Date, minuteOfDay: number): Date {
  const day = dayNumberOf(instant);
  const today = instantOfDay(day, minuteOfDay * MINUTE_MS);
  return today.getTime() > instant.getTime() ? today : instantOfDay(day + 1, minuteOfDay * MINUTE_MS);
}

/** When the quiet period containing `instant` ends (the instant itself when outside it). */
export function quietHoursEnd(instant: Date, quiet: QuietHours): Date {
  return inQuietHours(instant, quiet) ? nextLocalTime(instant, quiet[1]) : instant;
}

/** Zalo sends no ZNS between 22:00 and 06:00. */
export const ZNS_MORNING_MINUTE = 6 * 60;

/** The next 06:00 in Vietnam, or the end of quiet hours when that is later. */
export function nextMorning(instant: Date, quiet: QuietHours): Date {
  return quietHoursEnd(nextLocalTime(instant, ZNS_MORNING_MINUTE), quiet);
}

/** Delay before the next try after the n-th failed attempt: 1, 5, 15, 30 min, 1, 2, 4 h, then every 4 h. */
export const BACKOFF_MINUTES = [1, 5, 15, 30, 60, 120, 240] as const;

export function backoffMs(attempts: number): number {
  const i = Math.min(Math.max(attempts, 1), BACKOFF_MINUTES.length) - 1;
  return (BACKOFF_MINUTES[i] ?? 240) * MINUTE_MS;
}

/** A message still failing this long after it was created is given up as a permanent failure. */
export const GIVE_UP_AFTER_MS = 24 * 60 * MINUTE_MS;

/** How long a claim holds a message; a sender that dies mid-send lets it go after this. */
export const LOCK_MS = 2 * MINUTE_MS;

export type RetryDecision = { retry: true; at: Date } | { retry: false };

/**
 * After a temporary failure: retry after the back-off (or later when the provider asks),
 * never later than 24 h after creation; at or past that point, give up.
 */
export function retryAfterFailure(opts: { now: Date; createdAt: Date; attempts: number; notBefore?: Date }): RetryDecision {
  const deadline = opts.createdAt.getTime() + GIVE_UP_AFTER_MS;
  const now = opts.now.getTime();
  if (now >= deadline) return { retry: false };
  const at = Math.min(Math.max(now + backoffMs(opts.attempts), opts.notBefore?.getTime() ?? 0), deadline);
  return { retry: true, at: new Date(at) };
}
