import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import request from 'supertest';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/knex.js';
import { fixedClock, type Deps } from '../../src/deps.js';
import { vnInstant } from '../../src/domain/time.js';
import { verifyAuditChains } from '../../src/features/dossiers/audit.js';
import { ALL_JOBS } from '../../src/jobs.js';
import { runJob } from '../helpers/jobs.js';
import { appRoutes, fillPath } from '../helpers/routes.js';
import { RUNNING_SQL } from '../../src/features/deadlines/deadlines.repo.js';
import { SWEEPS } from '../../src/features/deadlines/deadline-sweeps.js';
import { RUNNING_STATUSES } from '../../src/domain/status.js';
import { services } from '../../src/services.js';
import fs from 'node:fs';
import { dispatchDue, STAFF_TEMPLATE_KEYS } from '../../src/messaging.js';
import { startSmsStub, startSmtpStub, startZnsStub, type SmtpStub, type ZnsStub } from '../helpers/stubs.js';
import { nodeScript } from '../helpers/node-script.js';
import {
  binaryParser,
  buildTestApp,
  certifiedCopyForm,
  createStaff,
  dossierIdFromRedirect,
  pdfText,
  signIn,
  type TestApp,
} from '../helpers/app.js';

const WARD = '000.31.01.H26';
type Agent = Awaited<ReturnType<typeof signIn>>;

async function act(t: TestApp, who: Agent, id: number, action: string, fields: Record<string, string> = {}) {
  const version = String((await t.db('dossiers').where({ id }).first('version')).version);
  const res = await who.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: who.csrf, action, version, ...fields });
  assert.equal(res.status, 303, res.text.slice(0, 300));
}

async function receive(t: TestApp, clerk: Agent, procedure: string, extra: Record<string, string> = {}): Promise<number> {
  const form = { ...certifiedCopyForm({ applicant_email: 'thao@example.vn', ...extra }), doc_3_received: 'on', doc_4_received: 'on' };
  const res = await clerk.agent.post(`/tiep-nhan/${procedure}/xac-nhan`).type('form').send({ ...form, action: 'confirm', _csrf: clerk.csrf }).expect(303);
  return dossierIdFromRedirect(res.headers.location);
}

const count = async (t: TestApp, table: string, where: Record<string, unknown> = {}) => Number((await t.db(table).where(where).count({ n: '*' }).first())?.n);

// A province that delegates issuance to the system (APOLOGY_AUTO_ISSUE): the system apology
// after the overdue flag. The default (the head issues, the job only drafts) is in
// test/integration/apology-2025.test.ts.
describe('scheduled jobs on a clock moved forward (automatic apology switched on)', () => {
  let t: TestApp;
  let late: number; // 1.001612, due Thursday 26/11 09:00, never finished
  let early: number; // 1.004873, result ready on Tuesday
  let clerk: Agent;
  let officer: Agent;

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00'), env: { SESSION_TTL_HOURS: '720', INSTANCE_ID: 'test-a', APOLOGY_AUTO_ISSUE: 'true' } });
    await createStaff(t.db, 'clerk', 'clerk', WARD);
    const officerId = await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    const supervisorId = await createStaff(t.db, 'boss', 'supervisor', WARD, 'Phạm Thị Lan');
    await t.db('users').where({ id: officerId }).update({ email: 'khoa@motcua.test' });
    await t.db('users').where({ id: supervisorId }).update({ email: 'lan@motcua.test' });
    clerk = await signIn(t.http, 'clerk');
    officer = await signIn(t.http, 'officer');
    late = await receive(t, clerk, '1.001612');
    early = await receive(t, clerk, '1.004873', { applicant_name: 'Lê Hoàng Yến' });
    for (const id of [late, early]) await act(t, officer, id, 'take');
    t.clock.set(vnInstant('2026-11-24', '10:00'));
    await act(t, officer, early, 'mark_result_ready');
  });
  after(() => t.cleanup());

  test('Wednesday: due-soon alert and the apology draft for the late one; the early one was told when it was marked ready', async () => {
    t.clock.set(vnInstant('2026-11-25', '09:30'));
    for (const job of ['due_soon', 'overdue', 'apology', 'early_completion'] as const) {
      const outcome = await runJob(t.deps, job);
      assert.ok(outcome.ran && !('error' in outcome), `${job}: ${JSON.stringify(outcome)}`);
    }
    const kinds = (await t.db('dossier_milestones').orderBy('id').select('dossier_id', 'kind')).map((m) => `${m.dossier_id === late ? 'late' : 'early'}:${m.kind}`);
    // Marking the result ready sent its notice and marked the dossier told: the early-completion sweep has nothing left.
    assert.deepEqual(kinds, ['late:due_soon', 'late:apology_draft']);
    // The draft in the head's list: the procedure's 5 working days after the appointment, reason to fill in.
    const draft = await t.db('apology_drafts').where({ dossier_id: late }).first();
    assert.equal(new Date(draft.proposed_due_at).getTime(), vnInstant('2026-12-03', '09:00').getTime());
    assert.equal(draft.reason, '');
    // Staff alerts by e-mail to the officer and the ward's supervisor.
    const staffMail = await t.db('outbox_messages').where({ dossier_id: late }).whereIn('template', STAFF_TEMPLATE_KEYS as string[]).orderBy('id').select('template', 'recipient', 'channel');
    assert.deepEqual(
      staffMail.map((m) => `${m.template}→${m.recipient}`).sort(),
      ['apology_draft→khoa@motcua.test', 'apology_draft→lan@motcua.test', 'due_soon→khoa@motcua.test', 'due_soon→lan@motcua.test'],
    );
    // The citizen was told by phone (SMS, no Zalo configured) and e-mail, once: 2 working days early.
    const citizen = await t.db('outbox_messages').where({ dossier_id: early, template: 'result_ready' }).orderBy('channel');
    assert.deepEqual(citizen.map((m) => m.channel), ['email', 'sms']);
    assert.equal(JSON.parse(citizen[0].data).days_early, '2');
    assert.equal(await count(t, 'outbox_messages', { dossier_id: early, template: 'early_completion' }), 0, 'no second result notice');
    assert.equal(citizen[1].recipient, '0987654321');
  });

  test('Thursday after the appointment: flagged overdue once, the citizen told, apology issued by the system once', async () => {
    t.clock.set(vnInstant('2026-11-26', '10:00'));
    await runJob(t.deps, 'overdue');
    // No apology yet: the citizen hears plainly that the dossier is late.
    const overdueNotice = await t.db('outbox_messages').where({ dossier_id: late, template: 'overdue_notice' }).orderBy('channel');
    assert.deepEqual(overdueNotice.map((m) => m.channel), ['email', 'sms']);
    const outcome = await runJob(t.deps, 'apology');
    assert.ok(outcome.ran && 'counts' in outcome);
    assert.equal(outcome.counts.issued, 1);
    const d = await t.db('dossiers').where({ id: late }).first();
    assert.ok(d.overdue_at);
    // New appointment: 5 working days (the procedure's extension) from now.
    assert.equal(new Date(d.extended_due_at).getTime(), vnInstant('2026-12-03', '10:00').getTime());
    assert.equal(new Date(d.due_at).getTime(), vnInstant('2026-11-26', '09:00').getTime(), 'reports keep the statutory appointment');
    const apology = await t.db('dossier_apologies').where({ dossier_id: late }).first();
    assert.equal(apology.issued_by, null);
    const citizen = await t.db('outbox_messages').where({ dossier_id: late, template: 'apology' }).orderBy('channel');
    assert.deepEqual(citizen.map((m) => m.channel), ['email', 'sms']);

    // The citizen sees the new date and downloads the apology from the status page.
    const page = await request(t.http).get(`/s/${d.public_token}`).expect(200);
    assert.match(page.text, /10:00, Thứ Năm 03\/12\/2026/);
    assert.match(page.text, /đã hẹn lại/i);
    const pdf = await request(t.http).get(`/s/${d.public_token}/phieu-xin-loi.pdf`).buffer(true).parse(binaryParser).expect(200);
    const text = pdfText(pdf.body as Buffer);
    assert.ok(text.includes('PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT'));
    assert.ok(text.includes('Số: 1/PXL'), 'the first apology of the ward this year');
    assert.ok(text.includes('Kính gửi: N*** T*** T***'), 'the public copy names the applicant masked, as the status page does');
    assert.ok(text.includes('10 giờ 00 phút, ngày 03 tháng 12 năm 2026'));
    assert.ok(text.includes('do hệ thống phát hành'));
    assert.ok(!/phát hành tự động theo quy định/.test(text), 'no claim that a rule allows the system to issue it');
    // Issued after the appointment: late; the draft left the head's list.
    assert.equal(Boolean(apology.issued_late), true);
    assert.equal(apology.number, '1/PXL');
    assert.equal(await count(t, 'apology_drafts', { dossier_id: late }), 0);
  });

  test('the public apology PDF carries no personal data; the staff copy is complete (issue 11 #1)', async () => {
    const d = await t.db('dossiers').where({ id: late }).first();
    const pub = pdfText((await request(t.http).get(`/s/${d.public_token}/phieu-xin-loi.pdf`).buffer(true).parse(binaryParser).expect(200)).body as Buffer);
    const digits = (s: string) => s.replace(/\D/g, '');
    for (const secret of [d.applicant_name, d.applicant_id_number, d.applicant_address, d.applicant_email, 'Thảo', 'Số định danh']) {
      assert.ok(!pub.includes(secret), `the public copy must not show ${secret}`);
    }
    // Every run of digits (spaces and dots allowed inside, as numbers are printed).
    const runs = (pub.match(/\d(?:[\d .]*\d)?/g) ?? []).map(digits);
    assert.ok(!runs.some((r) => r.includes(d.applicant_id_number)), 'no ID number, even spaced');
    assert.ok(!runs.some((r) => r.includes(digits(d.applicant_phone))), 'no phone number');
    assert.match(pub, /N\*\*\* T\*\*\* T\*\*\*/);
    assert.ok(pub.includes(d.code), 'the dossier code stays: it is printed on the QR receipt');

    const staff = pdfText((await officer.agent.get(`/ho-so/${late}/phieu-xin-loi.pdf`).buffer(true).parse(binaryParser).expect(200)).body as Buffer);
    assert.ok(staff.includes('Kính gửi: Nguyễn Thị Thảo'));
    assert.ok(staff.includes(`Số định danh cá nhân: ${d.applicant_id_number}`));
  });

  test('no document reachable with the QR token alone carries personal data (every public GET of the route table)', async () => {
    const d = await t.db('dossiers').where({ id: late }).first();
    const publicGets = appRoutes(t.app).filter((r) => r.method === 'GET' && r.path.includes(':token'));
    assert.ok(publicGets.length >= 3, JSON.stringify(publicGets));
    const digits = (s: string) => s.replace(/\D/g, '');
    let read = 0;
    for (const r of publicGets) {
      for (const url of [fillPath(r.path, { token: d.public_token, id: '1' }), `${fillPath(r.path, { token: d.public_token, id: '1' })}.json`]) {
        const res = await request(t.http).get(url).buffer(true).parse(binaryParser);
        if (res.status >= 300) continue;
        read++;
        const body = res.body as Buffer;
        const text = body.subarray(0, 5).toString('latin1') === '%PDF-' ? pdfText(body) : body.toString('utf8');
        for (const secret of [d.applicant_name, d.applicant_id_number, d.applicant_address, d.applicant_email, d.applicant_phone, 'Thảo']) {
          assert.ok(!text.includes(secret), `${url} must not show ${secret}`);
        }
        const runs = (text.match(/\d(?:[\d .]*\d)?/g) ?? []).map(digits);
        assert.ok(!runs.some((x) => x.includes(d.applicant_id_number) || x.includes(digits(d.applicant_phone))), `${url}: no ID or phone number, even spaced`);
      }
    }
    assert.ok(read >= 3, `status page, its JSON and the apology PDF were read (${read})`);
  });

  test('running everything again changes nothing', async () => {
    const before = await Promise.all(['dossier_milestones', 'dossier_apologies', 'outbox_messages', 'dossier_events'].map((x) => count(t, x)));
    for (const job of ALL_JOBS.filter((j) => j !== 'outbox')) await runJob(t.deps, job);
    const after = await Promise.all(['dossier_milestones', 'dossier_apologies', 'outbox_messages', 'dossier_events'].map((x) => count(t, x)));
    assert.deepEqual(after, before);
  });

  test('an officer cannot issue a second apology: the appointment is re-set only once', async () => {
    const res = await officer.agent
      .post(`/ho-so/${late}/xin-loi`)
      .type('form')
      .send({ _csrf: officer.csrf, reason: 'Cần thêm thời gian', new_date: '2026-12-10', new_time: '17:00' });
    assert.equal(res.status, 409);
    assert.match(res.text, /chỉ được đặt lại một lần/);
    assert.equal(await count(t, 'dossier_apologies', { dossier_id: late }), 1);
  });

  test('the new appointment passes too: escalation to the supervisor, not a second apology', async () => {
    t.clock.set(vnInstant('2026-12-04', '09:00'));
    const outcome = await runJob(t.deps, 'apology');
    assert.ok(outcome.ran && 'counts' in outcome);
    assert.equal(outcome.counts.escalated, 1);
    assert.equal(outcome.counts.issued, 0);
    assert.equal(await count(t, 'dossier_apologies', { dossier_id: late }), 1);
    const escalation = await t.db('outbox_messages').where({ dossier_id: late, template: 'escalation' }).select('recipient');
    assert.deepEqual(escalation.map((m) => m.recipient), ['lan@motcua.test']);
    assert.deepEqual((await verifyAuditChains(t.db)).broken, []);
  });

  test('every run is recorded and visible to administrators', async () => {
    const runs = await t.db('job_runs').select('job', 'status', 'counts', 'finished_at');
    assert.ok(runs.length >= 10);
    for (const r of runs) {
      assert.equal(r.status, 'succeeded');
      assert.ok(r.finished_at);
      assert.ok(JSON.parse(r.counts));
    }
    await createStaff(t.db, 'admin', 'admin', '000.00.01.H26');
    const admin = await signIn(t.http, 'admin');
    const page = await admin.agent.get('/quan-tri/tac-vu').expect(200);
    assert.match(page.text, /Phiếu xin lỗi và nhắc nhở/);
    assert.match(page.text, /Phiếu xin lỗi hệ thống đã phát hành: 1/);
  });

  test('every message waiting in the outbox reaches the SMS gateway and the SMTP server', async () => {
    const sms = await startSmsStub({ token: 'sms-token' });
    const smtp = await startSmtpStub();
    try {
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://motcua.test', INSTANCE_ID: 'test-a', SMS_GATEWAY_URL: sms.url, SMS_GATEWAY_TOKEN: 'sms-token', SMTP_URL: smtp.url });
      const outcome = await runJob({ ...t.deps, config }, 'outbox');
      assert.ok(outcome.ran && 'counts' in outcome, JSON.stringify(outcome));
      const total = await count(t, 'outbox_messages');
      assert.equal(await count(t, 'outbox_messages', { status: 'delivered' }), total);
      assert.equal(sms.requests.length, await count(t, 'outbox_messages', { channel: 'sms' }));
      assert.equal(smtp.messages.length, await count(t, 'outbox_messages', { channel: 'email' }));
      const early = smtp.messages.find((m) => m.to.includes('thao@example.vn') && m.text.includes('sớm 2 ngày làm việc'));
      assert.ok(early, smtp.messages.map((m) => m.subject).join(' | '));
      // The status page says what was sent, when and how — never to whom.
      const token = (await t.db('dossiers').where({ id: late }).first('public_token')).public_token;
      const page = await request(t.http).get(`/s/${token}`).expect(200);
      assert.match(page.text, /Thông báo đã gửi cho bạn/);
      assert.match(page.text, /Tin nhắn SMS|SMS/);
      assert.doesNotMatch(page.text, /thao@example\.vn|0987654321/);
    } finally {
      await sms.close();
      await smtp.close();
    }
  });

  test('an officer prepares the apology, the head issues it with a reason and a new date (once)', async () => {
    t.clock.set(vnInstant('2026-12-07', '09:00'));
    const id = await receive(t, clerk, '1.001612', { applicant_name: 'Võ Văn Tâm' });
    await act(t, officer, id, 'take');
    const bad = await officer.agent.post(`/ho-so/${id}/xin-loi`).type('form').send({ _csrf: officer.csrf, reason: '', new_date: '2026-12-01' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Nhập lý do chậm trễ/);
    const saved = await officer.agent
      .post(`/ho-so/${id}/xin-loi`)
      .type('form')
      .send({ _csrf: officer.csrf, reason: 'Chờ kết quả xác minh của cơ quan thuế', new_date: '2026-12-15', new_time: '16:00' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.location, `/phieu-xin-loi-cho-ky?da_luu=${id}`);
    assert.equal(await count(t, 'dossier_apologies', { dossier_id: id }), 0, 'an officer does not issue');
    const boss = await signIn(t.http, 'boss');
    const res = await boss.agent
      .post(`/phieu-xin-loi-cho-ky/${id}`)
      .type('form')
      .send({ _csrf: boss.csrf, action: 'issue', reason: 'Chờ kết quả xác minh của cơ quan thuế', new_date: '2026-12-15', new_time: '16:00' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const d = await t.db('dossiers').where({ id }).first();
    assert.equal(new Date(d.extended_due_at).getTime(), vnInstant('2026-12-15', '16:00').getTime());
    const a = await t.db('dossier_apologies').where({ dossier_id: id }).first();
    assert.ok(a.issued_by);
    assert.equal(a.number, '2/PXL', 'the ward\'s second apology this year');
  });
});

describe('two schedulers at the same moment (two connections, two instances)', () => {
  let t: TestApp;
  let second: Deps;
  let zns: ZnsStub;
  let smtp: SmtpStub;

  before(async () => {
    zns = await startZnsStub({ token: 'oa-token' });
    smtp = await startSmtpStub();
    t = await buildTestApp({
      now: vnInstant('2026-11-23', '09:00'),
      env: {
        SESSION_TTL_HOURS: '720',
        INSTANCE_ID: 'node-a',
        ZNS_ACCESS_TOKEN: 'oa-token',
        ZNS_API_URL: zns.url,
        ZNS_TEMPLATE_IDS: 'early_completion=1001,apology=1002,receipt=1003,result_ready=1004,overdue_notice=1005',
        SMTP_URL: smtp.url,
        // Concurrency of the system's own apology (a province that delegates it).
        APOLOGY_AUTO_ISSUE: 'true',
      },
    });
    await createStaff(t.db, 'clerk', 'clerk', WARD);
    await createStaff(t.db, 'officer', 'officer', WARD);
    const clerk = await signIn(t.http, 'clerk');
    const officer = await signIn(t.http, 'officer');
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await receive(t, clerk, '1.001612', { applicant_name: `Người Nộp ${'ABCDEFGHIJKL'[i]}` }));
    // Half of them finish early, half stay open and run late.
    t.clock.set(vnInstant('2026-11-24', '09:00'));
    for (const id of ids.slice(0, 6)) {
      await act(t, officer, id, 'take');
      await act(t, officer, id, 'mark_result_ready');
    }
    t.clock.set(vnInstant('2026-11-27', '10:00'));
    second = {
      db: createDb(t.testDb.url),
      config: { ...t.config, server: { ...t.config.server, instanceId: 'node-b' } },
      clock: fixedClock(t.clock.now()),
      logger: pino({ level: 'silent' }),
    };
  });
  after(async () => {
    await second.db.destroy();
    await t.cleanup();
    await zns.close();
    await smtp.close();
  });

  test('with leases: each job runs on one instance at a time, every effect happens once', async () => {
    for (let round = 0; round < 3; round++) {
      await Promise.all(ALL_JOBS.filter((j) => j !== 'outbox').flatMap((job) => [runJob(t.deps, job), runJob(second, job)]));
    }
    assert.equal(await count(t, 'dossier_milestones', { kind: 'overdue' }), 6);
    assert.equal(await count(t, 'dossier_apologies'), 6);
    const numbers = (await t.db('dossier_apologies').pluck('number')) as string[];
    assert.deepEqual([...numbers].sort(), ['1/PXL', '2/PXL', '3/PXL', '4/PXL', '5/PXL', '6/PXL'], 'one number each, none twice');
    // The six early results were told when marked ready: the early-completion sweep found nothing.
    assert.equal(await count(t, 'dossier_milestones', { kind: 'early_completion' }), 0);
    assert.equal(await count(t, 'outbox_messages', { template: 'result_ready' }), 12); // Zalo + e-mail each
    assert.equal(await count(t, 'outbox_messages', { template: 'overdue_notice' }), 12);
    assert.equal(await count(t, 'outbox_messages', { template: 'apology' }), 12);
    assert.equal(await count(t, 'outbox_messages', { template: 'early_completion' }), 0);
  });

  test('both instances dispatch the outbox at once: every message reaches Zalo or SMTP exactly once', async () => {
    const total = await count(t, 'outbox_messages');
    await Promise.all([runJob(t.deps, 'outbox'), runJob(second, 'outbox'), dispatchDue(t.deps), dispatchDue(second)]);
    assert.equal(await count(t, 'outbox_messages', { status: 'delivered' }), total);
    const zalo = await count(t, 'outbox_messages', { channel: 'zns' });
    assert.equal(zalo, 30, '12 receipts, 6 result notices, 6 overdue notices, 6 apologies');
    assert.equal(zns.deliveries.size, zalo);
    assert.deepEqual([...new Set(zns.deliveries.values())], [1]);
    for (const r of zns.requests) {
      assert.equal(r.invalid, null);
      assert.match(r.body.phone, /^84\d{9}$/);
    }
    assert.equal(smtp.messages.length, await count(t, 'outbox_messages', { channel: 'email' }));
    const apologyMail = smtp.messages.find((m) => m.text.includes('xin lỗi'));
    assert.ok(apologyMail, 'the apology e-mail arrived, in Vietnamese');
  });

  test('even without leases (both sweeps at once, twice), the unique keys allow each effect once', async () => {
    second.clock = fixedClock(vnInstant('2026-12-08', '10:00'));
    t.clock.set(vnInstant('2026-12-08', '10:00'));
    const [a, b] = await Promise.all([services(t.deps).deadlines.sweepContext(), services(second).deadlines.sweepContext()]);
    const results = await Promise.all([SWEEPS.apology(a), SWEEPS.apology(b), SWEEPS.apology(a), SWEEPS.apology(b)]);
    assert.equal(results.reduce((n, r) => n + (r.escalated ?? 0), 0), 6, JSON.stringify(results));
    assert.equal(await count(t, 'dossier_milestones', { kind: 'escalation' }), 6);
    assert.equal(await count(t, 'dossier_apologies'), 6);
    assert.deepEqual((await verifyAuditChains(t.db)).broken, []);
  });

  test('a lease held by an instance that died is taken over once it expires, never before', async () => {
    const now = t.clock.now();
    await t.db('job_leases').where({ job: 'overdue' }).update({ holder: 'node-dead', expires_at: new Date(now.getTime() + 60_000) });
    assert.deepEqual(await runJob(second, 'overdue'), { ran: false, reason: 'lease_held' });
    await t.db('job_leases').where({ job: 'overdue' }).update({ expires_at: new Date(now.getTime() - 1) });
    const outcome = await runJob(second, 'overdue');
    assert.ok(outcome.ran && 'counts' in outcome);
    const lease = await t.db('job_leases').where({ job: 'overdue' }).first();
    assert.equal(lease.holder, null, 'released after the run');
  });

  test('`npm run job -- <name>` runs one job from the command line and records it', async () => {
    const res = spawnSync(process.execPath, [...nodeScript('src/cli/job.ts'), 'overdue'], {
      env: { ...process.env, DATABASE_URL: t.testDb.url, LOG_LEVEL: 'silent', INSTANCE_ID: 'cli' },
      encoding: 'utf8',
    });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /^overdue: \{"examined":0,"flagged":0,"citizens_told":0\} \(run \d+\)/m);
    const bad = spawnSync(process.execPath, [...nodeScript('src/cli/job.ts'), 'nope'], { env: { ...process.env, DATABASE_URL: t.testDb.url }, encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Usage: npm run job/);
    assert.equal(await count(t, 'job_runs', { holder: 'cli' }), 1);
  });
});

describe('the sweeps\' SQL', () => {
  test('the running-status condition equals RUNNING_STATUSES and the partial indexes\' predicate (migration 20261126000100)', () => {
    assert.equal(RUNNING_SQL, `d.status in (${RUNNING_STATUSES.map((s) => `'${s}'`).join(', ')})`);
    const migration = fs.readFileSync(new URL('../../migrations/20261126000100_sweep_indexes.ts', import.meta.url), 'utf8');
    assert.ok(migration.includes(`"${RUNNING_SQL.replace(/^d\./, '')}"`), 'the migration states the same condition');
  });
});

describe('housekeeping job', () => {
  test('`cleanup` deletes expired sessions and leaves live ones working', async () => {
    const t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00') });
    try {
      await createStaff(t.db, 'clerk', 'clerk', WARD);
      const stale = await signIn(t.http, 'clerk');
      const live = await signIn(t.http, 'clerk');
      const sessions = await t.db('sessions').orderBy('created_at').select('id');
      assert.equal(sessions.length, 2);
      await t.db('sessions').where({ id: sessions[0]!.id }).update({ expires_at: vnInstant('2026-11-22', '21:00') });
      const outcome = await runJob(t.deps, 'cleanup');
      assert.ok(outcome.ran && 'counts' in outcome, JSON.stringify(outcome));
      assert.deepEqual(outcome.counts, { sessions_deleted: 1, login_failures_deleted: 0 });
      assert.deepEqual((await t.db('sessions').select('id')).map((s) => s.id), [sessions[1]!.id]);
      // Which of the two agents held the stale session is not known to the test: exactly one still works.
      const statuses = await Promise.all([stale, live].map(async (s) => (await s.agent.get('/ho-so')).status));
      assert.deepEqual([...statuses].sort(), [200, 302]);
    } finally {
      await t.cleanup();
    }
  });
});
