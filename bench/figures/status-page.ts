/**
 * The public status page (/s/<token>) and its JSON (/s/<token>.json) under load, side by
 * side with a baseline in the same run: a bare Express route rendering the same template
 * (or the same JSON) from in-memory objects. Each server runs in its own child process
 * (bench/servers/), the load generators in the harness process.
 *
 * What is judged is what the server itself spends: its CPU time per request (user +
 * system of the server process, read from /proc; on PostgreSQL plus its backends'), the
 * app's against the baseline's, and the p99 of a fixed-rate run (both offered the same
 * rate, an open loop: latency from when each request was due). Throughput and the closed
 * loop's latencies (autocannon, 64 connections) are information: on a shared machine
 * they move with whatever else runs. The machine's load average is recorded with each run.
 *
 * The app is hit on a random sample of real tokens, so every request reads a different
 * dossier (each read once before timing); the baseline holds the same dossiers' view
 * models and answers the same URL with the same page (checked before the load).
 * Targets: CPU per request ≤ 1.6 × the baseline's (≥ 62.5 % efficiency), fixed-rate p99
 * ≤ 1.5 × the baseline's, no errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { startChildServer, type ChildServer } from '../lib/child-server.js';
import { closedLoop, fixedRateAlternating, type LoadRun, type Target } from '../lib/load.js';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { translators } from '../../src/i18n.js';
import { publicDossierByToken } from '../../src/features/public-status/public-status.repo.js';
import { preparedRead } from '../../src/db/prepared.js';
import { services } from '../../src/services.js';
import { cpuTimeOfMs, loadText, rssMiB } from '../lib/process-stats.js';
import { info, type Benchmark, type Figure } from '../lib/types.js';

const ID = 'status-page';
const TITLE = 'Public status page and its JSON: server CPU per request and fixed-rate p99, against a bare-Express baseline';
const CONNECTIONS = 64;
const WARMUP_S = 3;
const ROUND_S = 10;
const ROUNDS = 2;
const FIXED_S = 20;
const FIXED_SLICES = 4;
const SAMPLE = 5000;
const MAX_CPU_RATIO = 1.6;
const MAX_P99_RATIO = 1.5;

interface Variant {
  name: 'html' | 'json';
  label: string;
  suffix: string;
  headers: Record<string, string>;
}
const VARIANTS: readonly Variant[] = [
  { name: 'html', label: 'Status page', suffix: '', headers: { accept: 'text/html' } },
  { name: 'json', label: 'Status JSON', suffix: '.json', headers: { accept: 'application/json' } },
];

/** Tokens of dossiers picked uniformly by id (an indexed lookup, not a sort of the table). */
export async function sampleTokens(db: Knex, n: number): Promise<Array<{ token: string; status: string; code: string }>> {
  const bounds = (await db('dossiers').min({ lo: 'id' }).max({ hi: 'id' }).first()) as { lo: number | string; hi: number | string };
  const lo = Number(bounds.lo);
  const hi = Number(bounds.hi);
  const ids = new Set<number>();
  for (let i = 0; i < n * 2 && ids.size < Math.min(n, hi - lo + 1); i++) ids.add(lo + Math.floor(Math.random() * (hi - lo + 1)));
  const rows: Array<{ public_token: string; status: string; code: string }> = [];
  const list = [...ids];
  for (let i = 0; i < list.length; i += 500) rows.push(...(await db('dossiers').whereIn('id', list.slice(i, i + 500)).select('public_token', 'status', 'code')));
  return rows.map((r) => ({ token: r.public_token, status: r.status, code: r.code }));
}

/** PostgreSQL backends of the benchmarked database (their CPU is the app's database work); none on SQLite. */
export function backendPids(db: Knex, dialect: string): (() => Promise<number[]>) | undefined {
  if (dialect !== 'postgres') return undefined;
  return async () => {
    const r = (await db.raw(`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`)) as { rows: Array<{ pid: number }> };
    return r.rows.map((x) => Number(x.pid));
  };
}

/**
 * Where a request's CPU goes beyond the baseline's, measured in this process with no HTTP:
 * the status page's one prepared read (publicDossierByToken), and the service that turns
 * it into the view model in Vietnamese (byTokenIn, the read included), which the page
 * renders and the JSON maps to Open311. CPU of this process (every thread: the SQLite driver works on libuv's)
 * plus, on PostgreSQL, this harness's backends. Two passes over the sample after one.
 *
 * And the least any page that reads the database per request must spend: a prepared read
 * of one dossier's id by its token (`cheapestReadMs`). Beside the baseline's CPU it bounds
 * from below what an uncached status page can reach, whatever its middleware.
 */
const cheapestRead = preparedRead('bench_dossier_id_by_token', (db) => db('dossiers').where('public_token', '').select('id'));

async function requestParts(db: Knex, dialect: string, tokens: readonly string[]): Promise<{ readMs: number; serviceMs: number; cheapestReadMs: number }> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const svc = services({ db, config, clock: { now: () => new Date() }, logger: pino({ level: 'silent' }) });
  // Unlike backendPids, every backend of the database counts, the one asking too: the
  // harness's own pool connections are the ones doing the reads measured here.
  const backends = async (): Promise<number[]> => {
    if (dialect !== 'postgres') return [];
    const r = (await db.raw(`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`)) as { rows: Array<{ pid: number }> };
    return r.rows.map((x) => Number(x.pid));
  };
  async function cpuPerCall(fn: (token: string) => Promise<unknown>): Promise<number> {
    for (const t of tokens) await fn(t);
    const before = await backends();
    const dbBefore = new Map(before.map((pid) => [pid, cpuTimeOfMs([pid])]));
    const start = process.cpuUsage();
    for (let pass = 0; pass < 2; pass++) for (const t of tokens) await fn(t);
    const own = process.cpuUsage(start);
    // A backend that appeared meanwhile counts whole.
    const dbMs = (await backends()).reduce((sum, pid) => sum + cpuTimeOfMs([pid]) - (dbBefore.get(pid) ?? 0), 0);
    return ((own.user + own.system) / 1000 + dbMs) / (tokens.length * 2);
  }
  const cheapestReadMs = await cpuPerCall((t) => cheapestRead.all(db, [t]));
  const readMs = await cpuPerCall((t) => publicDossierByToken(db, t));
  const serviceMs = await cpuPerCall((t) => svc.publicStatus.byTokenIn(t, translators.vi));
  return { readMs, serviceMs, cheapestReadMs };
}

/** The page without what differs per response (the CSRF token of the rating form). */
function pageBody(html: string): string {
  return html.replace(/name="_csrf" value="[^"]*"/g, '');
}

/** Closed-loop rounds together: requests over time, median p50, worst p99, CPU over requests. */
export function combine(runs: readonly LoadRun[]) {
  const requests = runs.reduce((s, r) => s + r.requests, 0);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const p50s = runs.map((r) => r.p50).sort((a, b) => a - b);
  const cpu = runs.reduce((s, r) => s + r.cpuMs + r.dbCpuMs, 0);
  return {
    rps: requests / seconds,
    requests,
    p50: p50s[Math.floor((p50s.length - 1) / 2)]!,
    p99: Math.max(...runs.map((r) => r.p99)),
    errors: runs.reduce((s, r) => s + r.errors + r.non2xx, 0),
    cpuPerRequestMs: cpu / Math.max(1, requests),
    dbCpuPerRequestMs: runs.reduce((s, r) => s + r.dbCpuMs, 0) / Math.max(1, requests),
    loadavg: runs.map((r) => loadText(r.loadavg)),
  };
}

const ms2 = (x: number) => Math.round(x * 1000) / 1000;

function describe(who: string, r: LoadRun): string {
  const db = r.dbCpuMs > 0 ? ` (db ${(r.dbCpuMs / r.requests).toFixed(3)})` : '';
  return `${who}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} p99 ${r.p99} ms, CPU ${r.cpuPerRequestMs.toFixed(3)} ms/req${db}, load ${loadText(r.loadavg)}`;
}

export const statusPage: Benchmark = {
  id: ID,
  title: TITLE,
  async run(ctx) {
    const sample = await sampleTokens(ctx.db, SAMPLE);
    if (sample.length === 0) throw new Error('No dossiers');
    const tokensFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-')), 'tokens.txt');
    fs.writeFileSync(tokensFile, sample.map((s) => s.token).join('\n'));
    const env = { DATABASE_URL: ctx.databaseUrl, NODE_ENV: 'production', CSRF_SECRET: 'bench-only-csrf-secret-0123456789abcdef', LOG_LEVEL: 'info', SCHEDULER_ENABLED: 'false' };
    const profile = ctx.profileDir ? [`--cpu-prof`, `--cpu-prof-dir=${ctx.profileDir}`] : [];
    ctx.log(`  ${sample.length} dossiers; closed loop ${CONNECTIONS} connections, ${ROUNDS} × ${ROUND_S} s after ${WARMUP_S} s warm-up; fixed rate ${ctx.rate} req/s × ${FIXED_S} s each in ${FIXED_SLICES} alternating slices`);

    let app: ChildServer | undefined;
    let baseline: ChildServer | undefined;
    const results: Record<string, { app: LoadRun[]; base: LoadRun[]; appFixed: LoadRun; baseFixed: LoadRun }> = {};
    let rss: Record<string, number> = {};
    try {
      app = await startChildServer('bench/servers/status-app.ts', env, 30_000, profile);
      baseline = await startChildServer('bench/servers/status-baseline.ts', { ...env, BASELINE_TOKENS_FILE: tokensFile }, 120_000);
      const appT: Target = { baseUrl: app.baseUrl, pid: app.pid, dbPids: backendPids(ctx.db, ctx.dialect) };
      const baseT: Target = { baseUrl: baseline.baseUrl, pid: baseline.pid };
      rss = { appAtStart: rssMiB(app.pid), baselineAtStart: rssMiB(baseline.pid) };
      // The app serves each dossier's page, and both servers the same page and JSON for the same URL.
      for (const s of sample.slice(0, 20)) {
        for (const v of VARIANTS) {
          const [mine, base] = await Promise.all([app.baseUrl, baseline.baseUrl].map(async (u) => {
            const res = await fetch(`${u}/s/${s.token}${v.suffix}`, { headers: v.headers });
            if (res.status !== 200) throw new Error(`${u}/s/<token>${v.suffix} of ${s.code}: HTTP ${res.status}`);
            return res.text();
          }));
          if (!mine!.includes(s.code) || pageBody(base!) !== pageBody(mine!)) throw new Error(`The baseline's ${v.name} for ${s.code} differs from the app's`);
        }
      }
      // Every sampled dossier is read once (a server's page cache holds the dossiers
      // citizens look at; a cold read from this machine's disk is another matter).
      const html = sample.map((s) => `/s/${s.token}`);
      const warm = await closedLoop(appT, html, { connections: CONNECTIONS, seconds: 0, amount: html.length, headers: VARIANTS[0]!.headers });
      if (warm.errors + warm.non2xx > 0) throw new Error(`Warm-up: ${warm.errors} errors, ${warm.non2xx} non-2xx responses`);
      for (const v of VARIANTS) {
        const urls = sample.map((s) => `/s/${s.token}${v.suffix}`);
        const opts = { connections: CONNECTIONS, seconds: ROUND_S, headers: v.headers };
        await closedLoop(baseT, urls, { ...opts, seconds: WARMUP_S });
        await closedLoop(appT, urls, { ...opts, seconds: WARMUP_S });
        const r = { app: [] as LoadRun[], base: [] as LoadRun[] };
        for (let i = 0; i < ROUNDS; i++) {
          r.base.push(await closedLoop(baseT, urls, opts));
          ctx.log(`  ${v.name} round ${i + 1} ${describe('baseline', r.base.at(-1)!)}`);
          r.app.push(await closedLoop(appT, urls, opts));
          ctx.log(`  ${v.name} round ${i + 1} ${describe('app     ', r.app.at(-1)!)}`);
        }
        const [baseFixed, appFixed] = await fixedRateAlternating(baseT, appT, urls, { rate: ctx.rate, seconds: FIXED_S, slices: FIXED_SLICES, headers: v.headers });
        ctx.log(`  ${v.name} fixed ${describe('baseline', baseFixed)}`);
        ctx.log(`  ${v.name} fixed ${describe('app     ', appFixed)}`);
        results[v.name] = { ...r, appFixed, baseFixed };
      }
      rss = { ...rss, appAfterLoad: rssMiB(app.pid), baselineAfterLoad: rssMiB(baseline.pid) };
    } finally {
      await Promise.all([app?.stop(), baseline?.stop()]);
      fs.rmSync(path.dirname(tokensFile), { recursive: true, force: true });
    }

    // Measured once the servers have stopped, so nothing else runs in this process.
    const parts = await requestParts(ctx.db, ctx.dialect, sample.slice(0, 2000).map((s) => s.token));
    const figures: Figure[] = [];
    const details: Record<string, unknown> = { parts, connections: CONNECTIONS, warmupSeconds: WARMUP_S, roundSeconds: ROUND_S, fixedSeconds: FIXED_S, rate: ctx.rate, tokens: sample.length, rssMiB: rss };
    let errors = 0;
    for (const v of VARIANTS) {
      const r = results[v.name]!;
      const a = combine(r.app);
      const b = combine(r.base);
      const key = `status_page.${v.name}`;
      const cpuRatio = a.cpuPerRequestMs / b.cpuPerRequestMs;
      const p99Ratio = r.appFixed.p99 / r.baseFixed.p99;
      errors += a.errors + b.errors + r.appFixed.errors + r.appFixed.non2xx + r.baseFixed.errors + r.baseFixed.non2xx;
      figures.push(
        info(`${key}.baseline.cpu_ms`, `${v.label} baseline: server CPU per request (load ${b.loadavg.join(' / ')})`, ms2(b.cpuPerRequestMs), 'ms'),
        info(`${key}.app.cpu_ms`, `${v.label} app: server CPU per request${ctx.dialect === 'postgres' ? ` (of it PostgreSQL ${ms2(a.dbCpuPerRequestMs)})` : ''} (load ${a.loadavg.join(' / ')})`, ms2(a.cpuPerRequestMs), 'ms'),
        {
          id: `${key}.cpu_ratio`,
          label: `${v.label}: app CPU / baseline CPU per request (efficiency ${Math.round(100 / cpuRatio)} %)`,
          value: Math.round(cpuRatio * 100) / 100,
          unit: '×',
          target: `≤ ${MAX_CPU_RATIO} ×`,
          pass: cpuRatio <= MAX_CPU_RATIO,
        },
        info(
          `${key}.parts`,
          `${v.label}: app CPU/request = baseline + read + service + rest (middleware, routing, log)`,
          `${ms2(a.cpuPerRequestMs)} = ${ms2(b.cpuPerRequestMs)} + ${ms2(parts.readMs)} + ${ms2(parts.serviceMs - parts.readMs)} + ${ms2(a.cpuPerRequestMs - b.cpuPerRequestMs - parts.serviceMs)}`,
          'ms',
        ),
        info(
          `${key}.floor_ratio`,
          `${v.label}: floor, no middleware ((baseline + read + service) / baseline; ${MAX_CPU_RATIO} × leaves ${ms2(MAX_CPU_RATIO * b.cpuPerRequestMs - b.cpuPerRequestMs - parts.serviceMs)} ms for the rest)`,
          Math.round(((b.cpuPerRequestMs + parts.serviceMs) / b.cpuPerRequestMs) * 100) / 100,
          '×',
        ),
        info(
          `${key}.read_floor_ratio`,
          `${v.label}: floor of any uncached page ((baseline + the cheapest read, a dossier's id by its token, ${ms2(parts.cheapestReadMs)} ms) / baseline)`,
          Math.round(((b.cpuPerRequestMs + parts.cheapestReadMs) / b.cpuPerRequestMs) * 100) / 100,
          '×',
        ),
        info(`${key}.fixed.baseline.p99_ms`, `${v.label} baseline at ${ctx.rate} req/s: p50 ${r.baseFixed.p50} ms, p99 (load ${loadText(r.baseFixed.loadavg)})`, r.baseFixed.p99, 'ms'),
        info(`${key}.fixed.app.p99_ms`, `${v.label} app at ${ctx.rate} req/s: p50 ${r.appFixed.p50} ms, p99 (load ${loadText(r.appFixed.loadavg)})`, r.appFixed.p99, 'ms'),
        {
          id: `${key}.fixed.p99_ratio`,
          label: `${v.label}: app p99 / baseline p99 at ${ctx.rate} req/s`,
          value: Math.round(p99Ratio * 100) / 100,
          unit: '×',
          target: `≤ ${MAX_P99_RATIO} ×`,
          pass: p99Ratio <= MAX_P99_RATIO,
        },
        info(`${key}.fixed.cpu_ms`, `${v.label} at ${ctx.rate} req/s: CPU per request app / baseline`, `${ms2(r.appFixed.cpuPerRequestMs)} / ${ms2(r.baseFixed.cpuPerRequestMs)}`, 'ms'),
        info(`${key}.closed.rps`, `${v.label}, ${CONNECTIONS} connections: throughput app / baseline (${Math.round((a.rps / b.rps) * 100)} %)`, `${Math.round(a.rps)} / ${Math.round(b.rps)}`, 'req/s'),
        info(`${key}.closed.p99`, `${v.label}, ${CONNECTIONS} connections: p50 / p99 app (baseline)`, `${a.p50} / ${a.p99} (${b.p50} / ${b.p99})`, 'ms'),
      );
      const fixedOf = (f: LoadRun) => ({ ...f, latencies: undefined });
      details[v.name] = { app: { ...a, rounds: r.app, fixed: fixedOf(r.appFixed) }, baseline: { ...b, rounds: r.base, fixed: fixedOf(r.baseFixed) } };
    }
    figures.push(
      info('status_page.rss_mib', 'App resident memory: at start / after the status-page load (baseline after)', `${Math.round(rss.appAtStart!)} / ${Math.round(rss.appAfterLoad!)} (${Math.round(rss.baselineAfterLoad!)})`, 'MiB'),
      { id: 'status_page.errors', label: 'Status page and JSON: errors and non-2xx responses (both servers, every run)', value: errors, unit: 'responses', target: '0', pass: errors === 0 },
    );
    return { figures, details };
  },
};
