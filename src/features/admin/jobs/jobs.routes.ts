/**
 * The administrators' jobs page, read from the job registry (src/platform/jobs, src/jobs.ts):
 * every job with its schedule, its last run and "Chạy ngay"; then each job's recent runs,
 * filtered by job and outcome, the runs that did nothing in one line per job.
 */
import { Router, type Response } from 'express';
import { describeCron } from '../../../platform/jobs/cron-text.js';
import { RUNS_LOOKED_AT, type JobHistory, type JobRun, type RunOutcome } from '../../../platform/jobs/jobs.service.js';
import type { Services } from '../../../services.js';
import { notFound } from '../../../web/errors.js';
import { paths } from '../../../web/paths.js';
import { requireRole } from '../../../web/session.js';
import { OUTCOMES, parseJobsQuery, type JobsQuery } from './jobs.schema.js';

/** What the page says after "Chạy ngay": a success with the run's counters, a failure, or the lease held elsewhere. */
interface RunNotice {
  kind: 'success' | 'failed' | 'busy';
  message: string;
  counts: Array<{ label: string; value: number }>;
}

export const LEASE_HELD_MESSAGE = 'Tác vụ đang chạy ở máy khác, vui lòng thử lại sau.';

/** The notice of a run "Chạy ngay" started, read back from job_runs on the page the POST redirects to. */
function noticeOfRun(label: string, run: JobRun, counterLabel: (key: string) => string): RunNotice {
  if (run.status === 'failed') return { kind: 'failed', message: `${label}: lần chạy vừa rồi gặp lỗi — ${(run.error ?? '').split('\n')[0]}`, counts: [] };
  if (run.status === 'running') return { kind: 'busy', message: `${label}: tác vụ đang chạy.`, counts: [] };
  return {
    kind: 'success',
    message: `Đã chạy xong tác vụ “${label}”.`,
    counts: Object.entries(run.counts).map(([k, v]) => ({ label: counterLabel(k), value: v })),
  };
}

/** Administrators see every job (schedule, last run), the recent runs that did something or failed, and may run a job now. */
export function adminJobsRoutes(svc: Services): Router {
  const router = Router();
  const admins = requireRole('admin');
  const registry = svc.jobs.registry;

  async function render(res: Response, status: number, query: JobsQuery, notice: RunNotice | null): Promise<void> {
    const job = query.job !== null && registry.get(query.job) ? query.job : null;
    const [last, history]: [Map<string, JobRun>, JobHistory[]] = await Promise.all([
      svc.jobs.lastRuns(),
      svc.jobs.history({ job, outcome: query.outcome === null ? 'notable' : OUTCOMES[query.outcome] }),
    ]);
    res.status(status).render('jobs/runs', {
      title: 'Tác vụ định kỳ',
      jobs: registry.jobs,
      last,
      history,
      looked: RUNS_LOOKED_AT,
      filter: { job, outcome: query.outcome },
      schedulerEnabled: svc.jobs.schedulerEnabled,
      counterLabel: registry.counterLabel,
      describeCron,
      notice,
    });
  }

  router.get(paths.admin.jobs, admins, async (req, res) => {
    const query = parseJobsQuery(req.query);
    // After "Chạy ngay": the run it started (?chay=<run id>), as job_runs recorded it.
    const run = query.runId === null ? undefined : await svc.jobs.findRun(query.runId);
    const job = run ? registry.get(run.job) : undefined;
    await render(res, 200, query, run && job ? noticeOfRun(job.label, run, registry.counterLabel) : null);
  });

  // Run one job now, under the same lease as the scheduler, then redirect to the page with the
  // run's outcome (a reload never runs it again). If another instance holds the lease, nothing
  // runs and the page says so (409, nothing written).
  router.post(paths.admin.jobRun.pattern, admins, async (req, res) => {
    const job = registry.get(String(req.params.job));
    if (!job) throw notFound('Không có tác vụ này.');
    const outcome: RunOutcome = await svc.jobs.run(job.name);
    if (!outcome.ran) {
      await render(res, 409, { job: null, outcome: null, runId: null }, { kind: 'busy', message: `${job.label}: ${LEASE_HELD_MESSAGE}`, counts: [] });
      return;
    }
    res.redirect(303, paths.admin.jobRunDone(outcome.runId));
  });

  return router;
}
