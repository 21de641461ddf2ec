/**
 * Intake throughput with concurrent clerks, over real HTTP. The real app (createApp, every
 * middleware) runs in this process on an ephemeral port, on the benchmarked database; the
 * bulk clerks (`bulk.<eid>.tnNN`) of the busiest receiving agencies sign in through the
 * login form, and each fills the check step once per procedure to get the confirm form as
 * the browser posts it (hidden fields, CSRF token, idempotency key). Then every clerk submits
 * intakes one after another, like a counter, varying applicant and procedure and with a fresh
 * intake key each time, for DURATION_MS or until MAX_INTAKES have been sent. Timed: each
 * confirm POST, from the request to the end of its 303 response. Checked afterwards in the
 * database: every intake made its dossier, codes unique and gap-free per agency and day.
 *
 * IT WRITES TO THE BENCHMARKED DATABASE: every dossier it takes (warm-up included) stays,
 * with its documents and `received` event, and so do the clerks' sessions (signed out at the
 * end) and the login rate-limit counter. That is why it runs last. It reports how many
 * dossiers it added.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import { Prng } from '../../tools/bulk/prng.js';
import { applicant } from '../../tools/bulk/people.js';
import { BULK_PASSWORD, BULK_USERNAME_PREFIX } from '../../tools/bulk/setup.js';
import { loadConfig, type Config } from '../../src/config.js';
import { systemClock, type Deps } from '../../src/deps.js';
import { parseDossierCode } from '../../src/domain/dossier-code.js';
import { catalogueRepo } from '../../src/features/catalogue/catalogue.repo.js';
import type { Procedure } from '../../src/features/catalogue/catalogue.types.js';
import { blankForm, formatIntakeKey } from '../../src/features/intake/intake.schema.js';
import { paths } from '../../src/web/paths.js';
import { dossierCount } from '../lib/database.js';
import { hiddenInputs, listen, signIn, type HttpSession } from '../lib/http.js';
import { median, percentile } from '../lib/timing.js';
import { below, info, type Benchmark, type Figure } from '../lib/types.js';

/*
 * Targets. A province taking ~1M dossiers a quarter (~62 working days) takes ~16k a working
 * day: ≈ 0.6 dossiers/s on average over 8 office hours, and at a peak of 10 × the average
 * ≈ 6/s. The app must take ≥ 50 dossiers/s (≈ 8 × that peak) with 16 clerks typing at once,
 * each confirm answered within a second at p99, without a single error.
 */
const CLERKS = 16;
const TARGET_PER_S = 50;
const TARGET_P99_MS = 1000;
/** The timed phase ends after DURATION_MS or MAX_INTAKES confirm POSTs, whichever comes first. */
const DURATION_MS = 30_000;
const MAX_INTAKES = 2000;
/** Procedures each agency's clerks rotate through (the agency's first ones by field and code). */
const PROCEDURES_PER_AGENCY = 8;
const ID = 'intake';
const TITLE = 'Intake throughput, concurrent clerks';

interface Clerk {
  id: number;
  username: string;
  agencyId: number;
  eid: string;
}

/** The bulk clerks of the agencies that received the most dossiers, CLERKS of them. */
async function chooseClerks(db: Knex): Promise<Clerk[]> {
  const busiest = (await db('dossiers').groupBy('agency_id').select('agency_id').count({ n: '*' }).orderBy([{ column: 'n', order: 'desc' }, { column: 'agency_id' }])) as Array<{
    agency_id: number;
    n: number | string;
  }>;
  const rank = new Map(busiest.map((b, i) => [Number(b.agency_id), i]));
  const rows: Array<{ id: number; username: string; agency_id: number; eid: string }> = await db('users as u')
    .join('agencies as a', 'a.id', 'u.agency_id')
    .where('u.role', 'clerk')
    .andWhere('u.active', true)
    .andWhere('a.active', true)
    .andWhere('u.username', 'like', `${BULK_USERNAME_PREFIX}%`)
    .select('u.id', 'u.username', 'u.agency_id', 'a.eid');
  rows.sort((x, y) => (rank.get(x.agency_id) ?? 1e9) - (rank.get(y.agency_id) ?? 1e9) || x.agency_id - y.agency_id || x.username.localeCompare(y.username));
  if (rows.length < CLERKS) throw new Error(`Only ${rows.length} bulk clerk accounts (${BULK_USERNAME_PREFIX}<eid>.tnNN); ${CLERKS} needed: seed with npm run seed:bulk`);
  return rows.slice(0, CLERKS).map((r) => ({ id: Number(r.id), username: r.username, agencyId: Number(r.agency_id), eid: r.eid }));
}

/** The intake form as a clerk fills it: every document of the checklist received, usual counts. */
function filledForm(procedure: Procedure, a: ReturnType<typeof applicant>): Record<string, string> {
  const form: Record<string, string> = { ...blankForm(procedure.documents) };
  for (const d of procedure.documents) form[`doc_${d.position}_received`] = 'on';
  return { ...form, ...applicantFields(a) };
}

function applicantFields(a: ReturnType<typeof applicant>): Record<string, string> {
  return {
    applicant_name: a.name,
    applicant_id_number: a.idNumber,
    applicant_phone: a.phone,
    applicant_email: a.email ?? '',
    applicant_address: a.address,
    representative_name: a.representative ?? '',
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export const intakeThroughput: Benchmark = {
  id: ID,
  title: TITLE,
  async run(ctx) {
    const { db } = ctx;
    ctx.log('  ⚠ This benchmark WRITES to the benchmarked database: the dossiers it takes stay there (with documents and events).');
    const before = await dossierCount(db);
    const clerks = await chooseClerks(db);
    const agencies = [...new Set(clerks.map((c) => c.eid))];
    const catalogue = catalogueRepo(db);
    const proceduresOf = new Map<number, Procedure[]>();
    for (const agencyId of new Set(clerks.map((c) => c.agencyId))) {
      const list = (await catalogue.proceduresForAgency(agencyId)).slice(0, PROCEDURES_PER_AGENCY);
      const full: Procedure[] = [];
      for (const p of list) {
        const proc = await catalogue.procedureForAgency(agencyId, p.code);
        if (proc) full.push(proc);
      }
      if (full.length === 0) throw new Error(`agency ${agencyId} receives no procedure`);
      proceduresOf.set(agencyId, full);
    }

    // The app as the server builds it, with a login limit that lets every clerk sign in again and again.
    const base = loadConfig();
    const config: Config = {
      ...base,
      server: { ...base.server, trustProxy: false },
      security: { ...base.security, cookieSecure: false, loginThrottle: { ...base.security.loginThrottle, addressLimit: 1_000_000 } },
      logging: { level: 'silent' },
    };
    const deps: Deps = { db, config, clock: systemClock, logger: pino({ level: 'silent' }) };
    const server = await listen(createApp(deps));
    config.server.publicBaseUrl = server.baseUrl;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLERKS * 2 });
    const rng = new Prng(0x1a7a4e, Date.now() % 2 ** 31);

    const ids: number[] = [];
    const latencies: number[] = [];
    const errors: string[] = [];
    let errorCount = 0;
    let timedOk = 0;
    let elapsedMs = 0;
    const sessions: HttpSession[] = [];
    try {
      ctx.log(`  ${CLERKS} clerks of ${agencies.length} agencies (${agencies.join(', ')}) sign in over HTTP (${server.baseUrl}) …`);
      for (const c of clerks) sessions.push(await signIn(server.baseUrl, agent, c.username, BULK_PASSWORD, paths.intake.start));

      // The browser's way to the confirm form: open the procedure's form, post it to the check
      // step, and keep the hidden fields of the check page's confirm form.
      const templates = new Map<string, Record<string, string>>();
      for (const [k, c] of clerks.entries()) {
        for (const p of proceduresOf.get(c.agencyId)!) {
          if (templates.has(p.code)) continue;
          const s = sessions[k]!;
          const form = await s.get(paths.intake.form(p.code));
          if (form.status !== 200) throw new Error(`GET ${paths.intake.form(p.code)}: ${form.status}`);
          const check = await s.postForm(paths.intake.check(p.code), { ...filledForm(p, applicant(rng, null)), _csrf: s.csrf });
          if (check.status !== 200) throw new Error(`POST ${paths.intake.check(p.code)}: ${check.status}`);
          const hidden = hiddenInputs(check.body, paths.intake.confirm(p.code));
          if (!/^\d+\.[0-9a-f-]{36}$/.test(hidden.intake_key ?? '')) throw new Error(`no intake key on the check page of ${p.code}`);
          templates.set(p.code, hidden);
        }
      }

      let issued = 0;
      /** One confirm POST; returns its latency, or null on an error. */
      const submit = async (k: number, n: number): Promise<number | null> => {
        const s = sessions[k]!;
        const procs = proceduresOf.get(clerks[k]!.agencyId)!;
        const p = procs[(n + k) % procs.length]!;
        const body = { ...templates.get(p.code)!, ...applicantFields(applicant(rng, null)), _csrf: s.csrf, intake_key: formatIntakeKey(clerks[k]!.id, crypto.randomUUID()), documents_checked: 'on', action: 'confirm' };
        const started = performance.now();
        try {
          const res = await s.postForm(paths.intake.confirm(p.code), body);
          const ms = performance.now() - started;
          const m = /^\/ho-so\/(\d+)\/da-tiep-nhan$/.exec(String(res.headers.location ?? ''));
          if (res.status === 303 && m) {
            ids.push(Number(m[1]));
            return ms;
          }
          errorCount++;
          if (errors.length < 10) errors.push(`${clerks[k]!.username} ${p.code}: ${res.status} ${res.headers.location ?? res.body.slice(0, 200)}`);
        } catch (err) {
          errorCount++;
          if (errors.length < 10) errors.push(`${clerks[k]!.username} ${p.code}: ${(err as Error).message}`);
        }
        return null;
      };

      // Warm-up: one intake per clerk, all at once (not timed, but they stay in the database).
      await Promise.all(sessions.map((_, k) => submit(k, issued++)));
      ctx.log(`  warm-up: ${ids.length} intakes; timed phase: ${DURATION_MS / 1000} s or ${MAX_INTAKES} intakes …`);
      const warmupOk = ids.length;

      const started = performance.now();
      const deadline = started + DURATION_MS;
      let sent = 0;
      await Promise.all(
        sessions.map(async (_, k) => {
          while (performance.now() < deadline && sent < MAX_INTAKES) {
            sent++;
            const ms = await submit(k, issued++);
            if (ms !== null) latencies.push(ms);
          }
        }),
      );
      elapsedMs = performance.now() - started;
      timedOk = ids.length - warmupOk;

      for (const s of sessions) await s.postForm(paths.logout, { _csrf: s.csrf });
    } finally {
      agent.destroy();
      await server.close();
    }

    // What the database holds now.
    const made: Array<{ id: number; code: string; status: string }> = [];
    let receivedEvents = 0;
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      made.push(...(await db('dossiers').whereIn('id', chunk).select('id', 'code', 'status')));
      const ev = await db('dossier_events').whereIn('dossier_id', chunk).where('type', 'received').count({ n: '*' }).first();
      receivedEvents += Number(ev?.n ?? 0);
    }
    const codes = made.map((m) => m.code);
    const codesUnique = new Set(codes).size === codes.length && unique.length === ids.length && made.length === ids.length;
    const byDay = new Map<string, number[]>();
    for (const c of codes) {
      const parsed = parseDossierCode(c);
      if (!parsed) continue;
      const key = `${parsed.agencyEid}-${parsed.datePart}`;
      byDay.set(key, [...(byDay.get(key) ?? []), parsed.sequence]);
    }
    const gaps: string[] = [];
    for (const [key, seqs] of byDay) {
      seqs.sort((a, b) => a - b);
      if (seqs[seqs.length - 1]! - seqs[0]! + 1 !== seqs.length) gaps.push(`${key}: ${seqs.length} codes over ${seqs[0]}–${seqs[seqs.length - 1]}`);
    }
    const gapFree = gaps.length === 0 && codes.every((c) => parseDossierCode(c) !== null);
    const after = await dossierCount(db);
    const added = after - before;

    const sorted = [...latencies].sort((a, b) => a - b);
    const perS = elapsedMs > 0 ? timedOk / (elapsedMs / 1000) : 0;
    const p50 = median(sorted);
    const p99 = percentile(sorted, 99);
    ctx.log(`  ${timedOk} intakes in ${(elapsedMs / 1000).toFixed(1)} s: ${perS.toFixed(1)}/s, p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, ${errorCount} errors; ${added} dossiers added to the database`);
    if (errors.length) ctx.log(`  errors: ${errors.join(' | ')}`);

    const figures: Figure[] = [
      info('db.dossiers.rows', 'Dossiers in the database (before)', before, 'rows'),
      info('intake.clerks', `Clerks signed in over HTTP (${agencies.length} agencies)`, CLERKS, 'clerks'),
      info('intake.timed', `Intakes in the timed phase (${(elapsedMs / 1000).toFixed(1)} s)`, timedOk, 'dossiers'),
      {
        id: 'intake.throughput_per_s',
        label: `Intake throughput, ${CLERKS} clerks`,
        value: round2(perS),
        unit: 'dossiers/s',
        target: `≥ ${TARGET_PER_S} dossiers/s`,
        pass: perS >= TARGET_PER_S,
      },
      info('intake.p50_ms', 'Confirm POST latency, p50', round2(p50), 'ms'),
      below('intake.p99_ms', 'Confirm POST latency, p99', p99, 'ms', TARGET_P99_MS),
      { id: 'intake.errors', label: 'Intake errors (not a 303 to the dossier)', value: errorCount, unit: 'errors', target: '0', pass: errorCount === 0 },
      {
        id: 'intake.codes_unique',
        label: 'Every intake made one dossier, codes unique',
        value: codesUnique && receivedEvents === ids.length,
        unit: '',
        target: 'all unique',
        pass: codesUnique && receivedEvents === ids.length,
      },
      { id: 'intake.codes_gap_free', label: 'Codes gap-free per agency and day', value: gapFree, unit: '', target: 'no gap', pass: gapFree },
      info('intake.dossiers_added', 'Dossiers ADDED to the benchmarked database', added, 'dossiers'),
    ];
    return {
      figures,
      details: {
        writes: `added ${added} dossiers (${ids.length} intakes incl. ${CLERKS} warm-up), their documents and received events, ${CLERKS} sessions (signed out) and login rate-limit hits`,
        timed: 'each confirm POST /tiep-nhan/:code/xac-nhan (request sent → 303 response read), in-process server, keep-alive connections',
        clerks: clerks.map((c) => c.username),
        agencies,
        procedures: Object.fromEntries([...proceduresOf].map(([a, ps]) => [a, ps.map((p) => p.code)])),
        durationMs: round2(elapsedMs),
        limits: { durationMs: DURATION_MS, maxIntakes: MAX_INTAKES },
        throughputPerS: round2(perS),
        latencyMs: { p50: round2(p50), p95: round2(percentile(sorted, 95)), p99: round2(p99), max: round2(sorted[sorted.length - 1] ?? NaN), mean: round2(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)) },
        errors: { count: errorCount, first: errors },
        codes: { checked: made.length, receivedEvents, byAgencyDay: Object.fromEntries([...byDay].map(([k, v]) => [k, v.length])), gaps },
        dossiersBefore: before,
        dossiersAfter: after,
      },
    };
  },
};
