/**
 * Official public-sector holiday schedules (Labour Code 2019, art. 112, and the
 * government's yearly announcements). 2027 is not announced yet: its statutory days are
 * seeded as provisional (computed for UTC+7, domain.md "Public holidays 2027"), for an
 * administrator to confirm or correct: Tết Fri 5 – Tue 9 Feb with Wed 10 and Thu 11 in lieu
 * of the weekend days, Hùng Kings Fri 16 Apr, 30 Apr Fri, 1 May Sat with Mon 3 May in lieu,
 * National Day Thu 2 Sep and, as the adjacent day, Fri 3 Sep (the government picks it).
 */
import type { CalendarEntry } from '../../src/domain/calendar.js';

export interface HolidaySeed extends CalendarEntry {
  provisional?: boolean;
}

const tet = (dates: string[], name = 'Tết Nguyên đán'): HolidaySeed[] => dates.map((date) => ({ date, kind: 'holiday', name }));

export const HOLIDAYS: HolidaySeed[] = [
  // 2025
  { date: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
  ...tet(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'], 'Tết Nguyên đán Ất Tỵ'),
  { date: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
  { date: '2025-04-26', kind: 'makeup_working_day', name: 'Làm bù cho ngày nghỉ 02/5/2025' },
  { date: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
  { date: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
  { date: '2025-05-02', kind: 'swapped_day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)' },
  { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (nghỉ liền kề)' },
  { date: '2025-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
  // 2026
  { date: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
  { date: '2026-01-02', kind: 'swapped_day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)' },
  { date: '2026-01-10', kind: 'makeup_working_day', name: 'Làm bù cho ngày nghỉ 02/01/2026' },
  ...tet(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'], 'Tết Nguyên đán Bính Ngọ'),
  { date: '2026-04-26', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)' },
  { date: '2026-04-27', kind: 'day_off_in_lieu', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
  { date: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
  { date: '2026-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
  { date: '2026-08-22', kind: 'makeup_working_day', name: 'Làm bù cho ngày nghỉ 31/8/2026' },
  { date: '2026-08-31', kind: 'swapped_day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)' },
  { date: '2026-09-01', kind: 'holiday', name: 'Quốc khánh (nghỉ liền kề)' },
  { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
  // 2027 — provisional until the government announces the schedule
  { date: '2027-01-01', kind: 'holiday', name: 'Tết Dương lịch', provisional: true },
  ...tet(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'], 'Tết Nguyên đán Đinh Mùi').map((h) => ({ ...h, provisional: true })),
  { date: '2027-02-10', kind: 'day_off_in_lieu', name: 'Nghỉ bù Tết Nguyên đán (trùng thứ Bảy)', provisional: true },
  { date: '2027-02-11', kind: 'day_off_in_lieu', name: 'Nghỉ bù Tết Nguyên đán (trùng Chủ nhật)', provisional: true },
  { date: '2027-04-16', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', provisional: true },
  { date: '2027-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)', provisional: true },
  { date: '2027-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5, thứ Bảy)', provisional: true },
  { date: '2027-05-03', kind: 'day_off_in_lieu', name: 'Nghỉ bù Ngày Quốc tế Lao động', provisional: true },
  { date: '2027-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)', provisional: true },
  { date: '2027-09-03', kind: 'holiday', name: 'Quốc khánh (nghỉ liền kề)', provisional: true },
];
