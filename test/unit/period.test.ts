import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgedAt, monthPeriod, parseMonthText, parsePeriod, parseQuarterText, quarterPeriod, REPORT_PERIOD_OPTIONS } from '../../src/domain/period.js';
import { vnInstant } from '../../src/domain/time.js';

test('months as people type them', () => {
  for (const raw of ['12/2026', '12-2026', '12.2026', '2026-12', '2026/12', 'tháng 12/2026', 'Tháng 12/2026', 'T12/2026', ' 12 / 2026 ']) {
    assert.deepEqual(parseMonthText(raw), { year: 2026, month: 12 }, raw);
  }
  assert.deepEqual(parseMonthText('2/2026'), { year: 2026, month: 2 });
  for (const raw of ['', '2026', '12/26', '122026', '12/2026/1', 'abc']) {
    assert.ok(Number.isNaN(parseMonthText(raw).month), raw);
  }
  // Month 13 reads as numbers; the period parser refuses it with a message.
  const bad = parsePeriod({ kind: 'month', ...parseMonthText('13/2026') }, '2026-12-01');
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.message, /Tháng không hợp lệ \(dạng tháng\/năm, ví dụ 12\/2026/);
  const ok = parsePeriod({ kind: 'month', ...parseMonthText('12/2026') }, '2026-12-01');
  assert.ok(ok.ok);
  assert.equal(ok.period.label, 'Tháng 12/2026 (01/12/2026 – 31/12/2026)');
});

test('quarters as people type them', () => {
  for (const raw of ['4/2026', 'Q4/2026', 'q4/2026', 'IV/2026', 'iv/2026', 'Quý IV/2026', 'quý 4/2026', '2026-4', '2026-Q4', '2026/IV']) {
    assert.deepEqual(parseQuarterText(raw), { year: 2026, quarter: 4 }, raw);
  }
  assert.deepEqual(parseQuarterText('II/2027'), { year: 2027, quarter: 2 });
  for (const raw of ['5/2026', 'V/2026', '2026-7', '2026', 'Q/2026', '']) {
    assert.ok(Number.isNaN(parseQuarterText(raw).quarter), raw);
  }
  const q = parsePeriod({ kind: 'quarter', ...parseQuarterText('IV/2026') }, '2026-12-01');
  assert.ok(q.ok);
  assert.equal(q.period.label, quarterPeriod(2026, 4).label);
});

test('a custom range with no dates is the last 30 days for reports; a reversed range is refused', () => {
  const r = parsePeriod({ kind: 'custom' }, '2026-12-01', REPORT_PERIOD_OPTIONS);
  assert.ok(r.ok);
  assert.deepEqual([r.period.firstDay, r.period.lastDay], ['2026-11-02', '2026-12-01']);
  const reversed = parsePeriod({ kind: 'custom', from: '2026-12-02', to: '2026-12-01' }, '2026-12-01');
  assert.deepEqual(reversed, { ok: false, field: 'from', message: 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc' });
  const none = parsePeriod({ kind: 'custom' }, '2026-12-01', { maxDays: 366 });
  assert.equal(none.ok, false);
  assert.match(none.ok ? '' : none.message, /Nhập ngày kết thúc/);
});

test('judged at: now while the period runs, its end once it is over', () => {
  const december = monthPeriod(2026, 12);
  const now = vnInstant('2026-12-10', '14:00');
  assert.equal(judgedAt(december, now), now);
  assert.equal(judgedAt(monthPeriod(2026, 11), now).getTime(), vnInstant('2026-12-01').getTime());
  // The very instant the period ends: its end.
  assert.equal(judgedAt(december, december.to).getTime(), december.to.getTime());
  // A period not begun yet is judged now as well (nothing overdue before its time).
  assert.equal(judgedAt(monthPeriod(2027, 1), now), now);
});
