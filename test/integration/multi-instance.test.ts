/**
 * Two real application processes (`node --import tsx src/server.ts`) on one database —
 * this file's temporary SQLite file, or its own PostgreSQL database when DATABASE_URL
 * points at PostgreSQL — each with its own port and INSTANCE_ID, both running the
 * scheduler every second, against local Zalo ZNS and SMTP stubs. They use the real clock,
 * so every fixture date is relative to now.
 *
 * Proves what architecture.md promises: no state in memory across requests (a session
 * opened on one instance works, and ends, on the other), each scheduled effect happens
 * exactly once however the instances race for it, and every outbox message reaches its
 * provider exactly once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { addDays, localDateOf } from '../../src/domain/time.js';
import { verifyAuditChains } from '../../src/features/dossiers/audit.js';
import { certifiedCopyForm, createStaff, csrfFrom, PASSWORD } from '../helpers/app.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { insertDossier } from '../helpers/fixtures.js';
import { startAppProcess, type AppProcess } from '../helpers/processes.js';
import { intl, startSmtpStub, startZnsStub, type SmtpStub, type ZnsStub } from '../helpers/stubs.js';

const WARD = '000.31.01.H26';
const ZNS_TOKEN = 'oa-token-multi';
const ZNS_TEMPLATES: Record<string, string> = { receipt: '2001', apology: '2002', result_ready: '2003', supplement_request: '2004', overdue_notice: '2005' };
const EVERY_SECOND = '* * * * * *';
const SWEEP_JOBS = ['due_soon', 'overdue', 'apology', 'early_completion'] as const;
const OFFICER_MAIL = 'khoa@motcua.test';
const SUPERVISOR_MAIL = 'lan@motcua.test';
const CITIZEN_PHONE = '0987654321'; // insertDossier's applicant phone

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `probe` until it returns true; on timeout fail with what `explain` says. */
async function waitUntil(what: string, timeoutMs: number, probe: () => Promise<boolean>, explain: () => Promise<string>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}\n${await explain()}`);
    await sleep(200);
  }
}

/** The `name=value` pairs of Set-Cookie headers, as a Cookie header. */
function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A form POST as a browser sends it, redirects not followed. */
function post(url: string, fields: Record<string, string>, cookie: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(fields),
  });
}

type Expected = { milestones: string[]; events: string[]; outbox: string[] };

describe('two app processes on one database', () => {
  let testDb: TestDb;
  let zns: ZnsStub;
  let smtp: SmtpStub;
  const procs: AppProcess[] = [];
  let a: AppProcess;
  let b: AppProcess;
  /** Fixture dossier id → what the sweeps must do to it, exactly once. */
  const expected = new Map<number, Expected>();
  const late: number[] = [];

  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await testDb.db(table).where(where).count({ n: '*' }).first())?.n);
  const logs = () => procs.map((p) => `----- ${p.name} (pid ${p.pid}, ${p.running() ? 'running' : 'exited'}) -----\n${p.output() || '(no output)'}`).join('\n');

  before(async () => {
    zns = await startZnsStub({ token: ZNS_TOKEN });
    smtp = await startSmtpStub();
    testDb = await createTestDb();
    const db = testDb.db;
    const clerkId = await createStaff(db, 'clerk', 'clerk', WARD, 'Lê Thị Tiếp Nhận');
    const officerId = await createStaff(db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    const supervisorId = await createStaff(db, 'boss', 'supervisor', WARD, 'Phạm Thị Lan');
    await db('users').where({ id: officerId }).update({ email: OFFICER_MAIL });
    await db('users').where({ id: supervisorId }).update({ email: SUPERVISOR_MAIL });

    // Dates relative to the real now, in Vietnam (insertDossier puts them at 09:00).
    const now = new Date();
    const today = localDateOf(now);
    const staffMail = (template: string, assigned: boolean) => [`${template}|email|${SUPERVISOR_MAIL}`, ...(assigned ? [`${template}|email|${OFFICER_MAIL}`] : [])];
    const citizen = (template: string, email: string | null) => [`${template}|zns|${CITIZEN_PHONE}`, ...(email ? [`${template}|email|${email}`] : [])];

    // Three dossiers past their appointment (3 days ago), unfinished: flagged overdue once (the
    // citizen is told plainly it is late), then apologised for once by the system (new
    // appointment 5 working days on).
    for (const [i, v] of [
      { assigned: true, email: 'an@example.vn' },
      { assigned: false, email: null },
      { assigned: true, email: null },
    ].entries()) {
      const id = await insertDossier(db, clerkId, { received: addDays(today, -10), due: addDays(today, -3), status: 'in_progress' });
      await db('dossiers').where({ id }).update({ assigned_to: v.assigned ? officerId : null, applicant_email: v.email, applicant_name: `Người Trễ Hẹn ${i + 1}` });
      late.push(id);
      expected.set(id, {
        milestones: ['apology', 'overdue'],
        events: ['apology_issued', 'overdue'],
        outbox: [...staffMail('overdue', v.assigned), ...citizen('overdue_notice', v.email), ...citizen('apology', v.email)],
      });
    }
    // Three results ready yesterday for an appointment next week, recorded without a notice
    // (as imported data would be): the sweep sends the result notice once each.
    for (const [i, email] of ['binh@example.vn', null, 'chi@example.vn'].entries()) {
      const id = await insertDossier(db, clerkId, { received: addDays(today, -4), due: addDays(today, 7), finished: addDays(today, -1), status: 'result_ready', completion: 'early' });
      await db('dossiers').where({ id }).update({ applicant_email: email, applicant_name: `Người Xong Sớm ${i + 1}` });
      expected.set(id, { milestones: ['early_completion'], events: ['early_completion_notice'], outbox: citizen('result_ready', email) });
    }
    // Two due in three hours (within one working day whatever the hour): a due-soon alert
    // and a draft apology for the head, with its alert to the staff, once each.
    for (const assigned of [true, false]) {
      const id = await insertDossier(db, clerkId, { received: addDays(today, -2), due: today, status: 'received' });
      const due = new Date(now.getTime() + 3 * 3600_000);
      await db('dossiers').where({ id }).update({ due_at: due, original_due_at: due, assigned_to: assigned ? officerId : null });
      expected.set(id, {
        milestones: ['apology_draft', 'due_soon'],
        events: ['apology_reminder', 'due_soon'],
        outbox: [...staffMail('due_soon', assigned), ...staffMail('apology_draft', assigned)],
      });
    }

    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: testDb.url,
      DEMO_DATA: 'false',
      SCHEDULER_ENABLED: 'true',
      JOB_SCHEDULE_DUE_SOON: EVERY_SECOND,
      JOB_SCHEDULE_OVERDUE: EVERY_SECOND,
      JOB_SCHEDULE_APOLOGY: EVERY_SECOND,
      JOB_SCHEDULE_EARLY_COMPLETION: EVERY_SECOND,
      JOB_SCHEDULE_OUTBOX: EVERY_SECOND,
      // Equal start and end: no quiet hours (schedule.ts), so citizen messages go out at
      // whatever hour this test runs.
      QUIET_HOURS: '00:00-00:00',
      ZNS_ACCESS_TOKEN: ZNS_TOKEN,
      ZNS_API_URL: zns.url,
      ZNS_TEMPLATE_IDS: Object.entries(ZNS_TEMPLATES)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      SMTP_URL: smtp.url,
      SESSION_TTL_HOURS: '1',
      // The address citizens' QR codes carry: a public one, as in production (a loopback
      // address is warned about at start-up, and this test allows no warning).
      PUBLIC_BASE_URL: 'https://motcua.example.vn',
      // This province delegates issuing the apology to the system (with its digital signature),
      // so the late dossiers below are apologised for by the sweep, once.
      APOLOGY_AUTO_ISSUE: 'true',
    };
    const started = await Promise.allSettled([
      startAppProcess({ name: 'instance-a', env: { ...env, INSTANCE_ID: 'instance-a' } }),
      startAppProcess({ name: 'instance-b', env: { ...env, INSTANCE_ID: 'instance-b' } }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') procs.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    [a, b] = procs as [AppProcess, AppProcess];
  });

  after(async () => {
    // Whatever happened above: no process outlives the file.
    const stopped = await Promise.all(procs.map((p) => p.stop()));
    for (const [i, s] of stopped.entries()) if (s.forced) console.error(`${procs[i]!.name} had to be killed:\n${procs[i]!.output()}`);
    await zns?.close();
    await smtp?.close();
    await testDb?.cleanup();
  });

  test('a session opened on instance A works, and ends, on instance B', async () => {
    // Sign in on A: the login page's CSRF token with its double-submit cookie.
    const loginPage = await fetch(`${a.baseUrl}/dang-nhap`);
    assert.equal(loginPage.status, 200);
    const login = await post(`${a.baseUrl}/dang-nhap`, { _csrf: csrfFrom(await loginPage.text()), username: 'clerk', password: PASSWORD, next: '/ho-so' }, cookiesOf(loginPage));
    assert.equal(login.status, 303, `${await login.text()}\n${logs()}`);
    const cookie = cookiesOf(login);
    assert.match(cookie, /motcua_sid=/);

    // B knows the session: a staff page with the clerk's name.
    const onB = await fetch(`${b.baseUrl}/ho-so`, { headers: { cookie }, redirect: 'manual' });
    const onBText = await onB.text();
    assert.equal(onB.status, 200, `${onBText.slice(0, 500)}\n${logs()}`);
    assert.match(onBText, /Lê Thị Tiếp Nhận/);

    // The intake form and the check step on A; the confirmation, with A's token, on B.
    const formPage = await fetch(`${a.baseUrl}/tiep-nhan/2.000815`, { headers: { cookie } });
    assert.equal(formPage.status, 200);
    const csrf = csrfFrom(await formPage.text());
    const fields = { ...certifiedCopyForm({ applicant_name: 'Đặng Văn Hai Máy' }), _csrf: csrf };
    const check = await post(`${a.baseUrl}/tiep-nhan/2.000815/kiem-tra`, fields, cookie);
    const checkText = await check.text();
    assert.equal(check.status, 200, checkText.slice(0, 500));
    const intakeKey = /name="intake_key" value="([^"]+)"/.exec(checkText)?.[1];
    assert.ok(intakeKey, 'the check page carries an intake key');
    const confirm = await post(`${b.baseUrl}/tiep-nhan/2.000815/xac-nhan`, { ...fields, intake_key: intakeKey, action: 'confirm' }, cookie);
    assert.equal(confirm.status, 303, `${(await confirm.text()).slice(0, 500)}\n${logs()}`);
    const location = confirm.headers.get('location') ?? '';
    const id = Number(/^\/ho-so\/(\d+)\/da-tiep-nhan$/.exec(location)?.[1]);
    assert.ok(id > 0, `not a dossier confirmation: ${location}`);
    const dossier = await testDb.db('dossiers').where({ id }).first();
    assert.equal(dossier.applicant_name, 'Đặng Văn Hai Máy');
    assert.equal(dossier.intake_key, intakeKey);
    assert.equal(dossier.status, 'received');
    // A shows the dossier B created.
    const shown = await fetch(`${a.baseUrl}${location}`, { headers: { cookie } });
    assert.equal(shown.status, 200);
    assert.ok((await shown.text()).includes(dossier.code), 'A shows the code of the dossier received on B');

    // Sign out on B; A no longer accepts the cookie.
    const logout = await post(`${b.baseUrl}/dang-xuat`, { _csrf: csrf }, cookie);
    assert.equal(logout.status, 303);
    assert.equal(logout.headers.get('location'), '/dang-nhap');
    const afterLogout = await fetch(`${a.baseUrl}/ho-so`, { headers: { cookie }, redirect: 'manual' });
    assert.equal(afterLogout.status, 302);
    assert.match(afterLogout.headers.get('location') ?? '', /^\/dang-nhap\?next=/);
    const postAfter = await post(`${a.baseUrl}/tiep-nhan/2.000815/xac-nhan`, { ...fields, intake_key: randomUUID(), action: 'confirm' }, cookie);
    assert.equal(postAfter.status, 403, 'the old session token is no longer a valid CSRF token either');
    assert.equal(await count('dossiers', { applicant_name: 'Đặng Văn Hai Máy' }), 1);
  });

  test('both schedulers race every second: each due effect happens exactly once', async () => {
    const db = testDb.db;
    const ids = [...expected.keys()];
    const wanted = [...expected.values()].reduce((n, e) => n + e.milestones.length, 0);
    const fixtureMilestones = async () => Number((await db('dossier_milestones').whereIn('dossier_id', ids).count({ n: '*' }).first())?.n);
    const runsBy = async () =>
      Object.fromEntries(
        ((await db('job_runs').select('holder', 'job').count({ n: '*' }).groupBy('holder', 'job').orderBy(['holder', 'job'])) as Array<{ holder: string; job: string; n: unknown }>).map((r) => [
          `${r.holder}/${r.job}`,
          Number(r.n),
        ]),
      );
    const explain = async () => `milestones ${await fixtureMilestones()}/${wanted}; runs ${JSON.stringify(await runsBy())}\n${logs()}`;
    const tookMs = await waitUntil('the sweeps to finish the fixtures', 20_000, async () => (await fixtureMilestones()) >= wanted, explain);

    // A few more seconds of ticks on both instances: nothing may happen twice.
    const mark = Number((await db('job_runs').max({ m: 'id' }).first())?.m ?? 0);
    const laterRuns = async (holder: string) =>
      Number((await db('job_runs').where('id', '>', mark).where({ holder, status: 'succeeded' }).whereIn('job', SWEEP_JOBS).count({ n: '*' }).first())?.n);
    await waitUntil(
      'more sweep runs on both instances',
      15_000,
      async () => (await laterRuns('instance-a')) >= 3 && (await laterRuns('instance-b')) >= 3,
      explain,
    );

    for (const [id, e] of expected) {
      const milestones = (await db('dossier_milestones').where({ dossier_id: id }).orderBy('kind').pluck('kind')) as string[];
      assert.deepEqual(milestones, e.milestones, `milestones of dossier ${id}`);
      const events = ((await db('dossier_events').where({ dossier_id: id }).pluck('type')) as string[]).sort();
      assert.deepEqual(events, e.events, `events of dossier ${id}`);
      const outbox = (await db('outbox_messages').where({ dossier_id: id }).select('template', 'channel', 'recipient')).map((m) => `${m.template}|${m.channel}|${m.recipient}`).sort();
      assert.deepEqual(outbox, [...e.outbox].sort(), `outbox of dossier ${id}`);
    }
    for (const id of late) {
      const d = await db('dossiers').where({ id }).first('overdue_at', 'extended_due_at', 'due_at');
      assert.ok(d.overdue_at, `dossier ${id} flagged overdue`);
      assert.ok(d.extended_due_at, `dossier ${id} has its new appointment`);
      const apologies = await db('dossier_apologies').where({ dossier_id: id }).select('issued_by');
      assert.deepEqual(apologies, [{ issued_by: null }], `one system apology for dossier ${id}`);
    }
    assert.equal(await count('dossier_apologies'), late.length);
    // Whatever else the sweeps touched (the dossier received over HTTP), never twice.
    const twice = await db('dossier_events')
      .whereIn('type', ['overdue', 'apology_issued', 'due_soon', 'apology_reminder', 'early_completion_notice', 'escalated'])
      .select('dossier_id', 'type')
      .count({ n: '*' })
      .groupBy('dossier_id', 'type')
      .havingRaw('count(*) > 1');
    assert.deepEqual(twice, []);
    assert.deepEqual((await verifyAuditChains(db)).broken, [], 'no audit chain was forked by the two instances');

    // Both instances took part, one at a time per job, and no run failed.
    const runs = await db('job_runs').orderBy('id').select('id', 'job', 'holder', 'status', 'started_at', 'finished_at', 'error');
    const failed = runs.filter((r) => r.status === 'failed');
    assert.deepEqual(failed.map((r) => `${r.holder} ${r.job}: ${r.error}`), [], logs());
    const holders = new Set(runs.filter((r) => (SWEEP_JOBS as readonly string[]).includes(r.job)).map((r) => r.holder));
    assert.deepEqual([...holders].sort(), ['instance-a', 'instance-b'], JSON.stringify(await runsBy()));
    for (const job of [...SWEEP_JOBS, 'outbox']) {
      const mine = runs.filter((r) => r.job === job).sort((x, y) => new Date(x.started_at).getTime() - new Date(y.started_at).getTime() || x.id - y.id);
      for (let i = 1; i < mine.length; i++) {
        const prev = mine[i - 1]!;
        const cur = mine[i]!;
        assert.ok(prev.finished_at, `${job} run ${prev.id} (${prev.holder}) unfinished while run ${cur.id} (${cur.holder}) started`);
        assert.ok(
          new Date(cur.started_at).getTime() >= new Date(prev.finished_at).getTime(),
          `${job}: run ${cur.id} on ${cur.holder} started before run ${prev.id} on ${prev.holder} finished — the lease was shared`,
        );
      }
    }
    console.log(`sweeps done in ${tookMs} ms; runs per instance and job: ${JSON.stringify(await runsBy())}`);
  });

  test('both dispatchers race every second: every message reaches Zalo or SMTP exactly once', async () => {
    const db = testDb.db;
    const pending = async () => Number((await db('outbox_messages').whereNot({ status: 'delivered' }).count({ n: '*' }).first())?.n);
    const explain = async () =>
      `${JSON.stringify(await db('outbox_messages').whereNot({ status: 'delivered' }).select('id', 'channel', 'recipient', 'status', 'attempts', 'last_error'))}\n${logs()}`;
    await waitUntil('every outbox message to be delivered', 20_000, async () => (await count('outbox_messages')) > 0 && (await pending()) === 0, explain);
    // More dispatcher runs on both instances after the last delivery.
    const mark = Number((await db('job_runs').max({ m: 'id' }).first())?.m ?? 0);
    const laterRuns = async (holder: string) =>
      Number((await db('job_runs').where('id', '>', mark).where({ holder, job: 'outbox', status: 'succeeded' }).count({ n: '*' }).first())?.n);
    await waitUntil('more outbox runs on both instances', 15_000, async () => (await laterRuns('instance-a')) >= 2 && (await laterRuns('instance-b')) >= 2, explain);

    const rows = await db('outbox_messages').orderBy('id').select('id', 'channel', 'recipient', 'template', 'status', 'attempts', 'locked_by', 'delivered_at', 'provider_message_id');
    const fixtureRows = [...expected.values()].reduce((n, e) => n + e.outbox.length, 0);
    assert.ok(rows.length >= fixtureRows, `${rows.length} messages, at least ${fixtureRows} expected`);
    for (const r of rows) {
      assert.equal(r.status, 'delivered', JSON.stringify(r));
      assert.equal(Number(r.attempts), 1, `claimed once: ${JSON.stringify(r)}`);
      assert.ok(['instance-a', 'instance-b'].includes(r.locked_by), JSON.stringify(r));
      assert.ok(r.delivered_at && r.provider_message_id, JSON.stringify(r));
    }

    // Zalo: one request per ZNS message, by tracking id, each valid and answered with success.
    const znsRows = rows.filter((r) => r.channel === 'zns');
    assert.ok(znsRows.length >= 6, 'apologies and early-completion notices went by Zalo');
    const znsRequests = new Map<string, number>();
    for (const req of zns.requests) {
      assert.equal(req.invalid, null, JSON.stringify(req.body));
      assert.equal(req.reply, 0);
      znsRequests.set(req.body.tracking_id, (znsRequests.get(req.body.tracking_id) ?? 0) + 1);
    }
    assert.equal(zns.requests.length, znsRows.length, `ZNS requests ${JSON.stringify([...znsRequests])}`);
    for (const r of znsRows) {
      assert.equal(znsRequests.get(String(r.id)), 1, `ZNS requests for outbox ${r.id}`);
      const req = zns.requests.find((q) => q.body.tracking_id === String(r.id))!;
      assert.equal(req.body.phone, intl(r.recipient));
      assert.equal(req.body.template_id, ZNS_TEMPLATES[r.template]);
    }
    assert.deepEqual([...new Set(zns.deliveries.values())], [1]);

    // SMTP: one message per e-mail row, by the outbox id it carries, to its recipient.
    const emailRows = rows.filter((r) => r.channel === 'email');
    assert.ok(emailRows.length >= 10, 'staff alerts and citizen e-mails went by SMTP');
    const mails = new Map<string, string[][]>();
    for (const m of smtp.messages) {
      const key = m.headers['x-motcua-outbox-id'] ?? '?';
      mails.set(key, [...(mails.get(key) ?? []), m.to]);
    }
    assert.equal(smtp.messages.length, emailRows.length, `mails by outbox id ${JSON.stringify([...mails])}`);
    for (const r of emailRows) assert.deepEqual(mails.get(String(r.id)), [[r.recipient]], `SMTP messages for outbox ${r.id}`);
    const byInstance = (who: string) => rows.filter((r) => r.locked_by === who).length;
    console.log(`${rows.length} messages (${znsRows.length} ZNS, ${emailRows.length} e-mail): ${byInstance('instance-a')} sent by A, ${byInstance('instance-b')} by B`);

    const failed = await db('job_runs').where({ job: 'outbox', status: 'failed' }).select('holder', 'error');
    assert.deepEqual(failed, [], logs());
  });

  test('both processes stop cleanly on SIGTERM', async () => {
    const stopped = await Promise.all(procs.map((p) => p.stop(12_000)));
    for (const [i, s] of stopped.entries()) {
      const p = procs[i]!;
      assert.equal(s.forced, false, `${p.name} ignored SIGTERM\n${p.output()}`);
      assert.deepEqual({ code: s.code, signal: s.signal }, { code: 0, signal: null }, `${p.name} exit\n${p.output()}`);
    }
  });

  test('neither instance logged a warning or an error (LOG_LEVEL=warn)', () => {
    // Not counted: node-cron's own console warnings ("task still running, new execution
    // blocked by overlap prevention", "missed execution"), which a schedule of every second
    // makes expected when a run waits on the other instance's locks or the machine is busy.
    const cronWarning = /^\S+ \[PID: \d+\] .*\[NODE-CRON\].*\[WARN\]/;
    for (const p of procs) {
      const lines = p.output().split('\n').filter((l) => l.trim() !== '' && !cronWarning.test(l));
      assert.deepEqual(lines, [], `${p.name} wrote:\n${p.output()}`);
    }
  });
});
