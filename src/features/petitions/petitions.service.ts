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
import { redact, segments, type PersonalData, type Segment } from '../../domain/anonymise.js';
import { answerDueForKind, describeWorkingTimeLeft, workingTimeLeft } from '../../domain/petition-deadline.js';
import {
  PETITION_EVENT_TYPES,
  PETITION_TRANSITIONS,
  decidePetition,
  petitionActionsFor,
  type PetitionAction,
  type PetitionActionContext,
  type PetitionField,
} from '../../domain/petition-workflow.js';
import { CLOSED_PETITION_STATUSES, PETITION_KIND_LABELS, PETITION_STATUS_LABELS, publishedSearchText, type PetitionStatus } from '../../domain/petitions.js';
import type { StaffUser } from '../../domain/roles.js';
import { formatDateTimeVn } from '../../domain/time.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { appendPetitionEvent, listPetitionEvents, type PetitionEvent } from './petition-events.repo.js';
import { petitionsRepo, type ListScope, type PetitionRow, type StaffRecipient } from './petitions.repo.js';
import type { PetitionTemplateKey } from './templates.js';
import type { Refusal } from '../../platform/refusal/refusal.js';

type Db = Deps['db'];

export interface PetitionsWiring {
  calendar: CalendarService;
  messaging: Pick<MessagingService, 'notifyContact' | 'replyOnZalo' | 'emailStaff'>;
}

/** Longest answer text a Zalo message carries (the rest on the status page). */
export const ZALO_ANSWER_CLIP = 500;
export const CONDUCT_EVENT = 'petition_conduct_alerted';

/** Staff e-mails of one step: each recipient once per key (through the messaging platform). */
type EmailStaff = (trx: Db, to: readonly StaffRecipient[], m: { template: PetitionTemplateKey; data: Record<string, string>; reference: string; key: string; now: Date }) => Promise<number>;

/** The link to a petition's staff page. */
export function staffLink(baseUrl: string, petitionId: number): string {
  return absoluteUrl(baseUrl, paths.petitions.staffShow(petitionId));
}

/**
 * Feedback about an official's conduct on a dossier (kind 'conduct' with official_id):
 * e-mail that official's supervisors (not the official, if a supervisor), and record it on
 * the chain. For the intake's filing transaction; once per petition. Returns the number of
 * e-mails stored (0 when the petition is not about an official).
 */
async function alertConduct(emailStaff: EmailStaff, trx: Db, petitionId: number, now: Date, baseUrl: string): Promise<number> {
  const repo = petitionsRepo(trx);
  const p = await repo.byId(petitionId);
  if (!p || p.kind !== 'conduct' || p.officialId === null || p.officialAgencyId === null) return 0;
  const to = await repo.staffOf(p.officialAgencyId, ['supervisor'], p.officialId);
  const n = await emailStaff(trx, to, {
    template: 'petition_conduct',
    data: { code: p.code, official: p.officialName ?? '', dossier: p.dossierCode ?? '(không ghi số hồ sơ)', link: staffLink(baseUrl, p.id) },
    reference: p.code,
    key: `petition_conduct:${p.id}`,
    now,
  });
  await appendPetitionEvent(trx, p.id, {
    type: CONDUCT_EVENT,
    fromStatus: null,
    toStatus: null,
    actorId: null,
    note: `Báo lãnh đạo cơ quan của cán bộ ${p.officialName ?? ''} (${to.length} người nhận)`,
    public: false,
    ip: null,
    createdAt: now,
  });
  return n;
}

/** What the viewer is to petitions. */
export interface Viewer {
  staff: StaffUser;
  controlUnit: boolean;
}

/** Approve, when the sender consented to publication: the texts the approver confirmed (exactly what is published). */
export interface PublicationInput {
  content: string | null;
  answer: string | null;
  confirmed: boolean;
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

/** The fields of the approval's publication part. */
export type PublicationField = 'published_content' | 'published_answer' | 'confirm_publication';

export const PUBLICATION_MESSAGES = {
  content: 'Nhập nội dung phản ánh, kiến nghị được công khai (đã ẩn thông tin cá nhân).',
  answer: 'Nhập nội dung trả lời được công khai (đã ẩn thông tin cá nhân).',
  confirm: 'Đánh dấu ô xác nhận đã kiểm tra nội dung công khai (không còn thông tin cá nhân của người phản ánh hay người khác) để duyệt và công khai.',
} as const;

export type ActResult =
  | { ok: true; action: PetitionAction }
  | Refusal<'not_found' | 'forbidden' | 'conflict'>
  /** A field this action needs (the form again, the message next to the field). */
  | (Refusal<'unprocessable'> & { field?: PetitionField | PublicationField });

export interface Deadline {
  label: string;
  due: Date;
  /** "còn 2 ngày 3 giờ làm việc" / "quá hạn …"; null once met. */
  left: string | null;
  overdue: boolean;
  metAt: Date | null;
}

export interface ListItem {
  id: number;
  code: string;
  kind: string;
  status: PetitionStatus;
  statusLabel: string;
  excerpt: string;
  receivedAt: Date;
  agencyName: string | null;
  deadline: Deadline | null;
  overdue: boolean;
  /** Feedback about an official of the viewer's agency (a supervisor's concern). */
  aboutOurStaff: boolean;
}

/** One text proposed for publication: the anonymiser's redaction, and the original cut at what it suspected. */
export interface ProposedText {
  proposed: string;
  preview: Segment[];
  suspected: number;
}

/** What the approver checks before publishing (consent given, a draft to approve). */
export interface PublicationProposal {
  content: ProposedText;
  answer: ProposedText;
}

export interface PetitionPage {
  p: PetitionRow;
  /** Set when the viewer may approve and the sender consented to publication. */
  publication: PublicationProposal | null;
  kindLabel: string;
  statusLabel: string;
  version: number;
  deadlines: Deadline[];
  events: Array<PetitionEvent & { label: string }>;
  actions: PetitionAction[];
  agencies: Array<{ id: number; name: string }>;
  aboutOurStaff: boolean;
}

const EVENT_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(PETITION_EVENT_TYPES).map(([a, t]) => [t, PETITION_TRANSITIONS[a as PetitionAction].label])),
  received: 'Tiếp nhận phản ánh, kiến nghị',
  petition_received: 'Tiếp nhận phản ánh, kiến nghị',
  [CONDUCT_EVENT]: 'Báo lãnh đạo của cán bộ bị phản ánh',
  petition_forward_reminder: 'Nhắc hạn chuyển xử lý',
  petition_forward_overdue: 'Quá hạn chuyển xử lý',
  petition_answer_reminder: 'Nhắc hạn trả lời',
  petition_answer_overdue: 'Quá hạn trả lời',
  petition_escalated: 'Báo Bộ phận kiểm soát: quá hạn trả lời kéo dài',
};

export function petitionEventLabel(type: string): string {
  return EVENT_LABELS[type] ?? type;
}

const STALE_MESSAGE = 'Phản ánh, kiến nghị vừa được người khác cập nhật. Trang đã được tải lại với thông tin mới nhất; vui lòng kiểm tra rồi thực hiện lại.';
const NOT_FOUND = 'Không tìm thấy phản ánh, kiến nghị.';

/** What the anonymiser looks for of the sender, in any spelling. */
export function senderData(p: Pick<PetitionRow, 'senderName' | 'senderAddress' | 'senderPhone' | 'senderEmail'>): PersonalData {
  return { names: [p.senderName], addresses: [p.senderAddress], phones: [p.senderPhone], emails: [p.senderEmail] };
}

function propose(text: string, personal: PersonalData): ProposedText {
  const r = redact(text, personal);
  return { proposed: r.text, preview: segments(text, r.spans), suspected: r.spans.length };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export function petitionsService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wiring: PetitionsWiring) {
  const { calendar, messaging } = wiring;
  const baseUrl = deps.config.server.publicBaseUrl;
  const emailStaff: EmailStaff = (trx, to, m) => messaging.emailStaff(trx, to, { ...m, dossierId: null });

  async function viewerOf(db: Db, staff: StaffUser): Promise<Viewer> {
    const controlUnit = staff.role === 'admin' || (staff.role === 'supervisor' && (await petitionsRepo(db).isProvinceCentre(staff.agencyId)));
    return { staff, controlUnit };
  }

  function scopeOf(v: Viewer): ListScope {
    return v.controlUnit ? { kind: 'all' } : { kind: 'agency', agencyId: v.staff.agencyId, conductAboutAgency: v.staff.role === 'supervisor' };
  }

  function aboutOurStaff(v: Viewer, p: PetitionRow): boolean {
    return p.kind === 'conduct' && v.staff.role === 'supervisor' && p.officialAgencyId === v.staff.agencyId;
  }

  function maySee(v: Viewer, p: PetitionRow): boolean {
    return v.controlUnit || (p.competentAgencyId !== null && p.competentAgencyId === v.staff.agencyId) || aboutOurStaff(v, p);
  }

  function contextOf(v: Viewer, p: PetitionRow): PetitionActionContext {
    return { controlUnit: v.controlUnit, inCompetentAgency: p.competentAgencyId !== null && p.competentAgencyId === v.staff.agencyId };
  }

  async function deadlinesOf(p: PetitionRow, now: Date): Promise<Deadline[]> {
    const cal = await calendar.forDisplay(now.getTime());
    const one = (label: string, due: Date, metAt: Date | null, open: boolean): Deadline => {
      if (!open) return { label, due, left: null, overdue: metAt !== null && metAt > due, metAt };
      const left = workingTimeLeft(cal, now, due);
      return { label, due, left: describeWorkingTimeLeft(cal, left), overdue: left < 0 || now > due, metAt: null };
    };
    const triage = p.status === 'received' || p.status === 'accepted';
    const out = [one('Hạn chuyển cơ quan có thẩm quyền (5 ngày làm việc từ khi tiếp nhận)', p.forwardDueAt, p.forwardedAt ?? (p.status === 'not_in_scope' ? p.closedAt : null), triage)];
    if (p.answerDueAt) out.push(one('Hạn trả lời (tính từ khi cơ quan có thẩm quyền nhận)', p.answerDueAt, p.answeredAt, p.status === 'forwarded' || p.status === 'drafted'));
    return out;
  }

  /** The sender's answer (or "not in scope" with its reason): phone / e-mail, and Zalo when filed there. */
  async function tellSender(trx: Db, p: PetitionRow, kind: 'answered' | 'not_in_scope', text: string, agencyName: string, now: Date): Promise<void> {
    const statusUrl = absoluteUrl(baseUrl, paths.petitions.status(p.publicToken));
    const template = kind === 'answered' ? 'petition_answered' : 'petition_not_in_scope';
    const data: Record<string, string> = kind === 'answered' ? { code: p.code, agency: agencyName, status_url: statusUrl } : { code: p.code, reason: text, status_url: statusUrl };
    await messaging.notifyContact(trx, { contact: { phone: p.senderPhone, email: p.senderEmail }, template, data, reference: p.code, key: `${template}:${p.id}`, now });
    if (p.zaloUserId) {
      await messaging.replyOnZalo(trx, {
        zaloUserId: p.zaloUserId,
        template: kind === 'answered' ? 'petition_answered_zalo' : 'petition_not_in_scope_zalo',
        data: kind === 'answered' ? { ...data, answer: clip(text, ZALO_ANSWER_CLIP) } : data,
        reference: p.code,
        dossierId: null,
        key: `${template}_zalo:${p.id}`,
        now,
        fallback: null,
      });
    }
  }

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
          const open = (await deadlinesOf(p, now)).filter((d) => d.left !== null);
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
      const [events, version, deadlines, agencies] = await Promise.all([listPetitionEvents(deps.db, id), repo.version(id), deadlinesOf(p, now), actions.includes('forward') ? repo.agencies() : Promise.resolve([])]);
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
            after.push(() => tellSender(trx, p, 'not_in_scope', input.note ?? '', '', now));
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
            after.push(() => tellSender(trx, p, 'answered', answer, p.competentAgencyName ?? '', now));
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
