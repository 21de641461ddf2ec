/**
 * Issue 20: the province's control unit (a supervisor of the province centre) handles
 * petitions, not dossiers: its home page leads with its petitions by status, each number
 * linking to the list that shows exactly those, and shows none of the dossier tiles a
 * ward's head has. The ward's head keeps theirs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WorkingCalendar } from '../../src/domain/calendar.js';
import { vnInstant } from '../../src/domain/time.js';
import { services } from '../../src/services.js';
import { paths } from '../../src/web/paths.js';
import { agencyId, buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { insertPetition } from '../helpers/petition-rows.js';

const WARD = '000.31.01.H26';
const CENTRE = '000.00.01.H26';

/** The home tiles as { label: [value, href] }. */
function tiles(html: string): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  for (const m of html.matchAll(/<a class="home-tile-link" href="([^"]*)">\s*<span class="home-tile-value">([^<]*)<\/span>\s*<span class="home-tile-label">([^<]*)<\/span>/g)) {
    out[m[3]!] = [m[2]!, m[1]!.replace(/&amp;/g, '&')];
  }
  return out;
}

/** The codes a petitions list page shows. */
const codesOn = (html: string) => new Set([...html.matchAll(/PAKN-\d{6}-\d{4}/g)].map((m) => m[0]));

describe('the control unit’s home page leads with petitions', () => {
  let t: TestApp;
  let cal: WorkingCalendar;

  before(async () => {
    // Tuesday 1 December 2026.
    t = await buildTestApp({ now: vnInstant('2026-12-01', '09:00') });
    await createStaff(t.db, 'control', 'supervisor', CENTRE, 'Hoàng Minh Châu');
    await createStaff(t.db, 'head', 'supervisor', WARD, 'Phạm Thị Lan');
    cal = await services(t.deps).calendar.current();
    const ward = await agencyId(t.db, WARD);
    // Received last month: past its 5-working-day forward deadline.
    await insertPetition(t.db, cal, { kind: 'regulation', receivedAt: vnInstant('2026-11-02', '10:00') });
    await insertPetition(t.db, cal, { kind: 'handling', receivedAt: vnInstant('2026-11-30', '10:00') });
    await insertPetition(t.db, cal, { kind: 'handling', receivedAt: vnInstant('2026-11-25', '10:00'), forwardedAt: vnInstant('2026-11-26', '10:00'), competentAgencyId: ward });
    await insertPetition(t.db, cal, { kind: 'other', receivedAt: vnInstant('2026-11-20', '10:00'), forwardedAt: vnInstant('2026-11-23', '10:00'), competentAgencyId: ward, drafted: true });
    await insertPetition(t.db, cal, { kind: 'other', receivedAt: vnInstant('2026-11-10', '10:00'), forwardedAt: vnInstant('2026-11-11', '10:00'), competentAgencyId: ward, answeredAt: vnInstant('2026-11-20', '10:00') });
  });
  after(() => t.cleanup());

  test('petitions by status, each linking to its list; no dossier tiles', async () => {
    const { agent } = await signIn(t.http, 'control');
    const res = await agent.get(paths.home).expect(200);
    assert.match(res.text, /<h1>Phản ánh, kiến nghị<\/h1>/);
    assert.doesNotMatch(res.text, /Tình hình giải quyết hồ sơ|Đang quá hạn|Tỷ lệ đúng hạn|Không hài lòng, chưa theo dõi|Hàng đợi của đơn vị/);
    const shown = tiles(res.text);
    assert.deepEqual(shown, {
      'Quá hạn': ['1', paths.petitions.staffList],
      'Mới tiếp nhận': ['2', paths.petitions.staffListOf('received')],
      'Đã thụ lý, chờ chuyển': ['0', paths.petitions.staffListOf('accepted')],
      'Đã chuyển, chờ trả lời': ['1', paths.petitions.staffListOf('forwarded')],
      'Dự thảo chờ duyệt': ['1', paths.petitions.staffListOf('drafted')],
      // Kept for study whose review date has come (art. 14(2)(b); petition-sweeps.test.ts counts one).
      'Đến ngày xem xét lại': ['0', paths.petitions.staffListOf('kept_for_study')],
    });
    // Each number is what its list shows.
    for (const label of ['Mới tiếp nhận', 'Đã thụ lý, chờ chuyển', 'Đã chuyển, chờ trả lời', 'Dự thảo chờ duyệt'] as const) {
      const [value, href] = tiles(res.text)[label]!;
      const list = await agent.get(href).expect(200);
      assert.equal(codesOn(list.text).size, Number(value), `${label}: ${href}`);
    }
    assert.ok(res.text.includes(`href="${paths.reports.showWith('phan-anh-kien-nghi', { ky: 'thang', thang: '12/2026' }).replace(/&/g, '&amp;')}"`), 'the petitions report of this month');
  });

  test('a ward’s head keeps the dossier tiles', async () => {
    const { agent } = await signIn(t.http, 'head');
    const res = await agent.get(paths.home).expect(200);
    assert.match(res.text, /Tình hình giải quyết hồ sơ/);
    assert.ok('Đang quá hạn' in tiles(res.text));
  });
});
