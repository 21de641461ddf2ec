/**
 * The processing queue's three lists (an officer's held dossiers, the agency's, and what
 * waits in the agency) are read in appointment order from partial indexes holding only their
 * rows (migration 20261213000000_queue_indexes), so a page of 200 reads 200 dossiers, not all
 * an officer holds. The lists state the indexes' conditions in constants, and each query's
 * plan is shown to read its list from its index with no sort (a condition sent as bound
 * parameters, or a changed status list, would lose the index). On PostgreSQL, whose planner
 * may prefer a sort on a test's few rows, sorts and sequential scans are priced out for the
 * EXPLAIN: a plan without a sort then exists only if the partial index serves the query.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import { OPEN_STATUSES, RUNNING_STATUSES } from '../../src/domain/status.js';
import { QUEUE_OPEN_SQL, QUEUE_RUNNING_SQL, queueRepo } from '../../src/features/dossiers/queue.repo.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const migration = fs.readFileSync(new URL('../../migrations/20261213000000_queue_indexes.ts', import.meta.url), 'utf8');

describe('the queue\'s partial indexes', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.cleanup());

  test('the lists\' status conditions are the domain\'s statuses and the migration\'s predicates', () => {
    assert.equal(QUEUE_OPEN_SQL, `d.status in (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);
    assert.equal(QUEUE_RUNNING_SQL, `d.status in (${RUNNING_STATUSES.map((s) => `'${s}'`).join(', ')})`);
    assert.ok(migration.includes(`"${QUEUE_OPEN_SQL.replace(/^d\./, '')}"`), 'open: the migration states the same condition');
    assert.ok(migration.includes(`"${QUEUE_RUNNING_SQL.replace(/^d\./, '')}"`), 'running: the migration states the same condition');
  });

  test('each list is read from its index in appointment order, with no sort', async () => {
    const agency = (await t.db('agencies').first('id')) as { id: number };
    const officer = { role: 'officer' as const, agencyId: agency.id };
    const sent: Array<{ sql: string; bindings: readonly Knex.RawBinding[] }> = [];
    const onQuery = (q: { sql: string; bindings?: readonly Knex.RawBinding[] }) => sent.push({ sql: q.sql, bindings: q.bindings ?? [] });
    t.db.on('query', onQuery);
    try {
      const repo = queueRepo(t.db);
      await repo.held(officer, { holderId: 1 });
      await repo.held(officer, { agencyId: agency.id });
      await repo.waiting(officer);
    } finally {
      t.db.off('query', onQuery);
    }
    const plans: string[] = [];
    for (const q of sent) {
      if (t.dialect === 'sqlite') {
        plans.push(((await t.db.raw(`explain query plan ${q.sql}`, q.bindings)) as Array<{ detail: string }>).map((r) => r.detail).join('\n'));
        continue;
      }
      plans.push(
        await t.db.transaction(async (trx) => {
          await trx.raw('set local enable_sort = off');
          await trx.raw('set local enable_seqscan = off');
          // The event's SQL is PostgreSQL's ($1, $2 … in order); knex's raw takes `?`.
          const r = (await trx.raw(`explain ${q.sql.replace(/\$\d+/g, '?')}`, q.bindings)) as { rows: Array<{ 'QUERY PLAN': string }> };
          return r.rows.map((x) => x['QUERY PLAN']).join('\n');
        }),
      );
    }
    const expected = ['dossiers_held_due_index', 'dossiers_agency_held_due_index', 'dossiers_waiting_due_index'];
    assert.equal(plans.length, 3);
    plans.forEach((plan, i) => {
      if (t.dialect === 'sqlite') {
        assert.match(plan, new RegExp(`SEARCH d USING INDEX ${expected[i]} \\(`), plan);
        assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
      } else {
        assert.match(plan, new RegExp(`Index Scan using ${expected[i]} on dossiers d`), plan);
        assert.doesNotMatch(plan, /\bSort\b/, plan);
      }
    });
  });
});
