/**
 * The batch print form: either `hom_nay=1` (today's receipts of the caller's agency) or
 * `ids` (the selected dossiers, a checkbox group), at most MAX_BATCH of them.
 */
import { z } from 'zod';
import { parseId, strs, str, type RawInput } from '../../web/form.js';

export const MAX_BATCH = 200;

export const BATCH_MESSAGES = {
  none: 'Chưa chọn hồ sơ nào để in. Vui lòng đánh dấu ít nhất một hồ sơ, hoặc chọn "In tất cả giấy tiếp nhận hôm nay".',
  invalid: 'Danh sách hồ sơ cần in không hợp lệ.',
  tooMany: `Mỗi lần in được tối đa ${MAX_BATCH} giấy tiếp nhận. Vui lòng chọn ít hơn.`,
} as const;

export type BatchRequest = { kind: 'today' } | { kind: 'ids'; ids: number[] };

const idsSchema = z
  .array(z.string())
  .max(MAX_BATCH, BATCH_MESSAGES.tooMany)
  .transform((raw, ctx) => {
    const ids = raw.map(parseId);
    if (ids.some((id) => id === null)) {
      ctx.addIssue({ code: 'custom', message: BATCH_MESSAGES.invalid });
      return z.NEVER;
    }
    // Each dossier once, in the order chosen.
    return [...new Set(ids as number[])];
  })
  .refine((ids) => ids.length > 0, BATCH_MESSAGES.none);

/** The batch request, or the message to show. */
export function parseBatchRequest(body: RawInput): { ok: true; value: BatchRequest } | { ok: false; message: string } {
  if (str(body, 'hom_nay') === '1') return { ok: true, value: { kind: 'today' } };
  // One more than the limit is enough to know the request is too long.
  const raw = strs(body, 'ids').slice(0, MAX_BATCH + 1);
  const parsed = idsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? BATCH_MESSAGES.invalid };
  return { ok: true, value: { kind: 'ids', ids: parsed.data } };
}

/** The `ids` query of the printed-receipts PDF: comma-separated dossier ids (what a batch print redirects to). */
export function parsePrintedIds(query: RawInput): { ok: true; value: number[] } | { ok: false; message: string } {
  const raw = str(query, 'ids');
  const parts = raw === '' ? [] : raw.split(',', MAX_BATCH + 1);
  const parsed = idsSchema.safeParse(parts);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? BATCH_MESSAGES.invalid };
  return { ok: true, value: parsed.data };
}
