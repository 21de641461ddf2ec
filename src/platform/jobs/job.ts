/**
 * What a scheduled job is, as a feature declares it next to its code (docs/development/jobs.md):
 * a stable name, a Vietnamese label, its counters in Vietnamese, a default schedule and the
 * environment variable that overrides it, and `run`. The platform knows no job: the
 * composition root (src/jobs.ts) lists the declarations and binds each to what it needs.
 */
import type { Config } from '../../config.js';

/** What the runner hands a job: the instant of this run (the clock's, read once after the lease is taken). */
export interface JobContext {
  readonly now: Date;
}

/** What a run did, by counter (each key labelled in `counters`). */
export type JobCounts = Record<string, number>;

export interface JobSpec<N extends string = string> {
  /** Stable: job_runs.job, job_leases.job, the "Chạy ngay" URL and `npm run job -- <name>`. */
  readonly name: N;
  /** What the administrators read (the jobs page, the home page). */
  readonly label: string;
  /** Each counter the job reports, in Vietnamese. One namespace for every job: the same key means the same thing. */
  readonly counters: Readonly<Record<string, string>>;
  /** The cron expression (Asia/Ho_Chi_Minh) and the variable that replaces it. */
  readonly schedule: { readonly variable: string; readonly default: string };
  /** Whether the scheduler runs it under this configuration (default: always). "Chạy ngay" and the CLI run it regardless. */
  readonly scheduledWhen?: (config: Config) => boolean;
}

/**
 * A job as a feature declares it: `run` receives the context and `wiring`, the services
 * the job needs, which the composition root passes in (src/jobs.ts JobWiring provides every
 * job's wiring).
 */
export interface JobDeclaration<W, N extends string = string> extends JobSpec<N> {
  readonly run: (ctx: JobContext, wiring: W) => Promise<JobCounts>;
}

/** A job bound to its wiring: what the registry holds and the runner runs. */
export interface Job extends JobSpec {
  readonly run: (ctx: JobContext) => Promise<JobCounts>;
}

/** Declares a job (keeps its literal name in the type). */
export function defineJob<const N extends string, W>(declaration: JobDeclaration<W, N>): JobDeclaration<W, N> {
  return declaration;
}

export function bindJob<W>(declaration: JobDeclaration<W>, wiring: W): Job {
  return { ...declaration, run: (ctx) => declaration.run(ctx, wiring) };
}
