/**
 * The jobs page's query: which job (tac_vu), which outcome (ket_qua: all, runs that did
 * something, failures) and, after "Chạy ngay", the run it started (chay). Anything unusable
 * falls back to "all" (an unregistered job name too: the route checks it against the registry).
 */
import { z } from 'zod';
import { parseId, parseObject, type RawInput } from '../../../web/form.js';

/** The outcome filter's values in the URL, and what each keeps. */
export const OUTCOMES = { 'co-viec': 'worked', loi: 'failed' } as const;

const querySchema = z.object({
  tac_vu: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/).optional().catch(undefined),
  ket_qua: z.enum(['co-viec', 'loi']).optional().catch(undefined),
  chay: z.string().max(12).optional().catch(undefined),
});

export interface JobsQuery {
  job: string | null;
  outcome: keyof typeof OUTCOMES | null;
  runId: number | null;
}

export function parseJobsQuery(query: RawInput): JobsQuery {
  const r = parseObject(querySchema, query);
  if (!r.ok) return { job: null, outcome: null, runId: null };
  return { job: r.value.tac_vu ?? null, outcome: r.value.ket_qua ?? null, runId: r.value.chay === undefined ? null : parseId(r.value.chay) };
}
