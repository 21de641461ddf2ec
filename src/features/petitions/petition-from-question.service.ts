/**
 * A citizen's question that is a petition ("Chuyển thành PAKN"; issue 25 §1 item 8; Decree
 * 20/2008/NĐ-CP art. 6 and 19). Staff who may answer a dossier's question (its agencies'
 * clerks, officers, supervisors) turn a question about a delay or an official's conduct into
 * a petition, in one transaction:
 * - the petition: the question's text as its content, the kind staff chose (handling or
 *   conduct), the dossier linked, the sender the dossier's applicant (name, address, phone,
 *   e-mail), channel 'question', received now (the 5 working days of art. 9(1)(d) count from
 *   the conversion, when the petition enters the register), recorded by the staff member;
 *   a question asked on Zalo keeps its follower, so the answer goes back there too;
 * - the question tied to it (petitions.question_id is unique: a double submit, or two staff
 *   at once, make one petition) and, if unanswered, answered publicly with the petition's
 *   code (it leaves the inbox and the reminders);
 * - the citizen told (`petition_from_question`, and on Zalo `petition_from_question_zalo`),
 *   the conduct alert for kind 'conduct';
 * - not named until they say so: consent_named stays false until the sender answers on the
 *   dossier's status page (art. 19), which they may change while the petition is open.
 */
import type { Deps } from '../../deps.js';
import { codeDatePart } from '../../domain/dossier-code.js';
import { forwardDueAt } from '../../domain/petition-deadline.js';
import { CLOSED_PETITION_STATUSES, formatPetitionCode, type PetitionStatus } from '../../domain/petitions.js';
import type { StaffUser } from '../../domain/roles.js';
import { formatDateTimeVn } from '../../domain/time.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { PETITION_CONSENT_TEXT } from '../questions/questions.i18n.js';
import type { QuestionsService } from '../questions/questions.service.js';
import { appendPetitionEvent } from './petition-events.repo.js';
import { isUniqueViolation, petitionIntakeRepo } from './petition-intake.repo.js';
import type { ConductAlert } from './petition-intake.service.js';
import { randomToken } from './petition-intake.service.js';
import { petitionsRepo } from './petitions.repo.js';

/** The kinds a question becomes: a delay (the handling of the procedure) or an official's conduct. */
export const QUESTION_PETITION_KINDS = ['handling', 'conduct'] as const;
export type QuestionPetitionKind = (typeof QUESTION_PETITION_KINDS)[number];

export const CONSENT_EVENT = 'petition_consent_named';

export const FROM_QUESTION_MESSAGES = {
  closed: PETITION_CONSENT_TEXT.closed,
} as const;

/** The public answer the question gets: where it went. */
export function questionPetitionAnswer(code: string): string {
  return `Câu hỏi của Ông/Bà được tiếp nhận là phản ánh, kiến nghị ${code} và được xử lý theo Nghị định 20/2008/NĐ-CP. Ông/Bà theo dõi kết quả xử lý tại trang của phản ánh, kiến nghị này.`;
}

export type ConvertResult = { ok: true; petitionId: number; code: string; dossierId: number; duplicate: boolean } | Refusal<'not_found'>;

export interface FromQuestionWiring {
  calendar: CalendarService;
  messaging: Pick<MessagingService, 'notifyContact' | 'replyOnZalo'>;
  questions: Pick<QuestionsService, 'forPetition' | 'closeAsPetition' | 'ofStatusPage'>;
  petitions: ConductAlert;
}

class AlreadyConverted extends Error {}

export function petitionFromQuestionService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wiring: FromQuestionWiring) {
  const { calendar, messaging, questions } = wiring;
  const statusUrl = (token: string) => absoluteUrl(deps.config.server.publicBaseUrl, paths.petitions.status(token));

  /** The petition a question already became (a double submit lands on it). */
  async function existing(staff: StaffUser, questionId: number): Promise<ConvertResult> {
    return deps.db.transaction(async (trx) => {
      const r = await questions.forPetition(trx, staff, questionId);
      if (!r.ok) return r;
      if (!r.question.petition) return refuse('not_found', 'Không tìm thấy phản ánh, kiến nghị.');
      return { ok: true, petitionId: r.question.petition.id, code: r.question.petition.code, dossierId: r.dossier.id, duplicate: true };
    });
  }

  return {
    /** Turn question `questionId` into a petition of `kind`, or land on the one it already became. */
    async convert(staff: StaffUser, questionId: number, kind: QuestionPetitionKind): Promise<ConvertResult> {
      const now = deps.clock.now();
      const cal = await calendar.current();
      const due = forwardDueAt(cal, now);
      const day = codeDatePart(now);
      const intake = petitionIntakeRepo(deps.db);
      try {
        return await intake.transaction(async (trx): Promise<ConvertResult> => {
          const r = await questions.forPetition(trx, staff, questionId);
          if (!r.ok) return r;
          const { question: q, dossier: d, applicant: a } = r;
          if (q.petition) return { ok: true, petitionId: q.petition.id, code: q.petition.code, dossierId: d.id, duplicate: true };
          const code = formatPetitionCode(day, await intake.nextSequence(trx, day));
          const publicToken = randomToken();
          const officialId = kind === 'conduct' ? (a.assignedTo ?? a.lastActorId) : null;
          const petitionId = await intake.insertPetition(trx, {
            code,
            publicToken,
            formNonce: null,
            kind,
            channel: 'question',
            procedureId: null,
            concernedAgencyId: d.processingAgencyId,
            dossierId: d.id,
            officialId,
            content: q.text,
            senderKind: a.kind === 'organisation' ? 'organisation' : 'individual',
            senderName: a.name,
            senderAddress: a.address,
            senderPhone: a.phone.trim() || null,
            senderEmail: a.email?.trim() || null,
            // Art. 19: named only once the sender says yes on the status page.
            consentPublish: false,
            consentNamed: false,
            zaloUserId: q.zaloUserId,
            ip: null,
            receivedAt: now,
            forwardDueAt: due,
            recordedBy: staff.id,
            receivedHow: `Câu hỏi về hồ sơ ${d.code}, gửi lúc ${formatDateTimeVn(q.askedAt)}${q.channel === 'zalo' ? ' qua Zalo' : ' trên trang tra cứu hồ sơ'}`,
            questionId: q.id,
          });
          if (!(await questions.closeAsPetition(trx, staff, { questionId: q.id, dossierId: d.id, petitionId, answer: questionPetitionAnswer(code), now }))) throw new AlreadyConverted();
          await appendPetitionEvent(trx, petitionId, {
            type: 'received',
            fromStatus: null,
            toStatus: 'received',
            actorId: staff.id,
            note: `Chuyển từ câu hỏi của công dân về hồ sơ ${d.code}.`,
            public: true,
            ip: null,
            createdAt: now,
          });
          const data = { code, dossier: d.code, forward_due: formatDateTimeVn(due), status_url: statusUrl(publicToken) };
          await messaging.notifyContact(trx, { contact: { phone: a.phone, email: a.email }, template: 'petition_from_question', data, reference: code, dossierId: d.id, key: `petition_from_question:${petitionId}`, now });
          if (q.zaloUserId) {
            await messaging.replyOnZalo(trx, { zaloUserId: q.zaloUserId, template: 'petition_from_question_zalo', data, reference: code, dossierId: d.id, key: `petition_from_question_zalo:${petitionId}`, now, fallback: null });
          }
          if (officialId !== null) await wiring.petitions.alertConduct(trx, petitionId, now);
          return { ok: true, petitionId, code, dossierId: d.id, duplicate: false };
        });
      } catch (e) {
        // Two submits at once: the other one made the petition (the unique question_id, or the link already taken).
        if (e instanceof AlreadyConverted || isUniqueViolation(e)) return existing(staff, questionId);
        throw e;
      }
    },

    /**
     * The sender's answer, on the dossier's status page (`token`), on being named in the
     * published answer of the petition question `questionId` became (art. 19): recorded while
     * the petition is open, an event on its chain (not public). Not found: no such question
     * on that page, or it is no petition.
     */
    async consent(token: string, questionId: number, named: boolean, ip: string | null): Promise<{ ok: true } | Refusal<'not_found' | 'conflict'>> {
      const q = await questions.ofStatusPage(token, questionId);
      if (!q?.petition) return refuse('not_found', 'Không tìm thấy câu hỏi.');
      const petitionId = q.petition.id;
      if (CLOSED_PETITION_STATUSES.includes(q.petition.status as PetitionStatus)) return refuse('conflict', FROM_QUESTION_MESSAGES.closed);
      const now = deps.clock.now();
      return deps.db.transaction(async (trx) => {
        if (!(await petitionsRepo(trx).setConsentNamed(petitionId, named, now))) return refuse('conflict', FROM_QUESTION_MESSAGES.closed);
        await appendPetitionEvent(trx, petitionId, {
          type: CONSENT_EVENT,
          fromStatus: null,
          toStatus: null,
          actorId: null,
          note: named ? 'Người phản ánh đồng ý được nêu họ tên khi công khai kết quả xử lý (Điều 19).' : 'Người phản ánh không đồng ý được nêu họ tên khi công khai kết quả xử lý (Điều 19).',
          public: false,
          ip,
          createdAt: now,
        });
        return { ok: true } as const;
      });
    },
  };
}

export type PetitionFromQuestionService = ReturnType<typeof petitionFromQuestionService>;
