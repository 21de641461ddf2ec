/**
 * Child process of the status-page benchmark: the baseline. A bare Express route that
 * renders the same template (views/public/status.ejs, with the same view locals and
 * helpers) from in-memory objects: no middleware, no database, no logging. The objects
 * are the real view models of the benchmark's sample of dossiers (the tokens listed in
 * the file BASELINE_TOKENS_FILE), read once at start-up through the app's own service;
 * then the database is closed. So both servers render the same pages for the same URLs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/knex.js';
import { systemClock } from '../../src/deps.js';
import type { PublicStatus } from '../../src/features/public-status/public-status.service.js';
import { services } from '../../src/services.js';
import pino from 'pino';
import { viewHelpers } from '../../src/web/format.js';
import { paths } from '../../src/web/paths.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tokens = fs.readFileSync(process.env.BASELINE_TOKENS_FILE ?? '', 'utf8').split('\n').filter(Boolean);
const config = loadConfig();
const db = createDb(config.database.url);
const service = services({ db, config, clock: systemClock, logger: pino({ level: 'silent' }) }).publicStatus;
const pages = new Map<string, PublicStatus>();
for (const token of tokens) {
  const s = await service.byToken(token);
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
app.get('/s/:token', (req, res) => {
  const s = pages.get(req.params.token) ?? fallback;
  res.render('public/status', { title: `Tình trạng hồ sơ ${s.code}`, s, staff: null, currentPath: req.path, csrfToken: '' });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port, pages: pages.size });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
