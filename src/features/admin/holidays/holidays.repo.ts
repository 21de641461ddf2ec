/** The holidays table: the working calendar's exceptions, one row per date. */
import type { Knex } from 'knex';
import type { DayKind } from '../../../domain/calendar.js';

export interface HolidayRecord {
  date: string;
  kind: DayKind;
  name: string;
  provisional: boolean;
}

const toHoliday = (r: Record<string, any>): HolidayRecord => ({ date: r.date, kind: r.kind as DayKind, name: r.name, provisional: Boolean(r.provisional) });

export function holidaysRepo(db: Knex) {
  return {
    async listHolidays(): Promise<HolidayRecord[]> {
      const rows = await db('holidays').select('date', 'kind', 'name', 'provisional').orderBy('date');
      return rows.map(toHoliday);
    },

    async findHoliday(date: string): Promise<HolidayRecord | undefined> {
      const r = await db('holidays').where({ date }).first('date', 'kind', 'name', 'provisional');
      return r ? toHoliday(r) : undefined;
    },

    async insertHoliday(h: HolidayRecord): Promise<void> {
      await db('holidays').insert(h);
    },

    async updateHoliday(h: HolidayRecord): Promise<number> {
      return db('holidays').where({ date: h.date }).update({ kind: h.kind, name: h.name, provisional: h.provisional });
    },

    async deleteHoliday(date: string): Promise<number> {
      return db('holidays').where({ date }).delete();
    },

    async confirmHoliday(date: string): Promise<number> {
      return db('holidays').where({ date }).update({ provisional: false });
    },
  };
}
