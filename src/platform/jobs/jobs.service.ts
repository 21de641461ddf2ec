/**
 * The jobs as a service, over the registry (src/jobs.ts builds it in src/services.ts): run
 * one now (lease, record, work), each job's last run, and the runs the jobs page and the
 * administrators' home show.
 */
import type { Deps } from '../../deps.js';
import { DAY_MS } from '../../domain/time.js';
import { jobRunsRepo, type IdleRuns, type JobRun, type RunOutcomeFilter } from './job-runs.repo.js';
import type { JobRegistry, RegisteredJob } from './registry.js';
import { runJob, type RunOutcome } from './runner.js';

export type { IdleRuns, JobRun, RunOutcome, RunOutcomeFilter };

/** How far back the jobs page lists runs. */
export const RUNS_WINDOW_MS = 7 * DAY_MS;
/** At most this many runs per job on the jobs page (the idle ones are counted, not listed). */
export const RUNS_PER_JOB = 20;

/** One job on the jobs page: its last run, its runs of the window that did something (or failed), and its idle runs in one line. */
export interface JobHistory {
  job: RegisteredJob;
  last: JobRun | null;
  runs: JobRun[];
  idle: IdleRuns | null;
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
     * The jobs page: every registered job (or `only`) with its last run, its runs of the last
     * week that `outcome` keeps, and, unless only some outcomes are asked for, its runs that did nothing in one line.
     */
    async history(filter: { job: string | null; outcome: RunOutcomeFilter }): Promise<JobHistory[]> {
      const since = new Date(deps.clock.now().getTime() - RUNS_WINDOW_MS);
      const jobs = registry.jobs.filter((j) => filter.job === null || j.name === filter.job);
      const listed = jobs.map((j) => j.name);
      const [last, idle, runs] = await Promise.all([
        repo.lastRuns(listed),
        filter.outcome === 'notable' ? repo.idleRuns(listed, since) : Promise.resolve([]),
        Promise.all(jobs.map((j) => repo.runs(j.name, since, filter.outcome, RUNS_PER_JOB))),
      ]);
      const idleOf = new Map(idle.map((i) => [i.job, i]));
      return jobs.map((job, i) => ({ job, last: last.get(job.name) ?? null, runs: runs[i]!, idle: idleOf.get(job.name) ?? null }));
    },
    /** Whether this instance runs the schedules. */
    schedulerEnabled: deps.config.jobs.schedulerEnabled,
  };
}

export type JobsService = ReturnType<typeof jobsService>;
