/** The contract between the harness (bench/run.ts) and each benchmark module. */
import type { Knex } from 'knex';
import type { Dialect } from '../../src/db/knex.js';

/** One number (or fact) the benchmark reports, with its target when it has one. */
export interface Figure {
  /** Stable key for comparing runs, e.g. "report.processing_results.median_ms". */
  id: string;
  label: string;
  value: number | string | boolean;
  unit: string;
  /** Human-readable target, e.g. "< 1000 ms"; null for context figures (row counts …). */
  target: string | null;
  /** null when the figure has no target. */
  pass: boolean | null;
}

export interface BenchContext {
  db: Knex;
  dialect: Dialect;
  /** The URL of `db`, for benchmarks that start servers in child processes. */
  databaseUrl: string;
  /** Timed runs per measurement (after the warm-up). */
  runs: number;
  warmup: number;
  /** The offered rate of fixed-rate runs, requests per second (--rate, default 300). */
  rate: number;
  /** Length of the memory soak at the fixed rate, seconds (--soak, default 600). */
  soakSeconds: number;
  /** When set (--profile), servers under load write V8 CPU profiles into this directory. */
  profileDir: string | null;
  /** Write a text file next to the JSON results; returns its path. */
  artifact(name: string, content: string): string;
  /** Progress and notes, on stderr. */
  log(line: string): void;
}

export interface BenchResult {
  figures: Figure[];
  /** Anything worth keeping in the JSON (parameters chosen, row counts, plan summary …). */
  details?: Record<string, unknown>;
}

export interface Benchmark {
  /** Short id, used by --only and in file names: "report-processing-results". */
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** A figure against an upper bound: pass when value < limit. */
export function below(id: string, label: string, value: number, unit: string, limit: number): Figure {
  return { id, label, value: Math.round(value * 100) / 100, unit, target: `< ${limit} ${unit}`, pass: value < limit };
}

export function info(id: string, label: string, value: number | string | boolean, unit = ''): Figure {
  return { id, label, value, unit, target: null, pass: null };
}
