/**
 * zalo_events: every webhook event as received, processed from the table by whichever
 * instance claims it. A claim is one conditional UPDATE (pending → processing, or an
 * expired lock) that also refuses while an earlier event of the same follower is still
 * pending or processing, so a follower's messages are handled in the order they came.
 * Finishing is a conditional UPDATE inside the effects' transaction (see zalo.service.ts).
 */
import type { Knex } from 'knex';

export interface NewZaloEvent {
  eventKey: string;
  eventName: string;
  appId: string;
  senderId: string | null;
  msgId: string | null;
  eventTs: number;
  body: string;
  receivedAt: Date;
}

export interface ClaimedEvent {
  id: number;
  eventKey: string;
  eventName: string;
  senderId: string | null;
  body: string;
  attempts: number;
}

const UNFINISHED = ['pending', 'processing'];

/** Claimable at `now`: pending, or processing under an expired lock. */
function claimable(q: Knex.QueryBuilder, now: Date): void {
  q.where((w) => w.where('status', 'pending').orWhere((x) => x.where('status', 'processing').where('locked_until', '<=', now)));
}

export function zaloEventsRepo(db: Knex | Knex.Transaction) {
  return {
    /** Store an event; false when its key was stored already (a redelivery). */
    async insert(e: NewZaloEvent): Promise<boolean> {
      const rows = await db('zalo_events')
        .insert({
          event_key: e.eventKey,
          event_name: e.eventName,
          app_id: e.appId,
          sender_id: e.senderId,
          msg_id: e.msgId,
          event_ts: e.eventTs,
          body: e.body,
          received_at: e.receivedAt,
          status: 'pending',
          attempts: 0,
        })
        .onConflict('event_key')
        .ignore()
        .returning('id');
      return rows.length > 0;
    },

    /** Ids of events that may be claimed now, oldest first. */
    async due(now: Date, limit: number): Promise<number[]> {
      const rows = await db('zalo_events')
        .where((q) => claimable(q, now))
        .orderBy('id')
        .limit(limit)
        .select('id');
      return rows.map((r) => Number(r.id));
    },

    /** Claim one event for `me`; true when this call got it. */
    async claim(id: number, me: string, now: Date, lockMs: number): Promise<boolean> {
      const n = await db('zalo_events')
        .where('id', id)
        .where((q) => claimable(q, now))
        .whereNotExists((sub) => {
          sub
            .select(db.raw('1'))
            .from('zalo_events as earlier')
            .whereRaw('earlier.sender_id = zalo_events.sender_id')
            .whereRaw('earlier.id < zalo_events.id')
            .whereIn('earlier.status', UNFINISHED);
        })
        .update({ status: 'processing', locked_by: me, locked_until: new Date(now.getTime() + lockMs), attempts: db.raw('attempts + 1') });
      return Number(n) === 1;
    },

    async claimed(id: number, me: string): Promise<ClaimedEvent | undefined> {
      const r = await db('zalo_events').where({ id, status: 'processing', locked_by: me }).first('id', 'event_key', 'event_name', 'sender_id', 'body', 'attempts');
      return r ? { id: Number(r.id), eventKey: String(r.event_key), eventName: String(r.event_name), senderId: r.sender_id ?? null, body: String(r.body), attempts: Number(r.attempts) } : undefined;
    },

    /** Inside the effects' transaction: end the event if this instance still holds it; false → roll back. */
    async finish(id: number, me: string, now: Date, status: 'done' | 'ignored', outcome: string): Promise<boolean> {
      const n = await db('zalo_events')
        .where({ id, status: 'processing', locked_by: me })
        .update({ status, outcome: outcome.slice(0, 40), processed_at: now, locked_until: null, error: null });
      return Number(n) === 1;
    },

    /** How many of `sender`'s events ended with one of `outcomes` after `since`. */
    async outcomesSince(sender: string, outcomes: string[], since: Date): Promise<number> {
      const r = await db('zalo_events').where('sender_id', sender).whereIn('outcome', outcomes).where('processed_at', '>', since).count({ n: '*' }).first();
      return Number(r?.n ?? 0);
    },

    /** A failed try: back to pending for another one, or failed for good. */
    async release(id: number, me: string, now: Date, giveUp: boolean, error: string): Promise<boolean> {
      const n = await db('zalo_events')
        .where({ id, status: 'processing', locked_by: me })
        .update({ status: giveUp ? 'failed' : 'pending', locked_until: null, error: error.slice(0, 1000), processed_at: giveUp ? now : null });
      return Number(n) === 1;
    },
  };
}
