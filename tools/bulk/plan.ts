/**
 * The plan of one synthetic dossier's life: the steps staff and the system would take on
 * it, each at an instant (assignment or taking from the queue, supplement request and
 * receipt, pause and resume, apology, overdue flag and escalation, result ready, refusal,
 * withdrawal, early-completion notice, return). Only a plan: life.ts applies it through
 * the state machine, in time order, up to the "as of" instant.
 */
import type { WorkingCalendar } from '../../src/domain/calendar.js';
import { computeAppointment, type ProcessingTime } from '../../src/domain/deadline.js';
import { EVENT_NOTES, SYSTEM_APOLOGY_REASON } from '../../src/domain/event-notes.js';
import { MINUTE_MS, dayNumberOf, fromDayNumber, instantOfDay } from '../../src/domain/time.js';
import type { Action, Completion } from '../../src/domain/workflow.js';
import type { Applicant } from './people.js';
import { Prng, WeightedPicker } from './prng.js';
import type { AgencyCtx, StaffRef } from './setup.js';
import type { SimContext } from './simulate.js';
import {
  APOLOGY_REASONS,
  ASSIGN_NOTES,
  FORWARD_NOTES,
  PAUSE_REASONS,
  REFUSAL_REASONS,
  RESULT_NOTES,
  SUPPLEMENT_ITEMS,
  SUPPLEMENT_REASONS,
  WITHDRAWAL_REASONS,
} from './vocab.js';

const HOUR_MS = 60 * MINUTE_MS;

export type Outcome = 'open' | 'returned' | 'result_ready' | 'refused' | 'withdrawn';

/** What happens without a status change: a receipt print, and what the sweeps and the apology record. */
export type Mark = 'receipt_printed' | 'apology' | 'overdue' | 'escalated' | 'early_notice';

export interface Step {
  t: number;
  /** An action of the state machine (a status change) or a mark. */
  kind: Action | Mark;
  /** Null: the system (a sweep's mark, the system's apology). Every action has one. */
  actor: StaffRef | null;
  note: string | null;
  /** assign: the officer it is given to. */
  toUser?: StaffRef;
  /** request_supplement: the specific reason. */
  reason?: string;
  /** apology: the new appointment. */
  newDue?: number;
}

/** What the plan of one dossier depends on besides the run's context (drawn by the caller, in its order of draws). */
export interface PlanInput extends SimContext {
  agency: AgencyCtx;
  time: ProcessingTime;
  extensionDays: number;
  receivedAt: number;
  /** The appointment at receipt. */
  due0: number;
  outcome: Outcome;
  channel: string;
  delivery: string;
  person: Pick<Applicant, 'name' | 'idNumber'>;
  clerk: StaffRef;
  officer: StaffRef;
  supervisor: StaffRef;
}

/** Arrival density over the office day: half-hour slots (minute of day, weight); mornings are busier. */
const SLOTS = new WeightedPicker(
  [480, 510, 540, 570, 600, 630, 660, 690, 780, 810, 840, 870, 900, 930, 960, 990],
  [6, 9, 11, 11, 10, 9, 7, 4, 4, 6, 7, 7, 5, 4, 3, 1.5],
);

/** An instant during office hours of the given Vietnam day number. */
export function officeInstant(rng: Prng, cal: WorkingCalendar, day: number): number {
  const minute = SLOTS.pick(rng);
  const t = instantOfDay(day, minute * MINUTE_MS + rng.int(0, 1799) * 1000);
  // Configured office hours may differ from the default the slots assume.
  return cal.isOpenAt(t) ? t.getTime() : cal.nextOpening(t).getTime();
}

export const d = (ms: number) => new Date(ms);

/** When a job scheduled every `minutes` (cron *\/10, *\/5) first runs after `t`, a few seconds past the mark. */
function sweepAfter(rng: Prng, t: number, minutes = 10): number {
  const step = minutes * MINUTE_MS;
  return (Math.floor(t / step) + 1) * step + rng.int(1, 40) * 1000;
}

function prevWorkingDay(cal: WorkingCalendar, day: number): number {
  let x = day - 1;
  while (!cal.isWorkingDayNumber(x)) x--;
  return x;
}

function nthWorkingDayAfter(cal: WorkingCalendar, day: number, n: number): number {
  let x = day;
  for (let i = 0; i < n; i++) {
    x++;
    while (!cal.isWorkingDayNumber(x)) x++;
  }
  return x;
}

/** The steps of one dossier's life, in the order planned (not yet in time order). */
export function planSteps(p: PlanInput): Step[] {
  const { rng, cal, rules, asOf, agency, time, outcome, clerk, supervisor } = p;
  const R = p.receivedAt;
  const due0 = p.due0;
  let officer = p.officer;
  const wt = (from: number, ms: number) => cal.addWorkingTime(d(from), Math.max(0, ms)).getTime();
  const between = (a: number, z: number) => cal.workingTimeBetween(d(a), d(z));
  const WD = cal.dayLengthMs;
  const dept = agency.kind !== 'commune';
  const ext = p.extensionDays;

  const steps: Step[] = [];
  let cursor = R;
  if (p.channel === 'counter') {
    cursor = R + rng.int(30, 240) * 1000;
    steps.push({ t: cursor, kind: 'receipt_printed', actor: clerk, note: EVENT_NOTES.firstPrint });
  }
  const earlyWithdrawal = outcome === 'withdrawn' && rng.chance(0.3);
  const stuckUnassigned = outcome === 'open' && rng.chance(0.03);
  let A = 0;
  if (earlyWithdrawal) {
    const w = wt(cursor, rng.int(10, 120) * MINUTE_MS);
    steps.push({ t: w, kind: 'withdraw', actor: clerk, note: rng.pick(WITHDRAWAL_REASONS) });
  } else if (!stuckUnassigned) {
    // Out of the processing agency's queue: the supervisor gives it to an officer (with a
    // note), or the officer takes it.
    A = wt(cursor, (time.unit === 'same_day' ? rng.int(5, 40) : rng.int(10, 240)) * MINUTE_MS);
    const note = rng.chance(0.5) ? rng.pick(ASSIGN_NOTES) : null;
    steps.push(note ? { t: A, kind: 'assign', actor: supervisor, toUser: officer, note } : { t: A, kind: 'take', actor: officer, note: null });
  }
  /** Another officer of the agency continues: the supervisor's to decide (an officer forwards only to another agency). */
  const forward = (t: number) => {
    const next = otherThan(rng, agency.officers, officer);
    steps.push({ t, kind: 'assign', actor: supervisor, toUser: next, note: rng.pick(FORWARD_NOTES) });
    officer = next;
  };

  let due = due0;
  let T0 = A;
  const pauseOn = (start: number, kindOther: boolean, close: boolean) => {
    if (kindOther) {
      steps.push({ t: start, kind: 'pause', actor: officer, note: rng.pick(PAUSE_REASONS) });
    } else {
      const items = pickSupplement(rng);
      steps.push({ t: start, kind: 'request_supplement', actor: officer, note: items, reason: supplementReason(items) });
    }
    if (!close) return;
    const days = kindOther ? rng.int(1, 15) : rng.int(1, 3) + (rng.chance(0.4) ? rng.int(0, 7) : 0);
    const end = wt(start, days * WD - rng.int(0, 240) * MINUTE_MS);
    steps.push({ t: end, kind: kindOther ? 'resume' : 'receive_supplement', actor: kindOther ? officer : clerk, note: null });
    due = computeAppointment(cal, time, d(R), [{ start: d(start), end: d(end) }], rules).getTime();
    T0 = end;
  };
  /** A moment between `from` and the appointment (fraction of the working time left). */
  const before = (from: number, until: number, lo: number, hi: number) => wt(from, Math.max(10 * MINUTE_MS, between(from, until) * (lo + rng.next() * (hi - lo))));

  /** Apology (Mẫu 04) for a dossier about to miss `due`: by the officer a working day ahead, or by the system just after. */
  const apologise = (manual: boolean) => {
    const left = manual ? between(T0, due) : 0;
    if (left > 2 * HOUR_MS) {
      const at = wt(T0, Math.max(5 * MINUTE_MS, left - WD * (0.7 + 0.5 * rng.next())));
      if (at < due) {
        const newDue = wt(due, ext * WD);
        steps.push({ t: at, kind: 'apology', actor: rng.chance(0.6) ? officer : supervisor, note: rng.pick(APOLOGY_REASONS), newDue });
        return newDue;
      }
    }
    const at = sweepAfter(rng, due);
    const newDue = wt(at, ext * WD);
    steps.push({ t: at, kind: 'apology', actor: null, note: SYSTEM_APOLOGY_REASON, newDue });
    return newDue;
  };

  if (outcome === 'open') {
    if (!stuckUnassigned) {
      const overdueNow = due0 < asOf;
      const u = rng.next();
      const sub = overdueNow ? (u < 0.3 ? 'awaiting_supplement' : u < 0.45 ? 'paused' : 'in_progress') : u < 0.12 ? 'awaiting_supplement' : u < 0.17 ? 'paused' : 'in_progress';
      if (dept && rng.chance(0.3) && agency.officers.length > 1) forward(before(A, Math.min(asOf, due0), 0.05, 0.4));
      if (sub !== 'in_progress') {
        pauseOn(before(A, Math.min(asOf, due0), 0.45, 0.95), sub === 'paused', false);
      }
    }
    if (due0 < asOf && steps.every((s) => s.kind !== 'request_supplement' && s.kind !== 'pause')) {
      // Still running past the appointment: flagged and apologised for (by the officer,
      // or by the system's sweep minutes later), then escalated when the new date passes.
      steps.push({ t: sweepAfter(rng, due0), kind: 'overdue', actor: null, note: null });
      const newDue = apologise(!stuckUnassigned && rng.chance(0.4));
      steps.push({ t: sweepAfter(rng, newDue), kind: 'escalated', actor: null, note: null });
    }
    return steps;
  }
  if (earlyWithdrawal) return steps;

  if (rng.chance(0.045)) pauseOn(before(A, due0, 0.1, 0.8), rng.chance(0.3), true);
  const dueDay = dayNumberOf(d(due));
  let F: number;
  let finishKind: Action;
  let actor: StaffRef = officer;
  let note: string | null = null;
  if (outcome === 'refused' || outcome === 'withdrawn') {
    F = before(T0, due, 0.05, 0.9);
    finishKind = outcome === 'refused' ? 'refuse' : 'withdraw';
    if (outcome === 'withdrawn') actor = clerk;
    note = rng.pick(outcome === 'refused' ? REFUSAL_REASONS : WITHDRAWAL_REASONS);
  } else {
    finishKind = 'mark_result_ready';
    note = rng.chance(0.3) ? rng.pick(RESULT_NOTES) : null;
    const lastEarly = cal.closingOf(fromDayNumber(prevWorkingDay(cal, dueDay))).getTime();
    const canBeEarly = lastEarly > T0 + 15 * MINUTE_MS;
    const u = rng.next();
    const want: Completion = canBeEarly ? (u < p.early ? 'early' : u < p.early + p.onTime ? 'on_time' : 'late') : u < 0.93 ? 'on_time' : 'late';
    if (want === 'early') {
      F = wt(T0 + 10 * MINUTE_MS, between(T0 + 10 * MINUTE_MS, lastEarly) * rng.next());
    } else if (want === 'on_time') {
      const open = Math.max(T0 + 10 * MINUTE_MS, instantOfDay(dueDay, cal.openingMs).getTime());
      F = open < due ? wt(open, between(open, due) * rng.next()) : T0 + 10 * MINUTE_MS;
    } else {
      const k = rng.chance(0.55) ? 1 : rng.chance(0.45) ? 2 : rng.int(3, 8);
      F = Math.max(T0 + 10 * MINUTE_MS, officeInstant(rng, cal, nthWorkingDayAfter(cal, dueDay, k)));
      steps.push({ t: sweepAfter(rng, due), kind: 'overdue', actor: null, note: null });
      if (rng.chance(0.7)) {
        const newDue = apologise(rng.chance(0.7));
        // Before the apology's new date, but never before the dossier came back from a
        // pause: a pause that starts after the appointment does not move it.
        F = Math.max(T0 + 10 * MINUTE_MS, Math.min(F, newDue - rng.int(1, 60) * MINUTE_MS));
      }
    }
  }
  if (dept ? rng.chance(0.3) : rng.chance(0.05)) {
    if (agency.officers.length > 1 && between(T0, F) > HOUR_MS) {
      forward(wt(T0, between(T0, F) * (0.3 + 0.4 * rng.next())));
      if (finishKind !== 'withdraw') actor = officer;
    }
  }
  steps.push({ t: F, kind: finishKind, actor, note });
  if (finishKind !== 'mark_result_ready') return steps;

  const notice = sweepAfter(rng, F, 5);
  steps.push({ t: notice, kind: 'early_notice', actor: null, note: null });
  if (outcome === 'returned') {
    const from = notice + MINUTE_MS;
    const u = rng.next();
    const wait =
      p.delivery === 'online'
        ? rng.int(5, 120) * MINUTE_MS
        : p.delivery === 'post'
          ? rng.int(1, 3) * WD
          : u < 0.35
            ? rng.int(10, 180) * MINUTE_MS
            : u < 0.65
              ? WD + rng.int(-120, 120) * MINUTE_MS
              : u < 0.9
                ? rng.int(2, 5) * WD
                : rng.int(6, 20) * WD;
    steps.push({ t: wt(from, wait), kind: 'return_result', actor: rng.pick(agency.clerks), note: returnNote(rng, p.delivery, p.person.name, p.person.idNumber) });
  }
  return steps;
}

function otherThan(rng: Prng, staff: readonly StaffRef[], not: StaffRef): StaffRef {
  const others = staff.filter((s) => s.id !== not.id);
  return others.length ? rng.pick(others) : not;
}

function pickSupplement(rng: Prng): string {
  const first = rng.pick(SUPPLEMENT_ITEMS);
  if (!rng.chance(0.35)) return first;
  const second = rng.pick(SUPPLEMENT_ITEMS);
  return second === first ? first : `${first}\n${second}`;
}

/** The specific reason of a supplement request for these items (no random draw: the data before the reason existed is unchanged). */
function supplementReason(items: string): string {
  return items
    .split('\n')
    .map((item) => SUPPLEMENT_REASONS[SUPPLEMENT_ITEMS.indexOf(item)]!)
    .join('; ');
}

function returnNote(rng: Prng, delivery: string, name: string, idNumber: string): string {
  if (delivery === 'post') return `Gửi qua bưu điện, mã bưu gửi EB${rng.digits(9)}VN`;
  if (delivery === 'online') return 'Gửi bản điện tử qua Cổng Dịch vụ công';
  if (rng.chance(0.85)) return `${name}, CCCD ${idNumber}`;
  return `Người được ủy quyền, CCCD 075${rng.digits(9)}\nGiấy ủy quyền có chứng thực`;
}
