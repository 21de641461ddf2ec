/**
 * Load against a server in a child process, with what the server spent on it.
 *
 * - closedLoop: autocannon, N connections each sending its next request when the last
 *   answered (how much a server can take; its latency is connections ÷ throughput).
 * - fixedRate: an open loop, as wrk2: request i is due at start + i / rate whatever the
 *   server is doing, and its latency runs from when it was due (a request that waited
 *   for a free connection waited for the server), so a stall shows in p99 instead of
 *   slowing the sender down (coordinated omission).
 *
 * Each run reads the server's CPU time (and its database's, for PostgreSQL backends)
 * from /proc before and after, and the machine's load average after.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { cpuTimeMs, cpuTimeOfMs, loadAverage } from './process-stats.js';
import { percentile } from './timing.js';

export interface LoadRun {
  kind: 'closed' | 'fixed';
  /** Connections (closed loop) or the most sockets open at once (fixed rate). */
  connections: number;
  /** Offered rate (fixed rate only). */
  rate: number | null;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  /** The fixed-rate run's transport errors by code (ECONNRESET …), so that an error says what it was. */
  errorCodes?: Record<string, number>;
  non2xx: number;
  /** The server process's CPU time (user + system) over the run, ms. */
  cpuMs: number;
  /** Its database's (PostgreSQL backends serving it; 0 on SQLite, whose work is in-process). */
  dbCpuMs: number;
  /** (cpuMs + dbCpuMs) / requests. */
  cpuPerRequestMs: number;
  /** The machine's load average (1, 5, 15 min) at the end of the run. */
  loadavg: [number, number, number];
  /** Fixed rate: every request's latency, ms (for pooling slices). */
  latencies?: number[];
}

export interface Target {
  baseUrl: string;
  /** The server process. */
  pid: number;
  /** Processes doing its database work (PostgreSQL backends), read when the run starts and ends. */
  dbPids?: () => Promise<number[]>;
}

type Paths = readonly string[];

async function withCpu(target: Target, run: () => Promise<Omit<LoadRun, 'cpuMs' | 'dbCpuMs' | 'cpuPerRequestMs' | 'loadavg'>>): Promise<LoadRun> {
  const dbBefore = cpuByPid((await target.dbPids?.()) ?? []);
  const before = cpuTimeOfMs([target.pid]);
  const r = await run();
  const cpuMs = cpuTimeOfMs([target.pid]) - before;
  // A backend that connected during the run spent all its time in it; one that exited is lost (pools keep theirs).
  const dbAfter = cpuByPid((await target.dbPids?.()) ?? []);
  let dbCpuMs = 0;
  for (const [pid, ms] of dbAfter) dbCpuMs += ms - (dbBefore.get(pid) ?? 0);
  return { ...r, cpuMs, dbCpuMs, cpuPerRequestMs: (cpuMs + dbCpuMs) / Math.max(1, r.requests), loadavg: loadAverage() };
}

function cpuByPid(pids: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const pid of pids) {
    try {
      m.set(pid, cpuTimeMs(pid));
    } catch {
      // gone
    }
  }
  return m;
}

/** autocannon with `connections` for `seconds` (or exactly `amount` requests), paths in turn. */
export function closedLoop(target: Target, paths: Paths, opts: { connections: number; seconds: number; amount?: number; headers?: Record<string, string> }): Promise<LoadRun> {
  return withCpu(target, () => {
    let k = 0;
    return new Promise((resolve, reject) => {
      autocannon(
        {
          url: target.baseUrl,
          connections: opts.connections,
          ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds }),
          headers: opts.headers ?? {},
          requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[k++ % paths.length]! }) }],
        },
        (err, r) => {
          if (err) return reject(err);
          resolve({
            kind: 'closed',
            connections: opts.connections,
            rate: null,
            requests: r.requests.total,
            seconds: r.duration,
            rps: r.requests.total / r.duration,
            p50: r.latency.p50,
            p90: r.latency.p90,
            p99: r.latency.p99,
            max: r.latency.max,
            errors: r.errors + r.timeouts,
            non2xx: r.non2xx,
          });
        },
      );
    });
  });
}

/** An open loop at `rate` requests per second for `seconds`, at most `maxSockets` at once. */
export function fixedRate(target: Target, paths: Paths, opts: { rate: number; seconds: number; maxSockets?: number; headers?: Record<string, string> }): Promise<LoadRun> {
  const maxSockets = opts.maxSockets ?? 64;
  return withCpu(target, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets });
    const url = new URL(target.baseUrl);
    const total = Math.round(opts.rate * opts.seconds);
    const interval = 1000 / opts.rate;
    const latencies: number[] = [];
    let errors = 0;
    const errorCodes: Record<string, number> = {};
    const failed = (err: NodeJS.ErrnoException) => {
      errors++;
      const code = err.code ?? err.message;
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    };
    let non2xx = 0;
    let sent = 0;
    let done = 0;
    const start = performance.now();
    await new Promise<void>((resolve) => {
      const finish = () => {
        if (++done === total) resolve();
      };
      const fire = (due: number) => {
        const req = http.request({ host: url.hostname, port: url.port, path: paths[sent % paths.length], agent, headers: opts.headers ?? {} }, (res) => {
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            finish();
          });
          res.on('error', (err: NodeJS.ErrnoException) => {
            failed(err);
            finish();
          });
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          failed(err);
          finish();
        });
        req.end();
        sent++;
      };
      const tick = () => {
        const now = performance.now();
        while (sent < total && start + sent * interval <= now) fire(start + sent * interval);
        if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      };
      tick();
    });
    const seconds = (performance.now() - start) / 1000;
    agent.destroy();
    const sorted = latencies.sort((a, b) => a - b);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      kind: 'fixed',
      connections: maxSockets,
      rate: opts.rate,
      requests: total,
      seconds,
      rps: total / seconds,
      p50: r2(percentile(sorted, 50)),
      p90: r2(percentile(sorted, 90)),
      p99: r2(percentile(sorted, 99)),
      max: r2(sorted.at(-1) ?? NaN),
      errors,
      errorCodes,
      non2xx,
      latencies: sorted,
    };
  });
}

/**
 * Fixed-rate runs of two servers in alternating slices (A B A B …), so that both meet the
 * same machine: on a shared machine, load from elsewhere comes and goes in seconds. Each
 * server's slices pooled: p50/p99 over all its latencies, CPU over all its requests.
 */
export async function fixedRateAlternating(
  a: Target,
  b: Target,
  paths: Paths,
  opts: { rate: number; seconds: number; slices: number; headers?: Record<string, string> },
): Promise<[LoadRun, LoadRun]> {
  const runs: [LoadRun[], LoadRun[]] = [[], []];
  const slice = { ...opts, seconds: opts.seconds / opts.slices };
  for (let i = 0; i < opts.slices; i++) {
    // Which goes first alternates too.
    const order: Array<0 | 1> = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) runs[k].push(await fixedRate(k === 0 ? a : b, paths, slice));
  }
  return [pool(runs[0]), pool(runs[1])];
}

function pool(runs: readonly LoadRun[]): LoadRun {
  const latencies = runs.flatMap((r) => r.latencies ?? []).sort((x, y) => x - y);
  const sum = (f: (r: LoadRun) => number) => runs.reduce((s, r) => s + f(r), 0);
  const requests = sum((r) => r.requests);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    ...runs[0]!,
    requests,
    seconds: sum((r) => r.seconds),
    rps: requests / sum((r) => r.seconds),
    p50: r2(percentile(latencies, 50)),
    p90: r2(percentile(latencies, 90)),
    p99: r2(percentile(latencies, 99)),
    max: r2(latencies.at(-1) ?? NaN),
    errors: sum((r) => r.errors),
    non2xx: sum((r) => r.non2xx),
    cpuMs: sum((r) => r.cpuMs),
    dbCpuMs: sum((r) => r.dbCpuMs),
    cpuPerRequestMs: sum((r) => r.cpuMs + r.dbCpuMs) / Math.max(1, requests),
    loadavg: runs.at(-1)!.loadavg,
    latencies,
  };
}
