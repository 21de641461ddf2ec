/** The queue page's query, through the form kit: `xem=don-vi` (the whole agency) and `nhan=<filter>`. */
import { z } from 'zod';
import { QUEUE_FILTERS, QUEUE_FILTER_LABELS, type QueueFilter } from '../../domain/workflow.js';
import { optionalText, parseObject, type Parsed, type RawInput } from '../../web/form.js';

const FILTER_MESSAGE = `Bộ lọc hàng đợi không hợp lệ. Chọn một trong: ${QUEUE_FILTERS.map((f) => QUEUE_FILTER_LABELS[f]).join(', ')}.`;

const querySchema = z.object({
  // A view switch, not a form field: anything but "don-vi" is the personal view.
  xem: optionalText(20).catch(null),
  nhan: optionalText(30, FILTER_MESSAGE).refine((v) => v === null || (QUEUE_FILTERS as readonly string[]).includes(v), FILTER_MESSAGE),
});

export interface QueueQuery {
  agency: boolean;
  filter: QueueFilter | null;
}

export function parseQueueQuery(query: RawInput): Parsed<QueueQuery> {
  const parsed = parseObject(querySchema, query);
  if (!parsed.ok) return parsed;
  return { ok: true, values: parsed.values, value: { agency: parsed.value.xem === 'don-vi', filter: (parsed.value.nhan as QueueFilter | null) ?? null } };
}
