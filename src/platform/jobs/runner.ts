/**
 * Running a job: take its lease in the database (so one instance runs it at a time),
 * record the run (start, end, counts or error), run it, release the lease.
 * If the process dies mid-run the lease expires and the next run simply redoes what is
 * left: a job's effects are guarded by its own unique milestones.
 */
import type { Deps } from '../../deps.js';
import type { Job } from './job.js';
import { jobRunsRepo } from './job-runs.repo.js';

/** How long a lease lasts without renewal; a run longer than this should not exist. */
const LEASE_MS = 10 * 60 * 1000;

export type RunOutcome =
  | { ran: true; runId: number; counts: Record<string, number> }
  | { ran: false; reason: 'lease_held' }
  | { ran: true; runId: number; error: string };

export async function runJob(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>, job: Job): Promise<RunOutcome> {
  const repo = jobRunsRepo(deps.db);
  const holder = deps.config.server.instanceId;
  const name = job.name;
  if (!(await repo.acquireLease(name, holder, deps.clock.now(), LEASE_MS))) return { ran: false, reason: 'lease_held' };
  const runId = await repo.startRun(name, holder, deps.clock.now());
  try {
    const counts = await job.run({ now: deps.clock.now() });
    await repo.finishRun(runId, deps.clock.now(), { counts });
    deps.logger.info({ job: name, runId, counts }, 'job finished');
    return { ran: true, runId, counts };
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    await repo.finishRun(runId, deps.clock.now(), { error });
    deps.logger.error({ job: name, runId, err }, 'job failed');
    return { ran: true, runId, error };
  } finally {
    await repo.releaseLease(name, holder);
  }
}
