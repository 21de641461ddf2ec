/** Entry point: read config, prepare the database, build the app, listen. */
import { createApp } from './app.js';
import { prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { createDb, dialectOf } from './db/knex.js';
import { isLoopbackUrl } from './domain/loopback.js';
import { systemClock, type Deps } from './deps.js';
import { dummyHash } from './features/auth/password.js';
import { checkJobSchedules } from './jobs.js';
import { createLogger } from './logger.js';
import { startScheduler } from './platform/jobs/scheduler.js';
import { services } from './services.js';
import { applyConnectionTimeouts } from './web/http-server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    // Every job's schedule (JOB_SCHEDULE_*), before anything starts: a bad one names its variable.
    checkJobSchedules(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logging.level);
  if (isLoopbackUrl(config.server.publicBaseUrl)) {
    logger.warn(
      { publicBaseUrl: config.server.publicBaseUrl },
      'PUBLIC_BASE_URL is a loopback address: the QR codes and links printed on receipts point at this machine and open nothing on a citizen’s phone; set PUBLIC_BASE_URL to the public address',
    );
  }
  const db = createDb(config.database.url, { poolMax: config.database.poolMax });
  await prepareDatabase(db, config, logger);
  const deps: Deps = { db, config, clock: systemClock, logger };
  const svc = services(deps);
  const app = createApp(deps, svc);
  const server = app.listen(config.server.port, config.server.host, () => {
    void dummyHash(config.security.passwordHashCost); // made now, so the first sign-in with an unknown name takes no longer than any other
    logger.info({ port: config.server.port, database: dialectOf(config.database.url), publicBaseUrl: config.server.publicBaseUrl }, 'motcua listening');
  });
  applyConnectionTimeouts(server, config.server.keepAliveMs);
  const scheduler = config.jobs.schedulerEnabled ? startScheduler(svc.jobs, logger) : null;
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // The jobs in progress finish before the database closes (the hard exit below bounds it).
    const jobsStopped = scheduler?.stop() ?? Promise.resolve();
    server.close(() => {
      void jobsStopped.then(() => db.destroy()).then(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
