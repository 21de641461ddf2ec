import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { previousPeriod, monthPeriod, quarterPeriod, yearPeriod, customPeriod } from '../../src/domain/period.js';
import { rankScorecards, scoreCard, versionProblems, type ScorecardIndicator } from '../../src/domain/scorecard-766.js';

const ind = (groupCode: ScorecardIndicator['groupCode'], code: string, points: number, measure: string | null): ScorecardIndicator => ({ groupCode, code, label: code, points, measure, decisionText: '', reading: '' });
const V1 = [ind('CKMB', 'a', 9, 'sync'), ind('CKMB', 'b', 9, 'pub'), ind('TDGQ', 'c', 20, 'on_time'), ind('CLGQ', 'd', 12, 'online'), ind('TTTT', 'e', 10, null), ind('MDHL', 'f', 18, 'sat'), ind('MDSH', 'g', 22, null)];

describe('Decision 766/QĐ-TTg scorecard (pure)', () => {
  test('six groups, 100 points: a version whose points do not add up is refused', () => {
    assert.deepEqual(versionProblems(V1), []);
    assert.deepEqual(versionProblems(V1.slice(1)), ['CKMB: 9 điểm, cần 18']);
  });

  test('a group is the sum of its sub-indicators only when every one has a figure: never a made-up number', () => {
    const card = scoreCard(V1, new Map([['sync', { numerator: 1, denominator: 3 }], ['on_time', { numerator: 3, denominator: 4 }], ['sat', { numerator: 0, denominator: 0 }]]));
    const g = Object.fromEntries(card.groups.map((x) => [x.code, x.score]));
    // CKMB misses `pub`; MDHL has an empty base; TTTT and MDSH have no measure.
    assert.deepEqual(g, { CKMB: null, TDGQ: 15, CLGQ: null, TTTT: null, MDHL: null, MDSH: null });
    assert.equal(card.groups[0]!.indicators[0]!.score, 3);
    assert.deepEqual([card.total, card.available, card.share], [15, 20, 0.75]);
  });

  test('ranking by total ÷ available points; equal shares share a rank; no figure, no rank', () => {
    const c = (n: number) => scoreCard(V1, new Map([['on_time', { numerator: n, denominator: 4 }]]));
    const ranked = rankScorecards([
      { name: 'B', card: c(3) },
      { name: 'A', card: c(3) },
      { name: 'C', card: c(4) },
      { name: 'D', card: scoreCard(V1, new Map()) },
    ]);
    assert.deepEqual(ranked.map((r) => [r.rank, r.name]), [[1, 'C'], [2, 'A'], [2, 'B'], [null, 'D']]);
  });

  test('the previous period: month, quarter, year across the year boundary; a custom range of the same length', () => {
    assert.equal(previousPeriod(monthPeriod(2026, 1)).firstDay, '2025-12-01');
    assert.equal(previousPeriod(quarterPeriod(2026, 1)).firstDay, '2025-10-01');
    assert.equal(previousPeriod(yearPeriod(2026)).firstDay, '2025-01-01');
    const p = previousPeriod(customPeriod('2026-03-01', '2026-03-10'));
    assert.deepEqual([p.firstDay, p.lastDay], ['2026-02-19', '2026-02-28']);
  });
});
