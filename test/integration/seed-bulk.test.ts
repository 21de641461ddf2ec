import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedBulk, type BulkSummary } from '../../tools/bulk/seed-bulk.js';
import { parseDossierCode } from '../../src/domain/dossier-code.js';
import { dossierSearchWords } from '../../src/domain/search-words.js';
import type { Role } from '../../src/domain/roles.js';
import type { DossierStatus } from '../../src/domain/status.js';
import { localDateOf } from '../../src/domain/time.js';
import { decide, isAction } from '../../src/domain/workflow.js';
import { quarterPeriod } from '../../src/domain/period.js';
import { verifyAuditChains } from '../../src/features/dossiers/audit.js';
import { processingResults } from '../../src/features/reports/reports.repo.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const OPTIONS = { dossiers: 3000, from: '2026-01-01', to: '2026-06-30', seed: 7, agencies: 6 };
const CODE_RE = /^[0-9A-Z.]+-\d{6}-\d{4,}$/;
const OPEN = ['received', 'in_progress', 'awaiting_supplement', 'paused'];

const ms = (v: Date | number | string) => new Date(v).getTime();

/**
 * Replays every dossier's events through the state machine from 'received', as the workflow
 * service would have decided them, with the context the service reads (the actor's role and
 * agency, who holds the dossier and in which queue, the receipt, supplement requests so far).
 * Returns, per dossier, the first thing that does not hold (a refused step, a stored from/to
 * the decision does not give, a dossier row that disagrees with where its history leaves it),
 * and how many of each action were replayed.
 */
async function replayThroughStateMachine(t: TestDb): Promise<{ problems: string[]; replayed: Map<string, number> }> {
  const staff = new Map<number, { role: Role; agency_id: number }>((await t.db('users').select('id', 'role', 'agency_id')).map((u) => [u.id, u]));
  const atCounter = new Set<number>((await t.db('procedures').where('result_at_counter', true).select('id')).map((r) => r.id));
  const handovers = new Map<string, { to_agency_id: number; to_user_id: number | null }>(
    (await t.db('dossier_handovers').select('dossier_id', 'at', 'to_agency_id', 'to_user_id')).map((h) => [`${h.dossier_id}|${ms(h.at)}`, h]),
  );
  const reasons = new Map<string, string | null>(
    (await t.db('dossier_pauses').where('kind', 'supplement').select('dossier_id', 'started_at', 'request_reason')).map((p) => [`${p.dossier_id}|${ms(p.started_at)}`, p.request_reason]),
  );
  const events = new Map<number, Array<Record<string, any>>>();
  for (const e of await t.db('dossier_events').orderBy(['dossier_id', 'seq']).select('dossier_id', 'seq', 'type', 'from_status', 'to_status', 'actor_id', 'note', 'created_at')) {
    const list = events.get(e.dossier_id) ?? [];
    list.push(e);
    events.set(e.dossier_id, list);
  }
  const replayed = new Map<string, number>();

  const replay = (d: Record<string, any>): string | null => {
    // As intake leaves it: in the processing agency's queue, held by no one.
    let status: DossierStatus = 'received';
    let holderId: number | null = null;
    let queue: number | null = d.processing_agency_id;
    let actedOn = false;
    let supplementRequests = 0;
    for (const e of events.get(d.id) ?? []) {
      const step = `${d.code} #${e.seq} ${e.type}`;
      if (!isAction(e.type)) {
        if (e.type !== 'received' && (e.from_status !== null || e.to_status !== null)) return `${step}: a status change outside the state machine`;
        if (e.actor_id !== null && e.type !== 'received' && e.type !== 'receipt_printed') actedOn = true;
        continue;
      }
      const who = staff.get(e.actor_id);
      if (!who) return `${step}: no member of staff`;
      const at = ms(e.created_at);
      const context = {
        staffId: e.actor_id,
        staffAgencyId: who.agency_id,
        holderId,
        assignedAgencyId: queue,
        receivingAgencyId: d.agency_id,
        receivedBy: d.received_by,
        receivedOn: localDateOf(new Date(ms(d.received_at))),
        today: localDateOf(new Date(at)),
        resultAtCounter: atCounter.has(d.procedure_id),
        actedOn,
        supplementRequests,
      };
      const decision = decide(status, e.type, who.role, e.note, context, { reason: reasons.get(`${d.id}|${at}`) });
      if (!decision.ok) return `${step} by a ${who.role} from ${status}: refused (${decision.reason}: ${decision.message})`;
      if (e.from_status !== decision.from || e.to_status !== decision.to) return `${step}: stored ${e.from_status} → ${e.to_status}, decided ${decision.from} → ${decision.to}`;
      if (e.type === 'take') [holderId, queue] = [e.actor_id, who.agency_id];
      if (e.type === 'assign') {
        const h = handovers.get(`${d.id}|${at}`);
        if (!h) return `${step}: no hand-over`;
        [holderId, queue] = [h.to_user_id, h.to_agency_id];
      }
      if (e.type === 'request_supplement') supplementRequests++;
      actedOn = true;
      status = decision.to;
      replayed.set(e.type, (replayed.get(e.type) ?? 0) + 1);
    }
    if (status !== d.status) return `${d.code}: status ${d.status}, its history ends at ${status}`;
    if (holderId !== d.assigned_to || queue !== d.assigned_agency_id) return `${d.code}: held by ${d.assigned_to} in ${d.assigned_agency_id}, its history says ${holderId} in ${queue}`;
    return null;
  };

  const dossiers = await t.db('dossiers').orderBy('id').select('id', 'code', 'status', 'agency_id', 'processing_agency_id', 'assigned_agency_id', 'assigned_to', 'procedure_id', 'received_by', 'received_at');
  const problems = dossiers.map(replay).filter((p): p is string => p !== null);
  return { problems, replayed };
}

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
    for (const r of tokens) assert.match(r.public_token, /^[a-z2-7]{39}$/);
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

  test('every status change is one the state machine allows: the history replays from the receipt to the stored status', async () => {
    const { problems, replayed } = await replayThroughStateMachine(t);
    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} dossiers`);
    // Every action the generator plans was replayed (the check is not vacuous).
    for (const action of ['take', 'assign', 'request_supplement', 'receive_supplement', 'pause', 'resume', 'mark_result_ready', 'return_result', 'refuse', 'withdraw']) {
      assert.ok((replayed.get(action) ?? 0) > 0, `no ${action} replayed`);
    }
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
