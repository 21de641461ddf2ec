/**
 * What the public may know about a dossier, reached by its QR token. The applicant is a
 * masked name; ID number, phone, address and e-mail are never part of this view.
 */
import { isWellFormedToken } from '../../domain/public-token.js';
import type { Deps } from '../../deps.js';
import { dossierTime } from '../../domain/appointment.js';
import { maskName } from '../../domain/masking.js';
import { CLOSED_STATUSES, VOIDED_STATUSES, STATUS_LABELS, open311Status, statusPublicNote } from '../../domain/status.js';
import { isoVn } from '../../domain/time.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { paths } from '../../web/paths.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { dossiersRepo } from '../dossiers/dossiers.repo.js';
import { eventLabel, isNotePublic } from '../dossiers/event-labels.js';
import { RATING_FORM_OPTIONS, RATING_LEVEL_LABELS } from '../ratings/rating.js';
import type { QuestionsService } from '../questions/questions.service.js';
import { lookupActor, type LookupGuard } from './lookup-guard.js';
import { publicDossierByToken, type PublicDossierRow } from './public-status.repo.js';
import { resultNotice } from '../../domain/result-file.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';
import { fillMessage } from '../../web/i18n/translator.js';
import { LOOKUP_TEXT } from './public-status.schema.js';
import type { Translator } from '../../web/i18n/translator.js';
import { localizeStatus } from './public-status.present.js';
import type { PublicStatus } from './public-status.types.js';

export type { PublicRating, PublicStatus } from './public-status.types.js';

/** A lookup's answer: the status page's token, or a refusal (a blocked code reads as not found). */
export type LookupResult = { ok: true; token: string } | Refusal<'not_found' | 'rate_limited'>;

const LOOKUP_NOT_FOUND = LOOKUP_TEXT.notFound;
/** Past the site-wide ceiling, a sender who has just tried wrong waits a little (a right first try always passes). */
const SITE_LIMIT = (seconds: number) => fillMessage(LOOKUP_TEXT.siteLimit, { seconds: String(seconds) });
const TOO_MANY = (minutes: number) => fillMessage(LOOKUP_TEXT.tooMany, { minutes: String(minutes) });

/** `calendar` and the lookup guard come from services.ts (shared with other features). */
export function publicStatusService(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  wiring: {
    calendar: CalendarService;
    lookupGuard: LookupGuard;
    questions: QuestionsService;
    messaging: Pick<MessagingService, 'templates' | 'show'>;
  },
) {
  const { calendar, lookupGuard: guard, questions, messaging } = wiring;
  const citizenTemplates = new Set<string>(messaging.templates.citizenKeys);
  const api = {
    async byToken(token: string): Promise<PublicStatus | undefined> {
      if (!isWellFormedToken(token)) return undefined;
      const d = await publicDossierByToken(deps.db, token);
      if (!d) return undefined;
      const cal = await calendar.forDisplay();
      const { events, rating } = d;
      const messages = d.messages.filter((m) => citizenTemplates.has(m.template)).map((m) => messaging.show({ ...m, recipient: '' }, { publicOnly: true }));
      const time = dossierTime(cal, deps.clock.now(), { ...d, history: { supplementClock: d.supplementClock, events } });
      const awaiting = d.status === 'awaiting_supplement';
      return {
        code: d.code,
        agencyName: d.agencyName,
        leadAgencyName: d.leadAgencyName,
        procedureName: d.procedureName,
        procedureNameEn: d.procedureNameEn,
        procedureCode: d.procedureCode,
        applicantMasked: maskName(d.applicantName),
        status: d.status,
        statusLabel: STATUS_LABELS[d.status],
        statusNote: statusPublicNote(d.status, d.supplementClock),
        supplementClock: d.supplementClock,
        completion: d.completion,
        restartedAt: time.restartedAt,
        receivedAt: d.receivedAt,
        dueAt: time.appointment,
        apology: time.originalAppointment ? { previousDueAt: time.originalAppointment, pdfPath: paths.publicStatus.apologyForm(token) } : null,
        receiptDueAt: time.receiptAppointment,
        clockNote: time.clockNote,
        awaitingRestart: time.awaitingRestart,
        updatedAt: d.updatedAt,
        remaining: time.remaining,
        remainingText: time.remainingText,
        completionLabel: time.completionLabel,
        paused: time.paused,
        finished: time.finished,
        // Returned, refused, withdrawn or voided: nothing is left to collect.
        showWhatToBring: !CLOSED_STATUSES.includes(d.status),
        showAppointment: !VOIDED_STATUSES.includes(d.status),
        hotline: d.hotline,
        agencyAddress: d.agencyAddress,
        timeline: events.map((e) => ({ at: e.createdAt, type: e.type, label: eventLabel(e.type), note: isNotePublic(e.type) ? e.note : null })),
        // "Sent to you": only what the provider took (created, sending or failed messages were not sent).
        messages: messages
          .filter((m) => m.status === 'delivered')
          .map((m) => ({ channel: m.channel, template: m.template, channelLabel: m.channelLabel, templateTitle: m.templateTitle, statusLabel: m.statusLabel, createdAt: m.createdAt, deliveredAt: m.deliveredAt })),
        supplementItems: awaiting ? (events.filter((e) => e.type === 'request_supplement').at(-1)?.note ?? '').split('\n').filter(Boolean) : [],
        supplementReason: awaiting ? d.supplementReason : null,
        rating: {
          canRate: d.status === 'returned' && !rating,
          given: rating ? { level: rating.level, levelLabel: RATING_LEVEL_LABELS[rating.level] ?? rating.level, createdAt: rating.createdAt } : null,
          action: paths.ratings.submit(token),
          options: RATING_FORM_OPTIONS,
        },
        questions: questions.publicThreadOf(d.questions, token),
        askAction: questions.acceptsQuestions(d.status) ? paths.publicStatus.ask(token) : null,
        resultFile: publicResultFile(d, token),
      };
    },

    /** The status of `token` in the language of `tr` (public-status.present.ts): what the pages and the JSON show. */
    async byTokenIn(token: string, tr: Translator): Promise<PublicStatus | undefined> {
      const s = await api.byToken(token);
      return s && localizeStatus(s, tr);
    },

    /** The token behind a dossier code and the last 4 phone digits, under the lookup guard (`ip`: who tries). */
    async lookup(code: string, last4: string, ip: string | null): Promise<LookupResult> {
      const r = await guard.attempt(code, lookupActor.address(ip), (db) => dossiersRepo(db).tokenByCodeAndPhoneLast4(code, last4));
      if (r.ok) return { ok: true, token: r.value };
      // A wrong secret and a code that used its tries get the same answer.
      if (r.reason === 'not_found') return refuse('not_found', LOOKUP_NOT_FOUND);
      const seconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
      return refuse('rate_limited', r.reason === 'site_limit' ? SITE_LIMIT(seconds) : TOO_MANY(Math.max(1, Math.ceil(seconds / 60))), { retryAfterMs: r.retryAfterMs });
    },
  };
  return api;
}

/** The electronic result's link, or why it waits (the hand-back rules of src/domain/result-file.ts). */
function publicResultFile(d: Pick<PublicDossierRow, 'status' | 'resultFile' | 'feeVnd' | 'feePaid'>, token: string): PublicStatus['resultFile'] {
  const notice = resultNotice({ status: d.status, file: d.resultFile, feeVnd: d.feeVnd, feePaid: d.feePaid });
  if (notice?.state !== 'available') return notice;
  return { state: 'available', path: paths.publicStatus.result(token), name: notice.file.name, signed: notice.file.signed };
}

/** Open311 GeoReport v2 service request fields. */
export function toOpen311(s: PublicStatus) {
  return {
    service_request_id: s.code,
    status: open311Status(s.status),
    status_notes: `${s.statusLabel}. ${s.statusNote}`,
    service_name: s.procedureName,
    service_code: s.procedureCode,
    agency_responsible: s.leadAgencyName,
    requested_datetime: isoVn(s.receivedAt),
    updated_datetime: isoVn(s.updatedAt),
    // Awaiting a supplement under restart there is no appointment yet: it is computed again from the complete supplement (deadline_note).
    expected_datetime: s.awaitingRestart ? null : isoVn(s.dueAt),
    // Extensions beyond GeoReport v2, the same words and numbers as the HTML page.
    original_expected_datetime: s.apology ? isoVn(s.apology.previousDueAt) : null,
    receipt_expected_datetime: s.receiptDueAt ? isoVn(s.receiptDueAt) : null,
    deadline_note: s.clockNote,
    deadline_text: s.remainingText,
    working_days_left: s.remaining && !s.remaining.overdue ? s.remaining.workingDaysLeft : null,
    working_days_overdue: s.remaining?.overdue ? s.remaining.workingDaysOverdue : null,
    completion: s.completionLabel,
    // The citizen's questions and the public answers, newest last; staff only as "Cán bộ xử lý".
    questions: s.questions.map((q) => ({
      asked_datetime: isoVn(q.askedAt),
      question: q.text,
      answer: q.answer ? { answered_datetime: isoVn(q.answer.at), answered_by: q.answer.by, text: q.answer.text } : null,
      // The petition the question became ("Chuyển thành PAKN"), by its tracking code.
      petition_code: q.petition?.code ?? null,
    })),
    accepts_questions: s.askAction !== null,
  };
}
