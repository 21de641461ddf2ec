/**
 * The holiday calendar. Every change is followed by a recomputation of open dossiers'
 * appointments: that is the dossiers feature's operation, handed in by services.ts.
 */
import type { Deps } from '../../../deps.js';
import type { StaffUser } from '../../../domain/roles.js';
import { localParts } from '../../../domain/time.js';
import type { CalendarService } from '../../calendar/calendar.service.js';
import type { DossiersService } from '../../dossiers/dossiers.service.js';
import type { RecomputeResult } from '../../dossiers/recompute.js';
import { refuse, refuseFields } from '../../../platform/refusal/refusal.js';
import { auditLog, isUniqueViolation, ok, type Outcome } from '../common.js';
import { holidaysRepo, type HolidayRecord } from './holidays.repo.js';
import type { HolidayInput } from './holidays.schema.js';

export interface CalendarChange {
  /** The stored change (calendar_changes): its confirmation page, which the form redirects to. */
  id: number;
  /** What was done, for the confirmation page. */
  summary: string;
  year: number;
  recompute: RecomputeResult | null;
  /** Set when the holiday was saved but appointments could not be recomputed. */
  recomputeError: boolean;
}

const HOLIDAY_REASON = 'Cập nhật lịch nghỉ lễ';
const yearOf = (date: string) => Number(date.slice(0, 4));
/** The refusal of a change to a date the calendar does not hold. */
export const NOT_IN_CALENDAR = refuse('not_found', 'Ngày này không có trong lịch nghỉ lễ, làm bù.');

export function adminHolidaysService(
  deps: Pick<Deps, 'db' | 'clock' | 'logger'>,
  wired: { calendar: Pick<CalendarService, 'invalidateDisplay'>; dossiers: Pick<DossiersService, 'recomputeOpenAppointments'> },
) {
  const { clock, logger } = deps;
  const repo = holidaysRepo(deps.db);
  const audit = auditLog(logger);

  /** Recompute the open dossiers' appointments, and store the change for its confirmation page. */
  async function afterCalendarChange(actor: StaffUser, ip: string | null, what: { summary: string; year: number }): Promise<CalendarChange> {
    wired.calendar.invalidateDisplay();
    let outcome: { recompute: RecomputeResult | null; recomputeError: boolean };
    try {
      outcome = { recompute: await wired.dossiers.recomputeOpenAppointments({ actorId: actor.id, reason: HOLIDAY_REASON, ip }), recomputeError: false };
    } catch (err) {
      logger.error({ err }, 'recomputing appointments after a calendar change failed');
      outcome = { recompute: null, recomputeError: true };
    }
    const change = { ...what, ...outcome };
    return { id: await repo.insertChange({ ...change, userId: actor.id, createdAt: clock.now() }), ...change };
  }

  return {
    currentYear: () => localParts(clock.now()).year,

    async list(year: number): Promise<{ holidays: HolidayRecord[]; years: number[] }> {
      const all = await repo.listHolidays();
      const current = localParts(clock.now()).year;
      const years = [...new Set([...all.map((h) => yearOf(h.date)), current, current + 1, year])].sort((a, b) => a - b);
      return { holidays: all.filter((h) => yearOf(h.date) === year), years };
    },

    find: (date: string) => repo.findHoliday(date),

    /** A stored calendar change, for the page its form redirects to. */
    findChange: (id: number) => repo.findChange(id),

    async add(actor: StaffUser, input: HolidayInput, ip: string | null): Promise<Outcome<CalendarChange>> {
      const existing = await repo.findHoliday(input.date);
      const taken = (name: string) => `Ngày này đã có trong lịch (${name}); hãy sửa ngày đó thay vì thêm mới`;
      if (existing) return refuseFields({ date: taken(existing.name) });
      try {
        await repo.insertHoliday(input);
      } catch (err) {
        if (isUniqueViolation(err)) return refuseFields({ date: taken('vừa được thêm') });
        throw err;
      }
      audit(actor, 'holiday.add', { date: input.date, kind: input.kind });
      return ok(await afterCalendarChange(actor, ip, { summary: `Đã thêm ngày ${input.date} (${input.name}) vào lịch.`, year: yearOf(input.date) }));
    },

    /** Refused (not_found) when the date is not in the calendar. */
    async update(actor: StaffUser, input: HolidayInput, ip: string | null): Promise<Outcome<CalendarChange, 'not_found'>> {
      if ((await repo.updateHoliday(input)) === 0) return NOT_IN_CALENDAR;
      audit(actor, 'holiday.update', { date: input.date, kind: input.kind });
      return ok(await afterCalendarChange(actor, ip, { summary: `Đã cập nhật ngày ${input.date} (${input.name}).`, year: yearOf(input.date) }));
    },

    async remove(actor: StaffUser, date: string, ip: string | null): Promise<Outcome<CalendarChange, 'not_found'>> {
      const h = await repo.findHoliday(date);
      if (!h || (await repo.deleteHoliday(date)) === 0) return NOT_IN_CALENDAR;
      audit(actor, 'holiday.delete', { date });
      return ok(await afterCalendarChange(actor, ip, { summary: `Đã xóa ngày ${date} (${h.name}) khỏi lịch.`, year: yearOf(date) }));
    },

    async confirm(actor: StaffUser, date: string, ip: string | null): Promise<Outcome<CalendarChange, 'not_found'>> {
      const h = await repo.findHoliday(date);
      if (!h || (await repo.confirmHoliday(date)) === 0) return NOT_IN_CALENDAR;
      audit(actor, 'holiday.confirm', { date });
      return ok(await afterCalendarChange(actor, ip, { summary: `Đã xác nhận ngày ${date} (${h.name}) là lịch chính thức.`, year: yearOf(date) }));
    },
  };
}

export type AdminHolidaysService = ReturnType<typeof adminHolidaysService>;
export type { HolidayRecord } from './holidays.repo.js';
