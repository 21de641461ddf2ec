import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { jobsRepo } from './jobs.repo.js';
import { ALL_JOBS, JOB_LABELS } from './runner.js';

/** Administrators see every job run: when, where, how long, what it did or why it failed. */
export function jobsRoutes(deps: Deps): Router {
  const router = Router();
  const repo = jobsRepo(deps.db);
  router.get(paths.admin.jobs, requireRole('admin'), async (_req, res) => {
    res.render('jobs/runs', {
      title: 'Tác vụ định kỳ',
      runs: await repo.recentRuns(200),
      labels: JOB_LABELS,
      jobs: ALL_JOBS,
      schedules: deps.config.jobs.schedules,
      schedulerEnabled: deps.config.jobs.schedulerEnabled,
    });
  });
  return router;
}
