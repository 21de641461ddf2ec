/**
 * Moving a dossier through the office. Each action is decided by the pure state
 * machine, then applied in one transaction: the dossier row (guarded by its version, so
 * a concurrent change is a conflict, never an overwrite), pauses, hand-overs, the
 * recomputed appointment and the audit event.
 */
import type { Deps } from '../../deps.js';
import { computeAppointment } from '../../domain/deadline.js';
import type { StaffUser } from '../../domain/roles.js';
import { availableActions, classifyCompletion, decide, type Action } from '../../domain/workflow.js';
import { calendarService, type CalendarService } from '../calendar/calendar.service.js';
import { dossiersRepo, type Dossier } from '../dossiers/dossiers.repo.js';
import { canSeeDossier } from '../dossiers/dossiers.service.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { listPauses, pauseIntervals } from '../dossiers/pauses.repo.js';
import { workflowRepo, type DossierUpdate } from './workflow.repo.js';
import type { ActionInput } from './workflow.schema.js';

/** Why an action was not taken; the route maps the reason to an HTTP status. */
export type ActionRefusal = {
  ok: false;
  reason: 'not_found' | 'forbidden' | 'conflict' | 'invalid';
  message: string;
  field?: 'note' | 'to_agency_id' | 'to_user_id';
};

export type ActionResult = { ok: true; action: Action } | ActionRefusal;

const CONFLICT_MESSAGE = 'Hồ sơ vừa được người khác cập nhật. Trang đã được tải lại với thông tin mới nhất; vui lòng kiểm tra rồi thực hiện lại.';

class Conflict extends Error {}

export function workflowService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, calendar: CalendarService = calendarService(deps)) {
  const { db, clock } = deps;
  const repo = workflowRepo(db);
  const dossiers = dossiersRepo(db);

  return {
    /** The actions this member of staff could take on this dossier now, for its action buttons. */
    actionsFor(staff: StaffUser, dossier: Pick<Dossier, 'status'>): Action[] {
      return availableActions(dossier.status, staff.role);
    },

    /** Where this dossier can be handed: the agencies that process its procedure and their officers. */
    async assignmentOptions(dossier: Pick<Dossier, 'procedure' | 'processingAgencyId'>) {
      const agencies = await repo.processingAgencies(dossier.procedure.id, dossier.processingAgencyId);
      const staff = await repo.processingStaff(agencies.map((a) => a.id));
      return { agencies, staff };
    },

    async act(staff: StaffUser, dossierId: number, input: ActionInput, ip: string | null): Promise<ActionResult> {
      const dossier = await dossiers.byId(dossierId);
      if (!dossier) return { ok: false, reason: 'not_found', message: 'Không tìm thấy hồ sơ.' };
      if (!canSeeDossier(staff, dossier)) return { ok: false, reason: 'forbidden', message: 'Hồ sơ này thuộc đơn vị khác.' };
      if (input.version !== dossier.version) return { ok: false, reason: 'conflict', message: CONFLICT_MESSAGE };

      const note = input.note;
      const decision = decide(dossier.status, input.action, staff.role, note);
      if (!decision.ok) {
        if (decision.reason === 'wrong_role') return { ok: false, reason: 'forbidden', message: decision.message };
        if (decision.reason === 'note_required') return { ok: false, reason: 'invalid', message: decision.message, field: 'note' };
        return { ok: false, reason: 'conflict', message: decision.message };
      }
      const { rule, action } = decision;

      if (action === 'assign') {
        if (!input.toAgencyId) return { ok: false, reason: 'invalid', message: 'Chọn cơ quan, bộ phận nhận hồ sơ.', field: 'to_agency_id' };
        const processing = await repo.processingAgencies(dossier.procedure.id, dossier.processingAgencyId);
        if (!processing.some((a) => a.id === input.toAgencyId)) {
          return { ok: false, reason: 'invalid', message: 'Cơ quan được chọn không giải quyết thủ tục của hồ sơ này.', field: 'to_agency_id' };
        }
        if (input.toUserId && !(await repo.staffInAgency(input.toUserId, input.toAgencyId))) {
          return { ok: false, reason: 'invalid', message: 'Cán bộ được chọn không thuộc cơ quan nhận hồ sơ.', field: 'to_user_id' };
        }
      }

      const now = clock.now();
      // Read outside the transaction: on SQLite the transaction holds the only connection.
      const cal = await calendar.current();
      try {
        await db.transaction(async (trx) => {
          const update: DossierUpdate = { status: decision.to };
          if (rule.pause === 'open') {
            await repo.openPause(trx, dossier.id, action === 'request_supplement' ? 'supplement' : 'other', note ?? '', staff.id, now);
          }
          if (rule.pause === 'close' && (await repo.closeOpenPauses(trx, dossier.id, staff.id, now)) > 0) {
            // The appointment is recomputed from the receipt and the whole pause history.
            const pauses = await listPauses(trx, dossier.id);
            update.due_at = computeAppointment(
              cal,
              { unit: dossier.processingUnit, amount: dossier.processingAmount },
              dossier.receivedAt,
              pauseIntervals(pauses, now),
              calendar.rules(),
            );
          }
          if (rule.completes) {
            update.finished_at = now;
            update.completion = classifyCompletion(now, update.due_at ?? dossier.dueAt);
            update.completed_by = staff.id;
          }
          if (action === 'refuse' || action === 'withdraw') {
            update.outcome_note = note ?? '';
            update.finished_at = now;
          }
          if (action === 'mark_result_ready' && note) update.outcome_note = note;
          if (action === 'return_result') {
            update.returned_at = now;
            update.returned_to = (note ?? '').replace(/\n/g, '; ');
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
