/**
 * A server in a child process (node --import tsx ENTRY), so that it has its own event loop
 * and the load generator in the harness process does not share it. The child listens on an
 * ephemeral port and reports it over IPC; closing the IPC channel stops it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChildServer {
  baseUrl: string;
  /** The child's second server, when it reports one (`barePort`). */
  bareUrl: string | null;
  pid: number;
  stop(): Promise<void>;
}

/** `nodeArgs`: extra node options (e.g. `--cpu-prof --cpu-prof-dir=…`: the profile is written when the child exits). */
export async function startChildServer(entry: string, env: Record<string, string>, timeoutMs = 30_000, nodeArgs: readonly string[] = []): Promise<ChildServer> {
  const child: ChildProcess = fork(path.join(ROOT, entry), [], {
    cwd: ROOT,
    execArgv: [...nodeArgs, '--import', 'tsx'],
    env: { ...process.env, ...env },
    // stdout (the request log) is discarded as a log shipper would take it; stderr is kept for errors.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  let barePort: number | null = null;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    child.once('message', (m: { port?: number; barePort?: number }) => {
      clearTimeout(timer);
      barePort = m.barePort ?? null;
      if (typeof m.port === 'number') resolve(m.port);
      else reject(new Error(`${entry} sent ${JSON.stringify(m)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with code ${code}\n${stderr}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    bareUrl: barePort === null ? null : `http://127.0.0.1:${barePort}`,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.disconnect();
      }),
  };
}
