/**
 * npm run job -- <name>    run one scheduled job once, now (the registry's jobs: src/jobs.ts);
 *                          `all` runs them in order.
 * Safe while the server runs: the job's database lease keeps runs from overlapping.
 */
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createDb } from '../db/knex.js';
import { systemClock } from '../deps.js';
import { checkJobSchedules } from '../jobs.js';
import { createLogger } from '../logger.js';
import { services } from '../services.js';

let config: Config;
try {
  config = loadConfig();
  checkJobSchedules(config);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
const db = createDb(config.database.url);
const deps = { db, config, clock: systemClock, logger: createLogger(config.logging.level) };
const jobs = services(deps).jobs;
const names = jobs.registry.jobs.map((j) => j.name);
const arg = process.argv[2] ?? '';
if (arg !== 'all' && !jobs.registry.get(arg)) {
  console.error(`Usage: npm run job -- <${names.join('|')}|all>`);
  await db.destroy();
  process.exit(2);
}
let failed = false;
try {
  for (const job of arg === 'all' ? names : [arg]) {
    const outcome = await jobs.run(job);
    if (!outcome.ran) console.log(`${job}: skipped, another instance is running it`);
    else if ('error' in outcome) {
      failed = true;
      console.log(`${job}: FAILED (run ${outcome.runId}): ${outcome.error.split('\n')[0]}`);
    } else console.log(`${job}: ${JSON.stringify(outcome.counts)} (run ${outcome.runId})`);
  }
} finally {
  await db.destroy();
}
process.exitCode = failed ? 1 : 0;
