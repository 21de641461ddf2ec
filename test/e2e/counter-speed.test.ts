/**
 * Counter speed, in a real browser: a clerk files a 3-document dossier (1.004222 Đăng ký
 * thường trú) from the procedure picker to the printed receipt with a CCCD scan. Every key
 * the clerk presses and every click goes through a counter; what the keyboard-wedge scanner
 * types is counted apart (reported, not counted). At most 30 keystrokes and 8 clicks.
 * Also: the scan without JavaScript (the server fills the form), and a scan fired while the
 * focus was in another field.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { scannerUnicodeMessage } from '../../src/domain/cccd.js';
import { vnInstant } from '../../src/domain/time.js';
import { createStaff, PASSWORD } from '../helpers/app.js';
import { assertAccessible, focusedId, startBrowserApp, until, waitForFocus, type BrowserApp } from '../helpers/browser.js';

const PROCEDURE = '1.004222';
const CARD = {
  id: '075095001111',
  name: 'Nguyễn Văn An',
  birth: '15/03/1995',
  address: '45 Lê Lợi, phường Trấn Biên, tỉnh Đồng Nai',
};
const QR = `${CARD.id}|272345678|${CARD.name}|15031995|Nam|${CARD.address}|20042021`;
const PHONE = '0909123456';

let app: BrowserApp | undefined;

before(async () => {
  app = await startBrowserApp({
    now: vnInstant('2026-11-23', '09:00'),
    seed: async (ta) => {
      await createStaff(ta.db, 'clerk1', 'clerk', '000.31.01.H26', 'Nguyễn Thị Thu Hà');
    },
  });
});

after(() => app?.close());

async function signIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('clerk1');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  return page;
}

/** The text of the focused element ('' for none). */
function focusedText(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement ? (document.activeElement.innerText || "").trim() : ""');
}

/** The clerk's hands: every key and click is counted; the scanner's typing apart. */
class Counter {
  keystrokes = 0;
  clicks = 0;
  scannerChars = 0;
  constructor(private page: Page) {}
  async type(text: string): Promise<void> {
    this.keystrokes += text.length;
    await this.page.keyboard.type(text);
  }
  async press(key: string): Promise<void> {
    this.keystrokes += 1;
    await this.page.keyboard.press(key);
  }
  async click(target: Locator): Promise<void> {
    this.clicks += 1;
    await target.click();
  }
  /**
   * A keyboard-wedge scanner: the QR text, then Enter. A wedge types the whole text in a few
   * tens of milliseconds, so it arrives as one insertion; the scan typed key by key, as a
   * slow wedge would, is the test of a scan fired in another field below.
   */
  async scan(text: string): Promise<void> {
    this.scannerChars += text.length + 1;
    await this.page.keyboard.insertText(text);
    await this.page.keyboard.press('Enter');
  }
}

test('a 3-document dossier by CCCD scan: at most 30 keystrokes and 8 clicks from the picker to the printed receipt', async (t) => {
  assert.ok(app);
  const { ta, browser, baseUrl } = app;
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  try {
    const page = await signIn(context);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const hands = new Counter(page);

    // The picker: its search field has the focus; a code and Enter opens the form.
    await page.goto('/tiep-nhan');
    await waitForFocus(page, 'q'); // the picker search field has the focus
    await hands.type(PROCEDURE);
    await Promise.all([page.waitForURL(`**/tiep-nhan/${PROCEDURE}`), hands.press('Enter')]);
    await page.getByRole('heading', { level: 1, name: 'Đăng ký thường trú' }).waitFor();

    // The form: the scan field has the focus; the required documents are ticked.
    await waitForFocus(page, 'cccd_scan'); // the scan field is the first field, with the focus
    const boxes = page.locator('#documents input[type="checkbox"]');
    assert.equal(await boxes.count(), 3, 'the procedure has 3 documents');
    for (let i = 0; i < 3; i++) assert.ok(await boxes.nth(i).isChecked(), `document ${i + 1} ticked by default`);

    await hands.scan(QR);
    await page.locator('#cccd_scan-status', { hasText: 'Đã điền thông tin từ thẻ CCCD' }).waitFor();
    assert.equal(await page.locator('#applicant_name').inputValue(), CARD.name);
    assert.equal(await page.locator('#applicant_id_number').inputValue(), CARD.id);
    assert.equal(await page.locator('#applicant_birth_date').inputValue(), CARD.birth);
    assert.ok(await page.locator('#applicant_sex_male').isChecked(), 'sex from the card');
    assert.equal(await page.locator('#applicant_address').inputValue(), CARD.address);
    assert.equal(await page.locator('#cccd_scan').inputValue(), '', 'the scan field is emptied');
    assert.equal(new URL(page.url()).pathname, `/tiep-nhan/${PROCEDURE}`, 'filled in place, no request');
    await waitForFocus(page, 'applicant_phone'); // the focus moves on to the phone
    await assertAccessible(page, 'intake form filled from a scan');
    await page.locator('#applicant_phone').focus(); // axe may move the focus; the clerk's hands have not

    // The phone, Enter: the check page, the focus on its one deliberate control.
    await hands.type(PHONE);
    await Promise.all([page.waitForURL(`**/tiep-nhan/${PROCEDURE}/kiem-tra#loi`), hands.press('Enter')]);
    await page.getByRole('heading', { name: 'Kiểm tra thông tin trước khi tiếp nhận' }).waitFor();
    await waitForFocus(page, 'documents_checked');
    const checkText = await page.locator('main').innerText();
    for (const shown of [CARD.name, CARD.id, CARD.birth, 'Nam', CARD.address, PHONE]) assert.ok(checkText.includes(shown), `the check page shows ${shown}`);
    assert.equal(await page.getByRole('button', { name: /^Thay đổi/ }).count(), 11 + 3, 'a "Thay đổi" per answer (8 of the applicant, delivery, note, sets) and per document (3)');
    assert.equal(await page.locator('#documents_checked').isChecked(), false, 'the documents check is the clerk\'s, not pre-ticked');
    await assertAccessible(page, 'intake check page');
    await page.locator('#documents_checked').focus(); // axe may move the focus; the clerk's hands have not

    // Space ticks "Đã kiểm tra đủ thành phần hồ sơ"; Tab reaches "Xác nhận tiếp nhận" (at most 3 Tabs); Enter confirms.
    await hands.press('Space');
    assert.ok(await page.locator('#documents_checked').isChecked());
    let tabs = 0;
    while (tabs < 3 && (await focusedText(page)) !== 'Xác nhận tiếp nhận') {
      await hands.press('Tab');
      tabs++;
    }
    assert.equal(await focusedText(page), 'Xác nhận tiếp nhận', `"Xác nhận tiếp nhận" within 3 Tabs of the box (${tabs})`);
    assert.ok(tabs <= 3);
    t.diagnostic(`check page: ${tabs} Tab(s) from the focused box to "Xác nhận tiếp nhận"`);
    await Promise.all([page.waitForURL(/\/ho-so\/\d+\/da-tiep-nhan/), hands.press('Enter')]);
    await page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' }).waitFor();
    const dossierId = Number(/\/ho-so\/(\d+)\//.exec(page.url())![1]);

    // Print: the form posts to a new tab (the print is recorded), which is redirected to the PDF.
    const printed = context.waitForEvent('response', (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/ho-so/${dossierId}/giay-tiep-nhan.pdf`);
    await hands.click(page.getByRole('button', { name: 'In giấy tiếp nhận' }));
    const res = await printed;
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /^application\/pdf/);

    t.diagnostic(`clerk: ${hands.keystrokes} keystrokes, ${hands.clicks} clicks; scanner typed ${hands.scannerChars} characters (not counted)`);
    assert.ok(hands.keystrokes <= 30, `${hands.keystrokes} keystrokes (at most 30)`);
    assert.ok(hands.clicks <= 8, `${hands.clicks} clicks (at most 8)`);

    // What was stored came from the card.
    const db = ta.db;
    const dossier = await db('dossiers').where({ id: dossierId }).first();
    assert.equal(dossier.applicant_name, CARD.name);
    assert.equal(dossier.applicant_id_number, CARD.id);
    assert.equal(dossier.applicant_address, CARD.address);
    assert.equal(dossier.applicant_phone, PHONE);
    const docs = await db('dossier_documents').where({ dossier_id: dossierId });
    assert.equal(docs.length, 3, 'three documents received');
    const prints = await db('dossier_events').where({ dossier_id: dossierId, type: 'receipt_printed' });
    assert.equal(prints.length, 1, 'the print is recorded');
    // The next citizen: one click back to the same picker, its search field focused.
    await Promise.all([page.waitForURL('**/tiep-nhan'), page.getByRole('link', { name: 'Tiếp nhận hồ sơ tiếp theo' }).click()]);
    await waitForFocus(page, 'q'); // the picker is ready for the next code
    assert.deepEqual(pageErrors, [], 'no script errors');
  } finally {
    await context.close();
  }
});

test('without JavaScript, the scan posts the form and it comes back filled, the focus on the phone', async () => {
  assert.ok(app);
  const { browser, baseUrl } = app;
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'vi-VN', javaScriptEnabled: false });
  try {
    const page = await signIn(context);
    await page.goto(`/tiep-nhan/${PROCEDURE}`);
    assert.equal(await page.locator('#cccd_scan').getAttribute('autofocus'), '', 'the scan field carries autofocus');
    await page.locator('#cccd_scan').focus();
    await Promise.all([page.waitForURL(`**/tiep-nhan/${PROCEDURE}/kiem-tra#loi`), (async () => {
      await page.keyboard.insertText(QR);
      await page.keyboard.press('Enter');
    })()]);
    await page.locator('#cccd_scan-status', { hasText: 'Đã điền thông tin từ thẻ CCCD' }).waitFor();
    assert.equal(await page.locator('#applicant_name').inputValue(), CARD.name);
    assert.equal(await page.locator('#applicant_id_number').inputValue(), CARD.id);
    assert.equal(await page.locator('#applicant_birth_date').inputValue(), CARD.birth);
    assert.ok(await page.locator('#applicant_sex_male').isChecked());
    assert.equal(await page.locator('#applicant_address').inputValue(), CARD.address);
    assert.equal(await page.locator('#cccd_scan').inputValue(), '');
    assert.equal(await page.locator('#applicant_phone').getAttribute('autofocus'), '', 'the phone field carries autofocus now');
    assert.equal(await page.locator('#cccd_scan').getAttribute('autofocus'), null);
    assert.equal(await page.locator('.error-summary').count(), 0, 'no errors shown for a filled form');

    // A bad scan: the message sits on the scan field.
    await page.locator('#cccd_scan').focus();
    await Promise.all([page.waitForLoadState('load'), (async () => {
      await page.keyboard.insertText('079195001111||Nguyễn Thị Bình|15031995|Nam|12 Hai Bà Trưng|20042021');
      await page.keyboard.press('Enter');
    })()]);
    await page.locator('#cccd_scan-error').waitFor();
    assert.match(await page.locator('#cccd_scan-error').innerText(), /giới tính Nữ, không khớp với giới tính Nam/);
    assert.match(await page.locator('.error-summary').innerText(), /Mã QR không hợp lệ/);
    assert.equal(await page.locator('#applicant_name').inputValue(), CARD.name, 'the form keeps what it had');
  } finally {
    await context.close();
  }
});

test('a scan fired while the focus is in another field fills the form and leaves that field as it was', async () => {
  assert.ok(app);
  const { browser, baseUrl } = app;
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  try {
    const page = await signIn(context);
    await page.goto(`/tiep-nhan/${PROCEDURE}`);
    await page.locator('#note').focus();
    await page.keyboard.type('Nộp thay cho mẹ ');
    await page.keyboard.type(QR);
    await page.keyboard.press('Enter');
    await page.locator('#cccd_scan-status', { hasText: 'Đã điền thông tin từ thẻ CCCD' }).waitFor();
    assert.equal(await page.locator('#note').inputValue(), 'Nộp thay cho mẹ');
    assert.equal(await page.locator('#applicant_name').inputValue(), CARD.name);
    assert.equal(await page.locator('#applicant_address').inputValue(), CARD.address);
    await waitForFocus(page, 'applicant_phone');

    // A scan burst in the name field, with no Enter (a scanner set up without a suffix).
    await page.locator('#applicant_name').fill('');
    await page.locator('#applicant_id_number').fill('');
    await page.locator('#applicant_name').focus();
    await page.keyboard.type('075301002222||Trần Thị Bích Ngọc|01012001|Nữ|Tổ 3, ấp 2, xã Phú Hữu|01022022');
    await until(async () => (await page.locator('#applicant_name').inputValue()) === 'Trần Thị Bích Ngọc', 'the burst is taken once typing pauses');
    assert.equal(await page.locator('#applicant_id_number').inputValue(), '075301002222');
    assert.equal(await page.locator('#applicant_address').inputValue(), CARD.address, 'a filled field is not overwritten');
    assert.ok(await page.locator('#applicant_sex_male').isChecked(), 'a chosen sex is not overwritten');
  } finally {
    await context.close();
  }
});

test('a scanner not typing Unicode ("L? V?n H?ng"): nothing is filled, the clerk is told to switch the scanner to Unicode', async () => {
  assert.ok(app);
  const { browser, baseUrl } = app;
  // "Lê Văn Hùng", "Nữ", "12 Hai Bà Trưng" as a scanner in a code page without Vietnamese letters types them.
  const BROKEN = '075195001111||L? V?n H?ng|15031995|N?|12 Hai B? Tr?ng|20042021';
  const expected = scannerUnicodeMessage('L? V?n H?ng');
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'vi-VN', javaScriptEnabled });
    try {
      const page = await signIn(context);
      await page.goto(`/tiep-nhan/${PROCEDURE}`);
      await page.locator('#cccd_scan').focus();
      if (javaScriptEnabled) {
        await page.keyboard.insertText(BROKEN);
        await page.keyboard.press('Enter');
        await page.locator('#cccd_scan-status', { hasText: 'Unicode' }).waitFor();
        // The script's words are the server's (src/domain/cccd.ts), whichever way the scan is read.
        assert.equal(await page.locator('#cccd_scan-status').innerText(), expected);
        assert.doesNotMatch(await page.locator('#cccd_scan-status').innerText(), /Đã điền/);
        await waitForFocus(page, 'cccd_scan'); // ready for the scan again once the scanner is switched
      } else {
        await Promise.all([page.waitForURL(`**/tiep-nhan/${PROCEDURE}/kiem-tra#loi`), (async () => {
          await page.keyboard.insertText(BROKEN);
          await page.keyboard.press('Enter');
        })()]);
        assert.ok((await page.locator('#cccd_scan-error').innerText()).endsWith(expected), 'the server says the same');
        assert.match(await page.locator('.error-summary').innerText(), /chế độ gõ Unicode/);
        // A scan's own error leaves the focus in the scan field, for the next scan.
        assert.equal(await page.locator('#cccd_scan').getAttribute('autofocus'), '');
        assert.equal(await page.locator('.error-summary').getAttribute('autofocus'), null);
      }
      assert.equal(await page.locator('#applicant_name').inputValue(), '', 'the broken name is not filled in');
      assert.equal(await page.locator('#applicant_address').inputValue(), '');
      assert.equal(await page.locator('#cccd_scan').inputValue(), '');
    } finally {
      await context.close();
    }
  }
});

test('the check page by keyboard: "Thay đổi" goes back to its field; Enter on the unticked box is refused with the summary, nothing written; ticked, it confirms', async (t) => {
  assert.ok(app);
  const { ta, browser, baseUrl } = app;
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  try {
    const page = await signIn(context);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const toCheckPage = async () => {
      await Promise.all([page.waitForURL(`**/tiep-nhan/${PROCEDURE}/kiem-tra#loi`), page.keyboard.press('Enter')]);
      await page.getByRole('heading', { name: 'Kiểm tra thông tin trước khi tiếp nhận' }).waitFor();
      await waitForFocus(page, 'documents_checked');
    };
    await page.goto(`/tiep-nhan/${PROCEDURE}`);
    await waitForFocus(page, 'cccd_scan');
    await page.keyboard.insertText(QR);
    await page.keyboard.press('Enter');
    await waitForFocus(page, 'applicant_phone');
    await page.keyboard.type(PHONE);
    await toCheckPage();

    // "Thay đổi" on the sex row: the form, at that field, its radio focused; the answers kept.
    await Promise.all([page.waitForURL(`**/tiep-nhan/${PROCEDURE}/xac-nhan#applicant_sex_male`), page.getByRole('button', { name: 'Thay đổi giới tính' }).click()]);
    await waitForFocus(page, 'applicant_sex_male');
    assert.equal(await page.locator('#applicant_name').inputValue(), CARD.name);
    assert.equal(await page.locator('#applicant_phone').inputValue(), PHONE);
    // "Thay đổi" on a document row: its "Đã nhận" box.
    await toCheckPage();
    await Promise.all([page.waitForURL(`**/tiep-nhan/${PROCEDURE}/xac-nhan#doc_2_received`), page.locator('button[name="sua"][value="doc_2_received"]').click()]);
    await waitForFocus(page, 'doc_2_received');
    await toCheckPage();

    // From the first focusable of <main> (a "Thay đổi") to the button, for the record.
    await page.locator('main button[name="sua"]').first().focus();
    let fromTop = 0;
    while (fromTop < 40 && (await focusedId(page)) !== 'documents_checked') {
      await page.keyboard.press('Tab');
      fromTop++;
    }
    const before = Number((await ta.db('dossiers').count({ n: '*' }).first())?.n);
    // Enter on the unticked box: the page again, the summary focused, its link leads to the box.
    await Promise.all([page.waitForURL(`**/tiep-nhan/${PROCEDURE}/xac-nhan#loi`), page.keyboard.press('Enter')]);
    await waitForFocus(page, 'loi');
    assert.match(await page.locator('#loi').innerText(), /Đã kiểm tra đủ thành phần hồ sơ/);
    assert.equal(Number((await ta.db('dossiers').count({ n: '*' }).first())?.n), before, 'nothing written');
    await assertAccessible(page, 'intake check page refused without the box');
    await page.locator('#loi a[href="#documents_checked"]').click();
    await waitForFocus(page, 'documents_checked');
    // Space, Enter: received.
    await page.keyboard.press('Space');
    await Promise.all([page.waitForURL(/\/ho-so\/\d+\/da-tiep-nhan/), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' }).waitFor();
    assert.equal(Number((await ta.db('dossiers').count({ n: '*' }).first())?.n), before + 1);
    assert.deepEqual(pageErrors, []);
    t.diagnostic(`check page: ${fromTop} Tabs from the first "Thay đổi" to the box`);
  } finally {
    await context.close();
  }
});
