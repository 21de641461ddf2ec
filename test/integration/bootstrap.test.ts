import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { prepareDatabase } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { verifyAuditChains } from '../../src/features/dossiers/audit.js';
import { createTestDb } from '../helpers/db.js';

const logger = pino({ level: 'silent' });
const count = async (db: import('knex').Knex, table: string) => Number((await db(table).count({ n: '*' }).first())?.n);

test('start-up on a new database loads reference and demo data once, consistently', async () => {
  const t = await createTestDb({ reference: false });
  try {
    const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
    await prepareDatabase(t.db, config, logger);
    assert.equal(await count(t.db, 'agencies'), 7);
    assert.ok((await count(t.db, 'procedures')) >= 20);
    assert.ok((await count(t.db, 'holidays')) >= 30);
    assert.equal(await count(t.db, 'users'), 5);
    assert.equal(await count(t.db, 'dossiers'), 4);
    const statuses = (await t.db('dossiers').select('status')).map((r) => r.status).sort();
    assert.deepEqual(statuses, ['awaiting_supplement', 'in_progress', 'in_progress', 'received']);
    assert.deepEqual((await verifyAuditChains(t.db)).broken, []);

    // A restart changes nothing.
    await prepareDatabase(t.db, config, logger);
    assert.equal(await count(t.db, 'users'), 5);
    assert.equal(await count(t.db, 'dossiers'), 4);
  } finally {
    await t.cleanup();
  }
});

test('production start-up never loads demo accounts', async () => {
  const t = await createTestDb({ reference: false });
  try {
    await prepareDatabase(t.db, loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', CSRF_SECRET: 'x'.repeat(32) }), logger);
    assert.equal(await count(t.db, 'users'), 0);
    assert.ok((await count(t.db, 'procedures')) >= 20);
  } finally {
    await t.cleanup();
  }
});

test('production start-up refuses to run without CSRF_SECRET (the anonymous CSRF signing key)', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }), /CSRF_SECRET: required when NODE_ENV=production/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', CSRF_SECRET: 'short' }), /CSRF_SECRET/);
  assert.equal(loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' }).csrfSecret, null);
});
