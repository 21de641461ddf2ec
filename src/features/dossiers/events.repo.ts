import type { Knex } from 'knex';
import { eventHash, type StoredChainedEvent } from '../../domain/audit-chain.js';
import type { DossierStatus } from '../../domain/status.js';
import { dialect, toDate } from '../../db/knex.js';

export interface NewEvent {
  type: string;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus | null;
  actorId: number | null;
  note: string | null;
  public: boolean;
  ip: string | null;
  createdAt: Date;
}

export interface DossierEvent extends NewEvent {
  id: number;
  dossierId: number;
  seq: number;
  actorName: string | null;
  hash: string;
  prevHash: string | null;
}

/**
 * Append an event to a dossier's chain. Call inside the transaction that changes the
 * dossier; (dossier_id, seq) is unique, so two writers can never fork a chain.
 * Events are never updated or deleted.
 *
 * On PostgreSQL the dossier row is locked first (FOR NO KEY UPDATE: it does not conflict
 * with the KEY SHARE locks that foreign keys to the dossier take), so two transactions
 * appending to the same dossier at once — two sweeps, or a sweep and an officer — queue
 * instead of both reading the same last seq and one failing on the unique key. SQLite
 * runs one write transaction at a time.
 */
export async function appendEvent(trx: Knex | Knex.Transaction, dossierId: number, e: NewEvent): Promise<void> {
  if (dialect(trx as Knex) === 'postgres') await trx('dossiers').where({ id: dossierId }).forNoKeyUpdate().first('id');
  const last = await trx('dossier_events').where({ dossier_id: dossierId }).orderBy('seq', 'desc').first('seq', 'hash');
  const seq = last ? Number(last.seq) + 1 : 1;
  const prevHash: string | null = last ? last.hash : null;
  const hash = eventHash(prevHash, { dossierId, seq, ...e });
  await trx('dossier_events').insert({
    dossier_id: dossierId,
    seq,
    type: e.type,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    actor_id: e.actorId,
    note: e.note,
    public: e.public,
    ip: e.ip,
    created_at: e.createdAt,
    prev_hash: prevHash,
    hash,
  });
}

export async function listEvents(db: Knex, dossierId: number): Promise<DossierEvent[]> {
  const q = db('dossier_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .where('e.dossier_id', dossierId)
    .orderBy('e.seq')
    .select('e.*', 'u.full_name as actor_name');
  const rows = await q;
  return rows.map((r) => ({ ...toChainedEvent(r), id: r.id, actorName: r.actor_name ?? null }));
}

/** A dossier_events row as the hash chain sees it (its statuses are the dossier's). */
function toChainedEvent(r: Record<string, any>): StoredChainedEvent & Pick<NewEvent, 'fromStatus' | 'toStatus'> {
  return {
    dossierId: r.dossier_id,
    seq: Number(r.seq),
    type: r.type,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    actorId: r.actor_id,
    note: r.note,
    public: Boolean(r.public),
    ip: r.ip,
    createdAt: toDate(r.created_at),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The chained events of the dossiers with ids in [first, last], by dossier then seq. */
export async function chainedEventsBetween(db: Knex, first: number, last: number): Promise<StoredChainedEvent[]> {
  const rows = await db('dossier_events').whereBetween('dossier_id', [first, last]).orderBy([{ column: 'dossier_id' }, { column: 'seq' }]);
  return rows.map(toChainedEvent);
}
