/**
 * The intake form's channel choice (Decision 45/2016): at the counter, or brought by the
 * postal worker into an open hand-over record (the post feature's), with the envelope's
 * waybill and the cash the postal service collected. Carried through the check page.
 */
import { z } from 'zod';
import { INTAKE_CHANNELS, type IntakeChannel } from '../../domain/post.js';
import { hasControlChars, int, MESSAGES, optionalText, parseId, str, type FieldErrors, type FormValues, type RawInput } from '../../web/form.js';

const noControl = z.string().refine((v) => !hasControlChars(v), MESSAGES.control);
const WAYBILL_MESSAGE = 'Số hiệu bưu gửi gồm chữ cái không dấu và chữ số (tối đa 40 ký tự)';
const COD_MESSAGE = 'Tiền thu hộ là số đồng, từ 0 đến 100.000.000';
export const waybill = optionalText(40, WAYBILL_MESSAGE).refine((v) => v === null || /^[A-Za-z0-9.-]+$/.test(v), WAYBILL_MESSAGE);
export const cod = noControl.transform((v) => v.replace(/[.\s]/g, '')).pipe(z.union([z.literal('').transform(() => 0), int(0, 100_000_000, COD_MESSAGE)]));

/** The intake form's fields of the channel choice (carried through the check page). */
export const CHOICE_FIELDS = ['kenh', 'bien_ban', 'so_buu_gui', 'thu_ho'] as const;

export type PostChoice = { channel: 'counter' } | { channel: 'post'; batchId: number; waybill: string | null; codVnd: number };

/** The channel choice: "counter" when absent (the form as it always was). */
export function parsePostChoice(body: RawInput): { values: FormValues; choice: PostChoice | null; errors: FieldErrors } {
  const values: FormValues = Object.fromEntries(CHOICE_FIELDS.map((k) => [k, str(body, k)]));
  const channel: IntakeChannel = (INTAKE_CHANNELS as readonly string[]).includes(values.kenh!) ? (values.kenh as IntakeChannel) : 'counter';
  values.kenh = channel;
  if (channel === 'counter') return { values, choice: { channel }, errors: {} };
  const errors: FieldErrors = {};
  const batchId = parseId(values.bien_ban);
  if (batchId === null) errors.bien_ban = 'Chọn biên bản giao nhận với nhân viên bưu chính (mở biên bản trước tại trang Bưu chính)';
  const w = waybill.safeParse(values.so_buu_gui);
  if (!w.success) errors.so_buu_gui = w.error.issues[0]!.message;
  const c = cod.safeParse(values.thu_ho);
  if (!c.success) errors.thu_ho = c.error.issues[0]!.message;
  if (Object.keys(errors).length > 0 || batchId === null || !w.success || !c.success) return { values, choice: null, errors };
  return { values, choice: { channel, batchId, waybill: w.data, codVnd: c.data }, errors };
}

