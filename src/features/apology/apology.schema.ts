/** The apology form: the reason for the delay and the one new appointment (date, time). */
import { z } from 'zod';
import { parseClock, vnInstant } from '../../domain/time.js';
import { date, parseForm, str, text, type Parsed, type RawInput } from '../../web/form.js';

const NO_NEW_DUE = 'Nhập ngày và giờ hẹn trả kết quả mới.';

function validClock(v: string): boolean {
  try {
    parseClock(v);
    return true;
  } catch {
    return false;
  }
}

export const apologySchema = z
  .object({
    // One line, as before: spaces and line breaks collapse (the PDF prints it as one paragraph).
    reason: text(2000, 'Nhập lý do chậm trễ.', 'Lý do không quá 2000 ký tự.'),
    // Required in the field itself, so a missing date is reported together with a missing reason.
    new_date: date(NO_NEW_DUE),
    new_time: z
      .string()
      .trim()
      .transform((v) => v || '17:00')
      .refine(validClock, NO_NEW_DUE),
  })
  .transform((v) => ({ reason: v.reason, newDueAt: vnInstant(v.new_date, v.new_time) }));

export type ApologyInput = { reason: string; newDueAt: Date };

export function parseApologyForm(body: RawInput): Parsed<ApologyInput> {
  return parseForm(apologySchema, body, ['reason', 'new_date', 'new_time']);
}

/** The draft page's buttons: save the draft (officer or head) or issue it (the head). */
export type DraftIntent = 'save' | 'issue';

export function parseDraftIntent(body: RawInput): DraftIntent {
  return str(body, 'action') === 'issue' ? 'issue' : 'save';
}
