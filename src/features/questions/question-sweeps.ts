/**
 * The questions job: reminds the assigned officer before a citizen's question runs out of
 * answer time, and escalates to the supervisors once it has (issue 14).
 * PLACEHOLDER written by the lead while the feature is being built: does nothing yet.
 */
import type { SweepContext } from '../jobs/sweeps.js';

export const QUESTION_COUNTER_LABELS: Readonly<Record<string, string>> = {};

export async function questionSweep(_ctx: SweepContext): Promise<Record<string, number>> {
  return {};
}
