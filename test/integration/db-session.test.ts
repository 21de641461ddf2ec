/** The database session settings the app relies on, on whichever database the suite runs. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dialect } from '../../src/db/knex.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

let t: TestDb;
before(async () => {
  t = await createTestDb({ reference: false });
});
after(() => t?.cleanup());

test('SQLite: WAL, foreign keys, a busy timeout; PostgreSQL: JIT compilation off', async () => {
  if (dialect(t.db) === 'postgres') {
    const { rows } = (await t.db.raw('show jit')) as { rows: Array<{ jit: string }> };
    assert.equal(rows[0]!.jit, 'off');
    return;
  }
  const one = async (pragma: string) => Object.values(((await t.db.raw(`PRAGMA ${pragma}`)) as Array<Record<string, unknown>>)[0]!)[0];
  assert.equal(await one('journal_mode'), 'wal');
  assert.equal(await one('foreign_keys'), 1);
  assert.equal(await one('busy_timeout'), 5000);
});
