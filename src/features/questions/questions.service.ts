/**
 * Citizens' questions on their dossier (issue 14, the status-page part). The QR token is
 * the citizen's only credential; staff of the dossier's agencies (canSeeDossier) answer.
 * Every question, answer and internal note is an event on the dossier's chain: the
 * question and a public answer are public events carrying their text (the status page
 * shows the thread anyway, never the staff member's name); an internal note is a
 * non-public event. A public answer tells the citizen through the outbox, once.
 * The answer is due QUESTION_ANSWER_WORKING_HOURS of office time after the question.
 */
import type { Deps } from '../../deps.js';
import type { WorkingCalendar } from '../../domain/calendar.js';
import { DOSSIER_CODE_PATTERN } from '../../domain/dossier-code.js';
import type { StaffUser } from '../../domain/roles.js';
import { CLOSED_STATUSES } from '../../domain/status.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { appendEvent } from '../dossiers/events.repo.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { CLOSED_PETITION_STATUSES, type PetitionStatus } from '../../domain/petitions.js';
import { questionsRepo, type QuestionApplicant, type QuestionDossier, type QuestionPetition, type QuestionRow } from './questions.repo.js';
import { refuse, REFUSAL_MESSAGES, type Refusal } from '../../platform/refusal/refusal.js';
import { staffMaySee } from '../../platform/record/visibility.js';

type Db = Deps['db'];

/** What the citizen-notices side offers (svc.notifications), passed in by services.ts. */
interface Notifier {
  notifyCitizen(trx: Db, dossierId: number, step: { kind: 'question_answered'; questionId: number }, now: Date): Promise<number>;
}

/** How much of an answer goes into the Zalo message (the status page has it all). */
export const ZALO_ANSWER_CLIP = 1500;

/** A text clipped to `max` characters (whole code points), with an ellipsis when cut. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export const QUESTION_MAX = 1000;
/** A closed dossier takes no new question (the refusal, and the status page's note under the thread). */
export const QUESTIONS_CLOSED_MESSAGE = 'Hồ sơ đã kết thúc nên không nhận thêm câu hỏi. Vui lòng liên hệ Bộ phận Một cửa hoặc đường dây nóng.';
export const ANSWER_MAX = 2000;
/** The only name the public ever sees for staff. */
export const PUBLIC_STAFF_NAME = 'Cán bộ xử lý';

export const QUESTION_EVENTS = { asked: 'question_asked', answered: 'question_answered', note: 'question_note' } as const;

/** Asked, or refused: no such dossier, or it is closed (conflict). */
export type AskResult = { ok: true } | Refusal<'not_found' | 'conflict'>;

export type AnswerResult =
  | { ok: true; dossierId: number; kind: 'answer' | 'note' }
  | Refusal<'not_found' | 'forbidden' | 'conflict'>
  /** The answer looks like it carries an ID number or a phone number: the officer confirms first. */
  | (Refusal<'held'> & { dossierId: number });

export const QUESTION_NOT_FOUND = 'Không tìm thấy câu hỏi.';
const OTHER_AGENCY_QUESTION = 'Câu hỏi này thuộc hồ sơ của đơn vị khác.';
const ALREADY_ANSWERED = 'Câu hỏi này đã được trả lời.';

/** What the public thread is made from: a question's text and answer (the status page's read, public-status.repo.ts). */
export type PublicQuestionSource = Pick<QuestionRow, 'id' | 'askedAt' | 'text' | 'answeredAt' | 'answer' | 'answerPublic' | 'petition'>;

export interface PublicQuestion {
  id: number;
  askedAt: Date;
  text: string;
  answer: { at: Date; text: string; by: string } | null;
  /** The petition the question became: its code, tracking page, and the sender's consent to be named (art. 19). */
  petition: PublicQuestionPetition | null;
}

export interface PublicQuestionPetition {
  code: string;
  /** The petition's public tracking page. */
  statusPath: string;
  /** Null: not answered yet; true / false: the sender's answer. */
  consentNamed: boolean | null;
  /** Where the consent form posts; null once the petition is closed (its answer published or withheld). */
  consentAction: string | null;
}

/** A question as the petitions feature turns it into a petition: the question, its dossier, the dossier's applicant. */
export interface QuestionForPetition {
  question: QuestionRow;
  dossier: QuestionDossier;
  applicant: QuestionApplicant;
}

export interface StaffQuestion {
  id: number;
  askedAt: Date;
  answerDueAt: Date;
  text: string;
  answer: { at: Date; text: string; by: string; public: boolean } | null;
  notes: Array<{ at: Date; text: string; by: string }>;
  /** 'status_page' or 'zalo'. */
  channel: string;
  /** The petition the question became ("Chuyển thành PAKN"), else null. */
  petition: (QuestionPetition & { statusPath: string }) | null;
  /** "Còn 3 giờ 20 phút làm việc" / "Quá hạn 1 giờ làm việc"; null once answered. */
  timeLeftText: string | null;
  overdue: boolean;
}

export interface InboxItem {
  id: number;
  dossierId: number;
  dossierCode: string;
  procedureName: string;
  assignedToName: string | null;
  mine: boolean;
  text: string;
  askedAt: Date;
  answerDueAt: Date;
  timeLeftText: string;
  overdue: boolean;
  /** 'status_page' or 'zalo'. */
  channel: string;
}

/** A 12-digit number (an ID number) or a full phone number 0xxxxxxxxx (+84…), spaces, dots and dashes between digits ignored. */
export function carriesPersonalNumber(text: string): boolean {
  // Dossier codes in either layout (H26.57.01-261201-0002, 000.31.01.H26-261130-0001) are not personal:
  // drop them (the one pattern of dossier-code.ts) before joining digits.
  const digits = text.replace(new RegExp(DOSSIER_CODE_PATTERN, 'gi'), ' ').replace(/(\d)[ .-](?=\d)/g, '$1');
  return /(?<!\d)\d{12}(?!\d)/.test(digits) || /(?<!\d)(?:0|\+84|84)\d{9}(?!\d)/.test(digits);
}

/** "3 giờ 20 phút" of working time (rounded up to the minute). */
export function workingDuration(ms: number): string {
  const minutes = Math.max(0, Math.ceil(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} phút`;
  return m === 0 ? `${h} giờ` : `${h} giờ ${m} phút`;
}

/**
 * When the answer is due (the allowance of office time after the question) and when the
 * assigned officer is reminded: 2 working hours before, or halfway for an allowance of 4
 * hours or less.
 */
export function answerDeadlines(cal: WorkingCalendar, askedAt: Date, allowanceMs: number): { answerDueAt: Date; remindAt: Date } {
  const before = Math.min(2 * 3600_000, allowanceMs / 2);
  return { answerDueAt: cal.addWorkingTime(askedAt, allowanceMs), remindAt: cal.addWorkingTime(askedAt, allowanceMs - before) };
}

const STAFF_ROLES = ['clerk', 'officer', 'supervisor'] as const;

function mayAnswer(staff: StaffUser, d: QuestionDossier): boolean {
  return (STAFF_ROLES as readonly string[]).includes(staff.role) && staffMaySee(staff, d);
}

export function questionsService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wiring: { calendar: CalendarService; notifications: Notifier; messaging: Pick<MessagingService, 'replyOnZalo'> }) {
  const { calendar, notifications, messaging } = wiring;
  const hoursMs = () => deps.config.questions.answerWorkingHours * 3600_000;

  async function timeLeft(due: Date, now: Date) {
    const cal = await calendar.forDisplay(now.getTime());
    if (now.getTime() < due.getTime()) return { overdue: false, text: `Còn ${workingDuration(cal.workingTimeBetween(now, due))} làm việc` };
    return { overdue: true, text: `Quá hạn ${workingDuration(cal.workingTimeBetween(due, now))} làm việc` };
  }

  return {
    /** A citizen's question from the status page (text already checked by the schema). */
    async ask(token: string, text: string, ip: string | null): Promise<AskResult> {
      const now = deps.clock.now();
      const cal = await calendar.current();
      return deps.db.transaction(async (trx) => {
        const repo = questionsRepo(trx);
        const d = await repo.dossierByToken(token);
        if (!d) return refuse('not_found', REFUSAL_MESSAGES.dossierNotFound);
        if (CLOSED_STATUSES.includes(d.status)) {
          return refuse('conflict', QUESTIONS_CLOSED_MESSAGE);
        }
        const { answerDueAt, remindAt } = answerDeadlines(cal, now, hoursMs());
        await repo.insert({ dossierId: d.id, text, askedAt: now, answerDueAt, remindAt, ip });
        await appendEvent(trx, d.id, { type: QUESTION_EVENTS.asked, fromStatus: null, toStatus: null, actorId: null, note: text, public: true, ip, createdAt: now });
        return { ok: true } as const;
      });
    },

    /**
     * A question from a follower of the Zalo OA on one of their linked dossiers (the Zalo
     * feature checked the link and that the dossier is open), inside the caller's
     * transaction: stored with channel 'zalo' and its deadlines, chained as the status
     * page's questions are. `cal` is read by the caller before its transaction.
     */
    async askFromZalo(trx: Db, q: { dossierId: number; text: string; zaloUserId: string; now: Date; cal: WorkingCalendar }): Promise<{ questionId: number; answerDueAt: Date; allowanceHours: number }> {
      const { answerDueAt, remindAt } = answerDeadlines(q.cal, q.now, hoursMs());
      const questionId = await questionsRepo(trx).insert({ dossierId: q.dossierId, text: q.text, askedAt: q.now, answerDueAt, remindAt, ip: null, channel: 'zalo', zaloUserId: q.zaloUserId });
      await appendEvent(trx, q.dossierId, { type: QUESTION_EVENTS.asked, fromStatus: null, toStatus: null, actorId: null, note: q.text, public: true, ip: null, createdAt: q.now });
      return { questionId, answerDueAt, allowanceHours: deps.config.questions.answerWorkingHours };
    },

    /** Whether the status page offers the form (a closed dossier takes no new question). */
    acceptsQuestions(status: QuestionDossier['status']): boolean {
      return !CLOSED_STATUSES.includes(status);
    },

    /**
     * The public thread of a dossier's questions (oldest first, as the status page's one read
     * gathers them, with the petition each became): their public answers only, never a staff
     * name; `token` is the status page's, for the consent form's address.
     */
    publicThreadOf(rows: readonly PublicQuestionSource[], token: string): PublicQuestion[] {
      return rows.map((q) => ({
        id: q.id,
        askedAt: q.askedAt,
        text: q.text,
        answer: q.answeredAt && q.answer !== null && q.answerPublic ? { at: q.answeredAt, text: q.answer, by: PUBLIC_STAFF_NAME } : null,
        petition: q.petition
          ? {
              code: q.petition.code,
              statusPath: paths.petitions.status(q.petition.token),
              consentNamed: q.petition.consentAt ? q.petition.consentNamed : null,
              consentAction: CLOSED_PETITION_STATUSES.includes(q.petition.status as PetitionStatus) ? null : paths.publicStatus.petitionConsent(token, q.id),
            }
          : null,
      }));
    },

    /**
     * For the petitions feature ("Chuyển thành PAKN"), inside its transaction: the question,
     * its dossier and the applicant, when `staff` may answer it; a question of another
     * agency's dossier reads as not found (as the other cross-agency actions).
     */
    async forPetition(trx: Db, staff: StaffUser, questionId: number): Promise<({ ok: true } & QuestionForPetition) | Refusal<'not_found'>> {
      const repo = questionsRepo(trx);
      const question = await repo.byId(questionId);
      const dossier = question ? await repo.dossier(question.dossierId) : undefined;
      const applicant = dossier ? await repo.applicant(dossier.id) : undefined;
      if (!question || !dossier || !applicant || !mayAnswer(staff, dossier)) return refuse('not_found', QUESTION_NOT_FOUND);
      return { ok: true, question, dossier, applicant };
    },

    /**
     * The question became petition `petitionId` (the petitions feature's transaction): tied
     * to it, and, if still unanswered, answered publicly with `answer` by `staff` (it leaves
     * the inbox and the reminders; the petition carries it on). False when the question was
     * already tied to a petition (nothing written).
     */
    async closeAsPetition(trx: Db, staff: StaffUser, q: { questionId: number; dossierId: number; petitionId: number; answer: string; now: Date }): Promise<boolean> {
      const repo = questionsRepo(trx);
      if (!(await repo.linkPetition(q.questionId, q.petitionId))) return false;
      if (await repo.answer(q.questionId, { text: q.answer, by: staff.id, at: q.now, public: true })) {
        await appendEvent(trx, q.dossierId, { type: QUESTION_EVENTS.answered, fromStatus: null, toStatus: null, actorId: staff.id, note: q.answer, public: true, ip: null, createdAt: q.now });
      }
      return true;
    },

    /** The question `questionId` asked on the status page of `token` (undefined: not that dossier's). */
    async ofStatusPage(token: string, questionId: number): Promise<QuestionRow | undefined> {
      return questionsRepo(deps.db).byTokenAndId(token, questionId);
    },

    /** The staff thread of a dossier the viewer may see (the route checked access). */
    async staffThread(dossierId: number): Promise<StaffQuestion[]> {
      const repo = questionsRepo(deps.db);
      const [rows, notes] = await Promise.all([repo.forDossier(dossierId), repo.notesForDossier(dossierId)]);
      const now = deps.clock.now();
      return Promise.all(
        rows.map(async (q) => {
          const left = q.answeredAt ? null : await timeLeft(q.answerDueAt, now);
          return {
            id: q.id,
            askedAt: q.askedAt,
            answerDueAt: q.answerDueAt,
            text: q.text,
            answer: q.answeredAt && q.answer !== null ? { at: q.answeredAt, text: q.answer, by: q.answeredByName ?? '', public: q.answerPublic } : null,
            notes: notes.filter((n) => n.questionId === q.id).map((n) => ({ at: n.createdAt, text: n.text, by: n.authorName })),
            channel: q.channel,
            petition: q.petition ? { ...q.petition, statusPath: paths.petitions.status(q.petition.token) } : null,
            timeLeftText: left?.text ?? null,
            overdue: left?.overdue ?? false,
          };
        }),
      );
    },

    /** May this member of staff answer this question? Its dossier's id when so. */
    async access(staff: StaffUser, questionId: number): Promise<{ ok: true; dossierId: number } | Refusal<'not_found' | 'forbidden'>> {
      const repo = questionsRepo(deps.db);
      const q = await repo.byId(questionId);
      const d = q ? await repo.dossier(q.dossierId) : undefined;
      if (!q || !d) return refuse('not_found', QUESTION_NOT_FOUND);
      if (!mayAnswer(staff, d)) return refuse('forbidden', OTHER_AGENCY_QUESTION);
      return { ok: true, dossierId: d.id };
    },

    /** Answer a question publicly, or add an internal note to it. */
    async answer(staff: StaffUser, questionId: number, input: { text: string; internal: boolean; confirmed: boolean }): Promise<AnswerResult> {
      const now = deps.clock.now();
      return deps.db.transaction(async (trx) => {
        const repo = questionsRepo(trx);
        const q = await repo.byId(questionId);
        const d = q ? await repo.dossier(q.dossierId) : undefined;
        if (!q || !d) return refuse('not_found', QUESTION_NOT_FOUND);
        if (!mayAnswer(staff, d)) return refuse('forbidden', OTHER_AGENCY_QUESTION);
        if (input.internal) {
          await repo.addNote({ questionId, authorId: staff.id, text: input.text, at: now });
          await appendEvent(trx, d.id, { type: QUESTION_EVENTS.note, fromStatus: null, toStatus: null, actorId: staff.id, note: input.text, public: false, ip: null, createdAt: now });
          return { ok: true, dossierId: d.id, kind: 'note' } as const;
        }
        if (q.answeredAt) return refuse('conflict', ALREADY_ANSWERED);
        if (!input.confirmed && carriesPersonalNumber(input.text)) {
          return {
            ...refuse(
              'held',
              'Câu trả lời có vẻ chứa số định danh (12 chữ số) hoặc số điện thoại. Câu trả lời sẽ hiển thị công khai trên trang tình trạng hồ sơ: kiểm tra lại, rồi đánh dấu “xác nhận gửi” nếu vẫn muốn gửi.',
            ),
            dossierId: d.id,
          };
        }
        if (!(await repo.answer(questionId, { text: input.text, by: staff.id, at: now, public: true }))) {
          return refuse('conflict', ALREADY_ANSWERED);
        }
        await appendEvent(trx, d.id, { type: QUESTION_EVENTS.answered, fromStatus: null, toStatus: null, actorId: staff.id, note: input.text, public: true, ip: null, createdAt: now });
        const contact = q.channel === 'zalo' && q.zaloUserId ? await repo.contact(d.id) : undefined;
        // Asked on Zalo: answered on Zalo (outside Zalo's free-reply window, by ZNS/SMS to the
        // dossier's phone); the usual notice when the Zalo template is switched off.
        const onZalo =
          q.zaloUserId && contact
            ? await messaging.replyOnZalo(trx, {
                zaloUserId: q.zaloUserId,
                template: 'question_answered_zalo',
                data: { code: d.code, answer: clipText(input.text, ZALO_ANSWER_CLIP), status_url: absoluteUrl(deps.config.server.publicBaseUrl, paths.publicStatus.page(contact.token)) },
                reference: d.code,
                dossierId: d.id,
                key: `question_answered:${questionId}`,
                now,
                fallback: contact.phone.trim() ? { phone: contact.phone, template: 'question_answered' } : null,
              })
            : 0;
        if (onZalo === 0) await notifications.notifyCitizen(trx, d.id, { kind: 'question_answered', questionId }, now);
        return { ok: true, dossierId: d.id, kind: 'answer' } as const;
      });
    },

    /** The inbox: unanswered questions of the viewer's agency, theirs first, oldest first. */
    async inbox(staff: StaffUser): Promise<InboxItem[]> {
      const rows = await questionsRepo(deps.db).unanswered(staff, staff.id);
      const now = deps.clock.now();
      return Promise.all(
        rows.map(async (r) => {
          const left = await timeLeft(r.answerDueAt, now);
          return {
            id: r.id,
            dossierId: r.dossierId,
            dossierCode: r.dossierCode,
            procedureName: r.procedureName,
            assignedToName: r.assignedToName,
            mine: r.assignedToId === staff.id,
            text: r.text,
            askedAt: r.askedAt,
            answerDueAt: r.answerDueAt,
            timeLeftText: left.text,
            overdue: left.overdue,
            channel: r.channel,
          };
        }),
      );
    },
  };
}

export type QuestionsService = ReturnType<typeof questionsService>;
