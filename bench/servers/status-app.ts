/**
 * Child process of the status-page, memory and staff-pages benchmarks: the real motcua app
 * (createApp, every middleware, the request log on stdout) on the database of DATABASE_URL,
 * listening on an ephemeral port it reports to the parent over IPC. Unlike src/server.ts it
 * neither migrates nor loads reference data (the harness never changes the database) and
 * runs no scheduler. Run with NODE_ENV=production, as an office would (Express caches
 * compiled views).
 *
 * BENCH_BARE_RENDER=1 (staff pages) adds, in the same process, a bare Express server on a
 * second port: it renders, for a URL the app has rendered, the same template with the same
 * locals (captured from the app's res.render on the first request of each URL), with no
 * middleware, database or log. Its CPU is told from the app's by time: the harness loads
 * one server at a time.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { applyConnectionTimeouts } from '../../src/web/http-server.js';
import { createDb } from '../../src/db/knex.js';
import { systemClock } from '../../src/deps.js';
import { createLogger } from '../../src/logger.js';

const config = loadConfig();
const db = createDb(config.database.url);
const app = createApp({ db, config, clock: systemClock, logger: createLogger(config.logging.level) });

function bareRenderer(): express.Express {
  const captured = new Map<string, { view: string; locals: Record<string, unknown> }>();
  const render = express.response.render;
  express.response.render = function (this: express.Response, view: string, ...rest: unknown[]) {
    const url = this.req.originalUrl;
    const options = typeof rest[0] === 'object' && rest[0] !== null ? rest[0] : {};
    if (!captured.has(url)) captured.set(url, { view, locals: { ...this.locals, ...options } });
    return (render as (...a: unknown[]) => void).call(this, view, ...rest);
  } as typeof render;
  const bare = express();
  bare.set('view engine', app.get('view engine'));
  bare.set('views', app.get('views'));
  for (const [k, v] of Object.entries(app.locals)) if (k !== 'settings') bare.locals[k] = v;
  bare.use((req, res) => {
    const c = captured.get(req.originalUrl);
    if (!c) return void res.status(404).end();
    res.render(c.view, c.locals);
  });
  return bare;
}

const bare = process.env.BENCH_BARE_RENDER === '1' ? bareRenderer() : null;
// The same connection timeouts as src/server.ts, on both servers.
const server = app.listen(0, '127.0.0.1', () => {
  const port = (server.address() as AddressInfo).port;
  if (!bare) return void process.send?.({ port });
  const second = bare.listen(0, '127.0.0.1', () => process.send?.({ port, barePort: (second.address() as AddressInfo).port }));
  applyConnectionTimeouts(second, config.server.keepAliveMs);
});
applyConnectionTimeouts(server, config.server.keepAliveMs);
process.on('disconnect', () => {
  server.close();
  void db.destroy().then(() => process.exit(0));
});
