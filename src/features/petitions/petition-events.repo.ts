/**
 * A petition's audit trail: events hash-chained per petition (the dossier chain's
 * function, with the petition's id as the chain's owner), append-only in the database.
 */
import type { Knex } from 'knex';
import { firstBrokenLink, type StoredChainedEvent } from '../../domain/audit-chain.js';
import type { PetitionStatus } from '../../domain/petitions.js';
import { appendToChain, chainedEventOf, type ChainedEventInput } from '../../db/chain.js';
import { toDate } from '../../db/knex.js';

/** `public`: shown on the petition's public status page (never with the actor's name). */
export type NewPetitionEvent = ChainedEventInput<PetitionStatus>;

export interface PetitionEvent extends NewPetitionEvent {
  id: number;
  petitionId: number;
  seq: number;
  actorName: string | null;
}

const PETITION_CHAIN = { events: 'petition_events', owner: 'petitions', ownerColumn: 'petition_id' } as const;

/** Append inside the transaction that changes the petition (src/db/chain.ts); (petition_id, seq) is unique. */
export async function appendPetitionEvent(trx: Knex | Knex.Transaction, petitionId: number, e: NewPetitionEvent): Promise<void> {
  await appendToChain(trx, PETITION_CHAIN, petitionId, e);
}

export async function listPetitionEvents(db: Knex, petitionId: number): Promise<PetitionEvent[]> {
  const rows = await db('petition_events as e').leftJoin('users as u', 'u.id', 'e.actor_id').where('e.petition_id', petitionId).orderBy('e.seq').select('e.*', 'u.full_name as actor_name');
  return rows.map((r) => ({
    id: Number(r.id),
    petitionId: Number(r.petition_id),
    seq: Number(r.seq),
    type: String(r.type),
    fromStatus: r.from_status ?? null,
    toStatus: r.to_status ?? null,
    actorId: r.actor_id === null || r.actor_id === undefined ? null : Number(r.actor_id),
    actorName: r.actor_name ?? null,
    note: r.note ?? null,
    public: Boolean(r.public),
    ip: r.ip ?? null,
    createdAt: toDate(r.created_at),
  }));
}

/** Every petition's chain checked, in batches; the first broken link of each damaged one. */
export async function verifyPetitionChains(db: Knex): Promise<{ petitions: number; events: number; broken: Array<{ code: string; petitionId: number; seq: number; reason: string }> }> {
  const broken: Array<{ code: string; petitionId: number; seq: number; reason: string }> = [];
  let petitions = 0;
  let events = 0;
  let after = 0;
  for (;;) {
    const batch = await db('petitions').where('id', '>', after).orderBy('id').limit(500).select('id', 'code');
    if (batch.length === 0) break;
    for (const p of batch) {
      const rows = await db('petition_events').where({ petition_id: p.id }).orderBy('seq').select('*');
      const chain: StoredChainedEvent[] = rows.map((r) => chainedEventOf(Number(r.petition_id), r));
      petitions++;
      events += chain.length;
      const b = chain.length === 0 ? { seq: 1, reason: 'no events: the receipt event is missing' } : firstBrokenLink(chain);
      if (b) broken.push({ code: String(p.code), petitionId: Number(p.id), ...b });
      after = Number(p.id);
    }
  }
  return { petitions, events, broken };
}
