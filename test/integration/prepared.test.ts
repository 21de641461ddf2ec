import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDb } from '../../src/db/knex.js';
import { preparedRead } from '../../src/db/prepared.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const agencyByEid = preparedRead('test_agency_by_eid', (db) => db('agencies').where('eid', '').select('id', 'eid', 'name'));

describe('prepared reads (src/db/prepared.ts)', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(async () => {
    await t.cleanup();
  });

  test('return the same rows as the knex query, for each parameter, many times over', async () => {
    const agencies = await t.db('agencies').select('id', 'eid', 'name').orderBy('id');
    assert.ok(agencies.length >= 2);
    for (let round = 0; round < 3; round++) {
      for (const a of agencies) assert.deepEqual(await agencyByEid.all(t.db, [a.eid]), [a]);
    }
    assert.deepEqual(await agencyByEid.all(t.db, ['000.99.99.H26']), []);
  });

  test('see rows committed after the statement was prepared (no snapshot held open)', async () => {
    const eid = '000.98.01.H26';
    assert.deepEqual(await agencyByEid.all(t.db, [eid]), []);
    await t.db('agencies').insert({ eid, name: 'Trung tâm thử nghiệm', governing_body: 'UBND Thành phố Đồng Nai', place_name: 'Biên Hòa', address: 'Số 1', hotline: '0251 000 000', kind: 'commune' });
    const rows = await agencyByEid.all(t.db, [eid]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.name, 'Trung tâm thử nghiệm');
    // …and writes still go through: the statement left no read transaction blocking them.
    await t.db('agencies').where({ eid }).update({ name: 'Trung tâm đã đổi tên' });
    assert.equal((await agencyByEid.all(t.db, [eid]))[0]!.name, 'Trung tâm đã đổi tên');
  });

  test('run concurrently with other queries and in parallel calls', async () => {
    const eids = (await t.db('agencies').select('eid')).map((r) => r.eid as string);
    const results = await Promise.all(eids.flatMap((eid) => [agencyByEid.all(t.db, [eid]), t.db('agencies').where({ eid }).first('eid')]));
    for (let i = 0; i < eids.length; i++) {
      assert.equal((results[2 * i] as Array<{ eid: string }>)[0]!.eid, eids[i]);
      assert.equal((results[2 * i + 1] as { eid: string }).eid, eids[i]);
    }
  });

  test('a connection with prepared statements closes cleanly when the pool is destroyed', async () => {
    const db = createDb(t.url);
    const failures: unknown[] = [];
    (db.client as { pool: { on(e: string, f: (...a: unknown[]) => void): void } }).pool.on('destroyFail', (...a) => failures.push(a));
    const eid = (await db('agencies').first('eid')).eid as string;
    assert.equal((await agencyByEid.all(db, [eid])).length, 1);
    await db.destroy();
    assert.deepEqual(failures, []);
  });
});
