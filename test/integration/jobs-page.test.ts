/** The administrators' jobs page: Vietnamese labels, "Chạy ngay" under the scheduler's lease. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { ALL_JOBS, COUNTER_LABELS, JOB_LABELS, counterLabel } from '../../src/jobs.js';
import { buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';

describe('jobs page (Tác vụ định kỳ)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let adminId: number;
  const runs = async () => Number((await t.db('job_runs').count({ n: '*' }))[0]!.n);
  const expiredSession = async (id: string) =>
    t.db('sessions').insert({ id, user_id: adminId, csrf_token: 'x'.repeat(43), created_at: vnInstant('2026-11-01', '08:00'), expires_at: vnInstant('2026-11-02', '08:00') });

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-24', '10:00'), env: { INSTANCE_ID: 'may-a' } });
    adminId = await createStaff(t.db, 'j.admin', 'admin', '000.00.01.H26');
    await createStaff(t.db, 'j.supervisor', 'supervisor', '000.31.01.H26');
    admin = await signIn(t.app, 'j.admin');
  });
  after(() => t.cleanup());

  test('every job by its Vietnamese name with a "Chạy ngay" form; no npm command, no raw job names', async () => {
    const page = await admin.agent.get('/quan-tri/tac-vu').expect(200);
    for (const job of ALL_JOBS) {
      assert.ok(page.text.includes(JOB_LABELS[job]), JOB_LABELS[job]);
      assert.match(page.text, new RegExp(`<form method="post" action="/quan-tri/tac-vu/${job}/chay-ngay"[^>]*>\\s*<input type="hidden" name="_csrf" value="[^"]+">`), job);
      assert.doesNotMatch(page.text, new RegExp(`<code>${job}</code>`), `raw name of ${job}`);
    }
    assert.equal((page.text.match(/>Chạy ngay<\/button>/g) ?? []).length, ALL_JOBS.length);
    // Each schedule in words beside its expression (the default outbox schedule: every minute).
    assert.match(page.text, /<td>Mỗi phút <code class="job-cron" title="Biểu thức cron">\* \* \* \* \*<\/code><\/td>/);
    assert.doesNotMatch(page.text, /npm/);
  });

  test('"Chạy ngay" runs the job once, records the run, and shows a success banner with its counters in Vietnamese', async () => {
    await expiredSession('het-han-1');
    await expiredSession('het-han-2');
    const before = await runs();
    const posted = await admin.agent.post('/quan-tri/tac-vu/cleanup/chay-ngay').type('form').send({ _csrf: admin.csrf });
    // Redirected to the page of the run it started (a reload shows it again, never runs it again).
    assert.equal(posted.status, 303);
    const lastRun = await t.db('job_runs').orderBy('id', 'desc').first();
    assert.equal(posted.headers.location, `/quan-tri/tac-vu?chay=${lastRun.id}`);
    const res = await admin.agent.get(posted.headers.location!).expect(200);
    assert.match(res.text, /class="success-banner"[^>]*>\s*<p class="success-banner-title">Đã chạy xong tác vụ “Dọn dẹp phiên đăng nhập hết hạn và lượt đăng nhập sai cũ”\.<\/p>/);
    assert.match(res.text, /<dt>Phiên đăng nhập hết hạn đã xóa<\/dt><dd>2<\/dd>/);
    assert.match(res.text, /<dt>Lượt đăng nhập sai cũ đã xóa<\/dt><dd>0<\/dd>/);
    assert.equal(await runs(), before + 1);
    const run = await t.db('job_runs').orderBy('id', 'desc').first();
    assert.equal(run.job, 'cleanup');
    assert.equal(run.holder, 'may-a');
    assert.equal(run.status, 'succeeded');
    assert.deepEqual(JSON.parse(run.counts), { sessions_deleted: 2, login_failures_deleted: 0 });
    assert.equal(Number((await t.db('sessions').whereIn('id', ['het-han-1', 'het-han-2']).count({ n: '*' }))[0]!.n), 0);
    // The lease is released: the scheduler (or another click) can take it again.
    const lease = await t.db('job_leases').where({ job: 'cleanup' }).first();
    assert.equal(lease.holder, null);
    // The run's row in the list speaks Vietnamese too.
    assert.match(res.text, /<li>Phiên đăng nhập hết hạn đã xóa: 2<\/li>/);
    assert.doesNotMatch(res.text, /sessions_deleted/);
  });

  test('when another instance holds the lease, nothing runs and the page says so', async () => {
    await expiredSession('het-han-3');
    await t.db('job_leases').where({ job: 'cleanup' }).update({ holder: 'may-b', expires_at: vnInstant('2026-11-24', '10:05') });
    const before = await runs();
    const res = await admin.agent.post('/quan-tri/tac-vu/cleanup/chay-ngay').type('form').send({ _csrf: admin.csrf });
    assert.equal(res.status, 409);
    assert.match(res.text, /Tác vụ đang chạy ở máy khác, vui lòng thử lại sau/);
    assert.doesNotMatch(res.text, /success-banner/);
    assert.equal(await runs(), before);
    assert.ok(await t.db('sessions').where({ id: 'het-han-3' }).first(), 'the job did not run');
    assert.equal((await t.db('job_leases').where({ job: 'cleanup' }).first()).holder, 'may-b', 'the other holder keeps its lease');
    // Once that lease has expired, the button runs it.
    t.clock.set(vnInstant('2026-11-24', '10:06'));
    const later = await admin.agent.post('/quan-tri/tac-vu/cleanup/chay-ngay').type('form').send({ _csrf: admin.csrf });
    assert.equal(later.status, 303);
    assert.equal(await t.db('sessions').where({ id: 'het-han-3' }).first(), undefined);
  });

  test('unknown job: 404; administrators only; CSRF checked', async () => {
    const before = await runs();
    for (const job of ['khong-co', '__proto__', 'constructor', 'toString']) {
      const res = await admin.agent.post(`/quan-tri/tac-vu/${job}/chay-ngay`).type('form').send({ _csrf: admin.csrf });
      assert.equal(res.status, 404, job);
      assert.match(res.text, /Không có tác vụ này/);
    }
    assert.equal((await admin.agent.post('/quan-tri/tac-vu/cleanup/chay-ngay').type('form').send({})).status, 403, 'no CSRF token');
    const supervisor = await signIn(t.app, 'j.supervisor');
    assert.equal((await supervisor.agent.post('/quan-tri/tac-vu/cleanup/chay-ngay').type('form').send({ _csrf: supervisor.csrf })).status, 403);
    assert.equal((await supervisor.agent.get('/quan-tri/tac-vu')).status, 403);
    assert.equal(await runs(), before);
  });

  test('past runs: known counters in Vietnamese, unknown ones in readable words, failures with their first line', async () => {
    const at = vnInstant('2026-11-24', '09:00');
    await t.db('job_runs').insert([
      { job: 'apology', holder: 'may-b', started_at: at, finished_at: at, status: 'succeeded', counts: JSON.stringify({ issued: 1, escalated: 3, sent_late: 2 }) },
      { job: 'outbox', holder: 'may-b', started_at: at, finished_at: at, status: 'failed', error: 'Không kết nối được cổng SMS\n    at send (sms.ts:1)' },
    ]);
    const page = await admin.agent.get('/quan-tri/tac-vu').expect(200);
    assert.match(page.text, /<li>Phiếu xin lỗi hệ thống đã phát hành: 1<\/li>/);
    assert.match(page.text, /<li>Hồ sơ báo lên lãnh đạo: 3<\/li>/);
    assert.match(page.text, /<li>Chỉ số “sent late”: 2<\/li>/);
    assert.match(page.text, /Lỗi<\/span> <span class="pre-line">Không kết nối được cổng SMS<\/span>/);
    assert.doesNotMatch(page.text, /at send/);
  });

  test('every counter the jobs report today has a Vietnamese label', () => {
    const known = ['examined', 'alerted', 'flagged', 'reminded', 'issued', 'escalated', 'notified', 'selected', 'delivered', 'temporary', 'permanent', 'fallback', 'rescheduled', 'held', 'skipped', 'errors', 'deferred', 'sessions_deleted', 'login_failures_deleted', 'citizens_told'];
    for (const k of known) {
      assert.ok(COUNTER_LABELS[k], k);
      assert.doesNotMatch(counterLabel(k), /[_]|Chỉ số/, k);
    }
    assert.equal(counterLabel('__proto__'), 'Chỉ số “proto”');
  });
});

describe('schedules in words', () => {
  test('the shapes the schedules use read as Vietnamese; others give null', async () => {
    const { describeCron } = await import('../../src/platform/jobs/cron-text.js');
    assert.equal(describeCron('*/15 7-17 * * 1-6'), '15 phút một lần, trong các giờ từ 7 đến 17, từ thứ Hai đến thứ Bảy');
    assert.equal(describeCron('*/10 * * * *'), '10 phút một lần');
    assert.equal(describeCron('* * * * *'), 'Mỗi phút');
    assert.equal(describeCron('17 3 * * *'), 'Hằng ngày lúc 03:17');
    assert.equal(describeCron('0 7 * * 1-5'), 'Lúc 07:00, từ thứ Hai đến thứ Sáu');
    assert.equal(describeCron('30 * * * 1,3,5'), 'Mỗi giờ vào phút thứ 30, vào thứ Hai, thứ Tư, thứ Sáu');
    for (const e of ['0 0 1 * *', '0 25 * * *', 'x', '*/5 * * *', '0 7 * * MON']) assert.equal(describeCron(e), null, e);
  });
});
