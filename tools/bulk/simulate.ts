/**
 * One synthetic dossier's life, from the counter to the citizen's rating, as the app
 * itself would have recorded it: a plan of steps (assign, supplement request and
 * receipt, pause and resume, apology, overdue flag, result ready, refusal, withdrawal,
 * early-completion notice, return), applied in time order up to the "as of" instant with
 * the same rules as the workflow service (state machine, pause intervals and recomputed
 * appointment, classification by calendar date), producing the rows of every table and a
 * valid hash chain of events. Steps planned after "as of" are cut: the dossier stays open.
 */
import { eventHash } from '../../src/domain/audit-chain.js';
import { dossierSearchWords } from '../../src/domain/search-words.js';
import type { Interval, WorkingCalendar } from '../../src/domain/calendar.js';
import { computeAppointment, type DeadlineRules, type ProcessingTime } from '../../src/domain/deadline.js';
import { codeDatePart, formatDossierCode } from '../../src/domain/dossier-code.js';
import { EVENT_NOTES, SYSTEM_APOLOGY_REASON } from '../../src/domain/event-notes.js';
import { OPEN_STATUSES, RUNNING_STATUSES, type DossierStatus } from '../../src/domain/status.js';
import { MINUTE_MS, dayNumberOf, fromDayNumber, instantOfDay, localDateOf } from '../../src/domain/time.js';
import { classifyCompletion, type Completion } from '../../src/domain/workflow.js';
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
import {
  APOLOGIES,
  DOCUMENTS,
  DOSSIERS,
  EVENTS,
  HANDOVERS,
  MILESTONES,
  PAUSES,
  RATINGS,
  SEARCH_WORDS,
  type ApologyRecord,
  type DocumentRecord,
  type DossierRecord,
  type EventRecord,
  type HandoverRecord,
  type MilestoneRecord,
  type PauseRecord,
  type RatingRecord,
  type SearchWordRecord,
} from './tables.js';
import type { Row, TableSpec } from './writer.js';

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

/** Records of one transaction's worth of dossiers, and the dossier_sequences values they reached. */
export class Batch {
  dossiers: DossierRecord[] = [];
  documents: DocumentRecord[] = [];
  events: EventRecord[] = [];
  handovers: HandoverRecord[] = [];
  pauses: PauseRecord[] = [];
  milestones: MilestoneRecord[] = [];
  apologies: ApologyRecord[] = [];
  ratings: RatingRecord[] = [];
  searchWords: SearchWordRecord[] = [];
  sequences = new Map<string, { agencyId: number; day: string; value: number }>();

  /** Every table's rows in column order: dossiers first, then the child tables in foreign-key order. */
  tables(): Array<{ table: TableSpec; rows: Row[] }> {
    return [
      { table: DOSSIERS, rows: this.dossiers.map(DOSSIERS.row) },
      { table: DOCUMENTS, rows: this.documents.map(DOCUMENTS.row) },
      { table: HANDOVERS, rows: this.handovers.map(HANDOVERS.row) },
      { table: PAUSES, rows: this.pauses.map(PAUSES.row) },
      { table: EVENTS, rows: this.events.map(EVENTS.row) },
      { table: MILESTONES, rows: this.milestones.map(MILESTONES.row) },
      { table: APOLOGIES, rows: this.apologies.map(APOLOGIES.row) },
      { table: RATINGS, rows: this.ratings.map(RATINGS.row) },
      { table: SEARCH_WORDS, rows: this.searchWords.map(SEARCH_WORDS.row) },
    ];
  }
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
    steps.push({ t: cursor, kind: 'receipt_printed', actor: clerk, note: EVENT_NOTES.firstPrint });
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
  let openPause: { row: PauseRecord; start: number } | null = null;
  const pauses: Interval[] = [];
  let seqNo = 0;
  let prevHash: string | null = null;

  const event = (type: string, from: DossierStatus | null, to: DossierStatus | null, who: StaffRef | null, note: string | null, isPublic: boolean, at: number) => {
    seqNo++;
    const createdAt = d(at);
    const ip = who ? who.ip : null;
    const actorId = who ? who.id : null;
    const hash = eventHash(prevHash, { dossierId: id, seq: seqNo, type, fromStatus: from, toStatus: to, actorId, note, public: isPublic, ip, createdAt });
    b.events.push({ dossier_id: id, seq: seqNo, type, from_status: from, to_status: to, actor_id: actorId, note, public: isPublic, ip, created_at: createdAt, prev_hash: prevHash, hash });
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
    openPause.row.ended_at = d(at);
    openPause.row.ended_by = who.id;
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
        if (!RUNNING_STATUSES.includes(status)) break;
        b.handovers.push({
          dossier_id: id,
          at: d(t),
          from_agency_id: assignedAgency ?? agency.id,
          to_agency_id: agency.id,
          from_user_id: s.actor!.id,
          to_user_id: s.toUser!.id,
          due_at: d(dueNow),
          note: s.note,
        });
        assignedAgency = agency.id;
        assignedTo = s.toUser!.id;
        transition('assign', 'in_progress', s.actor, s.note, t);
        break;
      case 'request_supplement':
      case 'pause': {
        if (s.kind === 'pause' ? status !== 'in_progress' : !RUNNING_STATUSES.includes(status)) break;
        const row: PauseRecord = {
          dossier_id: id,
          kind: s.kind === 'pause' ? 'other' : 'supplement',
          started_at: d(t),
          ended_at: null,
          reason: s.note ?? '',
          started_by: s.actor!.id,
          ended_by: null,
        };
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
        if (!OPEN_STATUSES.includes(status) || extendedDue !== null) break;
        b.apologies.push({ dossier_id: id, issued_at: d(t), issued_by: s.actor?.id ?? null, reason: s.note!, previous_due_at: d(dueNow), new_due_at: d(s.newDue!) });
        b.milestones.push({ dossier_id: id, kind: 'apology', created_at: d(t) });
        extendedDue = s.newDue!;
        version++;
        updatedAt = t;
        stats.apologies++;
        event(
          'apology_issued',
          null,
          null,
          s.actor,
          EVENT_NOTES.apologyIssued(s.note!, d(s.newDue!), s.actor === null),
          true,
          t,
        );
        break;
      case 'overdue':
        if (!RUNNING_STATUSES.includes(status) || overdueAt !== null || dueNow >= t) break;
        overdueAt = t;
        b.milestones.push({ dossier_id: id, kind: 'overdue', created_at: d(t) });
        stats.overdueFlagged++;
        event('overdue', null, null, null, EVENT_NOTES.overdue(d(dueNow)), false, t);
        break;
      case 'escalated':
        if (!RUNNING_STATUSES.includes(status) || extendedDue === null || extendedDue >= t) break;
        escalatedAt = t;
        b.milestones.push({ dossier_id: id, kind: 'escalation', created_at: d(t) });
        event('escalated', null, null, null, EVENT_NOTES.escalated(d(extendedDue)), false, t);
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
        if (!OPEN_STATUSES.includes(status)) break;
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
        b.milestones.push({ dossier_id: id, kind: 'early_completion', created_at: d(t) });
        event('early_completion_notice', null, null, null, EVENT_NOTES.earlyCompletion(daysEarly), true, t);
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
      // Drawn in the order the rating form asks them.
      const criterion = () => (answered ? crit() : null);
      const time = criterion();
      const contacts = criterion();
      const agencies = criterion();
      const attitude = criterion();
      const publicity = criterion();
      b.ratings.push({
        dossier_id: id,
        level,
        comment,
        criterion_time: time,
        criterion_contacts: contacts,
        criterion_agencies: agencies,
        criterion_attitude: attitude,
        criterion_publicity: publicity,
        officer_id: completedBy ?? assignedTo,
        agency_id: agency.id,
        created_at: d(at),
      });
      stats.ratings++;
    }
  }

  for (const doc of proc.documents) {
    if (!doc.required && !rng.chance(0.5)) continue;
    b.documents.push({ dossier_id: id, position: doc.position, name: doc.name, originals: doc.originals, certified_copies: doc.certifiedCopies, copies: doc.copies });
  }

  // Field order follows the rng draws: the token first, then the number of sets.
  const publicToken = rng.tokenBase64Url(24);
  const setsCount = rng.chance(0.9) ? 1 : rng.int(2, 3);
  b.dossiers.push({
    id,
    code,
    public_token: publicToken,
    agency_id: agency.id,
    processing_agency_id: agency.id,
    procedure_id: proc.id,
    status,
    applicant_name: person.name,
    applicant_name_folded: person.folded,
    applicant_id_number: person.idNumber,
    applicant_phone: person.phone,
    applicant_email: person.email,
    applicant_address: person.address,
    representative_name: person.representative,
    result_delivery: delivery,
    channel,
    sets_count: setsCount,
    note: null,
    processing_unit: proc.unit,
    processing_amount: proc.unit === 'same_day' ? 0 : proc.amount,
    received_at: d(R),
    original_due_at: d(due0),
    due_at: d(dueNow),
    finished_at: finishedAt === null ? null : d(finishedAt),
    received_by: clerk.id,
    assigned_to: assignedTo,
    receipt_print_count: prints,
    version,
    created_at: d(R),
    updated_at: d(updatedAt),
    assigned_agency_id: assignedAgency,
    completion,
    returned_at: returnedAt === null ? null : d(returnedAt),
    returned_to: returnedTo,
    outcome_note: outcomeNote,
    extended_due_at: extendedDue === null ? null : d(extendedDue),
    overdue_at: overdueAt === null ? null : d(overdueAt),
    completed_by: completedBy,
    escalated_at: escalatedAt === null ? null : d(escalatedAt),
    early_notified_at: earlyNotifiedAt === null ? null : d(earlyNotifiedAt),
  });
  // No random draws: the other tables are the same as before the word index.
  for (const word of dossierSearchWords({ name: person.name, code })) b.searchWords.push({ dossier_id: id, word });
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
