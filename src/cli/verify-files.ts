/**
 * npm run files:verify — after a restore (or any time): checks the file store (STORAGE_DIR)
 * against the database (DATABASE_URL). Every file a row references must be there and hash to
 * its name; every stored file must hash to its name. A missing or damaged file is listed with
 * the rows that hold it (`dossier_files 12 "Giấy khai sinh.pdf"`). Exit code 0 when all
 * hold, 1 otherwise.
 */
import { loadConfig } from '../config.js';
import { createDb } from '../db/knex.js';
import { buildFileStore, FILE_REFERENCES } from '../files.js';
import { checkFiles, problemLines } from '../platform/files/file-check.js';

const config = loadConfig();
const db = createDb(config.database.url);
try {
  const started = Date.now();
  const report = await checkFiles(db, buildFileStore(config), FILE_REFERENCES);
  console.log(`Checked ${report.stored} stored files in ${config.files.dir} against ${report.referenced} files the database references, in ${Date.now() - started} ms.`);
  for (const line of problemLines(report.problems)) console.log(line);
  if (report.problems.length === 0) console.log('Every file is present and intact.');
  else console.log(`${report.problems.length} file(s) missing or damaged.`);
  process.exitCode = report.problems.length === 0 ? 0 : 1;
} finally {
  await db.destroy();
}
