/**
 * One synthetic dossier's life, from the counter to the citizen's rating, as the app
 * itself would have recorded it: a plan of steps (assign, supplement request and
 * receipt, pause and resume, apology, overdue flag, result ready, refusal, withdrawal,
 * early-completion notice, return), applied in time order up to the "as of" instant with
 * the same rules as the workflow service (state machine, pause intervals and recomputed
 * appointment, classification by calendar date), producing the rows of every table and a
 * valid hash chain of events. Steps planned after "as of" are cut: the dossier stays open.
 */
import { eventHash } from '../domain/audit-chain.js';
import type { Interval, WorkingCalendar } from '../domain/calendar.js';
import { computeAppointment, type DeadlineRules, type ProcessingTime } from '../domain/deadline.js';
import { codeDatePart, formatDossierCode } from '../domain/dossier-code.js';
import type { DossierStatus } from '../domain/status.js';
import { MINUTE_MS, dayNumberOf, formatDateTimeVn, fromDayNumber, instantOfDay, localDateOf } from '../domain/time.js';
import { classifyCompletion, type Completion } from '../domain/workflow.js';
import { applicant } from './people.js';
import { Prng, WeightedPicker } from './prng.js';
import type { AgencyCtx, ProcedureCtx, StaffRef } from './setup.js';
import {
  APOLOGY_REASONS,
  ASSIGN_NOTES,
  FORWARD_NOTES,
  PAUSE_REASONS,
  PRAISE_COMMENTS,
  REFUSAL_REASONS,
  RESULT_NOTES,
  SUPPLEMENT_ITEMS,
  UNSATISFIED_COMMENTS,
  WITHDRAWAL_REASONS,
} from './vocab.js';
import type { Row } from './writer.js';

/** Same text as the apology sweep's (src/features/jobs/sweeps.ts). */
const SYSTEM_APOLOGY_REASON = 'Hồ sơ cần thêm thời gian thẩm định, xác minh theo quy định nên chưa thể trả kết quả đúng hẹn.';

const HOUR_MS = 60 * MINUTE_MS;

export type Outcome = 'open' | 'returned' | 'result_ready' | 'refused' | 'withdrawn';

export interface SimContext {
  rng: Prng;
  cal: WorkingCalendar;
  rules: DeadlineRules;
  /** Nothing happens at or after this instant (epoch ms). */
  asOf: number;
  /** For dossiers that can finish before their appointment's date: P(early), P(on time); late is the rest. */
  early: number;
  onTime: number;
}

/** Rows of one transaction's worth of dossiers, and the dossier_sequences values they reached. */
export class Batch {
  dossiers: Row[] = [];
  documents: Row[] = [];
  events: Row[] = [];
  handovers: Row[] = [];
  pauses: Row[] = [];
  milestones: Row[] = [];
  apologies: Row[] = [];
  ratings: Row[] = [];
  sequences = new Map<string, { agencyId: number; day: string; value: number }>();
}

export interface Stats {
  dossiers: number;
  status: Record<string, number>;
  completion: Record<string, number>;
  withPause: number;
  apologies: number;
  overdueFlagged: number;
  ratings: number;
}

export function emptyStats(): Stats {
  return { dossiers: 0, status: {}, completion: {}, withPause: 0, apologies: 0, overdueFlagged: 0, ratings: 0 };
}

type StepKind =
  | 'receipt_printed'
  | 'assign'
  | 'request_supplement'
  | 'pause'
  | 'receive_supplement'
  | 'resume'
  | 'apology'
  | 'overdue'
  | 'escalated'
  | 'mark_result_ready'
  | 'refuse'
  | 'withdraw'
  | 'early_notice'
  | 'return_result';

interface Step {
  t: number;
  kind: StepKind;
  actor: StaffRef | null;
  note: string | null;
  toUser?: StaffRef;
  newDue?: number;
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

const RUNNING: readonly DossierStatus[] = ['received', 'in_progress'];
const OPEN: readonly DossierStatus[] = ['received', 'in_progress', 'awaiting_supplement', 'paused'];

const d = (ms: number) => new Date(ms);

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

export interface Slot {
  receivedAt: number;
  agency: AgencyCtx;
  procedure: ProcedureCtx;
  outcome: Outcome;
}

/**
 * Simulate one dossier and append its rows to `b`. `id` is the dossier's id; `sequences`
 * holds the last daily sequence per agency and day (updated here).
 */
export function simulate(ctx: SimContext, b: Batch, stats: Stats, id: number, slot: Slot, sequences: Map<string, number>): void {
  const { rng, cal, rules, asOf } = ctx;
  const { agency, procedure: proc } = slot;
  const R = slot.receivedAt;
  const wt = (from: number, ms: number) => cal.addWorkingTime(d(from), Math.max(0, ms)).getTime();
  const between = (a: number, z: number) => cal.workingTimeBetween(d(a), d(z));
  const WD = cal.dayLengthMs;

  // Code: per agency and Vietnam day, continuing whatever dossier_sequences already holds.
  const day = codeDatePart(d(R));
  const seqKey = `${agency.id}|${day}`;
  const seq = (sequences.get(seqKey) ?? 0) + 1;
  sequences.set(seqKey, seq);
  b.sequences.set(seqKey, { agencyId: agency.id, day, value: seq });
  const code = formatDossierCode(agency.eid, d(R), seq);

  const person = applicant(rng, agency.placeKind ? { place: agency.placeName, kind: agency.placeKind } : null);
  const channel = rng.chance(0.2) ? 'online' : rng.chance(0.03) ? 'post' : 'counter';
  const delivery = channel === 'online' && rng.chance(0.5) ? 'online' : rng.chance(0.08) ? 'post' : rng.chance(0.06) ? 'online' : 'counter';
  const time: ProcessingTime = { unit: proc.unit, amount: proc.amount };
  const due0 = computeAppointment(cal, time, d(R), [], rules).getTime();
  const clerk = rng.pick(agency.clerks);
  let officer = rng.pick(agency.officers);
  const supervisor = rng.pick(agency.supervisors);
  const sameDay = proc.unit === 'same_day';
  const dept = agency.kind !== 'commune';
  const ext = proc.extensionDays;

  // ---- the plan ----
  const steps: Step[] = [];
  let cursor = R;
  if (channel === 'counter') {
    cursor = R + rng.int(30, 240) * 1000;
    steps.push({ t: cursor, kind: 'receipt_printed', actor: clerk, note: 'In lần đầu' });
  }
  const outcome = slot.outcome;
  const earlyWithdrawal = outcome === 'withdrawn' && rng.chance(0.3);
  const stuckUnassigned = outcome === 'open' && rng.chance(0.03);
  let A = 0;
  if (earlyWithdrawal) {
    const w = wt(cursor, rng.int(10, 120) * MINUTE_MS);
    steps.push({ t: w, kind: 'withdraw', actor: clerk, note: rng.pick(WITHDRAWAL_REASONS) });
  } else if (!stuckUnassigned) {
    A = wt(cursor, (sameDay ? rng.int(5, 40) : rng.int(10, 240)) * MINUTE_MS);
    steps.push({ t: A, kind: 'assign', actor: clerk, toUser: officer, note: rng.chance(0.5) ? rng.pick(ASSIGN_NOTES) : null });
  }

  let due = due0;
  let T0 = A;
  const pauseOn = (start: number, kindOther: boolean, close: boolean) => {
    const reason = kindOther ? rng.pick(PAUSE_REASONS) : pickSupplement(rng);
    steps.push({ t: start, kind: kindOther ? 'pause' : 'request_supplement', actor: officer, note: reason });
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
      if (dept && rng.chance(0.3) && agency.officers.length > 1) {
        const t = before(A, Math.min(asOf, due0), 0.05, 0.4);
        const next = otherThan(rng, agency.officers, officer);
        steps.push({ t, kind: 'assign', actor: officer, toUser: next, note: rng.pick(FORWARD_NOTES) });
        officer = next;
      }
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
  } else if (!earlyWithdrawal) {
    if (rng.chance(0.045)) pauseOn(before(A, due0, 0.1, 0.8), rng.chance(0.3), true);
    const dueDay = dayNumberOf(d(due));
    let F: number;
    let finishKind: StepKind;
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
      const want: Completion = canBeEarly ? (u < ctx.early ? 'early' : u < ctx.early + ctx.onTime ? 'on_time' : 'late') : u < 0.93 ? 'on_time' : 'late';
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
          F = Math.min(F, newDue - rng.int(1, 60) * MINUTE_MS);
        }
      }
    }
    if (dept ? rng.chance(0.3) : rng.chance(0.05)) {
      if (agency.officers.length > 1 && between(T0, F) > HOUR_MS) {
        const t = wt(T0, between(T0, F) * (0.3 + 0.4 * rng.next()));
        const next = otherThan(rng, agency.officers, officer);
        steps.push({ t, kind: 'assign', actor: officer, toUser: next, note: rng.pick(FORWARD_NOTES) });
        officer = next;
        if (finishKind !== 'withdraw') actor = next;
      }
    }
    steps.push({ t: F, kind: finishKind, actor, note });
    if (finishKind === 'mark_result_ready') {
      const notice = sweepAfter(rng, F, 5);
      steps.push({ t: notice, kind: 'early_notice', actor: null, note: null });
      if (outcome === 'returned') {
        const from = notice + MINUTE_MS;
        const u = rng.next();
        const wait =
          delivery === 'online'
            ? rng.int(5, 120) * MINUTE_MS
            : delivery === 'post'
              ? rng.int(1, 3) * WD
              : u < 0.35
                ? rng.int(10, 180) * MINUTE_MS
                : u < 0.65
                  ? WD + rng.int(-120, 120) * MINUTE_MS
                  : u < 0.9
                    ? rng.int(2, 5) * WD
                    : rng.int(6, 20) * WD;
        steps.push({ t: wt(from, wait), kind: 'return_result', actor: rng.pick(agency.clerks), note: returnNote(rng, delivery, person.name, person.idNumber) });
      }
    }
  }

  // ---- apply the plan, in time order, up to "as of" ----
  steps.sort((x, y) => x.t - y.t);
  let status = 'received' as DossierStatus;
  let version = 1;
  let updatedAt = R;
  let prints = 0;
  let assignedAgency: number | null = null;
  let assignedTo: number | null = null;
  let finishedAt: number | null = null;
  let completion: Completion | null = null;
  let completedBy: number | null = null;
  let returnedAt: number | null = null;
  let returnedTo: string | null = null;
  let outcomeNote: string | null = null;
  let extendedDue: number | null = null;
  let overdueAt: number | null = null;
  let escalatedAt: number | null = null;
  let earlyNotifiedAt: number | null = null;
  let dueNow = due0;
  let openPause: { row: Row; start: number } | null = null;
  const pauses: Interval[] = [];
  let seqNo = 0;
  let prevHash: string | null = null;

  const event = (type: string, from: DossierStatus | null, to: DossierStatus | null, who: StaffRef | null, note: string | null, isPublic: boolean, at: number) => {
    seqNo++;
    const createdAt = d(at);
    const ip = who ? who.ip : null;
    const actorId = who ? who.id : null;
    const hash = eventHash(prevHash, { dossierId: id, seq: seqNo, type, fromStatus: from, toStatus: to, actorId, note, public: isPublic, ip, createdAt });
    b.events.push([id, seqNo, type, from, to, actorId, note, isPublic, ip, createdAt, prevHash, hash]);
    prevHash = hash;
  };
  const transition = (type: string, to: DossierStatus, who: StaffRef | null, note: string | null, at: number) => {
    event(type, status, to, who, note, true, at);
    status = to;
    version++;
    updatedAt = at;
  };
  const closePause = (who: StaffRef, at: number) => {
    if (!openPause) return;
    openPause.row[3] = d(at);
    openPause.row[6] = who.id;
    pauses.push({ start: d(openPause.start), end: d(at) });
    openPause = null;
    dueNow = computeAppointment(cal, time, d(R), pauses, rules).getTime();
  };

  event('received', null, 'received', clerk, null, true, R);
  let lastT = R;
  for (const s of steps) {
    const t = Math.max(s.t, lastT);
    if (t >= asOf) break;
    lastT = t;
    switch (s.kind) {
      case 'receipt_printed':
        prints++;
        event('receipt_printed', null, null, s.actor, s.note, false, t);
        break;
      case 'assign':
        if (!RUNNING.includes(status)) break;
        b.handovers.push([id, d(t), assignedAgency ?? agency.id, agency.id, s.actor!.id, s.toUser!.id, d(dueNow), s.note]);
        assignedAgency = agency.id;
        assignedTo = s.toUser!.id;
        transition('assign', 'in_progress', s.actor, s.note, t);
        break;
      case 'request_supplement':
      case 'pause': {
        if (s.kind === 'pause' ? status !== 'in_progress' : !RUNNING.includes(status)) break;
        const row: Row = [id, s.kind === 'pause' ? 'other' : 'supplement', d(t), null, s.note ?? '', s.actor!.id, null];
        b.pauses.push(row);
        openPause = { row, start: t };
        stats.withPause++;
        transition(s.kind, s.kind === 'pause' ? 'paused' : 'awaiting_supplement', s.actor, s.note, t);
        break;
      }
      case 'receive_supplement':
      case 'resume':
        if (status !== (s.kind === 'resume' ? 'paused' : 'awaiting_supplement')) break;
        closePause(s.actor!, t);
        transition(s.kind, 'in_progress', s.actor, s.note, t);
        break;
      case 'apology':
        if (!OPEN.includes(status) || extendedDue !== null) break;
        b.apologies.push([id, d(t), s.actor?.id ?? null, s.note!, d(dueNow), d(s.newDue!)]);
        b.milestones.push([id, 'apology', d(t)]);
        extendedDue = s.newDue!;
        version++;
        updatedAt = t;
        stats.apologies++;
        event(
          'apology_issued',
          null,
          null,
          s.actor,
          `${s.note}\nHẹn lại ngày trả kết quả: ${formatDateTimeVn(d(s.newDue!))}${s.actor === null ? '\n(Hệ thống tự động phát hành)' : ''}`,
          true,
          t,
        );
        break;
      case 'overdue':
        if (!RUNNING.includes(status) || overdueAt !== null || dueNow >= t) break;
        overdueAt = t;
        b.milestones.push([id, 'overdue', d(t)]);
        stats.overdueFlagged++;
        event('overdue', null, null, null, `Quá hạn trả kết quả ${formatDateTimeVn(d(dueNow))}`, false, t);
        break;
      case 'escalated':
        if (!RUNNING.includes(status) || extendedDue === null || extendedDue >= t) break;
        escalatedAt = t;
        b.milestones.push([id, 'escalation', d(t)]);
        event('escalated', null, null, null, `Quá hạn lần hai (hẹn lại ${formatDateTimeVn(d(extendedDue))}): chuyển lãnh đạo xử lý`, false, t);
        break;
      case 'mark_result_ready':
        if (status !== 'in_progress') break;
        finishedAt = t;
        completion = classifyCompletion(d(t), d(dueNow));
        completedBy = s.actor!.id;
        if (s.note) outcomeNote = s.note;
        transition('mark_result_ready', 'result_ready', s.actor, s.note, t);
        break;
      case 'refuse':
      case 'withdraw':
        if (!OPEN.includes(status)) break;
        closePause(s.actor!, t);
        if (s.kind === 'refuse') {
          completion = classifyCompletion(d(t), d(dueNow));
          completedBy = s.actor!.id;
        }
        finishedAt = t;
        outcomeNote = s.note ?? '';
        transition(s.kind, s.kind === 'refuse' ? 'refused' : 'withdrawn', s.actor, s.note, t);
        break;
      case 'early_notice': {
        if (status !== 'result_ready' || completion !== 'early' || finishedAt === null) break;
        const daysEarly = Math.max(1, cal.workingDaysBetween(localDateOf(d(finishedAt)), localDateOf(d(extendedDue ?? dueNow))));
        earlyNotifiedAt = t;
        b.milestones.push([id, 'early_completion', d(t)]);
        event('early_completion_notice', null, null, null, `Báo kết quả sớm ${daysEarly} ngày làm việc`, true, t);
        break;
      }
      case 'return_result':
        if (status !== 'result_ready') break;
        returnedAt = t;
        returnedTo = (s.note ?? '').replace(/\n/g, '; ');
        transition('return_result', 'returned', s.actor, s.note, t);
        break;
    }
  }

  // Rating: about three in ten returned dossiers, a little after the return.
  if (status === 'returned' && returnedAt !== null && rng.chance(0.3)) {
    const at = returnedAt + rng.int(10, 72 * 60) * MINUTE_MS;
    if (at < asOf) {
      const u = rng.next();
      const level = completion === 'late' ? (u < 0.35 ? 'unsatisfied' : u < 0.75 ? 'satisfied' : 'very_satisfied') : u < 0.05 ? 'unsatisfied' : u < 0.42 ? 'satisfied' : 'very_satisfied';
      const comment = level === 'unsatisfied' ? rng.pick(UNSATISFIED_COMMENTS) : rng.chance(0.06) ? rng.pick(PRAISE_COMMENTS) : null;
      const crit = () => (level === 'unsatisfied' ? rng.int(0, 1) : level === 'satisfied' ? rng.int(1, 2) : rng.chance(0.9) ? 2 : 1);
      const answered = rng.chance(0.4);
      b.ratings.push([
        id,
        level,
        comment,
        answered ? crit() : null,
        answered ? crit() : null,
        answered ? crit() : null,
        answered ? crit() : null,
        answered ? crit() : null,
        completedBy ?? assignedTo,
        agency.id,
        d(at),
      ]);
      stats.ratings++;
    }
  }

  for (const doc of proc.documents) {
    if (!doc.required && !rng.chance(0.5)) continue;
    b.documents.push([id, doc.position, doc.name, doc.originals, doc.certifiedCopies, doc.copies]);
  }

  b.dossiers.push([
    id,
    code,
    rng.tokenBase64Url(24),
    agency.id,
    agency.id,
    proc.id,
    status,
    person.name,
    person.folded,
    person.idNumber,
    person.phone,
    person.email,
    person.address,
    person.representative,
    delivery,
    channel,
    rng.chance(0.9) ? 1 : rng.int(2, 3),
    null,
    proc.unit,
    proc.unit === 'same_day' ? 0 : proc.amount,
    d(R),
    d(due0),
    d(dueNow),
    finishedAt === null ? null : d(finishedAt),
    clerk.id,
    assignedTo,
    prints,
    version,
    d(R),
    d(updatedAt),
    assignedAgency,
    completion,
    returnedAt === null ? null : d(returnedAt),
    returnedTo,
    outcomeNote,
    extendedDue === null ? null : d(extendedDue),
    overdueAt === null ? null : d(overdueAt),
    completedBy,
    escalatedAt === null ? null : d(escalatedAt),
    earlyNotifiedAt === null ? null : d(earlyNotifiedAt),
  ]);
  stats.dossiers++;
  stats.status[status] = (stats.status[status] ?? 0) + 1;
  if (completion && status !== 'refused') stats.completion[completion] = (stats.completion[completion] ?? 0) + 1;
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

function returnNote(rng: Prng, delivery: string, name: string, idNumber: string): string {
  if (delivery === 'post') return `Gửi qua bưu điện, mã bưu gửi EB${rng.digits(9)}VN`;
  if (delivery === 'online') return 'Gửi bản điện tử qua Cổng Dịch vụ công';
  if (rng.chance(0.85)) return `${name}, CCCD ${idNumber}`;
  return `Người được ủy quyền, CCCD 075${rng.digits(9)}\nGiấy ủy quyền có chứng thực`;
}
