/**
 * The public status page (/s/<token>) under concurrent load, side by side with a baseline
 * in the same run: a bare Express route rendering the same template from an in-memory
 * object. Each server runs in its own child process (bench/servers/), the load generator
 * (autocannon, 64 connections) in the harness process. The app is hit on a random sample
 * of real tokens, so every request reads a different dossier (each read once before the
 * timed rounds); the baseline holds the same dossiers' view models in memory and renders
 * the same page for the same URL (checked before the load). Rounds alternate baseline / app after a warm-up of each; throughput is the
 * requests of all rounds over their time, p50 the median of the rounds', p99 the worst.
 * Targets: the app's throughput ≥ 60 % of the baseline's, its p99 < 50 ms, no errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Knex } from 'knex';
import { startChildServer, type ChildServer } from '../lib/child-server.js';
import { below, info, type Benchmark, type Figure } from '../lib/types.js';

const ID = 'status-page';
const TITLE = 'Public status page under load, against a bare-Express baseline';
const CONNECTIONS = 64;
const WARMUP_S = 3;
const ROUND_S = 10;
const ROUNDS = 2;
const SAMPLE = 5000;
const MIN_RATIO = 0.6;
const MAX_P99_MS = 50;

interface Round {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytesPerSecond: number;
}

/** Tokens of dossiers picked uniformly by id (an indexed lookup, not a sort of the table). */
async function sampleTokens(db: Knex, n: number): Promise<Array<{ token: string; status: string; code: string }>> {
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

/** `seconds` of load, or with `amount` exactly that many requests. */
function load(baseUrl: string, paths: readonly string[], seconds: number, amount?: number): Promise<Round> {
  let k = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections: CONNECTIONS,
        ...(amount ? { amount } : { duration: seconds }),
        headers: { accept: 'text/html' },
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({ ...req, path: paths[k++ % paths.length]! }),
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          requests: r.requests.total,
          seconds: r.duration,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.timeouts,
          non2xx: r.non2xx,
          bytesPerSecond: r.throughput.average,
        });
      },
    );
  });
}

/** The page without what differs per response (the CSRF token of the rating form). */
function pageBody(html: string): string {
  return html.replace(/name="_csrf" value="[^"]*"/g, '');
}

function combine(rounds: readonly Round[]) {
  const requests = rounds.reduce((s, r) => s + r.requests, 0);
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  const p50s = rounds.map((r) => r.p50).sort((a, b) => a - b);
  return {
    rps: requests / seconds,
    requests,
    p50: p50s[Math.floor((p50s.length - 1) / 2)]!,
    p99: Math.max(...rounds.map((r) => r.p99)),
    errors: rounds.reduce((s, r) => s + r.errors + r.non2xx, 0),
    bytesPerRequest: rounds.reduce((s, r) => s + r.bytesPerSecond * r.seconds, 0) / Math.max(1, requests),
  };
}

export const statusPage: Benchmark = {
  id: ID,
  title: TITLE,
  async run(ctx) {
    const sample = await sampleTokens(ctx.db, SAMPLE);
    if (sample.length === 0) throw new Error('No dossiers');
    const shuffled = sample.map((s) => `/s/${s.token}`);
    const tokensFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-')), 'tokens.txt');
    fs.writeFileSync(tokensFile, sample.map((s) => s.token).join('\n'));
    const env = { DATABASE_URL: ctx.databaseUrl, NODE_ENV: 'production', CSRF_SECRET: 'bench-only-csrf-secret-0123456789abcdef', LOG_LEVEL: 'info', SCHEDULER_ENABLED: 'false' };
    ctx.log(`  ${sample.length} dossiers; ${CONNECTIONS} connections, ${ROUNDS} × ${ROUND_S} s each after ${WARMUP_S} s warm-up`);

    let app: ChildServer | undefined;
    let baseline: ChildServer | undefined;
    const appRounds: Round[] = [];
    const baseRounds: Round[] = [];
    let checked = 0;
    try {
      app = await startChildServer('bench/servers/status-app.ts', env);
      baseline = await startChildServer('bench/servers/status-baseline.ts', { ...env, BASELINE_TOKENS_FILE: tokensFile }, 120_000);
      // The app must really serve each dossier's page before it is timed.
      for (const s of sample.slice(0, 20)) {
        const res = await fetch(`${app.baseUrl}/s/${s.token}`);
        const html = await res.text();
        if (res.status !== 200 || !html.includes(s.code)) throw new Error(`/s/<token> of ${s.code}: HTTP ${res.status}, page without its code`);
        checked++;
      }
      // Both servers render the same page for the same URL.
      for (const s of sample.slice(0, 20)) {
        const [mine, base] = await Promise.all([app.baseUrl, baseline.baseUrl].map(async (u) => (await fetch(`${u}/s/${s.token}`)).text()));
        if (!base!.includes(s.code) || pageBody(base!) !== pageBody(mine!)) throw new Error(`The baseline's page for ${s.code} differs from the app's`);
      }
      // Warm-up: every sampled dossier is read once (a server's page cache holds the
      // dossiers citizens look at; a cold read from this machine's disk is another matter),
      // and both processes get their code optimised.
      const warm = await load(app.baseUrl, shuffled, 0, shuffled.length);
      if (warm.errors + warm.non2xx > 0) throw new Error(`Warm-up: ${warm.errors} errors, ${warm.non2xx} non-2xx responses`);
      await load(baseline.baseUrl, shuffled, WARMUP_S);
      await load(app.baseUrl, shuffled, WARMUP_S);
      for (let i = 0; i < ROUNDS; i++) {
        baseRounds.push(await load(baseline.baseUrl, shuffled, ROUND_S));
        ctx.log(`  round ${i + 1} baseline: ${(baseRounds.at(-1)!.requests / baseRounds.at(-1)!.seconds).toFixed(0)} req/s, p99 ${baseRounds.at(-1)!.p99} ms`);
        appRounds.push(await load(app.baseUrl, shuffled, ROUND_S));
        ctx.log(`  round ${i + 1} app:      ${(appRounds.at(-1)!.requests / appRounds.at(-1)!.seconds).toFixed(0)} req/s, p99 ${appRounds.at(-1)!.p99} ms`);
      }
    } finally {
      await Promise.all([app?.stop(), baseline?.stop()]);
      fs.rmSync(path.dirname(tokensFile), { recursive: true, force: true });
    }
    const a = combine(appRounds);
    const b = combine(baseRounds);
    const ratio = a.rps / b.rps;
    const figures: Figure[] = [
      info('status_page.baseline.rps', `Baseline (bare Express, same template): throughput, ${CONNECTIONS} connections`, Math.round(b.rps), 'req/s'),
      info('status_page.baseline.p50_ms', 'Baseline: latency p50', b.p50, 'ms'),
      info('status_page.baseline.p99_ms', 'Baseline: latency p99', b.p99, 'ms'),
      info('status_page.app.rps', `Status page (real app, random dossiers): throughput, ${CONNECTIONS} connections`, Math.round(a.rps), 'req/s'),
      {
        id: 'status_page.ratio_pct',
        label: 'Status page throughput / baseline throughput',
        value: Math.round(ratio * 1000) / 10,
        unit: '%',
        target: `≥ ${MIN_RATIO * 100} %`,
        pass: ratio >= MIN_RATIO,
      },
      info('status_page.app.p50_ms', 'Status page: latency p50', a.p50, 'ms'),
      below('status_page.app.p99_ms', 'Status page: latency p99 (worst round)', a.p99, 'ms', MAX_P99_MS),
      {
        id: 'status_page.errors',
        label: 'Status page: errors and non-2xx responses',
        value: a.errors + b.errors,
        unit: 'responses',
        target: '0',
        pass: a.errors + b.errors === 0,
      },
    ];
    return {
      figures,
      details: {
        connections: CONNECTIONS,
        warmupSeconds: WARMUP_S,
        roundSeconds: ROUND_S,
        tokens: sample.length,
        pagesCheckedBeforeLoad: checked,
        statuses: Object.fromEntries([...new Set(sample.map((s) => s.status))].map((st) => [st, sample.filter((s) => s.status === st).length])),
        app: { ...a, rounds: appRounds },
        baseline: { ...b, rounds: baseRounds },
      },
    };
  },
};
