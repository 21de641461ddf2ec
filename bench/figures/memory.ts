/**
 * The app's resident memory (RSS of the server process, /proc): at start, after a load of
 * status pages, after a 200-receipt batch print (the printed-receipts PDF a batch print
 * redirects to, which records nothing), and over a soak of status pages at the fixed rate
 * (--rate, default 300 req/s) for --soak seconds (default 600), sampled every 10 s. The
 * curve goes into the JSON and `<timestamp>-<dialect>.memory.csv`.
 *
 * The app runs as for the status-page benchmark (bench/servers/status-app.ts, production
 * mode, request log on). The batch is printed by a bulk clerk (`bulk.<eid>.tn01`, signed in
 * through the login form and signed out at the end: the session row goes, the login's
 * rate-limit counter stays) for the 200 latest dossiers of the clerk's agency.
 *
 * Target: no growth over the soak — the lowest sample of its last third (the floor the
 * garbage collector comes back to, what a leak raises) at most 5 % above the lowest of its
 * middle third (the first third lets the heap settle); 0 errors.
 */
import http from 'node:http';
import { startChildServer, type ChildServer } from '../lib/child-server.js';
import { signIn } from '../lib/http.js';
import { closedLoop, fixedRate, type LoadRun, type Target } from '../lib/load.js';
import { loadText, rssMiB } from '../lib/process-stats.js';
import { info, type Benchmark, type Figure } from '../lib/types.js';
import { paths } from '../../src/web/paths.js';
import { backendPids, sampleTokens } from './status-page.js';

const SAMPLE = 5000;
const LOAD_S = 20;
const BATCH = 200;
const EVERY_S = 10;
const MAX_GROWTH = 0.05;
const BULK_PASSWORD = 'motcua2026';

const floor = (xs: readonly number[]) => Math.min(...xs);
const mib = (x: number) => Math.round(x * 10) / 10;

export const memory: Benchmark = {
  id: 'memory',
  title: 'App memory: after status-page load, after a 200-receipt batch print, over a soak at the fixed rate',
  async run(ctx) {
    const sample = await sampleTokens(ctx.db, SAMPLE);
    if (sample.length === 0) throw new Error('No dossiers');
    const clerk = (await ctx.db('users').where('username', 'like', 'bulk.%.tn01').andWhere('active', true).orderBy('id').first('username', 'agency_id')) as
      | { username: string; agency_id: number }
      | undefined;
    if (!clerk) throw new Error('No bulk clerk (bulk.<eid>.tn01): seed with npm run seed:bulk');
    const ids = (await ctx.db('dossiers').where('agency_id', clerk.agency_id).orderBy('id', 'desc').limit(BATCH).pluck('id')).map(Number);
    const env = { DATABASE_URL: ctx.databaseUrl, NODE_ENV: 'production', CSRF_SECRET: 'bench-only-csrf-secret-0123456789abcdef', LOG_LEVEL: 'info', SCHEDULER_ENABLED: 'false' };
    const urls = sample.map((s) => `/s/${s.token}`);
    const headers = { accept: 'text/html' };
    ctx.log(`  status load ${LOAD_S} s; batch of ${ids.length} receipts as ${clerk.username}; soak ${ctx.soakSeconds} s at ${ctx.rate} req/s, RSS every ${EVERY_S} s`);

    let app: ChildServer | undefined;
    const agent = new http.Agent({ keepAlive: true });
    const rss: Record<string, number> = {};
    const curve: Array<{ s: number; rssMiB: number; load: string }> = [];
    let errors = 0;
    let batch = { ms: 0, bytes: 0 };
    let soak: LoadRun | undefined;
    try {
      app = await startChildServer('bench/servers/status-app.ts', env);
      const target: Target = { baseUrl: app.baseUrl, pid: app.pid, dbPids: backendPids(ctx.db, ctx.dialect) };
      rss.start = rssMiB(app.pid);
      const load = await closedLoop(target, urls, { connections: 64, seconds: LOAD_S, headers });
      errors += load.errors + load.non2xx;
      rss.afterStatusLoad = rssMiB(app.pid);

      const session = await signIn(app.baseUrl, agent, clerk.username, BULK_PASSWORD, paths.home);
      try {
        const started = performance.now();
        const pdf = await session.get(`${paths.dossiers.printedReceipts(ids)}`);
        batch = { ms: performance.now() - started, bytes: Buffer.byteLength(pdf.body) };
        if (pdf.status !== 200) throw new Error(`The batch PDF: HTTP ${pdf.status}`);
        rss.afterBatchPrint = rssMiB(app.pid);
      } finally {
        await session.postForm(paths.logout, { _csrf: session.csrf });
      }

      const pid = app.pid;
      const t0 = performance.now();
      const timer = setInterval(() => curve.push({ s: Math.round((performance.now() - t0) / 1000), rssMiB: mib(rssMiB(pid)), load: loadText() }), EVERY_S * 1000);
      curve.push({ s: 0, rssMiB: mib(rssMiB(pid)), load: loadText() });
      try {
        soak = await fixedRate(target, urls, { rate: ctx.rate, seconds: ctx.soakSeconds, headers });
      } finally {
        clearInterval(timer);
      }
      curve.push({ s: Math.round((performance.now() - t0) / 1000), rssMiB: mib(rssMiB(pid)), load: loadText() });
      errors += soak.errors + soak.non2xx;
      rss.afterSoak = rssMiB(pid);
    } finally {
      agent.destroy();
      await app?.stop();
    }
    ctx.artifact('memory.csv', `seconds,rss_mib,loadavg\n${curve.map((c) => `${c.s},${c.rssMiB},${c.load}`).join('\n')}\n`);
    const third = Math.max(1, Math.floor(curve.length / 3));
    const middle = floor(curve.slice(third, 2 * third).map((c) => c.rssMiB));
    const last = floor(curve.slice(2 * third).map((c) => c.rssMiB));
    const growth = last / middle - 1;
    const figures: Figure[] = [
      info('memory.rss.start', 'App RSS at start', mib(rss.start!), 'MiB'),
      info('memory.rss.after_status', `App RSS after ${LOAD_S} s of status pages (64 connections)`, mib(rss.afterStatusLoad!), 'MiB'),
      info('memory.rss.after_batch', `App RSS after a ${ids.length}-receipt batch PDF (${Math.round(batch.ms)} ms, ${Math.round(batch.bytes / 1024)} KB)`, mib(rss.afterBatchPrint!), 'MiB'),
      info('memory.soak.curve', `Soak, ${ctx.soakSeconds} s at ${ctx.rate} req/s: RSS every ${EVERY_S} s`, curve.map((c) => c.rssMiB).join(' '), 'MiB'),
      info('memory.soak.p99', `Soak: p50 / p99 latency (load at end ${soak ? loadText(soak.loadavg) : ''})`, soak ? `${soak.p50} / ${soak.p99}` : '', 'ms'),
      {
        id: 'memory.soak.growth_pct',
        label: 'Soak: RSS growth, lowest of the last third over lowest of the middle third',
        value: Math.round(growth * 1000) / 10,
        unit: '%',
        target: `≤ ${MAX_GROWTH * 100} %`,
        pass: growth <= MAX_GROWTH,
      },
      {
        id: 'memory.errors',
        label: `Memory runs: errors and non-2xx responses${soak?.errorCodes && Object.keys(soak.errorCodes).length ? ` (soak: ${Object.entries(soak.errorCodes).map(([c, n]) => `${c} × ${n}`).join(', ')})` : ''}`,
        value: errors,
        unit: 'responses',
        target: '0',
        pass: errors === 0,
      },
    ];
    return { figures, details: { rssMiB: rss, batch: { receipts: ids.length, ...batch }, curve, soak: soak && { ...soak, latencies: undefined } } };
  },
};
