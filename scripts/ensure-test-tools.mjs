#!/usr/bin/env node
// The test suite drives real tools: poppler (pdftotext, pdftoppm, pdfinfo, pdffonts) to
// read receipts, zbar (zbarimg) to decode their QR codes, and Chromium's headless shell for
// the browser tests (CHROMIUM_PATH names another Chromium instead). This checks they are
// there; on Debian/Ubuntu as root it installs what is missing, elsewhere it says what to
// install and stops.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
const needs = [
  { check: () => has('pdftotext') && has('pdftoppm') && has('pdfinfo') && has('pdffonts'), pkg: 'poppler-utils' },
  { check: () => has('zbarimg'), pkg: 'zbar-tools' },
  { check: () => fs.existsSync(chromium), pkg: process.env.CHROMIUM_PATH ? 'chromium' : 'chromium-headless-shell' },
];

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing = needs.filter((n) => !n.check()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const canApt = has('apt-get') && process.getuid?.() === 0;
if (!canApt) {
  console.error(`The tests need these system packages: ${missing.join(' ')}`);
  console.error(`Install them (Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}) and run npm test again.`);
  process.exit(1);
}
console.error(`Installing test tools: ${missing.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
