/**
 * How a test starts one of the repository's scripts (the server, a CLI) in a process of its
 * own: the compiled JavaScript when the suite runs from the runner's compiled mirror
 * (scripts/compile-tree.mjs), else the TypeScript through tsx. Loading through tsx costs each
 * process about a second of CPU.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root this test file runs from: the repository, or the runner's mirror of it. */
export const SCRIPT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** node's arguments that run `script` (a path like `src/cli/job.ts`, relative to the repository). */
export function nodeScript(script: string): string[] {
  const js = path.join(SCRIPT_ROOT, script.replace(/\.ts$/, '.js'));
  return fs.existsSync(js) ? [js] : ['--import', 'tsx', path.join(SCRIPT_ROOT, script)];
}
