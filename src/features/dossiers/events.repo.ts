import type { Knex } from 'knex';
import type { StoredChainedEvent } from '../../domain/audit-chain.js';
import type { DossierStatus } from '../../domain/status.js';
import { appendToChain, chainedEventOf, type ChainedEventInput } from '../../db/chain.js';
import { dossierChanged } from '../../platform/record/changes.repo.js';
import type { DossierEventRow } from '../../platform/record/tables.js';

export type NewEvent = ChainedEventInput<DossierStatus>;

export interface DossierEvent extends NewEvent {
  id: number;
  dossierId: number;
  seq: number;
  actorName: string | null;
  hash: string;
  prevHash: string | null;
}

const DOSSIER_CHAIN = { events: 'dossier_events', owner: 'dossiers', ownerColumn: 'dossier_id' } as const;

/**
 * Append an event to a dossier's chain. Call inside the transaction that changes the
 * dossier (src/db/chain.ts: the owner row locked on PostgreSQL, (dossier_id, seq) unique,
 * so two writers — two sweeps, or a sweep and an officer — queue and never fork a chain).
 * Events are never updated or deleted. The registered observers of dossier changes
 * (platform/record/changes.repo.ts) write their rows in the same transaction.
 */
export async function appendEvent(trx: Knex | Knex.Transaction, dossierId: number, e: NewEvent): Promise<void> {
  const seq = await appendToChain(trx, DOSSIER_CHAIN, dossierId, e);
  await dossierChanged(trx, { dossierId, seq, type: e.type, fromStatus: e.fromStatus, toStatus: e.toStatus, actorId: e.actorId, public: e.public, createdAt: e.createdAt });
}

export async function listEvents(db: Knex, dossierId: number): Promise<DossierEvent[]> {
  const q = db('dossier_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .where('e.dossier_id', dossierId)
    .orderBy('e.seq')
    .select<Array<DossierEventRow & { actor_name: string | null }>>('e.*', 'u.full_name as actor_name');
  const rows = await q;
  return rows.map((r) => ({ ...toChainedEvent(r), id: r.id, actorName: r.actor_name ?? null }));
}

/** A dossier_events row as the hash chain sees it (its statuses are the dossier's). */
function toChainedEvent(r: DossierEventRow): StoredChainedEvent & Pick<NewEvent, 'fromStatus' | 'toStatus'> {
  return chainedEventOf(r.dossier_id, r);
}

/** The chained events of the dossiers with ids in [first, last], by dossier then seq. */
export async function chainedEventsBetween(db: Knex, first: number, last: number): Promise<StoredChainedEvent[]> {
  const rows = await db<DossierEventRow>('dossier_events').whereBetween('dossier_id', [first, last]).orderBy([{ column: 'dossier_id' }, { column: 'seq' }]);
  return rows.map(toChainedEvent);
}
