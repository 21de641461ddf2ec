/**
 * Child process of the status-page benchmark: the baseline. A bare Express route that
 * renders the same template (views/public/status.ejs, with the same view locals, helpers
 * and Vietnamese translator) — or, for `/s/<token>.json`, the same Open311 JSON — from
 * in-memory objects: no middleware, no database, no logging. The objects are the real
 * view models of the benchmark's sample of dossiers (the tokens listed in the file
 * BASELINE_TOKENS_FILE), read once at start-up through the app's own service; then the
 * database is closed. So both servers answer the same URL with the same page.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { loadConfig } from '../../src/config.js';
import { applyConnectionTimeouts } from '../../src/web/http-server.js';
import { createDb } from '../../src/db/knex.js';
import { systemClock } from '../../src/deps.js';
import { toOpen311, type PublicStatus } from '../../src/features/public-status/public-status.service.js';
import { translators } from '../../src/i18n.js';
import { services } from '../../src/services.js';
import pino from 'pino';
import { viewHelpers } from '../../src/web/format.js';
import { LANGUAGE_NAMES, setLanguageLocals } from '../../src/web/i18n/language.js';
import { paths } from '../../src/web/paths.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tokens = fs.readFileSync(process.env.BASELINE_TOKENS_FILE ?? '', 'utf8').split('\n').filter(Boolean);
const config = loadConfig();
const db = createDb(config.database.url);
const service = services({ db, config, clock: systemClock, logger: pino({ level: 'silent' }) }).publicStatus;
const vi = translators.vi;
const pages = new Map<string, PublicStatus>();
for (const token of tokens) {
  const s = await service.byTokenIn(token, vi);
  if (s) pages.set(token, s);
}
await db.destroy();
if (pages.size === 0) throw new Error('No dossier for the baseline');
const fallback = [...pages.values()][0]!;

const app = express();
app.set('view engine', 'ejs');
app.set('views', path.join(ROOT, 'views'));
app.locals.paths = paths;
app.locals.h = viewHelpers;
app.locals.languageNames = LANGUAGE_NAMES;
app.get('/s/:token', (req, res) => {
  const token = req.params.token;
  if (token.endsWith('.json')) {
    res.json([toOpen311(pages.get(token.slice(0, -5)) ?? fallback)]);
    return;
  }
  const s = pages.get(token) ?? fallback;
  setLanguageLocals(res, vi, paths.withLanguage(req.originalUrl, 'en'));
  res.render('public/status', { title: vi.t('status.title', { code: s.code }), s, staff: null, currentPath: req.path, csrfToken: '' });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port, pages: pages.size });
});
applyConnectionTimeouts(server, config.server.keepAliveMs); // as src/server.ts
process.on('disconnect', () => server.close(() => process.exit(0)));
