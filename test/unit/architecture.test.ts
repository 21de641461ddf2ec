/**
 * The house rules of ../shared/docs/architecture.md, checked on the source tree itself:
 * the lint configuration refuses imports across layers (the platform imports no feature),
 * features do not import each other in a cycle, no two files import each other in a cycle
 * (type imports included), and no view or module writes a link by hand (links come from
 * src/web/paths.ts).
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
  const cases: Array<{ file: string; code: string; rule: string; message?: RegExp }> = [
    { file: 'src/domain/x-probe.ts', code: "import { paths } from '../web/paths.js';\nexport const p = paths;\n", rule: 'no-restricted-imports' },
    { file: 'src/domain/x-probe.ts', code: "import knex from 'knex';\nexport const k = knex;\n", rule: 'no-restricted-imports' },
    { file: 'src/features/intake/x-probe.service.ts', code: "import knex from 'knex';\nexport const k = knex;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/features/intake/x-probe.service.ts', code: "import express from 'express';\nexport const e = express;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/features/intake/x-probe.service.ts', code: "import { sweepsRepo } from '../deadlines/deadlines.repo.js';\nexport const r = sweepsRepo;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/features/intake/x-probe.routes.ts', code: "import { intakeRepo } from './intake.repo.js';\nexport const r = intakeRepo;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/features/intake/x-probe.service.ts', code: 'export const f = (db: any) => db(\'dossiers\').select();\n', rule: 'no-restricted-syntax' },
    { file: 'src/features/intake/x-probe.service.ts', code: "export const f = (deps: any) => deps.db.raw('select 1');\n", rule: 'no-restricted-syntax' },
    { file: 'src/web/x-probe.ts', code: "import { intakeService } from '../features/intake/intake.service.js';\nexport const s = intakeService;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/features/intake/x-probe.service.ts', code: "import { seedBulk } from '../../../tools/bulk/seed-bulk.js';\nexport const s = seedBulk;\n", rule: 'no-restricted-imports' },
    // The environment is read by src/config.ts alone.
    { file: 'src/features/intake/x-probe.service.ts', code: "export const v = process.env.PORT;\n", rule: 'no-restricted-properties' },
    // The platform knows no feature, types included, nor the composition root that wires features in.
    { file: 'src/platform/messaging/x-probe.ts', code: "import type { ZaloWiring } from '../../features/zalo/zalo.service.js';\nexport type W = ZaloWiring;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/messaging/x-probe.ts', code: "import { NOTICE_TEMPLATES } from '../../features/notifications/templates.js';\nexport const t = NOTICE_TEMPLATES;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/messaging/zalo-oa/x-probe.repo.ts', code: "import { zaloEventsRepo } from '../../../features/zalo/zalo-events.repo.js';\nexport const r = zaloEventsRepo;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/messaging/x-probe.ts', code: "import { templates } from '../../messaging.js';\nexport const t = templates;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/messaging/x-probe.ts', code: "import { toDate } from '../../db/knex.js';\nexport const d = toDate;\n", rule: '@typescript-eslint/no-restricted-imports' },
    // A feature stores messages through the messaging service, not the outbox (petitions once did).
    { file: 'src/features/petitions/x-probe.service.ts', code: "import { enqueue } from '../../platform/messaging/outbox.js';\nexport const e = enqueue;\n", rule: '@typescript-eslint/no-restricted-imports' },
    // A route file imports no other route file (what routes share lives in a *.http.ts module or src/web).
    { file: 'src/features/workflow/x-probe.routes.ts', code: "import { dossierRoutes } from '../dossiers/dossiers.routes.js';\nexport const r = dossierRoutes;\n", rule: '@typescript-eslint/no-restricted-imports', message: /imports no other route file/ },
    { file: 'src/features/admin/x-probe.routes.ts', code: "import { adminUsersRoutes } from './users/users.routes.js';\nexport const r = adminUsersRoutes;\n", rule: '@typescript-eslint/no-restricted-imports', message: /imports no other route file/ },
    { file: 'src/features/questions/x-probe.routes.ts', code: "import type { dossierRoutes } from '../dossiers/dossiers.routes.js';\nexport type R = typeof dossierRoutes;\n", rule: '@typescript-eslint/no-restricted-imports', message: /imports no other route file/ },
    { file: 'src/features/dossiers/page/x-probe.http.ts', code: "import { workflowRoutes } from '../../workflow/workflow.routes.js';\nexport const r = workflowRoutes;\n", rule: '@typescript-eslint/no-restricted-imports', message: /imports no other route file/ },
    // The dossier page's panels are feature modules: no HTTP in them.
    { file: 'src/features/workflow/x-probe.panel.ts', code: "import type { Request } from 'express';\nexport type R = Request;\n", rule: '@typescript-eslint/no-restricted-imports' },
    // The platform knows no feature (types included) and not the composition root that wires features in.
    { file: 'src/platform/jobs/x-probe.ts', code: "import { dueSoonJob } from '../../features/deadlines/deadlines.jobs.js';\nexport const j = dueSoonJob;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/jobs/x-probe.ts', code: "import type { DeadlinesService } from '../../features/deadlines/deadlines.service.js';\nexport type S = DeadlinesService;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/jobs/x-probe.ts', code: "import type { Services } from '../../services.js';\nexport type S = Services;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/jobs/x-probe.ts', code: "import { JOBS } from '../../jobs.js';\nexport const j = JOBS;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/jobs/x-probe.repo.ts', code: "import { deadlinesService } from '../../features/deadlines/deadlines.service.js';\nexport const s = deadlinesService;\n", rule: '@typescript-eslint/no-restricted-imports' },
    { file: 'src/platform/jobs/x-probe.ts', code: "import knex from 'knex';\nexport const k = knex;\n", rule: '@typescript-eslint/no-restricted-imports' },
    // A service never speaks HTTP: it returns data or a refusal (src/platform/refusal), the route maps it (src/web/refusal.ts).
    // (zalo.service.ts returned { status: 404 | 400 | 401 | 200 }, petition-intake.service.ts { ok: false, status: 400 | 429 }.)
    { file: 'src/features/zalo/x-probe.service.ts', code: 'export const receive = (oa: unknown) => (oa ? { status: 200, stored: true } : { status: 404 });\n', rule: 'no-restricted-syntax', message: /do not return HTTP statuses/ },
    { file: 'src/features/petitions/x-probe.service.ts', code: "export const file = () => ({ ok: false, status: 429, errors: { ma_ho_so: 'x' } });\n", rule: 'no-restricted-syntax', message: /do not return HTTP statuses/ },
    { file: 'src/features/zalo/x-probe.service.ts', code: "export type ReceiveResult = { status: 404 } | { status: 400; reason: 'stale' };\n", rule: 'no-restricted-syntax', message: /do not return HTTP statuses/ },
    { file: 'src/features/dossiers/page/x-probe.ts', code: 'export const page = () => ({ status: 409 });\n', rule: 'no-restricted-syntax', message: /do not return HTTP statuses/ },
    { file: 'src/platform/messaging/x-probe.ts', code: 'export const answer = () => ({ status: 503 });\n', rule: 'no-restricted-syntax', message: /do not return HTTP statuses/ },
    // The SQL rule still holds where the HTTP-status rule is added (one no-restricted-syntax list per file).
    { file: 'src/platform/messaging/x-probe.ts', code: "export const f = (deps: any) => deps.db.raw('select 1');\n", rule: 'no-restricted-syntax', message: /SQL lives in/ },
    // A query on dossiers for staff goes through the record core's scope helpers (visibility written once).
    { file: 'src/features/intake/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nexport const f = (db: Knex) => db('dossiers').select('id');\n", rule: 'no-restricted-syntax', message: /record core/ },
    { file: 'src/features/home/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nexport const f = (db: Knex, agencyId: number) => db('dossiers as d').where('d.agency_id', agencyId).select('d.id');\n", rule: 'no-restricted-syntax', message: /record core/ },
    { file: 'src/features/questions/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nexport const f = (db: Knex) => db('dossier_questions as q').join('dossiers as d', 'd.id', 'q.dossier_id').select('q.id');\n", rule: 'no-restricted-syntax', message: /record core/ },
    { file: 'src/features/search/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nconst alias = 'x';\nexport const f = (db: Knex) => db(`dossiers as ${alias}`).select('x.id');\n", rule: 'no-restricted-syntax', message: /record core/ },
    { file: 'src/features/notifications/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nconst TABLE = 'dossiers';\nexport const f = (db: Knex) => db(TABLE).select('id');\n", rule: 'no-restricted-syntax', message: /record core/ },
    { file: 'src/platform/messaging/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nexport const f = (trx: Knex.Transaction) => trx.from('dossiers').select('id');\n", rule: 'no-restricted-syntax', message: /record core/ },
  ];
  for (const c of cases) {
    it(`${c.file}: ${c.code.split('\n')[0]} is refused (${c.rule})`, async () => {
      const [result] = await eslint.lintText(c.code, { filePath: path.join(ROOT, c.file) });
      const rules = (result?.messages ?? []).map((m) => m.ruleId);
      assert.ok(rules.includes(c.rule), `expected ${c.rule}, got ${JSON.stringify(result?.messages.map((m) => m.message))}`);
      if (c.message) assert.ok(result!.messages.some((m) => m.ruleId === c.rule && c.message!.test(m.message)), JSON.stringify(result?.messages.map((m) => m.message)));
    });
  }
  it('the same imports are accepted where they belong', async () => {
    const allowed = [
      { file: 'src/features/intake/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nexport const f = (db: Knex) => db('procedures').select('id');\n" },
      { file: 'src/features/home/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nimport { staffDossiers } from '../../platform/record/scope.repo.js';\nimport type { StaffScope } from '../../platform/record/visibility.js';\nexport const f = (db: Knex, staff: StaffScope) => staffDossiers(db, staff).where('d.agency_id', staff.agencyId).select('d.id');\n" },
      { file: 'src/features/questions/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nimport { joinStaffDossiers, oneDossier } from '../../platform/record/scope.repo.js';\nimport type { StaffScope } from '../../platform/record/visibility.js';\nexport const f = (db: Knex, staff: StaffScope) => joinStaffDossiers(db('dossier_questions as q'), staff, 'q.dossier_id').select('q.id');\nexport const g = (db: Knex) => oneDossier(db, { id: 1 }).first('code');\n" },
      { file: 'src/platform/record/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nexport const f = (db: Knex) => db('dossiers as d').select('d.id');\n" },
      { file: 'src/features/intake/x-probe.routes.ts', code: "import { Router } from 'express';\nexport const r = Router();\n" },
      { file: 'src/domain/x-probe.ts', code: "import { addDays } from './time.js';\nexport const f = addDays;\n" },
      { file: 'tools/bulk/x-probe.ts', code: "import type { Knex } from 'knex';\nexport const f = (db: Knex) => db('dossiers').select('id');\n" },
      { file: 'src/platform/messaging/x-probe.repo.ts', code: "import type { Knex } from 'knex';\nimport { toDate } from '../../db/knex.js';\nexport const f = (db: Knex) => db('outbox_messages').select('id');\nexport const d = toDate;\n" },
      { file: 'src/features/zalo/x-probe.service.ts', code: "import type { MessagingService } from '../../platform/messaging/messaging.service.js';\nexport type M = MessagingService;\n" },
      { file: 'src/features/workflow/x-probe.routes.ts', code: "import { dossierId, renderDossierPage } from '../dossiers/page/page.http.js';\nexport const f = [dossierId, renderDossierPage];\n" },
      { file: 'src/features/dossiers/page/x-probe.http.ts', code: "import type { Request } from 'express';\nexport const f = (req: Request) => req.params.id;\n" },
      { file: 'src/platform/jobs/x-probe.ts', code: "import { DAY_MS } from '../../domain/time.js';\nimport type { Config } from '../../config.js';\nimport type { Job } from './job.js';\nexport const f = (j: Job, c: Config) => [j, c, DAY_MS];\n" },
      { file: 'src/features/intake/x-probe.jobs.ts', code: "import { defineJob } from '../../platform/jobs/job.js';\nexport const d = defineJob;\n" },
      // A refusal, a status that is not HTTP, and HTTP statuses where they belong (routes, the HTTP kit).
      { file: 'src/features/zalo/x-probe.service.ts', code: "import { refuse } from '../../platform/refusal/refusal.js';\nexport const f = (oa: unknown) => (oa ? { ok: true, stored: true, status: 'done' } : refuse('not_found', 'Zalo OA chưa được cấu hình.'));\n" },
      { file: 'src/features/zalo/x-probe.routes.ts', code: "import type { Response } from 'express';\nexport const f = (res: Response) => res.status(404).json({ error: { status: 404 } });\n" },
      { file: 'src/web/x-probe.ts', code: 'export const STATUS = { status: 404 };\n' },
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
});

/** Relative imports of one source file (static, type-only, re-exports, side-effect and dynamic), resolved to .ts paths. */
function resolvedImportsOf(file: string, src: string): string[] {
  const specs = [
    ...src.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/gm),
    ...src.matchAll(/^\s*import\s+'(\.[^']+)'/gm),
    ...src.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((s) => path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts'));
}

/** The import cycles (strongly connected components) among these files, each as its sorted relative paths. */
function importCycles(sources: ReadonlyMap<string, string>): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const [file, src] of sources) edges.set(rel(file), new Set(resolvedImportsOf(file, src).filter((t) => sources.has(t)).map(rel)));
  // A module importing itself is a cycle of one; cyclesOf (above) finds those of two or more.
  const selfImports = [...edges].filter(([f, to]) => to.has(f)).map(([f]) => [f]);
  return [...cyclesOf(edges), ...selfImports];
}

const srcSources = () => new Map(walk(path.join(ROOT, 'src'), '.ts').map((f) => [f, fs.readFileSync(f, 'utf8')] as const));

/**
 * Cycles that exist on main and belong to another track of issue 21, to be emptied by it.
 * Each entry is one cycle's files, sorted. Temporary: none at the time of writing.
 */
const KNOWN_CYCLES: string[][] = [];

describe('imports', () => {
  it('no import cycle between files of src/, type imports included', () => {
    const known = new Set(KNOWN_CYCLES.map((c) => c.join(' ')));
    assert.deepEqual(
      importCycles(srcSources()).filter((c) => !known.has(c.join(' '))),
      [],
    );
  });

  it('the cycle check is refused by a type-only cycle (probe)', () => {
    const sources = srcSources();
    const a = path.join(ROOT, 'src/platform/messaging/x-probe-a.ts');
    const b = path.join(ROOT, 'src/platform/messaging/x-probe-b.ts');
    sources.set(a, "import type { B } from './x-probe-b.js';\nexport const a = (b: B) => b;\n");
    sources.set(b, "import { a } from './x-probe-a.js';\nexport type B = Parameters<typeof a>[0];\n");
    assert.deepEqual(importCycles(sources), [['src/platform/messaging/x-probe-a.ts', 'src/platform/messaging/x-probe-b.ts']]);
  });

  it('the platform imports no feature and no composition root (type imports included)', () => {
    const offenders: string[] = [];
    const upward = (target: string) => rel(target).startsWith('src/features/') || ['src/services.ts', 'src/app.ts', 'src/server.ts', 'src/messaging.ts', 'src/jobs.ts', 'src/record-observers.ts', 'src/i18n.ts'].includes(rel(target)) || rel(target).startsWith('src/cli/');
    for (const file of walk(path.join(ROOT, 'src/platform'), '.ts')) {
      for (const target of resolvedImportsOf(file, fs.readFileSync(file, 'utf8'))) if (upward(target)) offenders.push(`${rel(file)} imports ${rel(target)}`);
    }
    assert.deepEqual(offenders, []);
  });

  /** Files of src/web/i18n importing a feature or the composition root (types included): features bring their catalogues through src/i18n.ts. */
  function i18nUpward(files: ReadonlyMap<string, string>): string[] {
    const offenders: string[] = [];
    for (const [file, code] of files) {
      for (const target of resolvedImportsOf(file, code)) {
        if (rel(target).startsWith('src/features/') || ['src/i18n.ts', 'src/services.ts', 'src/app.ts'].includes(rel(target))) offenders.push(`${rel(file)} imports ${rel(target)}`);
      }
    }
    return offenders;
  }

  it('the translator (src/web/i18n) knows no feature and not the composition root that merges the catalogues', () => {
    const files = new Map(walk(path.join(ROOT, 'src/web/i18n'), '.ts').map((f) => [f, fs.readFileSync(f, 'utf8')] as const));
    assert.ok(files.size >= 4);
    assert.deepEqual(i18nUpward(files), []);
    // Probe: a catalogue imported into the translator is refused.
    const probe = path.join(ROOT, 'src/web/i18n/x-probe.ts');
    assert.deepEqual(i18nUpward(new Map([[probe, "import type { HOME_MESSAGES } from '../../features/home/home.i18n.js';\nexport type H = typeof HOME_MESSAGES;\n"]])), ['src/web/i18n/x-probe.ts imports src/features/home/home.i18n.ts']);
  });
});

describe('route files', () => {
  it('no route file imports another route file (type imports included)', () => {
    const offenders: string[] = [];
    for (const file of walk(path.join(ROOT, 'src'), '.routes.ts')) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+'([^']+)'/gm)) {
        if (/\.routes(?:\.js)?$/.test(m[1]!)) offenders.push(`${rel(file)} imports ${m[1]}`);
      }
    }
    assert.deepEqual(offenders, []);
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

describe('shared refusal messages', () => {
  it('the messages several features give are written once, in src/platform/refusal/refusal.ts', () => {
    for (const message of ['Không tìm thấy hồ sơ.', 'Hồ sơ này thuộc đơn vị khác.', 'Thủ tục này không có trong danh mục tiếp nhận của đơn vị bạn.']) {
      const where = walk(path.join(ROOT, 'src'), '.ts').filter((f) => fs.readFileSync(f, 'utf8').includes(`'${message}'`));
      assert.deepEqual(where.map(rel), ['src/platform/refusal/refusal.ts'], message);
    }
  });

  it("the public 'Không tìm thấy hồ sơ' page is rendered in one place (src/web/public-status-page.ts)", () => {
    const where = walk(path.join(ROOT, 'src'), '.ts').filter((f) => fs.readFileSync(f, 'utf8').includes("'public/not-found'"));
    assert.deepEqual(where.map(rel), ['src/web/public-status-page.ts']);
  });
});

/**
 * A reason mapped to an HTTP status by hand (routes use statusOf / refusalStatus / refusalError
 * of src/web/refusal.ts): `reason === 'conflict'` with a status on the same line, or a
 * `case '<reason>':` followed by a status before the next case.
 */
function handMappedStatuses(src: string): string[] {
  const reasons = 'not_found|forbidden|invalid|conflict|held|unprocessable|rate_limited|unauthenticated';
  const found: string[] = [];
  for (const m of src.matchAll(new RegExp(`reason\\s*===?\\s*'(?:${reasons})'[^\\n]*\\b[45]\\d\\d\\b`, 'g'))) found.push(m[0]);
  for (const m of src.matchAll(new RegExp(`case\\s+'(?:${reasons})':((?!\\bcase\\b)[\\s\\S]){0,300}?\\b[45]\\d\\d\\b`, 'g'))) found.push(m[0]);
  return found;
}

describe('reason to status', () => {
  it('the probe: a hand-written mapping is found, the shared helper is not', () => {
    assert.equal(handMappedStatuses("if (r.reason === 'conflict') return res.status(409).render('x');").length, 1);
    assert.equal(handMappedStatuses("if (result.reason === 'not_found') { res.status(404).render('x'); return; }").length, 1);
    assert.equal(handMappedStatuses("switch (result.reason) {\n  case 'forbidden':\n    return renderList(req, res, null, result.message, 403);\n}").length, 1);
    assert.equal(handMappedStatuses("if (result.reason === 'not_found') throw refusalError(result);\nrefusalStatus(res, result).render('x');").length, 0);
  });

  it('no route nor HTTP helper maps a refusal reason to a status by hand', () => {
    const offenders = walk(path.join(ROOT, 'src'), '.ts')
      .filter((f) => !rel(f).startsWith('src/web/refusal.ts'))
      .flatMap((f) => handMappedStatuses(fs.readFileSync(f, 'utf8')).map((m) => `${rel(f)}: ${m.split('\n')[0]}`));
    assert.deepEqual(offenders, []);
  });
});

/** A file over this many lines says why at its top. */
const LONG_FILE_LINES = 400;
const LONG_FILE_REASON = /^\/\/ Over 400 lines: .{10,}/;

/** The files (relative paths) over LONG_FILE_LINES lines whose first line is not `// Over 400 lines: <reason>.` */
function longWithoutReason(sources: ReadonlyMap<string, string>): string[] {
  const offenders: string[] = [];
  for (const [file, src] of sources) {
    const lines = src.split('\n');
    const count = lines.length - (src.endsWith('\n') ? 1 : 0);
    if (count > LONG_FILE_LINES && !LONG_FILE_REASON.test(lines[0]!)) offenders.push(`${rel(file)} (${count} lines)`);
  }
  return offenders;
}

describe('file length', () => {
  it('every .ts file of src/ and tools/ over 400 lines says why on its first line', () => {
    const files = [...walk(path.join(ROOT, 'src'), '.ts'), ...walk(path.join(ROOT, 'tools'), '.ts')];
    assert.deepEqual(longWithoutReason(new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')] as const))), []);
  });

  it('a long file without the reason is refused, with it accepted (probe)', () => {
    const file = path.join(ROOT, 'src/features/x-probe/x-probe.service.ts');
    const body = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    assert.deepEqual(longWithoutReason(new Map([[file, body(401)]])), ['src/features/x-probe/x-probe.service.ts (401 lines)']);
    assert.deepEqual(longWithoutReason(new Map([[file, `// Over 400 lines: short\n${body(400)}`]])), ['src/features/x-probe/x-probe.service.ts (401 lines)']);
    assert.deepEqual(longWithoutReason(new Map([[file, `/** Over 400 lines: in a block comment. */\n${body(400)}`]])), ['src/features/x-probe/x-probe.service.ts (401 lines)']);
    assert.deepEqual(longWithoutReason(new Map([[file, `// Over 400 lines: one table of constants, read top to bottom.\n${body(400)}`]])), []);
    assert.deepEqual(longWithoutReason(new Map([[file, body(400)]])), []);
  });
});
