/**
 * The public catalogue in a real browser on a 360 px phone: the front page leads to /thu-tuc,
 * a search without accents finds "Đăng ký khai sinh", its page has the checklist and the PDF
 * link (a one-page PDF; the pages carry no script: they work without JavaScript), no horizontal scroll, and axe finds nothing serious on either page,
 * in Vietnamese and, after the language switch, in English.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { assertAccessible, startBrowserApp, type BrowserApp } from '../helpers/browser.js';

let app: BrowserApp | undefined;
before(async () => {
  app = await startBrowserApp({ now: vnInstant('2026-12-07', '09:00') });
});
after(() => app?.close());

test('360 px phone: front page → search "dang ky khai sinh" → procedure page → checklist PDF; axe clean, no sideways scroll', async () => {
  assert.ok(app);
  // A Vietnamese phone (Chromium's own locale is en-US, which Accept-Language would follow).
  const context = await app.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'vi-VN' });
  const page = await context.newPage();
  const noSidewaysScroll = async (label: string) => assert.ok(await page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1'), `${label}: no horizontal scroll at 360 px`);
  try {
    await page.goto(app.baseUrl + '/');
    await page.getByRole('link', { name: 'Tìm thủ tục hành chính' }).click();
    await page.waitForURL(/\/thu-tuc$/);
    await page.getByLabel('Tên hoặc mã thủ tục').fill('dang ky khai sinh');
    await page.getByRole('button', { name: 'Tìm thủ tục' }).click();
    await page.waitForURL(/q=dang\+ky\+khai\+sinh/);
    await noSidewaysScroll('search');
    await assertAccessible(page, 'search results');
    await page.locator('.catalogue-results a').first().click();
    await page.waitForURL(/\/thu-tuc\/1\.001193$/);
    assert.match((await page.locator('h1').textContent()) ?? '', /đăng ký khai sinh/i);
    assert.ok((await page.locator('.catalogue-checklist li').count()) >= 3);
    await noSidewaysScroll('procedure');
    await assertAccessible(page, 'procedure page');
    const href = await page.getByRole('link', { name: /Tải danh mục giấy tờ để in/ }).getAttribute('href');
    assert.equal(href, '/thu-tuc/1.001193/giay-to-can-mang.pdf');
    const pdf = await context.request.get(app.baseUrl + href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const body = (await pdf.body()).toString('latin1');
    assert.equal(body.match(/\/Type \/Page\b/g)?.length, 1, 'one page');

    // In English: the switch on the procedure page, remembered on the search.
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\/thu-tuc\/1\.001193\?lang=en$/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByRole('heading', { name: 'Papers to bring' }).count(), 1);
    await noSidewaysScroll('procedure, English');
    await assertAccessible(page, 'procedure page, English');
    await page.getByRole('link', { name: /Find another procedure/ }).click();
    await page.getByLabel('Name or code of the procedure').fill('khai sinh');
    await page.getByRole('button', { name: 'Find a procedure' }).click();
    await page.waitForURL(/q=khai\+sinh/);
    assert.ok((await page.locator('.catalogue-results li').count()) > 0);
    await noSidewaysScroll('search, English');
    await assertAccessible(page, 'search results, English');
  } finally {
    await context.close();
  }
});
