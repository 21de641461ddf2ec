/**
 * The dossier state machine: which action may move a dossier from which status, who
 * may take it, and what it records. Pure data and functions; the service applies the
 * decision in one transaction with an optimistic version check.
 */
import type { WorkingCalendar } from './calendar.js';
import type { Role } from './roles.js';
import { STATUS_LABELS, type DossierStatus } from './status.js';
import { localDateOf } from './time.js';

export const ACTIONS = [
  'assign',
  'request_supplement',
  'receive_supplement',
  'pause',
  'resume',
  'refuse',
  'withdraw',
  'mark_result_ready',
  'return_result',
] as const;
export type Action = (typeof ACTIONS)[number];

export type PauseEffect = 'open' | 'close' | 'none';

export interface TransitionRule {
  from: readonly DossierStatus[];
  /** 'same' keeps the status (a forward from one department to another). */
  to: DossierStatus | 'same';
  roles: readonly Role[];
  /** The button and the audit event's label. */
  label: string;
  /** A note (reason, list of missing documents, collector…) is required. */
  noteRequired: boolean;
  noteLabel: string;
  /** Shown on the citizen's status page. */
  public: boolean;
  /** The note itself is shown to the citizen (e.g. what to bring for a supplement). */
  publicNote: boolean;
  pause: PauseEffect;
  /** Completes processing: the dossier is classified early / on time / late. */
  completes: boolean;
}

const OPEN: readonly DossierStatus[] = ['received', 'in_progress'];
const STOPPABLE: readonly DossierStatus[] = ['received', 'in_progress', 'awaiting_supplement', 'paused'];

export const TRANSITIONS: Record<Action, TransitionRule> = {
  assign: {
    from: OPEN,
    to: 'in_progress',
    roles: ['clerk', 'officer', 'supervisor'],
    label: 'Chuyển xử lý',
    noteRequired: false,
    noteLabel: 'Ghi chú chuyển xử lý',
    public: true,
    publicNote: false,
    pause: 'none',
    completes: false,
  },
  request_supplement: {
    from: OPEN,
    to: 'awaiting_supplement',
    roles: ['officer', 'supervisor'],
    label: 'Yêu cầu bổ sung hồ sơ',
    noteRequired: true,
    noteLabel: 'Giấy tờ cần bổ sung, hoàn thiện (mỗi dòng một mục)',
    public: true,
    publicNote: true,
    pause: 'open',
    completes: false,
  },
  receive_supplement: {
    from: ['awaiting_supplement'],
    to: 'in_progress',
    roles: ['clerk', 'officer', 'supervisor'],
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
    label: 'Công dân rút hồ sơ',
    noteRequired: true,
    noteLabel: 'Lý do rút hồ sơ (theo đề nghị của người nộp)',
    public: true,
    publicNote: false,
    pause: 'close',
    completes: false,
  },
  mark_result_ready: {
    from: ['in_progress'],
    to: 'result_ready',
    roles: ['officer', 'supervisor'],
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
    label: 'Trả kết quả',
    noteRequired: true,
    noteLabel: 'Người nhận kết quả (họ tên, số giấy tờ)',
    public: true,
    publicNote: false,
    pause: 'none',
    completes: false,
  },
};

export type Decision =
  | { ok: true; action: Action; from: DossierStatus; to: DossierStatus; rule: TransitionRule }
  | { ok: false; reason: 'unknown_action' | 'wrong_status' | 'wrong_role' | 'note_required'; message: string };

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

/** May this role take this action on a dossier in this status (with this note)? */
export function decide(status: DossierStatus, action: string, role: Role, note: string | null): Decision {
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
  if (rule.noteRequired && !(note && note.trim())) {
    return { ok: false, reason: 'note_required', message: `Nhập ${rule.noteLabel.charAt(0).toLowerCase()}${rule.noteLabel.slice(1)}.` };
  }
  return { ok: true, action, from: status, to: rule.to === 'same' ? status : rule.to, rule };
}

/** The actions a role could take on a dossier in this status, for the action buttons. */
export function availableActions(status: DossierStatus, role: Role): Action[] {
  return ACTIONS.filter((a) => TRANSITIONS[a].roles.includes(role) && TRANSITIONS[a].from.includes(status));
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

/**
 * How an open dossier stands against its appointment: paused (clock stopped), overdue,
 * due soon (within `warnMs` of office time), or on track.
 */
export function queueTag(cal: WorkingCalendar, now: Date, status: DossierStatus, dueAt: Date, warnMs: number): QueueTag {
  if (status === 'awaiting_supplement' || status === 'paused') return 'paused';
  if (now.getTime() > dueAt.getTime()) return 'overdue';
  return cal.workingTimeBetween(now, dueAt) <= warnMs ? 'due_soon' : 'on_track';
}
