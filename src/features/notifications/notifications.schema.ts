/** The outbox page's query: a status filter and a page; anything unusable falls back to "all" and page 1. */
import { z } from 'zod';
import { parseObject, type RawInput } from '../../web/form.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from './outbox.js';

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
