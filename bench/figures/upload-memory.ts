/**
 * Memory of uploads: "uploads of 10 MB do not grow the server's memory by more than a few MB"
 * (issue 24). The real app (bench/servers/status-app.ts: createApp, every middleware) runs in
 * a child process on the benchmarked database, its file store in a temporary folder; a bulk
 * clerk (`bulk.<eid>.tn01`) signs in through the login form and posts 10 MB PDFs through the
 * real upload route of the dossier page ("Đính kèm bản chụp", POST /ho-so/:id/ban-chup-giay-to:
 * multipart, CSRF first, busboy → file store: counted, sniffed, hashed, fsync'd, renamed), one
 * after another, each with different bytes (no deduplication). The form names a document of
 * another dossier, so each upload is streamed and stored in full, then refused by the service
 * and removed: the server does all the work of an upload and the benchmark writes nothing to
 * the database but the clerk's session. The child's resident set (VmRSS, /proc) is read after a
 * warm-up of WARMUP uploads, sampled every 20 ms during the timed uploads, and read again
 * after them. Targets: peak growth over the warmed-up RSS < 8 MB; every upload answered
 * with the refusal and nothing left in the store.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BULK_PASSWORD, BULK_USERNAME_PREFIX } from '../../tools/bulk/setup.js';
import { startChildServer } from '../lib/child-server.js';
import { csrfFrom } from '../lib/http.js';
import { below, info, type Benchmark } from '../lib/types.js';

const ID = 'upload-memory';
const MB = 1024 * 1024;
const FILE_BYTES = 10 * MB;
const WARMUP = 3;
const UPLOADS = 12;
const MAX_GROWTH_MB = 8;
const CHUNK = 64 * 1024;

/** The child's resident set in bytes (Linux /proc; ps elsewhere). */
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
}

class Jar {
  private readonly cookies = new Map<string, string>();
  keep(headers: http.IncomingHttpHeaders): void {
    for (const c of headers['set-cookie'] ?? []) {
      const pair = c.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

function request(url: string, jar: Jar, opts: { method?: string; headers?: Record<string, string | number>; body?: (req: http.ClientRequest) => Promise<void> | void } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: { cookie: jar.header(), ...opts.headers } }, (res) => {
      jar.keep(res.headers);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (!opts.body) return void req.end();
    Promise.resolve(opts.body(req)).then(() => req.end(), reject);
  });
}

/** Writes `bytes` to the request in chunks, waiting for drain: the harness never holds the file whole either. */
async function writeBody(req: http.ClientRequest, parts: Array<Buffer | { pdfBytes: number; seed: number }>): Promise<void> {
  const write = (b: Buffer) => (req.write(b) ? Promise.resolve() : new Promise<void>((r) => req.once('drain', () => r())));
  for (const p of parts) {
    if (Buffer.isBuffer(p)) {
      await write(p);
      continue;
    }
    // A PDF: its header, then filler that differs per upload (so every upload is a new file to store).
    await write(Buffer.from(`%PDF-1.4\n% upload ${p.seed}`.padEnd(31, ' ') + '\n'));
    let left = p.pdfBytes - 32 - 7;
    const block = crypto.randomBytes(CHUNK);
    while (left > 0) {
      const n = Math.min(left, CHUNK);
      block.writeUInt32BE(p.seed, 0);
      await write(block.subarray(0, n));
      left -= n;
    }
    await write(Buffer.from('\n%%EOF\n'));
  }
}

export const uploadMemory: Benchmark = {
  id: ID,
  title: 'Upload of 10 MB files: server memory (RSS) growth',
  async run(ctx) {
    // A bulk clerk and a dossier of their agency; a document of another dossier (the refusal).
    const clerk = await ctx.db('users').where('username', 'like', `${BULK_USERNAME_PREFIX}%.tn01`).andWhere({ role: 'clerk', active: true }).orderBy('id').first('username', 'agency_id');
    if (!clerk) throw new Error('No bulk clerk (bulk.<eid>.tn01): seed the database with npm run seed:bulk');
    const dossier = await ctx.db('dossiers').where({ agency_id: clerk.agency_id }).whereNot({ status: 'voided' }).orderBy('id', 'desc').first('id');
    if (!dossier) throw new Error(`No dossier received by the agency of ${clerk.username}`);
    const foreignDoc = await ctx.db('dossier_documents').whereNot({ dossier_id: dossier.id }).first('id');
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-upload-'));
    const env = {
      DATABASE_URL: ctx.databaseUrl,
      NODE_ENV: 'production',
      CSRF_SECRET: 'bench-only-csrf-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
      SCHEDULER_ENABLED: 'false',
      STORAGE_DIR: storage,
      FILE_MAX_MB: '11',
      DOSSIER_FILES_MAX_MB: '1000',
      LOGIN_RATE_LIMIT: '1000',
    };
    const server = await startChildServer('bench/servers/status-app.ts', env);
    try {
      const base = server.baseUrl;
      const jar = new Jar();
      const login = await request(`${base}/dang-nhap`, jar);
      const form = new URLSearchParams({ _csrf: csrfFrom(login.body), username: clerk.username, password: BULK_PASSWORD, next: `/ho-so/${dossier.id}` }).toString();
      const signed = await request(`${base}/dang-nhap`, jar, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) }, body: (r) => void r.write(form) });
      if (signed.status !== 303) throw new Error(`sign-in of ${clerk.username}: ${signed.status}`);
      const page = await request(`${base}/ho-so/${dossier.id}`, jar);
      if (page.status !== 200) throw new Error(`GET /ho-so/${dossier.id}: ${page.status}`);
      const csrf = csrfFrom(page.body);

      const upload = async (seed: number): Promise<{ ms: number; status: number; refused: boolean }> => {
        const boundary = `----motcua-bench-${seed}`;
        const head = Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="giay_to"\r\n\r\n${foreignDoc?.id ?? 2147483647}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="tep"; filename="ban-chup-${seed}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        );
        const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
        const started = performance.now();
        const res = await request(`${base}/ho-so/${dossier.id}/ban-chup-giay-to`, jar, {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + FILE_BYTES + tail.length },
          body: (r) => writeBody(r, [head, { pdfBytes: FILE_BYTES, seed }, tail]),
        });
        return { ms: performance.now() - started, status: res.status, refused: res.body.includes('Giấy tờ đã chọn không thuộc hồ sơ này') };
      };

      for (let i = 0; i < WARMUP; i++) await upload(1000 + i);
      const warm = rssOf(server.pid);
      let peak = warm;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssOf(server.pid));
      }, 20);
      const results = [];
      try {
        for (let i = 0; i < UPLOADS; i++) results.push(await upload(i + 1));
      } finally {
        clearInterval(sampler);
      }
      const after = rssOf(server.pid);
      peak = Math.max(peak, after);
      const left = fs.readdirSync(storage, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
      const allRefused = results.every((r) => r.status === 400 && r.refused);
      const totalMs = results.reduce((s, r) => s + r.ms, 0);
      ctx.log(`  ${UPLOADS} × 10 MB after ${WARMUP} warm-up: RSS ${(warm / MB).toFixed(1)} → peak ${(peak / MB).toFixed(1)} → ${(after / MB).toFixed(1)} MB`);
      return {
        figures: [
          below(`${ID}.peak_growth_mb`, 'Peak RSS growth over the warmed-up server, 10 MB uploads', (peak - warm) / MB, 'MB', MAX_GROWTH_MB),
          info(`${ID}.growth_after_mb`, 'RSS after the uploads minus warmed-up RSS', Math.round(((after - warm) / MB) * 10) / 10, 'MB'),
          info(`${ID}.rss_warm_mb`, 'RSS of the warmed-up server', Math.round((warm / MB) * 10) / 10, 'MB'),
          info(`${ID}.throughput_mb_s`, 'Upload throughput (stored, hashed, fsync’d, then refused and removed)', Math.round(((UPLOADS * FILE_BYTES) / MB / (totalMs / 1000)) * 10) / 10, 'MB/s'),
          { id: `${ID}.all_refused_nothing_left`, label: 'Every upload streamed in full, refused by the service, nothing left in the store', value: allRefused && left === 0, unit: '', target: 'true', pass: allRefused && left === 0 },
        ],
        details: { uploads: UPLOADS, warmup: WARMUP, fileBytes: FILE_BYTES, statuses: results.map((r) => r.status), leftInStore: left, rss: { warm, peak, after } },
      };
    } finally {
      await server.stop();
      fs.rmSync(storage, { recursive: true, force: true });
    }
  },
};
