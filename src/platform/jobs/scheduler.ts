/**
 * The in-process scheduler (node-cron, Asia/Ho_Chi_Minh). Every instance may run it;
 * the database lease makes each run happen on one instance only. Set
 * SCHEDULER_ENABLED=false on extra web instances to keep them out entirely.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { JobRegistry } from './registry.js';
import type { RunOutcome } from './runner.js';

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Runs the registry's scheduled jobs (`svc.jobs`, built once in src/services.ts; the
 * schedules were checked when the registry was built) on their schedules. stop() ends the
 * schedules and waits for the runs in progress, so a shutdown closes the database only after them.
 */
export function startScheduler(jobs: { registry: JobRegistry; run(name: string): Promise<RunOutcome> }, logger: Logger): Scheduler {
  const running = new Set<Promise<RunOutcome>>();
  const scheduled = jobs.registry.jobs.filter((j) => j.scheduled);
  const tasks: ScheduledTask[] = scheduled.map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        const run = jobs.run(job.name);
        running.add(run);
        try {
          const outcome = await run;
          if (!outcome.ran) logger.debug({ job: job.name }, 'job skipped: another instance holds the lease');
        } finally {
          running.delete(run);
        }
      },
      { timezone: 'Asia/Ho_Chi_Minh', name: `motcua-${job.name}`, noOverlap: true },
    ),
  );
  logger.info({ jobs: scheduled.map((j) => j.name), schedules: Object.fromEntries(scheduled.map((j) => [j.name, j.cron])) }, 'scheduler started');
  return {
    async stop() {
      for (const t of tasks) await t.stop();
      await Promise.allSettled([...running]);
    },
  };
}
