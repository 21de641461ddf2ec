/**
 * What a server process itself spends, read from the kernel (/proc, Linux): its CPU time
 * (user + system, every thread: the event loop, libuv's pool where the SQLite driver
 * works, V8's GC and compiler threads) and its resident memory; and the machine's load
 * average, printed beside every figure because other work on a shared machine blurs
 * latencies and throughput (it does not change what one request costs the server).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let ticks: number | undefined;
/** Clock ticks per second of /proc's times (USER_HZ, almost always 100). */
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** User + system CPU time of a process so far, in ms (resolution: one clock tick, 10 ms). */
export function cpuTimeMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5); field 3 is the first after the name.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks();
}

/** Sum of cpuTimeMs over processes, 0 for those that have gone. */
export function cpuTimeOfMs(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += cpuTimeMs(pid);
    } catch {
      // The process has exited: its time is lost (rare: a pool closing a connection).
    }
  }
  return total;
}

/** Resident set size of a process, in MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The machine's load averages (1, 5, 15 min), as /proc/loadavg says. */
export function loadAverage(): [number, number, number] {
  const [a = '0', b = '0', c = '0'] = fs.readFileSync('/proc/loadavg', 'utf8').split(' ');
  return [Number(a), Number(b), Number(c)];
}

/** "1.92 2.10 2.35", for logs and figures. */
export function loadText(l: readonly number[] = loadAverage()): string {
  return l.map((x) => x.toFixed(2)).join(' ');
}
