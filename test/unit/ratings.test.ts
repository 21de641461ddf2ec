import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CRITERIA,
  CRITERION_DEFINITIONS,
  RATING_FORM_OPTIONS,
  RATING_LEVEL_LABELS,
  RATING_LEVELS,
  charCount,
  cleanComment,
  formatRate,
  isRatingLevel,
  satisfactionRate,
} from '../../src/features/ratings/rating.js';
import { parseRatingForm, parseRatingsQuery } from '../../src/features/ratings/ratings.schema.js';
import { parsePeriod, type PeriodParse } from '../../src/domain/period.js';

describe('rating levels and criteria', () => {
  test('three levels with their Vietnamese labels', () => {
    assert.deepEqual([...RATING_LEVELS], ['very_satisfied', 'satisfied', 'unsatisfied']);
    assert.deepEqual(RATING_LEVEL_LABELS, { very_satisfied: 'Rất hài lòng', satisfied: 'Hài lòng', unsatisfied: 'Không hài lòng' });
    assert.ok(isRatingLevel('satisfied'));
    assert.ok(!isRatingLevel('neutral'));
    assert.ok(!isRatingLevel(undefined));
  });

  test('five criteria, each with a label and an answer for 2, 1 and 0', () => {
    assert.deepEqual([...CRITERIA], ['time', 'contacts', 'agencies', 'attitude', 'publicity']);
    for (const key of CRITERIA) {
      const def = CRITERION_DEFINITIONS[key];
      assert.equal(def.field, `criterion_${key}`);
      assert.ok(def.label.length > 0);
      for (const score of [2, 1, 0] as const) assert.ok(def.answers[score].length > 0, `${key} ${score}`);
      assert.equal(new Set(Object.values(def.answers)).size, 3);
    }
    assert.deepEqual(CRITERION_DEFINITIONS.time.answers, { 2: 'Sớm hơn hoặc đúng hạn', 1: 'Trễ hạn nhưng có xin lỗi', 0: 'Trễ hạn không xin lỗi' });
    assert.deepEqual(
      RATING_FORM_OPTIONS.criteria[0]!.answers.map((a) => a.value),
      ['2', '1', '0'],
    );
    assert.deepEqual(
      RATING_FORM_OPTIONS.levels.map((l) => l.label),
      ['Rất hài lòng', 'Hài lòng', 'Không hài lòng'],
    );
  });
});

describe('parseRatingForm', () => {
  test('a level alone is enough; criteria and comment are optional', () => {
    const r = parseRatingForm({ level: 'very_satisfied' });
    assert.ok(r.ok);
    assert.deepEqual(r.value, {
      level: 'very_satisfied',
      comment: null,
      criteria: { time: null, contacts: null, agencies: null, attitude: null, publicity: null },
    });
  });

  test('criteria 0, 1 and 2 are read as numbers; empty means not answered', () => {
    const r = parseRatingForm({ level: 'satisfied', criterion_time: '2', criterion_contacts: '1', criterion_agencies: '0', criterion_attitude: '', criterion_publicity: ' 2 ' });
    assert.ok(r.ok);
    assert.deepEqual(r.value.criteria, { time: 2, contacts: 1, agencies: 0, attitude: null, publicity: 2 });
  });

  test('a level is required', () => {
    for (const body of [{}, { level: '' }, { level: 'neutral' }, { level: ['satisfied'] }]) {
      const r = parseRatingForm(body as Record<string, unknown>);
      assert.ok(!r.ok);
      assert.match(r.errors.level ?? '', /mức độ hài lòng/i);
    }
  });

  test('"Không hài lòng" needs a reason of 5 to 1000 characters', () => {
    let r = parseRatingForm({ level: 'unsatisfied' });
    assert.ok(!r.ok);
    assert.equal(r.errors.comment, 'Vui lòng cho biết lý do Ông/Bà không hài lòng');
    r = parseRatingForm({ level: 'unsatisfied', comment: '  \n ' });
    assert.ok(!r.ok);
    assert.equal(r.errors.comment, 'Vui lòng cho biết lý do Ông/Bà không hài lòng');
    r = parseRatingForm({ level: 'unsatisfied', comment: 'Chậm' });
    assert.ok(!r.ok);
    assert.match(r.errors.comment ?? '', /ít nhất 5 ký tự/);
    r = parseRatingForm({ level: 'unsatisfied', comment: 'Chậm.' });
    assert.ok(r.ok);
    assert.equal(r.value.comment, 'Chậm.');
    r = parseRatingForm({ level: 'unsatisfied', comment: 'ư'.repeat(1000) });
    assert.ok(r.ok);
    r = parseRatingForm({ level: 'unsatisfied', comment: 'ư'.repeat(1001) });
    assert.ok(!r.ok);
    assert.match(r.errors.comment ?? '', /tối đa 1000 ký tự/);
  });

  test('lengths are counted after NFC: decomposed Vietnamese is not longer', () => {
    const decomposed = 'Trễ hạn'.normalize('NFD');
    assert.ok(decomposed.length > 'Trễ hạn'.length);
    assert.equal(charCount(cleanComment(decomposed)), 7);
    const r = parseRatingForm({ level: 'unsatisfied', comment: 'ễ'.normalize('NFD').repeat(1000) });
    assert.ok(r.ok, 'NFD input of 1000 letters is 1000 characters');
  });

  test('other levels: the comment is optional, trimmed and NFC, at most 1000 characters', () => {
    let r = parseRatingForm({ level: 'satisfied', comment: '  Tốt  '.normalize('NFD') });
    assert.ok(r.ok);
    assert.equal(r.value.comment, 'Tốt');
    assert.equal(r.value.comment, r.value.comment!.normalize('NFC'));
    r = parseRatingForm({ level: 'very_satisfied', comment: 'Rất\r\nnhanh' });
    assert.ok(r.ok);
    assert.equal(r.value.comment, 'Rất\nnhanh');
    r = parseRatingForm({ level: 'satisfied', comment: 'a'.repeat(1001) });
    assert.ok(!r.ok);
    assert.equal(r.errors.comment, 'Ý kiến tối đa 1000 ký tự (hiện có 1001 ký tự)');
  });

  test('invalid criterion answers are refused, each next to its field; values are kept for the form', () => {
    const r = parseRatingForm({ level: 'unsatisfied', comment: '', criterion_time: '3', criterion_attitude: 'x', criterion_contacts: '1' });
    assert.ok(!r.ok);
    assert.deepEqual(Object.keys(r.errors).sort(), ['comment', 'criterion_attitude', 'criterion_time']);
    assert.match(r.errors.criterion_time ?? '', /Tổng thời gian giải quyết/);
    assert.deepEqual(r.values, {
      level: 'unsatisfied',
      comment: '',
      criterion_time: '3',
      criterion_contacts: '1',
      criterion_agencies: '',
      criterion_attitude: 'x',
      criterion_publicity: '',
    });
  });
});

describe('satisfaction rate', () => {
  test('(very satisfied + satisfied) / total, null when nobody rated', () => {
    assert.equal(satisfactionRate({ total: 0, verySatisfied: 0, satisfied: 0 }), null);
    assert.equal(satisfactionRate({ total: 4, verySatisfied: 1, satisfied: 2 }), 0.75);
    assert.equal(satisfactionRate({ total: 3, verySatisfied: 0, satisfied: 0 }), 0);
  });

  test('shown as a Vietnamese percentage', () => {
    assert.equal(formatRate(null), '—');
    assert.equal(formatRate(1), '100%');
    assert.equal(formatRate(0), '0%');
    assert.equal(formatRate(2 / 3), '66,7%');
    assert.equal(formatRate(0.75), '75%');
  });
});

describe('supervisor page period', () => {
  const PAGE = { defaultDays: 30, maxDays: 366 };
  const range = (r: PeriodParse) => (r.ok ? { from: r.period.firstDay, to: r.period.lastDay } : r);

  test('the last 30 days by default, today included', () => {
    assert.deepEqual(range(parsePeriod({ kind: 'custom' }, '2026-11-27', PAGE)), { from: '2026-10-29', to: '2026-11-27' });
  });

  test('explicit dates, validated', () => {
    assert.deepEqual(range(parsePeriod({ kind: 'custom', from: '2026-11-01', to: '2026-11-30' }, '2026-12-01', PAGE)), { from: '2026-11-01', to: '2026-11-30' });
    const bad = parseRatingsQuery({ tu_ngay: '2026-02-30' }, { agencyFilter: false });
    assert.ok(!bad.ok);
    assert.match(bad.errors.tu_ngay ?? '', /Ngày không hợp lệ/);
    // Only tu_ngay given: the range ends today.
    assert.deepEqual(range(parsePeriod({ kind: 'custom', from: '2026-11-02' }, '2026-12-01', PAGE)), { from: '2026-11-02', to: '2026-12-01' });
    const reversed = parsePeriod({ kind: 'custom', from: '2026-12-01', to: '2026-11-01' }, '2026-12-01', PAGE);
    assert.ok(!reversed.ok && reversed.field === 'from');
    assert.match(reversed.ok ? '' : reversed.message, /trước hoặc bằng/);
    const long = parsePeriod({ kind: 'custom', from: '2020-01-01', to: '2026-11-01' }, '2026-12-01', PAGE);
    assert.match(long.ok ? '' : long.message, /tối đa 366 ngày/);
  });

  test('dates typed as dd/MM/yyyy are read; years outside 1900–2100 and control characters are refused', () => {
    const vn = parseRatingsQuery({ tu_ngay: '01/11/2026', den_ngay: '30/11/2026' }, { agencyFilter: false });
    assert.ok(vn.ok);
    assert.deepEqual([vn.value.tu_ngay, vn.value.den_ngay], ['2026-11-01', '2026-11-30']);
    for (const q of [{ den_ngay: '0000-01-01' }, { tu_ngay: '9999-12-31' }, { tu_ngay: '2026-11-01\u0000' }]) {
      assert.ok(!parseRatingsQuery(q, { agencyFilter: false }).ok, JSON.stringify(q));
    }
    assert.ok(!parseRatingsQuery({ co_quan: '9999999999' }, { agencyFilter: true }).ok);
    assert.ok(parseRatingsQuery({ co_quan: '9999999999' }, { agencyFilter: false }).ok, 'supervisors: co_quan is not read');
  });
});

describe('report periods (one parser)', () => {
  test('month, quarter, year: today’s by default; out-of-range years refused', () => {
    const today = '2026-11-27';
    assert.equal((parsePeriod({ kind: 'month' }, today) as Extract<PeriodParse, { ok: true }>).period.firstDay, '2026-11-01');
    assert.equal((parsePeriod({ kind: 'quarter' }, today) as Extract<PeriodParse, { ok: true }>).period.firstDay, '2026-10-01');
    assert.equal((parsePeriod({ kind: 'year' }, today) as Extract<PeriodParse, { ok: true }>).period.lastDay, '2026-12-31');
    for (const req of [{ kind: 'year', year: 9999 }, { kind: 'year', year: 0 }, { kind: 'month', year: 0, month: 1 }, { kind: 'quarter', year: 9999, quarter: 4 }, { kind: 'month', year: 2026, month: 13 }] as const) {
      const r = parsePeriod(req, today);
      assert.ok(!r.ok, JSON.stringify(req));
    }
    const long = parsePeriod({ kind: 'custom', from: '2000-01-01', to: '2026-01-01' }, today);
    assert.match(long.ok ? '' : long.message, /10 năm/);
    // A missing end is today; a missing start, 30 days before the end (the picker's first step without JavaScript).
    const open = parsePeriod({ kind: 'custom', from: '2026-01-01' }, today) as Extract<PeriodParse, { ok: true }>;
    assert.deepEqual([open.period.firstDay, open.period.lastDay], ['2026-01-01', today]);
    const ending = parsePeriod({ kind: 'custom', to: '2026-11-30' }, today) as Extract<PeriodParse, { ok: true }>;
    assert.deepEqual([ending.period.firstDay, ending.period.lastDay], ['2026-11-01', '2026-11-30']);
    assert.ok(!parsePeriod({ kind: 'custom', from: '2026-12-01' }, today).ok, 'a start after today (the default end) is refused');
  });
});
