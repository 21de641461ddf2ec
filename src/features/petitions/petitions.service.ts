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
import { PETITION_EVENT_TYPES, decidePetition, petitionActionsFor, type PetitionAction, type PetitionField } from '../../domain/petition-workflow.js';
import { CLOSED_PETITION_STATUSES, PETITION_KIND_LABELS, PETITION_STATUS_LABELS, publishedSearchText, type PetitionStatus } from '../../domain/petitions.js';
import type { StaffUser } from '../../domain/roles.js';
import { formatDateTimeVn } from '../../domain/time.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { appendPetitionEvent, listPetitionEvents } from './petition-events.repo.js';
import { aboutOurStaff, contextOf, maySee, scopeOf, viewerOf } from './petition-access.js';
import { alertConduct, clip, staffLink, tellSender, type EmailStaff } from './petition-notices.js';
import { propose, PUBLICATION_MESSAGES, senderData, type PublicationField, type PublicationInput } from './petition-publication.js';
import { deadlinesOf, petitionEventLabel, type ListItem, type PetitionPage } from './petition-view.js';
import { petitionsRepo } from './petitions.repo.js';
import type { Refusal } from '../../platform/refusal/refusal.js';

type Db = Deps['db'];

export interface PetitionsWiring {
  calendar: CalendarService;
  messaging: Pick<MessagingService, 'notifyContact' | 'replyOnZalo' | 'emailStaff'>;
}

export interface ActInput {
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
      const rows = await petitionsRepo(deps.db).list(scopeOf(v), { status: f.status, openOnly: !f.all, limit: 500 }, now);
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
    async controlUnitCounts(staff: StaffUser): Promise<{ byStatus: Record<'received' | 'accepted' | 'forwarded' | 'drafted', number>; overdue: number } | null> {
      if (staff.role === 'clerk') return null;
      const v = await viewerOf(deps.db, staff);
      if (!v.controlUnit) return null;
      const rows = await petitionsRepo(deps.db).openByStatus(scopeOf(v), deps.clock.now());
      const n = (status: PetitionStatus) => rows.find((r) => r.status === status)?.open ?? 0;
      return {
        byStatus: { received: n('received'), accepted: n('accepted'), forwarded: n('forwarded'), drafted: n('drafted') },
        overdue: rows.reduce((sum, r) => sum + r.overdue, 0),
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
      const publication =
        actions.includes('approve') && p.consentPublish && p.answerDraft !== null
          ? { content: propose(p.content, senderData(p)), answer: propose(p.answerDraft, senderData(p)) }
          : null;
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
        const d = decidePetition(p.status, input.action, staff.role, input.note, contextOf(v, p), { category: input.category, agencyId: input.agencyId, answer: input.answer });
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
          case 'not_in_scope':
            patch = { ...patch, closing_reason: input.note, closed_at: now, triaged_by: staff.id };
            after.push(() => tellSender(messaging, baseUrl, trx, p, 'not_in_scope', input.note ?? '', '', now));
            break;
          case 'forward': {
            const agency = await repo.agencyActive(input.agencyId!);
            if (!agency) return { ok: false, reason: 'unprocessable', message: 'Cơ quan được chọn không tồn tại hoặc đã ngừng hoạt động.', field: 'agency' };
            const answerDue = answerDueForKind(cal, now, p.kind, deps.config.petitions.answerWorkingDays);
            patch = { ...patch, category: input.category, competent_agency_id: agency.id, forwarded_at: now, answer_due_at: answerDue, triaged_by: staff.id, accepted_at: p.acceptedAt ?? now, answer_overdue_at: null, escalated_at: null };
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
            patch = { ...patch, answer_draft: input.answer, drafted_by: staff.id, drafted_at: now };
            event.note = input.note ? `${input.answer}\n— ${input.note}` : input.answer;
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
          case 'approve': {
            const answer = p.answerDraft ?? '';
            patch = { ...patch, answer, approved_by: staff.id, approved_at: now, answered_at: now, closed_at: now };
            if (p.consentPublish) {
              // Published exactly as the approver confirmed it (the page pre-fills the anonymiser's proposal).
              const pub = input.publication;
              if (!pub?.content?.trim()) return { ok: false, reason: 'unprocessable', message: PUBLICATION_MESSAGES.content, field: 'published_content' };
              if (!pub.answer?.trim()) return { ok: false, reason: 'unprocessable', message: PUBLICATION_MESSAGES.answer, field: 'published_answer' };
              if (!pub.confirmed) return { ok: false, reason: 'unprocessable', message: PUBLICATION_MESSAGES.confirm, field: 'confirm_publication' };
              const content = pub.content;
              const published = pub.answer;
              patch = { ...patch, published_at: now, published_content: content, published_answer: published, published_search: publishedSearchText({ code: p.code, content, answer: published }) };
            }
            event.note = answer;
            after.push(() => tellSender(messaging, baseUrl, trx, p, 'answered', answer, p.competentAgencyName ?? '', now));
            break;
          }
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
