/**
 * The pages staff live in — the officer's queue, the dossier page, the clerk's home and the
 * search results — under load, each against a bare render of the same template with the
 * same data: the app (bench/servers/status-app.ts with BENCH_BARE_RENDER=1) captures the
 * locals of its res.render for each URL, and a bare Express server in the same process
 * renders them again (no middleware, no database, no log). The two are loaded one after
 * the other, so the process's CPU time over each run is that server's.
 *
 * The members of staff are the bulk accounts of the agency that received most dossiers
 * (`bulk.<eid>.tn01` clerk, `.cv01` officer; sign-in through the login form, sign-out at
 * the end). Each page's queries are also timed one by one on an in-process app (knex's
 * query events) into `<timestamp>-<dialect>.staff-pages.queries.txt`: where a page's time
 * goes when it misses its target.
 *
 * Target: CPU per request ≤ 2.5 × the bare render's; 0 errors.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/deps.js';
import { paths } from '../../src/web/paths.js';
import pino from 'pino';
import { startChildServer, type ChildServer } from '../lib/child-server.js';
import { listen, signIn, type HttpSession } from '../lib/http.js';
import { closedLoop, type LoadRun } from '../lib/load.js';
import { loadText } from '../lib/process-stats.js';
import { info, type Benchmark, type Figure } from '../lib/types.js';
import { combine, backendPids } from './status-page.js';

const MAX_RATIO = 2.5;
const CONNECTIONS = 8;
const ROUND_S = 8;
const ROUNDS = 2;
const PASSWORD = 'motcua2026';

interface Page {
  id: string;
  label: string;
  as: 'clerk' | 'officer';
  url: string;
}

export const staffPages: Benchmark = {
  id: 'staff-pages',
  title: 'Staff pages (queue, dossier, clerk home, search) against a bare render of the same template and data',
  async run(ctx) {
    const busiest = (await ctx.db('dossiers').groupBy('agency_id').select('agency_id').count({ n: '*' }).orderBy('n', 'desc').first()) as { agency_id: number } | undefined;
    if (!busiest) throw new Error('No dossiers');
    const users = (await ctx.db('users').where('agency_id', busiest.agency_id).andWhere('active', true).andWhere((q) => q.where('username', 'like', 'bulk.%.tn01').orWhere('username', 'like', 'bulk.%.cv01')).select('id', 'username', 'role')) as Array<{
      id: number;
      username: string;
      role: string;
    }>;
    const clerk = users.find((u) => u.role === 'clerk');
    const officer = users.find((u) => u.role === 'officer');
    if (!clerk || !officer) throw new Error(`No bulk clerk and officer in agency ${busiest.agency_id}: seed with npm run seed:bulk`);
    const dossier = ((await ctx.db('dossiers').where('assigned_to', officer.id).orderBy('id', 'desc').first('id', 'applicant_name')) ??
      (await ctx.db('dossiers').where('agency_id', busiest.agency_id).orderBy('id', 'desc').first('id', 'applicant_name'))) as { id: number; applicant_name: string };
    const pages: Page[] = [
      { id: 'queue', label: "Officer's queue", as: 'officer', url: paths.queue },
      { id: 'dossier', label: 'Dossier page (officer)', as: 'officer', url: paths.dossiers.show(Number(dossier.id)) },
      { id: 'clerk_home', label: "Clerk's home", as: 'clerk', url: paths.home },
      { id: 'search', label: `Search results (clerk, a whole name)`, as: 'clerk', url: `${paths.dossiers.list}?q=${encodeURIComponent(dossier.applicant_name)}` },
    ];
    const env = { DATABASE_URL: ctx.databaseUrl, NODE_ENV: 'production', CSRF_SECRET: 'bench-only-csrf-secret-0123456789abcdef', LOG_LEVEL: 'info', SCHEDULER_ENABLED: 'false', BENCH_BARE_RENDER: '1' };
    ctx.log(`  agency ${busiest.agency_id}: ${clerk.username}, ${officer.username}; ${CONNECTIONS} connections, ${ROUNDS} × ${ROUND_S} s per server and page`);

    let server: ChildServer | undefined;
    const agent = new http.Agent({ keepAlive: true });
    const sessions: Partial<Record<Page['as'], HttpSession>> = {};
    const results: Record<string, { app: LoadRun[]; bare: LoadRun[] }> = {};
    const queryLog: string[] = [];
    try {
      server = await startChildServer('bench/servers/status-app.ts', env, 60_000);
      if (!server.bareUrl) throw new Error('The app server did not start its bare renderer');
      sessions.clerk = await signIn(server.baseUrl, agent, clerk.username, PASSWORD, paths.home);
      sessions.officer = await signIn(server.baseUrl, agent, officer.username, PASSWORD, paths.queue);
      const app = { baseUrl: server.baseUrl, pid: server.pid, dbPids: backendPids(ctx.db, ctx.dialect) };
      const bare = { baseUrl: server.bareUrl, pid: server.pid };
      for (const p of pages) {
        const s = sessions[p.as]!;
        const first = await s.get(p.url);
        if (first.status !== 200) throw new Error(`${p.url} as ${p.as}: HTTP ${first.status}`);
        const again = await fetch(`${server.bareUrl}${p.url}`);
        if (again.status !== 200) throw new Error(`bare render of ${p.url}: HTTP ${again.status}`);
        const headers = s.cookieHeader();
        const r = { app: [] as LoadRun[], bare: [] as LoadRun[] };
        await closedLoop(app, [p.url], { connections: CONNECTIONS, seconds: 2, headers });
        await closedLoop(bare, [p.url], { connections: CONNECTIONS, seconds: 2 });
        for (let i = 0; i < ROUNDS; i++) {
          r.bare.push(await closedLoop(bare, [p.url], { connections: CONNECTIONS, seconds: ROUND_S }));
          r.app.push(await closedLoop(app, [p.url], { connections: CONNECTIONS, seconds: ROUND_S, headers }));
          ctx.log(`  ${p.id}: app ${r.app.at(-1)!.cpuPerRequestMs.toFixed(3)} ms CPU/req (${r.app.at(-1)!.rps.toFixed(0)} req/s), bare ${r.bare.at(-1)!.cpuPerRequestMs.toFixed(3)} (${r.bare.at(-1)!.rps.toFixed(0)} req/s), load ${loadText()}`);
        }
        results[p.id] = r;
      }

      // Query by query, on an in-process app with the same sessions.
      const local = await listen(createApp({ db: ctx.db, config: loadConfig(), clock: systemClock, logger: pino({ level: 'silent' }) }));
      try {
        for (const p of pages) {
          const started = new Map<string, { sql: string; at: number }>();
          const done: Array<{ sql: string; ms: number }> = [];
          const onQuery = (q: { sql: string; __knexQueryUid: string }) => started.set(q.__knexQueryUid, { sql: q.sql, at: performance.now() });
          const onResponse = (_r: unknown, q: { __knexQueryUid: string }) => {
            const s = started.get(q.__knexQueryUid);
            if (s) done.push({ sql: s.sql, ms: performance.now() - s.at });
          };
          const s = sessions[p.as]!;
          await fetch(`${local.baseUrl}${p.url}`, { headers: s.cookieHeader() });
          ctx.db.on('query', onQuery).on('query-response', onResponse);
          const t0 = performance.now();
          const res = await fetch(`${local.baseUrl}${p.url}`, { headers: s.cookieHeader() });
          await res.text();
          const total = performance.now() - t0;
          ctx.db.off('query', onQuery).off('query-response', onResponse);
          const dbMs = done.reduce((a, q) => a + q.ms, 0);
          queryLog.push(`== ${p.label} ${p.url}: HTTP ${res.status}, ${total.toFixed(1)} ms, ${done.length} queries, ${dbMs.toFixed(1)} ms in queries (wall, overlapping when concurrent)`);
          for (const q of done) queryLog.push(`${q.ms.toFixed(2).padStart(8)} ms  ${q.sql.replace(/\s+/g, ' ').slice(0, 220)}`);
          queryLog.push('');
        }
      } finally {
        await local.close();
      }
    } finally {
      for (const s of Object.values(sessions)) await s?.postForm(paths.logout, { _csrf: s.csrf }).catch(() => undefined);
      agent.destroy();
      await server?.stop();
    }
    ctx.artifact('staff-pages.queries.txt', `${queryLog.join('\n')}\n`);

    const figures: Figure[] = [];
    let errors = 0;
    for (const p of pages) {
      const a = combine(results[p.id]!.app);
      const b = combine(results[p.id]!.bare);
      errors += a.errors + b.errors;
      const ratio = a.cpuPerRequestMs / b.cpuPerRequestMs;
      figures.push(
        info(`staff.${p.id}.cpu_ms`, `${p.label}: CPU per request app / bare render (load ${a.loadavg.join(' / ')})`, `${a.cpuPerRequestMs.toFixed(3)} / ${b.cpuPerRequestMs.toFixed(3)}`, 'ms'),
        { id: `staff.${p.id}.cpu_ratio`, label: `${p.label}: app CPU / bare render CPU`, value: Math.round(ratio * 100) / 100, unit: '×', target: `≤ ${MAX_RATIO} ×`, pass: ratio <= MAX_RATIO },
        info(`staff.${p.id}.rps`, `${p.label}, ${CONNECTIONS} connections: throughput app / bare; p99 app`, `${Math.round(a.rps)} / ${Math.round(b.rps)}; ${a.p99} ms`, ''),
      );
    }
    figures.push({ id: 'staff.errors', label: 'Staff pages: errors and non-2xx responses', value: errors, unit: 'responses', target: '0', pass: errors === 0 });
    return { figures, details: { pages, results: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { app: combine(r.app), bare: combine(r.bare) }])), queries: queryLog } };
  },
};
