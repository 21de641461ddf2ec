/**
 * The jobs' own tables: job_leases (who runs a job now) and job_runs (every run, with its
 * counts or error). Read by the jobs page and the administrators' home through the jobs service.
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { JobRun } from './job-run.js';

export type { JobRun };

/** Which runs a list shows: every run that did something or did not succeed, only the ones that did something, or only failures. */
export type RunOutcomeFilter = 'notable' | 'worked' | 'failed';

/** The idle runs of one job in a window: how many, the first and the last. */
export interface IdleRuns {
  job: string;
  count: number;
  first: Date;
  last: Date;
}

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

/**
 * Whether a run's counters say it did something. The counts are JSON.stringify of whole
 * numbers ('{"examined":0,"alerted":2}'), so a counter is not zero exactly when a ':' is
 * followed by 1–9 or '-'; LIKE says so on both databases.
 */
function didSomething(w: Knex.QueryBuilder): void {
  w.whereNotNull('counts').where((c) => {
    for (const d of '123456789-') c.orWhere('counts', 'like', `%:${d}%`);
  });
}

/** Runs that did nothing: succeeded with every counter zero, or none. */
function idle(q: Knex.QueryBuilder): Knex.QueryBuilder {
  return q.where('status', 'succeeded').whereNot(didSomething);
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

    /** `job`'s runs since `since` that `outcome` keeps (idle runs never), newest first. */
    async runs(job: string, since: Date, outcome: RunOutcomeFilter, limit: number): Promise<JobRun[]> {
      const q = db('job_runs').where({ job }).where('started_at', '>=', since);
      if (outcome === 'failed') q.where('status', 'failed');
      else if (outcome === 'worked') q.where('status', 'succeeded').where(didSomething);
      else q.where((w) => w.whereNot('status', 'succeeded').orWhere(didSomething));
      return (await q.orderBy(NEWEST_FIRST).limit(limit)).map(toRun);
    },

    /** The runs since `since` that did nothing, by job: how many, the first and the last. */
    async idleRuns(jobs: readonly string[], since: Date): Promise<IdleRuns[]> {
      const rows = await idle(db('job_runs').whereIn('job', jobs).where('started_at', '>=', since))
        .groupBy('job')
        .select('job')
        .count({ n: '*' })
        .min({ first: 'started_at' })
        .max({ last: 'started_at' });
      return (rows as Array<Record<string, any>>).map((r) => ({ job: r.job, count: Number(r.n), first: toDate(r.first), last: toDate(r.last) }));
    },
  };
}
