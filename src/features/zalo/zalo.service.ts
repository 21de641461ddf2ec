/**
 * The province's Zalo Official Account (issue 14): webhook events stored and processed
 * from zalo_events, linking a follower to a dossier, questions from Zalo, replies through
 * the outbox's zalo_cs channel, and the OA token pair refreshed under the job lease.
 *
 * Receiving: the signature is checked over the raw body, an event whose timestamp is far
 * from now refused (a replay), the event stored under its key ((sender, msg_id), or
 * event:sender:timestamp) — a redelivery stores nothing — and processing is kicked
 * in-process at once; the 'zalo' job (every minute) is the backstop.
 *
 * Processing, exactly once per event whatever the number of instances:
 * 1. claim the row (conditional UPDATE pending → processing, or an expired lock; refused
 *    while an earlier event of the same follower is unfinished, so their messages keep
 *    their order);
 * 2. read what the decision needs on deps.db, OUTSIDE any transaction (the follower, their
 *    links, the lookup guard's counters, the calendar): SQLite's pool has one connection,
 *    so a query on deps.db inside a transaction would wait for itself;
 * 3. one transaction that first ends the event (done/ignored, only while this instance
 *    still holds it; otherwise it rolls back) and then writes every effect: the follower,
 *    a link, a question and its chain event, the outbox rows of the replies.
 * A failed try puts the event back (pending) until MAX_ATTEMPTS, then 'failed' with the
 * error's kind only (no message text, no personal data).
 */
import type { Deps } from '../../deps.js';
import type { Refusal } from '../../platform/refusal/refusal.js';
import { zaloTokens } from '../../platform/messaging/zalo-oa/tokens.js';
import { zaloEventsRepo } from './zalo-events.repo.js';
import { replyKey, zaloPlanner, type ZaloWiring } from './zalo-plan.js';
import { receiveWebhook, WEBHOOK_REFUSALS, type ReceiveResult } from './zalo-webhook.js';

export type { PetitionZaloEntry, ZaloWiring } from './zalo-plan.js';

/** How long a claimed event stays locked to its instance. */
export const EVENT_LOCK_MS = 2 * 60 * 1000;
/** Tries before an event is given up ('failed'). */
export const MAX_ATTEMPTS = 5;
/** The webhook kick's loop: passes at most, waits for an event held by another instance, and their length. */
const KICK_MAX_PASSES = 100;
const KICK_MAX_WAITS = 20;
const KICK_WAIT_MS = 100;

class ClaimLost extends Error {
  override name = 'ClaimLost';
}

/** Replies waiting for this instance's in-process send; past it, the outbox job sends them. */
const MAX_QUEUED_SENDS = 200;

export function zaloService(deps: Deps, wiring: ZaloWiring) {
  const oa = deps.config.notifications.zaloOa;
  const me = deps.config.server.instanceId;
  const tokens = oa ? zaloTokens(deps, oa) : null;
  const { plan } = zaloPlanner(deps, wiring);

  type Processed = 'done' | 'ignored' | 'skipped' | 'lost' | 'retry' | 'failed';

  async function processOne(id: number): Promise<Processed> {
    const events = zaloEventsRepo(deps.db);
    if (!(await events.claim(id, me, deps.clock.now(), EVENT_LOCK_MS))) return 'skipped';
    const ev = await events.claimed(id, me);
    if (!ev) return 'skipped';
    const now = deps.clock.now();
    try {
      const p = await plan(ev, now);
      await deps.db.transaction(async (trx) => {
        if (!(await zaloEventsRepo(trx).finish(ev.id, me, now, p.status, p.outcome))) throw new ClaimLost('the event was claimed by another instance meanwhile');
        await p.apply(trx);
      });
      // Committed: the reply leaves now, not at the next outbox run.
      sendReply(replyKey(ev));
      return p.status;
    } catch (err) {
      if (err instanceof ClaimLost) return 'lost';
      const giveUp = ev.attempts >= MAX_ATTEMPTS;
      // The kind of error only: messages may quote SQL values (the citizen's text, a phone).
      const kind = err instanceof Error ? `${err.name}${(err as { code?: unknown }).code ? ` ${String((err as { code?: unknown }).code)}` : ''}` : 'Error';
      await events.release(ev.id, me, deps.clock.now(), giveUp, `${kind} (lần thử ${ev.attempts})`);
      deps.logger.error({ zaloEventId: ev.id, attempts: ev.attempts, err: kind, giveUp }, 'zalo event processing failed');
      return giveUp ? 'failed' : 'retry';
    }
  }

  /** Process the events that may be claimed now, oldest first; counts by outcome. */
  async function processDue(limit: number): Promise<Record<string, number>> {
    const counts: Record<string, number> = { events_done: 0, events_ignored: 0, events_retry: 0, events_failed: 0, events_skipped: 0 };
    const ids = await zaloEventsRepo(deps.db).due(deps.clock.now(), limit);
    for (const id of ids) {
      const r = await processOne(id);
      const key = r === 'lost' ? 'events_skipped' : `events_${r}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /**
   * The replies of processed events, sent in the order their events were processed, one
   * after the other, without holding up the processing. The outbox claim sends each once
   * whichever instance or job run gets to it; one that fails waits for the outbox job.
   */
  let sending: Promise<void> = Promise.resolve();
  let queuedSends = 0;
  function sendReply(key: string): void {
    if (queuedSends >= MAX_QUEUED_SENDS) return;
    queuedSends++;
    sending = sending
      .then(() => wiring.messaging.sendRepliesNow([key]))
      .then(
        () => undefined,
        (err: unknown) => deps.logger.error({ err: err instanceof Error ? err.name : 'Error' }, 'zalo reply: immediate send failed (the outbox job will send it)'),
      )
      .finally(() => {
        queuedSends--;
      });
  }

  /**
   * Processing right after a webhook stored an event (errors logged; the job is the
   * backstop). One loop per instance: a kick while it runs asks for another pass, and it
   * goes on while a pass made progress (an event held back behind an earlier one of the
   * same follower, being processed elsewhere, is taken once that one is done).
   */
  let loop: Promise<void> | null = null;
  let again = false;
  function kick(): void {
    again = true;
    if (loop) return;
    loop = new Promise<void>((resolve) => {
      setImmediate(async () => {
        try {
          let waits = 0;
          for (let pass = 0; pass < KICK_MAX_PASSES; pass++) {
            again = false;
            const c = await processDue(50);
            // Progress, or a new kick meanwhile: look again. Held back (another instance has
            // the follower's earlier event): wait a little for it. A failed try waits for the job.
            if ((c.events_done ?? 0) + (c.events_ignored ?? 0) > 0 || again) continue;
            if ((c.events_skipped ?? 0) > 0 && waits++ < KICK_MAX_WAITS) {
              await new Promise((r) => setTimeout(r, KICK_WAIT_MS));
              continue;
            }
            break;
          }
        } catch (err) {
          deps.logger.error({ err: err instanceof Error ? err.name : 'Error' }, 'zalo event processing (webhook kick) failed');
        } finally {
          loop = null;
          again = false;
          resolve();
        }
      });
    });
  }

  return {
    /** The webhook's refusal when it takes no delivery at all (no OA configured), checked before the body is read. */
    webhookClosed: (): Refusal<'not_found'> | null => (oa ? null : WEBHOOK_REFUSALS.notConfigured),

    /** A webhook delivery (zalo-webhook.ts): refused, or stored and its processing kicked. */
    receive: (raw: Buffer, signature: string | string[] | undefined, meta: { ip: string | null }): Promise<ReceiveResult> => receiveWebhook(deps, raw, signature, meta, kick),

    /** Process the pending events now (the job does; tests too). */
    processDue,

    /** Wait for the processing kicked by webhooks, and the replies it sends, to finish (tests, shutdown). */
    async settle(): Promise<void> {
      while (loop) await loop;
      while (queuedSends > 0) await sending;
    },

    /** The 'zalo' job: process pending events, refresh the token pair when due. */
    async runJob(): Promise<Record<string, number>> {
      if (!oa || !tokens) return {};
      const counts = await processDue(500);
      // The run ends once the replies of the events it processed have left (or failed to the outbox).
      while (queuedSends > 0) await sending;
      const refresh = await tokens.refreshIfDue(me);
      counts.token_refreshed = refresh === 'refreshed' ? 1 : 0;
      counts.token_refresh_failed = refresh === 'failed' || refresh === 'lost_race' ? 1 : 0;
      return counts;
    },
  };
}

export type ZaloService = ReturnType<typeof zaloService>;
