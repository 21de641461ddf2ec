import type { Deps } from '../../deps.js';
import { dossierTime } from '../../domain/appointment.js';
import type { StaffUser } from '../../domain/roles.js';
import { staffMaySee, type StaffScope } from '../../platform/record/visibility.js';
import { calendarService, type CalendarService } from '../calendar/calendar.service.js';
import { verifyAuditChains } from './audit.js';
import { dossiersRepo, type Dossier } from './dossiers.repo.js';
import { listEvents } from './events.repo.js';
import { listHandovers } from './handovers.repo.js';
import { listPauses } from './pauses.repo.js';
import { recomputeOpenDossiers, type RecomputeResult } from './recompute.js';
import { refuse, REFUSAL_MESSAGES, type Outcome } from '../../platform/refusal/refusal.js';

/**
 * Staff see the dossiers their agency received, processes or currently holds;
 * administrators see all: the record core's rule (src/platform/record/visibility.ts), the
 * same that scopeToStaff applies in SQL.
 */
export function canSeeDossier(staff: StaffScope, dossier: Pick<Dossier, 'agency' | 'processingAgencyId' | 'assignedAgency'>): boolean {
  return staffMaySee(staff, { agencyId: dossier.agency.id, processingAgencyId: dossier.processingAgencyId, assignedAgencyId: dossier.assignedAgency?.id ?? null });
}

/** A dossier (or what is made of it) for a member of staff, or why not: none such, or another agency's. */
export type Access<T> = Outcome<T, 'not_found' | 'forbidden'>;

export function dossiersService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, calendar: CalendarService = calendarService(deps)) {
  const repo = dossiersRepo(deps.db);
  return {
    async forStaff(staff: StaffUser, id: number): Promise<Access<Dossier>> {
      const dossier = await repo.byId(id);
      if (!dossier) return refuse('not_found', REFUSAL_MESSAGES.dossierNotFound);
      if (!canSeeDossier(staff, dossier)) return refuse('forbidden', REFUSAL_MESSAGES.dossierOtherAgency);
      return { ok: true, value: dossier };
    },

    async details(staff: StaffUser, id: number) {
      const access = await this.forStaff(staff, id);
      if (!access.ok) return access;
      const [events, cal, pauses, handovers] = await Promise.all([
        listEvents(deps.db, id),
        // Display only (the page's times; every action reads the calendar fresh).
        calendar.forDisplay(),
        listPauses(deps.db, id),
        listHandovers(deps.db, id),
      ]);
      // The same appointment, days left and completion label as the public page (domain/appointment.ts).
      const d = access.value;
      const time = dossierTime(cal, deps.clock.now(), { ...d, history: { supplementClock: d.supplementClock, events } });
      return { ok: true as const, value: { dossier: access.value, events, time, pauses, handovers } };
    },

    /**
     * After the working calendar changed: recompute every open dossier's appointment from
     * the calendar as it is now, with an audit event for each one that moves.
     */
    async recomputeOpenAppointments(opts: { actorId: number | null; reason: string; ip: string | null }): Promise<RecomputeResult> {
      const cal = await calendar.current();
      return recomputeOpenDossiers(deps.db, cal, calendar.rules(), { ...opts, now: deps.clock.now() });
    },

    /** Every dossier's audit chain checked (npm run audit:verify does the same). */
    verifyAuditChains: () => verifyAuditChains(deps.db),
  };
}

export type DossiersService = ReturnType<typeof dossiersService>;
