/**
 * A procedure's internal process (quy trình nội bộ): ordered steps, each done by a
 * department (an agency; none: the dossier's processing agency) within a budget of working
 * hours or working days. Pure: the admin form and the CSV import validate steps with it,
 * and the process control sheet (Mẫu 05) judges each hand-over against its step's limit.
 */
import type { Interval, WorkingCalendar } from '../../domain/calendar.js';
import type { ProcessingTime } from '../../domain/deadline.js';
import { MINUTE_MS, localDateOf } from '../../domain/time.js';
import { classifyCompletion, type Completion } from '../../domain/workflow.js';

export const STEP_UNITS = ['working_hours', 'working_days'] as const;
export type StepUnit = (typeof STEP_UNITS)[number];

export const STEP_UNIT_LABELS: Record<StepUnit, string> = {
  working_hours: 'giờ làm việc',
  working_days: 'ngày làm việc',
};

export const MAX_STEPS = 30;
export const MAX_STEP_NAME_LENGTH = 300;
/** Largest budget of a step, per unit (a year of working time). */
export const MAX_STEP_AMOUNT: Record<StepUnit, number> = { working_hours: 2920, working_days: 365 };

export interface ProcessStepInput {
  name: string;
  /** The department that does the step; null: the dossier's processing agency. */
  agencyId: number | null;
  amount: number;
  unit: StepUnit;
}

export interface ProcedureStep extends ProcessStepInput {
  position: number;
  agencyName: string | null;
}

export function isStepUnit(value: string): value is StepUnit {
  return (STEP_UNITS as readonly string[]).includes(value);
}

/** "8 giờ làm việc", "2 ngày làm việc". */
export function describeStepBudget(s: Pick<ProcessStepInput, 'amount' | 'unit'>): string {
  return `${s.amount} ${STEP_UNIT_LABELS[s.unit]}`;
}

/** A step's budget in working milliseconds (a working day is the office's day length). */
export function stepBudgetMs(s: Pick<ProcessStepInput, 'amount' | 'unit'>, dayLengthMs: number): number {
  return s.unit === 'working_hours' ? s.amount * 60 * MINUTE_MS : s.amount * dayLengthMs;
}

/**
 * The most working time the statutory time can hold, in ms: N working days or hours as
 * counted; a same-day procedure one working day; N calendar days at most N working days.
 */
export function statutoryBudgetMs(time: ProcessingTime, dayLengthMs: number): number {
  switch (time.unit) {
    case 'working_days':
    case 'calendar_days':
      return time.amount * dayLengthMs;
    case 'working_hours':
      return time.amount * 60 * MINUTE_MS;
    case 'same_day':
      return dayLengthMs;
  }
}

/** "8 giờ làm việc" or, for whole days, "2 ngày làm việc" (4 ngày 4 giờ làm việc otherwise). */
export function describeWorkingTime(ms: number, dayLengthMs: number): string {
  const hours = Math.round(ms / (60 * MINUTE_MS));
  const dayHours = Math.round(dayLengthMs / (60 * MINUTE_MS));
  if (hours < dayHours || dayHours <= 0) return `${hours} giờ làm việc`;
  const days = Math.floor(hours / dayHours);
  const rest = hours - days * dayHours;
  return rest === 0 ? `${days} ngày làm việc` : `${days} ngày ${rest} giờ làm việc`;
}

/**
 * The rule the admin form and the import apply: the steps' budgets together must fit in
 * the statutory time (the internal process divides the time the law gives, it cannot add
 * to it). A message when they do not, null when they fit.
 */
export function stepsBudgetProblem(steps: readonly Pick<ProcessStepInput, 'amount' | 'unit'>[], time: ProcessingTime, dayLengthMs: number): string | null {
  if (steps.length === 0) return null;
  const total = steps.reduce((sum, s) => sum + stepBudgetMs(s, dayLengthMs), 0);
  const limit = statutoryBudgetMs(time, dayLengthMs);
  if (total <= limit) return null;
  return `Tổng thời gian các bước (${describeWorkingTime(total, dayLengthMs)}) vượt thời gian giải quyết của thủ tục (${describeWorkingTime(limit, dayLengthMs)}); giảm thời gian các bước hoặc sửa thời gian giải quyết`;
}

/**
 * A step's budget as written in the import: a number and a unit — "8h", "8 giờ",
 * "8 giờ làm việc", "2d", "2 ngày", "2 ngày làm việc" (accents optional). Undefined when
 * it is not one of these or out of range.
 */
export function parseStepBudget(raw: string): { amount: number; unit: StepUnit } | undefined {
  const t = raw
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  const m = /^(\d{1,4}) ?(h|gio|gio lam viec|d|ngay|ngay lam viec)$/.exec(t);
  if (!m) return undefined;
  const amount = Number(m[1]);
  const unit: StepUnit = m[2]!.startsWith('h') || m[2]!.startsWith('gio') ? 'working_hours' : 'working_days';
  return amount >= 1 && amount <= MAX_STEP_AMOUNT[unit] ? { amount, unit } : undefined;
}

// ------------------------------------------------------------------ judging hand-overs (Mẫu 05)

/** A move of the dossier from one unit to another (null: to the applicant). */
export interface Move {
  at: Date;
  toAgencyId: number | null;
}

export interface StepLimit {
  position: number;
  name: string;
  /** When the dossier entered the step: the hand-over into its department (the receipt for a first step at the counter). */
  enteredAt: Date;
  /** The step's limit: its budget of working time from `enteredAt`, pauses not counted. */
  deadline: Date;
  unit: StepUnit;
}

export interface JudgedMove {
  /** The step the dossier leaves with this move; null when it was in no step of the process. */
  step: StepLimit | null;
  /** Early / on time / late against the step's limit; null when it left no step (the caller judges it against the appointment). */
  result: Completion | null;
}

/**
 * A hand-over that ends a step, judged against that step's limit. A step counted in
 * working days is judged by calendar date, as reports judge completion (domain.md,
 * "Classification"); a step counted in working hours is late as soon as its limit has
 * passed, even on the same date, early when it is done on an earlier date, on time
 * otherwise.
 */
export function judgeAgainstStep(at: Date, step: Pick<StepLimit, 'deadline' | 'unit'>): Completion {
  if (step.unit === 'working_days') return classifyCompletion(at, step.deadline);
  if (at.getTime() > step.deadline.getTime()) return 'late';
  return localDateOf(at) < localDateOf(step.deadline) ? 'early' : 'on_time';
}

/**
 * Walk the dossier's moves in order. The receipt puts it in the receiving agency; each
 * move puts it in the move's destination. Entering an agency enters the next step of the
 * process (in order, not going back) whose department is that agency: the step's limit
 * runs from that moment. Each move is judged against the step the dossier is leaving;
 * a move out of no step (a department outside the process, or no steps at all) is left
 * to the caller. `steps` carry resolved agency ids (a step without a department is the
 * processing agency's).
 */
export function judgeMoves(
  cal: WorkingCalendar,
  steps: readonly { position: number; name: string; agencyId: number; amount: number; unit: StepUnit }[],
  receipt: { at: Date; agencyId: number },
  moves: readonly Move[],
  pauses: readonly Interval[] = [],
): JudgedMove[] {
  let next = 0;
  const enter = (agencyId: number | null, at: Date): StepLimit | null => {
    if (agencyId === null) return null;
    const k = steps.findIndex((s, i) => i >= next && s.agencyId === agencyId);
    if (k < 0) return null;
    next = k + 1;
    const s = steps[k]!;
    return { position: s.position, name: s.name, enteredAt: at, deadline: cal.addWorkingTime(at, stepBudgetMs(s, cal.dayLengthMs), pauses), unit: s.unit };
  };
  let current = enter(receipt.agencyId, receipt.at);
  return moves.map((m) => {
    const judged: JudgedMove = { step: current, result: current ? judgeAgainstStep(m.at, current) : null };
    current = enter(m.toAgencyId, m.at);
    return judged;
  });
}
