/** The common timing helper: warm up, then time `runs` calls one after another. */
import { performance } from 'node:perf_hooks';

export interface Timing {
  runs: number;
  samplesMs: number[];
  minMs: number;
  medianMs: number;
  /** Nearest-rank 95th percentile: with 10 runs, the slowest. */
  p95Ms: number;
  maxMs: number;
  meanMs: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samplesMs: number[]): Timing {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    runs: samplesMs.length,
    samplesMs: samplesMs.map((s) => Math.round(s * 100) / 100),
    minMs: sorted[0] ?? NaN,
    medianMs: median(sorted),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    meanMs: samplesMs.reduce((a, b) => a + b, 0) / Math.max(1, samplesMs.length),
  };
}

export async function measure(fn: () => Promise<unknown>, opts: { warmup: number; runs: number }): Promise<Timing> {
  for (let i = 0; i < opts.warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}
