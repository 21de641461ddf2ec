/** npm run migrate — bring the schema to the latest migration and load reference data, then exit. */
import { loadConfig } from '../config.js';
import { createDb } from '../db/knex.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadReferenceData } from '../../seeds/reference.js';

const config = loadConfig();
const db = createDb(config.database.url);
try {
  const applied = await migrateToLatest(db);
  await loadReferenceData(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Schema already up to date.');
} finally {
  await db.destroy();
}
