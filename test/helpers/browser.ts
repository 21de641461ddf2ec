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

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
    ta.config.publicBaseUrl = server.baseUrl;
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
  const results = await new AxeBuilder({ page }).analyze();
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
