import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { describeCron } from './cron-text.js';
import { counterLabel, isJobName, type RunOutcome } from './runner.js';

/** What the page says after "Chạy ngay": a success with the run's counters, a failure, or the lease held elsewhere. */
interface RunNotice {
  kind: 'success' | 'failed' | 'busy';
  message: string;
  counts: Array<{ label: string; value: number }>;
}

export const LEASE_HELD_MESSAGE = 'Tác vụ đang chạy ở máy khác, vui lòng thử lại sau.';

function noticeOf(label: string, outcome: RunOutcome): RunNotice {
  if (!outcome.ran) return { kind: 'busy', message: `${label}: ${LEASE_HELD_MESSAGE}`, counts: [] };
  if ('error' in outcome) return { kind: 'failed', message: `${label}: lần chạy vừa rồi gặp lỗi — ${outcome.error.split('\n')[0]}`, counts: [] };
  return {
    kind: 'success',
    message: `Đã chạy xong tác vụ “${label}”.`,
    counts: Object.entries(outcome.counts).map(([k, v]) => ({ label: counterLabel(k), value: v })),
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

  router.get(paths.admin.jobs, admins, async (_req, res) => {
    await render(res, 200, null);
  });

  // Run one job now, under the same lease as the scheduler: if another instance holds it,
  // nothing runs and the page says so.
  router.post(paths.admin.jobRun.pattern, admins, async (req, res) => {
    const job = String(req.params.job);
    if (!isJobName(job)) throw notFound('Không có tác vụ này.');
    const outcome = await svc.jobs.run(job);
    await render(res, outcome.ran ? 200 : 409, noticeOf(svc.jobs.labels[job], outcome));
  });

  return router;
}
