/**
 * A petition from filing to its published answer, in a real browser (issue 15): a citizen
 * files on a phone-sized screen and gets the tracking code; the control unit (a supervisor
 * of the province centre) forwards it to the ward; the ward's officer drafts the answer;
 * the head approves it; the citizen reads the published answer, which carries none of
 * their personal data. Each page passes axe.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { vnInstant } from '../../src/domain/time.js';
import { paths } from '../../src/web/paths.js';
import { createStaff, PASSWORD } from '../helpers/app.js';
import { assertAccessible, startBrowserApp, type BrowserApp } from '../helpers/browser.js';

const WARD = '000.31.01.H26';
const CENTRE = '000.00.01.H26';
const SENDER = { name: 'Trần Thị Bích Ngọc', address: '27 Phan Chu Trinh, phường Trấn Biên, tỉnh Đồng Nai', phone: '0908765432', email: 'ngoc.tran@example.vn' };
const CONTENT = `Tôi là ${SENDER.name}, ở 27 Phan Chu Trinh. Sáng thứ Hai tôi chờ ở Bộ phận Một cửa phường hơn hai giờ mà chỉ có một quầy tiếp nhận. Đề nghị bố trí thêm cán bộ. Liên hệ ${SENDER.phone}.`;
const ANSWER = `Kính gửi bà ${SENDER.name}: từ ngày 07/12/2026 phường bố trí thêm một quầy tiếp nhận vào buổi sáng thứ Hai. Cảm ơn bà đã phản ánh.`;

let app: BrowserApp | undefined;
const minor: string[] = [];

before(async () => {
  // Tuesday 1 December 2026, 09:00 in Vietnam.
  app = await startBrowserApp({
    now: vnInstant('2026-12-01', '09:00'),
    seed: async (ta) => {
      await createStaff(ta.db, 'kiemsoat', 'supervisor', CENTRE, 'Hoàng Minh Châu');
      await createStaff(ta.db, 'chuyenvien', 'officer', WARD, 'Trần Minh Khoa');
      await createStaff(ta.db, 'lanhdao', 'supervisor', WARD, 'Phạm Thị Lan');
    },
  });
});

after(async () => {
  if (minor.length) console.log(minor.join('\n'));
  await app?.close();
});

async function staffPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: app!.baseUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(paths.login);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith(paths.login)), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  return page;
}

/** Opens one action panel of the petition page, fills it, submits it and waits for the page after. */
async function act(page: Page, action: string, fill: (panel: ReturnType<Page['locator']>) => Promise<void> = async () => {}): Promise<void> {
  const panel = page.locator(`#action-${action}`);
  assert.equal(await panel.count(), 1, `the petition page offers "${action}" (${page.url()})`);
  await panel.locator('summary').click();
  await fill(panel);
  await Promise.all([page.waitForURL((u) => u.searchParams.get('xong') === action), panel.locator('button[type="submit"]').click()]);
  await assertAccessible(page, `after ${action}`, minor);
}

test('a petition filed on a phone, forwarded, drafted, approved and published without personal data', async () => {
  const browser = app!.browser;
  // The citizen, on a phone.
  const phone = await (await browser.newContext({ baseURL: app!.baseUrl, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' })).newPage();
  await phone.goto(paths.petitions.form);
  await assertAccessible(phone, 'the public form', minor);
  await phone.locator('#loai_handling').check();
  await phone.locator('#noi_dung').fill(CONTENT);
  await phone.locator('#ho_ten').fill(SENDER.name);
  await phone.locator('#dia_chi').fill(SENDER.address);
  await phone.locator('#dien_thoai').fill(SENDER.phone);
  await phone.locator('#email').fill(SENDER.email);
  // Not ticked: the answer is published anyway (art. 19), her name hidden too.
  await Promise.all([phone.waitForURL((u) => u.pathname.startsWith('/phan-anh-kien-nghi/da-nhan/')), phone.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click()]);
  const code = (await phone.locator('.petition-code').innerText()).trim();
  assert.match(code, /^PAKN-261201-\d{4}$/);
  await assertAccessible(phone, 'the acknowledgement', minor);

  // The control unit forwards it to the ward.
  const control = await staffPage(browser, 'kiemsoat');
  await control.goto(paths.petitions.staffList);
  await assertAccessible(control, 'the control unit’s list', minor);
  await Promise.all([control.waitForURL((u) => /^\/xu-ly-pakn\/\d+$/.test(u.pathname)), control.getByRole('link', { name: code }).click()]);
  const petitionUrl = new URL(control.url()).pathname;
  assert.match(await control.locator('#petition-sender').innerText(), new RegExp(SENDER.name));
  await act(control, 'forward', async (panel) => {
    await panel.getByLabel('Phân loại (lĩnh vực, nội dung phản ánh)').fill('Tổ chức tiếp nhận hồ sơ');
    await panel.getByLabel('Cơ quan có thẩm quyền xử lý').selectOption({ label: 'Trung tâm Phục vụ hành chính công phường Trấn Biên' });
  });
  assert.match(await control.locator('#petition-status').innerText(), /Đã chuyển cơ quan có thẩm quyền/);

  // The ward's officer drafts; the head approves.
  const officer = await staffPage(browser, 'chuyenvien');
  await officer.goto(paths.petitions.staffList);
  await Promise.all([officer.waitForURL((u) => u.pathname === petitionUrl), officer.getByRole('link', { name: code }).click()]);
  await assertAccessible(officer, 'the officer’s petition page', minor);
  assert.equal(await officer.locator('#action-approve').count(), 0, 'an officer does not approve');
  await act(officer, 'draft', async (panel) => {
    await panel.locator('textarea[name="noi_dung_tra_loi"]').fill(ANSWER);
    await panel.locator('#ket_qua-explain').check();
  });
  const head = await staffPage(browser, 'lanhdao');
  await head.goto(petitionUrl);
  assert.match(await head.locator('#petition-draft').innerText(), /phường bố trí thêm một quầy/);
  // The head sees what the anonymiser suspects, marked, and confirms the proposed published texts.
  await head.locator('#action-approve summary').click();
  assert.match(await head.locator('#pii-content').innerText(), /Trần Thị Bích Ngọc \(họ tên\)/);
  assert.match(await head.locator('#pii-answer').innerText(), /Trần Thị Bích Ngọc \(họ tên\)/);
  assert.match(await head.locator('#action-approve textarea[name="tra_loi_cong_khai"]').inputValue(), /Kính gửi bà \[người phản ánh\]/);
  await assertAccessible(head, 'the approval form with its marked preview', minor);
  await head.locator('#action-approve summary').click();
  await act(head, 'approve', async (panel) => {
    await panel.getByLabel(/Tôi đã kiểm tra/).check();
  });
  assert.match(await head.locator('#petition-status').innerText(), /Đã trả lời/);

  // The citizen reads the published answer: no name, address, phone or e-mail.
  await phone.goto(paths.petitions.publishedOne(code));
  await assertAccessible(phone, 'the published answer', minor);
  const published = await phone.locator('main').innerText();
  assert.match(published, /phường bố trí thêm một quầy tiếp nhận/);
  for (const personal of [SENDER.name, '27 Phan Chu Trinh', SENDER.phone, '0908 765 432', SENDER.email]) assert.ok(!published.includes(personal), `the published page hides ${personal}`);
  const notices = await app!.ta.db('outbox_messages').where({ template: 'petition_answered' }).pluck('recipient');
  assert.deepEqual(notices.sort(), [SENDER.phone, SENDER.email].sort());
});
