/**
 * The browser tests' common set-up: a test app on a free port with a headless Chromium, and
 * the axe check every visited page goes through.
 */
import assert from 'node:assert/strict';
// Named import: the package's "types" condition points at its CommonJS declarations, so
// under NodeNext a default import would type as the module object, not the class.
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildTestApp, listen, type TestApp } from './app.js';

/**
 * Chromium's headless shell (Debian's chromium-headless-shell: the same Blink and V8 without
 * the desktop browser around them), which is what Playwright itself runs headless tests on: the
 * browser group took 71 s of CPU on it against 127 s on the full browser. CHROMIUM_PATH names
 * another Chromium build, the full browser included.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserApp {
  ta: TestApp;
  /** The running server, e.g. http://127.0.0.1:41234 (also the app's public base URL). */
  baseUrl: string;
  browser: Browser;
  /** Closes the browser, the server and the database; never throws. */
  close(): Promise<void>;
}

/**
 * Builds the test app at `now`, runs `seed` on it (staff, fixtures), serves it, points the
 * public base URL (receipt QR, status links) at the server and launches Chromium. If a step
 * fails, what was started is closed before the error is rethrown.
 */
export async function startBrowserApp(opts: { now: Date; seed?: (ta: TestApp) => Promise<void> }): Promise<BrowserApp> {
  let ta: TestApp | undefined;
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    await ta?.cleanup().catch(() => {});
  };
  try {
    ta = await buildTestApp({ now: opts.now });
    await opts.seed?.(ta);
    server = await listen(ta.app);
    ta.config.server.publicBaseUrl = server.baseUrl;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    return { ta, baseUrl: server.baseUrl, browser, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Runs axe on the page; fails on any serious or critical violation, listing them. Lesser
 * (moderate, minor) findings are pushed to `minor`, when given, for the test to report as
 * diagnostics rather than failures.
 */
export async function assertAccessible(page: Page, label: string, minor?: string[]): Promise<void> {
  // Every rule runs and every violation is reported; `resultTypes` only stops axe from
  // collecting each node that passed (or needs review), which nothing here reads. Legacy
  // mode runs axe.run() in the page (and in its same-origin frames; the app's pages have
  // no frame from another origin) instead of axe.runPartial() per frame and axe.finishRun()
  // in a new blank page: the same rules on the same document, without opening a page per
  // check (on a test page 1.1–1.7 s per check against 0.5 s; the browser tests run 46).
  const results = await new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] }).analyze();
  const targets = (v: (typeof results.violations)[number]) => v.nodes.map((n) => n.target.join(' ')).join(', ');
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') minor?.push(`axe ${label}: [${v.impact ?? 'unknown'}] ${v.id} on ${targets(v)}`);
  }
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad
    .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`.replace(/\n/g, ' ')).join('\n')}`)
    .join('\n');
  assert.equal(bad.length, 0, `axe on ${label} (${page.url()}):\n${report}`);
}

/** The id of the focused element ('' for none). */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');
}

/** Polls a condition (the page's CSP forbids evaluating strings in waitForFunction). */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until the field with this id has the focus, as a person waits for the cursor before
 * typing (autofocus lands once the page has loaded, later on a busy machine); fails if it never does.
 */
export async function waitForFocus(page: Page, id: string, timeoutMs = 5000): Promise<void> {
  await until(async () => (await focusedId(page)) === id, `the focus on #${id} (it is on #${await focusedId(page)})`, timeoutMs);
}
