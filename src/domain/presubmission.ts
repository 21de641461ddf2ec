/**
 * Online pre-submission (nộp hồ sơ trực tuyến): its statuses, the registration code a citizen
 * brings to the counter, what the counter's lookup field accepts (the code typed, or the QR's
 * tracking link scanned), which procedures take it and when a registration expires. Pure.
 */
import crypto from 'node:crypto';
import type { WorkingCalendar } from './calendar.js';
import type { OnlineLevel } from './national-procedure.js';
import { PUBLIC_TOKEN_PATTERN } from './public-token.js';
import { localDateOf, vnInstant } from './time.js';

export const PRESUBMISSION_STATUSES = ['waiting', 'received', 'refused', 'expired'] as const;
export type PresubmissionStatus = (typeof PRESUBMISSION_STATUSES)[number];
export const PRESUBMISSION_STATUS_LABELS: Record<PresubmissionStatus, string> = {
  waiting: 'Chờ đối chiếu tại Bộ phận Một cửa',
  received: 'Đã tiếp nhận',
  refused: 'Từ chối tiếp nhận',
  expired: 'Hết hạn (không đến đối chiếu)',
};

export const PRESUBMISSION_SOURCES = ['web', 'api'] as const;
export type PresubmissionSource = (typeof PRESUBMISSION_SOURCES)[number];

/** The procedures that take a pre-submission: partial (checked at the counter) or full (toàn trình). */
export function allowsPresubmission(level: OnlineLevel | string): level is 'partial' | 'full' {
  return level === 'partial' || level === 'full';
}

/** Crockford's base 32 without I, L, O, U: nothing a citizen can misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_RE = /^TT-\d{6}-[0-9A-HJKMNP-TV-Z]{6}$/;

/** `TT-<yymmdd>-<6 random>`: typed at the counter, on the QR, in every notice. */
export function newRegistrationCode(now: Date, random: Buffer = crypto.randomBytes(6)): string {
  const day = localDateOf(now).replace(/-/g, '').slice(2);
  const tail = [...random].map((b) => ALPHABET[b % 32]).join('');
  return `TT-${day}-${tail}`;
}

const TRACK_RE = new RegExp(`/nop-truc-tuyen/theo-doi/(${PUBLIC_TOKEN_PATTERN})(?:[/?#]|$)`);

/**
 * What the counter's lookup field holds: a registration code as typed (spaces, dashes, case
 * and the easily confused letters forgiven), or the tracking link the QR carries (a scanner
 * types it). Null when it is neither.
 */
export function readLookup(raw: string): { code: string } | { token: string } | null {
  const text = raw.trim();
  if (text.length === 0 || text.length > 300) return null;
  const track = TRACK_RE.exec(text);
  if (track) return { token: track[1]! };
  const compact = text
    .toUpperCase()
    .replace(/[\s._-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const m = /^TT(\d{6})([0-9A-Z]{6})$/.exec(compact);
  if (!m) return null;
  const code = `TT-${m[1]}-${m[2]}`;
  return CODE_RE.test(code) ? { code } : null;
}

/** The end of the N-th working day after `submittedAt`'s day: the registration expires then. */
export function expiryOf(cal: WorkingCalendar, submittedAt: Date, workingDays: number): Date {
  const last = cal.addWorkingDays(localDateOf(submittedAt), workingDays);
  return vnInstant(last, '23:59');
}

/** When the "expires soon" notice is due: `noticeDays` working days before the expiry's day (null: none). */
export function expiryNoticeAt(cal: WorkingCalendar, submittedAt: Date, workingDays: number, noticeDays: number): Date | null {
  if (noticeDays <= 0 || noticeDays >= workingDays) return null;
  const day = cal.addWorkingDays(localDateOf(submittedAt), workingDays - noticeDays);
  return vnInstant(day, '00:00');
}
