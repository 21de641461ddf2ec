/**
 * The staff navigation at 1366×768 (a common office screen), for every role: its links sit
 * on one line, and the signed-in member of staff's name and "Đăng xuất" stay visible. One
 * browser for all roles; each role signs in in its own context and opens its home page.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { vnInstant } from '../../src/domain/time.js';
import { paths } from '../../src/web/paths.js';
import { createStaff, PASSWORD } from '../helpers/app.js';
import { assertAccessible, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { receive, staffUser } from '../helpers/portal-world.js';
import { services } from '../../src/services.js';

const WARD = '000.31.01.H26';
const CENTRE = '000.00.01.H26';

/** Every role, with long but real names (the name is part of the header). */
const ROLES = [
  { username: 'clerk', role: 'clerk', agency: WARD, name: 'Nguyễn Thị Thu Hà' },
  { username: 'officer', role: 'officer', agency: WARD, name: 'Trần Minh Khoa' },
  { username: 'head', role: 'supervisor', agency: WARD, name: 'Phạm Thị Phương Lan' },
  { username: 'control', role: 'supervisor', agency: CENTRE, name: 'Hoàng Minh Châu' },
  { username: 'admin', role: 'admin', agency: CENTRE, name: 'Lê Quản Trị' },
] as const;

let app: BrowserApp | undefined;

before(async () => {
  app = await startBrowserApp({
    now: vnInstant('2026-12-01', '09:00'),
    seed: async (ta) => {
      for (const r of ROLES) await createStaff(ta.db, r.username, r.role, r.agency, r.name);
    },
  });
});

after(() => app?.close());

interface NavBox {
  /** Top and height of every item of the navigation list. */
  tops: number[];
  heights: number[];
  /** Height of the navigation list itself. */
  listHeight: number;
  userVisible: boolean;
  logoutVisible: boolean;
}

test('at 1366 px the staff navigation is one line for every role', async () => {
  assert.ok(app);
  const { browser, baseUrl } = app;
  for (const r of ROLES) {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await page.goto(paths.login);
      await page.getByLabel('Tên đăng nhập').fill(r.username);
      await page.getByLabel('Mật khẩu').fill(PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith(paths.login)), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
      // Expressions as strings: the tests compile without the DOM library.
      const box = await page.evaluate<NavBox>(`(() => {
        const list = document.querySelector('nav[aria-label="Chức năng"] ul');
        const items = list ? [...list.children] : [];
        const visible = (el) => !!el && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right <= window.innerWidth;
        const logout = [...document.querySelectorAll('.site-header button')].find((b) => b.textContent.trim() === 'Đăng xuất');
        const user = [...document.querySelectorAll('.site-header *')].find((e) => e.children.length === 0 && e.textContent.includes(${JSON.stringify(r.name)}));
        return {
          tops: items.map((a) => Math.round(a.getBoundingClientRect().top)),
          heights: items.map((a) => Math.round(a.getBoundingClientRect().height)),
          listHeight: list ? Math.round(list.getBoundingClientRect().height) : 0,
          userVisible: visible(user),
          logoutVisible: visible(logout),
        };
      })()`);
      assert.ok(box.tops.length >= 4, `${r.username}: the navigation has its links (${box.tops.length})`);
      const lineHeight = Math.max(...box.heights);
      const what = `${r.username} (${r.role}, ${r.agency}): tops ${box.tops.join(', ')}; heights ${box.heights.join(', ')}; list ${box.listHeight} px`;
      assert.ok(lineHeight < 40, `one item is one line: ${what}`);
      assert.ok(Math.max(...box.tops) - Math.min(...box.tops) < lineHeight / 2, `the navigation wraps: ${what}`);
      assert.ok(box.listHeight < 2 * lineHeight, `the navigation is more than one line high: ${what}`);
      assert.ok(box.userVisible, `${r.username}: the signed-in name is in view`);
      assert.ok(box.logoutVisible, `${r.username}: "Đăng xuất" is in view`);
    } finally {
      await context.close();
    }
  }
});

test('the administrator’s national portal and API pages at 1366 px: axe clean, a held row says what to fix, a new key is shown once', async (t) => {
  assert.ok(app);
  const { browser, baseUrl, ta } = app;
  // A dossier received through the services: its change waits for the ward's unit code.
  const svc = services(ta.deps);
  const clerk = await staffUser(ta.db, 'portal-clerk', 'clerk', 'Nguyễn Văn Tiếp');
  const dossierId = await receive(svc, clerk, 'Trần Thị Bích');
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const minor: string[] = [];
  try {
    const page = await context.newPage();
    await page.goto(paths.login);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith(paths.login)), page.getByRole('button', { name: 'Đăng nhập' }).click()]);

    await page.goto(paths.admin.portal);
    await assertAccessible(page, 'portal sync page', minor);
    assert.match(await page.locator('main').innerText(), /chưa có mã đơn vị/);
    await page.goto(paths.admin.portalStatusMap);
    await assertAccessible(page, 'portal status map', minor);
    await page.goto(paths.dossiers.show(dossierId));
    assert.match(await page.locator('main').innerText(), /Đồng bộ Cổng DVCQG/);
    await assertAccessible(page, 'dossier page with its sync panel', minor);
    await page.goto('/bao-cao/dong-bo-dvcqg');
    await assertAccessible(page, 'portal sync report', minor);

    await page.goto(paths.admin.newApiKey);
    await assertAccessible(page, 'new API key form', minor);
    await page.getByLabel('Tên hệ thống dùng khóa').fill('Hệ thống báo cáo tỉnh');
    await page.getByLabel('Mọi cơ quan').check();
    await Promise.all([page.waitForURL(/\/quan-tri\/khoa-api\/\d+/), page.getByRole('button', { name: 'Tạo khóa' }).click()]);
    const shown = await page.locator('main').innerText();
    assert.match(shown, /mc_[0-9a-f]{10}_[A-Za-z0-9_-]{43}/, 'the key is shown once, on its page');
    await assertAccessible(page, 'API key shown once', minor);
    await page.reload();
    assert.doesNotMatch(await page.locator('main').innerText(), /mc_[0-9a-f]{10}_[A-Za-z0-9_-]{43}/, 'and never again');
    await page.goto(paths.admin.apiKeys);
    await assertAccessible(page, 'API keys list', minor);
  } finally {
    await context.close();
  }
  for (const m of minor) t.diagnostic(m);
});
