/**
 * The petitions job: reminders before each deadline, overdue flags and escalation (issue 15).
 * PLACEHOLDER written by the lead while the feature is being built: does nothing yet.
 */
import type { SweepContext } from '../jobs/sweeps.js';

export const PETITION_COUNTER_LABELS: Readonly<Record<string, string>> = {};

export async function petitionSweep(_ctx: SweepContext): Promise<Record<string, number>> {
  return {};
}
