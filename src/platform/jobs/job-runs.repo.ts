/**
 * The jobs' own tables: job_leases (who runs a job now) and job_runs (every run, with its
 * counts or error). Read by the jobs page and the administrators' home through the jobs service.
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { JobRun } from './job-run.js';

export type { JobRun };

function toRun(r: Record<string, any>): JobRun {
  return {
    id: r.id,
    job: r.job,
    holder: r.holder,
    startedAt: toDate(r.started_at),
    finishedAt: toDateOrNull(r.finished_at),
    status: r.status,
    counts: r.counts ? JSON.parse(r.counts) : {},
    error: r.error ?? null,
  };
}

const NEWEST_FIRST = [{ column: 'started_at', order: 'desc' as const }, { column: 'id', order: 'desc' as const }];

export function jobRunsRepo(db: Knex) {
  return {
    /**
     * Take the job's lease if it is free, expired or already ours. One conditional UPDATE:
     * atomic on both databases, so two instances never both hold it.
     */
    async acquireLease(job: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
      await db('job_leases').insert({ job, holder: null, expires_at: null }).onConflict('job').ignore();
      const n = await db('job_leases')
        .where({ job })
        .andWhere((w) => w.whereNull('holder').orWhere('expires_at', '<', now).orWhere('holder', holder))
        .update({ holder, expires_at: new Date(now.getTime() + ttlMs) });
      return n === 1;
    },

    async releaseLease(job: string, holder: string): Promise<void> {
      await db('job_leases').where({ job, holder }).update({ holder: null, expires_at: null });
    },

    async startRun(job: string, holder: string, now: Date): Promise<number> {
      const [row] = await db('job_runs').insert({ job, holder, started_at: now, status: 'running' }).returning('id');
      return typeof row === 'object' ? (row as { id: number }).id : (row as number);
    },

    async finishRun(id: number, now: Date, result: { counts: Record<string, number> } | { error: string }): Promise<void> {
      await db('job_runs')
        .where({ id })
        .update(
          'error' in result
            ? { finished_at: now, status: 'failed', error: result.error.slice(0, 4000) }
            : { finished_at: now, status: 'succeeded', counts: JSON.stringify(result.counts) },
        );
    },

    async findRun(id: number): Promise<JobRun | undefined> {
      const r = await db('job_runs').where({ id }).first();
      return r ? toRun(r) : undefined;
    },

    /** Each job's latest run (jobs that never ran are absent). */
    async lastRuns(jobs: readonly string[]): Promise<Map<string, JobRun>> {
      const rows = await Promise.all(jobs.map((job) => db('job_runs').where({ job }).orderBy(NEWEST_FIRST).first()));
      return new Map(rows.filter(Boolean).map((r) => [r.job as string, toRun(r)]));
    },

    /** Failed runs started since `since`, newest first: how many, and the latest few. */
    async failedRuns(since: Date, limit: number): Promise<{ count: number; recent: JobRun[] }> {
      const failed = () => db('job_runs').where('status', 'failed').where('started_at', '>=', since);
      const [count, recent] = await Promise.all([failed().count({ n: '*' }), failed().orderBy(NEWEST_FIRST).limit(limit)]);
      return { count: Number(count[0]?.n ?? 0), recent: recent.map(toRun) };
    },

    /** `job`'s latest `limit` runs, newest first (read through the (job, started_at) index). */
    async latestRuns(job: string, limit: number): Promise<JobRun[]> {
      return (await db('job_runs').where({ job }).orderBy(NEWEST_FIRST).limit(limit)).map(toRun);
    },
  };
}
