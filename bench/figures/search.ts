/**
 * Staff search by word (src/features/dossiers/search.service.ts through dossier_search_words):
 * the page of 25 and the count, as the search page asks for them, for queries picked from
 * the data — the most common name word alone, a given name, a family and a given name, a
 * whole name, two words seldom found together, a partial code (date-sequence tail) and a
 * sequence alone — each as an
 * administrator (every agency) and as a clerk of the busiest receiving agency. One warm-up,
 * then `runs` timed runs each. The SQL of each is explained into
 * `<timestamp>-<dialect>.search.plan.txt`; no plan may scan dossiers in full.
 */
import type { Knex } from 'knex';
import { loadConfig } from '../../src/config.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { searchService } from '../../src/features/dossiers/search.service.js';
import type { SearchInput } from '../../src/features/dossiers/dossiers.schema.js';
import { captureQueries, explain, fullScans, indexesUsed } from '../lib/explain.js';
import { measure, type Timing } from '../lib/timing.js';
import { below, info, type Benchmark, type Figure } from '../lib/types.js';

const ID = 'search';
const TITLE = 'Staff search by word and partial code';
/** Every query but the most common word alone: the counter's everyday searches. */
const TARGET_MS = 300;
/** The most common word alone matches a large share of all dossiers (it is counted and sorted). */
const COMMON_TARGET_MS = 2000;

function input(q: string): SearchInput {
  return { q, status: null, procedure: null, from: null, to: null, overdue: false, page: 1 };
}

async function busiestReceivingAgency(db: Knex): Promise<number> {
  const row = (await db('dossiers').groupBy('agency_id').select('agency_id').count({ n: '*' }).orderBy('n', 'desc').first()) as { agency_id: number } | undefined;
  if (!row) throw new Error('No dossiers');
  return Number(row.agency_id);
}

/** Queries taken from the data: a dossier of the agency in the middle of its id range, and the most common word. */
async function pickQueries(db: Knex, agencyId: number): Promise<Array<{ key: string; label: string; q: string; common: boolean }>> {
  const range = (await db('dossiers').where({ agency_id: agencyId }).min({ lo: 'id' }).max({ hi: 'id' }).first()) as { lo: number; hi: number };
  const sample = await db('dossiers').where({ agency_id: agencyId }).where('id', '>=', Math.floor((Number(range.lo) + Number(range.hi)) / 2)).orderBy('id').first('code', 'applicant_name');
  const words = sample.applicant_name.split(' ');
  const tail = /-(\d{6}-\d{4,})$/.exec(sample.code)![1]!;
  // The most common first word of a name (the family name), from a sample of dossiers.
  const firsts = new Map<string, number>();
  for (const r of await db('dossiers').where('id', '>=', Number(range.lo)).orderBy('id').limit(2000).select('applicant_name_folded')) {
    const w = String(r.applicant_name_folded).split(' ')[0]!;
    firsts.set(w, (firsts.get(w) ?? 0) + 1);
  }
  const common = [...firsts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return [
    { key: 'common_word', label: `most common word alone ("${common}")`, q: common, common: true },
    { key: 'given_name', label: `a given name ("${words.at(-1)}")`, q: words.at(-1)!, common: false },
    { key: 'family_given', label: `family and given name ("${words[0]} ${words.at(-1)}")`, q: `${words[0]} ${words.at(-1)}`, common: false },
    { key: 'whole_name', label: `a whole name ("${sample.applicant_name}")`, q: sample.applicant_name, common: false },
    // A female middle name and a male given name: each common, almost never together.
    { key: 'seldom_together', label: 'two words seldom together ("thị hùng")', q: 'thị hùng', common: false },
    { key: 'code_tail', label: `a partial code ("${tail}")`, q: tail, common: false },
    { key: 'sequence', label: `a sequence alone ("${tail.split('-')[1]}")`, q: tail.split('-')[1]!, common: false },
  ];
}

export const search: Benchmark = {
  id: ID,
  title: TITLE,
  async run(ctx) {
    const { db, dialect } = ctx;
    const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
    const svc = searchService({ db, clock: { now: () => new Date() }, config });
    const agencyId = await busiestReceivingAgency(db);
    const admin: StaffUser = { id: 0, username: 'bench', fullName: 'bench', role: 'admin', agencyId, agencyName: '' };
    const clerk: StaffUser = { ...admin, role: 'clerk' };
    const queries = await pickQueries(db, agencyId);
    const figures: Figure[] = [];
    const planLines: string[] = [TITLE, ''];
    const details: Record<string, { q: string; staff: string; total: number; timing: Timing; fullScans: string[]; indexes: string[] }> = {};
    let scansTotal = 0;
    for (const query of queries) {
      for (const [who, staff] of [['admin', admin], ['clerk', clerk]] as const) {
        const run = () => svc.search(staff, input(query.q));
        const { result, queries: sent } = await captureQueries(db, run);
        const timing = await measure(run, { warmup: Math.max(0, ctx.warmup - 1), runs: ctx.runs });
        // The page query is the one with LIMIT; its count has the same filters.
        const page = sent.find((s) => /\blimit\b/i.test(s.sql) && /order by/i.test(s.sql)) ?? sent[sent.length - 1]!;
        const plan = await explain(db, dialect, page);
        const scans = fullScans(dialect, plan, 'dossiers', ['d']);
        scansTotal += scans.length;
        const key = `${query.key}.${who}`;
        details[key] = { q: query.q, staff: who, total: result.total, timing, fullScans: scans, indexes: indexesUsed(dialect, plan) };
        ctx.log(`  ${who} ${query.label}: ${result.total} found, median ${timing.medianMs.toFixed(1)} ms, p95 ${timing.p95Ms.toFixed(1)} ms`);
        figures.push(below(`search.${key}.p95_ms`, `Search as ${who}, ${query.label}: ${result.total} found, p95 of ${timing.runs}`, timing.p95Ms, 'ms', query.common ? COMMON_TARGET_MS : TARGET_MS));
        planLines.push(`-- ${who}, ${query.label}: ${result.total} found; median ${timing.medianMs.toFixed(1)} ms, p95 ${timing.p95Ms.toFixed(1)} ms`, page.sql, JSON.stringify(page.bindings), plan, '');
      }
    }
    const planFile = ctx.artifact(`${ID}.plan.txt`, planLines.join('\n'));
    figures.unshift(info('db.dossier_search_words.rows', 'Rows in the word index', Number((await db('dossier_search_words').count({ n: '*' }).first())?.n ?? 0), 'rows'));
    figures.push({ id: 'search.no_full_scan', label: 'Searches read dossiers through indexes', value: scansTotal === 0, unit: '', target: 'no full scan of dossiers', pass: scansTotal === 0 });
    return { figures, details: { agencyId, planFile, queries: details } };
  },
};
