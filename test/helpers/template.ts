/**
 * `create`: builds the run's template database (migrations and reference data) and prints
 * what MOTCUA_TEST_TEMPLATE takes; `drop <template>`: removes it. Called by
 * scripts/run-tests.mjs before and after the test files (see test/helpers/db.ts).
 */
import { createTemplate, dropTemplate } from './db.js';

const [command, arg] = process.argv.slice(2);
if (command === 'create') process.stdout.write(`${await createTemplate()}\n`);
else if (command === 'drop' && arg) await dropTemplate(arg);
else {
  process.stderr.write('usage: template.ts create | drop <template>\n');
  process.exit(2);
}
