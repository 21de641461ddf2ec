import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { agencyEidLayout, formatDossierCode, isValidAgencyEid, levelOneCode, parseDossierCode } from '../../src/domain/dossier-code.js';
import { vnInstant } from '../../src/domain/time.js';
import { AGENCIES, LEGACY_LAYOUT_EIDS } from '../../seeds/reference/agencies.js';
import { HOLIDAYS } from '../../seeds/reference/holidays.js';
import { loadReferenceData } from '../../seeds/reference.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const weekday = (date: string) => ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'][new Date(`${date}T00:00:00Z`).getUTCDay()];

describe('2027 holidays: provisional, as domain.md computes them', () => {
  test('the statutory days and the days in lieu they imply, every one provisional', () => {
    const y2027 = HOLIDAYS.filter((h) => h.date.startsWith('2027-')).map((h) => [h.date, weekday(h.date), h.kind, h.provisional === true]);
    assert.deepEqual(y2027, [
      ['2027-01-01', 'T6', 'holiday', true],
      // Tết Đinh Mùi: first day Sat 6 Feb; the five days Fri 5 – Tue 9 Feb, two of them on the weekend …
      ['2027-02-05', 'T6', 'holiday', true],
      ['2027-02-06', 'T7', 'holiday', true],
      ['2027-02-07', 'CN', 'holiday', true],
      ['2027-02-08', 'T2', 'holiday', true],
      ['2027-02-09', 'T3', 'holiday', true],
      // … so two days in lieu follow.
      ['2027-02-10', 'T4', 'day_off_in_lieu', true],
      ['2027-02-11', 'T5', 'day_off_in_lieu', true],
      ['2027-04-16', 'T6', 'holiday', true], // Hùng Kings, 10/3 lunar
      ['2027-04-30', 'T6', 'holiday', true],
      ['2027-05-01', 'T7', 'holiday', true],
      ['2027-05-03', 'T2', 'day_off_in_lieu', true], // 1 May on a Saturday
      ['2027-09-02', 'T5', 'holiday', true],
      ['2027-09-03', 'T6', 'holiday', true], // the adjacent day (the government picks it)
    ]);
    // The announced years are not provisional.
    assert.ok(HOLIDAYS.filter((h) => h.date < '2027-01-01').every((h) => !h.provisional));
  });

  test('working days around them', () => {
    const cal = new WorkingCalendar(HOLIDAYS);
    assert.equal(cal.isWorkingDay('2027-02-04'), true);
    for (const d of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-04-16', '2027-04-30', '2027-05-03', '2027-09-02', '2027-09-03']) {
      assert.equal(cal.isWorkingDay(d), false, d);
    }
    // Thu 4 Feb + 1 working day: Fri 12 Feb, after Tết and the two days in lieu.
    assert.equal(cal.addWorkingDays('2027-02-04', 1), '2027-02-12');
    // Thu 29 Apr + 1: Tue 4 May (30 Apr Fri, weekend, Mon 3 May in lieu).
    assert.equal(cal.addWorkingDays('2027-04-29', 1), '2027-05-04');
    assert.equal(cal.addWorkingDays('2027-09-01', 1), '2027-09-06');
  });
});

describe('reference data in the database', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.cleanup());

  test('2027 is stored provisional for an administrator to confirm; 2026 is not', async () => {
    const rows = await t.db('holidays').where('date', '>=', '2027-01-01').andWhere('date', '<=', '2027-12-31').orderBy('date').select('date', 'kind', 'provisional');
    assert.equal(rows.length, 14);
    assert.ok(rows.every((r) => Boolean(r.provisional)));
    assert.deepEqual(
      rows.filter((r) => r.kind === 'day_off_in_lieu').map((r) => r.date),
      ['2027-02-10', '2027-02-11', '2027-05-03'],
    );
    const y2026 = await t.db('holidays').where('date', '>=', '2026-01-01').andWhere('date', '<=', '2026-12-31').select('provisional');
    assert.ok(y2026.length > 0 && y2026.every((r) => !r.provisional));
  });

  test('loading again changes nothing (an administrator’s confirmation survives)', async () => {
    await t.db('holidays').where({ date: '2027-04-16' }).update({ provisional: false });
    await loadReferenceData(t.db);
    assert.equal(Boolean((await t.db('holidays').where({ date: '2027-04-16' }).first('provisional')).provisional), false);
    assert.equal(Number((await t.db('agencies').count({ n: '*' }).first())?.n), AGENCIES.length);
  });

  test('every seeded agency id is stored as seeded and is valid', async () => {
    const eids = (await t.db('agencies').select('eid')).map((r) => r.eid).sort();
    assert.deepEqual(eids, AGENCIES.map((a) => a.eid).sort());
    assert.ok(eids.every(isValidAgencyEid));
  });
});

describe('agency identifiers: Decision 20/2020 for new seeds, the legacy layout still accepted', () => {
  test('new seeds follow Decision 20/2020; only the listed legacy rows keep QCVN 102:2016', () => {
    for (const a of AGENCIES) {
      const layout = agencyEidLayout(a.eid);
      if (LEGACY_LAYOUT_EIDS.includes(a.eid)) assert.equal(layout, 'qcvn_102_2016', a.eid);
      else assert.equal(layout, 'decision_20_2020', `${a.eid}: a new seed takes the Decision 20/2020 layout (level-1 code first)`);
    }
    // Every legacy row is still seeded (they are kept, not renamed), and all sit in province H26.
    assert.deepEqual([...LEGACY_LAYOUT_EIDS].sort(), AGENCIES.filter((a) => LEGACY_LAYOUT_EIDS.includes(a.eid)).map((a) => a.eid).sort());
    assert.ok(AGENCIES.every((a) => levelOneCode(a.eid) === 'H26'));
  });

  test('both layouts are told apart, and anything else valid is still accepted', () => {
    assert.equal(agencyEidLayout('H26.57'), 'decision_20_2020');
    assert.equal(agencyEidLayout('H26.57.01'), 'decision_20_2020');
    assert.equal(agencyEidLayout('G01.12.03.001'), 'decision_20_2020');
    assert.equal(agencyEidLayout('000.00.12.H26'), 'qcvn_102_2016');
    assert.equal(agencyEidLayout('000.31.01.H26'), 'qcvn_102_2016');
    assert.equal(agencyEidLayout('SOTUPHAP'), 'other');
    assert.equal(agencyEidLayout('H26.57.01.001.01'), 'other', 'more than four levels');
    assert.equal(levelOneCode('H26.57.01'), 'H26');
    assert.equal(levelOneCode('000.00.12.H26'), 'H26');
    assert.equal(levelOneCode('SOTUPHAP'), null);
    for (const eid of ['H26.57', 'H26.57.01', '000.00.12.H26', 'SOTUPHAP']) assert.ok(isValidAgencyEid(eid), eid);
    for (const eid of ['h26.57', 'H26 57', 'H26-57', '', 'H'.repeat(36)]) assert.ok(!isValidAgencyEid(eid), eid);
  });

  test('dossier codes in either layout are made and read back; Circular 04/2025’s prefix is read too', () => {
    const receivedAt = vnInstant('2026-12-01', '08:30');
    const current = formatDossierCode('H26.57.01', receivedAt, 42);
    assert.equal(current, 'H26.57.01-261201-0042');
    assert.deepEqual(parseDossierCode(current), { agencyEid: 'H26.57.01', datePart: '261201', prefix: null, sequence: 42 });
    const legacy = formatDossierCode('000.00.12.H26', receivedAt, 10042);
    assert.equal(legacy, '000.00.12.H26-261201-10042');
    assert.deepEqual(parseDossierCode(legacy), { agencyEid: '000.00.12.H26', datePart: '261201', prefix: null, sequence: 10042 });
    assert.deepEqual(parseDossierCode(' h26.57-261201-ab0007 '), { agencyEid: 'H26.57', datePart: '261201', prefix: 'AB', sequence: 7 });
    for (const bad of ['H26.57-2612-0042', 'H26.57-261201-042', 'H26.57-261201-A0042', 'H26.57_261201_0042', '-261201-0042']) assert.equal(parseDossierCode(bad), null, bad);
  });
});
