/** How the app opens PostgreSQL (src/db/knex.ts pgConnection): its own session option, and the operator's kept. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pgConnection } from '../../src/db/knex.js';

test('PostgreSQL sessions run with JIT off; the URL is passed as it was given', () => {
  const url = 'postgres://motcua:p%40ss%2Fword@db.internal:5432/motcua?sslmode=require';
  assert.deepEqual(pgConnection(url), { connectionString: url, options: '-c jit=off' });
});

test('options given in DATABASE_URL are kept, before the app’s own, and leave the URL (pg would prefer them to ours)', () => {
  const got = pgConnection('postgres://motcua:secret@db.internal/motcua?options=-c%20work_mem%3D64MB&sslmode=require');
  assert.equal(got.options, '-c work_mem=64MB -c jit=off');
  const rest = new URL(got.connectionString);
  assert.equal(rest.searchParams.get('options'), null);
  assert.equal(rest.searchParams.get('sslmode'), 'require');
  assert.equal(`${rest.username}:${rest.password}@${rest.host}${rest.pathname}`, 'motcua:secret@db.internal/motcua');
});
