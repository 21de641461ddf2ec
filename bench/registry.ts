/**
 * Every benchmark the harness knows, in the order it runs them. To add one: write a
 * module under bench/figures/ exporting a Benchmark (see bench/lib/types.ts), and list it here.
 */
import { processingResultsReport } from './figures/report-processing-results.js';
import type { Benchmark } from './lib/types.js';

export const BENCHMARKS: readonly Benchmark[] = [processingResultsReport];
