import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedBulk, type BulkSummary } from '../../tools/bulk/seed-bulk.js';
import { parseDossierCode } from '../../src/domain/dossier-code.js';
import { dossierSearchWords } from '../../src/domain/search-words.js';
import { quarterPeriod } from '../../src/domain/period.js';
import { verifyAuditChains } from '../../src/features/dossiers/audit.js';
import { processingResults } from '../../src/features/reports/reports.repo.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const OPTIONS = { dossiers: 3000, from: '2026-01-01', to: '2026-06-30', seed: 7, agencies: 6 };
const CODE_RE = /^[0-9A-Z.]+-\d{6}-\d{4,}$/;
const OPEN = ['received', 'in_progress', 'awaiting_supplement', 'paused'];

async function sequencesMatchCodes(t: TestDb): Promise<void> {
  const agencies = new Map<string, number>((await t.db('agencies').select('id', 'eid')).map((r) => [r.eid, r.id]));
  const maxSeq = new Map<string, number>();
  for (const { code } of await t.db('dossiers').select('code')) {
    const p = parseDossierCode(code)!;
    const key = `${agencies.get(p.agencyEid)}|${p.datePart}`;
    maxSeq.set(key, Math.max(maxSeq.get(key) ?? 0, p.sequence));
  }
  const stored = new Map<string, number>((await t.db('dossier_sequences').select('agency_id', 'day', 'last_value')).map((r) => [`${r.agency_id}|${r.day}`, Number(r.last_value)]));
  assert.deepEqual(stored, maxSeq);
}

describe('bulk data generator', () => {
  let t: TestDb;
  let first: BulkSummary;

  before(async () => {
    t = await createTestDb();
    first = await seedBulk(t.db, OPTIONS);
  });
  after(() => t.cleanup());

  test('makes the dossiers asked for, with a realistic spread of statuses and results', async () => {
    assert.equal(first.dossiers, 3000);
    const rows: Array<{ status: string; n: number | string }> = await t.db('dossiers').groupBy('status').select('status').count({ n: '*' });
    const share = (pred: (s: string) => boolean) => rows.filter((r) => pred(r.status)).reduce((s, r) => s + Number(r.n), 0) / 3000;
    const within = (name: string, v: number, lo: number, hi: number) => assert.ok(v >= lo && v <= hi, `${name}: ${(v * 100).toFixed(1)} % not within ${lo * 100}–${hi * 100} %`);
    within('returned', share((s) => s === 'returned'), 0.68, 0.82);
    within('result_ready', share((s) => s === 'result_ready'), 0.04, 0.12);
    within('refused', share((s) => s === 'refused'), 0.01, 0.05);
    within('withdrawn', share((s) => s === 'withdrawn'), 0.005, 0.04);
    within('open', share((s) => OPEN.includes(s)), 0.06, 0.2);

    const done: Array<{ completion: string; n: number | string }> = await t.db('dossiers').whereIn('status', ['result_ready', 'returned']).groupBy('completion').select('completion').count({ n: '*' });
    const total = done.reduce((s, r) => s + Number(r.n), 0);
    const c = (k: string) => Number(done.find((r) => r.completion === k)?.n ?? 0) / total;
    assert.equal(c('early') + c('on_time') + c('late'), 1, 'every finished dossier is classified');
    within('early', c('early'), 0.6, 0.8);
    within('on time', c('on_time'), 0.15, 0.35);
    within('late', c('late'), 0.01, 0.1);

    // The side records exist and agree with the dossiers.
    const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())?.n ?? 0);
    assert.ok((await count('dossier_pauses')) > 0);
    assert.equal(await count('dossier_apologies'), Number((await t.db('dossiers').whereNotNull('extended_due_at').count({ n: '*' }).first())?.n));
    assert.ok((await count('dossier_ratings')) > 0.15 * share((s) => s === 'returned') * 3000);
    const unsatisfiedWithoutReason = await t.db('dossier_ratings').where('level', 'unsatisfied').whereNull('comment').count({ n: '*' }).first();
    assert.equal(Number(unsatisfiedWithoutReason?.n), 0);
    const overdueWithoutMilestone = await t.db('dossiers as d')
      .whereNotNull('d.overdue_at')
      .whereNotExists((q) => q.select(1).from('dossier_milestones as m').whereRaw('m.dossier_id = d.id').andWhere('m.kind', 'overdue'))
      .count({ n: '*' })
      .first();
    assert.equal(Number(overdueWithoutMilestone?.n), 0);
    const names = await t.db('dossiers').select('applicant_name', 'applicant_name_folded').limit(50);
    for (const r of names) assert.match(r.applicant_name_folded, /^[a-z ]+$/);
    const tokens = await t.db('dossiers').select('public_token').limit(50);
    for (const r of tokens) assert.match(r.public_token, /^[A-Za-z0-9_-]{32}$/);
  });

  test('every dossier has events and an intact hash chain', async () => {
    const withoutEvents = await t.db('dossiers as d')
      .whereNotExists((q) => q.select(1).from('dossier_events as e').whereRaw('e.dossier_id = d.id'))
      .count({ n: '*' })
      .first();
    assert.equal(Number(withoutEvents?.n), 0);
    const report = await verifyAuditChains(t.db);
    assert.equal(report.dossiers, 3000);
    assert.deepEqual(report.broken, []);
  });

  test('codes are unique, well formed, and dossier_sequences holds the last sequence of each agency and day', async () => {
    const codes: string[] = (await t.db('dossiers').select('code')).map((r) => r.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, CODE_RE);
    await sequencesMatchCodes(t);
  });

  test('every dossier is in the search word index, with the words intake would write', async () => {
    const dossiers: Array<{ id: number; code: string; applicant_name: string }> = await t.db('dossiers').orderBy('id').select('id', 'code', 'applicant_name');
    const stored = new Map<number, string[]>();
    for (const r of await t.db('dossier_search_words').orderBy(['dossier_id', 'word']).select('dossier_id', 'word')) {
      const list = stored.get(r.dossier_id) ?? [];
      list.push(r.word);
      stored.set(r.dossier_id, list);
    }
    assert.equal(stored.size, dossiers.length);
    const order = (ws: string[]) => [...ws].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const d of dossiers) assert.deepEqual(stored.get(d.id), order(dossierSearchWords({ name: d.applicant_name, code: d.code })), d.code);
    assert.equal(first.tables.dossier_search_words, [...stored.values()].reduce((n, ws) => n + ws.length, 0));
  });

  test('the processing-results report reconciles for each quarter', async () => {
    for (const q of [1, 2]) {
      const rows = await processingResults(t.db, quarterPeriod(2026, q));
      assert.ok(rows.length > 0);
      let total = 0;
      for (const r of rows) {
        const parts = r.finished + r.refused + r.withdrawn + r.openWithin + r.openOverdue + r.pausedWithin + r.pausedOverdue;
        assert.equal(r.total, parts, `${r.agencyName} / ${r.procedureCode}: total ${r.total} ≠ ${parts}`);
        total += r.total;
      }
      assert.ok(total > 1000, `Q${q}: only ${total} dossiers in the report`);
      const scoped = await processingResults(t.db, quarterPeriod(2026, q), { agencyId: rows[0]!.agencyId });
      assert.ok(scoped.every((r) => r.agencyId === rows[0]!.agencyId));
    }
  });

  test('a second run appends: ids, daily sequences and codes continue', async () => {
    const second = await seedBulk(t.db, { ...OPTIONS, dossiers: 400 });
    assert.equal(second.firstId, 3001);
    assert.equal(second.lastId, 3400);
    assert.equal(second.tables.dossiers, 3400);
    const codes: string[] = (await t.db('dossiers').select('code')).map((r) => r.code);
    assert.equal(new Set(codes).size, 3400);
    const tokens = await t.db('dossiers').countDistinct({ n: 'public_token' }).first();
    assert.equal(Number(tokens?.n), 3400);
    await sequencesMatchCodes(t);
    const report = await verifyAuditChains(t.db);
    assert.equal(report.dossiers, 3400);
    assert.deepEqual(report.broken, []);
    // The staff and agencies of the first run are reused, not duplicated.
    assert.equal(second.tables.users, first.tables.users);
    assert.equal(second.tables.agencies, first.tables.agencies);
  });

  test('is deterministic: the same seed on a fresh database gives the same dossiers', async () => {
    const other = await createTestDb();
    try {
      await seedBulk(other.db, OPTIONS);
      const pick = (db: TestDb['db']) => db('dossiers').where('id', '<=', 3000).orderBy('id').select('code', 'public_token', 'applicant_name', 'status', 'due_at');
      const [a, b] = await Promise.all([pick(t.db), pick(other.db)]);
      assert.equal(a.length, 3000);
      assert.deepEqual(b, a);
    } finally {
      await other.cleanup();
    }
  });
});
