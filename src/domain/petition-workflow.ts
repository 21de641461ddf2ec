/**
 * The petition state machine (Decree 20/2008/NĐ-CP as amended): which action may move a
 * petition from which status, who may take it, and what it records. Pure data and
 * functions, like workflow.ts; the petitions service applies a decision in one
 * transaction, checked against the version the form was rendered from.
 *
 * Two sides act on a petition:
 * - the control unit (Bộ phận kiểm soát thủ tục hành chính) of the province (art. 8; Decree
 *   92/2017 moved it to the provincial People's Committee office): the administrator, or a
 *   supervisor of the agency an administrator named as the control unit (a setting, never
 *   inferred from agency kinds). It accepts, closes as not in scope (only for art. 7's and
 *   art. 1's reasons), classifies and forwards within 5 working days (art. 9(1)(d)) to the
 *   competent agency of the province, or outside the province (a ministry, another
 *   province) with the dispatch that sent it.
 * - the competent agency it was forwarded to: its officers and supervisors draft the
 *   answer with its outcome (art. 15) (or decline: not competent, back to the control
 *   unit); its supervisors (the head) keep it for study when there is not yet enough basis
 *   (art. 14(2)(b)–(d)), approve the draft, which answers the sender, or return it with a
 *   note; and publish the result (art. 19, 14(2)(đ)) or withhold it with a recorded reason.
 */
import { PETITION_OUTCOMES, PETITION_STATUS_LABELS, SCOPE_REASONS, type PetitionStatus } from './petitions.js';
import type { Role } from './roles.js';

export const PETITION_ACTIONS = ['accept', 'not_in_scope', 'forward', 'forward_external', 'decline', 'draft', 'keep_for_study', 'return_draft', 'approve', 'publish', 'withhold_publication'] as const;
export type PetitionAction = (typeof PETITION_ACTIONS)[number];

/** What decide() needs besides the status and the role (read by the service, passed in). */
export interface PetitionActionContext {
  /** The member of staff is the control unit (admin, or a supervisor of the province centre). */
  controlUnit: boolean;
  /** The member of staff works in the agency the petition was forwarded to. */
  inCompetentAgency: boolean;
  /** Answered, and its result neither published nor withheld yet (e.g. answered before publication became the rule). */
  publicationPending?: boolean;
}

/** What some actions carry besides the note. */
export interface PetitionActionFields {
  /** forward: the classification ("lĩnh vực, nội dung") the control unit gives it. */
  category?: string | null;
  /** forward: the competent agency chosen. */
  agencyId?: number | null;
  /** draft: the answer's text. */
  answer?: string | null;
  /** draft: the handling result (art. 15). */
  outcome?: string | null;
  /** not_in_scope: art. 7's or art. 1's reason. */
  scopeReason?: string | null;
  /** forward_external: the competent body outside the province, the dispatch's number and date (YYYY-MM-DD). */
  externalBody?: string | null;
  dispatchNumber?: string | null;
  dispatchDate?: string | null;
  /** keep_for_study: when it is studied again (YYYY-MM-DD). */
  reviewDate?: string | null;
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
  publication_pending: {
    holds: (c: PetitionActionContext) => c.publicationPending === true,
    message: 'Kết quả xử lý phản ánh, kiến nghị này đã được công khai hoặc đã có quyết định không công khai.',
  },
} as const satisfies Record<string, { holds: (c: PetitionActionContext) => boolean; message: string }>;
export type PetitionCondition = keyof typeof PETITION_CONDITIONS;

/** The extra field an action requires (besides the note). */
export type PetitionField = 'note' | 'category' | 'agency' | 'answer' | 'outcome' | 'scope_reason' | 'external_body' | 'dispatch_number' | 'dispatch_date' | 'review_date';

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
    noteLabel: 'Giải thích gửi người phản ánh (kèm hướng dẫn nơi gửi, nếu có)',
    requires: ['scope_reason'],
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
  forward_external: {
    from: ['received', 'accepted'],
    to: 'forwarded_external',
    roles: CONTROL_ROLES,
    when: ['control_unit'],
    label: 'Chuyển cơ quan có thẩm quyền ngoài tỉnh (bộ, ngành, tỉnh khác)',
    noteRequired: false,
    noteLabel: 'Ghi chú nội bộ',
    requires: ['external_body', 'dispatch_number', 'dispatch_date'],
    public: true,
    publicNote: true,
    closes: true,
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
    from: ['forwarded', 'drafted', 'kept_for_study'],
    to: 'drafted',
    roles: AGENCY_ROLES,
    when: ['competent_agency'],
    label: 'Lưu dự thảo trả lời, trình lãnh đạo',
    noteRequired: false,
    noteLabel: 'Ghi chú trình lãnh đạo',
    requires: ['answer', 'outcome'],
    public: false,
    publicNote: false,
    closes: false,
  },
  keep_for_study: {
    from: ['forwarded', 'drafted'],
    to: 'kept_for_study',
    roles: ['supervisor'],
    when: ['competent_agency'],
    label: 'Chưa đủ cơ sở: tiếp tục nghiên cứu',
    noteRequired: true,
    noteLabel: 'Lý do chưa đủ cơ sở xử lý (gửi người phản ánh)',
    requires: ['review_date'],
    public: true,
    publicNote: true,
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
  publish: {
    from: ['answered'],
    to: 'same',
    roles: ['supervisor'],
    when: ['competent_agency', 'publication_pending'],
    label: 'Công khai kết quả xử lý',
    noteRequired: false,
    noteLabel: 'Ghi chú',
    requires: [],
    public: true,
    publicNote: false,
    closes: false,
  },
  withhold_publication: {
    from: ['answered'],
    to: 'same',
    roles: ['supervisor'],
    when: ['competent_agency', 'publication_pending'],
    label: 'Không công khai kết quả xử lý',
    noteRequired: true,
    noteLabel: 'Lý do không công khai (ghi vào báo cáo)',
    requires: [],
    public: false,
    publicNote: false,
    closes: false,
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
  outcome: 'Chọn kết quả xử lý (Điều 15 Nghị định 20/2008/NĐ-CP): sửa đổi, bãi bỏ; kiến nghị cơ quan có thẩm quyền; ban hành mới; hoặc giải thích.',
  scope_reason: 'Chọn lý do không thuộc phạm vi tiếp nhận (Điều 7 hoặc Điều 1 Nghị định 20/2008/NĐ-CP).',
  external_body: 'Nhập tên cơ quan có thẩm quyền ngoài tỉnh (bộ, ngành, tỉnh khác) được chuyển đến.',
  dispatch_number: 'Nhập số văn bản chuyển.',
  dispatch_date: 'Nhập ngày văn bản chuyển (ngày/tháng/năm), không sau hôm nay.',
  review_date: 'Nhập ngày xem xét lại (sau hôm nay).',
};

const OUTCOMES: readonly string[] = PETITION_OUTCOMES;
const REASONS: readonly string[] = SCOPE_REASONS;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function present(field: Exclude<PetitionField, 'note'>, f: PetitionActionFields): boolean {
  switch (field) {
    case 'agency':
      return typeof f.agencyId === 'number' && Number.isInteger(f.agencyId) && f.agencyId > 0;
    case 'outcome':
      return OUTCOMES.includes(f.outcome ?? '');
    case 'scope_reason':
      return REASONS.includes(f.scopeReason ?? '');
    case 'dispatch_date':
      return ISO_DAY.test(f.dispatchDate ?? '');
    case 'review_date':
      return ISO_DAY.test(f.reviewDate ?? '');
    case 'category':
      return !blank(f.category);
    case 'answer':
      return !blank(f.answer);
    case 'external_body':
      return !blank(f.externalBody);
    case 'dispatch_number':
      return !blank(f.dispatchNumber);
  }
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
  forward_external: 'petition_forwarded_external',
  decline: 'petition_declined',
  draft: 'petition_drafted',
  keep_for_study: 'petition_kept_for_study',
  return_draft: 'petition_draft_returned',
  approve: 'petition_answered',
  publish: 'petition_published',
  withhold_publication: 'petition_publication_withheld',
} as const satisfies Record<PetitionAction, string>;
