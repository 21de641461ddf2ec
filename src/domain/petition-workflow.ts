/**
 * The petition state machine (Decree 20/2008/NĐ-CP as amended): which action may move a
 * petition from which status, who may take it, and what it records. Pure data and
 * functions, like workflow.ts; the petitions service applies a decision in one
 * transaction, checked against the version the form was rendered from.
 *
 * Two sides act on a petition:
 * - the control unit (Bộ phận kiểm soát thủ tục hành chính) of the province: the
 *   administrator, or a supervisor of the province centre (an agency of kind 'centre'
 *   without a parent). It accepts, closes as not in scope, classifies and forwards.
 * - the competent agency it was forwarded to: its officers and supervisors draft the
 *   answer (or decline: not competent, back to the control unit); its supervisors (the
 *   head) approve the draft, which answers the sender, or return it with a note.
 */
import { PETITION_STATUS_LABELS, type PetitionStatus } from './petitions.js';
import type { Role } from './roles.js';

export const PETITION_ACTIONS = ['accept', 'not_in_scope', 'forward', 'decline', 'draft', 'return_draft', 'approve'] as const;
export type PetitionAction = (typeof PETITION_ACTIONS)[number];

/** What decide() needs besides the status and the role (read by the service, passed in). */
export interface PetitionActionContext {
  /** The member of staff is the control unit (admin, or a supervisor of the province centre). */
  controlUnit: boolean;
  /** The member of staff works in the agency the petition was forwarded to. */
  inCompetentAgency: boolean;
}

/** What some actions carry besides the note. */
export interface PetitionActionFields {
  /** forward: the classification ("lĩnh vực, nội dung") the control unit gives it. */
  category?: string | null;
  /** forward: the competent agency chosen. */
  agencyId?: number | null;
  /** draft: the answer's text. */
  answer?: string | null;
}

export const PETITION_CONDITIONS = {
  control_unit: {
    holds: (c: PetitionActionContext) => c.controlUnit,
    message: 'Chỉ Bộ phận kiểm soát thủ tục hành chính (lãnh đạo Trung tâm Phục vụ hành chính công tỉnh hoặc quản trị viên) được phân loại, chuyển xử lý phản ánh, kiến nghị.',
  },
  competent_agency: {
    holds: (c: PetitionActionContext) => c.inCompetentAgency,
    message: 'Phản ánh, kiến nghị này không được chuyển đến cơ quan của bạn; chỉ cơ quan có thẩm quyền được chuyển đến mới xử lý, trả lời.',
  },
} as const satisfies Record<string, { holds: (c: PetitionActionContext) => boolean; message: string }>;
export type PetitionCondition = keyof typeof PETITION_CONDITIONS;

/** The extra field an action requires (besides the note). */
export type PetitionField = 'note' | 'category' | 'agency' | 'answer';

export interface PetitionRule {
  from: readonly PetitionStatus[];
  /** 'same' keeps the status (a re-draft). */
  to: PetitionStatus | 'same';
  roles: readonly Role[];
  when: readonly PetitionCondition[];
  label: string;
  noteRequired: boolean;
  noteLabel: string;
  /** Further required fields. */
  requires: readonly Exclude<PetitionField, 'note'>[];
  /** Shown on the petition's public status page (the note only when publicNote). */
  public: boolean;
  publicNote: boolean;
  /** Finishes the petition: the sender is told (the reason, or the answer). */
  closes: boolean;
}

const CONTROL_ROLES: readonly Role[] = ['supervisor', 'admin'];
const AGENCY_ROLES: readonly Role[] = ['officer', 'supervisor'];

export const PETITION_TRANSITIONS: Record<PetitionAction, PetitionRule> = {
  accept: {
    from: ['received'],
    to: 'accepted',
    roles: CONTROL_ROLES,
    when: ['control_unit'],
    label: 'Thụ lý',
    noteRequired: false,
    noteLabel: 'Ghi chú',
    requires: [],
    public: true,
    publicNote: false,
    closes: false,
  },
  not_in_scope: {
    from: ['received', 'accepted'],
    to: 'not_in_scope',
    roles: CONTROL_ROLES,
    when: ['control_unit'],
    label: 'Không thuộc phạm vi tiếp nhận',
    noteRequired: true,
    noteLabel: 'Lý do (gửi người phản ánh, kèm hướng dẫn nơi gửi nếu có)',
    requires: [],
    public: true,
    publicNote: true,
    closes: true,
  },
  forward: {
    from: ['received', 'accepted'],
    to: 'forwarded',
    roles: CONTROL_ROLES,
    when: ['control_unit'],
    label: 'Phân loại và chuyển cơ quan có thẩm quyền',
    noteRequired: false,
    noteLabel: 'Ý kiến chuyển xử lý',
    requires: ['category', 'agency'],
    public: true,
    publicNote: false,
    closes: false,
  },
  decline: {
    from: ['forwarded'],
    to: 'accepted',
    roles: AGENCY_ROLES,
    when: ['competent_agency'],
    label: 'Không thuộc thẩm quyền, trả lại Bộ phận kiểm soát',
    noteRequired: true,
    noteLabel: 'Lý do không thuộc thẩm quyền (cơ quan có thẩm quyền, nếu biết)',
    requires: [],
    public: false,
    publicNote: false,
    closes: false,
  },
  draft: {
    from: ['forwarded', 'drafted'],
    to: 'drafted',
    roles: AGENCY_ROLES,
    when: ['competent_agency'],
    label: 'Lưu dự thảo trả lời, trình lãnh đạo',
    noteRequired: false,
    noteLabel: 'Ghi chú trình lãnh đạo',
    requires: ['answer'],
    public: false,
    publicNote: false,
    closes: false,
  },
  return_draft: {
    from: ['drafted'],
    to: 'forwarded',
    roles: ['supervisor'],
    when: ['competent_agency'],
    label: 'Trả lại dự thảo',
    noteRequired: true,
    noteLabel: 'Ý kiến của lãnh đạo (cần sửa gì)',
    requires: [],
    public: false,
    publicNote: false,
    closes: false,
  },
  approve: {
    from: ['drafted'],
    to: 'answered',
    roles: ['supervisor'],
    when: ['competent_agency'],
    label: 'Duyệt và gửi câu trả lời',
    noteRequired: false,
    noteLabel: 'Ghi chú',
    requires: [],
    public: true,
    publicNote: false,
    closes: true,
  },
};

export type PetitionRefusal = 'unknown_action' | 'wrong_role' | 'wrong_status' | 'condition' | 'missing_field';

export type PetitionDecision =
  | { ok: true; action: PetitionAction; from: PetitionStatus; to: PetitionStatus; rule: PetitionRule }
  | { ok: false; reason: PetitionRefusal; message: string; condition?: PetitionCondition; field?: PetitionField };

export function isPetitionAction(value: string): value is PetitionAction {
  return (PETITION_ACTIONS as readonly string[]).includes(value);
}

const blank = (v: string | null | undefined) => !(v && v.trim());
const lowerFirst = (label: string) => `${label.charAt(0).toLowerCase()}${label.slice(1)}`;

const FIELD_MESSAGES: Record<Exclude<PetitionField, 'note'>, string> = {
  category: 'Nhập phân loại (lĩnh vực, nội dung) của phản ánh, kiến nghị.',
  agency: 'Chọn cơ quan có thẩm quyền xử lý.',
  answer: 'Nhập nội dung dự thảo trả lời.',
};

function present(field: Exclude<PetitionField, 'note'>, f: PetitionActionFields): boolean {
  if (field === 'agency') return typeof f.agencyId === 'number' && Number.isInteger(f.agencyId) && f.agencyId > 0;
  return !blank(field === 'category' ? f.category : f.answer);
}

function failedCondition(rule: PetitionRule, ctx: PetitionActionContext): PetitionCondition | undefined {
  return rule.when.find((c) => !PETITION_CONDITIONS[c].holds(ctx));
}

/** May this member of staff take this action on a petition in this status (with this note and fields)? */
export function decidePetition(status: PetitionStatus, action: string, role: Role, note: string | null, ctx: PetitionActionContext, fields: PetitionActionFields = {}): PetitionDecision {
  if (!isPetitionAction(action)) return { ok: false, reason: 'unknown_action', message: 'Thao tác không hợp lệ.' };
  const rule = PETITION_TRANSITIONS[action];
  if (!rule.roles.includes(role)) return { ok: false, reason: 'wrong_role', message: `Vai trò của bạn không được thực hiện thao tác “${rule.label}”.` };
  if (!rule.from.includes(status)) {
    return { ok: false, reason: 'wrong_status', message: `Không thể thực hiện “${rule.label}” khi phản ánh, kiến nghị đang ở trạng thái “${PETITION_STATUS_LABELS[status]}”.` };
  }
  const failed = failedCondition(rule, ctx);
  if (failed) return { ok: false, reason: 'condition', condition: failed, message: PETITION_CONDITIONS[failed].message };
  if (rule.noteRequired && blank(note)) return { ok: false, reason: 'missing_field', field: 'note', message: `Nhập ${lowerFirst(rule.noteLabel)}.` };
  for (const field of rule.requires) {
    if (!present(field, fields)) return { ok: false, reason: 'missing_field', field, message: FIELD_MESSAGES[field] };
  }
  return { ok: true, action, from: status, to: rule.to === 'same' ? status : rule.to, rule };
}

/** The actions this member of staff could take now (the forms on the page): those decidePetition accepts with every field given. */
export function petitionActionsFor(status: PetitionStatus, role: Role, ctx: PetitionActionContext): PetitionAction[] {
  return PETITION_ACTIONS.filter((a) => {
    const rule = PETITION_TRANSITIONS[a];
    return rule.roles.includes(role) && rule.from.includes(status) && !failedCondition(rule, ctx);
  });
}

/** The audit event type of each action on the chain (plus the system's own events). */
export const PETITION_EVENT_TYPES = {
  accept: 'petition_accepted',
  not_in_scope: 'petition_not_in_scope',
  forward: 'petition_forwarded',
  decline: 'petition_declined',
  draft: 'petition_drafted',
  return_draft: 'petition_draft_returned',
  approve: 'petition_answered',
} as const satisfies Record<PetitionAction, string>;
