import type { Knex } from 'knex';
import type { CalendarEntry, DayKind } from '../../domain/calendar.js';

export interface HolidayRow extends CalendarEntry {
  provisional: boolean;
}

export function calendarRepo(db: Knex) {
  return {
    async listHolidays(): Promise<HolidayRow[]> {
      const rows = await db('holidays').select('date', 'kind', 'name', 'provisional').orderBy('date');
      return rows.map((r) => ({ date: r.date, kind: r.kind as DayKind, name: r.name, provisional: Boolean(r.provisional) }));
    },
  };
}
