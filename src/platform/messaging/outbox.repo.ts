/**
 * The outbox's SQL: storing a message (idempotent on its key) and the dispatcher's
 * claim, release and quiet-hours hold. Each claim and each outcome is one conditional
 * UPDATE that matches only while the row is in the expected state, so two dispatchers
 * never both own a message (see dispatcher.ts).
 */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import type { Channel, NewMessage } from './message.js';

const RETRYABLE = ['created', 'temporary-failure'];

/** Free to claim at `now` (the same condition selects and claims). */
function claimable(q: Knex.QueryBuilder, now: Date): void {
  q.where((w) =>
    w
      .whereIn('status', RETRYABLE)
      .where('next_attempt_at', '<=', now)
      .where((l) => l.whereNull('locked_until').orWhere('locked_until', '<=', now)),
  ).orWhere((w) => w.where('status', 'sending').where((l) => l.whereNull('locked_until').orWhere('locked_until', '<=', now)));
}

/** A claimed message as the dispatcher reads it back. */
export interface OutboxRow {
  id: number;
  channel: Channel;
  recipient: string;
  template: string;
  data: string;
  reference: string | null;
  dossier_id: number | null;
  idempotency_key: string;
  attempts: number;
  created_at: Date;
  /** Where the message goes instead when refused for good (a Zalo OA reply), or null. */
  fallback_channel: Channel | null;
  fallback_recipient: string | null;
  fallback_template: string | null;
}

/** What a sealed message keeps once it is over: no recipient, no data, no reference. */
const SEALED = { recipient: '', data: '{}', reference: null } as const;

/** What a finished attempt writes (the lock is always released with it). */
export type Outcome =
  | { status: 'delivered'; deliveredAt: Date; providerMessageId: string | null }
  | { status: 'temporary-failure'; nextAttemptAt: Date; lastError: string }
  | { status: 'permanent-failure'; lastError: string };

/** Store a message; false when one with the same idempotency key already exists. */
export async function enqueue(db: Knex | Knex.Transaction, m: NewMessage): Promise<boolean> {
  const inserted = await db('outbox_messages')
    .insert({
      channel: m.channel,
      recipient: m.recipient,
      template: m.template,
      data: JSON.stringify(m.data),
      reference: m.reference,
      dossier_id: m.dossierId,
      idempotency_key: m.idempotencyKey,
      status: 'created',
      attempts: 0,
      next_attempt_at: m.notBefore,
      fallback_channel: m.fallback?.channel ?? null,
      fallback_recipient: m.fallback?.recipient ?? null,
      fallback_template: m.fallback?.template ?? null,
      created_at: m.now,
      updated_at: m.now,
    })
    .onConflict('idempotency_key')
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

export function outboxRepo(db: Knex) {
  /** This instance's claimed (sending) messages. */
  const mine = (me: string) => db('outbox_messages').where({ status: 'sending', locked_by: me });
  return {
    /**
     * Citizen messages due during quiet hours move to `until`, unclaimed; an interrupted
     * send (lock expired) becomes a temporary failure due then. Messages on the `exempt`
     * templates (the registry's quietExemptKeys) are left alone. Returns how many.
     */
    async holdForQuietHours(channels: Channel[], now: Date, until: Date, exempt: readonly string[]): Promise<number> {
      const citizen = () => db('outbox_messages').whereIn('channel', channels).whereNotIn('template', exempt as string[]);
      const waiting = await citizen()
        .whereIn('status', RETRYABLE)
        .where('next_attempt_at', '<=', now)
        .where((l) => l.whereNull('locked_until').orWhere('locked_until', '<=', now))
        .update({ next_attempt_at: until, updated_at: now });
      const interrupted = await citizen()
        .where('status', 'sending')
        .where((l) => l.whereNull('locked_until').orWhere('locked_until', '<=', now))
        .update({
          status: 'temporary-failure',
          next_attempt_at: until,
          locked_until: null,
          last_error: 'Lần gửi trước bị gián đoạn; chờ hết giờ yên lặng để gửi lại',
          updated_at: now,
        });
      return waiting + interrupted;
    },

    /** The immediate replies (on the `immediate` templates) stored under these idempotency keys, in the order they were stored. */
    async immediateByKeys(keys: string[], immediate: readonly string[]): Promise<number[]> {
      if (keys.length === 0) return [];
      const rows = await db('outbox_messages')
        .whereIn('idempotency_key', keys)
        .whereIn('template', immediate as string[])
        .orderBy('id')
        .select('id');
      return rows.map((r) => Number(r.id));
    },

    /** Due messages on `channels`, oldest due first. */
    async due(channels: Channel[], now: Date, limit: number): Promise<Array<{ id: number; channel: Channel }>> {
      return db('outbox_messages')
        .whereIn('channel', channels)
        .where((q) => claimable(q, now))
        .orderBy([{ column: 'next_attempt_at' }, { column: 'id' }])
        .limit(limit)
        .select('id', 'channel');
    },

    /** Claim one message while it is still due; true when this call got it. */
    async claim(id: number, channels: Channel[], now: Date, me: string, lockMs: number): Promise<boolean> {
      const claimed = await db('outbox_messages')
        .where('id', id)
        .whereIn('channel', channels)
        .where((q) => claimable(q, now))
        .update({ status: 'sending', locked_until: new Date(now.getTime() + lockMs), locked_by: me, attempts: db.raw('attempts + 1'), updated_at: now });
      return claimed === 1;
    },

    async claimed(id: number, me: string): Promise<OutboxRow | undefined> {
      const row = await db('outbox_messages')
        .where({ id, locked_by: me })
        .first('id', 'channel', 'recipient', 'template', 'data', 'reference', 'dossier_id', 'idempotency_key', 'attempts', 'created_at', 'fallback_channel', 'fallback_recipient', 'fallback_template');
      return row
        ? { ...row, created_at: toDate(row.created_at), fallback_channel: row.fallback_channel ?? null, fallback_recipient: row.fallback_recipient ?? null, fallback_template: row.fallback_template ?? null }
        : undefined;
    },

    /**
     * Record an attempt's outcome and release the lock, if this instance still holds it; true
     * when it did. `seal`: a sealed template's message, erased once delivered or given up.
     */
    async finish(id: number, me: string, at: Date, outcome: Outcome, opts: { seal?: boolean } = {}): Promise<boolean> {
      const released = { locked_until: null, updated_at: at, ...(opts.seal && outcome.status !== 'temporary-failure' ? SEALED : {}) };
      const update =
        outcome.status === 'delivered'
          ? { ...released, status: 'delivered', delivered_at: outcome.deliveredAt, provider_message_id: outcome.providerMessageId }
          : outcome.status === 'temporary-failure'
            ? { ...released, status: 'temporary-failure', next_attempt_at: outcome.nextAttemptAt, last_error: outcome.lastError }
            : { ...released, status: 'permanent-failure', last_error: outcome.lastError };
      const n = await mine(me).where('id', id).update(update);
      return n === 1;
    },

    /**
     * The provider cannot reach this person: end the message and, when `copy` is given,
     * store its copy on another channel in the same transaction. True when this instance still held the message.
     */
    async endWithCopy(id: number, me: string, at: Date, lastError: string, copy: NewMessage | null, opts: { seal?: boolean } = {}): Promise<boolean> {
      return db.transaction(async (trx) => {
        const n = await trx('outbox_messages')
          .where({ id, status: 'sending', locked_by: me })
          .update({ locked_until: null, updated_at: at, status: 'permanent-failure', last_error: lastError, ...(opts.seal ? SEALED : {}) });
        if (n !== 1) return false;
        if (copy) await enqueue(trx, copy);
        return true;
      });
    },
  };
}
