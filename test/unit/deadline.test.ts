import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { completionLabelOf, currentAppointment, dossierTime, restartNote, supplementRestartOf } from '../../src/domain/appointment.js';
import { WorkingCalendar, type CalendarEntry, type Interval } from '../../src/domain/calendar.js';
import {
  PROCESSING_UNITS,
  computeAppointment,
  dossierClock,
  describeProcessingTime,
  describeRemaining,
  remainingTime,
  validateProcessingTime,
  type ClockPause,
  type ProcessingTime,
  type ProcessingUnit,
} from '../../src/domain/deadline.js';
import { MINUTE_MS, addDays, isoVn, localDateOf, localMsOfDay, vnInstant } from '../../src/domain/time.js';
import { HOLIDAYS } from '../../seeds/reference/holidays.js';

const HOUR_MS = 60 * MINUTE_MS;
const DAY8 = 8 * HOUR_MS;
const cal = new WorkingCalendar(HOLIDAYS);
const at = vnInstant;
const wd = (amount: number): ProcessingTime => ({ unit: 'working_days', amount });
const SAME_DAY: ProcessingTime = { unit: 'same_day', amount: 0 };
const span = (d1: string, c1: string, d2: string, c2: string): Interval => ({ start: at(d1, c1), end: at(d2, c2) });

function assertInstant(actual: Date, expected: Date, label?: string): void {
  assert.equal(isoVn(actual), isoVn(expected), label);
}

describe('validateProcessingTime', () => {
  test('accepts whole amounts 1–365 for every counted unit', () => {
    for (const unit of ['working_days', 'working_hours', 'calendar_days'] as const) {
      assert.equal(validateProcessingTime({ unit, amount: 1 }), null, unit);
      assert.equal(validateProcessingTime({ unit, amount: 365 }), null, unit);
    }
  });

  test('same_day ignores the amount', () => {
    assert.equal(validateProcessingTime({ unit: 'same_day', amount: 0 }), null);
    assert.equal(validateProcessingTime({ unit: 'same_day', amount: -7 }), null);
  });

  test('rejects 0, negatives, fractions, > 365 and NaN', () => {
    for (const amount of [0, -1, 1.5, 366, Number.NaN, Number.POSITIVE_INFINITY]) {
      const msg = validateProcessingTime({ unit: 'working_days', amount });
      assert.equal(typeof msg, 'string', String(amount));
      assert.match(msg ?? '', /1 đến 365/);
    }
  });

  test('rejects an unknown unit', () => {
    const bogus = { unit: 'weeks' as string as ProcessingUnit, amount: 2 };
    assert.equal(typeof validateProcessingTime(bogus), 'string');
    assert.throws(() => computeAppointment(cal, bogus, at('2025-03-10', '10:00')), RangeError);
  });

  test('computeAppointment throws RangeError on an invalid amount', () => {
    assert.throws(() => computeAppointment(cal, wd(0), at('2025-03-10', '10:00')), RangeError);
    assert.throws(() => computeAppointment(cal, wd(2.5), at('2025-03-10', '10:00')), RangeError);
  });

  test('describeProcessingTime', () => {
    assert.equal(describeProcessingTime(wd(3)), '3 ngày làm việc');
    assert.equal(describeProcessingTime({ unit: 'working_hours', amount: 4 }), '4 giờ làm việc');
    assert.equal(describeProcessingTime({ unit: 'calendar_days', amount: 30 }), '30 ngày');
    assert.equal(describeProcessingTime(SAME_DAY), 'Trong ngày làm việc');
  });
});

describe('computeAppointment: working days and hours (worked examples)', () => {
  const cases: Array<[string, ProcessingTime, Date, Date]> = [
    ['Mon 10:00 + 1 → Tue 10:00', wd(1), at('2025-03-10', '10:00'), at('2025-03-11', '10:00')],
    ['Mon 08:00 + 1 → Mon 17:00', wd(1), at('2025-03-10', '08:00'), at('2025-03-10', '17:00')],
    ['Fri 16:00 + 1 → Mon 16:00', wd(1), at('2025-03-14', '16:00'), at('2025-03-17', '16:00')],
    ['lunch 12:30 + 1 → Tue 12:00 (counting from 13:00)', wd(1), at('2025-03-10', '12:30'), at('2025-03-11', '12:00')],
    ['evening 18:00 + 1 → Tue 17:00 (counting from Tue 08:00)', wd(1), at('2025-03-10', '18:00'), at('2025-03-11', '17:00')],
    ['Saturday + 1 → Monday 17:00', wd(1), at('2025-03-15', '10:00'), at('2025-03-17', '17:00')],
    ['Sunday 23:59 + 2 → Tuesday 17:00', wd(2), at('2025-03-16', '23:59'), at('2025-03-18', '17:00')],
    ['Tết 2026: Fri 13 Feb 10:00 + 3 → Wed 25 Feb 10:00', wd(3), at('2026-02-13', '10:00'), at('2026-02-25', '10:00')],
    ['30/4 2026: Fri 24 Apr 14:00 + 5 → Wed 6 May 14:00', wd(5), at('2026-04-24', '14:00'), at('2026-05-06', '14:00')],
    ['Fri 25 Apr 2025 10:00 + 1 → make-up Sat 26 Apr 10:00', wd(1), at('2025-04-25', '10:00'), at('2025-04-26', '10:00')],
    ['Fri 25 Apr 2025 10:00 + 4 → Mon 5 May 10:00', wd(4), at('2025-04-25', '10:00'), at('2025-05-05', '10:00')],
    ['Wed 31 Dec 2025 10:00 + 1 → Mon 5 Jan 2026 10:00', wd(1), at('2025-12-31', '10:00'), at('2026-01-05', '10:00')],
    ['Fri 9 Jan 2026 10:00 + 1 → make-up Sat 10 Jan 10:00', wd(1), at('2026-01-09', '10:00'), at('2026-01-10', '10:00')],
    ['Fri 21 Aug 2026 10:00 + 1 → make-up Sat 22 Aug 10:00', wd(1), at('2026-08-21', '10:00'), at('2026-08-22', '10:00')],
    ['Fri 28 Aug 2026 10:00 + 1 → Thu 3 Sep 10:00', wd(1), at('2026-08-28', '10:00'), at('2026-09-03', '10:00')],
    ['Fri 21 Aug 2026 10:00 + 5 → Thu 27 Aug 10:00 (make-up Sat 22 Aug counts)', wd(5), at('2026-08-21', '10:00'), at('2026-08-27', '10:00')],
    ['Fri 21 Aug 2026 10:00 + 7 → Thu 3 Sep 10:00 (31 Aug swapped, 1–2 Sep holidays)', wd(7), at('2026-08-21', '10:00'), at('2026-09-03', '10:00')],
    ['working hours: Mon 16:00 + 2 h → Tue 09:00', { unit: 'working_hours', amount: 2 }, at('2025-03-10', '16:00'), at('2025-03-11', '09:00')],
    ['working hours: Mon 08:00 + 4 h → Mon 12:00', { unit: 'working_hours', amount: 4 }, at('2025-03-10', '08:00'), at('2025-03-10', '12:00')],
  ];
  for (const [name, time, receivedAt, expected] of cases) {
    test(name, () => {
      assertInstant(computeAppointment(cal, time, receivedAt), expected);
    });
  }
});

describe('computeAppointment: same-day procedures', () => {
  const cases: Array<[string, Date, Date]> = [
    ['14:59 on a working day → 17:00 same day', at('2025-03-10', '14:59'), at('2025-03-10', '17:00')],
    ['15:00 on a working day → 17:00 next working day', at('2025-03-10', '15:00'), at('2025-03-11', '17:00')],
    ['07:00 before opening → 17:00 same day', at('2025-03-10', '07:00'), at('2025-03-10', '17:00')],
    ['12:30 at lunch → 17:00 same day', at('2025-03-10', '12:30'), at('2025-03-10', '17:00')],
    ['18:00 → 17:00 next working day', at('2025-03-10', '18:00'), at('2025-03-11', '17:00')],
    ['Friday 15:30 → Monday 17:00', at('2025-03-14', '15:30'), at('2025-03-17', '17:00')],
    ['Friday 15:30 before a make-up Saturday → Saturday 17:00', at('2025-04-25', '15:30'), at('2025-04-26', '17:00')],
    ['make-up Sat 26 Apr 2025 10:00 → that Saturday 17:00', at('2025-04-26', '10:00'), at('2025-04-26', '17:00')],
    ['make-up Sat 10 Jan 2026 14:00 → that Saturday 17:00', at('2026-01-10', '14:00'), at('2026-01-10', '17:00')],
    ['make-up Sat 10 Jan 2026 15:10 → Monday 12 Jan 17:00', at('2026-01-10', '15:10'), at('2026-01-12', '17:00')],
    ['ordinary Saturday 10:00 → Monday 17:00', at('2025-03-15', '10:00'), at('2025-03-17', '17:00')],
    ['Tết holiday Tue 17 Feb 2026 09:00 → Mon 23 Feb 17:00', at('2026-02-17', '09:00'), at('2026-02-23', '17:00')],
    ['30 Apr 2026 09:00 → Mon 4 May 17:00', at('2026-04-30', '09:00'), at('2026-05-04', '17:00')],
    ['swapped day off 2 Jan 2026 09:00 → Mon 5 Jan 17:00', at('2026-01-02', '09:00'), at('2026-01-05', '17:00')],
    ['Wed 31 Dec 2025 14:00 → same day 17:00', at('2025-12-31', '14:00'), at('2025-12-31', '17:00')],
    ['Wed 31 Dec 2025 15:00 → Mon 5 Jan 2026 17:00 (1/1 holiday, 2/1 swapped)', at('2025-12-31', '15:00'), at('2026-01-05', '17:00')],
  ];
  for (const [name, receivedAt, expected] of cases) {
    test(name, () => {
      assertInstant(computeAppointment(cal, SAME_DAY, receivedAt), expected);
    });
  }

  test('a configured cut-off is honoured', () => {
    const noon = { sameDayCutoffMinute: 12 * 60 };
    assertInstant(computeAppointment(cal, SAME_DAY, at('2025-03-10', '11:59'), [], noon), at('2025-03-10', '17:00'));
    assertInstant(computeAppointment(cal, SAME_DAY, at('2025-03-10', '12:00'), [], noon), at('2025-03-11', '17:00'));
  });

  test('a cut-off after closing never gives an appointment before receipt', () => {
    const late = { sameDayCutoffMinute: 17 * 60 + 30 };
    assertInstant(computeAppointment(cal, SAME_DAY, at('2025-03-10', '16:00'), [], late), at('2025-03-10', '17:00'));
    assertInstant(computeAppointment(cal, SAME_DAY, at('2025-03-10', '17:00'), [], late), at('2025-03-11', '17:00'));
    assertInstant(computeAppointment(cal, SAME_DAY, at('2025-03-10', '17:10'), [], late), at('2025-03-11', '17:00'));
    const p = [span('2025-03-11', '09:00', '2025-03-11', '10:00')];
    assertInstant(computeAppointment(cal, SAME_DAY, at('2025-03-10', '17:10'), p, late), at('2025-03-12', '09:00'));
  });
});

describe('computeAppointment: calendar days', () => {
  const cd = (amount: number): ProcessingTime => ({ unit: 'calendar_days', amount });

  test('closing of receipt date + N when that is a working day', () => {
    assertInstant(computeAppointment(cal, cd(30), at('2025-03-10', '10:00')), at('2025-04-09', '17:00'));
  });

  test('moves to the next working day when receipt date + N is a weekend or holiday', () => {
    assertInstant(computeAppointment(cal, cd(5), at('2025-03-10', '10:00')), at('2025-03-17', '17:00'));
    assertInstant(computeAppointment(cal, cd(10), at('2026-04-20', '10:00')), at('2026-05-04', '17:00'));
    assertInstant(computeAppointment(cal, cd(3), at('2026-02-13', '10:00')), at('2026-02-23', '17:00'));
  });

  test('lands on a make-up Saturday', () => {
    assertInstant(computeAppointment(cal, cd(1), at('2025-04-25', '16:59')), at('2025-04-26', '17:00'));
  });

  test('uses the Vietnam date of receipt, not the UTC date', () => {
    // 06:00 Tue 11 Mar in Vietnam is still 10 Mar in UTC.
    assertInstant(computeAppointment(cal, cd(1), at('2025-03-11', '06:00')), at('2025-03-12', '17:00'));
  });

  test('a pause adds its length in whole calendar days, rounded up, counted from receipt', () => {
    const r = at('2025-03-10', '10:00');
    assertInstant(computeAppointment(cal, cd(30), r, [span('2025-03-12', '10:00', '2025-03-13', '22:00')]), at('2025-04-11', '17:00'));
    assertInstant(computeAppointment(cal, cd(30), r, [span('2025-03-09', '10:00', '2025-03-10', '22:00')]), at('2025-04-10', '17:00'));
    assertInstant(computeAppointment(cal, cd(30), r, [span('2025-03-01', '10:00', '2025-03-05', '10:00')]), at('2025-04-09', '17:00'));
  });
});

describe('computeAppointment: pauses', () => {
  const r = at('2025-03-10', '10:00');

  test('a pause inside office hours extends by exactly its length', () => {
    assertInstant(computeAppointment(cal, wd(1), r, [span('2025-03-10', '14:00', '2025-03-10', '15:30')]), at('2025-03-11', '11:30'));
  });

  test('a pause across lunch only counts office time', () => {
    assertInstant(computeAppointment(cal, wd(1), r, [span('2025-03-10', '11:00', '2025-03-10', '14:00')]), at('2025-03-11', '12:00'));
  });

  test('a pause spanning a weekend extends only by the working time inside it', () => {
    assertInstant(computeAppointment(cal, wd(5), r, [span('2025-03-14', '16:00', '2025-03-17', '09:00')]), at('2025-03-17', '12:00'));
    assertInstant(computeAppointment(cal, wd(5), r, [span('2025-03-14', '17:00', '2025-03-17', '08:00')]), at('2025-03-17', '10:00'));
  });

  test('a pause spanning Tết extends only by the working time inside it', () => {
    const p = [span('2026-02-13', '16:00', '2026-02-23', '09:00')];
    assertInstant(computeAppointment(cal, wd(3), at('2026-02-13', '10:00'), p), at('2026-02-25', '12:00'));
  });

  test('overlapping, duplicate and unordered pauses are merged', () => {
    const p = [
      span('2025-03-10', '14:30', '2025-03-10', '16:00'),
      span('2025-03-10', '14:00', '2025-03-10', '15:00'),
      span('2025-03-10', '14:00', '2025-03-10', '15:00'),
    ];
    assertInstant(computeAppointment(cal, wd(1), r, p), at('2025-03-11', '12:00'));
    assertInstant(computeAppointment(cal, wd(1), r, [...p].reverse()), at('2025-03-11', '12:00'));
  });

  test('a pause before receipt is ignored', () => {
    assertInstant(computeAppointment(cal, wd(1), r, [span('2025-03-07', '10:00', '2025-03-07', '12:00')]), at('2025-03-11', '10:00'));
    assertInstant(computeAppointment(cal, wd(1), r, [span('2025-03-10', '09:00', '2025-03-10', '10:00')]), at('2025-03-11', '10:00'));
  });

  test('only the part of a pause after receipt counts', () => {
    assertInstant(computeAppointment(cal, wd(1), r, [span('2025-03-10', '09:00', '2025-03-10', '11:00')]), at('2025-03-11', '11:00'));
  });

  test('a pause after the appointment changes nothing; empty pauses are ignored', () => {
    assertInstant(computeAppointment(cal, wd(1), r, [span('2025-03-12', '10:00', '2025-03-12', '11:00')]), at('2025-03-11', '10:00'));
    assertInstant(computeAppointment(cal, wd(1), r, [span('2025-03-10', '14:00', '2025-03-10', '14:00')]), at('2025-03-11', '10:00'));
  });

  test('same-day procedure with a pause spills into the next working day', () => {
    // Received 09:00 → budget 7 h to 17:00; a 1 h pause pushes it to Tue 09:00.
    assertInstant(computeAppointment(cal, SAME_DAY, at('2025-03-10', '09:00'), [span('2025-03-10', '10:00', '2025-03-10', '11:00')]), at('2025-03-11', '09:00'));
    // Received after the cut-off: due Tue 17:00; a 1 h pause on Tuesday → Wed 09:00.
    assertInstant(computeAppointment(cal, SAME_DAY, at('2025-03-10', '16:00'), [span('2025-03-11', '10:00', '2025-03-11', '11:00')]), at('2025-03-12', '09:00'));
    // A same-day pause before receipt does nothing.
    assertInstant(computeAppointment(cal, SAME_DAY, at('2025-03-10', '09:00'), [span('2025-03-10', '08:00', '2025-03-10', '09:00')]), at('2025-03-10', '17:00'));
  });

  test('a pause on a make-up Saturday counts as working time', () => {
    // Fri 10:00–17:00 counts 6 h; Saturday morning is paused; 2 h more → Sat 15:00.
    const p = [span('2025-04-26', '08:00', '2025-04-26', '12:00')];
    assertInstant(computeAppointment(cal, wd(1), at('2025-04-25', '10:00'), p), at('2025-04-26', '15:00'));
  });
});

describe('remainingTime: working days left, counted by calendar date', () => {
  const left = (now: Date, due: Date) => remainingTime(cal, now, due);
  const text = (now: Date, due: Date) => describeRemaining(left(now, due));

  test('due tomorrow is 1 working day, whatever the hour today', () => {
    // Tue 10 Mar 2025 → Wed 11 Mar: 1, at opening, mid-morning, after closing, just before midnight.
    for (const clock of ['08:00', '10:00', '16:59', '17:00', '17:30', '23:59']) {
      assert.deepEqual(left(at('2025-03-10', clock), at('2025-03-11', '09:00')), { state: 'left', workingDaysLeft: 1, workingDaysOverdue: 0, overdue: false }, clock);
    }
    assert.equal(text(at('2025-03-10', '09:00'), at('2025-03-11', '10:00')), 'Còn 1 ngày làm việc');
    // The case: 09:00 today, due tomorrow 10:00 is 9 office hours, still 1 day, not 2.
    assert.equal(left(at('2025-03-10', '09:00'), at('2025-03-11', '10:00')).workingDaysLeft, 1);
    assert.equal(left(at('2025-03-10', '10:00'), at('2025-03-12', '10:01')).workingDaysLeft, 2);
  });

  test('due today reads "Đến hạn hôm nay" until the appointment passes', () => {
    assert.deepEqual(left(at('2025-03-11', '08:00'), at('2025-03-11', '17:00')), { state: 'due_today', workingDaysLeft: 0, workingDaysOverdue: 0, overdue: false });
    assert.equal(text(at('2025-03-11', '16:59'), at('2025-03-11', '17:00')), 'Đến hạn hôm nay');
    const t = at('2025-03-11', '10:00');
    assert.equal(left(t, t).state, 'due_today', 'exactly at the appointment: not yet late');
  });

  test('a weekend, a holiday and a swapped day off in between do not count', () => {
    // Friday 14 Mar 2025 → Monday 17: 1. Saturday or Sunday → Monday: 1.
    assert.equal(left(at('2025-03-14', '10:00'), at('2025-03-17', '10:00')).workingDaysLeft, 1);
    assert.equal(left(at('2025-03-15', '10:00'), at('2025-03-17', '17:00')).workingDaysLeft, 1);
    assert.equal(left(at('2025-03-16', '20:00'), at('2025-03-17', '08:30')).workingDaysLeft, 1);
    // Thu 1 Jan 2026 holiday, Fri 2 Jan swapped off: Wed 31 Dec 2025 → Mon 5 Jan 2026 is 1 (Sat 3, Sun 4 off too).
    assert.equal(left(at('2025-12-31', '10:00'), at('2026-01-05', '10:00')).workingDaysLeft, 1);
    // Tết Bính Ngọ: Fri 13 Feb 2026 → Wed 25 Feb is Mon 23, Tue 24, Wed 25.
    assert.equal(left(at('2026-02-13', '10:00'), at('2026-02-25', '10:00')).workingDaysLeft, 3);
  });

  test('a make-up working Saturday counts', () => {
    // Sat 10 Jan 2026 is a make-up working day: Fri 9 → Mon 12 is Sat 10 and Mon 12.
    assert.equal(left(at('2026-01-09', '10:00'), at('2026-01-12', '10:00')).workingDaysLeft, 2);
    assert.equal(left(at('2026-01-09', '10:00'), at('2026-01-10', '10:00')).workingDaysLeft, 1);
    // An ordinary Saturday does not: Fri 16 → Mon 19 Jan 2026 is 1.
    assert.equal(left(at('2026-01-16', '10:00'), at('2026-01-19', '10:00')).workingDaysLeft, 1);
  });

  test('an appointment on a later non-working date is never "0 left"', () => {
    // A calendar change could leave an appointment on a day off: Fri → Sat is still ahead.
    assert.deepEqual(left(at('2025-03-14', '10:00'), at('2025-03-15', '17:00')), { state: 'left', workingDaysLeft: 1, workingDaysOverdue: 0, overdue: false });
  });

  test('overdue once the appointment passes: working days late by date, at least 1', () => {
    // Minutes after a 10:00 appointment on its own date: late, the first late day counts.
    assert.deepEqual(left(at('2025-03-11', '10:01'), at('2025-03-11', '10:00')), { state: 'overdue', workingDaysLeft: 0, workingDaysOverdue: 1, overdue: true });
    // Due at closing (17:00), read at 17:30 the same day: late.
    assert.equal(text(at('2025-03-11', '17:30'), at('2025-03-11', '17:00')), 'Quá hạn 1 ngày làm việc');
    assert.equal(left(at('2025-03-13', '10:00'), at('2025-03-10', '10:00')).workingDaysOverdue, 3);
    // Counted by date: Tue 11, Wed 12 and Thu 13 March are the late days, whatever the hour.
    assert.equal(left(at('2025-03-13', '16:59'), at('2025-03-10', '10:00')).workingDaysOverdue, 3);
    assert.equal(text(at('2025-03-17', '08:00'), at('2025-03-13', '09:00')), 'Quá hạn 2 ngày làm việc');
    // Past the appointment with no office time in between (Friday 17:00 → Saturday): still overdue, 1.
    const weekend = left(at('2025-03-15', '10:00'), at('2025-03-14', '17:00'));
    assert.equal(weekend.overdue, true);
    assert.equal(weekend.workingDaysOverdue, 1);
    // A make-up Saturday is a late day too: due Fri 9 Jan 2026, read Mon 12 → Sat 10 and Mon 12.
    assert.equal(left(at('2026-01-12', '09:00'), at('2026-01-09', '17:00')).workingDaysOverdue, 2);
  });
});

/** Independent reference: merge pauses and sum the office time inside them, clipped to [from, to). */
function workingTimeInsidePauses(from: Date, to: Date, pauses: readonly Interval[]): number {
  const sorted = pauses
    .map((p) => [Math.max(p.start.getTime(), from.getTime()), Math.min(p.end.getTime(), to.getTime())] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged.reduce((sum, [a, b]) => sum + cal.workingTimeBetween(new Date(a), new Date(b)), 0);
}

/** Total paused wall-clock time after `from` (merged), as calendar-day pauses count it. */
function pausedWallTime(from: Date, pauses: readonly Interval[]): number {
  const sorted = pauses
    .map((p) => [Math.max(p.start.getTime(), from.getTime()), p.end.getTime()] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cursor = -Infinity;
  for (const [a, b] of sorted) {
    const s = Math.max(a, cursor);
    if (b > s) total += b - s;
    cursor = Math.max(cursor, b);
  }
  return total;
}

describe('property tests', () => {
  const FROM = at('2025-01-01', '00:00').getTime();
  const TO = at('2027-12-31', '23:59').getTime();
  const receipt = fc.integer({ min: FROM / MINUTE_MS, max: TO / MINUTE_MS }).map((m) => new Date(m * MINUTE_MS));
  const countedTime: fc.Arbitrary<ProcessingTime> = fc.oneof(
    fc.integer({ min: 1, max: 20 }).map((amount) => ({ unit: 'working_days' as const, amount })),
    fc.integer({ min: 1, max: 40 }).map((amount) => ({ unit: 'working_hours' as const, amount })),
    fc.constant(SAME_DAY),
  );
  const pausesAround = (r: Date): fc.Arbitrary<Interval[]> =>
    fc.array(
      fc.tuple(fc.integer({ min: -3 * 24 * 60, max: 25 * 24 * 60 }), fc.integer({ min: 0, max: 4 * 24 * 60 })).map(([off, len]) => {
        const start = r.getTime() + off * MINUTE_MS;
        return { start: new Date(start), end: new Date(start + len * MINUTE_MS) };
      }),
      { maxLength: 4 },
    );
  const withPauses = receipt.chain((r) => fc.tuple(fc.constant(r), countedTime, pausesAround(r)));

  test('(e) pauses never make the appointment earlier, and the budget is exactly consumed', () => {
    fc.assert(
      fc.property(withPauses, ([r, time, pauses]) => {
        const base = computeAppointment(cal, time, r);
        const appt = computeAppointment(cal, time, r, pauses);
        assert.ok(appt.getTime() >= base.getTime(), `${isoVn(appt)} < ${isoVn(base)}`);
        const budget = cal.workingTimeBetween(r, base);
        if (time.unit === 'working_days') assert.equal(budget, time.amount * DAY8);
        if (time.unit === 'working_hours') assert.equal(budget, time.amount * HOUR_MS);
        const total = cal.workingTimeBetween(r, appt);
        assert.equal(total - workingTimeInsidePauses(r, appt, pauses), budget);
        assert.equal(cal.workingTimeBetween(r, appt, pauses), budget);
      }),
      { numRuns: 300 },
    );
  });

  test('same-day appointments are the closing of the right working day', () => {
    fc.assert(
      fc.property(receipt, (r) => {
        const appt = computeAppointment(cal, SAME_DAY, r);
        const day = localDateOf(r);
        assert.equal(localMsOfDay(appt), 17 * HOUR_MS);
        const expectedDay = cal.isWorkingDay(day) && localMsOfDay(r) < 15 * HOUR_MS ? day : cal.nextWorkingDay(day);
        assert.equal(localDateOf(appt), expectedDay);
        assert.ok(appt.getTime() > r.getTime());
      }),
      { numRuns: 300 },
    );
  });

  test('working-day appointments: N days from an opening end at closing of the N-th working day', () => {
    fc.assert(
      fc.property(receipt, fc.integer({ min: 1, max: 30 }), (r, n) => {
        const opening = at(cal.workingDayOnOrAfter(localDateOf(r)), '08:00');
        const appt = computeAppointment(cal, wd(n), opening);
        assert.equal(localMsOfDay(appt), 17 * HOUR_MS);
        assert.equal(localDateOf(appt), cal.addWorkingDays(localDateOf(opening), n - 1));
      }),
      { numRuns: 300 },
    );
  });

  test('calendar-day appointments: closing of the first working day on or after receipt date + N (+ paused days)', () => {
    const calendarCase = receipt.chain((r) => fc.tuple(fc.constant(r), fc.integer({ min: 1, max: 60 }), pausesAround(r)));
    fc.assert(
      fc.property(calendarCase, ([r, n, pauses]) => {
        const time: ProcessingTime = { unit: 'calendar_days', amount: n };
        const base = computeAppointment(cal, time, r);
        assert.equal(base.getTime(), cal.closingOf(cal.workingDayOnOrAfter(addDays(localDateOf(r), n))).getTime());
        const appt = computeAppointment(cal, time, r, pauses);
        assert.ok(appt.getTime() >= base.getTime());
        assert.ok(cal.isWorkingDay(localDateOf(appt)));
        assert.equal(localMsOfDay(appt), 17 * HOUR_MS);
        const pausedMs = pausedWallTime(r, pauses);
        const extra = Math.ceil(pausedMs / (24 * HOUR_MS));
        assert.equal(localDateOf(appt), cal.workingDayOnOrAfter(addDays(localDateOf(r), n + extra)));
      }),
      { numRuns: 200 },
    );
  });

  test('remainingTime agrees with computeAppointment', () => {
    fc.assert(
      fc.property(receipt, fc.integer({ min: 1, max: 20 }), (r, n) => {
        const appt = computeAppointment(cal, wd(n), r);
        const left = remainingTime(cal, r, appt);
        assert.equal(left.overdue, false);
        // Received in office hours, the count runs out at the same hour n working days later: n left.
        // Received at or before opening of a working day, it runs out at closing n − 1 days later
        // (n = 1: the same day, "due today").
        const fromOpening = cal.isWorkingDay(localDateOf(r)) && localMsOfDay(r) <= 8 * HOUR_MS;
        assert.equal(left.workingDaysLeft, fromOpening ? n - 1 : n, isoVn(r));
        assert.equal(left.state, fromOpening && n === 1 ? 'due_today' : 'left');
      }),
      { numRuns: 200 },
    );
  });
});

describe('time-zone independence', () => {
  const CASES: Array<{ unit: ProcessingUnit; amount: number; receivedAt: string; pauses: Array<[string, string]> }> = [
    { unit: 'working_days', amount: 3, receivedAt: at('2026-02-13', '10:00').toISOString(), pauses: [] },
    { unit: 'working_days', amount: 5, receivedAt: at('2026-04-24', '14:00').toISOString(), pauses: [] },
    { unit: 'working_days', amount: 1, receivedAt: at('2025-04-25', '10:00').toISOString(), pauses: [] },
    { unit: 'working_days', amount: 1, receivedAt: at('2025-03-10', '06:30').toISOString(), pauses: [] },
    { unit: 'working_days', amount: 2, receivedAt: at('2026-08-28', '23:30').toISOString(), pauses: [] },
    {
      unit: 'working_days',
      amount: 5,
      receivedAt: at('2025-03-10', '10:00').toISOString(),
      pauses: [[at('2025-03-14', '16:00').toISOString(), at('2025-03-17', '09:00').toISOString()]],
    },
    { unit: 'same_day', amount: 0, receivedAt: at('2025-03-10', '14:59').toISOString(), pauses: [] },
    { unit: 'same_day', amount: 0, receivedAt: at('2025-03-14', '15:30').toISOString(), pauses: [] },
    { unit: 'same_day', amount: 0, receivedAt: at('2026-01-10', '06:00').toISOString(), pauses: [] },
    { unit: 'calendar_days', amount: 1, receivedAt: at('2025-03-11', '06:00').toISOString(), pauses: [] },
    { unit: 'calendar_days', amount: 10, receivedAt: at('2026-04-20', '23:00').toISOString(), pauses: [] },
    { unit: 'working_hours', amount: 2, receivedAt: at('2025-03-09', '23:30').toISOString(), pauses: [] },
  ];

  const inProcess = CASES.map((c) => {
    const appt = computeAppointment(
      cal,
      { unit: c.unit, amount: c.amount },
      new Date(c.receivedAt),
      c.pauses.map(([s, e]) => ({ start: new Date(s), end: new Date(e) })),
    );
    return { iso: appt.toISOString(), vn: isoVn(appt), date: localDateOf(appt) };
  });

  const childCode = `
Promise.all([
  import('./src/domain/calendar.ts'),
  import('./src/domain/deadline.ts'),
  import('./src/domain/time.ts'),
  import('./seeds/reference/holidays.ts'),
]).then(([calendar, deadline, time, holidays]) => {
  const cal = new calendar.WorkingCalendar(holidays.HOLIDAYS);
  const cases = JSON.parse(process.env.MOTCUA_TZ_CASES);
  const out = cases.map((c) => {
    const appt = deadline.computeAppointment(
      cal,
      { unit: c.unit, amount: c.amount },
      new Date(c.receivedAt),
      c.pauses.map(([s, e]) => ({ start: new Date(s), end: new Date(e) })),
    );
    return { iso: appt.toISOString(), vn: time.isoVn(appt), date: time.localDateOf(appt) };
  });
  process.stdout.write(JSON.stringify({ offset: new Date('2026-01-15T12:00:00Z').getTimezoneOffset(), out }));
});
`;

  const cwd = fileURLToPath(new URL('../../', import.meta.url));
  const runIn = (tz: string): { offset: number; out: typeof inProcess } => {
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: tz, MOTCUA_TZ_CASES: JSON.stringify(CASES) };
    delete env.NODE_TEST_CONTEXT;
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '-e', childCode], { cwd, env, encoding: 'utf8', timeout: 30_000 });
    return JSON.parse(stdout) as { offset: number; out: typeof inProcess };
  };

  test('the in-process results are the expected instants', () => {
    assert.equal(inProcess[0]?.vn, '2026-02-25T10:00:00+07:00');
    assert.equal(inProcess[1]?.vn, '2026-05-06T14:00:00+07:00');
    assert.equal(inProcess[2]?.vn, '2025-04-26T10:00:00+07:00');
    assert.equal(inProcess[3]?.vn, '2025-03-10T17:00:00+07:00');
    assert.equal(inProcess[4]?.vn, '2026-09-04T17:00:00+07:00');
    assert.equal(inProcess[5]?.vn, '2025-03-17T12:00:00+07:00');
    assert.equal(inProcess[6]?.vn, '2025-03-10T17:00:00+07:00');
    assert.equal(inProcess[7]?.vn, '2025-03-17T17:00:00+07:00');
    assert.equal(inProcess[8]?.vn, '2026-01-10T17:00:00+07:00');
    assert.equal(inProcess[9]?.vn, '2025-03-12T17:00:00+07:00');
    assert.equal(inProcess[10]?.vn, '2026-05-04T17:00:00+07:00');
    assert.equal(inProcess[11]?.vn, '2025-03-10T10:00:00+07:00');
  });

  const zones: Array<[string, number]> = [
    ['America/New_York', 300],
    ['Asia/Tokyo', -540],
    ['UTC', 0],
  ];
  for (const [tz, offset] of zones) {
    test(`TZ=${tz} gives the same appointments as in-process`, () => {
      const result = runIn(tz);
      assert.equal(result.offset, offset, 'the child really ran in that time zone');
      assert.deepEqual(result.out, inProcess);
    });
  }

  test('the unit list is what the child exercised', () => {
    assert.deepEqual(new Set(CASES.map((c) => c.unit)), new Set(PROCESSING_UNITS));
  });
});

describe('dossierTime: what every page says about a dossier', () => {
  const base = { status: 'in_progress' as const, dueAt: at('2025-03-12', '10:00'), extendedDueAt: null, completion: null, finishedAt: null };

  test('after an apology the new appointment is in force, the statutory one noted', () => {
    const t = dossierTime(cal, at('2025-03-12', '11:00'), { ...base, extendedDueAt: at('2025-03-14', '16:00') });
    assertInstant(t.appointment, at('2025-03-14', '16:00'));
    assertInstant(t.originalAppointment!, at('2025-03-12', '10:00'));
    // Counted against the new appointment: not overdue, Thursday 13 and Friday 14 are left.
    assert.equal(t.remainingText, 'Còn 2 ngày làm việc');
    assert.deepEqual(currentAppointment({ dueAt: base.dueAt, extendedDueAt: null }), { appointment: base.dueAt, originalAppointment: null });
  });

  test('completion labels for results only: never refused, withdrawn or voided', () => {
    for (const status of ['result_ready', 'returned'] as const) {
      const t = dossierTime(cal, at('2025-03-20'), { ...base, status, completion: 'early' });
      assert.equal(t.completionLabel, 'Trước hạn', status);
      assert.equal(t.remainingText, null, `${status}: no days left once finished`);
    }
    for (const status of ['refused', 'withdrawn', 'voided'] as const) {
      const t = dossierTime(cal, at('2025-03-20'), { ...base, status, completion: 'early' });
      assert.equal(t.completionLabel, null, status);
      assert.equal(t.remaining, null, status);
      assert.equal(t.finished, true, status);
    }
    assert.equal(completionLabelOf({ status: 'returned', completion: 'late' }), 'Quá hạn');
    assert.equal(completionLabelOf({ status: 'returned', completion: null }), null);
  });

  test('a late result that came by the apology\'s new date says both', () => {
    const late = { ...base, status: 'result_ready' as const, completion: 'late' as const, extendedDueAt: at('2025-03-14', '16:00') };
    // On the new date (after its hour, the same calendar date) and before it: met the apology.
    for (const finished of [at('2025-03-13', '10:00'), at('2025-03-14', '16:30')]) {
      assert.equal(dossierTime(cal, at('2025-03-20'), { ...late, finishedAt: finished }).completionLabel, 'Quá hạn so với hẹn ban đầu, kịp ngày hẹn lại');
    }
    // After the new date: late, plainly.
    assert.equal(dossierTime(cal, at('2025-03-20'), { ...late, finishedAt: at('2025-03-17', '09:00') }).completionLabel, 'Quá hạn');
  });

  test('paused: the clock is stopped, no days counted', () => {
    for (const status of ['awaiting_supplement', 'paused'] as const) {
      const t = dossierTime(cal, at('2025-03-20'), { ...base, status });
      assert.equal(t.paused, true);
      assert.equal(t.remaining, null);
      assert.equal(t.remainingText, 'Thời hạn đang tạm dừng');
    }
  });
});

describe('after a supplement: restart or resume (Decree 118/2025, worked dates)', () => {
  const RULES = { sameDayCutoffMinute: 15 * 60 };
  const restart = { supplementClock: 'restart' as const };
  const resume = { supplementClock: 'resume' as const };
  const supplement = (d1: string, c1: string, d2: string, c2: string): ClockPause => ({ ...span(d1, c1, d2, c2), kind: 'supplement' });
  const other = (d1: string, c1: string, d2: string, c2: string): ClockPause => ({ ...span(d1, c1, d2, c2), kind: 'other' });

  // 3 working days, received Mon 20 Apr 2026 09:00 (due Thu 23 Apr 09:00). Supplement asked
  // Tue 21 Apr 09:00 (8 h used, 16 h left); the complete supplement recorded Wed 29 Apr 14:00,
  // just before 30/4 and 1/5 (Thursday, Friday) and the weekend.
  const received = at('2026-04-20', '09:00');
  const asked = supplement('2026-04-21', '09:00', '2026-04-29', '14:00');

  test('no pause: both settings give the statutory appointment', () => {
    assertInstant(computeAppointment(cal, wd(3), received, [], RULES, restart), at('2026-04-23', '09:00'));
    assertInstant(computeAppointment(cal, wd(3), received, [], RULES, resume), at('2026-04-23', '09:00'));
  });

  test('resume across the 30/4–1/5 holidays and a weekend: the 16 h left → Tue 5 May 14:00', () => {
    // Wed 14–17 (3 h), Mon 4 May (8 h), Tue 5 May 08:00–12:00 and 13:00–14:00 (5 h).
    assertInstant(computeAppointment(cal, wd(3), received, [asked], RULES, resume), at('2026-05-05', '14:00'));
    // The same as the old count (no options): every pause only stops the clock.
    assertInstant(computeAppointment(cal, wd(3), received, [asked]), at('2026-05-05', '14:00'));
  });

  test('restart across the same holidays and weekend: the full 24 h from Wed 29 Apr 14:00 → Wed 6 May 14:00', () => {
    const c = dossierClock(cal, wd(3), received, [asked], RULES, restart);
    // Wed 14–17 (3 h), Mon 4 May (8 h), Tue 5 May (8 h), Wed 6 May 08:00–12:00 and 13:00–14:00 (5 h).
    assertInstant(c.appointment, at('2026-05-06', '14:00'));
    assertInstant(c.restartedAt!, at('2026-04-29', '14:00'));
    assertInstant(c.countedFrom, at('2026-04-29', '14:00'));
  });

  test('a fee-payment pause after the restart only stops the clock (both settings)', () => {
    // Mon 4 May 10:00 → Tue 5 May 10:00: 8 working hours paused.
    const fee = other('2026-05-04', '10:00', '2026-05-05', '10:00');
    assertInstant(computeAppointment(cal, wd(3), received, [asked, fee], RULES, restart), at('2026-05-07', '14:00'));
    assertInstant(computeAppointment(cal, wd(3), received, [asked, fee], RULES, resume), at('2026-05-06', '14:00'));
  });

  test('other pauses never restart: a verification pause alone resumes under restart too', () => {
    const verification = other('2026-04-21', '09:00', '2026-04-29', '14:00');
    const c = dossierClock(cal, wd(3), received, [verification], RULES, restart);
    assertInstant(c.appointment, at('2026-05-05', '14:00'));
    assert.equal(c.restartedAt, null);
    // A pause with no kind (how callers passed pauses before) is not a supplement either.
    assertInstant(computeAppointment(cal, wd(3), received, [span('2026-04-21', '09:00', '2026-04-29', '14:00')], RULES, restart), at('2026-05-05', '14:00'));
  });

  test('a pause before the supplement does not matter once the count restarts', () => {
    const fee = other('2026-04-20', '10:00', '2026-04-20', '16:00');
    assertInstant(computeAppointment(cal, wd(3), received, [fee, asked], RULES, restart), at('2026-05-06', '14:00'));
  });

  test('a second supplement (a supervisor override): the count restarts from the last one', () => {
    const second = supplement('2026-05-05', '09:00', '2026-05-07', '10:00');
    // 24 h from Thu 7 May 10:00: Thu 6 h, Fri 8 h, Mon 11 May 8 h, Tue 12 May 08:00 + 2 h.
    assertInstant(computeAppointment(cal, wd(3), received, [second, asked], RULES, restart), at('2026-05-12', '10:00'));
  });

  test('an open supplement pause (still awaiting) is not a restart point, and moves nothing until it closes', () => {
    // Whatever "now" the caller put as its end: the appointment is the one it had when the clock stopped.
    for (const [d, c] of [['2026-04-21', '09:00'], ['2026-04-29', '14:00'], ['2026-06-01', '10:00']] as const) {
      const open: ClockPause = { ...supplement('2026-04-21', '09:00', d, c), ongoing: true };
      const clock = dossierClock(cal, wd(3), received, [open], RULES, restart);
      assert.equal(clock.restartedAt, null);
      assertInstant(clock.appointment, at('2026-04-23', '09:00'));
      assertInstant(computeAppointment(cal, wd(3), received, [open], RULES, resume), at('2026-04-23', '09:00'));
    }
  });

  // 2 working days, received Thu 5 Mar 2026 10:00; supplement asked Thu 15:00 (4 h used),
  // recorded complete Fri 6 Mar 16:00; the weekend follows.
  const thu = at('2026-03-05', '10:00');
  const weekendAsk = supplement('2026-03-05', '15:00', '2026-03-06', '16:00');

  test('across a weekend: resume → Tue 10 Mar 11:00, restart → Tue 10 Mar 16:00', () => {
    // Used Thu 10–12 and 13–15 (4 h), 12 h left: Fri 16–17 (1 h), Mon (8 h), Tue 08:00 + 3 h.
    assertInstant(computeAppointment(cal, wd(2), thu, [weekendAsk], RULES, resume), at('2026-03-10', '11:00'));
    // 16 h from Fri 16:00: Fri 1 h, Mon 8 h, Tue 08:00–12:00 and 13:00–16:00.
    assertInstant(computeAppointment(cal, wd(2), thu, [weekendAsk], RULES, restart), at('2026-03-10', '16:00'));
  });

  test('restart with Decree 63: a supplement recorded at 16:00 counts from Monday 08:00 → Tue 10 Mar 17:00', () => {
    const c = dossierClock(cal, wd(2), thu, [weekendAsk], RULES, { ...restart, nextDayAfterCutoff: true });
    assertInstant(c.appointment, at('2026-03-10', '17:00'));
    assertInstant(c.countedFrom, at('2026-03-09', '08:00'));
    assertInstant(c.restartedAt!, at('2026-03-06', '16:00'));
  });

  test('same-day procedure under restart: the supplement is a new receipt against the cut-off', () => {
    const r = at('2026-03-05', '09:00');
    assertInstant(computeAppointment(cal, SAME_DAY, r, [supplement('2026-03-05', '10:00', '2026-03-06', '14:00')], RULES, restart), at('2026-03-06', '17:00'));
    assertInstant(computeAppointment(cal, SAME_DAY, r, [supplement('2026-03-05', '10:00', '2026-03-06', '15:30')], RULES, restart), at('2026-03-09', '17:00'));
  });

  test('calendar days under restart: N days from the supplement\'s date', () => {
    // 10 calendar days from Wed 29 Apr 2026 → Sat 9 May → Mon 11 May 17:00.
    assertInstant(computeAppointment(cal, { unit: 'calendar_days', amount: 10 }, received, [asked], RULES, restart), at('2026-05-11', '17:00'));
  });

  test('property: restart never gives an earlier appointment than resume; equal without a supplement', () => {
    const base = at('2026-03-02', '08:00').getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        fc.integer({ min: 1, max: 10 * 24 * 60 }),
        fc.integer({ min: 1, max: 10 * 24 * 60 }),
        fc.integer({ min: 1, max: 15 }),
        fc.boolean(),
        (recvMin, startAfter, length, amount, isSupplement) => {
          const r = new Date(base + recvMin * MINUTE_MS);
          const p: ClockPause = { start: new Date(r.getTime() + startAfter * MINUTE_MS), end: new Date(r.getTime() + (startAfter + length) * MINUTE_MS), kind: isSupplement ? 'supplement' : 'other' };
          const a = computeAppointment(cal, wd(amount), r, [p], RULES, restart).getTime();
          const b = computeAppointment(cal, wd(amount), r, [p], RULES, resume).getTime();
          if (a < b) return false;
          return isSupplement || a === b;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Decree 63/2024: received at or after the cut-off counts from the next working day (worked dates)', () => {
  const RULES = { sameDayCutoffMinute: 15 * 60 };
  const on = { nextDayAfterCutoff: true };

  test('Fri 6 Mar 2026 15:00, 3 working days: from Mon 08:00 → Wed 11 Mar 17:00 (off: 15:00)', () => {
    assertInstant(computeAppointment(cal, wd(3), at('2026-03-06', '15:00'), [], RULES, on), at('2026-03-11', '17:00'));
    assertInstant(computeAppointment(cal, wd(3), at('2026-03-06', '15:00'), [], RULES), at('2026-03-11', '15:00'));
  });

  test('before the cut-off nothing changes: Fri 14:59 → Wed 14:59', () => {
    assertInstant(computeAppointment(cal, wd(3), at('2026-03-06', '14:59'), [], RULES, on), at('2026-03-11', '14:59'));
  });

  test('before the 30/4–1/5 holidays: Wed 29 Apr 2026 15:30, 1 working day → Mon 4 May 17:00 (off: 15:30)', () => {
    assertInstant(computeAppointment(cal, wd(1), at('2026-04-29', '15:30'), [], RULES, on), at('2026-05-04', '17:00'));
    assertInstant(computeAppointment(cal, wd(1), at('2026-04-29', '15:30'), [], RULES), at('2026-05-04', '15:30'));
  });

  test('the next working day may be a make-up Saturday: Fri 9 Jan 2026 15:00 → Sat 10 Jan 17:00', () => {
    assertInstant(computeAppointment(cal, wd(1), at('2026-01-09', '15:00'), [], RULES, on), at('2026-01-10', '17:00'));
  });

  test('received on a weekend or in the evening: the same as the next opening anyway', () => {
    assertInstant(computeAppointment(cal, wd(1), at('2026-03-07', '16:00'), [], RULES, on), at('2026-03-09', '17:00'));
    assertInstant(computeAppointment(cal, wd(1), at('2026-03-05', '18:00'), [], RULES, on), at('2026-03-06', '17:00'));
  });

  test('calendar days count from the next working day: Fri 6 Mar 15:30 + 30 → Wed 8 Apr (off: Mon 6 Apr)', () => {
    const cd30 = { unit: 'calendar_days' as const, amount: 30 };
    assertInstant(computeAppointment(cal, cd30, at('2026-03-06', '15:30'), [], RULES, on), at('2026-04-08', '17:00'));
    assertInstant(computeAppointment(cal, cd30, at('2026-03-06', '15:30'), [], RULES), at('2026-04-06', '17:00'));
  });

  test('same-day and working-hour procedures keep their own rule', () => {
    assertInstant(computeAppointment(cal, SAME_DAY, at('2026-03-05', '14:00'), [], RULES, on), at('2026-03-05', '17:00'));
    assertInstant(computeAppointment(cal, SAME_DAY, at('2026-03-05', '15:00'), [], RULES, on), at('2026-03-06', '17:00'));
    assertInstant(computeAppointment(cal, { unit: 'working_hours', amount: 2 }, at('2026-03-05', '16:00'), [], RULES, on), at('2026-03-06', '09:00'));
  });

  test('the configured cut-off is the one used', () => {
    const noon = { sameDayCutoffMinute: 12 * 60 };
    assertInstant(computeAppointment(cal, wd(1), at('2026-03-05', '12:00'), [], noon, on), at('2026-03-06', '17:00'));
    assertInstant(computeAppointment(cal, wd(1), at('2026-03-05', '11:59'), [], noon, on), at('2026-03-06', '11:59'));
  });

  test('a pause between the receipt and the next morning still stops the clock', () => {
    // Received Fri 15:30 (counting from Mon 08:00); paused Fri 16:00 → Mon 10:00: counting from 10:00.
    const p = [span('2026-03-06', '16:00', '2026-03-09', '10:00')];
    assertInstant(computeAppointment(cal, wd(1), at('2026-03-06', '15:30'), p, RULES, on), at('2026-03-10', '10:00'));
  });
});

describe('dossierTime: why the appointment is not the receipt\'s', () => {
  const base = { status: 'in_progress' as const, dueAt: at('2026-05-06', '14:00'), extendedDueAt: null, completion: null, finishedAt: null, originalDueAt: at('2026-04-23', '09:00') };
  const events = [
    { type: 'received', createdAt: at('2026-04-20', '09:00') },
    { type: 'request_supplement', createdAt: at('2026-04-21', '09:00') },
    { type: 'receive_supplement', createdAt: at('2026-04-29', '14:00') },
  ];

  test('restart: the receipt\'s appointment noted, and when the full time started again', () => {
    const t = dossierTime(cal, at('2026-05-04', '09:00'), { ...base, history: { supplementClock: 'restart', events } });
    assertInstant(t.appointment, at('2026-05-06', '14:00'));
    assertInstant(t.receiptAppointment!, at('2026-04-23', '09:00'));
    assertInstant(t.restartedAt!, at('2026-04-29', '14:00'));
    assert.equal(t.clockNote, 'Thời hạn được tính lại từ đầu kể từ khi nhận đủ hồ sơ bổ sung lúc 14:00, Thứ Tư 29/04/2026.');
    assert.equal(t.clockNote, restartNote(at('2026-04-29', '14:00')));
  });

  test('resume: the pauses are the reason; no restart claimed', () => {
    const t = dossierTime(cal, at('2026-05-04', '09:00'), { ...base, dueAt: at('2026-05-05', '14:00'), history: { supplementClock: 'resume', events } });
    assert.equal(t.restartedAt, null);
    assert.equal(t.clockNote, 'Ngày hẹn đã được tính lại: thời gian chờ bổ sung hoặc tạm dừng không tính vào thời hạn giải quyết.');
  });

  test('no pause but a moved appointment: the calendar changed; unmoved: nothing to say', () => {
    const moved = dossierTime(cal, at('2026-04-21', '09:00'), { ...base, dueAt: at('2026-04-24', '09:00'), history: { supplementClock: 'restart', events: events.slice(0, 1) } });
    assert.equal(moved.clockNote, 'Ngày hẹn đã được tính lại theo lịch làm việc, ngày nghỉ hiện hành.');
    const same = dossierTime(cal, at('2026-04-21', '09:00'), { ...base, dueAt: base.originalDueAt, history: { supplementClock: 'restart', events: events.slice(0, 1) } });
    assert.equal(same.clockNote, null);
    assert.equal(same.receiptAppointment, null);
  });

  test('a voided intake says nothing; the last recorded supplement is the restart point', () => {
    assert.equal(dossierTime(cal, at('2026-05-04'), { ...base, status: 'voided', history: { supplementClock: 'restart', events } }).clockNote, null);
    const twice = [...events, { type: 'receive_supplement', createdAt: at('2026-05-04', '10:00') }];
    assertInstant(supplementRestartOf({ supplementClock: 'restart', events: twice })!, at('2026-05-04', '10:00'));
    assert.equal(supplementRestartOf({ supplementClock: 'resume', events: twice }), null);
    assert.equal(supplementRestartOf(undefined), null);
  });
});

describe('recomputing after a calendar edit is a pure function of the receipt, the pauses and the calendar', () => {
  const RULES = { sameDayCutoffMinute: 15 * 60 };
  const MIN = MINUTE_MS;
  // Receipts in Nov 2026 – Jan 2027; edits on the days around them.
  const FROM = at('2026-11-02', '00:00').getTime();
  const procedure = fc.record({
    time: fc.oneof(
      fc.integer({ min: 1, max: 15 }).map((amount): ProcessingTime => ({ unit: 'working_days', amount })),
      fc.integer({ min: 1, max: 40 }).map((amount): ProcessingTime => ({ unit: 'working_hours', amount })),
      fc.integer({ min: 1, max: 30 }).map((amount): ProcessingTime => ({ unit: 'calendar_days', amount })),
      fc.constant(SAME_DAY),
    ),
    supplementClock: fc.constantFrom('restart' as const, 'resume' as const),
    nextDayAfterCutoff: fc.boolean(),
  });
  /** Gaps and lengths in minutes: pauses one after the other after the receipt; the last one may still be open. */
  const history = fc.record({
    receiptMin: fc.integer({ min: 0, max: 60 * 24 * 60 }),
    pauses: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 5 * 24 * 60 }), length: fc.integer({ min: 1, max: 6 * 24 * 60 }), supplement: fc.boolean() }), { maxLength: 4 }),
    lastOpen: fc.boolean(),
  });
  /** An edit: a date within ten weeks of the first receipt, and what to put there (undefined: delete it). */
  const edit = fc.record({ day: fc.integer({ min: 0, max: 70 }), kind: fc.option(fc.constantFrom(...(['holiday', 'day_off_in_lieu', 'swapped_day_off', 'makeup_working_day'] as const)), { nil: undefined }) });

  test('property: edits made and undone at any moments, a paused dossier gets back the appointment it had', () => {
    fc.assert(
      fc.property(procedure, history, fc.array(edit, { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 3 * 24 * 60 }), { minLength: 8, maxLength: 8 }), (proc, h, edits, steps) => {
        const receivedAt = new Date(FROM + h.receiptMin * MIN);
        let cursor = receivedAt.getTime();
        const pauses: ClockPause[] = h.pauses.map((p) => {
          const start = cursor + p.gap * MIN;
          cursor = start + p.length * MIN;
          return { start: new Date(start), end: new Date(cursor), kind: p.supplement ? 'supplement' : 'other' };
        });
        const open = h.lastOpen && pauses.length > 0;
        const closed = open ? pauses.slice(0, -1) : pauses;
        // The recompute's input at `now`: the open pause's end is whatever instant the caller knows (now).
        const asSeenAt = (now: number): ClockPause[] => (open ? [...closed, { ...pauses.at(-1)!, end: new Date(now), ongoing: true }] : pauses);
        const options = { supplementClock: proc.supplementClock, nextDayAfterCutoff: proc.nextDayAfterCutoff };
        const appointment = (entries: Map<string, CalendarEntry>, now: number) =>
          computeAppointment(new WorkingCalendar(entries.values()), proc.time, receivedAt, asSeenAt(now), RULES, options).getTime();

        const original = new Map(HOLIDAYS.map((e) => [e.date, e] as const));
        // What the workflow stored: the appointment at the last closed pause (opening one moves nothing).
        const stored = computeAppointment(cal, proc.time, receivedAt, closed, RULES, options).getTime();
        let now = Math.max(cursor, receivedAt.getTime());
        assert.equal(appointment(original, now), stored, 'recomputed with no edit: the stored appointment');

        // Apply the edits one by one (each recomputed at a later moment), then undo them in reverse order.
        const cal2 = new Map(original);
        const undo: Array<() => void> = [];
        let step = 0;
        for (const e of edits) {
          const date = addDays(localDateOf(receivedAt), e.day - 7);
          const before = cal2.get(date);
          if (e.kind) cal2.set(date, { date, kind: e.kind, name: 'Thử nghiệm' });
          else cal2.delete(date);
          undo.push(() => (before ? cal2.set(date, before) : cal2.delete(date)));
          now += steps[step++ % steps.length]! * MIN;
          const edited = appointment(cal2, now);
          // The same calendar at another moment: the same appointment.
          assert.equal(appointment(cal2, now + 7 * 24 * 60 * MIN), edited);
        }
        for (const u of undo.reverse()) {
          u();
          now += steps[step++ % steps.length]! * MIN;
          appointment(cal2, now);
        }
        assert.equal(appointment(cal2, now), stored, 'edits undone: the appointment it had');
      }),
      { numRuns: 300 },
    );
  });
});
