/**
 * npm run audit:verify — checks every dossier's hash-chained audit trail and reports
 * the first broken link of each damaged chain. Exit code 0 when all chains hold, 1 otherwise.
 */
import { loadConfig } from '../config.js';
import { createDb } from '../db/knex.js';
import { verifyAuditChains } from '../features/dossiers/audit.js';
import { verifyPetitionChains } from '../features/petitions/petition-events.repo.js';

const config = loadConfig();
const db = createDb(config.database.url);
try {
  const started = Date.now();
  const report = await verifyAuditChains(db);
  console.log(`Checked ${report.dossiers} dossiers, ${report.events} events in ${Date.now() - started} ms.`);
  for (const b of report.broken) console.log(`BROKEN ${b.code} (dossier ${b.dossierId}) at event #${b.seq}: ${b.reason}`);
  const petitions = await verifyPetitionChains(db);
  console.log(`Checked ${petitions.petitions} petitions, ${petitions.events} events.`);
  for (const b of petitions.broken) console.log(`BROKEN ${b.code} (petition ${b.petitionId}) at event #${b.seq}: ${b.reason}`);
  const damaged = report.broken.length + petitions.broken.length;
  if (report.broken.length > 0) console.log(`${report.broken.length} dossier(s) with a broken audit chain.`);
  if (petitions.broken.length > 0) console.log(`${petitions.broken.length} petition(s) with a broken audit chain.`);
  if (damaged === 0) console.log('All audit chains are intact.');
  process.exitCode = damaged === 0 ? 0 : 1;
} finally {
  await db.destroy();
}
