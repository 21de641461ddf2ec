import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { answerDueAt, answerDueForKind, describeWorkingTimeLeft, forwardDueAt, withinWorkingDaysBefore, workingDaysPast, workingTimeLeft } from '../../src/domain/petition-deadline.js';
import { vnInstant } from '../../src/domain/time.js';

// 30/4 (Thursday) and 1/5 (Friday) 2026: Reunification Day and Labour Day.
const cal = new WorkingCalendar([
  { date: '2026-04-30', kind: 'holiday', name: 'Ngày Giải phóng miền Nam' },
  { date: '2026-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động' },
]);
const H = 3600_000;

describe('petition deadlines, worked by hand', () => {
  test('forward due: received Tue 28/4/2026 10:00, across the 30/4–1/5 holidays and the weekend → Thu 7/5 10:00', () => {
    // Tue 6 h, Wed 8 h (14), Thu–Sun off, Mon 4/5 (22), Tue (30), Wed (38), Thu 7/5 08:00–10:00 (40).
    assert.equal(forwardDueAt(cal, vnInstant('2026-04-28', '10:00')).getTime(), vnInstant('2026-05-07', '10:00').getTime());
  });

  test('forward due: received Fri 4/12/2026 15:00, over a weekend → Fri 11/12 15:00', () => {
    assert.equal(forwardDueAt(cal, vnInstant('2026-12-04', '15:00')).getTime(), vnInstant('2026-12-11', '15:00').getTime());
  });

  test('forward due: received on a Saturday counts from Monday 08:00 → Friday 17:00', () => {
    assert.equal(forwardDueAt(cal, vnInstant('2026-12-05', '10:00')).getTime(), vnInstant('2026-12-11', '17:00').getTime());
  });

  test('answer due: forwarded Wed 29/4/2026 16:00, 10 working days → Fri 15/5 16:00', () => {
    // Wed 1 h, holidays and weekend, then 4/5–14/5 nine days (73 h), Fri 15/5 08:00–12:00, 13:00–16:00 (80).
    assert.equal(answerDueAt(cal, vnInstant('2026-04-29', '16:00'), 10).getTime(), vnInstant('2026-05-15', '16:00').getTime());
    const at = { receivedAt: vnInstant('2026-04-23', '09:00'), forwardedAt: vnInstant('2026-04-29', '16:00') };
    const fromForwarding = { regulation: 'forwarding', handling: 'forwarding', conduct: 'forwarding', other: 'forwarding' } as const;
    const r = answerDueForKind(cal, at, 'conduct', { regulation: 10, handling: 10, conduct: 3, other: 10 }, fromForwarding);
    assert.deepEqual([r.due.getTime(), r.countedFrom], [vnInstant('2026-05-06', '16:00').getTime(), 'forwarding']);
    assert.throws(() => answerDueAt(cal, vnInstant('2026-04-29', '16:00'), 0), RangeError);
  });

  test('art. 9(1)(d) and the sector circulars: the answer deadline counts from receipt or from forwarding, per kind', () => {
    // MoIT Circular 11/2014 art. 13: 5 working days from receipt. Received Thu 3/12/2026 09:00, forwarded Tue 8/12 10:00.
    const at = { receivedAt: vnInstant('2026-12-03', '09:00'), forwardedAt: vnInstant('2026-12-08', '10:00') };
    const days = { regulation: 5, handling: 7, conduct: 5, other: 5 };
    const from = { regulation: 'receipt', handling: 'forwarding', conduct: 'forwarding', other: 'forwarding' } as const;
    const receipt = answerDueForKind(cal, at, 'regulation', days, from);
    assert.deepEqual([receipt.due.getTime(), receipt.countedFrom], [vnInstant('2026-12-10', '09:00').getTime(), 'receipt']);
    // MoCST Circular 17/2014 art. 19: 5 to forward, then 7 to answer from the forwarding → Thu 17/12 10:00.
    const forwarding = answerDueForKind(cal, at, 'handling', days, from);
    assert.deepEqual([forwarding.due.getTime(), forwarding.countedFrom], [vnInstant('2026-12-17', '10:00').getTime(), 'forwarding']);
    // The 5 working days to forward are art. 9(1)(d)'s.
    assert.equal(forwardDueAt(cal, at.receivedAt).getTime(), vnInstant('2026-12-10', '09:00').getTime());
  });

  test('working time left, reminder windows and overdue', () => {
    const due = vnInstant('2026-05-07', '10:00');
    // Wed 6/5 10:00 → Thu 7/5 10:00 is one working day (7 h Wed + 2 h Thu − lunch: 10–12, 13–17, 8–10 = 8 h).
    const wed = vnInstant('2026-05-06', '10:00');
    assert.equal(workingTimeLeft(cal, wed, due), 8 * H);
    assert.equal(withinWorkingDaysBefore(cal, wed, due, 1), true);
    assert.equal(withinWorkingDaysBefore(cal, vnInstant('2026-05-06', '09:59'), due, 1), false);
    // Across the holidays: Wed 29/4 10:00 is 3 working days before (29/4 6 h, 4/5, 5/5, 6/5 = 30 h + 2 h).
    assert.equal(workingTimeLeft(cal, vnInstant('2026-04-29', '10:00'), due), 32 * H);
    assert.equal(withinWorkingDaysBefore(cal, due, due, 1), false);
    // Past it.
    const fri = vnInstant('2026-05-08', '10:00');
    assert.equal(workingTimeLeft(cal, fri, due), -8 * H);
    assert.equal(workingDaysPast(cal, fri, due, 0), true);
    assert.equal(workingDaysPast(cal, fri, due, 1), true);
    assert.equal(workingDaysPast(cal, vnInstant('2026-05-08', '09:00'), due, 1), false);
    assert.equal(workingDaysPast(cal, vnInstant('2026-05-07', '09:00'), due, 0), false);
  });

  test('time left in words', () => {
    assert.equal(describeWorkingTimeLeft(cal, 2 * 8 * H + 3 * H), 'còn 2 ngày 3 giờ làm việc');
    assert.equal(describeWorkingTimeLeft(cal, -(8 * H)), 'quá hạn 1 ngày làm việc');
    assert.equal(describeWorkingTimeLeft(cal, 25 * 60_000), 'còn 25 phút làm việc');
  });
});
