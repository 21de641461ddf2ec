/**
 * An office's day, in a real browser (issue 12, "Done means"): the clerk files a dossier by
 * CCCD scan; it appears in the officer's queue with no other step; the citizen's outbox holds
 * the electronic receipt; the officer takes it and requests a supplement, and the outbox
 * holds that message with the items; the clerk records the supplement; the officer marks the
 * result ready and the citizen is told; the clerk hands it back. At every step the public
 * status page and the staff page show the same appointment.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { vnInstant } from '../../src/domain/time.js';
import { paths } from '../../src/web/paths.js';
import { createStaff, PASSWORD } from '../helpers/app.js';
import { startBrowserApp, waitForFocus, type BrowserApp } from '../helpers/browser.js';

// The demo's ward (seeds/demo.ts): its clerk and its officer.
const WARD = '000.31.01.H26';
const PROCEDURE = '1.004222'; // Đăng ký thường trú, 7 working days, processed by the ward itself
const CARD = { id: '075095001111', name: 'Nguyễn Văn An', address: '45 Lê Lợi, phường Trấn Biên, tỉnh Đồng Nai' };
const QR = `${CARD.id}||${CARD.name}|15031995|Nam|${CARD.address}|20042021`;
const PHONE = '0909123456';
const ITEMS = ['Bản sao giấy chứng nhận quyền sử dụng đất', 'Văn bản đồng ý của chủ hộ'];

let app: BrowserApp | undefined;

before(async () => {
  // Monday 23 November 2026, 09:00 in Vietnam.
  app = await startBrowserApp({
    now: vnInstant('2026-11-23', '09:00'),
    seed: async (ta) => {
      await createStaff(ta.db, 'tiepnhan', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
      await createStaff(ta.db, 'chuyenvien', 'officer', WARD, 'Trần Minh Khoa');
    },
  });
});

after(() => app?.close());

async function logIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith(paths.login)), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
}

async function signIn(context: BrowserContext, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(paths.login);
  await logIn(page, username);
  return page;
}

/** Opens a staff page; a session that ran out overnight signs in again (and comes back). */
async function visit(page: Page, username: string, url: string): Promise<void> {
  await page.goto(url);
  if (new URL(page.url()).pathname === paths.login) await logIn(page, username);
  assert.equal(new URL(page.url()).pathname, url.split('?')[0], `${username} is on ${url}`);
}

/** "17:00, Thứ Hai 23/11/2026": the appointment as the pages write it. */
const DATE_TIME = /\d{2}:\d{2}, [^\d,]+ \d{2}\/\d{2}\/\d{4}/u;

/** The first date and time shown beside "Hẹn trả kết quả" on the page. */
async function appointmentOn(page: Page): Promise<string> {
  const row = page.locator('dl div').filter({ has: page.locator('dt', { hasText: /^\s*Hẹn trả kết quả\s*$/ }) }).first();
  const text = (await row.locator('dd').innerText()).replace(/\s+/g, ' ');
  const m = DATE_TIME.exec(text);
  assert.ok(m, `an appointment beside "Hẹn trả kết quả" on ${page.url()}: "${text}"`);
  return m[0];
}

/** Submits one action panel of the dossier page and waits for the page it leads to. */
async function act(page: Page, action: string, note?: string, reason?: string): Promise<void> {
  const panel = page.locator(`#action-${action}`);
  assert.equal(await panel.count(), 1, `the dossier page offers "${action}" (${page.url()})`);
  await panel.locator('summary').click();
  if (note !== undefined) await panel.locator('textarea[name="note"]').fill(note);
  if (reason !== undefined) await panel.locator('textarea[name="reason"]').fill(reason);
  const navigated = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
  await panel.locator('button[type="submit"]').click();
  await navigated;
  await page.waitForLoadState('load');
  const error = page.locator('.error-summary');
  assert.equal(await error.count(), 0, `no error after "${action}": ${(await error.allInnerTexts()).join(' ')}`);
}

test('an office day: scan at the counter → officer’s queue → supplement → result → handed back, the citizen told at every step', async (t) => {
  assert.ok(app);
  const { ta, browser, baseUrl } = app;
  const db = ta.db;
  const clerkContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const officerContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const citizenContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 360, height: 740 }, isMobile: true, locale: 'vi-VN' });
  try {
    const clerk = await signIn(clerkContext, 'tiepnhan');
    const officer = await signIn(officerContext, 'chuyenvien');
    const citizen = await citizenContext.newPage();

    const outbox = async (dossierId: number, template: string) =>
      (await db('outbox_messages').where({ dossier_id: dossierId, template }).select('channel', 'data')) as Array<{ channel: string; data: string }>;
    let token = '';
    let dossierId = 0;
    /** The staff page and the public page agree on the appointment. */
    const agree = async (step: string): Promise<string> => {
      await visit(clerk, 'tiepnhan', paths.dossiers.show(dossierId));
      const staff = await appointmentOn(clerk);
      await citizen.goto(paths.publicStatus.page(token));
      const shown = await appointmentOn(citizen);
      t.diagnostic(`${step}: staff page ${staff}, status page ${shown}`);
      assert.equal(shown, staff, `${step}: the status page and the staff page show the same appointment`);
      return staff;
    };

    // ---- The clerk files the dossier by scan.
    // As a clerk does, type once the cursor is in the field (autofocus lands after the page loads).
    const focusOn = (id: string) => waitForFocus(clerk, id);
    await clerk.goto(paths.intake.start);
    await focusOn('q');
    await clerk.keyboard.type(PROCEDURE);
    await Promise.all([clerk.waitForURL(`**${paths.intake.form(PROCEDURE)}`), clerk.keyboard.press('Enter')]);
    await focusOn('cccd_scan');
    await clerk.keyboard.type(QR); // the scanner, in the focused scan field
    await clerk.keyboard.press('Enter');
    await clerk.locator('#cccd_scan-status', { hasText: 'Đã điền thông tin từ thẻ CCCD' }).waitFor();
    assert.equal(await clerk.locator('#applicant_name').inputValue(), CARD.name, 'filled from the scan');
    await clerk.keyboard.type(PHONE);
    await Promise.all([clerk.waitForURL(`**${paths.intake.check(PROCEDURE)}#loi`), clerk.keyboard.press('Enter')]);
    await focusOn('documents_checked'); // the check page: the one "Đã kiểm tra đủ thành phần hồ sơ" box
    await clerk.keyboard.press('Space');
    await Promise.all([clerk.waitForURL(/\/ho-so\/\d+\/da-tiep-nhan/), clerk.getByRole('button', { name: 'Xác nhận tiếp nhận' }).click()]);
    const code = (await clerk.locator('.dossier-code').innerText()).trim();
    dossierId = Number(/\/ho-so\/(\d+)\//.exec(clerk.url())![1]);
    const row = await db('dossiers').where({ id: dossierId }).first('public_token', 'applicant_id_number', 'status');
    token = String(row.public_token);
    assert.equal(row.applicant_id_number, CARD.id);
    const atIntake = await appointmentOn(clerk);

    // ---- The citizen's outbox holds the electronic receipt.
    assert.ok((await outbox(dossierId, 'receipt')).length >= 1, 'the receipt is in the outbox at intake');
    assert.equal(await agree('received'), atIntake, 'the pages show the appointment of the confirmation');

    // ---- The officer finds it waiting in their queue, with no other step, and takes it.
    ta.clock.set(vnInstant('2026-11-23', '09:30'));
    await visit(officer, 'chuyenvien', paths.queue);
    const queueRow = officer.locator('tr', { hasText: code });
    assert.equal(await queueRow.count(), 1, `dossier ${code} is in the officer's queue`);
    const navigated = officer.waitForEvent('framenavigated', (f) => f === officer.mainFrame());
    await queueRow.getByRole('button', { name: /Nhận xử lý/ }).click();
    await navigated;
    await officer.waitForLoadState('load');
    const taken = await db('dossiers as d').join('users as u', 'u.id', 'd.assigned_to').where('d.id', dossierId).first('d.status', 'u.username');
    assert.deepEqual({ status: taken?.status, by: taken?.username }, { status: 'in_progress', by: 'chuyenvien' }, 'taken by the officer');
    await agree('taken');

    // ---- The officer requests a supplement: the citizen's outbox has the items.
    ta.clock.set(vnInstant('2026-11-23', '10:00'));
    await visit(officer, 'chuyenvien', paths.dossiers.show(dossierId));
    await act(officer, 'request_supplement', ITEMS.join('\n'), 'Hồ sơ thiếu giấy tờ chứng minh chỗ ở hợp pháp theo Điều 21 Luật Cư trú');
    assert.equal((await db('dossiers').where({ id: dossierId }).first('status')).status, 'awaiting_supplement');
    const supplement = await outbox(dossierId, 'supplement_request');
    assert.ok(supplement.length >= 1, 'the supplement request is in the outbox');
    for (const item of ITEMS) assert.ok(supplement.every((m) => m.data.includes(item)), `the message lists "${item}"`);
    await agree('awaiting supplement');

    // ---- The clerk records the supplement.
    // Two days later (the clock stood still meanwhile: the appointment moves).
    ta.clock.set(vnInstant('2026-11-25', '09:00'));
    await visit(clerk, 'tiepnhan', paths.dossiers.show(dossierId));
    await act(clerk, 'receive_supplement');
    assert.equal((await db('dossiers').where({ id: dossierId }).first('status')).status, 'in_progress');
    const afterSupplement = await agree('supplement received');
    assert.notEqual(afterSupplement, atIntake, 'the paused days push the appointment back');

    // ---- The officer marks the result ready; the citizen is told.
    ta.clock.set(vnInstant('2026-11-27', '14:00'));
    await visit(officer, 'chuyenvien', paths.dossiers.show(dossierId));
    await act(officer, 'mark_result_ready');
    assert.equal((await db('dossiers').where({ id: dossierId }).first('status')).status, 'result_ready');
    assert.ok((await outbox(dossierId, 'result_ready')).length >= 1, 'the result notice is in the outbox');
    await agree('result ready');

    // ---- The clerk hands it back.
    ta.clock.set(vnInstant('2026-11-27', '15:30'));
    await visit(clerk, 'tiepnhan', paths.dossiers.show(dossierId));
    await act(clerk, 'return_result', `${CARD.name}, CCCD ${CARD.id}`);
    assert.equal((await db('dossiers').where({ id: dossierId }).first('status')).status, 'returned');
    await agree('returned');
  } finally {
    await clerkContext.close();
    await officerContext.close();
    await citizenContext.close();
  }
});
