/**
 * The jobs as a service, over the registry (src/jobs.ts builds it in src/services.ts): run
 * one now (lease, record, work), each job's last run, and the runs the jobs page and the
 * administrators' home show.
 */
import type { Deps } from '../../deps.js';
import { jobRunsRepo, type JobRun } from './job-runs.repo.js';
import type { JobRegistry, RegisteredJob } from './registry.js';
import { runJob, type RunOutcome } from './runner.js';

export type { JobRun, RunOutcome };

/**
 * How many of each job's latest runs the jobs page looks at. A job run every minute fills
 * this in a little over three hours; every run the page listed when it showed the latest 200
 * runs of all jobs together is among them.
 */
export const RUNS_LOOKED_AT = 200;
/** At most this many of them listed per job (the idle ones are counted, not listed). */
export const RUNS_LISTED = 50;

/** Which runs the page lists: those that did something or did not succeed, only those that did something, or only failures. */
export type RunOutcomeFilter = 'notable' | 'worked' | 'failed';

/** Runs that did nothing (succeeded, every counter zero) of one job: how many, the first and the last. */
export interface IdleRuns {
  count: number;
  first: Date;
  last: Date;
}

/** One job on the jobs page: its latest runs that `outcome` keeps, and the idle ones in one line. */
export interface JobHistory {
  job: RegisteredJob;
  runs: JobRun[];
  /** Among the runs looked at (null: none, or only some outcomes asked for). */
  idle: IdleRuns | null;
  /** More runs kept than listed. */
  more: number;
}

/** Succeeded with every counter zero (or none): the run found nothing to do. */
export function isIdle(run: JobRun): boolean {
  return run.status === 'succeeded' && Object.values(run.counts).every((v) => v === 0);
}

const KEEPS: Record<RunOutcomeFilter, (r: JobRun) => boolean> = {
  notable: (r) => !isIdle(r),
  worked: (r) => r.status === 'succeeded' && !isIdle(r),
  failed: (r) => r.status === 'failed',
};

function idleOf(runs: readonly JobRun[]): IdleRuns | null {
  const idle = runs.filter(isIdle);
  if (idle.length === 0) return null;
  // Newest first: the last of the list is the first idle run.
  return { count: idle.length, first: idle[idle.length - 1]!.startedAt, last: idle[0]!.startedAt };
}

export function jobsService(deps: Deps, registry: JobRegistry) {
  const repo = jobRunsRepo(deps.db);
  const names = () => registry.jobs.map((j) => j.name);
  return {
    registry,
    /** Run `name` now under its lease (the scheduler, "Chạy ngay", the CLI). An unregistered name is a programming error. */
    run(name: string): Promise<RunOutcome> {
      const job = registry.get(name);
      if (!job) return Promise.reject(new Error(`no job named "${name}" is registered`));
      return runJob(deps, job);
    },
    findRun: (id: number): Promise<JobRun | undefined> => repo.findRun(id),
    /** Each registered job's latest run (absent: never ran). */
    lastRuns: (): Promise<Map<string, JobRun>> => repo.lastRuns(names()),
    failedRuns: (since: Date, limit: number) => repo.failedRuns(since, limit),
    /**
     * The jobs page: every registered job (or `filter.job`) with its latest runs that
     * `filter.outcome` keeps and, when every outcome is asked for, its idle runs in one line.
     */
    async history(filter: { job: string | null; outcome: RunOutcomeFilter }): Promise<JobHistory[]> {
      const jobs = registry.jobs.filter((j) => filter.job === null || j.name === filter.job);
      const latest = await Promise.all(jobs.map((j) => repo.latestRuns(j.name, RUNS_LOOKED_AT)));
      return jobs.map((job, i) => {
        const kept = latest[i]!.filter(KEEPS[filter.outcome]);
        return { job, runs: kept.slice(0, RUNS_LISTED), more: Math.max(0, kept.length - RUNS_LISTED), idle: filter.outcome === 'notable' ? idleOf(latest[i]!) : null };
      });
    },
    /** Whether this instance runs the schedules. */
    schedulerEnabled: deps.config.jobs.schedulerEnabled,
  };
}

export type JobsService = ReturnType<typeof jobsService>;
