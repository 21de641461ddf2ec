import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_OFFICE_HOURS,
  WorkingCalendar,
  mergeIntervals,
  parseOfficeHours,
  type CalendarEntry,
  type Interval,
} from '../../src/domain/calendar.js';
import {
  MINUTE_MS,
  addDays,
  dayNumber,
  fromDayNumber,
  isLocalDate,
  isoVn,
  localDateOf,
  localMsOfDay,
  vnInstant,
  weekdayOf,
} from '../../src/domain/time.js';
import { HOLIDAYS } from '../../seeds/reference/holidays.js';

const HOUR_MS = 60 * MINUTE_MS;
const DAY8 = 8 * HOUR_MS;
const cal = new WorkingCalendar(HOLIDAYS);
const at = vnInstant;

function assertInstant(actual: Date, expected: Date, label?: string): void {
  assert.equal(isoVn(actual), isoVn(expected), label);
}

const span = (d1: string, c1: string, d2: string, c2: string): Interval => ({ start: at(d1, c1), end: at(d2, c2) });

describe('time helpers (Vietnam, fixed UTC+7)', () => {
  test('vnInstant is UTC+7 wall-clock time', () => {
    assert.equal(at('2026-02-13', '10:00').toISOString(), '2026-02-13T03:00:00.000Z');
    assert.equal(at('2026-01-01', '00:30').toISOString(), '2025-12-31T17:30:00.000Z');
    assert.equal(isoVn(new Date('2025-12-31T17:30:00.000Z')), '2026-01-01T00:30:00+07:00');
  });

  test('localDateOf / localMsOfDay use Vietnam midnight, not UTC midnight', () => {
    const i = new Date('2025-03-09T18:00:00.000Z'); // 01:00 Mon 10 Mar in Vietnam
    assert.equal(localDateOf(i), '2025-03-10');
    assert.equal(localMsOfDay(i), HOUR_MS);
  });

  test('weekdayOf matches known dates', () => {
    assert.equal(weekdayOf(dayNumber('1970-01-01')), 4);
    assert.equal(weekdayOf(dayNumber('2026-02-13')), 5);
    assert.equal(weekdayOf(dayNumber('2025-04-26')), 6);
    assert.equal(weekdayOf(dayNumber('2026-04-26')), 0);
  });

  test('dayNumber rejects malformed and impossible dates', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-1-01', '25-01-01', '2025-04-31', '2025-00-10', 'x']) {
      assert.throws(() => dayNumber(bad), RangeError, bad);
      assert.equal(isLocalDate(bad), false, bad);
    }
    assert.equal(isLocalDate('2024-02-29'), true);
  });

  test('dayNumber / fromDayNumber round-trip, including years below 100', () => {
    for (const d of ['1970-01-01', '2024-02-29', '2027-12-31', '0050-06-15', '0001-01-01']) {
      assert.equal(fromDayNumber(dayNumber(d)), d);
    }
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
  });
});

describe('parseOfficeHours', () => {
  test('parses the default specification', () => {
    assert.deepEqual(parseOfficeHours('08:00-12:00,13:00-17:00'), DEFAULT_OFFICE_HOURS);
  });

  test('tolerates spaces, single-digit hours and a single period', () => {
    assert.deepEqual(parseOfficeHours(' 7:30 - 11:30 , 13:30-17:30 '), [
      [450, 690],
      [810, 1050],
    ]);
    assert.deepEqual(parseOfficeHours('08:00-17:00'), [[480, 1020]]);
    assert.deepEqual(parseOfficeHours('08:00-12:00,12:00-16:00'), [
      [480, 720],
      [720, 960],
    ]);
  });

  const invalid = [
    '',
    ' , ',
    '08:00',
    '08:00-',
    '08:00-12:00-13:00',
    '12:00-08:00',
    '08:00-08:00',
    '13:00-17:00,08:00-12:00',
    '08:00-13:00,12:00-17:00',
    '8h-12h',
    '25:00-26:00',
    '08:60-09:00',
    '24:30-24:45',
  ];
  for (const value of invalid) {
    test(`rejects ${JSON.stringify(value)}`, () => {
      assert.throws(() => parseOfficeHours(value), RangeError);
    });
  }

  test('a WorkingCalendar refuses empty office hours', () => {
    assert.throws(() => new WorkingCalendar([], []), RangeError);
  });
});

describe('isWorkingDay and day kinds (official holiday data)', () => {
  const cases: Array<[string, boolean, string]> = [
    ['2025-03-10', true, 'ordinary Monday'],
    ['2025-03-14', true, 'ordinary Friday'],
    ['2025-03-15', false, 'ordinary Saturday'],
    ['2025-03-16', false, 'ordinary Sunday'],
    ['2025-01-01', false, 'New Year 2025'],
    ['2025-01-27', false, 'Tết 2025 first day'],
    ['2025-02-03', true, 'first day after Tết 2025'],
    ['2025-04-26', true, 'make-up Saturday 26 Apr 2025'],
    ['2025-04-30', false, '30 Apr 2025'],
    ['2025-05-02', false, 'swapped day off 2 May 2025'],
    ['2026-01-02', false, 'swapped day off 2 Jan 2026'],
    ['2026-01-10', true, 'make-up Saturday 10 Jan 2026'],
    ['2026-02-16', false, 'Tết 2026 Monday'],
    ['2026-02-20', false, 'Tết 2026 Friday'],
    ['2026-02-23', true, 'after Tết 2026'],
    ['2026-04-26', false, 'Hùng Kings 2026 (Sunday)'],
    ['2026-04-27', false, 'day off in lieu 27 Apr 2026'],
    ['2026-04-28', true, 'Tuesday 28 Apr 2026'],
    ['2026-08-22', true, 'make-up Saturday 22 Aug 2026'],
    ['2026-08-31', false, 'swapped 31 Aug 2026'],
    ['2026-09-01', false, 'National Day 2026 adjacent'],
    ['2026-09-02', false, 'National Day 2026'],
    ['2026-09-03', true, 'Thursday after National Day 2026'],
  ];
  for (const [date, expected, label] of cases) {
    test(`${date} (${label}) → ${expected ? 'working' : 'not working'}`, () => {
      assert.equal(cal.isWorkingDay(date), expected);
    });
  }

  test('kindOf reports the table kind', () => {
    assert.equal(cal.kindOf('2025-04-26'), 'makeup_working_day');
    assert.equal(cal.kindOf('2026-04-27'), 'day_off_in_lieu');
    assert.equal(cal.kindOf('2026-01-02'), 'swapped_day_off');
    assert.equal(cal.kindOf('2026-02-16'), 'holiday');
    assert.equal(cal.kindOf('2025-03-10'), undefined);
  });

  test('an empty calendar is plain Monday–Friday', () => {
    const plain = new WorkingCalendar([]);
    assert.equal(plain.isWorkingDay('2026-02-16'), true);
    assert.equal(plain.isWorkingDay('2025-04-26'), false);
  });

  test('rejects invalid dates', () => {
    assert.throws(() => cal.isWorkingDay('2025-02-30'), RangeError);
  });

  test('isOpenAt: office periods are [start, end)', () => {
    assert.equal(cal.isOpenAt(at('2025-03-10', '08:00')), true);
    assert.equal(cal.isOpenAt(at('2025-03-10', '11:59')), true);
    assert.equal(cal.isOpenAt(at('2025-03-10', '12:00')), false);
    assert.equal(cal.isOpenAt(at('2025-03-10', '12:30')), false);
    assert.equal(cal.isOpenAt(at('2025-03-10', '13:00')), true);
    assert.equal(cal.isOpenAt(at('2025-03-10', '17:00')), false);
    assert.equal(cal.isOpenAt(at('2025-03-10', '07:59')), false);
    assert.equal(cal.isOpenAt(at('2025-03-15', '10:00')), false, 'Saturday');
    assert.equal(cal.isOpenAt(at('2025-04-26', '10:00')), true, 'make-up Saturday');
    assert.equal(cal.isOpenAt(at('2026-02-17', '10:00')), false, 'Tết');
  });

  test('closingOf is 17:00 Vietnam time on that date', () => {
    assertInstant(cal.closingOf('2026-02-13'), at('2026-02-13', '17:00'));
  });
});

describe('nextWorkingDay / workingDayOnOrAfter', () => {
  const cases: Array<[string, string]> = [
    ['2025-03-10', '2025-03-11'],
    ['2025-03-14', '2025-03-17'],
    ['2025-03-15', '2025-03-17'],
    ['2025-04-25', '2025-04-26'], // Fri → make-up Saturday
    ['2025-04-29', '2025-05-05'], // 30/4, 1/5 holidays, 2/5 swapped
    ['2025-12-31', '2026-01-05'], // 1/1 holiday, 2/1 swapped
    ['2026-01-09', '2026-01-10'], // Fri → make-up Saturday
    ['2026-02-13', '2026-02-23'], // Tết
    ['2026-04-24', '2026-04-28'], // Hùng Kings in lieu Monday
    ['2026-04-29', '2026-05-04'],
    ['2026-08-21', '2026-08-22'],
    ['2026-08-28', '2026-09-03'],
  ];
  for (const [from, expected] of cases) {
    test(`nextWorkingDay(${from}) = ${expected}`, () => {
      assert.equal(cal.nextWorkingDay(from), expected);
    });
  }

  test('workingDayOnOrAfter keeps a working day and skips a non-working one', () => {
    assert.equal(cal.workingDayOnOrAfter('2025-03-10'), '2025-03-10');
    assert.equal(cal.workingDayOnOrAfter('2025-04-26'), '2025-04-26');
    assert.equal(cal.workingDayOnOrAfter('2026-02-14'), '2026-02-23');
  });

  test('a calendar with no working day for ten years throws instead of looping', () => {
    const start = dayNumber('2030-01-01');
    const entries: CalendarEntry[] = [];
    for (let d = start; d < start + 3700; d++) entries.push({ date: fromDayNumber(d), kind: 'holiday', name: 'x' });
    const broken = new WorkingCalendar(entries);
    assert.throws(() => broken.nextWorkingDay('2030-01-01'), RangeError);
    assert.throws(() => broken.addWorkingTime(at('2030-01-01', '08:00'), DAY8), RangeError);
  });
});

describe('addWorkingDays / workingDaysBetween', () => {
  test('addWorkingDays over Tết 2026 and 30/4–1/5 2026', () => {
    assert.equal(cal.addWorkingDays('2026-02-13', 0), '2026-02-13');
    assert.equal(cal.addWorkingDays('2026-02-13', 1), '2026-02-23');
    assert.equal(cal.addWorkingDays('2026-02-13', 3), '2026-02-25');
    assert.equal(cal.addWorkingDays('2026-04-24', 5), '2026-05-06');
  });

  test('addWorkingDays counts make-up Saturdays and skips swapped days', () => {
    assert.equal(cal.addWorkingDays('2025-04-25', 1), '2025-04-26');
    assert.equal(cal.addWorkingDays('2025-04-25', 4), '2025-05-05');
    assert.equal(cal.addWorkingDays('2026-08-21', 1), '2026-08-22');
    assert.equal(cal.addWorkingDays('2026-08-28', 2), '2026-09-04');
  });

  test('addWorkingDays from a non-working day: n = 0 is on-or-after, n ≥ 1 agrees with nextWorkingDay', () => {
    assert.equal(cal.addWorkingDays('2025-03-15', 0), '2025-03-17');
    assert.equal(cal.addWorkingDays('2025-03-15', 1), '2025-03-17');
    assert.equal(cal.addWorkingDays('2025-03-15', 1), cal.nextWorkingDay('2025-03-15'));
    assert.equal(cal.addWorkingDays('2025-03-15', 2), '2025-03-18');
    assert.equal(cal.addWorkingDays('2026-02-16', 1), '2026-02-23');
  });

  test('addWorkingDays rejects negative and fractional n', () => {
    assert.throws(() => cal.addWorkingDays('2025-03-10', -1), RangeError);
    assert.throws(() => cal.addWorkingDays('2025-03-10', 1.5), RangeError);
    assert.throws(() => cal.addWorkingDays('2025-03-10', Number.NaN), RangeError);
  });

  test('workingDaysBetween counts working days in (from, to]', () => {
    assert.equal(cal.workingDaysBetween('2026-04-24', '2026-05-06'), 5);
    assert.equal(cal.workingDaysBetween('2026-02-13', '2026-02-25'), 3);
    assert.equal(cal.workingDaysBetween('2025-04-25', '2025-05-05'), 4);
    assert.equal(cal.workingDaysBetween('2025-03-10', '2025-03-10'), 0);
    assert.equal(cal.workingDaysBetween('2025-03-14', '2025-03-10'), 0);
    assert.equal(cal.workingDaysBetween('2025-03-14', '2025-03-16'), 0);
    // 2025: 261 weekdays − 12 weekday holidays/swaps (1/1, Tết ×5, 7/4, 30/4, 1/5, 2/5, 1/9, 2/9) + make-up 26/4.
    assert.equal(cal.workingDaysBetween('2024-12-31', '2025-12-31'), 250);
  });
});

describe('addWorkingTime: worked examples (default office hours, official holidays)', () => {
  const cases: Array<[string, Date, number, Date]> = [
    ['Mon 10:00 + 1 day → Tue 10:00', at('2025-03-10', '10:00'), DAY8, at('2025-03-11', '10:00')],
    ['Fri 16:00 + 1 day → Mon 16:00', at('2025-03-14', '16:00'), DAY8, at('2025-03-17', '16:00')],
    ['Mon 08:00 + 1 day → Mon 17:00 (ends at period end)', at('2025-03-10', '08:00'), DAY8, at('2025-03-10', '17:00')],
    ['Mon 08:00 + 4 h → Mon 12:00, not 13:00', at('2025-03-10', '08:00'), 4 * HOUR_MS, at('2025-03-10', '12:00')],
    ['Mon 11:00 + 2 h → Mon 14:00 across lunch', at('2025-03-10', '11:00'), 2 * HOUR_MS, at('2025-03-10', '14:00')],
    ['received 12:30 counts from 13:00: + 1 h → 14:00', at('2025-03-10', '12:30'), HOUR_MS, at('2025-03-10', '14:00')],
    ['received 12:30 + 1 day → Tue 12:00', at('2025-03-10', '12:30'), DAY8, at('2025-03-11', '12:00')],
    ['received 18:00 + 2 h → next day 10:00', at('2025-03-10', '18:00'), 2 * HOUR_MS, at('2025-03-11', '10:00')],
    ['received 18:00 + 1 day → next day 17:00', at('2025-03-10', '18:00'), DAY8, at('2025-03-11', '17:00')],
    ['received 06:00 + 1 h → same day 09:00', at('2025-03-10', '06:00'), HOUR_MS, at('2025-03-10', '09:00')],
    ['received Saturday + 1 h → Monday 09:00', at('2025-03-15', '10:00'), HOUR_MS, at('2025-03-17', '09:00')],
    ['received Saturday + 1 day → Monday 17:00', at('2025-03-15', '10:00'), DAY8, at('2025-03-17', '17:00')],
    ['Tết 2026: Fri 13 Feb 10:00 + 3 → Wed 25 Feb 10:00', at('2026-02-13', '10:00'), 3 * DAY8, at('2026-02-25', '10:00')],
    ['30/4–1/5 2026: Fri 24 Apr 14:00 + 5 → Wed 6 May 14:00', at('2026-04-24', '14:00'), 5 * DAY8, at('2026-05-06', '14:00')],
    ['make-up Sat 26 Apr 2025: Fri 25 Apr 10:00 + 1 → Sat 26 Apr 10:00', at('2025-04-25', '10:00'), DAY8, at('2025-04-26', '10:00')],
    ['Fri 25 Apr 2025 10:00 + 4 → Mon 5 May 10:00', at('2025-04-25', '10:00'), 4 * DAY8, at('2025-05-05', '10:00')],
    ['2 Jan 2026 swapped: Wed 31 Dec 2025 10:00 + 1 → Mon 5 Jan 10:00', at('2025-12-31', '10:00'), DAY8, at('2026-01-05', '10:00')],
    ['make-up Sat 10 Jan 2026: Fri 9 Jan 10:00 + 1 → Sat 10 Jan 10:00', at('2026-01-09', '10:00'), DAY8, at('2026-01-10', '10:00')],
    ['Fri 9 Jan 2026 10:00 + 2 → Mon 12 Jan 10:00', at('2026-01-09', '10:00'), 2 * DAY8, at('2026-01-12', '10:00')],
    ['make-up Sat 22 Aug 2026: Fri 21 Aug 10:00 + 1 → Sat 22 Aug 10:00', at('2026-08-21', '10:00'), DAY8, at('2026-08-22', '10:00')],
    ['National Day 2026: Fri 28 Aug 10:00 + 1 → Thu 3 Sep 10:00', at('2026-08-28', '10:00'), DAY8, at('2026-09-03', '10:00')],
    ['National Day 2026: Fri 28 Aug 10:00 + 2 → Fri 4 Sep 10:00', at('2026-08-28', '10:00'), 2 * DAY8, at('2026-09-04', '10:00')],
    ['received on Tết 2026 holiday → counts from Mon 23 Feb', at('2026-02-17', '09:00'), HOUR_MS, at('2026-02-23', '09:00')],
  ];
  for (const [name, start, duration, expected] of cases) {
    test(name, () => {
      assertInstant(cal.addWorkingTime(start, duration), expected);
    });
  }

  test('zero duration gives the next opening', () => {
    assertInstant(cal.addWorkingTime(at('2025-03-10', '10:00'), 0), at('2025-03-10', '10:00'));
    assertInstant(cal.addWorkingTime(at('2025-03-10', '12:00'), 0), at('2025-03-10', '13:00'));
    assertInstant(cal.addWorkingTime(at('2025-03-15', '10:00'), 0), at('2025-03-17', '08:00'));
    assertInstant(cal.nextOpening(at('2025-03-14', '17:00')), at('2025-03-17', '08:00'));
  });

  test('rejects negative, NaN and infinite durations', () => {
    for (const d of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => cal.addWorkingTime(at('2025-03-10', '10:00'), d), RangeError, String(d));
    }
  });

  test('custom office hours 07:30–11:30, 13:30–17:30', () => {
    const c = new WorkingCalendar(HOLIDAYS, parseOfficeHours('07:30-11:30,13:30-17:30'));
    assert.equal(c.dayLengthMs, DAY8);
    assertInstant(c.addWorkingTime(at('2025-03-10', '07:30'), DAY8), at('2025-03-10', '17:30'));
    assertInstant(c.addWorkingTime(at('2025-03-10', '12:00'), HOUR_MS), at('2025-03-10', '14:30'));
    assertInstant(c.closingOf('2025-03-10'), at('2025-03-10', '17:30'));
  });

  test('a half-day office (08:00–12:00) has a 4 h working day', () => {
    const c = new WorkingCalendar(HOLIDAYS, parseOfficeHours('08:00-12:00'));
    assert.equal(c.dayLengthMs, 4 * HOUR_MS);
    assertInstant(c.addWorkingTime(at('2025-03-10', '10:00'), c.dayLengthMs), at('2025-03-11', '10:00'));
  });
});

describe('addWorkingTime / workingTimeBetween with pauses', () => {
  const start = at('2025-03-10', '10:00');

  test('pause inside office hours extends by its length', () => {
    const p = [span('2025-03-10', '14:00', '2025-03-10', '15:30')];
    assertInstant(cal.addWorkingTime(start, DAY8, p), at('2025-03-11', '11:30'));
  });

  test('pause over a weekend only counts its working time', () => {
    assertInstant(
      cal.addWorkingTime(start, 5 * DAY8, [span('2025-03-14', '16:00', '2025-03-17', '09:00')]),
      at('2025-03-17', '12:00'),
    );
    assertInstant(
      cal.addWorkingTime(start, 5 * DAY8, [span('2025-03-14', '17:00', '2025-03-17', '08:00')]),
      at('2025-03-17', '10:00'),
    );
  });

  test('overlapping and duplicate pauses are merged, not double-counted', () => {
    const p = [
      span('2025-03-10', '14:30', '2025-03-10', '16:00'),
      span('2025-03-10', '14:00', '2025-03-10', '15:00'),
      span('2025-03-10', '14:00', '2025-03-10', '15:00'),
    ];
    assertInstant(cal.addWorkingTime(start, DAY8, p), at('2025-03-11', '12:00'));
    assert.equal(cal.workingTimeBetween(start, at('2025-03-11', '12:00'), p), DAY8);
  });

  test('mergeIntervals sorts, merges touching/overlapping spans and drops empty ones', () => {
    const merged = mergeIntervals([
      span('2025-03-10', '15:00', '2025-03-10', '16:00'),
      span('2025-03-10', '09:00', '2025-03-10', '10:00'),
      span('2025-03-10', '10:00', '2025-03-10', '11:00'),
      span('2025-03-10', '12:00', '2025-03-10', '12:00'),
      span('2025-03-10', '15:30', '2025-03-10', '15:45'),
    ]);
    assert.deepEqual(merged, [
      [at('2025-03-10', '09:00').getTime(), at('2025-03-10', '11:00').getTime()],
      [at('2025-03-10', '15:00').getTime(), at('2025-03-10', '16:00').getTime()],
    ]);
  });

  test('workingTimeBetween: office time only', () => {
    assert.equal(cal.workingTimeBetween(start, at('2025-03-11', '10:00')), DAY8);
    assert.equal(cal.workingTimeBetween(at('2025-03-10', '11:00'), at('2025-03-10', '14:00')), 2 * HOUR_MS);
    assert.equal(cal.workingTimeBetween(at('2025-03-14', '16:00'), at('2025-03-17', '09:00')), 2 * HOUR_MS);
    assert.equal(cal.workingTimeBetween(at('2026-02-13', '17:00'), at('2026-02-23', '08:00')), 0);
    assert.equal(cal.workingTimeBetween(at('2025-03-11', '10:00'), start), 0, 'reversed');
    assert.equal(cal.workingTimeBetween(start, start), 0);
    assert.equal(cal.workingTimeBetween(at('2025-04-25', '17:00'), at('2025-04-27', '00:00')), DAY8, 'make-up Saturday');
  });

  test('workingTimeBetween subtracts pauses', () => {
    const p = [span('2025-03-10', '11:00', '2025-03-10', '14:00'), span('2025-03-09', '00:00', '2025-03-09', '23:00')];
    assert.equal(cal.workingTimeBetween(start, at('2025-03-10', '17:00'), p), 4 * HOUR_MS);
  });
});

describe('property tests', () => {
  const FROM = at('2025-01-01', '00:00').getTime();
  const TO = at('2027-12-31', '23:59').getTime();
  const instant = fc.integer({ min: FROM, max: TO }).map((t) => new Date(t));
  const minuteInstant = fc.integer({ min: FROM / MINUTE_MS, max: TO / MINUTE_MS }).map((m) => new Date(m * MINUTE_MS));
  const receipt = fc.oneof(instant, minuteInstant);
  const duration = fc.oneof(
    fc.integer({ min: 0, max: 30 * DAY8 }),
    fc.integer({ min: 0, max: 30 * 8 * 60 }).map((m) => m * MINUTE_MS),
    fc.integer({ min: 0, max: 30 }).map((d) => d * DAY8),
  );
  const periodEnds = DEFAULT_OFFICE_HOURS.map(([, e]) => e * MINUTE_MS);
  const RUNS = 300;

  test('(a) the result is inside office hours of a working day, or exactly at a period end', () => {
    fc.assert(
      fc.property(receipt, duration, (start, d) => {
        const r = cal.addWorkingTime(start, d);
        if (cal.isOpenAt(r)) return true;
        return cal.isWorkingDay(localDateOf(r)) && periodEnds.includes(localMsOfDay(r)) && d > 0;
      }),
      { numRuns: RUNS },
    );
  });

  test('(b) workingTimeBetween(start, addWorkingTime(start, d)) === d, and result ≥ start', () => {
    fc.assert(
      fc.property(receipt, duration, (start, d) => {
        const r = cal.addWorkingTime(start, d);
        assert.ok(r.getTime() >= start.getTime());
        assert.equal(cal.workingTimeBetween(start, r), d);
      }),
      { numRuns: RUNS },
    );
  });

  test('(c) addWorkingTime is strictly increasing in duration and monotonic in start', () => {
    fc.assert(
      fc.property(receipt, duration, duration, fc.integer({ min: 0, max: 5 * 24 * 60 }), (start, d1, d2, shiftMin) => {
        const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const a = cal.addWorkingTime(start, lo).getTime();
        const b = cal.addWorkingTime(start, hi).getTime();
        if (lo === hi) assert.equal(a, b);
        else assert.ok(a < b, `${lo} < ${hi} but ${new Date(a).toISOString()} ≥ ${new Date(b).toISOString()}`);
        const later = new Date(start.getTime() + shiftMin * MINUTE_MS);
        assert.ok(cal.addWorkingTime(later, lo).getTime() >= a);
      }),
      { numRuns: RUNS },
    );
  });

  test('(d) addWorkingDays lands on a working day n working days later', () => {
    const date = fc.integer({ min: dayNumber('2025-01-01'), max: dayNumber('2027-12-31') }).map(fromDayNumber);
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 60 }), (d, n) => {
        const r = cal.addWorkingDays(d, n);
        assert.ok(cal.isWorkingDay(r), r);
        const base = cal.workingDayOnOrAfter(d);
        if (cal.isWorkingDay(d)) assert.equal(base, d);
        // From the working day on or after d: n working days, except that a non-working d
        // already counts its first working day as the first one.
        assert.equal(cal.workingDaysBetween(base, r), cal.isWorkingDay(d) ? n : Math.max(0, n - 1));
        if (n >= 1) {
          assert.equal(cal.workingDaysBetween(d, r), n);
          assert.equal(cal.workingDaysBetween(d, addDays(r, -1)), n - 1, 'r is the first such day');
        } else {
          assert.equal(r, base);
        }
        if (n === 1) assert.equal(r, cal.nextWorkingDay(d));
        // The time model agrees: n working days from the opening of the base day ends on r at closing.
        if (n >= 1) {
          const end = cal.addWorkingTime(at(base, '08:00'), n * DAY8);
          assert.equal(localDateOf(end), cal.addWorkingDays(base, n - 1));
          assert.equal(localMsOfDay(end), 17 * HOUR_MS);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('(f) workingTimeBetween is additive: [a, c) = [a, b) + [b, c)', () => {
    fc.assert(
      fc.property(receipt, receipt, receipt, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        assert.equal(cal.workingTimeBetween(a, c), cal.workingTimeBetween(a, b) + cal.workingTimeBetween(b, c));
      }),
      { numRuns: 100 },
    );
  });
});
