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

/** A stored calendar change, as its confirmation page shows it (dates revived). */
export interface StoredCalendarChange {
  id: number;
  summary: string;
  year: number;
  recompute: { examined: number; changed: Array<{ dossierId: number; code: string; from: Date; to: Date }> } | null;
  recomputeError: boolean;
}

export function holidaysRepo(db: Knex) {
  return {
    async insertChange(c: Omit<StoredCalendarChange, 'id'> & { userId: number; createdAt: Date }): Promise<number> {
      const [row] = await db('calendar_changes')
        .insert({
          user_id: c.userId,
          created_at: c.createdAt,
          summary: c.summary,
          year: c.year,
          recompute_json: c.recompute === null ? null : JSON.stringify(c.recompute),
          recompute_error: c.recomputeError,
        })
        .returning('id');
      return typeof row === 'object' ? (row as { id: number }).id : (row as number);
    },

    async findChange(id: number): Promise<StoredCalendarChange | undefined> {
      const r = await db('calendar_changes').where({ id }).first();
      if (!r) return undefined;
      const raw = r.recompute_json === null ? null : (JSON.parse(r.recompute_json) as { examined: number; changed: Array<{ dossierId: number; code: string; from: string; to: string }> });
      return {
        id: r.id,
        summary: r.summary,
        year: r.year,
        recompute: raw === null ? null : { examined: raw.examined, changed: raw.changed.map((c) => ({ ...c, from: new Date(c.from), to: new Date(c.to) })) },
        recomputeError: Boolean(r.recompute_error),
      };
    },

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
