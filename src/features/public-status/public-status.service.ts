/**
 * What the public may know about a dossier, reached by its QR token. The applicant is a
 * masked name; ID number, phone, address and e-mail are never part of this view.
 */
import { isWellFormedToken } from '../../domain/public-token.js';
import type { Deps } from '../../deps.js';
import { dossierTime } from '../../domain/appointment.js';
import type { Remaining, SupplementClock } from '../../domain/deadline.js';
import type { Completion } from '../../domain/workflow.js';
import { maskName } from '../../domain/masking.js';
import { CLOSED_STATUSES, VOIDED_STATUSES, STATUS_LABELS, open311Status, statusPublicNote, type DossierStatus } from '../../domain/status.js';
import { isoVn } from '../../domain/time.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { paths } from '../../web/paths.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { dossiersRepo } from '../dossiers/dossiers.repo.js';
import { eventLabel, isNotePublic } from '../dossiers/event-labels.js';
import { RATING_FORM_OPTIONS, RATING_LEVEL_LABELS, type RatingLevel } from '../ratings/rating.js';
import type { QuestionsService, PublicQuestion } from '../questions/questions.service.js';
import { lookupActor, type LookupGuard } from './lookup-guard.js';
import { publicDossierByToken } from './public-status.repo.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';
import { fillMessage } from '../../web/i18n/translator.js';
import { LOOKUP_TEXT } from './public-status.schema.js';

export interface PublicStatus {
  code: string;
  agencyName: string;
  leadAgencyName: string;
  procedureName: string;
  /** The procedure's English name where the catalogue has one (the English page shows it; never blank there: procedureName otherwise). */
  procedureNameEn: string | null;
  procedureCode: string;
  applicantMasked: string;
  status: DossierStatus;
  statusLabel: string;
  statusNote: string;
  /** The clock rule the dossier was received under (the status note and clock note depend on it). */
  supplementClock: SupplementClock;
  /** How the result came against the appointment (results only show it: completionLabel). */
  completion: Completion | null;
  /** Under restart, when the complete supplement was recorded (clockNote says so). */
  restartedAt: Date | null;
  receivedAt: Date;
  /** The appointment in force: the one re-set by an apology, else the statutory one (domain/appointment.ts, as the staff page). */
  dueAt: Date;
  /** When an apology re-set the appointment: the one it replaced, and where to download the notice. */
  apology: { previousDueAt: Date; pdfPath: string } | null;
  /** The receipt's printed appointment, when the statutory one moved away from it. */
  receiptDueAt: Date | null;
  /** Why it moved ("Thời hạn được tính lại từ đầu kể từ khi nhận đủ hồ sơ bổ sung lúc …"), as on the staff page. */
  clockNote: string | null;
  /** Awaiting a supplement under restart: no appointment yet (it is computed again from the complete supplement); dueAt is the one before the request. */
  awaitingRestart: boolean;
  updatedAt: Date;
  /** Null once the dossier is finished or while the clock is paused. */
  remaining: Remaining | null;
  /** "Còn 1 ngày làm việc", "Đến hạn hôm nay", "Quá hạn 2 ngày làm việc", "Thời hạn đang tạm dừng"; null once finished. */
  remainingText: string | null;
  /** "Trước hạn" / "Đúng hạn" / "Quá hạn", for a result only (never refused, withdrawn or voided). */
  completionLabel: string | null;
  paused: boolean;
  finished: boolean;
  /** What to bring to collect the result: only while a result is still to be collected. */
  showWhatToBring: boolean;
  /** A voided intake has no appointment any more (the status note says it was cancelled). */
  showAppointment: boolean;
  hotline: string;
  agencyAddress: string;
  timeline: Array<{ at: Date; type: string; label: string; note: string | null }>;
  /** What the office told the citizen: which message, by which channel, when (no recipient). */
  messages: Array<{ channel: string; template: string; channelLabel: string; templateTitle: string; statusLabel: string; createdAt: Date; deliveredAt: Date | null }>;
  /** While awaiting a supplement: what the citizen must bring, one item per line, and why. */
  supplementItems: string[];
  supplementReason: string | null;
  /** Satisfaction rating: offered once the result is returned, once per dossier. */
  rating: PublicRating;
  /** The citizen's questions and the public answers, newest last (staff read as "Cán bộ xử lý"). */
  questions: PublicQuestion[];
  /** Where the question form posts; null once the dossier is closed (no new question). */
  askAction: string | null;
}

export interface PublicRating {
  /** Returned and not rated yet: the form is shown. */
  canRate: boolean;
  /** The rating already given (its level only: the comment is never shown publicly). */
  given: { level: RatingLevel; levelLabel: string; createdAt: Date } | null;
  /** Where the form posts, and what it offers. */
  action: string;
  options: typeof RATING_FORM_OPTIONS;
}


/** A lookup's answer: the status page's token, or a refusal (a blocked code reads as not found). */
export type LookupResult = { ok: true; token: string } | Refusal<'not_found' | 'rate_limited'>;

const LOOKUP_NOT_FOUND = LOOKUP_TEXT.notFound;
/** Past the site-wide ceiling, a sender who has just tried wrong waits a little (a right first try always passes). */
const SITE_LIMIT = (seconds: number) => fillMessage(LOOKUP_TEXT.siteLimit, { seconds: String(seconds) });
const TOO_MANY = (minutes: number) => fillMessage(LOOKUP_TEXT.tooMany, { minutes: String(minutes) });

/** `calendar` and the lookup guard come from services.ts (shared with other features). */
export function publicStatusService(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  wiring: { calendar: CalendarService; lookupGuard: LookupGuard; questions: QuestionsService; messaging: Pick<MessagingService, 'templates' | 'show'> },
) {
  const { calendar, lookupGuard: guard, questions, messaging } = wiring;
  const citizenTemplates = new Set<string>(messaging.templates.citizenKeys);
  return {
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
        questions: await questions.publicThread(d.id),
        askAction: questions.acceptsQuestions(d.status) ? paths.publicStatus.ask(token) : null,
      };
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
    })),
    accepts_questions: s.askAction !== null,
  };
}
