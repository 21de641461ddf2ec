/**
 * Appending to a hash-chained, append-only event table (dossier_events per dossier,
 * petition_events per petition): the next seq and the link to the previous event's hash,
 * inside the caller's transaction. (owner column, seq) is unique, so two writers can never
 * fork a chain; on PostgreSQL the owner row is locked first (FOR NO KEY UPDATE: it does not
 * conflict with the KEY SHARE locks foreign keys take), so concurrent appends queue instead
 * of both reading the same last seq. SQLite runs one write transaction at a time.
 */
import type { Knex } from 'knex';
import { eventHash, type StoredChainedEvent } from '../domain/audit-chain.js';
import { dialect, toDate } from './knex.js';

export interface Chain {
  /** The events table. */
  events: string;
  /** The table of the chain's owner, and the events' column naming it. */
  owner: string;
  ownerColumn: string;
}

/** One event to append, `S` the statuses of the chain's owner. */
export interface ChainedEventInput<S extends string = string> {
  type: string;
  fromStatus: S | null;
  toStatus: S | null;
  actorId: number | null;
  note: string | null;
  public: boolean;
  ip: string | null;
  createdAt: Date;
}

/** Appends the event; returns its seq in the owner's chain. */
export async function appendToChain(trx: Knex | Knex.Transaction, chain: Chain, ownerId: number, e: ChainedEventInput): Promise<number> {
  if (dialect(trx as Knex) === 'postgres') await trx(chain.owner).where({ id: ownerId }).forNoKeyUpdate().first('id');
  const last = await trx(chain.events).where({ [chain.ownerColumn]: ownerId }).orderBy('seq', 'desc').first('seq', 'hash');
  const seq = last ? Number(last.seq) + 1 : 1;
  const prevHash: string | null = last ? last.hash : null;
  // The hash's owner field is named dossierId for history: it is the chain owner's id.
  const hash = eventHash(prevHash, { dossierId: ownerId, seq, ...e });
  await trx(chain.events).insert({
    [chain.ownerColumn]: ownerId,
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
  return seq;
}

/** An events-table row as the drivers return it (either chain; `S` the owner's statuses). */
export interface StoredChainRow<S extends string = string> {
  seq: number | string;
  type: string;
  from_status: S | null;
  to_status: S | null;
  actor_id: number | string | null;
  note: string | null;
  public: boolean | number;
  ip: string | null;
  created_at: Date | number | string;
  prev_hash: string | null;
  hash: string;
}

/** A stored row as the hash chain reads it, given its owner's id. */
export function chainedEventOf<S extends string>(ownerId: number, r: StoredChainRow<S>): StoredChainedEvent & { fromStatus: S | null; toStatus: S | null } {
  return {
    dossierId: ownerId,
    seq: Number(r.seq),
    type: r.type,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    actorId: r.actor_id === null || r.actor_id === undefined ? null : Number(r.actor_id),
    note: r.note,
    public: Boolean(r.public),
    ip: r.ip,
    createdAt: toDate(r.created_at),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
