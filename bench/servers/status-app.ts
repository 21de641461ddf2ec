/**
 * Child process of the status-page benchmark: the real motcua app (createApp, every
 * middleware, the request log on stdout) on the database of DATABASE_URL, listening on an
 * ephemeral port it reports to the parent over IPC. Unlike src/server.ts it neither
 * migrates nor loads reference data (the harness never changes the database) and runs no
 * scheduler. Run with NODE_ENV=production, as an office would (Express caches compiled views).
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/knex.js';
import { systemClock } from '../../src/deps.js';
import { createLogger } from '../../src/logger.js';

const config = loadConfig();
const db = createDb(config.database.url);
const app = createApp({ db, config, clock: systemClock, logger: createLogger(config.logging.level) });
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => {
  server.close();
  void db.destroy().then(() => process.exit(0));
});
