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
import { currentAppointment, PAUSED_TEXT } from '../../domain/appointment.js';
import { CLOSED_STATUSES, OPEN_STATUSES, PAUSED_STATUSES, STATUS_LABELS } from '../../domain/status.js';
import { formatDateTimeVn } from '../../domain/time.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { verifyZaloSignature } from '../../platform/messaging/zalo-oa/signature.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';
import { zaloTokens } from '../../platform/messaging/zalo-oa/tokens.js';
import { isTimely, onlyCodes, parseZaloText, PENDING_TEXT_TTL_MS, questionText, zaloEventKey } from '../../domain/zalo-message.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { lookupActor, type LookupGuard } from '../public-status/lookup-guard.js';
import type { RateLimiter } from '../../web/rate-limit.js';
import { QUESTION_MAX, type QuestionsService } from '../questions/questions.service.js';
import { parseJsonBody, parseZaloEvent, senderOf, signedFields } from './zalo.schema.js';
import { zaloEventsRepo, type ClaimedEvent } from './zalo-events.repo.js';
import { zaloUsersRepo, type LinkedDossier } from './zalo-users.repo.js';
import type { ZaloTemplateKey } from './templates.js';

type Db = Deps['db'];

/** What the petitions feature offers the OA: the form link pre-linked to a Zalo user ("PAKN"). */
export interface PetitionZaloEntry {
  zaloInviteLink(trx: Db, zaloUserId: string, now: Date): Promise<string>;
}

export interface ZaloWiring {
  messaging: Pick<MessagingService, 'replyOnZalo' | 'enqueue' | 'sendRepliesNow'>;
  questions: QuestionsService;
  lookupGuard: LookupGuard;
  /** The shared limiter of the public forms (services.rateLimiter): questions and form links per follower. */
  limiter: RateLimiter;
  petitions: PetitionZaloEntry;
  calendar: CalendarService;
}

/** How long a claimed event stays locked to its instance. */
export const EVENT_LOCK_MS = 2 * 60 * 1000;
/** Tries before an event is given up ('failed'). */
export const MAX_ATTEMPTS = 5;
/** The webhook kick's loop: passes at most, waits for an event held by another instance, and their length. */
const KICK_MAX_PASSES = 100;
const KICK_MAX_WAITS = 20;
const KICK_WAIT_MS = 100;
/** The chain event of a follower linked to a dossier (no note: the Zalo user id stays in zalo_links). */
export const ZALO_LINKED_EVENT = 'zalo_linked';

/** The example a citizen is shown of what to send to link their dossier. */
export const LINK_EXAMPLE = '000.31.01.H26-261201-0002 4321';

/**
 * A webhook delivery's outcome: stored (false: a redelivery, nothing stored) or refused, the
 * refusal's `code` being what the webhook answers Zalo: 'not_found' (no OA configured),
 * 'not_json', 'not_an_event', 'stale' (a replay), 'bad_signature'.
 */
export type ReceiveResult = { ok: true; stored: boolean } | Refusal<'not_found' | 'invalid' | 'unauthenticated'>;

/** The webhook's refusals (an API answer: the code matters, the message is for the log reader). */
export const WEBHOOK_REFUSALS = {
  notConfigured: refuse('not_found', 'Zalo OA chưa được cấu hình.', { code: 'not_found' }),
  notJson: refuse('invalid', 'Nội dung gửi đến không phải JSON.', { code: 'not_json' }),
  notAnEvent: refuse('invalid', 'Nội dung gửi đến không phải một sự kiện Zalo.', { code: 'not_an_event' }),
  stale: refuse('invalid', 'Sự kiện có thời điểm quá xa hiện tại (gửi lại một sự kiện cũ).', { code: 'stale' }),
  badSignature: refuse('unauthenticated', 'Chữ ký sự kiện không hợp lệ.', { code: 'bad_signature' }),
} as const;

/** What processing one event decided: how it ends, and the effects written with that end. */
interface Plan {
  status: 'done' | 'ignored';
  outcome: string;
  apply(trx: Db): Promise<void>;
}

class ClaimLost extends Error {
  override name = 'ClaimLost';
}

const nothing = async () => {};

/** The key of the reply to an event (one per event), for replyOnZalo and sendRepliesNow. */
const replyKey = (ev: { id: number }) => `zalo_event:${ev.id}`;
/** Replies waiting for this instance's in-process send; past it, the outbox job sends them. */
const MAX_QUEUED_SENDS = 200;

export function zaloService(deps: Deps, wiring: ZaloWiring) {
  const oa = deps.config.notifications.zaloOa;
  const me = deps.config.server.instanceId;
  const tokens = oa ? zaloTokens(deps, oa) : null;

  function reply(trx: Db, zaloUserId: string, ev: ClaimedEvent, now: Date, template: ZaloTemplateKey, data: Record<string, string>, dossier?: { id: number; code: string }) {
    return wiring.messaging.replyOnZalo(trx, {
      zaloUserId,
      template,
      data,
      reference: dossier?.code ?? null,
      dossierId: dossier?.id ?? null,
      key: replyKey(ev),
      now,
      fallback: null,
    });
  }

  function appointmentText(d: LinkedDossier): string {
    if (PAUSED_STATUSES.includes(d.status)) return PAUSED_TEXT;
    if (OPEN_STATUSES.includes(d.status)) return `Hẹn trả kết quả: ${formatDateTimeVn(currentAppointment(d).appointment)}`;
    if (d.status === 'result_ready') return 'Mời Ông/Bà nhận kết quả theo hình thức đã đăng ký';
    return 'Hồ sơ đã kết thúc';
  }

  const summary = (d: LinkedDossier) => ({ code: d.code, status: STATUS_LABELS[d.status], appointment: appointmentText(d), status_url: statusUrl(d) });
  const statusUrl = (d: LinkedDossier) => absoluteUrl(deps.config.server.publicBaseUrl, paths.publicStatus.page(d.token));
  const helpData = (hotline: string) => ({ example: LINK_EXAMPLE, lookup_url: absoluteUrl(deps.config.server.publicBaseUrl, paths.publicStatus.lookup), hotline });

  const minutesOf = (ms: number) => String(Math.max(1, Math.ceil(ms / 60_000)));
  /** The window over which a refusal is told once: the guard's for a link, the status page's for the rest. */
  const limitWindowMs = (outcome: string) => (outcome.startsWith('link_') ? deps.config.lookup.guard.windowMs : deps.config.lookup.rateLimitWindowMs);

  /**
   * Count one more try on each key with the status page's form limits (LOOKUP_RATE_LIMIT per
   * RATE_LIMIT_WINDOW_MINUTES, the shared limiter); the wait in ms when one is over, else null.
   */
  async function overLimits(keys: string[]): Promise<number | null> {
    let wait: number | null = null;
    for (const key of keys) {
      const hit = await wiring.limiter.hit(key, deps.config.lookup.rateLimitWindowMs);
      if (hit.count > deps.config.lookup.rateLimit) wait = Math.max(wait ?? 0, hit.resetMs);
    }
    return wait;
  }

  /** A question filed on a dossier, with the "received" reply. */
  async function fileQuestion(sender: string, ev: ClaimedEvent, now: Date, d: LinkedDossier, text: string, clearPending: boolean): Promise<Plan> {
    const cal = await wiring.calendar.current();
    return {
      status: 'done',
      outcome: clearPending ? 'question_chosen' : 'question',
      async apply(trx) {
        const users = zaloUsersRepo(trx);
        if (clearPending) await users.setPending(sender, null, null);
        const q = await wiring.questions.askFromZalo(trx, { dossierId: d.id, text, zaloUserId: sender, now, cal });
        await reply(trx, sender, ev, now, 'zalo_question_received', { code: d.code, hours: String(q.allowanceHours), due: formatDateTimeVn(q.answerDueAt) }, d);
      },
    };
  }

  async function planText(sender: string, ev: ClaimedEvent, now: Date, raw: string): Promise<Plan> {
    const users = zaloUsersRepo(deps.db);
    const intent = parseZaloText(raw);
    const touch = (trx: Db) => zaloUsersRepo(trx).touch(sender, now, { message: true });
    /** A plan that only records the follower and replies. */
    const answerWith = (outcome: string, template: ZaloTemplateKey, data: Record<string, string>, dossier?: LinkedDossier): Plan => ({
      status: 'done',
      outcome,
      async apply(trx) {
        await touch(trx);
        await reply(trx, sender, ev, now, template, data, dossier);
      },
    });
    /**
     * A refusal for going over a limit: told once per window (the first refusal), then
     * ignored quietly, so a burst of messages does not become a burst of replies. Nothing else is stored.
     */
    const refuse = async (outcome: string, template: ZaloTemplateKey, waitMs: number): Promise<Plan> => {
      const told = await zaloEventsRepo(deps.db).outcomesSince(sender, [outcome], new Date(now.getTime() - limitWindowMs(outcome)));
      if (told > 0) return { status: 'ignored', outcome: `${outcome}_quiet`, apply: touch };
      return answerWith(outcome, template, { minutes: minutesOf(waitMs) });
    };
    /** A question plan, the follower recorded first; over the status page's question limits, a polite refusal. */
    const asking = async (d: LinkedDossier, text: string, clearPending: boolean): Promise<Plan> => {
      const wait = await overLimits([`question-zalo:${sender}`, `question-token:${d.token}`]);
      if (wait !== null) return refuse('question_limited', 'zalo_too_many_messages', wait);
      const p = await fileQuestion(sender, ev, now, d, text, clearPending);
      return {
        ...p,
        async apply(trx) {
          await touch(trx);
          await p.apply(trx);
        },
      };
    };
    if (intent.kind === 'pakn') {
      // The petition form's limit per address, per follower here.
      const wait = await overLimits([`petition-zalo:${sender}`]);
      if (wait !== null) return refuse('petition_link_limited', 'zalo_too_many_messages', wait);
      return {
        status: 'done',
        outcome: 'petition_link',
        async apply(trx) {
          await touch(trx);
          const link = await wiring.petitions.zaloInviteLink(trx, sender, now);
          await reply(trx, sender, ev, now, 'zalo_petition_link', { link });
        },
      };
    }
    if (intent.kind === 'link') {
      // The lookup guard has its own transaction (it records a wrong try with its check): before the event's.
      const r = await wiring.lookupGuard.attempt(intent.code, lookupActor.zalo(sender), (db) => zaloUsersRepo(db).dossierByCodeAndLast4(intent.code, intent.last4));
      if (r.ok) {
        const d = r.value;
        return {
          status: 'done',
          outcome: 'linked',
          async apply(trx) {
            await touch(trx);
            // A new link is a step on the dossier's chain (who may now ask about it), never public.
            if (await zaloUsersRepo(trx).link(sender, d.id, now)) {
              await appendEvent(trx, d.id, { type: ZALO_LINKED_EVENT, fromStatus: null, toStatus: null, actorId: null, note: null, public: false, ip: null, createdAt: now });
            }
            await reply(trx, sender, ev, now, 'zalo_linked', summary(d), d);
          },
        };
      }
      if (r.reason === 'site_limit') return answerWith('link_limited', 'zalo_try_later', { minutes: minutesOf(r.retryAfterMs) });
      if (r.reason === 'too_many') return refuse('link_too_many', 'zalo_link_too_many', r.retryAfterMs);
      return answerWith('link_failed', 'zalo_link_failed', { example: LINK_EXAMPLE });
    }
    const text = questionText(intent.text, QUESTION_MAX);
    const [user, linked, hotline] = await Promise.all([users.user(sender), users.linkedDossiers(sender), users.centreHotline()]);
    const open = linked.filter((d) => !CLOSED_STATUSES.includes(d.status));
    const named = open.find((d) => intent.codes.includes(d.code));
    const pending = user?.pendingText && user.pendingAt && now.getTime() - user.pendingAt.getTime() <= PENDING_TEXT_TTL_MS ? user.pendingText : null;
    if (pending && named) return asking(named, pending, true);
    if (linked.length === 0) return answerWith('help', 'zalo_help', helpData(hotline));
    if (open.length === 0) return answerWith('finished', 'zalo_dossier_finished', { code: linked[0]!.code, hotline }, linked[0]);
    if (onlyCodes(text)) {
      // A code alone (no question kept): the status of that dossier if it is theirs, else how to link it.
      const mine = linked.find((d) => intent.codes.includes(d.code));
      return mine ? answerWith('status', 'zalo_linked', summary(mine), mine) : answerWith('help', 'zalo_help', helpData(hotline));
    }
    if (text === '') return { status: 'ignored', outcome: 'empty', apply: touch };
    const target = named ?? (open.length === 1 ? open[0]! : null);
    if (target) return asking(target, text, false);
    return {
      status: 'done',
      outcome: 'asked_which',
      async apply(trx) {
        await touch(trx);
        await zaloUsersRepo(trx).setPending(sender, text, now);
        await reply(trx, sender, ev, now, 'zalo_choose_dossier', { codes: open.map((d) => d.code).join('; ') });
      },
    };
  }

  /** What to do with one claimed event (reads only; the effects are in the plan). */
  async function plan(ev: ClaimedEvent, now: Date): Promise<Plan> {
    const e = parseZaloEvent(parseJsonBody(ev.body));
    const sender = ev.senderId;
    if (!e || !sender) return { status: 'ignored', outcome: 'unreadable', apply: nothing };
    switch (e.event_name) {
      case 'follow': {
        const hotline = await zaloUsersRepo(deps.db).centreHotline();
        return {
          status: 'done',
          outcome: 'followed',
          async apply(trx) {
            await zaloUsersRepo(trx).touch(sender, now, { followed: true });
            await reply(trx, sender, ev, now, 'zalo_help', helpData(hotline));
          },
        };
      }
      case 'unfollow':
        return { status: 'done', outcome: 'unfollowed', apply: (trx) => zaloUsersRepo(trx).touch(sender, now, { followed: false }) };
      case 'user_send_text':
        return planText(sender, ev, now, e.message?.text ?? '');
      default: {
        if (!e.event_name.startsWith('user_send_')) return { status: 'ignored', outcome: 'unsupported', apply: nothing };
        // An image, a sticker, a file…: only text is read; a linked follower is told so.
        const users = zaloUsersRepo(deps.db);
        const [linked, hotline] = await Promise.all([users.linkedDossiers(sender), users.centreHotline()]);
        return {
          status: 'ignored',
          outcome: 'not_text',
          async apply(trx) {
            await zaloUsersRepo(trx).touch(sender, now, { message: true });
            if (linked.length > 0) await reply(trx, sender, ev, now, 'zalo_text_only', { hotline });
          },
        };
      }
    }
  }

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

    /**
     * A webhook delivery: the raw body and the X-ZEvent-Signature header. Refused without the
     * OA (not_found); not JSON, signed but not an event, or stale (invalid); a bad signature
     * or another app's event (unauthenticated, logged without the body). Else stored (or a
     * redelivery: nothing stored).
     */
    async receive(raw: Buffer, signature: string | string[] | undefined, meta: { ip: string | null }): Promise<ReceiveResult> {
      if (!oa) return WEBHOOK_REFUSALS.notConfigured;
      const text = raw.toString('utf8');
      const body = parseJsonBody(text);
      if (!body) return WEBHOOK_REFUSALS.notJson;
      const signed = signedFields(body);
      if (!signed || signed.appId !== oa.appId || !verifyZaloSignature(signature, signed.appId, text, signed.timestamp, oa.oaSecretKey)) {
        deps.logger.warn({ ip: meta.ip, bytes: raw.length, signature: signature === undefined ? 'missing' : 'present' }, 'zalo webhook: bad signature, event refused');
        return WEBHOOK_REFUSALS.badSignature;
      }
      const e = parseZaloEvent(body);
      if (!e) return WEBHOOK_REFUSALS.notAnEvent;
      // A signed event from long ago (or far ahead) is a replay, not a delivery: refused, not stored.
      if (!isTimely(e.timestamp, deps.clock.now(), oa.maxEventSkewMs)) {
        deps.logger.warn({ ip: meta.ip, eventName: e.event_name, skewMinutes: Math.round((Number(e.timestamp) - deps.clock.now().getTime()) / 60_000) }, 'zalo webhook: event timestamp too far from now, refused');
        return WEBHOOK_REFUSALS.stale;
      }
      const sender = senderOf(e);
      const msgId = e.message?.msg_id ?? null;
      const stored = await zaloEventsRepo(deps.db).insert({
        eventKey: zaloEventKey({ event_name: e.event_name, sender_id: sender, msg_id: msgId, timestamp: e.timestamp }),
        eventName: e.event_name,
        appId: e.app_id,
        senderId: sender,
        msgId,
        eventTs: Number(e.timestamp),
        body: text,
        receivedAt: deps.clock.now(),
      });
      if (stored) kick();
      return { ok: true, stored };
    },

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
