/**
 * End to end, in a real browser: a clerk signs in, finds a procedure, fills the intake
 * form (first empty, to see the errors), checks and confirms, reads the dossier code and
 * prints the receipt; then a citizen opens the public status page on a phone. Every page
 * visited is checked with axe for serious and critical accessibility violations.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { vnInstant } from '../../src/domain/time.js';
import { createStaff, PASSWORD } from '../helpers/app.js';
import { assertAccessible as axeCheck, startBrowserApp, waitForFocus, type BrowserApp } from '../helpers/browser.js';

const APPLICANT = {
  name: 'Nguyễn Văn An',
  id: '075095001111',
  phone: '0909123456',
  address: '45 Lê Lợi, phường Trấn Biên, tỉnh Đồng Nai',
};

let app: BrowserApp | undefined;

before(async () => {
  // The receipt's QR and status link point at this running server (startBrowserApp).
  app = await startBrowserApp({
    now: vnInstant('2026-11-23', '09:00'),
    seed: async (ta) => {
      await createStaff(ta.db, 'clerk1', 'clerk', '000.31.01.H26', 'Nguyễn Thị Thu Hà');
    },
  });
});

after(() => app?.close());

/** Lesser (moderate, minor) axe findings, reported as test diagnostics rather than failures. */
const minorFindings: string[] = [];
const assertAccessible = (page: Page, label: string) => axeCheck(page, label, minorFindings);

/** The page's main text, whitespace collapsed. */
async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

test('clerk receives a dossier in the browser; citizen follows it on a phone', async (t) => {
  t.after(() => {
    for (const f of minorFindings) t.diagnostic(f);
  });
  assert.ok(app);
  const { ta, browser, baseUrl } = app;
  const db = ta.db;

  // ---- Clerk, desktop ----
  const clerk = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
  let code = '';
  let appointment = '';
  try {
    const page = await clerk.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // Sign in.
    const loginRes = await page.goto('/dang-nhap');
    assert.equal(loginRes?.status(), 200);
    await assertAccessible(page, 'login');
    await page.getByLabel('Tên đăng nhập').fill('clerk1');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    // Signed in, the clerk lands on their home page (the day at the counter), and starts an intake from it.
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
    await assertAccessible(page, 'clerk home');
    await Promise.all([page.waitForURL('**/tiep-nhan'), page.getByRole('link', { name: 'Tiếp nhận hồ sơ mới' }).first().click()]);
    assert.equal(new URL(page.url()).pathname, '/tiep-nhan');
    await page.locator('#procedures li').first().waitFor();
    await assertAccessible(page, 'procedure list');

    // Filter the list client-side, without accents.
    const items = page.locator('#procedures li');
    const total = await items.count();
    assert.ok(total > 1, 'the catalogue lists several procedures');
    await page.getByLabel('Tìm thủ tục').fill('chung thuc ban sao');
    const target = page.locator('#procedures li:visible', { hasText: '2.000815' });
    await target.waitFor();
    const shown = await page.locator('#procedures li:visible').count();
    assert.ok(shown >= 1 && shown < total, `filter narrows the list (${shown} of ${total})`);
    assert.equal(page.url(), `${baseUrl}/tiep-nhan`, 'filtering happens without a request');
    await page.locator('#procedures-count', { hasText: `${shown} / ${total}` }).waitFor();
    for (const text of await page.locator('#procedures li:visible .procedure-name').allInnerTexts()) {
      assert.match(text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase(), /chung thuc ban sao/);
    }

    // Open 2.000815.
    await Promise.all([page.waitForURL('**/tiep-nhan/2.000815'), target.getByRole('link').click()]);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Chứng thực bản sao từ bản chính/);
    await assertAccessible(page, 'intake form');

    // Submit empty: errors shown, form kept. The required documents come ticked: untick them.
    for (const name of ['Bản chính giấy tờ, văn bản làm cơ sở chứng thực', 'Bản sao cần chứng thực']) {
      const box = page.getByRole('checkbox', { name });
      assert.ok(await box.isChecked(), `${name} ticked by default`);
      await box.uncheck();
    }
    await Promise.all([page.waitForURL('**/tiep-nhan/2.000815/kiem-tra#loi'), page.getByRole('button', { name: 'Tiếp tục' }).click()]);
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    // The summary has the focus (autofocus, no script needed) and the page opened at it (#loi).
    await waitForFocus(page, 'loi');
    assert.ok(page.url().endsWith('#loi'));
    const summaryText = await summary.innerText();
    assert.match(summaryText, /Nhập họ và tên người nộp hồ sơ/);
    assert.match(summaryText, /Hồ sơ chưa đủ thành phần bắt buộc/);
    // The applicant's fields by id: the representative's section has labels of the same words.
    assert.equal(await page.locator('#applicant_name').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, 'intake form with errors');

    // Fill by label and continue.
    await page.locator('#applicant_name').fill(APPLICANT.name);
    await page.locator('#applicant_id_number').fill(APPLICANT.id);
    await page.locator('#applicant_phone').fill(APPLICANT.phone);
    await page.locator('#applicant_address').fill(APPLICANT.address);
    await page.getByRole('checkbox', { name: 'Bản chính giấy tờ, văn bản làm cơ sở chứng thực' }).check();
    await page.getByRole('checkbox', { name: 'Bản sao cần chứng thực' }).check();
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Tiếp tục' }).click()]);
    await page.getByRole('heading', { name: 'Kiểm tra thông tin trước khi tiếp nhận' }).waitFor();

    // Check page shows what was typed.
    const check = await mainText(page);
    for (const v of [APPLICANT.name, APPLICANT.id, APPLICANT.phone, APPLICANT.address, 'Bản chính giấy tờ, văn bản làm cơ sở chứng thực', 'Bản sao cần chứng thực']) {
      assert.ok(check.includes(v), `check page shows ${v}`);
    }
    await assertAccessible(page, 'check page');

    // Confirm, once the documents are checked.
    await page.getByRole('checkbox', { name: 'Đã kiểm tra đủ thành phần hồ sơ' }).check();
    await Promise.all([page.waitForURL(/\/ho-so\/\d+\/da-tiep-nhan(?:#loi)?$/), page.getByRole('button', { name: 'Xác nhận tiếp nhận' }).click()]);
    await page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' }).waitFor();
    code = (await page.locator('.dossier-code').innerText()).trim();
    assert.match(code, /^[0-9A-Z.]+-\d{6}-\d{4,}$/);
    assert.ok(code.startsWith('000.31.01.H26-261123-'), `code ${code} carries the agency and the date`);
    appointment = (await page.locator('.summary-list div', { hasText: 'Hẹn trả kết quả' }).locator('dd').innerText()).trim();
    assert.match(appointment, /^\d{2}:\d{2}, .+ \d{2}\/\d{2}\/\d{4}$/);
    assert.ok((await mainText(page)).includes(APPLICANT.name));
    await assertAccessible(page, 'confirmation');

    // The receipt: a PDF behind the staff session. Viewing it is a GET that writes nothing;
    // printing is the form's POST (checked in receipt.test.ts).
    assert.equal(await page.getByRole('button', { name: 'In giấy tiếp nhận' }).count(), 1, 'print button on the confirmation page');
    const receiptLink = page.getByRole('link', { name: 'Xem giấy tiếp nhận và hẹn trả kết quả' });
    const href = await receiptLink.getAttribute('href');
    assert.match(href ?? '', /^\/ho-so\/\d+\/giay-tiep-nhan\.pdf$/);
    const pdf = await page.request.get(href!);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'] ?? '', /^application\/pdf/);
    const body = await pdf.body();
    assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(body.length > 1000, 'receipt is a real document');

    assert.deepEqual(pageErrors, [], 'no script errors on staff pages');
  } finally {
    await clerk.close();
  }

  // ---- Citizen, phone ----
  const row = await db('dossiers').where({ code }).first('public_token');
  assert.ok(row, `dossier ${code} is stored`);
  const token = String((row as { public_token: string }).public_token);

  const citizen = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
  });
  try {
    const page = await citizen.newPage();
    const res = await page.goto(`/s/${token}`);
    assert.equal(res?.status(), 200);
    assert.match(res?.headers()['x-robots-tag'] ?? '', /noindex/);
    const robots = await page.locator('meta[name="robots"]').getAttribute('content');
    assert.match(robots ?? '', /noindex/);

    const text = await mainText(page);
    assert.ok(text.includes(code), 'status page shows the code');
    assert.ok(text.includes('Đã tiếp nhận'), 'status page shows the status');
    assert.equal((await page.locator('.status-label').innerText()).trim(), 'Đã tiếp nhận');
    assert.ok(text.includes(appointment), `status page shows the appointment ${appointment}`);
    const whole = await page.content();
    for (const secret of [APPLICANT.name, APPLICANT.id, APPLICANT.phone, APPLICANT.address]) {
      assert.ok(!whole.includes(secret), `status page must not reveal ${secret}`);
    }
    assert.ok(text.includes('N*** V*** A***'), 'the applicant is shown masked');

    // A string expression: the project's TypeScript lib has no DOM types.
    const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
    );
    assert.ok(scrollWidth <= clientWidth + 1, `no horizontal scroll on a phone (${scrollWidth} > ${clientWidth})`);
    await assertAccessible(page, 'public status');

    // The lookup page, anonymous: code and the phone's last 4 digits lead to the same page.
    const lookup = await page.goto('/tra-cuu');
    assert.equal(lookup?.status(), 200);
    await page.getByRole('heading', { name: 'Tra cứu hồ sơ' }).waitFor();
    await assertAccessible(page, 'lookup');
    await page.getByLabel('Mã hồ sơ').fill(code);
    await page.getByLabel('4 số cuối điện thoại').fill(APPLICANT.phone.slice(-4));
    await Promise.all([page.waitForURL((u) => u.pathname === `/s/${token}`), page.getByRole('button', { name: 'Tra cứu' }).click()]);
    assert.equal((await page.locator('.status-label').innerText()).trim(), 'Đã tiếp nhận');

    // The language switch, a plain link in the header: the same page in English, remembered, still fitting the phone.
    await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === 'en'), page.getByRole('link', { name: 'English' }).click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal((await page.locator('.status-label').innerText()).trim(), 'Received');
    assert.ok((await mainText(page)).includes('the Vietnamese version is the legal text of record'), 'the English page names the text of record');
    const wide = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.ok(wide <= 1, `no horizontal scroll in English on a phone (${wide} px too wide)`);
    await assertAccessible(page, 'public status in English');
    await page.goto('/tra-cuu');
    await page.getByRole('heading', { name: 'Look up a dossier' }).waitFor();
  } finally {
    await citizen.close();
  }
});
