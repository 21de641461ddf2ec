/** The outbox page's query: a status filter and a page; anything unusable falls back to "all" and page 1. */
import { z } from 'zod';
import { oneOf, parseObject, type RawInput } from '../../web/form.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../platform/messaging/message.js';

export const listQuerySchema = z.object({
  trang_thai: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  trang: z
    .string()
    .regex(/^\d{1,5}$/)
    .transform(Number)
    .pipe(z.number().int().min(1))
    .catch(1),
});

export function parseListQuery(query: RawInput): { status: DeliveryStatus | undefined; page: number } {
  const r = parseObject(listQuerySchema, query);
  return r.ok ? { status: r.value.trang_thai, page: r.value.trang } : { status: undefined, page: 1 };
}

/** The switch form: `bat` is 1 (switch on) or 0 (switch off). */
export const switchSchema = z.object({
  bat: oneOf(['1', '0'] as const, 'Chọn bật hoặc tắt mẫu tin.').transform((v) => v === '1'),
});

export function parseSwitch(body: RawInput) {
  return parseObject(switchSchema, body);
}

/** The templates page after a switch: which template was switched on (da_bat) or off (da_tat). Unknown keys show nothing. */
export const switchedQuerySchema = z.object({
  da_bat: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  da_tat: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
});

export function parseSwitchedQuery(query: RawInput): { key: string; on: boolean } | null {
  const r = parseObject(switchedQuerySchema, query);
  if (!r.ok) return null;
  if (r.value.da_bat) return { key: r.value.da_bat, on: true };
  if (r.value.da_tat) return { key: r.value.da_tat, on: false };
  return null;
}
