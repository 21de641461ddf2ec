/** The survey's pure rules (issue 25 §3): the period a round draws, the sample, the threshold, the index, the masked free text. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  anonymiseComment,
  contactKey,
  dimensionFigure,
  lastCompletedPeriod,
  responseRate,
  simpleRandomSample,
  sipasIndex,
  SURVEY_MIN_ANSWERS,
} from '../../src/domain/survey.js';
import { seededRandom } from '../helpers/routes.js';

test('a round draws the last whole period before today: quarter (default), month or year', () => {
  assert.deepEqual([lastCompletedPeriod('quarter', '2027-01-04').firstDay, lastCompletedPeriod('quarter', '2027-01-04').lastDay], ['2026-10-01', '2026-12-31']);
  assert.equal(lastCompletedPeriod('quarter', '2027-04-01').firstDay, '2027-01-01');
  assert.equal(lastCompletedPeriod('quarter', '2027-06-30').firstDay, '2027-01-01');
  assert.equal(lastCompletedPeriod('month', '2027-01-15').firstDay, '2026-12-01');
  assert.equal(lastCompletedPeriod('month', '2027-03-01').lastDay, '2027-02-28');
  assert.equal(lastCompletedPeriod('year', '2027-05-05').firstDay, '2026-01-01');
});

test('the sample: the asked size of distinct people, everyone when fewer, each person equally likely', () => {
  const rnd = seededRandom(7);
  const randomInt = (max: number) => Math.floor(rnd() * max);
  const people = Array.from({ length: 20 }, (_, i) => i);
  const s = simpleRandomSample(people, 5, randomInt);
  assert.equal(new Set(s).size, 5);
  assert.deepEqual(simpleRandomSample(people.slice(0, 3), 10, randomInt).sort(), [0, 1, 2]);
  assert.deepEqual(simpleRandomSample(people, 0, randomInt), []);
  const hits = new Array(20).fill(0);
  for (let i = 0; i < 4000; i++) for (const p of simpleRandomSample(people, 5, randomInt)) hits[p]++;
  // Each of 20 people is drawn 4000 × 5/20 = 1000 times in expectation.
  for (const h of hits) assert.ok(h > 850 && h < 1150, String(hits));
});

test('one person per phone (any spelling), else per e-mail', () => {
  assert.equal(contactKey('0912 345 678', null), contactKey('84912345678', 'x@y.vn'));
  assert.equal(contactKey('', ' Cong.Dan@Example.vn '), 'e:cong.dan@example.vn');
  assert.equal(contactKey('', null), null);
});

test(`a figure needs ${SURVEY_MIN_ANSWERS} answers; "no opinion" does not count; the index is the share satisfied or very satisfied`, () => {
  const nine = [5, 5, 5, 5, 5, 5, 5, 5, 5, null, null];
  assert.deepEqual(dimensionFigure(nine), { answers: 9, index: null, mean: null });
  const ten = [5, 4, 4, 3, 2, 1, 5, 5, 4, 3, null];
  const f = dimensionFigure(ten);
  assert.equal(f.answers, 10);
  assert.equal(f.index, 6 / 10);
  assert.equal(f.mean, 36 / 10);
});

test('the SIPAS index: the mean of the five dimensions, withheld when any of them is', () => {
  const shown = (index: number) => ({ answers: 10, index, mean: 4 });
  assert.equal(sipasIndex([shown(0.5), shown(1), shown(1), shown(0.75), shown(0.75)]), 0.8);
  assert.equal(sipasIndex([shown(0.5), shown(1), shown(1), shown(0.75), { answers: 9, index: null, mean: null }]), null);
  assert.equal(sipasIndex([shown(1)]), null);
  assert.equal(responseRate(3, 12), 0.25);
  assert.equal(responseRate(0, 0), null);
});

test('a free text loses dossier codes of both layouts, petition codes, phones, e-mails and ID numbers', () => {
  const text = anonymiseComment('Hồ sơ 000.31.01.H26-261130-0001 và H26.57.01-261201-0002, H26.57-261202-TN0005, PAKN-261201-0003; gọi 0912 345 678, mail a.b@example.vn, CCCD 075190001234. Cán bộ tận tình.');
  for (const gone of ['000.31.01.H26-261130-0001', 'H26.57.01-261201-0002', 'TN0005', 'PAKN-261201-0003', '0912 345 678', 'a.b@example.vn', '075190001234']) assert.ok(!text.includes(gone), `${gone} in ${text}`);
  assert.match(text, /Cán bộ tận tình\.$/);
  assert.match(text, /\[mã hồ sơ\]/);
});

test("the report's subtitle dates the invitations on Vietnam's calendar (a draw at 01:00 in Vietnam is the previous day in UTC)", async () => {
  const { buildSurveyReport } = await import('../../src/features/survey/survey-report.js');
  const { quarterPeriod } = await import('../../src/domain/period.js');
  const { vnInstant } = await import('../../src/domain/time.js');
  const report = buildSurveyReport({
    round: { id: 1, periodKind: 'quarter', firstDay: '2026-07-01', lastDay: '2026-09-30', drawnAt: vnInstant('2026-10-02', '01:00'), closesAt: vnInstant('2026-10-31', '17:00') },
    period: quarterPeriod(2026, 3),
    strata: [],
    counts: new Map(),
    comments: new Map(),
    province: false,
    generatedAt: vnInstant('2026-11-01', '09:00'),
  });
  assert.match(report.table.subtitle ?? '', /phiếu mời gửi ngày 02\/10\/2026$/);
});
