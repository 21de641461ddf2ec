/**
 * The scheduled jobs as a service: run one (lease, record, work), the recent runs for the
 * administrators' page, and the sweeps' context. What the jobs need of other features
 * (notifications, apologies, the calendar, sign-in sessions) is passed in by src/services.ts.
 */
import type { Deps } from '../../deps.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { jobsRepo, type JobRun } from './jobs.repo.js';
import { ALL_JOBS, JOB_LABELS, runJobWith, type JobName, type JobWork, type RunOutcome } from './runner.js';
import type { SweepContext, SweepPorts } from './sweeps.js';

export interface JobsWiring extends SweepPorts {
  notifications: SweepPorts['notifications'] & Pick<NotificationsService, 'dispatchDue'>;
  calendar: Pick<CalendarService, 'current'>;
  /** Housekeeping at `now` (expired sessions, old sign-in failures): what was deleted, by kind. */
  cleanup(now: Date): Promise<Record<string, number>>;
  /** The questions, petitions and Zalo OA jobs (each feature's own sweep). */
  features: JobWork['features'];
}

export function jobsService(deps: Deps, wiring: JobsWiring) {
  const repo = jobsRepo(deps.db);
  const sweepContext = async (): Promise<SweepContext> => ({
    deps,
    now: deps.clock.now(),
    cal: await wiring.calendar.current(),
    ports: { notifications: wiring.notifications, apology: wiring.apology },
  });
  return {
    jobs: ALL_JOBS,
    labels: JOB_LABELS,
    sweepContext,
    run: (job: JobName): Promise<RunOutcome> =>
      runJobWith(deps, { sweepContext, dispatchDue: (opts) => wiring.notifications.dispatchDue(opts), cleanup: wiring.cleanup, features: wiring.features }, job),
    recentRuns: (limit: number): Promise<JobRun[]> => repo.recentRuns(limit),
    findRun: (id: number): Promise<JobRun | undefined> => repo.findRun(id),
    /** The schedule page: cron expressions and whether this instance runs them. */
    schedule: () => ({ schedules: deps.config.jobs.schedules, schedulerEnabled: deps.config.jobs.schedulerEnabled }),
  };
}

export type JobsService = ReturnType<typeof jobsService>;
