#!/usr/bin/env node
// Runs the test files under test/ (or the files/folders given) with node's own test runner.
// Each file makes its own database (test/helpers/db.ts), so independent files run side by
// side (TEST_CONCURRENCY, default 3 processes). The browser tests run at the same time, one
// at a time in a group of their own (a browser test waits on the page far more than it
// computes, and they hold up under load). Files that start app processes, race requests
// against each other or copy a live database are timing-sensitive: they run afterwards,
// with the machine to themselves (side by side with each other: they mostly wait). The
// groups' summaries are replaced by one combined summary in the runner's own format
// (`# tests N` … for TAP, `ℹ tests N` … for the spec reporter on a terminal), preceded by
// the ten slowest files; the exit code is non-zero on any failure. The database every test
// file starts from (migrations and reference data) is built once per run into a template
// that each file copies (test/helpers/db.ts), instead of replaying every migration in every
// file.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileTree } from './compile-tree.mjs';

/** The browser tests: one at a time, beside the parallel group. */
const BROWSER = [/^test\/e2e\//];
/** Run after the other groups, with the machine to themselves (SERIAL_CONCURRENCY of them at once). */
const SERIAL = [
  /^test\/integration\/multi-instance\.test\.ts$/,
  /^test\/integration\/concurrency\.test\.ts$/,
  /^test\/integration\/backup\.test\.ts$/,
];
/** Files that change process-wide state when imported (report-exports sets TZ): a process of their own. */
const ALONE = [/^test\/unit\/report-exports\.test\.ts$/];
/** Files long enough to be scheduled on their own (each fuzz slice takes half a minute; the portal kill test starts app processes twice). */
const HEAVY = [/^test\/integration\/fuzz-\d+\.test\.ts$/, /^test\/integration\/portal-kill\.test\.ts$/];
const CONCURRENCY = Number.parseInt(process.env.TEST_CONCURRENCY ?? '', 10) || 3;
/**
 * How many of the SERIAL files run side by side, after the other groups: they spend their
 * time waiting (schedulers ticking every second, app processes starting and stopping), not
 * computing, and each has its own database and processes; what they must not share the
 * machine with is the rest of the suite.
 */
const SERIAL_CONCURRENCY = Number.parseInt(process.env.TEST_SERIAL_CONCURRENCY ?? '', 10) || 3;
/** How many browser test files run side by side (each starts its app and a Chromium). */
const BROWSER_CONCURRENCY = Number.parseInt(process.env.TEST_BROWSER_CONCURRENCY ?? '', 10) || 1;
/** How many processes the other files of a group share (TEST_ISOLATE=1: one process per file). */
const BUNDLES = Number.parseInt(process.env.TEST_BUNDLES ?? '', 10) || 8;
const KEYS = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo', 'duration_ms'];
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const SUMMARY_LINE = new RegExp(`^(?:# |\\u2139 )(${KEYS.join('|')}) [\\d.]+\\s*$`);

function find(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['test']).flatMap((r) => (fs.statSync(r).isDirectory() ? find(r) : [r])).sort();
const posix = (f) => f.split(path.sep).join('/').replace(/^\.\//, '');
const isSerial = (f) => SERIAL.some((re) => re.test(posix(f)));
const isBrowser = (f) => BROWSER.some((re) => re.test(posix(f)));
/** Each phase's groups run at the same time; phases run one after the other. */
const phases = [
  [
    { name: 'parallel', files: files.filter((f) => !isSerial(f) && !isBrowser(f)), concurrency: CONCURRENCY },
    { name: 'browser', files: files.filter(isBrowser), concurrency: BROWSER_CONCURRENCY },
  ],
  [{ name: 'serial', files: files.filter(isSerial), concurrency: SERIAL_CONCURRENCY }],
]
  .map((groups) => groups.filter((g) => g.files.length > 0))
  .filter((groups) => groups.length > 0);

const tty = process.stdout.isTTY === true;
/**
 * Where the run keeps its scratch files (the compiled mirror, the template database, each test
 * file's SQLite database and file store): memory (/dev/shm) when the machine has it with at
 * least 2 GiB free, so that the suite's thousands of small writes and WAL checkpoints do not
 * wait on the disk. The test processes get it as TMPDIR. TEST_TMPDIR names another place; the system's temporary
 * directory is the fallback.
 */
function scratchRoot() {
  if (process.env.TEST_TMPDIR) return process.env.TEST_TMPDIR;
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    // A container's /dev/shm is often 64 MB: the suite's databases and uploads need more.
    const free = fs.statfsSync('/dev/shm');
    return free.bavail * free.bsize >= 2 * 2 ** 30 ? '/dev/shm' : os.tmpdir();
  } catch {
    return os.tmpdir();
  }
}
const SCRATCH = scratchRoot();
const tmp = fs.mkdtempSync(path.join(SCRATCH, 'motcua-run-tests-'));

/**
 * The tests run as JavaScript compiled once per run into a mirror of the repository
 * (scripts/compile-tree.mjs): loading TypeScript through tsx cost each test process about a
 * second of CPU. TEST_COMPILE=0 runs the TypeScript through tsx instead.
 */
const COMPILE = process.env.TEST_COMPILE !== '0';
const mirror = COMPILE ? compileTree(process.cwd(), path.join(tmp, 'js')) : null;
/** Where a test file runs from: its compiled twin in the mirror, or itself. */
function compiledPath(file) {
  const abs = path.resolve(file);
  return mirror ? path.join(mirror, path.relative(process.cwd(), abs)).replace(/\.ts$/, '.js') : abs;
}

/**
 * The files a group hands to node's runner. Node starts a process per file, and each process
 * pays for loading TypeScript and the application again (about a second of CPU, which over
 * some ninety files was a third of the suite's time). So the files of a group are shared among
 * a few bundles — a module importing them one after the other, whose tests then run in order
 * in one process — balanced by size (longest first, each to the lightest bundle), while ALONE
 * and HEAVY files keep a process of their own.
 */
function entriesOf(group) {
  if (process.env.TEST_ISOLATE === '1') return group.files.map(compiledPath);
  const own = group.files.filter((f) => [...ALONE, ...HEAVY].some((re) => re.test(posix(f))));
  const rest = group.files.filter((f) => !own.includes(f)).sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
  const count = Math.min(group.concurrency === 1 ? 1 : BUNDLES, rest.length);
  const bundles = Array.from({ length: count }, () => ({ size: 0, files: [] }));
  for (const f of rest) {
    const lightest = bundles.reduce((min, b) => (b.size < min.size ? b : min));
    lightest.files.push(f);
    lightest.size += weight(f);
  }
  // The heaviest bundles start first (with the files of their own), so that the group does not end waiting on one late bundle.
  bundles.sort((a, b) => b.size - a.size);
  return [
    ...own.map(compiledPath),
    ...bundles.map((b, i) => {
      const entry = path.join(tmp, `${group.name}-${i + 1}.mjs`);
      fs.writeFileSync(entry, b.files.map((f) => `import ${JSON.stringify(pathToFileURL(compiledPath(f)).href)};\n`).join(''));
      return entry;
    }),
  ];
}

/**
 * How long each test file took in earlier runs on this machine (ms, by its name in the
 * repository), kept in node_modules/.cache: bundles are balanced by it. A file with no record
 * yet (a new file, a fresh clone) counts by its size, at the recorded files' time per byte.
 */
const TIMES_CACHE = path.resolve('node_modules', '.cache', 'motcua-test-times.json');
const recorded = (() => {
  try {
    return JSON.parse(fs.readFileSync(TIMES_CACHE, 'utf8'));
  } catch {
    return {};
  }
})();
const msPerByte = (() => {
  const known = files.filter((f) => recorded[posix(f)] !== undefined);
  const bytes = known.reduce((n, f) => n + fs.statSync(f).size, 0);
  return bytes > 0 ? known.reduce((n, f) => n + recorded[posix(f)], 0) / bytes : 1;
})();
function weight(file) {
  return recorded[posix(file)] ?? fs.statSync(file).size * msPerByte;
}

/**
 * Streams a child's output line by line to `out`, holding back the runner's closing summary
 * lines. A group running beside another writes into a buffer instead, printed when it ends,
 * so the two reports never interleave.
 */
function relay(stream, out) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) if (!SUMMARY_LINE.test(line.replace(ANSI, ''))) out.write(`${line}\n`);
  });
  stream.on('end', () => {
    if (rest && !SUMMARY_LINE.test(rest)) out.write(rest);
  });
}

/** A writable-like buffer for a group whose report waits its turn. */
function bufferOut() {
  const parts = [];
  return { write: (s) => parts.push(s), flush: (out) => out.write(parts.join('')) };
}

const TIMES_REPORTER = new URL('./file-times-reporter.mjs', import.meta.url).href;

/**
 * The test processes (and the app processes some tests start) get a larger young generation
 * than node's default: the suite allocates fast (pages, PDFs, database rows) and at the default
 * size spends about a sixth of its CPU in minor garbage collections (measured: 15.0 → 12.6 s of
 * CPU on three page-heavy files). A value the caller gave wins.
 */
function nodeOptions(given = '') {
  return /--max-semi-space-size/.test(given) ? given : `${given} --max-semi-space-size=32`.trim();
}

/** Runs the template script (test/helpers/template.ts) with one command; returns its stdout. */
function template(command, arg) {
  const args = ['--import', 'tsx', path.join('test', 'helpers', 'template.ts'), command, ...(arg ? [arg] : [])];
  const out = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, TMPDIR: SCRATCH } });
  if (out.status !== 0) throw new Error(`run-tests: test/helpers/template.ts ${command} failed (exit code ${out.status})`);
  return out.stdout.trim();
}

function run(group, env, out = process.stdout) {
  const tapFile = path.join(tmp, `${group.name}.tap`);
  const timesFile = path.join(tmp, `${group.name}.times.json`);
  const args = [
    ...(mirror ? ['--enable-source-maps'] : ['--import', 'tsx']),
    '--test', `--test-concurrency=${group.concurrency}`,
    '--test-reporter', tty ? 'spec' : 'tap', '--test-reporter-destination', 'stdout',
    '--test-reporter', 'tap', '--test-reporter-destination', tapFile,
    '--test-reporter', TIMES_REPORTER, '--test-reporter-destination', timesFile,
    ...entriesOf(group),
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['inherit', 'pipe', 'inherit'], env });
    relay(child.stdout, out);
    child.on('close', (code, signal) => {
      const counts = {};
      const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
      for (const m of tap.matchAll(/^# (\w+) ([\d.]+)$/gm)) if (KEYS.includes(m[1])) counts[m[1]] = Number(m[2]);
      const times = fs.existsSync(timesFile) ? JSON.parse(fs.readFileSync(timesFile, 'utf8') || '{}') : {};
      resolve({ group, code, signal, counts, times, wallMs: Date.now() - started, complete: 'tests' in counts });
    });
  });
}

const started = Date.now();
const results = [];
const templateDb = template('create');
try {
  const env = {
    ...process.env,
    NODE_OPTIONS: nodeOptions(process.env.NODE_OPTIONS),
    MOTCUA_TEST_TEMPLATE: templateDb,
    TMPDIR: SCRATCH,
  };
  for (const groups of phases) {
    // The first group of a phase reports as it goes; the others' reports follow it, whole.
    const buffers = groups.map((_, i) => (i === 0 ? null : bufferOut()));
    const done = await Promise.all(groups.map((g, i) => run(g, env, buffers[i] ?? process.stdout)));
    for (const b of buffers) b?.flush(process.stdout);
    results.push(...done);
  }
} finally {
  template('drop', templateDb);
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** A file's name in the repository (the mirror's compiled twin named as its source). */
const sourceName = (file) => (mirror && file.startsWith(mirror) ? path.relative(mirror, file).replace(/\.js$/, '.ts') : path.relative(process.cwd(), file));

// This run's times, for the next run's bundles (only from complete groups; never fails the run).
try {
  const times = { ...recorded };
  for (const r of results.filter((x) => x.complete)) for (const [file, ms] of Object.entries(r.times)) times[posix(sourceName(file))] = Math.round(ms);
  fs.mkdirSync(path.dirname(TIMES_CACHE), { recursive: true });
  fs.writeFileSync(TIMES_CACHE, `${JSON.stringify(times, null, 1)}\n`);
} catch {
  // a read-only node_modules: the next run balances by size
}

const total = Object.fromEntries(KEYS.map((k) => [k, results.reduce((s, r) => s + (r.counts[k] ?? 0), 0)]));
total.duration_ms = Date.now() - started;
const broken = results.filter((r) => r.code !== 0 || !r.complete);
for (const r of broken) {
  const how = r.signal ? `signal ${r.signal}` : `exit code ${r.code}`;
  process.stderr.write(`run-tests: the ${r.group.name} group (${r.group.files.length} files) ended with ${how}${r.complete ? '' : ', without a summary'}\n`);
}
if (broken.length > 0 && total.fail === 0) total.fail = broken.length; // a crash counts as a failure
const prefix = tty ? '\u2139 ' : '# ';
const slowest = results.flatMap((r) => Object.entries(r.times)).sort((a, b) => b[1] - a[1]).slice(0, 10);
for (const r of results) process.stdout.write(`${prefix}${r.group.name} group: ${r.group.files.length} files in ${(r.wallMs / 1000).toFixed(1)} s\n`);
process.stdout.write(`${prefix}slowest files (time in their tests)\n`);
for (const [file, ms] of slowest) process.stdout.write(`${prefix}  ${(ms / 1000).toFixed(1).padStart(6)} s  ${sourceName(file)}\n`);
for (const k of KEYS) process.stdout.write(`${prefix}${k} ${total[k]}\n`);
process.exit(broken.length > 0 || total.fail > 0 || total.cancelled > 0 ? 1 : 0);
