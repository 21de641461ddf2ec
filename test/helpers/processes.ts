/**
 * Real application processes for multi-instance tests: `node --import tsx src/server.ts`
 * from the repository root, each on its own port with its own environment. Their output
 * is kept (for assertion messages), and they are always stopped: by the test's `after`,
 * or, should the test process itself die, by an exit hook that kills what is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeScript } from './node-script.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Kept per process: enough for a stack trace or two, not a whole log. */
const OUTPUT_LIMIT = 64 * 1024;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AppProcess {
  name: string;
  port: number;
  baseUrl: string;
  pid: number;
  /** What the process wrote so far (stdout and stderr, interleaved, last 64 KiB). */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<ExitStatus>;
  running(): boolean;
  /**
   * SIGTERM, then wait up to `timeoutMs` for it to exit; SIGKILL if it did not.
   * `forced` says whether SIGKILL was needed; `ms` how long the exit took.
   */
  stop(timeoutMs?: number): Promise<ExitStatus & { forced: boolean; ms: number }>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Start `src/server.ts` with the given environment (on top of this process's, minus the
 * test runner's own variables) and wait until GET /healthz answers 200. PORT, HOST and
 * PUBLIC_BASE_URL are set here. Fails with the process's output if it exits first or is
 * not ready within `readyTimeoutMs`.
 */
export async function startAppProcess(opts: { name: string; env: Record<string, string>; readyTimeoutMs?: number }): Promise<AppProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_BASE_URL: baseUrl, ...opts.env };
  // The child is an application, not a test file.
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, nodeScript('src/server.ts'), { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<ExitStatus>((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const state: { exit: ExitStatus | null } = { exit: null };
  void exited.then((s) => {
    state.exit = s;
  });

  const proc: AppProcess = {
    name: opts.name,
    port,
    baseUrl,
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    running: () => state.exit === null,
    async stop(timeoutMs = 15_000) {
      const started = Date.now();
      if (state.exit) return { ...state.exit, forced: false, ms: 0 };
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      });
      const status = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (status) return { ...status, forced: false, ms: Date.now() - started };
      child.kill('SIGKILL');
      return { ...(await exited), forced: true, ms: Date.now() - started };
    },
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (state.exit) {
      throw new Error(`${opts.name} exited before it was ready (${JSON.stringify(state.exit)}):\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await proc.stop(5_000);
      throw new Error(`${opts.name} was not ready on ${baseUrl} in time:\n${output}`);
    }
    await sleep(100);
  }
  return proc;
}
