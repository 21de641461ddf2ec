/**
 * The staff navigation marks the section a page belongs to with aria-current="page": on the
 * section's own page and on the pages under it (a dossier under "Hồ sơ", one report under
 * "Báo cáo"), for every role; exactly one link at a time, none on a page outside the sections.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { paths } from '../../src/web/paths.js';
import { buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { insertDossier } from '../helpers/fixtures.js';

const WARD = '000.31.01.H26';
const CENTRE = '000.00.01.H26';

/** The navigation's links as [label, current]. */
function navLinks(html: string): Array<[string, boolean]> {
  const nav = /<nav[^>]*aria-label="Chức năng"[^>]*>([\s\S]*?)<\/nav>/.exec(html);
  assert.ok(nav, 'the page has the staff navigation');
  return [...nav[1]!.matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)].map((m) => [m[2]!.trim(), /aria-current="page"/.test(m[1]!)]);
}

describe('staff navigation: aria-current on the current section', () => {
  let t: TestApp;
  let dossierId: number;

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-12-01', '09:00') });
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    await createStaff(t.db, 'officer', 'officer', WARD);
    await createStaff(t.db, 'head', 'supervisor', WARD);
    await createStaff(t.db, 'control', 'supervisor', CENTRE);
    await createStaff(t.db, 'admin', 'admin', CENTRE);
    dossierId = await insertDossier(t.db, clerk, { received: '2026-11-30', due: '2026-12-03', status: 'in_progress' });
  });
  after(() => t.cleanup());

  const CASES: Record<string, Array<[path: () => string, section: string | null]>> = {
    clerk: [
      [() => paths.home, 'Trang chủ'],
      [() => paths.intake.start, 'Tiếp nhận hồ sơ'],
      [() => paths.intake.form('2.000815'), 'Tiếp nhận hồ sơ'],
      [() => paths.post.batches, 'Bưu chính'],
      [() => paths.dossiers.list, 'Hồ sơ'],
      [() => paths.dossiers.show(dossierId), 'Hồ sơ'],
      [() => paths.questions.inbox, 'Câu hỏi của công dân'],
      [() => paths.notifications.list, 'Tin nhắn'],
    ],
    officer: [
      [() => paths.queue, 'Hàng đợi'],
      [() => paths.queueOfAgency, 'Hàng đợi'],
      [() => paths.apologies.drafts, 'Phiếu xin lỗi chờ ký'],
      [() => paths.dossiers.show(dossierId), 'Hồ sơ'],
      [() => paths.petitions.staffList, 'Phản ánh, kiến nghị'],
    ],
    head: [
      [() => paths.home, 'Trang chủ'],
      [() => paths.reports.index, 'Báo cáo'],
      [() => paths.reports.show('qua-han'), 'Báo cáo'],
      [() => paths.ratings.list, 'Báo cáo'],
      [() => paths.queue, 'Hàng đợi'],
    ],
    control: [
      [() => paths.petitions.staffList, 'Phản ánh, kiến nghị'],
      [() => paths.reports.show('phan-anh-kien-nghi'), 'Báo cáo'],
    ],
    admin: [
      [() => paths.admin.home, 'Quản trị'],
      [() => paths.admin.users, 'Quản trị'],
      [() => paths.admin.jobs, 'Quản trị'],
      // The portal sync page is under /quan-tri too: its own, more specific section is the current one.
      [() => paths.admin.portal, 'Cổng DVCQG'],
      [() => paths.admin.portalStatusMap, 'Cổng DVCQG'],
      [() => paths.notifications.templates, 'Tin nhắn'],
      [() => paths.dossiers.list, 'Hồ sơ'],
      [() => '/khong-co-trang-nay', null],
    ],
  };

  for (const [username, cases] of Object.entries(CASES)) {
    test(`${username}: the section of each page is the one current link`, async () => {
      const { agent } = await signIn(t.http, username);
      for (const [pathOf, section] of cases) {
        const path = pathOf();
        const res = await agent.get(path);
        assert.ok(res.status === 200 || (section === null && res.status === 404), `${username} ${path}: ${res.status}`);
        const current = navLinks(res.text).filter(([, c]) => c).map(([label]) => label);
        assert.deepEqual(current, section === null ? [] : [section], `${username} ${path}`);
      }
    });
  }
});
