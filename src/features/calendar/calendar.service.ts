import { WorkingCalendar } from '../../domain/calendar.js';
import type { DeadlineRules } from '../../domain/deadline.js';
import type { Deps } from '../../deps.js';
import { calendarRepo } from './calendar.repo.js';

/** The office's working calendar as the database says it is now. */
export function calendarService({ db, config }: Pick<Deps, 'db' | 'config'>) {
  const repo = calendarRepo(db);
  return {
    async current(): Promise<WorkingCalendar> {
      return new WorkingCalendar(await repo.listHolidays(), config.officeHours);
    },
    rules(): DeadlineRules {
      return { sameDayCutoffMinute: config.sameDayCutoffMinute };
    },
  };
}

export type CalendarService = ReturnType<typeof calendarService>;
