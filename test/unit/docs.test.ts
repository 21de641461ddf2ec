/**
 * The documentation stays true to the code: every environment variable motcua reads is in
 * docs/configuration.md, and every relative link in README.md and docs/ leads to a file
 * that exists and, with a #fragment, to a heading of that file.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CONFIG_VARIABLES } from '../../src/config.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');


function filesUnder(rel: string, keep: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
    const child = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(child, keep));
    else if (keep(child)) out.push(child);
  }
  return out;
}

/** Every variable src/ reads: the config schema's keys, string literals naming one, process.env reads. */
function variablesReadBySrc(): Set<string> {
  const names = new Set<string>();
  const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
  // The schema's variables, as the schema itself lists them, and (should a section be written
  // elsewhere) the upper-case object keys at the start of a line of src/config.ts.
  for (const name of CONFIG_VARIABLES) names.add(name);
  for (const m of read('src/config.ts').matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:/gm)) names.add(m[1]!);
  for (const file of filesUnder('src', (f) => f.endsWith('.ts'))) {
    const text = read(file);
    for (const m of text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g)) names.add((m[1] ?? m[2])!);
    // A variable named in a string (e.g. a job declaring its schedule's variable).
    for (const m of text.matchAll(/['"`]([A-Z][A-Z0-9_]+)['"`]/g)) if (ENV_NAME.test(m[1]!) && !m[1]!.startsWith('SQLITE_')) names.add(m[1]!);
  }
  for (const file of filesUnder('scripts', (f) => /\.(mjs|js|ts)$/.test(f))) {
    for (const m of read(file).matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
  }
  return names;
}

test('every environment variable read in src/ (and by the test scripts) is in docs/configuration.md', () => {
  const names = variablesReadBySrc();
  // A guard against the extraction silently finding nothing: src/config.ts has ~60 variables.
  assert.ok(names.size >= 60, `only ${names.size} variables found: the extraction is broken`);
  for (const probe of ['DATABASE_URL', 'JOB_SCHEDULE_ZALO', 'ZALO_OA_APP_ID', 'NEW_PASSWORD', 'TEST_CONCURRENCY']) assert.ok(names.has(probe), `${probe} not found`);
  const doc = read('docs/configuration.md');
  const documented = new Set([...doc.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((m) => m[1]!));
  const missing = [...names].filter((n) => !documented.has(n)).sort();
  assert.deepEqual(missing, [], `variables without a row in docs/configuration.md: ${missing.join(', ')}`);
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const slug = m[1]!
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function linksOf(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const withoutCode = line.replace(/`[^`]*`/g, '');
    for (const m of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) out.push(m[1]!);
  }
  return out;
}

test('the anchor function follows GitHub for the headings the docs link to', () => {
  const a = anchorsOf("# Connecting the province's Zalo OA\n## Report \"Câu hỏi của công dân\" (`/bao-cao/cau-hoi`)\n## Tests\n## Tests\n```\n# not a heading\n```\n");
  assert.deepEqual([...a], ['connecting-the-provinces-zalo-oa', 'report-câu-hỏi-của-công-dân-bao-caocau-hoi', 'tests', 'tests-1']);
});

test('every relative link in README.md and docs/ leads to an existing file and heading', () => {
  const pages = ['README.md', ...filesUnder('docs', (f) => f.endsWith('.md'))];
  assert.ok(pages.length >= 10, 'the docs/ pages were not found');
  const broken: string[] = [];
  let checked = 0;
  for (const page of pages) {
    const text = read(page);
    for (const link of linksOf(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:, …
      checked += 1;
      const [target = '', fragment] = link.split('#');
      const rel = target === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), target));
      if (rel.startsWith('..')) {
        broken.push(`${page}: ${link} leaves the repository`);
        continue;
      }
      if (!fs.existsSync(path.join(ROOT, rel))) {
        broken.push(`${page}: ${link} (no file ${rel})`);
        continue;
      }
      if (fragment !== undefined && rel.endsWith('.md') && !anchorsOf(read(rel)).has(decodeURIComponent(fragment))) {
        broken.push(`${page}: ${link} (no heading #${fragment} in ${rel})`);
      }
    }
  }
  assert.ok(checked >= 50, `only ${checked} links checked`);
  assert.deepEqual(broken, []);
});

test('every page under docs/ is linked from the README (the platform guides from docs/development.md)', () => {
  const linked = (page: string) =>
    new Set(linksOf(read(page)).filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l)).map((l) => path.posix.normalize(path.posix.join(path.posix.dirname(page), l.split('#')[0]!))));
  const fromReadme = linked('README.md');
  const fromDevelopment = linked('docs/development.md');
  const orphans = filesUnder('docs', (f) => f.endsWith('.md')).filter((f) => !fromReadme.has(f) && !(f.startsWith('docs/development/') && fromDevelopment.has(f)));
  assert.deepEqual(orphans, []);
});
