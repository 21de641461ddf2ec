/**
 * Self time of a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes it) by module:
 * a package under node_modules, a file of ours (src/…, views compiled by ejs show as
 * their package), node's internals, and V8's own entries ((garbage collector),
 * (program), (idle)). `npm run bench -- --profile DIR` writes the profiles; print a
 * summary with `node --import tsx bench/lib/profile-summary.ts FILE.cpuprofile [N]`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0]!;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1).replace(/\?.*$/, '');
  return url;
}

/** Self time (ms) per module and per function, over the samples that are not idle. */
export function summarize(profile: Profile): { totalMs: number; idleMs: number; modules: Array<[string, number]>; functions: Array<[string, number]> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  const modules = new Map<string, number>();
  const functions = new Map<string, number>();
  let idleMs = 0;
  let totalMs = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    totalMs += ms;
    const mod = moduleOf(url, functionName);
    modules.set(mod, (modules.get(mod) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${mod}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs, idleMs, modules: sorted(modules), functions: sorted(functions) };
}

export function report(file: string, top = 25): string {
  const s = summarize(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile);
  const pct = (ms: number) => `${((ms / s.totalMs) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`${file}: ${(s.totalMs / 1000).toFixed(1)} s on CPU (main thread), ${(s.idleMs / 1000).toFixed(1)} s idle`, '', 'Self time by module:'];
  for (const [m, ms] of s.modules.slice(0, top)) lines.push(`${pct(ms)}  ${m}`);
  lines.push('', 'Self time by function:');
  for (const [f, ms] of s.functions.slice(0, top)) lines.push(`${pct(ms)}  ${f}`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${report(process.argv[2] ?? '', Number(process.argv[3] ?? 25))}\n`);
}
