/**
 * The audit trail is chained per dossier: each event carries the hash of the one
 * before it, so that changing or deleting any event breaks every later link.
 */
import crypto from 'node:crypto';

export interface ChainedEventFields {
  dossierId: number;
  seq: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorId: number | null;
  note: string | null;
  public: boolean;
  ip: string | null;
  createdAt: Date;
}

export function eventHash(prevHash: string | null, e: ChainedEventFields): string {
  const canonical = JSON.stringify([
    prevHash ?? '',
    e.dossierId,
    e.seq,
    e.type,
    e.fromStatus,
    e.toStatus,
    e.actorId,
    e.note,
    e.public,
    e.ip,
    e.createdAt.getTime(),
  ]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

export interface StoredChainedEvent extends ChainedEventFields {
  prevHash: string | null;
  hash: string;
}

/** The first event (in seq order) whose link is broken, or null when the chain holds. */
export function firstBrokenLink(events: readonly StoredChainedEvent[]): { seq: number; reason: string } | null {
  let prev: string | null = null;
  let expectedSeq = 1;
  for (const e of events) {
    if (e.seq !== expectedSeq) return { seq: e.seq, reason: `expected event #${expectedSeq}, found #${e.seq}` };
    if (e.prevHash !== prev) return { seq: e.seq, reason: 'previous-hash link does not match' };
    if (eventHash(prev, e) !== e.hash) return { seq: e.seq, reason: 'content does not match its hash' };
    prev = e.hash;
    expectedSeq++;
  }
  return null;
}
