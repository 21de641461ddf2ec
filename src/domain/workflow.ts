// Over 400 lines: the dossier state machine's transition table, its conditions and decide() are one table and its reader.
/**
 * The dossier state machine: which action may move a dossier from which status, who
 * may take it, and what it records. Pure data and functions; the service applies the
 * decision in one transaction with an optimistic version check.
 */
import type { WorkingCalendar } from './calendar.js';
import type { Role } from './roles.js';
import { OPEN_STATUSES, PAUSED_STATUSES, RUNNING_STATUSES, STATUS_LABELS, type DossierStatus } from './status.js';
import { localDateOf } from './time.js';

export const ACTIONS = [
  'take',
  'assign',
  'request_supplement',
  'receive_supplement',
  'pause',
  'resume',
  'refuse',
  'withdraw',
  'mark_result_ready',
  'return_result',
  'void',
] as const;
export type Action = (typeof ACTIONS)[number];

export type PauseEffect = 'open' | 'close' | 'none';

/**
 * What decide() needs to know besides the status and the role: who holds the dossier,
 * where it is queued, who received it and when, its procedure's counter result, and
 * whether anyone acted on it. Read by the service, passed in: decide() stays pure.
 */
export interface ActionContext {
  /** The member of staff asking. */
  staffId: number;
  staffAgencyId: number;
  /** The officer the dossier is assigned to (null: waiting in its queue). */
  holderId: number | null;
  /** The agency whose queue holds it (at intake: the processing agency). */
  assignedAgencyId: number | null;
  /** The agency whose counter received it, and the clerk who did. */
  receivingAgencyId: number;
  receivedBy: number;
  /** Vietnam calendar dates (YYYY-MM-DD) of the receipt and of now. */
  receivedOn: string;
  today: string;
  /** The procedure's result is produced at the counter itself (certified copies, signatures). */
  resultAtCounter: boolean;
  /** A member of staff recorded something on it after the receipt (receipt prints aside). */
  actedOn: boolean;
  /** Supplement requests already made on it (its supplement pauses). */
  supplementRequests: number;
}

/** What some actions need besides the note (the list of items, the reason, the collector…). */
export interface ActionFields {
  /** The specific reason (a supplement request's "lý do", printed on Mẫu 02). */
  reason?: string | null;
  /** Why a supervisor allows one more supplement request than Decree 118 provides. */
  overrideReason?: string | null;
}

/** Decree 118/2025 art. 11(2): a dossier is asked for a supplement once. */
export const SUPPLEMENT_ONCE_MESSAGE =
  'Theo Nghị định 118/2025, hồ sơ chỉ được yêu cầu bổ sung một lần và hồ sơ này đã được yêu cầu bổ sung. Chỉ lãnh đạo được cho phép yêu cầu bổ sung thêm, với lý do cụ thể.';

/**
 * A condition a rule may carry beyond status and role (the `when` column of the table).
 * Each says when it holds and what the refused member of staff is told.
 */
export const CONDITIONS = {
  /** Only staff of the agency whose queue holds the dossier may take it. */
  in_assigned_agency: {
    holds: (_role: Role, _status: DossierStatus, c: ActionContext) => c.assignedAgencyId === c.staffAgencyId,
    message: 'Hồ sơ này nằm trong hàng đợi của cơ quan, bộ phận khác; chỉ cán bộ ở đó được nhận xử lý.',
  },
  /** Only while no one holds it. */
  not_held: {
    holds: (_role: Role, _status: DossierStatus, c: ActionContext) => c.holderId === null,
    message: 'Hồ sơ đã có cán bộ nhận xử lý.',
  },
  /** An officer forwards only a dossier they hold (supervisors assign any). */
  officer_holds: {
    holds: (role: Role, _status: DossierStatus, c: ActionContext) => role !== 'officer' || c.holderId === c.staffId,
    message: 'Chỉ chuyên viên đang xử lý hồ sơ mới được chuyển hồ sơ sang cơ quan, bộ phận khác.',
  },
  /** The clerk marks a result ready only where the counter itself produces it. */
  clerk_counter_result: {
    holds: (role: Role, _status: DossierStatus, c: ActionContext) => role !== 'clerk' || c.resultAtCounter,
    message: 'Kết quả của thủ tục này do cơ quan chuyên môn giải quyết; Bộ phận Một cửa chỉ ghi nhận kết quả đối với thủ tục trả kết quả ngay tại quầy.',
  },
  /** Straight from "received" (no one took it) only for a counter result. */
  received_counter_result: {
    holds: (_role: Role, status: DossierStatus, c: ActionContext) => status !== 'received' || c.resultAtCounter,
    message: 'Hồ sơ chưa có cán bộ nhận xử lý; bấm “Nhận xử lý” trước khi ghi nhận kết quả.',
  },
  /** Voided by the clerk who received it, or a supervisor of the receiving agency. */
  receiver_or_supervisor: {
    holds: (role: Role, _status: DossierStatus, c: ActionContext) =>
      (role === 'clerk' && c.receivedBy === c.staffId) || (role === 'supervisor' && c.staffAgencyId === c.receivingAgencyId),
    message: 'Chỉ cán bộ đã tiếp nhận hồ sơ hoặc lãnh đạo của cơ quan tiếp nhận được hủy tiếp nhận.',
  },
  /** Only on the day it was received (Vietnam date). */
  received_today: {
    holds: (_role: Role, _status: DossierStatus, c: ActionContext) => c.receivedOn === c.today,
    message: 'Chỉ được hủy tiếp nhận trong ngày tiếp nhận hồ sơ. Hồ sơ nhận từ ngày trước: dùng “Công dân rút hồ sơ” hoặc “Từ chối giải quyết”.',
  },
  /** Only when no one acted on it since the receipt (printing the receipt is not acting). */
  not_acted_on: {
    holds: (_role: Role, _status: DossierStatus, c: ActionContext) => !c.actedOn,
    message: 'Hồ sơ đã được xử lý sau khi tiếp nhận nên không thể hủy tiếp nhận.',
  },
  /** One supplement request per dossier; a further one only by a supervisor (who gives the reason: see decide). */
  supplement_once: {
    holds: (role: Role, _status: DossierStatus, c: ActionContext) => c.supplementRequests === 0 || role === 'supervisor',
    message: SUPPLEMENT_ONCE_MESSAGE,
  },
} as const satisfies Record<string, { holds: (role: Role, status: DossierStatus, c: ActionContext) => boolean; message: string }>;
export type Condition = keyof typeof CONDITIONS;

export interface TransitionRule {
  from: readonly DossierStatus[];
  /** 'same' keeps the status (a forward from one department to another). */
  to: DossierStatus | 'same';
  roles: readonly Role[];
  /** Further conditions, all required (see CONDITIONS). */
  when: readonly Condition[];
  /** The button and the audit event's label. */
  label: string;
  /** A note (reason, list of missing documents, collector…) is required. */
  noteRequired: boolean;
  noteLabel: string;
  /** When set, a specific reason is required besides the note, asked with this label. */
  reasonLabel?: string;
  /** Shown on the citizen's status page. */
  public: boolean;
  /** The note itself is shown to the citizen (e.g. what to bring for a supplement). */
  publicNote: boolean;
  pause: PauseEffect;
  /** Completes processing: the dossier is classified early / on time / late. */
  completes: boolean;
}

const STOPPABLE: readonly DossierStatus[] = OPEN_STATUSES;

/**
 * The state machine. Summary of who does what:
 * - take "Nhận xử lý": an officer or supervisor of the agency whose queue holds it, while
 *   no one holds it (received, or in progress after an assignment without a person).
 * - assign "Giao xử lý / chuyển xử lý": a supervisor; an officer only for a dossier they hold
 *   (forwarding it to another department: the service checks the target).
 * - mark_result_ready: officers and supervisors from in progress; the clerk too (and from
 *   received) when the procedure's result is produced at the counter.
 * - void "Hủy tiếp nhận (nhập nhầm)": from received only, by its receiving clerk or a
 *   supervisor of the receiving agency, on the day of receipt, when no one acted on it.
 * - request_supplement: the list of items (the note) and the specific reason; once per
 *   dossier (Decree 118/2025 art. 11(2)); a further request only by a supervisor, who
 *   records why (the override).
 */
export const TRANSITIONS: Record<Action, TransitionRule> = {
  take: {
    from: RUNNING_STATUSES,
    to: 'in_progress',
    roles: ['officer', 'supervisor'],
    when: ['in_assigned_agency', 'not_held'],
    label: 'Nhận xử lý',
    noteRequired: false,
    noteLabel: 'Ghi chú',
    public: true,
    publicNote: false,
    pause: 'none',
    completes: false,
  },
  assign: {
    from: RUNNING_STATUSES,
    to: 'in_progress',
    roles: ['officer', 'supervisor'],
    when: ['officer_holds'],
    label: 'Giao xử lý',
    noteRequired: false,
    noteLabel: 'Ghi chú giao xử lý',
    public: true,
    publicNote: false,
    pause: 'none',
    completes: false,
  },
  request_supplement: {
    from: RUNNING_STATUSES,
    to: 'awaiting_supplement',
    roles: ['officer', 'supervisor'],
    when: ['supplement_once'],
    label: 'Yêu cầu bổ sung hồ sơ',
    noteRequired: true,
    noteLabel: 'Giấy tờ cần bổ sung, hoàn thiện (mỗi dòng một mục)',
    reasonLabel: 'Lý do yêu cầu bổ sung (cụ thể)',
    public: true,
    publicNote: true,
    pause: 'open',
    completes: false,
  },
  receive_supplement: {
    from: ['awaiting_supplement'],
    to: 'in_progress',
    roles: ['clerk', 'officer', 'supervisor'],
    when: [],
    label: 'Đã nhận hồ sơ bổ sung',
    noteRequired: false,
    noteLabel: 'Ghi chú',
    public: true,
    publicNote: false,
    pause: 'close',
    completes: false,
  },
  pause: {
    from: ['in_progress'],
    to: 'paused',
    roles: ['officer', 'supervisor'],
    when: [],
    label: 'Tạm dừng (nghĩa vụ tài chính, xác minh)',
    noteRequired: true,
    noteLabel: 'Lý do tạm dừng',
    public: true,
    publicNote: true,
    pause: 'open',
    completes: false,
  },
  resume: {
    from: ['paused'],
    to: 'in_progress',
    roles: ['officer', 'supervisor'],
    when: [],
    label: 'Tiếp tục xử lý',
    noteRequired: false,
    noteLabel: 'Ghi chú',
    public: true,
    publicNote: false,
    pause: 'close',
    completes: false,
  },
  refuse: {
    from: STOPPABLE,
    to: 'refused',
    roles: ['officer', 'supervisor'],
    when: [],
    label: 'Từ chối giải quyết',
    noteRequired: true,
    noteLabel: 'Lý do từ chối (cụ thể, theo quy định)',
    public: true,
    publicNote: true,
    pause: 'close',
    completes: true,
  },
  withdraw: {
    from: STOPPABLE,
    to: 'withdrawn',
    roles: ['clerk', 'supervisor'],
    when: [],
    label: 'Công dân rút hồ sơ',
    noteRequired: true,
    noteLabel: 'Lý do rút hồ sơ (theo đề nghị của người nộp)',
    public: true,
    publicNote: false,
    pause: 'close',
    completes: false,
  },
  mark_result_ready: {
    from: RUNNING_STATUSES,
    to: 'result_ready',
    roles: ['clerk', 'officer', 'supervisor'],
    when: ['clerk_counter_result', 'received_counter_result'],
    label: 'Đã có kết quả',
    noteRequired: false,
    noteLabel: 'Ghi chú về kết quả',
    public: true,
    publicNote: false,
    pause: 'none',
    completes: true,
  },
  return_result: {
    from: ['result_ready'],
    to: 'returned',
    roles: ['clerk'],
    when: [],
    label: 'Trả kết quả',
    noteRequired: true,
    noteLabel: 'Người nhận kết quả (họ tên, số giấy tờ)',
    public: true,
    publicNote: false,
    pause: 'none',
    completes: false,
  },
  void: {
    from: ['received'],
    to: 'voided',
    roles: ['clerk', 'supervisor'],
    when: ['receiver_or_supervisor', 'received_today', 'not_acted_on'],
    label: 'Hủy tiếp nhận (nhập nhầm)',
    noteRequired: true,
    noteLabel: 'Lý do hủy tiếp nhận',
    public: true,
    publicNote: false,
    pause: 'none',
    completes: false,
  },
};

export type Refusal = 'unknown_action' | 'wrong_status' | 'wrong_role' | 'condition' | 'note_required' | 'reason_required' | 'override_required';

/** The form field a refusal is about. */
export type ActionField = 'note' | 'reason' | 'override_reason';

export type Decision =
  | { ok: true; action: Action; from: DossierStatus; to: DossierStatus; rule: TransitionRule; override: boolean }
  | { ok: false; reason: Refusal; message: string; condition?: Condition; field?: ActionField };

/** Events that do not count as acting on a dossier (its receipt and the receipt's prints). */
export const NOT_ACTING_EVENTS: readonly string[] = ['received', 'receipt_printed'];

/** Did a member of staff record anything on the dossier after its receipt (the `actedOn` of the context), from its history? */
export function actedOnIn(events: ReadonlyArray<{ type: string; actorId: number | null }>): boolean {
  return events.some((e) => e.actorId !== null && !NOT_ACTING_EVENTS.includes(e.type));
}

/** How many supplement requests the dossier has had (the `supplementRequests` of the context), from its pauses. */
export function supplementRequestsIn(pauses: ReadonlyArray<{ kind: string }>): number {
  return pauses.filter((p) => p.kind === 'supplement').length;
}

/** The ordinal of the next supplement request (1 for the first). */
export function supplementRound(ctx: Pick<ActionContext, 'supplementRequests'>): number {
  return ctx.supplementRequests + 1;
}

/** Is this action a further supplement request, one a supervisor must justify? */
export function needsOverride(action: Action, ctx: Pick<ActionContext, 'supplementRequests'>): boolean {
  return action === 'request_supplement' && ctx.supplementRequests > 0;
}

const blank = (v: string | null | undefined) => !(v && v.trim());
const lowerFirst = (label: string) => `${label.charAt(0).toLowerCase()}${label.slice(1)}`;

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

/** The first condition of the rule that does not hold, if any. */
function failedCondition(rule: TransitionRule, role: Role, status: DossierStatus, ctx: ActionContext): Condition | undefined {
  return rule.when.find((c) => !CONDITIONS[c].holds(role, status, ctx));
}

/** May this member of staff take this action on a dossier in this status and context (with this note and fields)? */
export function decide(status: DossierStatus, action: string, role: Role, note: string | null, ctx: ActionContext, fields: ActionFields = {}): Decision {
  if (!isAction(action)) return { ok: false, reason: 'unknown_action', message: 'Thao tác không hợp lệ.' };
  const rule = TRANSITIONS[action];
  if (!rule.roles.includes(role)) {
    return { ok: false, reason: 'wrong_role', message: `Vai trò của bạn không được thực hiện thao tác “${rule.label}”.` };
  }
  if (!rule.from.includes(status)) {
    return {
      ok: false,
      reason: 'wrong_status',
      message: `Không thể thực hiện “${rule.label}” khi hồ sơ đang ở trạng thái “${STATUS_LABELS[status]}”.`,
    };
  }
  const failed = failedCondition(rule, role, status, ctx);
  if (failed) return { ok: false, reason: 'condition', condition: failed, message: CONDITIONS[failed].message };
  if (rule.noteRequired && blank(note)) {
    return { ok: false, reason: 'note_required', message: `Nhập ${lowerFirst(rule.noteLabel)}.`, field: 'note' };
  }
  if (rule.reasonLabel && blank(fields.reason)) {
    return { ok: false, reason: 'reason_required', message: `Nhập ${lowerFirst(rule.reasonLabel)}.`, field: 'reason' };
  }
  const override = needsOverride(action, ctx);
  if (override && blank(fields.overrideReason)) {
    return {
      ok: false,
      reason: 'override_required',
      message: `Hồ sơ đã được yêu cầu bổ sung ${ctx.supplementRequests} lần; theo Nghị định 118/2025 chỉ được yêu cầu bổ sung một lần. Nhập lý do lãnh đạo cho phép yêu cầu bổ sung lần ${supplementRound(ctx)}.`,
      field: 'override_reason',
    };
  }
  return { ok: true, action, from: status, to: rule.to === 'same' ? status : rule.to, rule, override };
}

/** The actions this member of staff could take now (the action buttons): exactly those decide() accepts with a note. */
export function availableActions(status: DossierStatus, role: Role, ctx: ActionContext): Action[] {
  return ACTIONS.filter((a) => {
    const rule = TRANSITIONS[a];
    return rule.roles.includes(role) && rule.from.includes(status) && !failedCondition(rule, role, status, ctx);
  });
}

export type Completion = 'early' | 'on_time' | 'late';

export const COMPLETION_LABELS: Record<Completion, string> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};

/**
 * Classification for reports and the control sheet: the calendar date (Vietnam) of
 * completion against the calendar date of the appointment.
 */
export function classifyCompletion(completedAt: Date, appointment: Date): Completion {
  const done = localDateOf(completedAt);
  const due = localDateOf(appointment);
  return done < due ? 'early' : done === due ? 'on_time' : 'late';
}

/** Queue tag for an open dossier. */
export type QueueTag = 'on_track' | 'due_soon' | 'overdue' | 'paused';

export const QUEUE_TAG_LABELS: Record<QueueTag, string> = {
  on_track: 'Trong hạn',
  due_soon: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  paused: 'Tạm dừng',
};

/** The queue's filters: waiting to be taken in the agency's queue, or one appointment tag. */
export const QUEUE_FILTERS = ['waiting', 'on_track', 'due_soon', 'overdue', 'paused'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export const QUEUE_FILTER_LABELS: Record<QueueFilter, string> = { waiting: 'Chờ nhận xử lý', ...QUEUE_TAG_LABELS };

/**
 * How an open dossier stands against its appointment: paused (clock stopped), overdue,
 * due soon (within `warnMs` of office time), or on track.
 */
export function queueTag(cal: WorkingCalendar, now: Date, status: DossierStatus, dueAt: Date, warnMs: number): QueueTag {
  if (PAUSED_STATUSES.includes(status)) return 'paused';
  if (now.getTime() > dueAt.getTime()) return 'overdue';
  return cal.workingTimeBetween(now, dueAt) <= warnMs ? 'due_soon' : 'on_track';
}
