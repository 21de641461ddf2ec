import { Router } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';

/** Administrators see every job run: when, where, how long, what it did or why it failed. */
export function jobsRoutes(svc: Services): Router {
  const router = Router();
  router.get(paths.admin.jobs, requireRole('admin'), async (_req, res) => {
    const { schedules, schedulerEnabled } = svc.jobs.schedule();
    res.render('jobs/runs', {
      title: 'Tác vụ định kỳ',
      runs: await svc.jobs.recentRuns(200),
      labels: svc.jobs.labels,
      jobs: svc.jobs.jobs,
      schedules,
      schedulerEnabled,
    });
  });
  return router;
}
