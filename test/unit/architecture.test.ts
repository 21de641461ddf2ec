/**
 * The house rules of ../shared/docs/architecture.md, checked on the source tree itself:
 * the lint configuration refuses imports across layers (the platform knows no feature), no
 * module imports another in a cycle (type imports included), and no view or module writes a
 * link by hand (links come from src/web/paths.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function walk(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p, ext);
    return e.name.endsWith(ext) ? [p] : [];
  });
}

const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join('/');

describe('lint enforces the layers', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const cases: Array<{ file: string; code: string; rule: string }> = [
    { file: 'src/domain/x-probe.ts', code: "import { paths } from '../web/paths.js';\nexport const p = paths;\n", rule: 'no-restricted-imports' },
    { file: 'src/domain/x-probe.ts', code: "import knex from 'knex';\nexport const k = knex;\n", rule: 'no-restricted-imports' },
    { file: 'src/features/intake/x-probe.service.ts', code: "import knex from 'knex';\nexport const k = knex;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/features/intake/x-probe.service.ts', code: "import express from 'express';\nexport const e = express;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/features/intake/x-probe.service.ts', code: "import { sweepsRepo } from '../deadlines/deadlines.repo.js';\nexport const r = sweepsRepo;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/features/intake/x-probe.routes.ts', code: "import { intakeRepo } from './intake.repo.js';\nexport const r = intakeRepo;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/features/intake/x-probe.service.ts', code: 'export const f = (db: any) => db(\'dossiers\').select();\n', rule: 'no-restricted-syntax' },
    { file: 'src/features/intake/x-probe.service.ts', code: "export const f = (deps: any) => deps.db.raw('select 1');\n", rule: 'no-restricted-syntax' },
    { file: 'src/web/x-probe.ts', code: "import { intakeService } from '../features/intake/intake.service.js';\nexport const s = intakeService;\n", rule: '@typescript-eslint/no-restricted-imports' },
    // The platform knows no feature (types included) and not the composition root that wires features in.
    { file: 'src/platform/jobs/x-probe.ts', code: "import { dueSoonJob } from '../../features/deadlines/deadlines.jobs.js';\nexport const j = dueSoonJob;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/jobs/x-probe.ts', code: "import type { DeadlinesService } from '../../features/deadlines/deadlines.service.js';\nexport type S = DeadlinesService;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/jobs/x-probe.ts', code: "import type { Services } from '../../services.js';\nexport type S = Services;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/jobs/x-probe.ts', code: "import { JOBS } from '../../jobs.js';\nexport const j = JOBS;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/jobs/x-probe.repo.ts', code: "import { deadlinesService } from '../../features/deadlines/deadlines.service.js';\nexport const s = deadlinesService;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/jobs/x-probe.ts', code: "import knex from 'knex';\nexport const k = knex;\n", rule: '@typescript-eslint/no-restricted-imports' },
  ];
  for (const c of cases) {
    it(`${c.file}: ${c.code.split('\n')[0]} is refused (${c.rule})`, async () => {
      const [result] = await eslint.lintText(c.code, { filePath: path.join(ROOT, c.file) });
      const rules = (result?.messages ?? []).map((m) => m.ruleId);
      assert.ok(rules.includes(c.rule), `expected ${c.rule}, got ${JSON.stringify(result?.messages.map((m) => m.message))}`);
    });
  }
  it('the same imports are accepted where they belong', async () => {
    const allowed = [
      { file: 'src/features/intake/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nexport const f = (db: Knex) => db('dossiers').select('id');\n" },
      { file: 'src/features/intake/x-probe.routes.ts', code: "import { Router } from 'express';\nexport const r = Router();\n" },
      { file: 'src/domain/x-probe.ts', code: "import { addDays } from './time.js';\nexport const f = addDays;\n" },
      { file: 'src/platform/jobs/x-probe.ts', code: "import { DAY_MS } from '../../domain/time.js';\nimport type { Config } from '../../config.js';\nimport type { Job } from './job.js';\nexport const f = (j: Job, c: Config) => [j, c, DAY_MS];\n" },
      { file: 'src/features/intake/x-probe.jobs.ts', code: "import { defineJob } from '../../platform/jobs/job.js';\nexport const d = defineJob;\n" },
    ];
    for (const c of allowed) {
      const [result] = await eslint.lintText(c.code, { filePath: path.join(ROOT, c.file) });
      assert.deepEqual(result?.messages.map((m) => `${m.ruleId}: ${m.message}`), [], c.file);
    }
  });
});

/**
 * The relative imports of a module's source, type imports included (`import type`, `export
 * type … from`, `import { type X }`): a type import is a dependency like any other.
 */
function importsOf(src: string): string[] {
  return [...src.matchAll(/^\s*(?:import|export)\s+[^'";]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1]!);
}

/** The strongly connected components of more than one node (Tarjan): each is a set of modules importing each other round. */
function cyclesOf(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) visit(v);
  return out.sort((x, y) => x[0]!.localeCompare(y[0]!));
}

/** Edges between the groups `groupOf` puts files in (null: not counted), with the import that makes each edge. */
function importGraph(files: readonly string[], groupOf: (file: string) => string | null) {
  const edges = new Map<string, Set<string>>();
  const via = new Map<string, string>();
  for (const file of files) {
    const from = groupOf(file);
    if (!from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
      const to = groupOf(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      if (!to || to === from) continue;
      edges.get(from)!.add(to);
      via.set(`${from}->${to}`, `${rel(file)} imports ${spec}`);
    }
  }
  return { edges, via };
}

describe('import cycles (type imports included)', () => {
  const FEATURES = path.join(ROOT, 'src/features');
  const featureOf = (file: string): string | null => {
    const r = path.relative(FEATURES, file);
    return r.startsWith('..') ? null : r.split(path.sep)[0]!;
  };

  it('the checks count type imports: a cycle made of `import type` is found', () => {
    assert.deepEqual(importsOf("import type { A } from '../a/a.js';\nimport { type B, c } from './b.js';\nexport type { D } from '../d.js';\n"), ['../a/a.js', './b.js', '../d.js']);
    const probe = new Map([
      ['petitions', new Set(['jobs'])],
      ['jobs', new Set(['petitions'])],
      ['home', new Set(['jobs'])],
    ]);
    assert.deepEqual(cyclesOf(probe), [['jobs', 'petitions']]);
  });

  it('no import cycle between features', () => {
    const { edges, via } = importGraph(walk(FEATURES, '.ts'), featureOf);
    const cycles = cyclesOf(edges).map((c) => c.flatMap((a) => c.filter((b) => via.has(`${a}->${b}`)).map((b) => via.get(`${a}->${b}`)!)).join('; '));
    assert.deepEqual(cycles, []);
  });

  /**
   * Cycles between files of src/ that exist today, each a sorted set of files importing each
   * other round. TEMPORARY: both belong to the messaging track (issue 21 item 2: the outbox
   * and the template registry move to src/platform/messaging), which empties this list.
   * Nothing may be added to it; a cycle that no longer exists must be taken out.
   */
  const KNOWN_FILE_CYCLES: readonly string[] = [
    'src/features/notifications/outbox.repo.ts, src/features/notifications/outbox.ts',
    'src/features/notifications/templates-petition-intake.ts, src/features/notifications/templates-petitions.ts, src/features/notifications/templates-questions.ts, src/features/notifications/templates-zalo.ts, src/features/notifications/templates.ts',
  ];

  it('no import cycle between files of src/ (beyond the known ones, listed for removal)', () => {
    const { edges } = importGraph(walk(path.join(ROOT, 'src'), '.ts'), (f) => (f.endsWith('.ts') && rel(f).startsWith('src/') ? rel(f) : null));
    const found = cyclesOf(edges).map((c) => c.join(', '));
    assert.deepEqual(found.filter((c) => !KNOWN_FILE_CYCLES.includes(c)), [], 'new import cycles');
    assert.deepEqual(KNOWN_FILE_CYCLES.filter((c) => !found.includes(c)), [], 'known cycles that are gone: take them out of KNOWN_FILE_CYCLES');
  });
});

describe('links come from the paths module', () => {
  it('no view writes href, action or src with a literal path', () => {
    const offenders: string[] = [];
    for (const file of walk(path.join(ROOT, 'views'), '.ejs')) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/\b(?:href|action|src|formaction)\s*=\s*["']\/(?!\/)/.test(line)) offenders.push(`${rel(file)}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(offenders, []);
  });

  it('no route is mounted on a hand-written pattern', () => {
    const offenders: string[] = [];
    for (const file of walk(path.join(ROOT, 'src'), '.ts')) {
      const src = fs.readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\b(?:router|app)\.(?:get|post|put|patch|delete|all|use)\(\s*[`'"](\/[^`'"]*)/g)) {
        offenders.push(`${rel(file)}: ${m[1]}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('no module builds a staff or public URL by hand', () => {
    const offenders: string[] = [];
    const URL_START = /[`'"]\/(?:ho-so|tiep-nhan|hang-doi|quan-tri|bao-cao|danh-gia|thong-bao|tra-cuu|dang-nhap|dang-xuat|s\/)/;
    for (const file of walk(path.join(ROOT, 'src'), '.ts')) {
      if (rel(file) === 'src/web/paths.ts') continue;
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (URL_START.test(line) && !/^\s*(\*|\/\/)/.test(line)) offenders.push(`${rel(file)}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(offenders, []);
  });

  it('every parametrised path builds what its pattern matches', async () => {
    const { paths, route } = await import('../../src/web/paths.js');
    assert.equal(paths.dossiers.show(42), '/ho-so/42');
    assert.equal(paths.dossiers.show.pattern, '/ho-so/:id');
    assert.equal(paths.intake.form('1.001193'), '/tiep-nhan/1.001193');
    assert.equal(route<[string, number]>('/a/:x/b/:y')('c d', 5), '/a/c%20d/b/5');
    const routes: Array<{ pattern: string }> = [];
    const collect = (o: unknown) => {
      for (const v of Object.values(o as Record<string, unknown>)) {
        if (typeof v === 'function' && 'pattern' in v) routes.push(v as unknown as { pattern: string });
        else if (v && typeof v === 'object') collect(v);
      }
    };
    collect(paths);
    assert.ok(routes.length >= 20);
    for (const r of routes) {
      const names = r.pattern.match(/:[A-Za-z_]+/g) ?? [];
      const built = (r as unknown as (...a: string[]) => string)(...names.map((_, i) => `v${i}`));
      const re = new RegExp(`^${r.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+')}$`);
      assert.match(built, re, r.pattern);
    }
  });
});
