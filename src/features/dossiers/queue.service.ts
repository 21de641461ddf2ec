/** The processing queue: what an officer (or their department) holds, by appointment, each row tagged. */
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import { queueTag, type QueueTag } from '../../domain/workflow.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { searchRepo, type SearchFilters, type SearchRow } from './search.repo.js';

/** Office time before the appointment under which a dossier is "due soon": one working day. */
const DUE_SOON_WORKING_DAYS = 1;

export function queueService(deps: Pick<Deps, 'db' | 'clock'>, calendar: CalendarService) {
  const repo = searchRepo(deps.db);
  return {
    /** An officer's queue: what they (or their department) hold, by appointment, each row tagged on track / due soon / overdue. */
    async queue(staff: StaffUser, mine: boolean): Promise<{ rows: Array<SearchRow & { tag: QueueTag }> }> {
      const f: SearchFilters = { openOnly: true, ...(mine ? { assignedTo: staff.id } : { assignedAgencyId: staff.agencyId }) };
      const [{ rows }, cal] = await Promise.all([repo.search(staff, f, { limit: 200, offset: 0, orderBy: 'due_asc' }), calendar.current()]);
      const now = deps.clock.now();
      const warnMs = DUE_SOON_WORKING_DAYS * cal.dayLengthMs;
      return { rows: rows.map((r: SearchRow) => ({ ...r, tag: queueTag(cal, now, r.status, r.dueAt, warnMs) })) };
    },
  };
}

export type QueueService = ReturnType<typeof queueService>;
