import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { parseId } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { describeCron } from './cron-text.js';
import type { JobRun } from './job-run.js';
import { counterLabel, isJobName, type RunOutcome } from './runner.js';

/** What the page says after "Chạy ngay": a success with the run's counters, a failure, or the lease held elsewhere. */
interface RunNotice {
  kind: 'success' | 'failed' | 'busy';
  message: string;
  counts: Array<{ label: string; value: number }>;
}

export const LEASE_HELD_MESSAGE = 'Tác vụ đang chạy ở máy khác, vui lòng thử lại sau.';

/** The notice of a run "Chạy ngay" started, read back from job_runs on the page the POST redirects to. */
function noticeOfRun(label: string, run: JobRun): RunNotice {
  if (run.status === 'failed') return { kind: 'failed', message: `${label}: lần chạy vừa rồi gặp lỗi — ${(run.error ?? '').split('\n')[0]}`, counts: [] };
  if (run.status === 'running') return { kind: 'busy', message: `${label}: tác vụ đang chạy.`, counts: [] };
  return {
    kind: 'success',
    message: `Đã chạy xong tác vụ “${label}”.`,
    counts: Object.entries(run.counts).map(([k, v]) => ({ label: counterLabel(k), value: v })),
  };
}

/** Administrators see every job run (when, where, how long, what it did or why it failed) and may run a job now. */
export function jobsRoutes(svc: Services): Router {
  const router = Router();
  const admins = requireRole('admin');

  async function render(res: Response, status: number, notice: RunNotice | null): Promise<void> {
    const { schedules, schedulerEnabled } = svc.jobs.schedule();
    res.status(status).render('jobs/runs', {
      title: 'Tác vụ định kỳ',
      runs: await svc.jobs.recentRuns(200),
      labels: svc.jobs.labels,
      jobs: svc.jobs.jobs,
      schedules,
      schedulerEnabled,
      counterLabel,
      describeCron,
      notice,
    });
  }

  router.get(paths.admin.jobs, admins, async (req, res) => {
    // After "Chạy ngay": the run it started (?chay=<run id>), as job_runs recorded it.
    const runId = parseId(typeof req.query.chay === 'string' ? req.query.chay : '');
    const run = runId === null ? undefined : await svc.jobs.findRun(runId);
    await render(res, 200, run && isJobName(run.job) ? noticeOfRun(svc.jobs.labels[run.job], run) : null);
  });

  // Run one job now, under the same lease as the scheduler, then redirect to the page with the
  // run's outcome (a reload never runs it again). If another instance holds the lease, nothing
  // runs and the page says so (409, nothing written).
  router.post(paths.admin.jobRun.pattern, admins, async (req, res) => {
    const job = String(req.params.job);
    if (!isJobName(job)) throw notFound('Không có tác vụ này.');
    const outcome: RunOutcome = await svc.jobs.run(job);
    if (!outcome.ran) {
      await render(res, 409, { kind: 'busy', message: `${svc.jobs.labels[job]}: ${LEASE_HELD_MESSAGE}`, counts: [] });
      return;
    }
    res.redirect(303, paths.admin.jobRunDone(outcome.runId));
  });

  return router;
}
