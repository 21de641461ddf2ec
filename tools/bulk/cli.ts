/**
 * npm run seed:bulk -- --dossiers 1000000 [--from 2025-01-01] [--to 2026-12-31] [--seed 42] [--agencies 40] [--batch 1000] [--no-analyze]
 *
 * Fills the database of DATABASE_URL (default sqlite:./data/motcua.sqlite) with synthetic
 * dossiers and their whole history, for benchmarks and demos. Migrates and loads the
 * reference data first; appends when the database already has dossiers. Refuses to run
 * with NODE_ENV=production. Progress goes to stderr, the summary to stdout.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { createDb, dialectOf } from '../../src/db/knex.js';
import { DEFAULT_BULK_OPTIONS, seedBulk } from './seed-bulk.js';

const USAGE = `Usage: npm run seed:bulk -- --dossiers N [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--seed N] [--agencies N] [--batch N] [--no-analyze]

  --dossiers N    dossiers to add (required)
  --from, --to    receipt days, Vietnam dates (default ${DEFAULT_BULK_OPTIONS.from} … ${DEFAULT_BULK_OPTIONS.to});
                  the data is "as of" midnight after --to: later steps have not happened yet
  --seed N        random seed (default ${DEFAULT_BULK_OPTIONS.seed}); same seed, same fresh database → same data
  --agencies N    extra ward/commune centres to create (default ${DEFAULT_BULK_OPTIONS.agencies})
  --batch N       dossiers per transaction (default ${DEFAULT_BULK_OPTIONS.batchSize})
  --no-analyze    skip ANALYZE at the end

Writes to DATABASE_URL (default sqlite:./data/motcua.sqlite). Never with NODE_ENV=production.`;

function intArg(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n)) throw new RangeError(`--${name} must be an integer, got "${value}"`);
  return n;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        dossiers: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        seed: { type: 'string' },
        agencies: { type: 'string' },
        batch: { type: 'string' },
        'no-analyze': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.dossiers === undefined) {
    console.error(`--dossiers is required.\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  if (config.env === 'production') {
    console.error('seed:bulk refuses to run with NODE_ENV=production: it writes synthetic dossiers.');
    return 1;
  }
  const dialect = dialectOf(config.database.url);
  const db = createDb(config.database.url);
  try {
    const summary = await seedBulk(db, {
      dossiers: intArg('dossiers', args.dossiers, 0),
      from: args.from ?? DEFAULT_BULK_OPTIONS.from,
      to: args.to ?? DEFAULT_BULK_OPTIONS.to,
      seed: intArg('seed', args.seed, DEFAULT_BULK_OPTIONS.seed),
      agencies: intArg('agencies', args.agencies, DEFAULT_BULK_OPTIONS.agencies),
      batchSize: intArg('batch', args.batch, DEFAULT_BULK_OPTIONS.batchSize),
      officeHours: config.office.hours,
      rules: { sameDayCutoffMinute: config.office.sameDayCutoffMinute },
      analyze: !args['no-analyze'],
      onProgress: (p) => {
        const s = p.elapsedMs / 1000;
        const rate = p.written / Math.max(s, 0.001);
        const eta = (p.total - p.written) / Math.max(rate, 1);
        console.error(
          `[seed:bulk] ${p.written.toLocaleString('en')} / ${p.total.toLocaleString('en')} dossiers (${((100 * p.written) / Math.max(1, p.total)).toFixed(1)} %), ${Math.round(rate)} /s, ${s.toFixed(1)} s elapsed, ~${Math.round(eta)} s to go`,
        );
      },
    });
    const g = summary.generated;
    const pct = (n: number | undefined) => `${(((n ?? 0) * 100) / Math.max(1, g.dossiers)).toFixed(1)} %`;
    const finished = Object.values(g.completion).reduce((a, b) => a + b, 0);
    const cpct = (n: number | undefined) => `${(((n ?? 0) * 100) / Math.max(1, finished)).toFixed(1)} %`;
    console.log(`seed:bulk on ${dialect}: ${summary.dossiers.toLocaleString('en')} dossiers (ids ${summary.firstId ?? '-'}…${summary.lastId ?? '-'}), received ${summary.from} … ${summary.to}, as of ${summary.asOf.toISOString()}, seed ${summary.seed}`);
    console.log(`  statuses: ${Object.entries(g.status).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v} (${pct(v)})`).join(', ')}`);
    console.log(`  results: early ${cpct(g.completion.early)}, on time ${cpct(g.completion.on_time)}, late ${cpct(g.completion.late)}`);
    console.log(`  with a pause ${pct(g.withPause)}, apologies ${pct(g.apologies)}, flagged overdue ${pct(g.overdueFlagged)}, ratings ${g.ratings}`);
    console.log('  rows in the database:');
    for (const [t, n] of Object.entries(summary.tables)) console.log(`    ${t.padEnd(20)} ${n.toLocaleString('en').padStart(12)}`);
    console.log(`  elapsed ${(summary.elapsedMs / 1000).toFixed(1)} s (load ${(summary.loadMs / 1000).toFixed(1)} s, ANALYZE ${(summary.analyzeMs / 1000).toFixed(1)} s)`);
    return 0;
  } catch (err) {
    console.error(`seed:bulk failed: ${(err as Error).stack ?? String(err)}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main();
