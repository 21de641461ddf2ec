/**
 * Administration URLs not (yet) in src/web/paths.ts, all built from paths.admin so the
 * section roots stay in one place. Candidates to move into the shared paths module.
 */
import { paths } from '../../web/paths.js';

const a = paths.admin;

export const adminPaths = {
  ...a,
  newUser: `${a.users}/moi`,
  userDeactivate: (id: number) => `${a.user(id)}/vo-hieu-hoa`,
  userReactivate: (id: number) => `${a.user(id)}/kich-hoat`,
  userPassword: (id: number) => `${a.user(id)}/dat-lai-mat-khau`,
  newAgency: `${a.agencies}/moi`,
  newProcedure: `${a.procedures}/moi`,
  newHoliday: `${a.holidays}/moi`,
  holidaysOfYear: (year: number) => `${a.holidays}?nam=${year}`,
  holidayDelete: (date: string) => `${a.holiday(date)}/xoa`,
  holidayConfirm: (date: string) => `${a.holiday(date)}/xac-nhan`,
} as const;

/** Route patterns matching the URLs above. */
export const adminRoutePatterns = {
  user: `${a.users}/:id`,
  userDeactivate: `${a.users}/:id/vo-hieu-hoa`,
  userReactivate: `${a.users}/:id/kich-hoat`,
  userPassword: `${a.users}/:id/dat-lai-mat-khau`,
  agency: `${a.agencies}/:id`,
  procedure: `${a.procedures}/:id`,
  holiday: `${a.holidays}/:date`,
  holidayDelete: `${a.holidays}/:date/xoa`,
  holidayConfirm: `${a.holidays}/:date/xac-nhan`,
} as const;
