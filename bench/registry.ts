/**
 * Every benchmark the harness knows, in the order it runs them. To add one: write a
 * module under bench/figures/ exporting a Benchmark (see bench/lib/types.ts), and list it here.
 */
import { catalogueSearch } from './figures/catalogue-search.js';
import { intakeThroughput } from './figures/intake.js';
import { memory } from './figures/memory.js';
import { portalSync } from './figures/portal-sync.js';
import { receiptPdf } from './figures/receipt-pdf.js';
import { processingResultsReport } from './figures/report-processing-results.js';
import { search } from './figures/search.js';
import { staffPages } from './figures/staff-pages.js';
import { statusPage } from './figures/status-page.js';
import { sweeps } from './figures/sweeps.js';
import { uploadMemory } from './figures/upload-memory.js';
import type { Benchmark } from './lib/types.js';

// intake writes dossiers to the benchmarked database: it stays last.
export const BENCHMARKS: readonly Benchmark[] = [statusPage, staffPages, memory, receiptPdf, sweeps, processingResultsReport, search, catalogueSearch, portalSync, uploadMemory, intakeThroughput];
