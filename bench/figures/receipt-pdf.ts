/**
 * The receipt PDF (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Mẫu 01) in a warm process:
 * a sample of dossiers of every procedure (with the one with the most documents and one
 * with both a representative and an e-mail address), each receipt built as the receipts
 * route builds it (src/features/receipts/receipts.service.ts print): the route's reads
 * (dossiersService.forStaff: the dossier with its agency, procedure and clerk, then its
 * documents), receiptData and renderReceipt. Not timed: the print counter and the
 * `receipt_printed` audit event (a write transaction; the harness leaves the database as it
 * is), Express and HTTP. The print number is the one the route would give the next print.
 * One warm-up round over the sample, then `runs` rounds (at least 200 receipts).
 * Targets: < 25 ms per receipt (median and p95), ≤ 40 KB, one A4 page.
 */
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { loadConfig, type Config } from '../../src/config.js';
import { systemClock } from '../../src/deps.js';
import type { StaffUser } from '../../src/domain/roles.js';
import type { Dossier } from '../../src/features/dossiers/dossiers.repo.js';
import { dossiersService } from '../../src/features/dossiers/dossiers.service.js';
import { receiptData } from '../../src/features/receipts/receipts.service.js';
import { renderReceipt } from '../../src/pdf/receipt.js';
import { median, percentile, summarize, type Timing } from '../lib/timing.js';
import { below, info, type Benchmark, type Figure } from '../lib/types.js';

const TARGET_MS = 25;
const TARGET_BYTES = 40 * 1024;
const SAMPLE = 50;
const MIN_RECEIPTS = 200;
/**
 * The QR code and the printed address carry the public status URL, whose length sets the
 * QR version: a production-length https address unless PUBLIC_BASE_URL says otherwise.
 */
const BASE_URL = process.env.PUBLIC_BASE_URL ?? 'https://motcua.dongnai.gov.vn';
const ID = 'receipt-pdf';
const TITLE = 'Receipt PDF (Mẫu 01), warm process';

interface SampleDossier {
  id: number;
  why: string;
}

/**
 * The sample: the dossier with the most documents; one with a representative and an
 * e-mail (the longest applicant block); the latest of every procedure; then dossiers
 * evenly spread over the ids (so frequent procedures weigh as they do at the counter).
 */
async function chooseSample(db: Knex, size: number): Promise<SampleDossier[]> {
  const picks: SampleDossier[] = [];
  const seen = new Set<number>();
  const add = (id: unknown, why: string) => {
    const n = Number(id);
    if (!Number.isInteger(n) || seen.has(n) || picks.length >= size) return;
    seen.add(n);
    picks.push({ id: n, why });
  };
  const most = (await db('dossier_documents').groupBy('dossier_id').select('dossier_id').count({ n: '*' }).orderBy([{ column: 'n', order: 'desc' }, { column: 'dossier_id' }]).first()) as
    | { dossier_id: number; n: number | string }
    | undefined;
  if (most) add(most.dossier_id, `most documents (${Number(most.n)})`);
  const both = await db('dossiers').whereNotNull('representative_name').whereNotNull('applicant_email').orderBy('id').first('id');
  if (both) add(both.id, 'representative and e-mail');
  const procedures: Array<{ id: number; code: string }> = await db('procedures').orderBy('id').select('id', 'code');
  for (const p of procedures) {
    const d = await db('dossiers').where('procedure_id', p.id).orderBy('received_at', 'desc').first('id');
    if (d) add(d.id, `latest of ${p.code}`);
  }
  const range = await db('dossiers').min({ lo: 'id' }).max({ hi: 'id' }).first();
  const lo = Number(range?.lo ?? 0);
  const hi = Number(range?.hi ?? 0);
  const spread = size - picks.length;
  for (let i = 0; i < spread; i++) {
    const target = lo + Math.floor(((hi - lo) * (i + 0.5)) / spread);
    const d = await db('dossiers').where('id', '>=', target).whereNotIn('id', [...seen]).orderBy('id').first('id');
    if (d) add(d.id, 'spread');
  }
  return picks;
}

/** The clerk who received the dossier, as the session would present them (req.staff). */
async function receivingClerk(db: Knex, dossierId: number): Promise<StaffUser> {
  const u = await db('dossiers as d')
    .join('users as u', 'u.id', 'd.received_by')
    .join('agencies as a', 'a.id', 'u.agency_id')
    .where('d.id', dossierId)
    .first('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'a.name as agency_name');
  if (!u) throw new Error(`dossier ${dossierId}: no receiving clerk`);
  return { id: u.id, username: u.username, fullName: u.full_name, role: u.role, agencyId: u.agency_id, agencyName: u.agency_name };
}

/** Page objects of a PDFKit file (uncompressed dictionaries; only streams are deflated). */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const withoutSamples = ({ samplesMs: _s, ...t }: Timing) => t;

export const receiptPdf: Benchmark = {
  id: ID,
  title: TITLE,
  async run(ctx) {
    const { db } = ctx;
    const base = loadConfig();
    const config: Config = { ...base, server: { ...base.server, publicBaseUrl: BASE_URL.replace(/\/+$/, '') } };
    const dossiers = dossiersService({ db, clock: systemClock, config });

    const picks = await chooseSample(db, SAMPLE);
    if (picks.length === 0) throw new Error('No dossiers');
    const staff = new Map<number, StaffUser>();
    for (const p of picks) staff.set(p.id, await receivingClerk(db, p.id));

    // What the route does for one print, minus its write transaction.
    const print = async (id: number): Promise<{ dossier: Dossier; pdf: Buffer }> => {
      const access = await dossiers.forStaff(staff.get(id)!, id);
      if (!access.ok) throw new Error(`dossier ${id}: ${access.reason}`);
      const dossier = access.value;
      const pdf = await renderReceipt(receiptData(dossier, config.server.publicBaseUrl, dossier.receiptPrintCount + 1));
      return { dossier, pdf };
    };

    const rounds = Math.max(ctx.runs, Math.ceil(MIN_RECEIPTS / picks.length));
    ctx.log(`  ${picks.length} dossiers (${picks.filter((p) => p.why !== 'spread').length} chosen, the rest spread over the ids), ${ctx.warmup} warm-up + ${rounds} timed rounds`);

    // Warm-up: also gives each dossier's size, pages and document count.
    const loaded = new Map<number, Dossier>();
    const perDossier = new Map<number, { bytes: number; pages: number; samplesMs: number[] }>();
    for (let w = 0; w < ctx.warmup; w++) {
      for (const p of picks) {
        const { dossier, pdf } = await print(p.id);
        if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`dossier ${p.id}: not a PDF`);
        loaded.set(p.id, dossier);
        perDossier.set(p.id, { bytes: pdf.length, pages: pageCount(pdf), samplesMs: [] });
      }
    }

    const samples: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const p of picks) {
        const started = performance.now();
        const { pdf } = await print(p.id);
        const ms = performance.now() - started;
        samples.push(ms);
        const d = perDossier.get(p.id);
        if (d) {
          d.samplesMs.push(ms);
          d.bytes = Math.max(d.bytes, pdf.length);
          d.pages = Math.max(d.pages, pageCount(pdf));
        } else perDossier.set(p.id, { bytes: pdf.length, pages: pageCount(pdf), samplesMs: [ms] });
      }
    }
    const timing = summarize(samples);

    // Without the reads (fewer rounds): how much of a receipt is the PDF itself.
    const renderSamples: number[] = [];
    for (let r = 0; r < Math.ceil(MIN_RECEIPTS / picks.length); r++) {
      for (const p of picks) {
        const d = loaded.get(p.id) ?? (await print(p.id)).dossier;
        const started = performance.now();
        await renderReceipt(receiptData(d, config.server.publicBaseUrl, d.receiptPrintCount + 1));
        renderSamples.push(performance.now() - started);
      }
    }
    const render = summarize(renderSamples);

    const rows = picks.map((p) => {
      const d = perDossier.get(p.id)!;
      const dossier = loaded.get(p.id);
      return {
        id: p.id,
        why: p.why,
        code: dossier?.code ?? '',
        procedure: dossier?.procedure.code ?? '',
        documents: dossier?.documents.length ?? 0,
        reprint: (dossier?.receiptPrintCount ?? 0) > 0,
        bytes: d.bytes,
        pages: d.pages,
        medianMs: round2(median([...d.samplesMs].sort((a, b) => a - b))),
      };
    });
    const bytes = rows.map((r) => r.bytes).sort((a, b) => a - b);
    const maxBytes = bytes[bytes.length - 1] ?? 0;
    const medianBytes = median(bytes);
    const maxPages = Math.max(...rows.map((r) => r.pages));
    const multiPage = rows.filter((r) => r.pages !== 1).map((r) => r.code);
    const largest = rows.find((r) => r.bytes === maxBytes);
    const procedures = new Set(rows.map((r) => r.procedure)).size;
    ctx.log(`  median ${timing.medianMs.toFixed(1)} ms (PDF alone ${render.medianMs.toFixed(1)} ms), p95 ${timing.p95Ms.toFixed(1)} ms; ${Math.round(medianBytes)} B median, ${maxBytes} B max (${largest?.code ?? '?'})`);

    const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
    const figures: Figure[] = [
      info('receipt.sample', `Sample: dossiers (${procedures} procedures, ${Math.min(...rows.map((r) => r.documents))}–${Math.max(...rows.map((r) => r.documents))} documents)`, rows.length, 'dossiers'),
      below('receipt.median_ms', `Receipt (reads + PDF), median of ${timing.runs}`, timing.medianMs, 'ms', TARGET_MS),
      below('receipt.p95_ms', `Receipt (reads + PDF), p95 of ${timing.runs}`, timing.p95Ms, 'ms', TARGET_MS),
      info('receipt.render_median_ms', `Receipt PDF alone (no reads), median of ${render.runs}`, round2(render.medianMs), 'ms'),
      info('receipt.render_p95_ms', `Receipt PDF alone (no reads), p95 of ${render.runs}`, round2(render.p95Ms), 'ms'),
      info('receipt.bytes_median', 'Receipt size, median', kb(medianBytes), 'KB'),
      {
        id: 'receipt.bytes_max',
        label: `Receipt size, max (${largest?.documents ?? '?'} documents)`,
        value: kb(maxBytes),
        unit: 'KB',
        target: '≤ 40 KB',
        pass: maxBytes <= TARGET_BYTES,
      },
      {
        id: 'receipt.pages_max',
        label: 'Receipt pages, max over the sample',
        value: maxPages,
        unit: 'pages',
        target: '1 page',
        pass: maxPages === 1,
      },
    ];
    return {
      figures,
      details: {
        timed: 'dossiersService.forStaff (2 queries) + receiptData + renderReceipt; not the print-count/audit-event transaction',
        publicBaseUrl: config.server.publicBaseUrl,
        rounds,
        timing: withoutSamples(timing),
        renderOnly: withoutSamples(render),
        p99Ms: round2(percentile([...samples].sort((a, b) => a - b), 99)),
        bytes: { median: medianBytes, max: maxBytes, maxCode: largest?.code ?? null },
        multiPage,
        dossiers: rows,
      },
    };
  },
};
