/**
 * What `npm start` does before it listens: migrate to latest, load reference data, and
 * on a new non-production database (or DEMO_DATA=true) the demo accounts and dossiers.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import { migrateToLatest } from './db/migrate.js';
import { isNewDatabase, loadDemoData } from '../seeds/demo.js';
import { loadReferenceData } from '../seeds/reference.js';

export async function prepareDatabase(db: Deps['db'], config: Config, logger: Logger): Promise<void> {
  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const isNew = await isNewDatabase(db);
  await loadReferenceData(db);
  const wantDemo = config.database.demoData === 'true' || (config.database.demoData === 'auto' && config.env !== 'production');
  if (isNew && wantDemo) await loadDemoData(db, config, logger);
}
