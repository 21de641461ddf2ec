import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';

export interface JobRun {
  id: number;
  job: string;
  holder: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: 'running' | 'succeeded' | 'failed';
  counts: Record<string, number>;
  error: string | null;
}

export function jobsRepo(db: Knex) {
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

    async recentRuns(limit: number): Promise<JobRun[]> {
      const rows = await db('job_runs').orderBy('id', 'desc').limit(limit);
      return rows.map((r) => ({
        id: r.id,
        job: r.job,
        holder: r.holder,
        startedAt: toDate(r.started_at),
        finishedAt: toDateOrNull(r.finished_at),
        status: r.status,
        counts: r.counts ? JSON.parse(r.counts) : {},
        error: r.error ?? null,
      }));
    },

  };
}

/**
 * Record a milestone inside the caller's transaction, first: true when it is new,
 * false when the dossier already has it (another run or instance got there first).
 */
export async function claimMilestone(trx: Knex.Transaction, dossierId: number, kind: string, now: Date): Promise<boolean> {
  const rows = await trx('dossier_milestones').insert({ dossier_id: dossierId, kind, created_at: now }).onConflict(['dossier_id', 'kind']).ignore().returning('id');
  return rows.length > 0;
}
