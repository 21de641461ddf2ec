/**
 * What one claimed Zalo event means (the "processing" of zalo.service.ts, step 2): reads
 * only, on deps.db outside any transaction, and returns a plan — how the event ends and the
 * effects written with that end (the follower, a link to a dossier, a question, the replies).
 */
import type { Deps } from '../../deps.js';
import { currentAppointment, PAUSED_TEXT } from '../../domain/appointment.js';
import { CLOSED_STATUSES, OPEN_STATUSES, PAUSED_STATUSES, STATUS_LABELS } from '../../domain/status.js';
import { formatDateTimeVn } from '../../domain/time.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { onlyCodes, parseZaloText, PENDING_TEXT_TTL_MS, questionText } from '../../domain/zalo-message.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { lookupActor, type LookupGuard } from '../public-status/lookup-guard.js';
import type { RateLimiter } from '../../web/rate-limit.js';
import { QUESTION_MAX, type QuestionsService } from '../questions/questions.service.js';
import { parseJsonBody, parseZaloEvent } from './zalo.schema.js';
import { zaloEventsRepo, type ClaimedEvent } from './zalo-events.repo.js';
import { zaloUsersRepo, type LinkedDossier } from './zalo-users.repo.js';
import { catalogueMatchLine, type ZaloTemplateKey } from './templates.js';
import type { PublicCatalogueService } from '../catalogue/public-catalogue.service.js';
import { ONLINE_LEVEL_LABELS } from '../../domain/national-procedure.js';

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
  /** The public catalogue: "TT …" runs the same search as /thu-tuc. */
  catalogue: Pick<PublicCatalogueService, 'search' | 'byExactCode' | 'procedure' | 'procedureUrl'>;
}

/** Matches a "TT" reply lists. */
export const CATALOGUE_MATCHES = 3;
/** The documents a "TT <code>" summary lists, at most this many characters. */
const SUMMARY_DOCUMENTS_MAX = 600;

/** The chain event of a follower linked to a dossier (no note: the Zalo user id stays in zalo_links). */
export const ZALO_LINKED_EVENT = 'zalo_linked';

/** The example a citizen is shown of what to send to link their dossier. */
export const LINK_EXAMPLE = '000.31.01.H26-261201-0002 4321';

/** What processing one event decided: how it ends, and the effects written with that end. */
export interface Plan {
  status: 'done' | 'ignored';
  outcome: string;
  apply(trx: Db): Promise<void>;
}

const nothing = async () => {};

/** The key of the reply to an event (one per event), for replyOnZalo and sendRepliesNow. */
export const replyKey = (ev: { id: number }) => `zalo_event:${ev.id}`;

/** The planner of the events: `plan(ev, now)` decides what one claimed event does. */
export function zaloPlanner(deps: Deps, wiring: ZaloWiring) {
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
    if (intent.kind === 'catalogue') return planCatalogue(intent.query, answerWith);
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

  /**
   * "TT <query>": the procedure of that exact code (its summary), else the three best matches
   * of the catalogue's search (the same function as /thu-tuc: the same results), else how to search.
   */
  async function planCatalogue(query: string, answerWith: (outcome: string, template: ZaloTemplateKey, data: Record<string, string>) => Plan): Promise<Plan> {
    const base = deps.config.server.publicBaseUrl;
    if (query === '') return answerWith('catalogue_help', 'zalo_catalogue_help', { search_url: absoluteUrl(base, paths.catalogue.search) });
    const exact = await wiring.catalogue.byExactCode(query);
    const p = exact ? await wiring.catalogue.procedure(exact.code) : undefined;
    if (exact && p) {
      const documents = p.detail.documents.flatMap((c) => c.items.map((i) => i.name)).join('; ');
      return answerWith('catalogue_procedure', 'zalo_catalogue_procedure', {
        code: exact.code,
        name: exact.name,
        time: exact.time,
        fee: exact.fee,
        online: ONLINE_LEVEL_LABELS[exact.online],
        documents: documents.length > SUMMARY_DOCUMENTS_MAX ? `${documents.slice(0, SUMMARY_DOCUMENTS_MAX - 1)}…` : documents || 'xem tại trang thủ tục',
        url: p.url,
      });
    }
    const { page } = await wiring.catalogue.search({ q: query });
    const top = page.items.slice(0, CATALOGUE_MATCHES);
    const searchUrl = absoluteUrl(base, paths.catalogue.searchWith({ q: query }));
    if (top.length === 0) return answerWith('catalogue_none', 'zalo_catalogue_none', { query, search_url: searchUrl });
    const matches = top.map((h, i) => catalogueMatchLine(i + 1, { ...h.entry, url: wiring.catalogue.procedureUrl(h.entry.code) })).join('\n');
    return answerWith('catalogue_matches', 'zalo_catalogue_matches', { query, matches, search_url: searchUrl });
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

  return { plan };
}
