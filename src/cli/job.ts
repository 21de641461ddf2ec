/**
 * npm run job -- <name>    run one scheduled job once, now (due_soon, overdue, apology,
 *                          early_completion, outbox); `all` runs them in order.
 * Safe while the server runs: the job's database lease keeps runs from overlapping.
 */
import { loadConfig } from '../config.js';
import { createDb } from '../db/knex.js';
import { systemClock } from '../deps.js';
import { ALL_JOBS, isJobName, type JobName } from '../features/jobs/runner.js';
import { createLogger } from '../logger.js';
import { services } from '../services.js';

const arg = process.argv[2] ?? '';
if (arg !== 'all' && !isJobName(arg)) {
  console.error(`Usage: npm run job -- <${ALL_JOBS.join('|')}|all>`);
  process.exit(2);
}
const config = loadConfig();
const db = createDb(config.databaseUrl);
const deps = { db, config, clock: systemClock, logger: createLogger(config.logLevel) };
const jobs = services(deps).jobs;
let failed = false;
try {
  for (const job of arg === 'all' ? ALL_JOBS : [arg as JobName]) {
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
