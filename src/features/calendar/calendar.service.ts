import { WorkingCalendar } from '../../domain/calendar.js';
import type { DeadlineRules } from '../../domain/deadline.js';
import type { Deps } from '../../deps.js';
import { calendarRepo } from './calendar.repo.js';

/**
 * How long a display (the public status page's "working days left", the dossier page's
 * times, the queue's tags) may use a calendar read earlier. Deadlines themselves (intake,
 * workflow, sweeps, recomputation) always read the calendar fresh; only these displays may
 * lag an edit made on another instance by this much (this instance's edits drop its copy).
 */
export const DISPLAY_CALENDAR_MAX_AGE_MS = 60_000;

type Db = Deps['db'];

/** Per database (not per service object), so every copy of the service in a process shares one display calendar. */
const displayCache = new WeakMap<Db, { readAt: number; calendar: Promise<WorkingCalendar> }>();

/**
 * The office's working calendar as the database says it is now. Built once in
 * src/services.ts (as `calendar`) and handed to every service that needs it.
 */
export function calendarService({ db, config }: Pick<Deps, 'db' | 'config'>) {
  const repo = calendarRepo(db);
  const read = async () => new WorkingCalendar(await repo.listHolidays(), config.office.hours);
  return {
    current: read,
    /**
     * The calendar for display only, at most DISPLAY_CALENDAR_MAX_AGE_MS old: the status
     * page, the queue and the dossier page are hot paths and the calendar changes a few
     * times a year.
     */
    forDisplay(now = Date.now()): Promise<WorkingCalendar> {
      const hit = displayCache.get(db);
      if (hit && now - hit.readAt < DISPLAY_CALENDAR_MAX_AGE_MS && now >= hit.readAt) return hit.calendar;
      const calendar = read();
      displayCache.set(db, { readAt: now, calendar });
      calendar.catch(() => {
        if (displayCache.get(db)?.calendar === calendar) displayCache.delete(db);
      });
      return calendar;
    },
    /** Drop this process's display copy for this database (after a holiday edit). */
    invalidateDisplay(): void {
      displayCache.delete(db);
    },
    rules(): DeadlineRules {
      return { sameDayCutoffMinute: config.office.sameDayCutoffMinute };
    },
  };
}

export type CalendarService = ReturnType<typeof calendarService>;
