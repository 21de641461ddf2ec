/**
 * npm run bench [-- --only ID[,ID]] [--runs N] [--dossiers N [--fresh] [--keep]] [--out DIR] [--list]
 *
 * Runs the benchmarks of bench/registry.ts against the database of DATABASE_URL, prints
 * a table and writes bench-results/<timestamp>-<dialect>.json (and each benchmark's
 * artifacts, such as query plans, next to it). Exit code 0 when every figure meets its
 * target, 1 when one does not (or a benchmark failed), 2 for usage errors and an empty
 * database. See bench/README.md.
 */
import fs from 'node:fs';
import type { Knex } from 'knex';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { loadText } from './lib/process-stats.js';
import { databaseExists, dossierCount, openCurrent, openTemporary, redact, type Target } from './lib/database.js';
import type { BenchContext, BenchResult, Figure } from './lib/types.js';
import { BENCHMARKS } from './registry.js';

const USAGE = `Usage: npm run bench [-- options]

  --only ID[,ID]   run only these benchmarks (see --list)
  --runs N         timed runs per measurement (default 10, after one warm-up)
  --dossiers N     when the database of DATABASE_URL has no dossiers, seed a temporary
                   database with N dossiers (npm run seed:bulk's generator), benchmark it
                   and drop it
  --fresh          with --dossiers: use a temporary database even if the current one has data
  --keep           keep the temporary database (its URL is printed)
  --out DIR        where results go (default bench-results/)
  --rate N         offered rate of the fixed-rate runs, requests/s (default 300)
  --soak S         length of the memory soak at the fixed rate, seconds (default 600)
  --profile DIR    servers under load write V8 CPU profiles (.cpuprofile) into DIR
  --list           list the benchmarks and exit`;

const out = (line = '') => process.stdout.write(`${line}\n`);
const log = (line: string) => process.stderr.write(`${line}\n`);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r, k) => {
    const line = r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ');
    return k === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

function show(v: Figure['value']): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en') : Math.abs(v) < 10 ? String(Number(v.toPrecision(3))) : v.toFixed(1);
  return v;
}

/** The database's size on disk: PostgreSQL's own figure, or SQLite's pages (the file without its WAL). */
async function databaseSize(db: Knex, dialect: string): Promise<number> {
  if (dialect === 'postgres') {
    const r = await db.raw('select pg_database_size(current_database()) as n');
    return Number(r.rows[0].n);
  }
  const [pages] = await db.raw('pragma page_count');
  const [pageSize] = await db.raw('pragma page_size');
  return Number(pages.page_count) * Number(pageSize.page_size);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        only: { type: 'string' },
        runs: { type: 'string' },
        dossiers: { type: 'string' },
        fresh: { type: 'boolean' },
        keep: { type: 'boolean' },
        out: { type: 'string' },
        rate: { type: 'string' },
        soak: { type: 'string' },
        profile: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    log(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    out(USAGE);
    return 0;
  }
  if (args.list) {
    for (const b of BENCHMARKS) out(`${b.id.padEnd(30)} ${b.title}`);
    return 0;
  }
  const runs = args.runs === undefined ? 10 : Number(args.runs);
  const seedN = args.dossiers === undefined ? undefined : Number(args.dossiers.replace(/_/g, ''));
  if (!Number.isInteger(runs) || runs < 1) {
    log('--runs must be a whole number ≥ 1');
    return 2;
  }
  if (seedN !== undefined && (!Number.isInteger(seedN) || seedN < 1)) {
    log('--dossiers must be a whole number ≥ 1');
    return 2;
  }
  const rate = args.rate === undefined ? 300 : Number(args.rate);
  const soakSeconds = args.soak === undefined ? 600 : Number(args.soak);
  if (!(rate > 0) || !(soakSeconds >= 10)) {
    log('--rate must be > 0 and --soak ≥ 10 (seconds)');
    return 2;
  }
  const only = args.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((id) => !BENCHMARKS.some((b) => b.id === id)) ?? [];
  if (unknown.length) {
    log(`Unknown benchmark: ${unknown.join(', ')} (npm run bench -- --list)`);
    return 2;
  }
  const selected = BENCHMARKS.filter((b) => !only || only.includes(b.id));

  const config = loadConfig();
  if (config.env === 'production') {
    log('The benchmarks load the database heavily; they refuse to run with NODE_ENV=production.');
    return 2;
  }
  const exists = databaseExists(config.database.url);
  let target: Target | null = exists ? openCurrent(config.database.url) : null;
  const existing = target ? await dossierCount(target.db) : 0;
  if (!target || existing === 0 || args.fresh) {
    if (seedN === undefined) {
      await target?.cleanup();
      if (args.fresh) {
        log('--fresh needs --dossiers N.');
        return 2;
      }
      log(`The database of DATABASE_URL (${redact(config.database.url)}) has no dossiers to benchmark.`);
      log('Fill it first:   npm run seed:bulk -- --dossiers 1000000');
      log('or let the bench seed a temporary database:   npm run bench -- --dossiers 100000');
      return 2;
    }
    await target?.cleanup();
    target = await openTemporary(config.database.url, seedN, { keep: Boolean(args.keep), log });
  } else if (seedN !== undefined) {
    log(`The database already has ${existing.toLocaleString('en')} dossiers: benchmarking it as it is (--dossiers ignored; add --fresh for a temporary database).`);
  }

  const size = await databaseSize(target.db, target.dialect);
  const dossiers = await dossierCount(target.db);
  log(`Database: ${dossiers.toLocaleString('en')} dossiers, ${(size / 2 ** 30).toFixed(2)} GiB`);

  const startedAt = new Date();
  const stamp = startedAt.toISOString().slice(0, 19).replace(/:/g, '-') + 'Z';
  const outDir = path.resolve(args.out ?? 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, `${stamp}-${target.dialect}`);
  const artifacts: string[] = [];
  const ctx: BenchContext = {
    db: target.db,
    dialect: target.dialect,
    databaseUrl: target.url,
    runs,
    warmup: 1,
    rate,
    soakSeconds,
    profileDir: args.profile ? path.resolve(args.profile) : null,
    artifact(name, content) {
      const file = `${base}.${name}`;
      fs.writeFileSync(file, content);
      artifacts.push(file);
      return file;
    },
    log,
  };

  const results: Array<{ id: string; title: string; error?: string; loadavg?: { start: string; end: string } } & Partial<BenchResult>> = [];
  try {
    for (const b of selected) {
      const start = loadText();
      log(`▶ ${b.title} (load average ${start})`);
      try {
        const r = await b.run(ctx);
        results.push({ id: b.id, title: b.title, ...r, loadavg: { start, end: loadText() } });
      } catch (err) {
        log(`  failed: ${(err as Error).stack ?? String(err)}`);
        results.push({ id: b.id, title: b.title, error: (err as Error).message, loadavg: { start, end: loadText() } });
      }
    }
  } finally {
    await target.cleanup();
  }

  const rows: string[][] = [['figure', 'value', 'unit', 'target', 'result']];
  for (const r of results) {
    rows.push([`▶ ${r.id} (load average ${r.loadavg?.start ?? ''} → ${r.loadavg?.end ?? ''})`, '', '', '', '']);
    if (r.error) rows.push([r.title, 'error', '', '', 'FAIL']);
    for (const f of r.figures ?? []) rows.push([f.label, show(f.value), f.unit, f.target ?? '', f.pass === null ? '' : f.pass ? 'pass' : 'FAIL']);
  }
  out(`motcua bench — ${target.dialect}, ${redact(target.url)}${target.temporary ? ' (temporary)' : ''}; ${dossiers.toLocaleString('en')} dossiers, ${(size / 2 ** 30).toFixed(2)} GiB`);
  out(table(rows));
  const json = {
    harness: 'motcua bench',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    dialect: target.dialect,
    database: redact(target.url),
    temporary: target.temporary,
    dossiers,
    databaseBytes: size,
    machine: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    runs,
    benchmarks: results,
    artifacts: artifacts.map((a) => path.basename(a)),
  };
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
  out(`\nResults: ${path.relative(process.cwd(), `${base}.json`)}`);
  for (const a of artifacts) out(`         ${path.relative(process.cwd(), a)}`);
  const failed = results.some((r) => r.error || (r.figures ?? []).some((f) => f.pass === false));
  return failed ? 1 : 0;
}

process.exitCode = await main();
