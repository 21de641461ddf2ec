// Compiles the repository's TypeScript to JavaScript in a mirror of the repository, for the test
// runner (scripts/run-tests.mjs). Loading TypeScript through tsx costs every test process about
// a second of CPU (its hooks run on a thread of their own and every import crosses to it);
// plain JavaScript costs none. The mirror holds, for src/, test/, migrations/, seeds/ and tools/,
// each `.ts` file compiled to `.js` beside a link to the `.ts` itself (what reads sources, such
// as the architecture test, still finds them; `import './x.js'` finds the compiled file), and a
// link to every other file; every other top-level entry (views, public, docs, node_modules, …)
// is a link. Paths computed from `import.meta.url` therefore resolve inside the mirror as they
// do in the repository. esbuild compiles each file on its own, as tsx does.
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const COMPILED = ['src', 'test', 'migrations', 'seeds', 'tools'];
const SKIP = new Set(['.git', '.cache', 'node_modules']);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

function link(target, at) {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at);
}

/** Builds the mirror of `root` in `out` (replacing what was there); returns `out`. */
export function compileTree(root, out) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    if (SKIP.has(e.name) || COMPILED.includes(e.name)) continue;
    link(path.join(root, e.name), path.join(out, e.name));
  }
  link(path.join(root, 'node_modules'), path.join(out, 'node_modules'));
  const entries = [];
  for (const dir of COMPILED) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    for (const file of walk(path.join(root, dir))) {
      const rel = path.relative(root, file);
      link(file, path.join(out, rel));
      if (file.endsWith('.ts') && !file.endsWith('.d.ts')) entries.push(file);
    }
  }
  buildSync({
    entryPoints: entries,
    outdir: out,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'error',
  });
  return out;
}
