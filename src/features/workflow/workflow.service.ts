/**
 * Moving a dossier through the office. Each action is decided by the pure state
 * machine, then applied in one transaction: the dossier row (guarded by its version, so
 * a concurrent change is a conflict, never an overwrite), pauses, hand-overs, the
 * recomputed appointment, the audit event and the citizen's notice (through the outbox).
 */
import type { Deps } from '../../deps.js';
import { computeAppointment, type ClockPause } from '../../domain/deadline.js';
import type { StaffUser } from '../../domain/roles.js';
import { localDateOf } from '../../domain/time.js';
import { actedOnIn, availableActions, classifyCompletion, decide, supplementRequestsIn, supplementRound, type Action, type ActionContext, type Condition } from '../../domain/workflow.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { dossiersRepo, type Dossier } from '../dossiers/dossiers.repo.js';
import { canSeeDossier } from '../dossiers/dossiers.service.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { listPauses, pauseHistory, type PauseRow } from '../dossiers/pauses.repo.js';
import type { CitizenStep } from '../notifications/citizen-steps.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { workflowRepo, type DossierUpdate } from './workflow.repo.js';
import type { ActionInput } from './workflow.schema.js';
import { refuse, REFUSAL_MESSAGES, type Refusal } from '../../platform/refusal/refusal.js';

/** Why an action was not taken; the route maps the reason to an HTTP status. */
export type ActionRefusal = Refusal<'not_found' | 'forbidden' | 'conflict' | 'invalid'>;

export type ActionResult = { ok: true; action: Action } | ActionRefusal;

const CONFLICT_MESSAGE = 'Hồ sơ vừa được người khác cập nhật. Trang đã được tải lại với thông tin mới nhất; vui lòng kiểm tra rồi thực hiện lại.';

/**
 * A condition of the state machine that does not hold: not this person's to do (forbidden),
 * or no longer possible in the dossier's present state (conflict: someone took it, acted on it,
 * or the day has passed).
 */
const CONDITION_REASON: Record<Condition, 'forbidden' | 'conflict'> = {
  in_assigned_agency: 'forbidden',
  not_held: 'conflict',
  officer_holds: 'forbidden',
  clerk_counter_result: 'forbidden',
  received_counter_result: 'conflict',
  receiver_or_supervisor: 'forbidden',
  received_today: 'conflict',
  not_acted_on: 'conflict',
  // A further supplement request is a supervisor's to allow.
  supplement_once: 'forbidden',
};

/** What the citizen is told of an action, if anything (inside the action's transaction). */
function citizenStep(action: Action, note: string | null, round: number): CitizenStep | null {
  switch (action) {
    case 'request_supplement':
      return { kind: 'supplement_request', items: note ?? '', round };
    case 'mark_result_ready':
      return { kind: 'result_ready' };
    case 'refuse':
      return { kind: 'refused', reason: note ?? '' };
    case 'withdraw':
      return { kind: 'withdrawn', reason: note ?? '' };
    case 'void':
      return { kind: 'voided', reason: note ?? '' };
    default:
      return null;
  }
}

class Conflict extends Error {}

/**
 * The pauses as the clock sees them once `action` closed the open ones at `now`. Only
 * recording the complete supplement (receive_supplement) is a restart point: a supplement
 * pause closed by a refusal or a withdrawal just stopped the clock.
 */
function clockPauses(pauses: readonly PauseRow[], action: Action, now: Date): ClockPause[] {
  return pauseHistory(pauses).map((p) =>
    p.kind === 'supplement' && action !== 'receive_supplement' && p.end.getTime() === now.getTime() ? { ...p, kind: 'other' } : p,
  );
}

/** The note of the event recording a supervisor's override of the one-supplement rule. */
export function overrideNote(round: number, reason: string): string {
  return `Cho phép yêu cầu bổ sung lần ${round}. Lý do: ${reason}`;
}

/** A dossier's history and pauses, as read with it (dossiers.service details). */
export interface KnownHistory {
  events: ReadonlyArray<{ type: string; actorId: number | null }>;
  pauses: ReadonlyArray<{ kind: string }>;
}

type ContextDossier = Pick<Dossier, 'id' | 'status' | 'procedure' | 'agency' | 'processingAgencyId' | 'assignedAgency' | 'assignedTo' | 'receivedBy' | 'receivedAt'>;

export function workflowService(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  wired: { calendar: CalendarService; notifications: Pick<NotificationsService, 'notifyCitizen'> },
) {
  const { db, clock } = deps;
  const { calendar, notifications } = wired;
  const repo = workflowRepo(db);
  const dossiers = dossiersRepo(db);

  /**
   * The state machine's context for this member of staff and dossier, now. `known`: the
   * dossier's history and pauses as the caller has just read them (the dossier page), so
   * that nothing is read twice.
   */
  async function contextFor(staff: StaffUser, dossier: ContextDossier, now: Date, known?: KnownHistory): Promise<ActionContext> {
    const [actedOn, supplementRequests] = known
      ? [actedOnIn(known.events), supplementRequestsIn(known.pauses)]
      : await Promise.all([
          // Only a dossier still at "received" can be voided; elsewhere the answer does not matter.
          dossier.status === 'received' ? repo.actedOn(dossier.id) : Promise.resolve(true),
          repo.supplementRequests(dossier.id),
        ]);
    return {
      staffId: staff.id,
      staffAgencyId: staff.agencyId,
      holderId: dossier.assignedTo?.id ?? null,
      assignedAgencyId: dossier.assignedAgency?.id ?? null,
      receivingAgencyId: dossier.agency.id,
      receivedBy: dossier.receivedBy.id,
      receivedOn: localDateOf(dossier.receivedAt),
      today: localDateOf(now),
      resultAtCounter: dossier.procedure.resultAtCounter,
      actedOn,
      supplementRequests,
    };
  }

  return {
    /** The actions this member of staff could take on this dossier now (its action buttons): exactly what act() accepts. */
    async actionsFor(staff: StaffUser, dossier: ContextDossier, known?: KnownHistory): Promise<Action[]> {
      if (!canSeeDossier(staff, dossier)) return [];
      return availableActions(dossier.status, staff.role, await contextFor(staff, dossier, clock.now(), known));
    },

    /**
     * The supplement request form's state: the next request's round, and whether it needs a
     * supervisor's override (Decree 118 allows one request).
     */
    async supplementState(dossierId: number, known?: Pick<KnownHistory, 'pauses'>): Promise<{ requests: number; round: number; overrideNeeded: boolean }> {
      const requests = known ? supplementRequestsIn(known.pauses) : await repo.supplementRequests(dossierId);
      return { requests, round: supplementRound({ supplementRequests: requests }), overrideNeeded: requests > 0 };
    },

    /** Where this dossier can be handed: the agencies that process its procedure and their officers. */
    async assignmentOptions(dossier: Pick<Dossier, 'procedure' | 'processingAgencyId'>) {
      const agencies = await repo.processingAgencies(dossier.procedure, dossier.processingAgencyId);
      const staff = await repo.processingStaff(agencies.map((a) => a.id));
      return { agencies, staff };
    },

    async act(staff: StaffUser, dossierId: number, input: ActionInput, ip: string | null): Promise<ActionResult> {
      const dossier = await dossiers.byId(dossierId);
      if (!dossier) return refuse('not_found', REFUSAL_MESSAGES.dossierNotFound);
      if (!canSeeDossier(staff, dossier)) return refuse('forbidden', REFUSAL_MESSAGES.dossierOtherAgency);
      if (input.version !== dossier.version) return { ok: false, reason: 'conflict', message: CONFLICT_MESSAGE };

      const now = clock.now();
      const note = input.note;
      const ctx = await contextFor(staff, dossier, now);
      const decision = decide(dossier.status, input.action, staff.role, note, ctx, { reason: input.reason, overrideReason: input.overrideReason });
      if (!decision.ok) {
        if (decision.reason === 'wrong_role') return { ok: false, reason: 'forbidden', message: decision.message };
        if (decision.field) return { ok: false, reason: 'invalid', message: decision.message, field: decision.field };
        if (decision.reason === 'condition') return { ok: false, reason: CONDITION_REASON[decision.condition!], message: decision.message };
        return { ok: false, reason: 'conflict', message: decision.message };
      }
      const { rule, action } = decision;
      const round = supplementRound(ctx);

      if (action === 'assign') {
        if (!input.toAgencyId) return { ok: false, reason: 'invalid', message: 'Chọn cơ quan, bộ phận nhận hồ sơ.', field: 'to_agency_id' };
        const processing = await repo.processingAgencies(dossier.procedure, dossier.processingAgencyId);
        if (!processing.some((a) => a.id === input.toAgencyId)) {
          return { ok: false, reason: 'invalid', message: 'Cơ quan được chọn không giải quyết thủ tục của hồ sơ này.', field: 'to_agency_id' };
        }
        // An officer forwards what they hold to another department; giving work to a colleague is the supervisor's.
        if (staff.role === 'officer' && input.toAgencyId === (dossier.assignedAgency?.id ?? dossier.processingAgencyId)) {
          return {
            ok: false,
            reason: 'invalid',
            message: 'Chuyên viên chỉ chuyển hồ sơ sang cơ quan, bộ phận khác; việc giao hồ sơ cho cán bộ trong đơn vị do lãnh đạo thực hiện.',
            field: 'to_agency_id',
          };
        }
        if (input.toUserId && !(await repo.staffInAgency(input.toUserId, input.toAgencyId))) {
          return { ok: false, reason: 'invalid', message: 'Cán bộ được chọn không thuộc cơ quan nhận hồ sơ.', field: 'to_user_id' };
        }
      }

      // Read outside the transaction: on SQLite the transaction holds the only connection.
      const cal = await calendar.current();
      try {
        await db.transaction(async (trx) => {
          const update: DossierUpdate = { status: decision.to };
          if (rule.pause === 'open' && action === 'request_supplement') {
            await repo.openPause(trx, dossier.id, 'supplement', note ?? '', staff.id, now, {
              requestReason: input.reason ?? null,
              overrideReason: decision.override ? (input.overrideReason ?? null) : null,
            });
          } else if (rule.pause === 'open') {
            await repo.openPause(trx, dossier.id, 'other', note ?? '', staff.id, now);
          }
          if (rule.pause === 'close' && (await repo.closeOpenPauses(trx, dossier.id, staff.id, now)) > 0) {
            // The appointment is recomputed from the receipt, the whole pause history and the
            // rules the dossier was received under: after a complete supplement the full
            // statutory time starts again (restart) or the time left resumes.
            const pauses = await listPauses(trx, dossier.id);
            update.due_at = computeAppointment(
              cal,
              { unit: dossier.processingUnit, amount: dossier.processingAmount },
              dossier.receivedAt,
              clockPauses(pauses, action, now),
              calendar.rules(),
              { supplementClock: dossier.supplementClock, nextDayAfterCutoff: dossier.nextDayAfterCutoff },
            );
          }
          if (rule.completes) {
            update.finished_at = now;
            update.completion = classifyCompletion(now, update.due_at ?? dossier.dueAt);
            update.completed_by = staff.id;
          }
          if (action === 'refuse' || action === 'withdraw' || action === 'void') {
            update.outcome_note = note ?? '';
            update.finished_at = now;
          }
          if (action === 'mark_result_ready' && note) update.outcome_note = note;
          if (action === 'return_result') {
            update.returned_at = now;
            update.returned_to = (note ?? '').replace(/\n/g, '; ');
          }
          if (action === 'take') {
            // From the queue to the taker. The first hand-over is the counter's (Mẫu 05's first row).
            const first = !(await repo.hasHandover(trx, dossier.id));
            update.assigned_agency_id = staff.agencyId;
            update.assigned_to = staff.id;
            await repo.addHandover(trx, {
              dossierId: dossier.id,
              at: now,
              fromAgencyId: first ? dossier.agency.id : (dossier.assignedAgency?.id ?? dossier.agency.id),
              toAgencyId: staff.agencyId,
              fromUserId: first ? dossier.receivedBy.id : null,
              toUserId: staff.id,
              dueAt: dossier.dueAt,
              note,
            });
          }
          if (action === 'assign') {
            update.assigned_agency_id = input.toAgencyId!;
            update.assigned_to = input.toUserId ?? null;
            await repo.addHandover(trx, {
              dossierId: dossier.id,
              at: now,
              fromAgencyId: dossier.assignedAgency?.id ?? dossier.agency.id,
              toAgencyId: input.toAgencyId!,
              fromUserId: staff.id,
              toUserId: input.toUserId ?? null,
              dueAt: dossier.dueAt,
              note: note,
            });
          }
          if (!(await repo.updateIfVersion(trx, dossier.id, input.version, update, now))) throw new Conflict();
          if (decision.override) {
            // The supervisor's override of Decree 118's one request, on the chain before the request.
            await appendEvent(trx, dossier.id, {
              type: 'supplement_override',
              fromStatus: null,
              toStatus: null,
              actorId: staff.id,
              note: overrideNote(round, input.overrideReason ?? ''),
              public: false,
              ip,
              createdAt: now,
            });
          }
          await appendEvent(trx, dossier.id, {
            type: action,
            fromStatus: decision.from,
            toStatus: decision.to,
            actorId: staff.id,
            note: note,
            public: rule.public,
            ip,
            createdAt: now,
          });
          const step = citizenStep(action, note, round);
          if (step) await notifications.notifyCitizen(trx, dossier.id, step, now);
        });
      } catch (err) {
        if (err instanceof Conflict) return { ok: false, reason: 'conflict', message: CONFLICT_MESSAGE };
        throw err;
      }
      return { ok: true, action };
    },
  };
}

export type WorkflowService = ReturnType<typeof workflowService>;
