/**
 * A citizen's question, in a real browser (issue 14): on a phone-sized screen with
 * JavaScript switched off, the citizen opens the status page of their dossier, asks a
 * question by submitting the form and sees it listed; the officer signs in, opens the inbox
 * "Câu hỏi của công dân" and answers from the dossier page; the citizen reloads and sees the
 * answer signed "Cán bộ xử lý", never the officer's name. Every page passes axe (the status
 * page is checked in a second phone context with JavaScript on, since axe runs in the page).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { vnInstant } from '../../src/domain/time.js';
import { paths } from '../../src/web/paths.js';
import { createStaff, PASSWORD } from '../helpers/app.js';
import { assertAccessible, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { insertDossier } from '../helpers/fixtures.js';

const WARD = '000.31.01.H26';
const OFFICER_NAME = 'Trần Minh Khoa';
const QUESTION = 'Hồ sơ của tôi còn thiếu giấy tờ gì không ạ?';
const ANSWER = 'Hồ sơ đã đủ giấy tờ, đang được thẩm định; Ông/Bà nhận kết quả đúng ngày hẹn.';

let app: BrowserApp | undefined;
let token = '';
let dossierId = 0;

before(async () => {
  // Monday 23 November 2026, 09:00 in Vietnam.
  app = await startBrowserApp({
    now: vnInstant('2026-11-23', '09:00'),
    seed: async (ta) => {
      const clerk = await createStaff(ta.db, 'tiepnhan', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
      const officer = await createStaff(ta.db, 'chuyenvien', 'officer', WARD, OFFICER_NAME);
      dossierId = await insertDossier(ta.db, clerk, { received: '2026-11-20', due: '2026-11-27', status: 'in_progress' });
      await ta.db('dossiers').where({ id: dossierId }).update({ assigned_to: officer });
      token = (await ta.db('dossiers').where({ id: dossierId }).first('public_token')).public_token;
    },
  });
});

after(() => app?.close());

test('a citizen asks on a phone without JavaScript; the officer answers from the inbox; the answer is signed “Cán bộ xử lý”', async () => {
  const a = app!;
  const phone = await a.browser.newContext({ baseURL: a.baseUrl, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, javaScriptEnabled: false, locale: 'vi-VN' });
  // axe runs scripts in the page: the same phone with JavaScript on checks what the citizen sees.
  const checker = await a.browser.newContext({ baseURL: a.baseUrl, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
  const office = await a.browser.newContext({ baseURL: a.baseUrl, viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  for (const c of [phone, checker, office]) c.setDefaultTimeout(20_000);
  const check = await checker.newPage();
  const checkStatusPage = async (label: string) => {
    await check.goto(paths.publicStatus.page(token));
    await assertAccessible(check, label);
    // Nothing wider than the phone's screen.
    const overflow = await check.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.ok(Number(overflow) <= 1, `the status page fits 360 px (${String(overflow)} px too wide)`);
  };
  try {
    const citizen = await phone.newPage();
    await citizen.goto(paths.publicStatus.page(token));
    await checkStatusPage('the status page on a phone');
    await citizen.getByLabel('Câu hỏi của Ông/Bà').fill(QUESTION);
    await Promise.all([citizen.waitForURL((u) => u.pathname === paths.publicStatus.page(token)), citizen.getByRole('button', { name: 'Gửi câu hỏi' }).click()]);
    const thread = citizen.locator('#cau-hoi .question-thread');
    assert.equal(await thread.getByText(QUESTION).count(), 1, 'the question is listed');
    assert.match(await thread.innerText(), /Đang chờ cán bộ xử lý trả lời\./);
    await checkStatusPage('the status page after asking');

    // The officer, an hour later.
    a.ta.clock.set(vnInstant('2026-11-23', '10:00'));
    const staff = await office.newPage();
    await staff.goto(paths.login);
    await staff.getByLabel('Tên đăng nhập').fill('chuyenvien');
    await staff.getByLabel('Mật khẩu').fill(PASSWORD);
    await Promise.all([staff.waitForURL((u) => !u.pathname.startsWith(paths.login)), staff.getByRole('button', { name: 'Đăng nhập' }).click()]);
    await Promise.all([staff.waitForURL((u) => u.pathname === paths.questions.inbox), staff.getByRole('link', { name: 'Câu hỏi của công dân' }).first().click()]);
    await assertAccessible(staff, 'the questions inbox');
    const row = staff.locator('#question-inbox tbody tr').filter({ hasText: QUESTION });
    assert.equal(await row.count(), 1, 'the question is in the inbox');
    assert.match(await row.innerText(), /\tBạn$/m, 'marked as the officer’s own (addressed as "bạn", issue 20)');
    await Promise.all([staff.waitForURL((u) => u.pathname === paths.dossiers.show(dossierId)), row.getByRole('link').first().click()]);
    const item = staff.locator('.question-item').filter({ hasText: QUESTION });
    await item.getByLabel('Trả lời công dân', { exact: true }).fill(ANSWER);
    await assertAccessible(staff, 'the dossier page with the question');
    const navigated = staff.waitForEvent('framenavigated', (f) => f === staff.mainFrame());
    await item.getByRole('button', { name: 'Gửi' }).click();
    await navigated;
    await staff.waitForLoadState();
    assert.match(await staff.locator('body').innerText(), /Đã gửi câu trả lời cho công dân/);
    await staff.goto(paths.questions.inbox);
    assert.equal(await staff.locator('#question-inbox tbody tr').filter({ hasText: QUESTION }).count(), 0, 'answered: out of the inbox');

    // The citizen reloads.
    await citizen.reload();
    const answer = citizen.locator('#cau-hoi .question-answer');
    assert.equal(await answer.count(), 1);
    const text = await answer.innerText();
    assert.match(text, /Cán bộ xử lý trả lời lúc/);
    assert.ok(text.includes(ANSWER));
    assert.ok(!(await citizen.content()).includes(OFFICER_NAME), 'the officer’s name is never on the public page');
    await checkStatusPage('the status page with the answer');
  } finally {
    await phone.close();
    await checker.close();
    await office.close();
  }
});
