/**
 * The in-process scheduler (node-cron, Asia/Ho_Chi_Minh). Every instance may run it;
 * the database lease makes each run happen on one instance only. Set
 * SCHEDULER_ENABLED=false on extra web instances to keep them out entirely.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../../config.js';
import type { Logger } from 'pino';
import { ALL_JOBS, type JobName, type RunOutcome } from './runner.js';

export interface Scheduler {
  stop(): Promise<void>;
}

export function validateSchedules(schedules: Record<string, string>): string[] {
  return Object.entries(schedules)
    .filter(([, expr]) => !cron.validate(expr))
    .map(([job, expr]) => `JOB_SCHEDULE_${job.toUpperCase()}: "${expr}" is not a cron expression`);
}

/** The jobs this configuration schedules: all of them, but the Zalo OA's only with the OA configured. */
export function scheduledJobs(config: Pick<Config, 'notifications'>): JobName[] {
  return ALL_JOBS.filter((job) => job !== 'zalo' || config.notifications.zaloOa !== null);
}

/**
 * Runs the jobs service's jobs (`svc.jobs`, built once in src/services.ts) on their
 * schedules. stop() ends the schedules and waits for the runs in progress, so a shutdown
 * closes the database only after them.
 */
export function startScheduler(jobs: { run(job: JobName): Promise<RunOutcome> }, config: Pick<Config, 'jobs' | 'notifications'>, logger: Logger): Scheduler {
  const problems = validateSchedules(config.jobs.schedules);
  if (problems.length) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  const running = new Set<Promise<RunOutcome>>();
  const names = scheduledJobs(config);
  const tasks: ScheduledTask[] = names.map((job) =>
    cron.schedule(
      config.jobs.schedules[job],
      async () => {
        const run = jobs.run(job);
        running.add(run);
        try {
          const outcome = await run;
          if (!outcome.ran) logger.debug({ job }, 'job skipped: another instance holds the lease');
        } finally {
          running.delete(run);
        }
      },
      { timezone: 'Asia/Ho_Chi_Minh', name: `motcua-${job}`, noOverlap: true },
    ),
  );
  logger.info({ jobs: names, schedules: config.jobs.schedules }, 'scheduler started');
  return {
    async stop() {
      for (const t of tasks) await t.stop();
      await Promise.allSettled([...running]);
    },
  };
}
