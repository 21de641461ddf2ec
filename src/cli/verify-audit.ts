/**
 * npm run audit:verify — checks every dossier's hash-chained audit trail and reports
 * the first broken link of each damaged chain. Exit code 0 when all chains hold, 1 otherwise.
 */
import { loadConfig } from '../config.js';
import { createDb } from '../db/knex.js';
import { verifyAuditChains } from '../features/dossiers/audit.js';

const config = loadConfig();
const db = createDb(config.databaseUrl);
try {
  const started = Date.now();
  const report = await verifyAuditChains(db);
  console.log(`Checked ${report.dossiers} dossiers, ${report.events} events in ${Date.now() - started} ms.`);
  for (const b of report.broken) console.log(`BROKEN ${b.code} (dossier ${b.dossierId}) at event #${b.seq}: ${b.reason}`);
  console.log(report.broken.length === 0 ? 'All audit chains are intact.' : `${report.broken.length} dossier(s) with a broken audit chain.`);
  process.exitCode = report.broken.length === 0 ? 0 : 1;
} finally {
  await db.destroy();
}
