/**
 * Online pre-submission in a real browser (issue 24 §1): a citizen on a 360 px phone, without
 * JavaScript, files a "Đăng ký thường trú" with two photos and a PDF and gets the code and the
 * QR; the clerk scans the QR (the scanner types the tracking link into the lookup), checks each
 * original against its file, receives; the dossier's clock starts at receipt (channel online).
 * axe finds nothing serious on the form, the tracking page, the queue and the registration.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { agencyId, createStaff, PASSWORD } from '../helpers/app.js';
import { assertAccessible, startBrowserApp, type BrowserApp } from '../helpers/browser.js';

const PROCEDURE = '1.004222';
let app: BrowserApp | undefined;
let dir = '';

before(async () => {
  app = await startBrowserApp({
    now: vnInstant('2026-12-14', '09:00'),
    seed: async (ta) => {
      await createStaff(ta.db, 'clerk1', 'clerk', '000.31.01.H26', 'Nguyễn Thị Thu Hà');
      await ta.db('procedures').where({ code: PROCEDURE }).update({ online_level: 'partial' });
    },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-online-'));
  const sharp = (await import('sharp')).default;
  for (const [name, r] of [['cho-o.jpg', 200], ['cccd.jpg', 40]] as const) {
    await sharp({ create: { width: 1500, height: 2000, channels: 3, background: { r, g: 140, b: 90 } } }).jpeg().toFile(path.join(dir, name));
  }
  fs.writeFileSync(path.join(dir, 'to-khai.pdf'), '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
});
after(async () => {
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('360 px phone without JavaScript: file with two photos and a PDF → code and QR; the clerk scans, checks, receives; the clock starts then; axe clean', async () => {
  assert.ok(app);
  const minor: string[] = [];
  const phone = await app.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'vi-VN', javaScriptEnabled: false, baseURL: app.baseUrl });
  const page = await phone.newPage();
  // axe runs as a script: the same pages are checked in a phone with JavaScript on (the pages carry none).
  const viewer = await app.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'vi-VN', baseURL: app.baseUrl });
  const axePage = await viewer.newPage();
  const checkAxe = async (url: string, label: string) => {
    await axePage.goto(url);
    await assertAccessible(axePage, label, minor);
  };
  const noSidewaysScroll = async (label: string) => assert.ok(await axePage.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1'), `${label}: no horizontal scroll at 360 px`);
  const wardId = await agencyId(app.ta.db, '000.31.01.H26');
  try {
    await page.goto(`/nop-truc-tuyen/${PROCEDURE}`);
    await checkAxe(`/nop-truc-tuyen/${PROCEDURE}`, 'the form');
    await noSidewaysScroll('the form');
    await page.getByLabel(/Phường Trấn Biên|UBND phường Trấn Biên/i).first().check();
    await page.getByLabel('Họ và tên').fill('Lê Thị Mai');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('075190004321');
    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByLabel('Địa chỉ liên hệ').fill('45 Võ Thị Sáu, phường Trấn Biên');
    const inputs = page.locator('input[type=file]');
    assert.equal(await inputs.count(), 3);
    await inputs.nth(0).setInputFiles(path.join(dir, 'to-khai.pdf'));
    await inputs.nth(1).setInputFiles(path.join(dir, 'cho-o.jpg'));
    await inputs.nth(2).setInputFiles(path.join(dir, 'cccd.jpg'));
    await Promise.all([page.waitForURL(/\/nop-truc-tuyen\/theo-doi\//), page.getByRole('button', { name: 'Gửi hồ sơ' }).click()]);
    const code = ((await page.locator('.online-code').textContent()) ?? '').trim();
    assert.match(code, /^TT-261214-[0-9A-Z]{6}$/);
    assert.ok(await page.locator('img.online-qr').isVisible());
    const trackUrl = page.url().replace(/#.*$/, ''); // the form's #loi anchor carries over the redirect
    await checkAxe(trackUrl, 'the tracking page');
    await noSidewaysScroll('tracking page');
    assert.equal(await app.ta.db('dossiers').where({ channel: 'online' }).count({ n: '*' }).first().then((r) => Number(r!.n)), 0, 'no dossier, no clock yet');

    // The next morning at the counter.
    app.ta.clock.set(vnInstant('2026-12-15', '08:15'));
    const counter = await app.browser.newContext({ locale: 'vi-VN', baseURL: app.baseUrl });
    const clerk = await counter.newPage();
    await clerk.goto('/dang-nhap');
    await clerk.getByLabel('Tên đăng nhập').fill('clerk1');
    await clerk.getByLabel('Mật khẩu').fill(PASSWORD);
    await Promise.all([clerk.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')), clerk.getByRole('button', { name: 'Đăng nhập' }).click()]);
    await clerk.getByRole('link', { name: 'Nộp trực tuyến' }).click();
    await clerk.waitForURL(/\/truc-tuyen$/);
    assert.match((await clerk.locator('#cho-doi-chieu').textContent()) ?? '', new RegExp(code));
    await assertAccessible(clerk, 'the queue', minor);
    // The scanner types the QR's text (the tracking link) and Enter.
    await clerk.getByLabel('Mã đăng ký hoặc mã QR').fill(trackUrl);
    await Promise.all([clerk.waitForURL(/\/truc-tuyen\/\d+$/), clerk.getByLabel('Mã đăng ký hoặc mã QR').press('Enter')]);
    await assertAccessible(clerk, 'the registration', minor);
    assert.equal(await clerk.getByRole('link', { name: /Xem tệp/ }).count(), 3);
    for (const box of await clerk.getByRole('checkbox', { name: /Đã đối chiếu/ }).all()) await box.check();
    await Promise.all([clerk.waitForURL(/\/ho-so\/\d+\/da-tiep-nhan(#.*)?$/), clerk.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click()]);
    const d = await app.ta.db('dossiers').where({ channel: 'online' }).first('received_at', 'agency_id', 'applicant_name');
    assert.equal(new Date(d.received_at).getTime(), vnInstant('2026-12-15', '08:15').getTime(), 'the clock starts at receipt');
    assert.equal(d.agency_id, wardId);
    assert.equal(Number((await app.ta.db('dossier_files').count({ n: '*' }).first())!.n), 3);
    await counter.close();

    // The citizen's page now says received and links the dossier's status page.
    assert.deepEqual(await app.ta.db('presubmissions').select('status', 'public_token'), [{ status: 'received', public_token: trackUrl.split('/').pop() }]);
    await checkAxe(trackUrl, 'the tracking page, received');
    assert.match((await axePage.locator('.online-status').textContent()) ?? '', /Đã tiếp nhận/);
    assert.equal(await axePage.getByRole('link', { name: 'Xem tình trạng giải quyết hồ sơ' }).count(), 1);
  } finally {
    await phone.close();
    await viewer.close();
  }
  for (const m of minor) console.log(m);
});
