/**
 * A planned life applied to a dossier, in time order up to the "as of" instant, as the app
 * itself would have recorded it. Every status change is an action the state machine
 * (src/domain/workflow.ts) decides, with the context the workflow service would read; its
 * decision says what the step produces (new status, a pause opened or closed, completion,
 * the event), applied the way the service applies it, but into in-memory rows the writer
 * inserts in bulk. A step the state machine refuses is a bug of the planner: it throws.
 * The marks (receipt prints, the sweeps' overdue and escalation flags, apologies,
 * early-completion notices) are recorded when the dossier is in a state they apply to.
 */
import { eventHash } from '../../src/domain/audit-chain.js';
import type { Interval, WorkingCalendar } from '../../src/domain/calendar.js';
import { computeAppointment, type DeadlineRules, type ProcessingTime } from '../../src/domain/deadline.js';
import { EVENT_NOTES } from '../../src/domain/event-notes.js';
import { OPEN_STATUSES, RUNNING_STATUSES, type DossierStatus } from '../../src/domain/status.js';
import { localDateOf } from '../../src/domain/time.js';
import { classifyCompletion, decide, isAction, type Action, type ActionContext, type Completion } from '../../src/domain/workflow.js';
import { d, type Step } from './plan.js';
import type { AgencyCtx, ProcedureCtx, StaffRef } from './setup.js';
import type { PauseRecord } from './tables.js';
import type { Batch, Stats } from './simulate.js';

/** The dossier row's columns that its history sets (epoch ms for instants). */
export interface LifeState {
  status: DossierStatus;
  version: number;
  updatedAt: number;
  prints: number;
  assignedAgency: number | null;
  assignedTo: number | null;
  finishedAt: number | null;
  completion: Completion | null;
  completedBy: number | null;
  returnedAt: number | null;
  returnedTo: string | null;
  outcomeNote: string | null;
  extendedDue: number | null;
  overdueAt: number | null;
  escalatedAt: number | null;
  earlyNotifiedAt: number | null;
  dueNow: number;
}

export interface LifeInput {
  cal: WorkingCalendar;
  rules: DeadlineRules;
  asOf: number;
  id: number;
  code: string;
  agency: AgencyCtx;
  procedure: ProcedureCtx;
  time: ProcessingTime;
  clerk: StaffRef;
  receivedAt: number;
  due0: number;
}

/** Applies `steps` (sorted here) to the dossier received at `receivedAt`; appends its rows to `b`. */
export function live(input: LifeInput, steps: Step[], b: Batch, stats: Stats): LifeState {
  const { cal, rules, asOf, id, agency, time, clerk } = input;
  const R = input.receivedAt;
  const receivedOn = localDateOf(d(R));
  // As intake leaves it: waiting in the processing agency's queue (the receiving agency's here).
  const s: LifeState = {
    status: 'received',
    version: 1,
    updatedAt: R,
    prints: 0,
    assignedAgency: agency.id,
    assignedTo: null,
    finishedAt: null,
    completion: null,
    completedBy: null,
    returnedAt: null,
    returnedTo: null,
    outcomeNote: null,
    extendedDue: null,
    overdueAt: null,
    escalatedAt: null,
    earlyNotifiedAt: null,
    dueNow: input.due0,
  };
  let openPause: { row: PauseRecord; start: number } | null = null;
  const pauses: Interval[] = [];
  let supplementRequests = 0;
  let actedOn = false;
  let handedOver = false;
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
    if (who && type !== 'received' && type !== 'receipt_printed') actedOn = true;
  };
  const handover = (at: number, fromAgency: number, fromUser: number | null, to: StaffRef, note: string | null) => {
    b.handovers.push({ dossier_id: id, at: d(at), from_agency_id: fromAgency, to_agency_id: to.agencyId, from_user_id: fromUser, to_user_id: to.id, due_at: d(s.dueNow), note });
    handedOver = true;
    s.assignedAgency = to.agencyId;
    s.assignedTo = to.id;
  };
  const closePause = (who: StaffRef, at: number) => {
    if (!openPause) return;
    openPause.row.ended_at = d(at);
    openPause.row.ended_by = who.id;
    pauses.push({ start: d(openPause.start), end: d(at) });
    openPause = null;
    s.dueNow = computeAppointment(cal, time, d(R), pauses, rules).getTime();
  };

  /** One action: decided by the state machine, then applied as the workflow service applies it. */
  const act = (step: Step, action: Action, at: number) => {
    const who = step.actor;
    if (!who) throw new Error(`seed:bulk planned “${action}” on ${input.code} without a member of staff`);
    const ctx: ActionContext = {
      staffId: who.id,
      staffAgencyId: who.agencyId,
      holderId: s.assignedTo,
      assignedAgencyId: s.assignedAgency,
      receivingAgencyId: agency.id,
      receivedBy: clerk.id,
      receivedOn,
      today: localDateOf(d(at)),
      resultAtCounter: input.procedure.resultAtCounter,
      actedOn,
      supplementRequests,
    };
    const decision = decide(s.status, action, who.role, step.note, ctx, { reason: step.reason });
    if (!decision.ok) {
      throw new Error(`seed:bulk planned a step the state machine refuses, on ${input.code}: “${action}” by a ${who.role} from “${s.status}” (${decision.reason}: ${decision.message})`);
    }
    const { rule } = decision;
    if (rule.pause === 'open') {
      const row: PauseRecord = {
        dossier_id: id,
        kind: action === 'request_supplement' ? 'supplement' : 'other',
        started_at: d(at),
        ended_at: null,
        reason: step.note ?? '',
        request_reason: step.reason ?? null,
        started_by: who.id,
        ended_by: null,
      };
      b.pauses.push(row);
      openPause = { row, start: at };
      stats.withPause++;
      if (action === 'request_supplement') supplementRequests++;
    }
    if (rule.pause === 'close') closePause(who, at);
    if (rule.completes) {
      s.finishedAt = at;
      s.completion = classifyCompletion(d(at), d(s.dueNow));
      s.completedBy = who.id;
    }
    if (action === 'refuse' || action === 'withdraw' || action === 'void') {
      s.outcomeNote = step.note ?? '';
      s.finishedAt = at;
    }
    if (action === 'mark_result_ready' && step.note) s.outcomeNote = step.note;
    if (action === 'return_result') {
      s.returnedAt = at;
      s.returnedTo = (step.note ?? '').replace(/\n/g, '; ');
    }
    // From the queue to the taker; the first hand-over is the counter's (Mẫu 05's first row).
    if (action === 'take') handover(at, handedOver ? (s.assignedAgency ?? agency.id) : agency.id, handedOver ? null : clerk.id, who, step.note);
    if (action === 'assign') handover(at, s.assignedAgency ?? agency.id, who.id, step.toUser!, step.note);
    event(action, decision.from, decision.to, who, step.note, rule.public, at);
    s.status = decision.to;
    s.version++;
    s.updatedAt = at;
  };

  /** A mark, when the dossier is in a state it applies to. */
  const mark = (step: Step, at: number) => {
    switch (step.kind) {
      case 'receipt_printed':
        s.prints++;
        event('receipt_printed', null, null, step.actor, step.note, false, at);
        break;
      case 'apology':
        if (!OPEN_STATUSES.includes(s.status) || s.extendedDue !== null) break;
        b.apologies.push({ dossier_id: id, issued_at: d(at), issued_by: step.actor?.id ?? null, reason: step.note!, previous_due_at: d(s.dueNow), new_due_at: d(step.newDue!) });
        b.milestones.push({ dossier_id: id, kind: 'apology', created_at: d(at) });
        s.extendedDue = step.newDue!;
        s.version++;
        s.updatedAt = at;
        stats.apologies++;
        event('apology_issued', null, null, step.actor, EVENT_NOTES.apologyIssued(step.note!, d(step.newDue!), step.actor === null), true, at);
        break;
      case 'overdue':
        if (!RUNNING_STATUSES.includes(s.status) || s.overdueAt !== null || s.dueNow >= at) break;
        s.overdueAt = at;
        b.milestones.push({ dossier_id: id, kind: 'overdue', created_at: d(at) });
        stats.overdueFlagged++;
        event('overdue', null, null, null, EVENT_NOTES.overdue(d(s.dueNow)), false, at);
        break;
      case 'escalated':
        if (!RUNNING_STATUSES.includes(s.status) || s.extendedDue === null || s.extendedDue >= at) break;
        s.escalatedAt = at;
        b.milestones.push({ dossier_id: id, kind: 'escalation', created_at: d(at) });
        event('escalated', null, null, null, EVENT_NOTES.escalated(d(s.extendedDue)), false, at);
        break;
      case 'early_notice': {
        if (s.status !== 'result_ready' || s.completion !== 'early' || s.finishedAt === null) break;
        const daysEarly = Math.max(1, cal.workingDaysBetween(localDateOf(d(s.finishedAt)), localDateOf(d(s.extendedDue ?? s.dueNow))));
        s.earlyNotifiedAt = at;
        b.milestones.push({ dossier_id: id, kind: 'early_completion', created_at: d(at) });
        event('early_completion_notice', null, null, null, EVENT_NOTES.earlyCompletion(daysEarly), true, at);
        break;
      }
    }
  };

  steps.sort((x, y) => x.t - y.t);
  event('received', null, 'received', clerk, null, true, R);
  let lastT = R;
  for (const step of steps) {
    const t = Math.max(step.t, lastT);
    if (t >= asOf) break;
    lastT = t;
    if (isAction(step.kind)) act(step, step.kind, t);
    else mark(step, t);
  }
  return s;
}
