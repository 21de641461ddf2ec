/**
 * Reports in a real browser at 1366×768 (a common office screen): axe finds no serious or
 * critical violation on the report pages and the ratings follow-up; names in report tables
 * wrap at a sensible width instead of one word a line; the table's header stays in view
 * while its region scrolls, and the region is reached and scrolled by keyboard; the period
 * picker shows only the chosen kind's fields and sends only those.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { vnInstant } from '../../src/domain/time.js';
import { insertRating } from '../../src/features/ratings/ratings.repo.js';
import { agencyId, createStaff, PASSWORD, type TestApp } from '../helpers/app.js';
import { assertAccessible as axeCheck, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { insertDossier, type Fixture } from '../helpers/fixtures.js';

const WARD = '000.31.01.H26';

let app: BrowserApp | undefined;

before(async () => {
  app = await startBrowserApp({ now: vnInstant('2026-12-01', '09:00'), seed });
});

after(() => app?.close());

/** Three staff of the ward, 42 dossiers (one voided) and an unsatisfied rating. */
async function seed(ta: TestApp): Promise<void> {
  const clerk = await createStaff(ta.db, 'clerk1', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
  const officer = await createStaff(ta.db, 'officer1', 'officer', WARD, 'Trần Minh Khoa');
  await createStaff(ta.db, 'boss', 'supervisor', WARD, 'Đỗ Văn Giám');
  const procedures = ['1.001612', '2.000815'];
  // Enough rows for the tracking book to scroll, over two procedures, some finished, some open.
  for (let i = 0; i < 40; i++) {
    const day = String(2 + (i % 25)).padStart(2, '0');
    const f: Fixture =
      i % 3 === 0
        ? { procedure: procedures[i % 2], received: `2026-11-${day}`, due: `2026-11-${day}`, finished: `2026-11-${day}`, status: 'returned', completion: 'on_time', completedBy: officer }
        : { procedure: procedures[i % 2], received: `2026-11-${day}`, due: i % 2 ? '2026-12-08' : '2026-11-27', status: 'in_progress' };
    await insertDossier(ta.db, clerk, f);
  }
  await insertDossier(ta.db, clerk, { received: '2026-12-01', due: '2026-12-04', status: 'voided', finished: '2026-12-01' });
  const rated = await insertDossier(ta.db, clerk, { received: '2026-11-16', due: '2026-11-19', finished: '2026-11-19', status: 'returned', completion: 'on_time', completedBy: officer });
  await insertRating(ta.db, {
    dossierId: rated,
    officerId: officer,
    agencyId: await agencyId(ta.db, WARD),
    input: { level: 'unsatisfied', comment: 'Phải đi lại ba lần vì không được hướng dẫn đủ giấy tờ', criteria: { time: null, contacts: 0, agencies: null, attitude: 1, publicity: null } },
    createdAt: vnInstant('2026-11-25', '10:00'),
  });
}

const minorFindings: string[] = [];
const assertAccessible = (page: Page, label: string) => axeCheck(page, label, minorFindings);

test('report pages at 1366×768: axe clean, names not squeezed, header in view, region by keyboard, one period picker', async (t) => {
  t.after(() => {
    for (const f of minorFindings) t.diagnostic(f);
  });
  assert.ok(app);
  const { browser, baseUrl } = app;
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập').fill('boss');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')), page.getByRole('button', { name: 'Đăng nhập' }).click()]);

    // Processing results for the quarter: every column, the name columns wrap at a sensible width.
    await page.goto('/bao-cao/ket-qua-giai-quyet?ky=quy&quy=4%2F2026');
    await assertAccessible(page, 'processing results');
    const region = page.getByRole('region', { name: /Kết quả giải quyết hồ sơ/ });
    await region.waitFor();
    const procedureCell = region.locator('tbody tr').first().locator('td').nth(1);
    const box = await procedureCell.boundingBox();
    assert.ok(box && box.width >= 160, `the procedure name cell is ${box?.width} px wide`);
    // Expressions as strings: the tests compile without the DOM library.
    const lineHeight = (await page.evaluate<number>("parseFloat(getComputedStyle(document.querySelector('.report-scroll tbody tr td:nth-child(2)')).lineHeight)")) || 20;
    const words = ((await procedureCell.innerText()).match(/\S+/g) ?? []).length;
    assert.ok(box && box.height < (words - 1) * lineHeight, `the name wraps into fewer lines than its ${words} words (${box?.height} px)`);
    assert.equal(await region.getByRole('columnheader', { name: 'Hủy do nhập nhầm' }).count(), 1);

    // The tracking book: long, so the region scrolls; by keyboard, with the header kept in view.
    await page.goto('/bao-cao/so-theo-doi?ky=thang&thang=11%2F2026');
    await assertAccessible(page, 'tracking book');
    const book = page.getByRole('region', { name: /Sổ theo dõi hồ sơ/ });
    const nameCell = book.locator('tbody tr').first().locator('td').nth(2);
    const nameBox = await nameCell.boundingBox();
    assert.ok(nameBox && nameBox.width >= 160, `the procedure name cell is ${nameBox?.width} px wide`);
    await book.focus();
    assert.equal(await page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('role')"), 'region', 'the scroll region takes the focus');
    const regionTop = (await book.boundingBox())!.y;
    for (let i = 0; i < 4; i++) await page.keyboard.press('PageDown');
    let scrolled = 0;
    for (let i = 0; i < 50 && scrolled <= 100; i++) {
      scrolled = await page.evaluate<number>("document.querySelector('.report-scroll').scrollTop");
      if (scrolled <= 100) await page.waitForTimeout(50);
    }
    assert.ok(scrolled > 100, `the keyboard scrolls the region (${scrolled} px)`);
    const header = book.locator('thead th').first();
    const headerTop = (await header.boundingBox())!.y;
    assert.ok(Math.abs(headerTop - regionTop) <= 2, `the header stays at the top of the region (${headerTop} vs ${regionTop})`);

    // Overdue now and the officers' report.
    await page.goto('/bao-cao/qua-han');
    await assertAccessible(page, 'overdue now');
    await page.goto('/bao-cao/can-bo?ky=quy&quy=IV%2F2026');
    await assertAccessible(page, 'officers');

    // The period picker: only the chosen kind's fields, switched at once, and only they are sent.
    await page.goto('/bao-cao/ket-qua-giai-quyet');
    await assertAccessible(page, 'period picker');
    assert.ok(await page.locator('#thang').isVisible());
    assert.ok(!(await page.locator('#quy').isVisible()));
    await page.getByLabel('Loại kỳ').selectOption('quy');
    assert.ok(await page.locator('#quy').isVisible());
    assert.ok(!(await page.locator('#thang').isVisible()));
    await page.getByLabel('Quý', { exact: true }).fill('IV/2026');
    await Promise.all([page.waitForURL(/ky=quy/), page.getByRole('button', { name: 'Xem báo cáo' }).click()]);
    const sent = new URL(page.url()).searchParams;
    assert.equal(sent.get('quy'), 'IV/2026');
    assert.equal(sent.has('thang'), false, 'the month field is not sent');
    assert.match(await page.locator('main').innerText(), /Quý IV\/2026 \(01\/10\/2026 – 31\/12\/2026\)/);
    await page.getByLabel('Loại kỳ').selectOption('tuy-chon');
    await page.getByLabel('Từ ngày').fill('01/11/2026');
    await page.getByLabel('Đến ngày').fill('31/02/2026');
    await Promise.all([page.waitForURL(/ky=tuy-chon/), page.getByRole('button', { name: 'Xem báo cáo' }).click()]);
    await assertAccessible(page, 'period picker with an error');
    assert.match(await page.locator('#den_ngay-error').innerText(), /Ngày kết thúc không hợp lệ/);
    assert.equal(await page.locator('#den_ngay').inputValue(), '31/02/2026');

    // The ratings follow-up: a refused note, then a note recorded with its banner.
    await page.goto('/danh-gia?muc=khong_hai_long&theo_doi=chua');
    await assertAccessible(page, 'ratings to follow up');
    await page.getByRole('button', { name: 'Ghi nhận đã theo dõi' }).click();
    await page.waitForLoadState();
    await assertAccessible(page, 'follow-up refused');
    await page.getByLabel('Việc đã làm (trao đổi với người dân, xử lý)').fill('Đã gọi điện xin lỗi và hướng dẫn lại');
    await Promise.all([page.waitForURL(/da_theo_doi=/), page.getByRole('button', { name: 'Ghi nhận đã theo dõi' }).click()]);
    await page.locator('.success-banner').waitFor();
    await assertAccessible(page, 'follow-up done');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
