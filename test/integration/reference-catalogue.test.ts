/**
 * The reference seed's national records: each a procedure with its version 1 (effective
 * 2026-01-01, applied, its `_source` urls), received by every ward (Cấp Xã) or by the province
 * centre; the first list's procedures that share a code keep their counter columns with the
 * national record as their version 1; a second load writes nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { loadReferenceData } from '../../seeds/reference.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const SHIPPED: Array<Record<string, any>> = JSON.parse(readFileSync(new URL('../../seeds/reference/national/procedures.json', import.meta.url), 'utf8'));
let t: TestApp;
before(async () => {
  t = await buildTestApp({ now: vnInstant('2026-12-07', '09:00') });
});
after(() => t?.cleanup());

const receivers = async (code: string) =>
  (await t.db('agency_procedures as ap').join('procedures as p', 'p.id', 'ap.procedure_id').join('agencies as a', 'a.id', 'ap.agency_id').where('p.code', code).orderBy('a.eid').select('a.eid')).map((r) => r.eid);

test('every shipped national record is a procedure with its version 1, applied, naming its sources', async () => {
  const rows = await t.db('procedure_versions as v').join('procedures as p', 'p.id', 'v.procedure_id').select('p.code', 'v.version', 'v.effective_from', 'v.applied_at', 'v.source', 'v.record_json');
  assert.equal(rows.length, SHIPPED.length);
  for (const r of SHIPPED) {
    const v = rows.find((x) => x.code === r.MATTHC)!;
    assert.deepEqual([v.version, v.effective_from, Boolean(v.applied_at)], [1, '2026-01-01', true], r.MATTHC);
    assert.equal(v.source, r._source.map((s: { url: string }) => s.url).join(' '));
    assert.deepEqual(JSON.parse(v.record_json), r, 'the record as shipped, whole');
  }
});

test('receiving agencies by level; the first list keeps its counter columns where it shares a code', async () => {
  assert.deepEqual(await receivers('1.003583'), ['000.31.01.H26', '000.31.02.H26'], 'Cấp Xã: every ward');
  assert.deepEqual(await receivers('2.002755'), ['000.31.01.H26', '000.31.02.H26'], 'Cấp Tỉnh, Cấp Xã: every ward');
  assert.deepEqual(await receivers('1.000948'), ['000.00.01.H26'], 'Cấp Tỉnh: the province centre');
  const copy = await t.db('procedures').where({ code: '2.000815' }).first();
  assert.equal(copy.name, 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận');
  assert.equal((await t.db('procedure_documents').where({ procedure_id: copy.id })).length, 2);
  const adoption = await t.db('procedures').where({ code: '2.001263' }).first();
  assert.deepEqual([adoption.processing_unit, adoption.processing_amount], ['calendar_days', 30]);
  // A new one is received only with a whole counter time from its sources.
  assert.equal(Boolean((await t.db('procedures').where({ code: '1.003583' }).first()).active), true);
  assert.equal(Boolean((await t.db('procedures').where({ code: '2.002363' }).first()).active), false);
});

test('loading the reference data again writes nothing', async () => {
  const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())!.n);
  const before = [await count('procedures'), await count('procedure_versions'), await count('agency_procedures')];
  await loadReferenceData(t.db);
  assert.deepEqual([await count('procedures'), await count('procedure_versions'), await count('agency_procedures')], before);
});
