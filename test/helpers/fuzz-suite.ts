/**
 * Route-table fuzz suite: every route the app serves (read from its router, not a list
 * written here) gets a seeded corpus of hostile values in its path parameters, query
 * parameters and form fields, as each role, with a valid CSRF token so POSTs reach the
 * handlers. No response may be a 5xx, and a refused request (4xx) may write nothing but the
 * bookkeeping tables named in WRITES_ALLOWED_ON_4XX.
 *
 * The route table is split into `parts` slices (every parts-th route), each run by its own
 * test file (test/integration/fuzz-*.test.ts) so the slices run side by side; together they
 * cover every route.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { Readable } from 'node:stream';
import { vnInstant } from '../../src/domain/time.js';
import { buildFileStore } from '../../src/files.js';
import { buildTestApp, certifiedCopyForm, PASSWORD, type TestApp } from './app.js';
import { forwardedPetition, markPublished } from './petitions.js';
import { appRoutes, changeMark, fillPath, formsOf, matchRoute, seededRandom, tableCounts, type AppRoute } from './routes.js';
import { ROLES, WARD, signInAs, twoAgencies, type RoleName } from './two-agencies.js';
import { tokenHashOf } from '../../src/features/survey/survey.service.js';

const NOW = vnInstant('2026-03-10', '09:30');
const SEED = 20261111;
/** Hostile requests per route and role that reaches its handler, and per role the route refuses. */
const PER_ROUTE_ROLE = 16;
const PER_REFUSED_ROLE = 2;

/** Tables a refused request may still write: throttling, failed sign-ins and session bookkeeping. */
const WRITES_ALLOWED_ON_4XX = new Set(['rate_limits', 'sessions', 'login_failures']);

type Agent = ReturnType<typeof request.agent>;

/** Hostile values, URL-encoded as they go on the wire (path, query or urlencoded body). */
const big = (n: number) => 'A'.repeat(n);
const SCALARS: string[] = [
  '%00', 'a%00b', '%01%02%03%1F%7F', '%0D%0Ainjected', '%08%1B', '%C3%28', '%FF%FE', '%E0%80%80', '%ED%A0%80', '%', '%zz', '%25',
  encodeURIComponent(big(8_000)), '', '%20%20', '2147483648', '9999999999', '99999999999999999999', '-1', '0', '1e309', '-0', '1.5', '0x10', 'NaN', 'Infinity',
  '0000-00-00', '9999-12-31', '2026-02-30', '0000-01-01', '0000-01', '9999-4', '2026-13', '31%2F02%2F2026', '00%2F00%2F0000', '9999',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '%27%20OR%201%3D1--', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '..%2F..%2Fetc%2Fpasswd',
  encodeURIComponent('Nguye\u0302\u0303n'), encodeURIComponent('\u202e\u200b\ufeff'), '%EF%BF%BF', 'true', '%5B%5D', '%7B%7D', '%F0%9F%92%A9',
];
/** Only in bodies: a 100 kB value (under the 100 kB body limit with the rest) and one over it. */
const BODY_ONLY = [encodeURIComponent(big(100_000)).slice(0, 99_000), big(120_000)];
/** Shapes that make a field something other than one string. */
type Shape = 'scalar' | 'repeat' | 'brackets' | 'nested';
const SHAPES: Shape[] = ['scalar', 'scalar', 'scalar', 'scalar', 'repeat', 'brackets', 'nested'];
const CONTENT_TYPES = ['form', 'form', 'form', 'form', 'form', 'form', 'json', 'multipart', 'text'] as const;

/** Names tried on every route besides those its forms show. */
const KNOWN_FIELDS = [
  'q', 'trang', 'trang_thai', 'thu_tuc', 'tu_ngay', 'den_ngay', 'qua_han', 'xem', 'ky', 'nam', 'thang', 'quy', 'co_quan', 'can_bo', 'dinh_dang',
  'next', 'ok', 'field', 'status', 'action', 'version', 'note', 'reason', 'to_agency_id', 'to_user_id', 'code', 'phone_last', 'level', 'comment',
  'username', 'password', 'intake_key', 'agency_id', 'role', 'name', 'kind', 'csv', '__proto__', 'constructor', 'toString',
];

const enc = encodeURIComponent;

function encodePairs(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${enc(k)}=${v}`).join('&');
}

/** Decoded text of an encoded value, for JSON and multipart bodies (invalid escapes kept as they are). */
function decoded(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** The fuzz suite over slice `part` (0-based) of `parts` of the route table. */
export function fuzzRoutes(part: number, parts: number): void {
  describe(`route-table fuzz (part ${part + 1} of ${parts})`, () => {
    let t: TestApp;
    let routes: AppRoute[];
    const agents = new Map<RoleName, { agent: Agent; csrf: string }>();
    const baseParams: Record<string, Record<string, string>> = {};
    const formFields = new Map<string, Map<string, string>>(); // "METHOD pattern" → field → baseline
    const formOptions = new Map<string, Map<string, string[]>>(); // "METHOD pattern" → field → values offered
    let slugs: string[] = [];

    async function login(role: RoleName) {
      agents.set(role, await signInAs(t, 'fuzz', role));
    }

    /** Baseline value of a path parameter, chosen from the route's prefix so the request gets past the lookup. */
    function paramFor(route: AppRoute, name: string): string {
      const p = baseParams;
      if (name === 'id') {
        if (route.path.startsWith('/quan-tri/can-bo')) return p.user!.id!;
        if (route.path.startsWith('/quan-tri/co-quan')) return p.agency!.id!;
        if (route.path.startsWith('/quan-tri/thu-tuc')) return p.procedure!.id!;
        if (route.path.startsWith('/cau-hoi') || route.path.startsWith('/s/:token/cau-hoi/')) return p.question!.id!;
        if (route.path.startsWith('/xu-ly-pakn')) return p.petition!.id!;
        // An online registration waiting at the ward, and its document.
        if (route.path.startsWith('/truc-tuyen/tep') || route.path.startsWith('/nop-truc-tuyen/theo-doi')) return p.presubmission!.doc!;
        if (route.path.startsWith('/truc-tuyen')) return p.presubmission!.id!;
        return p.dossier!.id!;
      }
      // A petition's token (acknowledgement, status page, any Zalo invite) and a published petition's code.
      if (route.path.startsWith('/phan-anh-kien-nghi') && (name === 'token' || name === 'code')) return p.petition![name]!;
      // An open survey invitation (its link), so that the questionnaire is past its lookup.
      if (route.path.startsWith('/khao-sat/') && name === 'token') return p.survey!.token!;
      if (route.path.startsWith('/nop-truc-tuyen/theo-doi') && name === 'token') return p.presubmission!.token!;
      const v = p.any![name];
      if (v === undefined) throw new Error(`fuzz: no baseline for :${name} in ${route.path}; add one`);
      return v;
    }

    before(async () => {
      t = await buildTestApp({ now: NOW, env: { LOGIN_RATE_LIMIT: '1000000', LOOKUP_RATE_LIMIT: '1000000' } });
      const world = await twoAgencies(t, 'fuzz');
      for (const [role, session] of world.agents) agents.set(role, session);
      const victim = world.victimId;
      const dossierId = world.ownDossierId;
      const d = await t.db('dossiers').where({ id: dossierId }).first('public_token');
      const agency = await t.db('agencies').where({ eid: WARD }).first('id');
      const procedure = await t.db('procedures').where({ code: '2.000815' }).first('id');
      const holiday = await t.db('holidays').orderBy('date', 'desc').first('date');
      const holidayDate = typeof holiday.date === 'string' ? holiday.date.slice(0, 10) : new Date(holiday.date).toISOString().slice(0, 10);
      const reports = await agents.get('admin')!.agent.get('/bao-cao').expect(200);
      slugs = [...new Set([...reports.text.matchAll(/href="\/bao-cao\/([a-z0-9-]+)"/g)].map((m) => m[1]!))];
      assert.ok(slugs.length > 0, 'no report links on /bao-cao');
      const slug = slugs[0]!;
      // A citizen's question on the ward's dossier, for the answer route's :id.
      const visitor = agents.get('anonymous')!;
      await visitor.agent.post(`/s/${d.public_token}/cau-hoi`).type('form').send({ _csrf: visitor.csrf, cau_hoi: 'Xin hỏi về hồ sơ' }).expect(303);
      const question = await t.db('dossier_questions').where({ dossier_id: dossierId }).first('id');
      // A petition forwarded to the ward by the control unit, published (for the public pages).
      const petition = await forwardedPetition(t, { adminUsername: 'fuzz.admin', agencyEid: WARD });
      await markPublished(t, petition.id);
      // The question is tied to it, as "Chuyển thành PAKN" leaves it (the status page's consent form, its :id).
      await t.db('dossier_questions').where({ id: question.id }).update({ petition_id: petition.id });
      // A survey invitation as the draw stores it (the hash of its link), open until the end of 2027.
      const [round] = await t.db('survey_rounds').insert({ period_kind: 'quarter', first_day: '2025-10-01', last_day: '2025-12-31', drawn_at: NOW, closes_at: vnInstant('2027-12-31') }).returning('id');
      const surveyLink = 'fuzz-survey-link-000000000000000000001';
      await t.db('survey_invitations').insert({ token_hash: tokenHashOf(surveyLink), round_id: typeof round === 'object' ? (round as { id: number }).id : round, agency_id: agency.id, answered: false });
      // A scan on the ward's dossier (its bytes in the store), for the dossier files' :fileId.
      const stored = await buildFileStore(t.config).put(Readable.from([Buffer.from('%PDF-1.4\n%%EOF\n')]));
      assert.ok(stored.ok);
      const [file] = await t.db('dossier_files').insert({ dossier_id: dossierId, purpose: 'document', source: 'counter', sha256: stored.value.sha256, kind: 'pdf', size: stored.value.size, name: 'ban-chup.pdf', added_at: NOW }).returning('id');
      // 2.000815 takes online pre-submissions; one registration waits at the ward, with a document (paper).
      await t.db('procedures').where({ id: procedure.id }).update({ online_level: 'partial' });
      const input = { applicantKind: 'person', applicantName: 'Lê Thị Mai', idNumber: '075190004321', phone: '0912345678', email: null, address: '45 Võ Thị Sáu', representativeName: null, resultDelivery: 'counter', setsCount: 1, note: null, documents: [{ position: 1, name: 'Bản chính giấy tờ', originals: 1, certifiedCopies: 0, copies: 0 }] };
      const [ps] = await t.db('presubmissions').insert({ code: 'TT-260310-FFFFFF', public_token: 'fuzz-presubmission-token-0123456789', source: 'web', procedure_id: procedure.id, agency_id: agency.id, online_level: 'partial', applicant_name: 'Lê Thị Mai', applicant_phone: '0912345678', input_json: JSON.stringify(input), status: 'waiting', submitted_at: NOW, expires_at: vnInstant('2026-04-30') }).returning('id');
      const psId = typeof ps === 'object' ? ps.id : ps;
      const [psDoc] = await t.db('presubmission_documents').insert({ presubmission_id: psId, position: 1, name: 'Bản chính giấy tờ', paper: true }).returning('id');
      Object.assign(baseParams, {
        survey: { token: surveyLink },
        presubmission: { id: String(psId), token: 'fuzz-presubmission-token-0123456789', doc: String(typeof psDoc === 'object' ? psDoc.id : psDoc) },
        petition: { id: String(petition.id), token: petition.token, code: petition.code },
        question: { id: String(question.id) },
        dossier: { id: String(dossierId) },
        user: { id: String(victim) },
        agency: { id: String(agency.id) },
        procedure: { id: String(procedure.id) },
        any: { token: d.public_token, code: '2.000815', report: slug, date: holidayDate, job: 'cleanup', key: 'receipt', kind: 'failed', version: '1', fileId: String(typeof file === 'object' ? file.id : file) },
      });

      // This slice: every parts-th route of the app's own table.
      routes = appRoutes(t.app).filter((_, i) => i % parts === part);
      // Field names and baseline values: every form on every GET page, as admin and as each staff role.
      for (const role of ['admin', 'clerk', 'officer', 'supervisor', 'anonymous'] as const) {
        const { agent } = agents.get(role)!;
        const pages = routes
          .filter((x) => x.method === 'GET' && !x.path.endsWith('.pdf'))
          .flatMap((r) => (r.params.includes('report') ? slugs.map((s) => ({ r, report: s })) : [{ r, report: slug }]));
        for (const { r, report } of pages) {
          const url = fillPath(r.path, Object.fromEntries(r.params.map((n) => [n, enc(n === 'report' ? report : paramFor(r, n))])));
          const res = await agent.get(url);
          if (!/html/.test(String(res.headers['content-type']))) continue;
          for (const f of formsOf(res.text)) {
            const target = f.action === '' ? r : matchRoute(routes, f.method, f.action);
            if (!target) continue;
            const key = `${f.method} ${target.path}`;
            const fields = formFields.get(key) ?? new Map<string, string>();
            for (const [k, v] of f.fields) if (!fields.has(k)) fields.set(k, v);
            formFields.set(key, fields);
            const opts = formOptions.get(key) ?? new Map<string, string[]>();
            for (const [k, vs] of f.options) opts.set(k, [...new Set([...(opts.get(k) ?? []), ...vs])]);
            formOptions.set(key, opts);
          }
        }
      }
    });
    after(() => t?.cleanup());

    test('no 5xx and no partial rows for a seeded hostile corpus on every route, as every role', async (tt) => {
      const rnd = seededRandom(SEED + part);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const statuses = new Map<number, number>();
      const failures: string[] = [];
      const partial: string[] = [];
      let sent = 0;
      let counts = await tableCounts(t.db);
      let mark = await changeMark(t.db);

      for (const route of routes) {
        const key = `${route.method} ${route.path}`;
        const form = formFields.get(key) ?? new Map<string, string>();
        const baseline = new Map<string, string>([...form].map(([k, v]) => [k, enc(v)]));
        if (route.path.startsWith('/tiep-nhan/')) for (const [k, v] of Object.entries(certifiedCopyForm())) if (baseline.has(k) || route.method === 'POST') baseline.set(k, enc(v));
        if (route.path === '/dang-nhap' && route.method === 'POST') {
          baseline.set('username', 'fuzz.nobody');
          baseline.set('password', enc(`${PASSWORD}-sai`));
        }
        baseline.delete('_csrf');
        type Target = { kind: 'path' | 'field'; name: string };
        const pathTargets: Target[] = route.params.map((name) => ({ kind: 'path', name }));
        const own: Target[] = [...new Set([...baseline.keys()])].map((name) => ({ kind: 'field', name }));
        const known: Target[] = KNOWN_FIELDS.filter((n) => !baseline.has(n)).map((name) => ({ kind: 'field', name }));
        const targets: Target[] = [...pathTargets, ...own, ...known];
        /** A path parameter one time in four, the route's own form fields most of the time, the known names now and then. */
        const chooseTarget = (i: number): Target => {
          const r = rnd();
          if (pathTargets.length && r < 0.25) return pick(pathTargets);
          if (own.length && r < 0.85) return own[(i + Math.floor(rnd() * own.length)) % own.length]!;
          return pick(known);
        };

        for (const [ri, role] of ROLES.entries()) {
          // A first request with baseline values only tells whether this role gets past the role check.
          let n = 0;
          for (let i = -1; i < n; i++) {
            const target = chooseTarget(i + ri * PER_ROUTE_ROLE);
            const hostile = new Map<string, { value: string; shape: Shape }>();
            if (i >= 0) {
            const valueFor = () => (route.method === 'POST' && rnd() < 0.08 ? pick(BODY_ONLY) : pick(SCALARS));
            hostile.set(`${target.kind}:${target.name}`, { value: valueFor(), shape: target.kind === 'path' ? 'scalar' : pick(SHAPES) });
            if (rnd() < 0.3) {
              const extra = pick(targets);
              hostile.set(`${extra.kind}:${extra.name}`, { value: pick(SCALARS), shape: extra.kind === 'path' ? 'scalar' : pick(SHAPES) });
            }
            }
            const pathValues = Object.fromEntries(route.params.map((p) => [p, hostile.get(`path:${p}`)?.value ?? enc(p === 'report' ? pick(slugs) : paramFor(route, p))]));
            const pairs: Array<[string, string]> = [];
            const fields = new Map(baseline);
            // Baseline values vary among what the forms offer (report period kinds, actions, roles…).
            for (const [k, vs] of formOptions.get(key) ?? []) if (fields.has(k) && vs.length > 1 && rnd() < 0.7) fields.set(k, enc(pick(vs)));
            for (const [k, h] of hostile) if (k.startsWith('field:')) fields.set(k.slice(6), h.value);
            for (const [name, value] of fields) {
              const shape = hostile.get(`field:${name}`)?.shape ?? 'scalar';
              if (shape === 'scalar') pairs.push([name, value]);
              else if (shape === 'repeat') pairs.push([name, value], [name, '1']);
              else if (shape === 'brackets') pairs.push([`${name}[]`, value], [`${name}[]`, '2']);
              else pairs.push([`${name}[__proto__]`, value], [`${name}[0]`, '1']);
            }
            const session = agents.get(role)!;
            const url = fillPath(route.path, pathValues);
            const contentType = route.method === 'POST' && i >= 0 ? pick(CONTENT_TYPES) : 'form';
            const label = hostile.size === 0 ? `${role} ${route.method} ${route.path} [baseline]` : `${role} ${route.method} ${route.path} [${[...hostile.keys()].join(',')}=${[...hostile.values()].map((h) => `${h.shape}:${h.value.length > 40 ? `${h.value.slice(0, 20)}…(${h.value.length})` : h.value}`).join(',')}] ${contentType}`;
            let res: request.Response;
            try {
              if (route.method === 'GET') {
                res = await session.agent.get(pairs.length ? `${url}?${encodePairs(pairs)}` : url).redirects(0);
              } else {
                const req = session.agent.post(url).redirects(0);
                if (contentType === 'form') res = await req.type('form').send(`${encodePairs([['_csrf', enc(session.csrf)], ...pairs])}`);
                else if (contentType === 'json') res = await req.type('json').send(JSON.stringify(Object.fromEntries([['_csrf', session.csrf], ...pairs.map(([k, v]) => [k, decoded(v)])])));
                else if (contentType === 'text') res = await req.type('text/plain').send(encodePairs([['_csrf', enc(session.csrf)], ...pairs]));
                else {
                  let m = req.field('_csrf', session.csrf);
                  for (const [k, v] of pairs) m = m.field(k, decoded(v));
                  res = await m;
                }
              }
            } catch (err) {
              failures.push(`${label}: request failed: ${(err as Error).message}`);
              continue;
            }
            sent++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status >= 500) failures.push(`${label} → ${res.status} ${String(res.text ?? '').replace(/\s+/g, ' ').slice(0, 160)}`);
            // Nothing written since the last count (SQLite knows): the counts stand.
            const nextMark = await changeMark(t.db);
            const now = nextMark !== null && nextMark === mark ? counts : await tableCounts(t.db);
            mark = nextMark;
            if (res.status >= 400 && res.status < 500) {
              const changed = Object.keys(now).filter((k) => now[k] !== counts[k] && !WRITES_ALLOWED_ON_4XX.has(k));
              if (changed.length) partial.push(`${label} → ${res.status} changed ${changed.map((k) => `${k} ${counts[k]}→${now[k]}`).join(', ')}`);
            }
            counts = now;
            if (i === -1) {
              const refused = res.status === 401 || res.status === 403 || (res.status === 302 && String(res.headers.location).startsWith('/dang-nhap'));
              n = refused ? PER_REFUSED_ROLE : PER_ROUTE_ROLE;
            }
            // Signing out (or a sign-in that worked) changes who the agent is: start that role afresh.
            if (route.path === '/dang-xuat' || (route.path === '/dang-nhap' && route.method === 'POST' && res.status === 303)) await login(role);
          }
        }
      }

      tt.diagnostic(`fuzz: ${routes.length} routes, ${sent} requests sent, seed ${SEED}`);
      tt.diagnostic(`fuzz: statuses ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, c]) => `${s}×${c}`).join(' ')}`);
      tt.diagnostic(`fuzz: ${failures.length} × 5xx or failed requests, ${partial.length} × 4xx with rows written`);
      for (const f of [...failures, ...partial].slice(0, 60)) tt.diagnostic(`fuzz: ${f}`);
      assert.ok(sent > 1000, `only ${sent} requests were sent`);
      assert.deepEqual(failures, [], `${failures.length} responses ≥ 500`);
      assert.deepEqual(partial, [], `${partial.length} refused requests wrote rows`);
    });
  });
}
