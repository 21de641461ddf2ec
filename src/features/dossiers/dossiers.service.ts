import type { Deps } from '../../deps.js';
import { remainingTime } from '../../domain/deadline.js';
import type { StaffUser } from '../../domain/roles.js';
import { calendarService } from '../calendar/calendar.service.js';
import { dossiersRepo, type Dossier } from './dossiers.repo.js';
import { listEvents } from './events.repo.js';

/** Staff see the dossiers of their own agency; administrators see all. */
export function canSeeDossier(staff: StaffUser, dossier: Pick<Dossier, 'agency'>): boolean {
  return staff.role === 'admin' || staff.agencyId === dossier.agency.id;
}

export type Access<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' | 'forbidden' };

export function dossiersService(deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  const repo = dossiersRepo(deps.db);
  const calendar = calendarService(deps);
  return {
    async forStaff(staff: StaffUser, id: number): Promise<Access<Dossier>> {
      const dossier = await repo.byId(id);
      if (!dossier) return { ok: false, reason: 'not_found' };
      if (!canSeeDossier(staff, dossier)) return { ok: false, reason: 'forbidden' };
      return { ok: true, value: dossier };
    },

    async details(staff: StaffUser, id: number) {
      const access = await this.forStaff(staff, id);
      if (!access.ok) return access;
      const [events, cal] = await Promise.all([listEvents(deps.db, id), calendar.current()]);
      const remaining = remainingTime(cal, deps.clock.now(), access.value.dueAt);
      return { ok: true as const, value: { dossier: access.value, events, remaining } };
    },

    recent: (staff: StaffUser, limit = 50) => repo.recentForAgency(staff.agencyId, limit),
  };
}
