/**
 * Feedback and petitions on administrative regulations (issue 15, the staff side): the
 * control unit's triage and forwarding, the competent agency's draft and its head's
 * approval, publication, the petition's timeline. Every step is an event on the
 * petition's hash chain, written in the transaction that makes the change, with the
 * messages it causes (the outbox).
 *
 * Who sees what: the control unit (admin, supervisors of the province centre) every
 * petition; an agency's officers and supervisors the petitions forwarded to it; an
 * agency's supervisors also the feedback about the conduct of their own staff. Nobody
 * else, not even that a petition exists (404).
 */
import type { Deps } from '../../deps.js';
import { answerDueForKind } from '../../domain/petition-deadline.js';
import { PETITION_EVENT_TYPES, decidePetition, petitionActionsFor, type PetitionAction, type PetitionActionFields, type PetitionField } from '../../domain/petition-workflow.js';
import {
  CLOSED_PETITION_STATUSES,
  PETITION_KIND_LABELS,
  PETITION_OUTCOME_LABELS,
  PETITION_STATUS_LABELS,
  publishedSearchText,
  SCOPE_REASON_LABELS,
  type PetitionOutcome,
  type PetitionStatus,
  type ScopeReason,
} from '../../domain/petitions.js';
import type { StaffUser } from '../../domain/roles.js';
import { formatDateTimeVn, formatLocalDateVn, localDateOf } from '../../domain/time.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { appendPetitionEvent, listPetitionEvents } from './petition-events.repo.js';
import { aboutOurStaff, contextOf, maySee, scopeOf, viewerOf } from './petition-access.js';
import { alertConduct, clip, staffLink, tellSender, type EmailStaff } from './petition-notices.js';
import { propose, PUBLICATION_MESSAGES, senderData, type PublicationField, type PublicationInput } from './petition-publication.js';
import { deadlinesOf, petitionEventLabel, type ListItem, type PetitionPage } from './petition-view.js';
import { petitionsRepo, type PetitionRow } from './petitions.repo.js';
import type { Refusal } from '../../platform/refusal/refusal.js';

type Db = Deps['db'];

export interface PetitionsWiring {
  calendar: CalendarService;
  messaging: Pick<MessagingService, 'notifyContact' | 'replyOnZalo' | 'emailStaff'>;
}

/** An action on a petition: the workflow's fields (domain/petition-workflow.ts), the three every form sends always present. */
export interface ActInput extends PetitionActionFields {
  action: string;
  version: number;
  note: string | null;
  category: string | null;
  agencyId: number | null;
  answer: string | null;
  publication?: PublicationInput;
}

export type ActResult =
  | { ok: true; action: PetitionAction }
  | Refusal<'not_found' | 'forbidden' | 'conflict'>
  /** A field this action needs (the form again, the message next to the field). */
  | (Refusal<'unprocessable'> & { field?: PetitionField | PublicationField });

const STALE_MESSAGE = 'Phản ánh, kiến nghị vừa được người khác cập nhật. Trang đã được tải lại với thông tin mới nhất; vui lòng kiểm tra rồi thực hiện lại.';
const NOT_FOUND = 'Không tìm thấy phản ánh, kiến nghị.';

const DISPATCH_DATE_MESSAGE = 'Ngày văn bản chuyển không hợp lệ hoặc sau hôm nay.';
const REVIEW_DATE_MESSAGE = 'Ngày xem xét lại phải là một ngày sau hôm nay.';

/** A real calendar day (not 2026-02-30). */
function isRealDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/**
 * The columns of an approval's (or a pending answer's) publication: the texts the approver
 * confirmed, published now, with the sender named only when they agreed; or the reason the
 * head withholds it (approve only). Refused when a text or the confirmation is missing.
 */
function publicationPatch(
  p: PetitionRow,
  pub: PublicationInput | undefined,
  staffId: number,
  now: Date,
): { patch: Record<string, unknown>; withheld: string | null } | { refused: Refusal<'unprocessable'> & { field: PublicationField } } {
  const reason = pub?.withheldReason?.trim();
  if (reason) return { patch: { publication_withheld_at: now, publication_withheld_by: staffId, publication_withheld_reason: reason }, withheld: reason };
  if (!pub?.content?.trim()) return { refused: { ok: false, reason: 'unprocessable', message: PUBLICATION_MESSAGES.content, field: 'published_content' } };
  if (!pub.answer?.trim()) return { refused: { ok: false, reason: 'unprocessable', message: PUBLICATION_MESSAGES.answer, field: 'published_answer' } };
  if (!pub.confirmed) return { refused: { ok: false, reason: 'unprocessable', message: PUBLICATION_MESSAGES.confirm, field: 'confirm_publication' } };
  return { patch: { published_at: now, published_content: pub.content, published_answer: pub.answer, published_search: publishedSearchText({ code: p.code, content: pub.content, answer: pub.answer }) }, withheld: null };
}

export function petitionsService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wiring: PetitionsWiring) {
  const { calendar, messaging } = wiring;
  const baseUrl = deps.config.server.publicBaseUrl;
  const emailStaff: EmailStaff = (trx, to, m) => messaging.emailStaff(trx, to, { ...m, dossierId: null });

  return {
    alertConduct: (trx: Db, petitionId: number, now: Date) => alertConduct(emailStaff, trx, petitionId, now, baseUrl),

    /** Whether this member of staff is the control unit (the list's wording, the home tile). */
    async isControlUnit(staff: StaffUser): Promise<boolean> {
      return (await viewerOf(deps.db, staff)).controlUnit;
    },

    /** The viewer's petitions: overdue first, then the nearest deadline. */
    async list(staff: StaffUser, f: { status: PetitionStatus | null; all: boolean }): Promise<{ controlUnit: boolean; items: ListItem[] }> {
      const v = await viewerOf(deps.db, staff);
      const now = deps.clock.now();
      const today = localDateOf(now);
      const rows = await petitionsRepo(deps.db).list(scopeOf(v), { status: f.status, openOnly: !f.all, limit: 500 }, now, today);
      const items = await Promise.all(
        rows.map(async (p): Promise<ListItem> => {
          const open = (await deadlinesOf(calendar, p, now)).filter((d) => d.left !== null);
          const deadline = open[open.length - 1] ?? null;
          return {
            id: p.id,
            code: p.code,
            kind: PETITION_KIND_LABELS[p.kind],
            status: p.status,
            statusLabel: PETITION_STATUS_LABELS[p.status],
            excerpt: clip(p.content, 160),
            receivedAt: p.receivedAt,
            agencyName: p.competentAgencyName,
            deadline,
            overdue: deadline?.overdue ?? false,
            aboutOurStaff: aboutOurStaff(v, p),
            review: p.status === 'kept_for_study' && p.reviewDueOn ? { on: formatLocalDateVn(p.reviewDueOn), reached: p.reviewDueOn <= today } : null,
          };
        }),
      );
      return { controlUnit: v.controlUnit, items };
    },

    /** Open petitions for the home tile (null: the viewer handles none). */
    async counts(staff: StaffUser): Promise<{ open: number; overdue: number; controlUnit: boolean } | null> {
      if (staff.role === 'clerk') return null;
      const v = await viewerOf(deps.db, staff);
      const c = await petitionsRepo(deps.db).counts(scopeOf(v), deps.clock.now());
      return { ...c, controlUnit: v.controlUnit };
    },

    /**
     * The control unit's home: its open petitions per status (each the list `?trang_thai=`
     * shows) and how many are past their forward or answer deadline. Null for anyone else.
     */
    async controlUnitCounts(staff: StaffUser): Promise<{ byStatus: Record<'received' | 'accepted' | 'forwarded' | 'drafted', number>; overdue: number; reviewDue: number } | null> {
      if (staff.role === 'clerk') return null;
      const v = await viewerOf(deps.db, staff);
      if (!v.controlUnit) return null;
      const now = deps.clock.now();
      const repo = petitionsRepo(deps.db);
      const [rows, reviewDue] = await Promise.all([repo.openByStatus(scopeOf(v), now), repo.reviewDueCount(scopeOf(v), localDateOf(now))]);
      const n = (status: PetitionStatus) => rows.find((r) => r.status === status)?.open ?? 0;
      return {
        byStatus: { received: n('received'), accepted: n('accepted'), forwarded: n('forwarded'), drafted: n('drafted') },
        overdue: rows.reduce((sum, r) => sum + r.overdue, 0),
        // Kept for study (art. 14(2)(b)) whose review date has come.
        reviewDue,
      };
    },

    /** May this member of staff see this petition (its routes answer 404 otherwise)? */
    async canSee(staff: StaffUser, id: number): Promise<boolean> {
      const p = await petitionsRepo(deps.db).byId(id);
      return p !== undefined && maySee(await viewerOf(deps.db, staff), p);
    },

    /** The page of one petition, or why not. */
    async page(staff: StaffUser, id: number): Promise<{ ok: true; page: PetitionPage } | { ok: false; reason: 'not_found'; message: string }> {
      const repo = petitionsRepo(deps.db);
      const v = await viewerOf(deps.db, staff);
      const p = await repo.byId(id);
      if (!p || !maySee(v, p)) return { ok: false, reason: 'not_found', message: NOT_FOUND };
      const now = deps.clock.now();
      const actions = petitionActionsFor(p.status, staff.role, contextOf(v, p));
      const [events, version, deadlines, agencies] = await Promise.all([listPetitionEvents(deps.db, id), repo.version(id), deadlinesOf(calendar, p, now), actions.includes('forward') ? repo.agencies() : Promise.resolve([])]);
      // Every answer is published, anonymised (art. 19); the sender's consent only keeps their name.
      const toPublish = actions.includes('approve') ? p.answerDraft : actions.includes('publish') ? p.answer : null;
      const publication = toPublish !== null ? { content: propose(p.content, senderData(p), p.consentNamed), answer: propose(toPublish, senderData(p), p.consentNamed) } : null;
      return {
        ok: true,
        page: {
          p,
          publication,
          kindLabel: PETITION_KIND_LABELS[p.kind],
          statusLabel: PETITION_STATUS_LABELS[p.status],
          version,
          deadlines,
          events: events.map((e) => ({ ...e, label: petitionEventLabel(e.type) })),
          actions,
          agencies,
          aboutOurStaff: aboutOurStaff(v, p),
        },
      };
    },

    /** One workflow action, in one transaction, against the version the form showed. */
    async act(staff: StaffUser, id: number, input: ActInput, ip: string | null): Promise<ActResult> {
      const now = deps.clock.now();
      const cal = await calendar.current();
      return deps.db.transaction(async (trx): Promise<ActResult> => {
        const repo = petitionsRepo(trx);
        await repo.lock(id);
        const p = await repo.byId(id);
        const v = await viewerOf(trx, staff);
        if (!p || !maySee(v, p)) return { ok: false, reason: 'not_found', message: NOT_FOUND };
        if ((await repo.version(id)) !== input.version) return { ok: false, reason: 'conflict', message: STALE_MESSAGE };
        const d = decidePetition(p.status, input.action, staff.role, input.note, contextOf(v, p), {
          category: input.category,
          agencyId: input.agencyId,
          answer: input.answer,
          outcome: input.outcome,
          scopeReason: input.scopeReason,
          externalBody: input.externalBody,
          dispatchNumber: input.dispatchNumber,
          dispatchDate: input.dispatchDate,
          reviewDate: input.reviewDate,
        });
        if (!d.ok) {
          if (d.reason === 'wrong_status') return { ok: false, reason: 'conflict', message: d.message };
          if (d.reason === 'missing_field' || d.reason === 'unknown_action') return { ok: false, reason: 'unprocessable', message: d.message, field: d.field };
          return { ok: false, reason: 'forbidden', message: d.message };
        }
        const event = { type: PETITION_EVENT_TYPES[d.action], fromStatus: d.from, toStatus: d.to, actorId: staff.id, note: input.note, public: d.rule.public, ip, createdAt: now };
        const link = staffLink(baseUrl, p.id);
        let patch: Record<string, unknown> = { status: d.to };
        const after: Array<() => Promise<unknown>> = [];
        switch (d.action) {
          case 'accept':
            patch = { ...patch, accepted_at: now, triaged_by: staff.id };
            break;
          case 'not_in_scope': {
            // Only art. 7's and art. 1's reasons; the sender reads the reason and the explanation.
            const reason = `${SCOPE_REASON_LABELS[input.scopeReason as ScopeReason]}. ${input.note ?? ''}`.trim();
            patch = { ...patch, scope_reason: input.scopeReason, closing_reason: reason.slice(0, 1000), closed_at: now, triaged_by: staff.id };
            event.note = reason;
            after.push(() => tellSender(messaging, baseUrl, trx, p, { kind: 'not_in_scope', reason }, now));
            break;
          }
          case 'forward_external': {
            // Art. 9(1)(d): outside every local agency's competence, forwarded to the competent body (a ministry, another province).
            const today = localDateOf(now);
            if (!isRealDay(input.dispatchDate!) || input.dispatchDate! > today) return { ok: false, reason: 'unprocessable', message: DISPATCH_DATE_MESSAGE, field: 'dispatch_date' };
            const dispatch = `${input.dispatchNumber} ngày ${formatLocalDateVn(input.dispatchDate!)}`;
            patch = { ...patch, external_body: input.externalBody, dispatch_number: input.dispatchNumber, dispatch_date: input.dispatchDate, forwarded_at: now, closed_at: now, triaged_by: staff.id, accepted_at: p.acceptedAt ?? now };
            event.note = `Chuyển ${input.externalBody}, văn bản số ${dispatch}.`;
            after.push(() => tellSender(messaging, baseUrl, trx, p, { kind: 'forwarded_external', body: input.externalBody ?? '', dispatch }, now));
            break;
          }
          case 'forward': {
            const agency = await repo.agencyActive(input.agencyId!);
            if (!agency) return { ok: false, reason: 'unprocessable', message: 'Cơ quan được chọn không tồn tại hoặc đã ngừng hoạt động.', field: 'agency' };
            const { due: answerDue, countedFrom } = answerDueForKind(cal, { receivedAt: p.receivedAt, forwardedAt: now }, p.kind, deps.config.petitions.answerWorkingDays, deps.config.petitions.answerFrom);
            patch = { ...patch, category: input.category, competent_agency_id: agency.id, forwarded_at: now, answer_due_at: answerDue, answer_counted_from: countedFrom, triaged_by: staff.id, accepted_at: p.acceptedAt ?? now, answer_overdue_at: null, escalated_at: null };
            // A public event: the classification and the agency only (the status page shows it).
            event.note = `Phân loại: ${input.category}. Chuyển: ${agency.name}.`;
            after.push(async () =>
              emailStaff(trx, await repo.staffOf(agency.id, ['officer', 'supervisor']), {
                template: 'petition_forwarded',
                data: { code: p.code, category: input.category ?? '', agency: agency.name, due: formatDateTimeVn(answerDue), link },
                reference: p.code,
                key: `petition_forwarded:${p.id}:${now.getTime()}`,
                now,
              }),
            );
            break;
          }
          case 'decline':
            patch = { ...patch, competent_agency_id: null, forwarded_at: null, answer_due_at: null, answer_draft: null, drafted_by: null, drafted_at: null };
            event.note = `${p.competentAgencyName ?? ''}: ${input.note ?? ''}`;
            after.push(async () =>
              emailStaff(trx, await repo.controlUnit(), {
                template: 'petition_declined',
                data: { code: p.code, agency: p.competentAgencyName ?? '', reason: input.note ?? '', due: formatDateTimeVn(p.forwardDueAt), link },
                reference: p.code,
                key: `petition_declined:${p.id}:${now.getTime()}`,
                now,
              }),
            );
            break;
          case 'draft':
            patch = { ...patch, answer_draft: input.answer, outcome: input.outcome, drafted_by: staff.id, drafted_at: now };
            event.note = `${input.answer}\n— Kết quả xử lý: ${PETITION_OUTCOME_LABELS[input.outcome as PetitionOutcome]}${input.note ? `\n— ${input.note}` : ''}`;
            if (staff.role === 'officer') {
              after.push(async () =>
                emailStaff(trx, await repo.staffOf(p.competentAgencyId!, ['supervisor']), {
                  template: 'petition_draft_ready',
                  data: { code: p.code, drafter: staff.fullName, due: p.answerDueAt ? formatDateTimeVn(p.answerDueAt) : '', link },
                  reference: p.code,
                  key: `petition_draft_ready:${p.id}:${now.getTime()}`,
                  now,
                }),
              );
            }
            break;
          case 'return_draft':
            after.push(async () => {
              const drafter = p.draftedBy === null ? undefined : await repo.userEmail(p.draftedBy);
              if (!drafter || drafter.id === staff.id) return 0;
              return emailStaff(trx, [drafter], {
                template: 'petition_draft_returned',
                data: { code: p.code, note: input.note ?? '', due: p.answerDueAt ? formatDateTimeVn(p.answerDueAt) : '', link },
                reference: p.code,
                key: `petition_draft_returned:${p.id}:${now.getTime()}`,
                now,
              });
            });
            break;
          case 'keep_for_study': {
            // Art. 14(2)(b)–(d): not yet enough basis; studied again by the review date.
            if (!isRealDay(input.reviewDate!) || input.reviewDate! <= localDateOf(now)) return { ok: false, reason: 'unprocessable', message: REVIEW_DATE_MESSAGE, field: 'review_date' };
            patch = { ...patch, review_due_on: input.reviewDate, kept_at: now };
            event.note = `${input.note ?? ''} Xem xét lại trước ngày ${formatLocalDateVn(input.reviewDate!)}.`.trim();
            after.push(() => tellSender(messaging, baseUrl, trx, p, { kind: 'kept_for_study', agency: p.competentAgencyName ?? '', review: formatLocalDateVn(input.reviewDate!), reason: input.note ?? '' }, now));
            break;
          }
          case 'approve': {
            const answer = p.answerDraft ?? '';
            patch = { ...patch, answer, approved_by: staff.id, approved_at: now, answered_at: now, closed_at: now };
            const pub = publicationPatch(p, input.publication, staff.id, now);
            if ('refused' in pub) return pub.refused;
            patch = { ...patch, ...pub.patch };
            event.note = pub.withheld ? `${answer}\n— Không công khai: ${pub.withheld}` : answer;
            after.push(() => tellSender(messaging, baseUrl, trx, p, { kind: 'answered', answer, agency: p.competentAgencyName ?? '' }, now));
            break;
          }
          case 'publish': {
            // An answer whose publication is pending (answered before it became the rule): published as confirmed now.
            const pub = publicationPatch(p, { content: input.publication?.content ?? null, answer: input.publication?.answer ?? null, confirmed: input.publication?.confirmed ?? false, withheldReason: null }, staff.id, now);
            if ('refused' in pub) return pub.refused;
            patch = pub.patch;
            event.note = null;
            break;
          }
          case 'withhold_publication':
            patch = { publication_withheld_at: now, publication_withheld_by: staff.id, publication_withheld_reason: input.note };
            break;
        }
        if (!(await repo.transition(id, p.status, patch, now))) return { ok: false, reason: 'conflict', message: STALE_MESSAGE };
        await appendPetitionEvent(trx, id, event);
        for (const f of after) await f();
        return { ok: true, action: d.action };
      });
    },

    /** Closed petitions take no action (the page says so). */
    isClosed(status: PetitionStatus): boolean {
      return CLOSED_PETITION_STATUSES.includes(status);
    },
  };
}

export type PetitionsService = ReturnType<typeof petitionsService>;
