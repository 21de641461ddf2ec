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
    admin = await signIn(t.http, 'j.admin');
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
    const supervisor = await signIn(t.http, 'j.supervisor');
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
    const known = ['examined', 'alerted', 'flagged', 'reminded', 'issued', 'escalated', 'notified', 'selected', 'delivered', 'temporary', 'permanent', 'fallback', 'rescheduled', 'held', 'skipped', 'errors', 'deferred', 'not_yet_at_risk', 'sessions_deleted', 'login_failures_deleted', 'citizens_told'];
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

describe('jobs page: runs grouped per job, filtered, the idle ones in one line', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  const at = (hhmm: string) => vnInstant('2026-11-24', hhmm);
  const idleOutbox = JSON.stringify({ selected: 0, delivered: 0, temporary: 0, permanent: 0, fallback: 0, rescheduled: 0, held: 0, skipped: 0, errors: 0, deferred: 0 });

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-24', '10:00'), env: { INSTANCE_ID: 'may-a' } });
    await createStaff(t.db, 'g.admin', 'admin', '000.00.01.H26');
    admin = await signIn(t.http, 'g.admin');
    // 500 runs of the outbox, one a minute from midnight, that found nothing to send…
    const idle = Array.from({ length: 500 }, (_, i) => {
      const startedAt = new Date(at('00:00').getTime() + i * 60_000);
      return { job: 'outbox', holder: 'may-a', started_at: startedAt, finished_at: startedAt, status: 'succeeded', counts: idleOutbox };
    });
    await t.db.batchInsert('job_runs', idle, 100);
    // …then one that sent, one that failed; a due-soon run with nothing due; a cleanup that deleted a session.
    await t.db('job_runs').insert([
      { job: 'outbox', holder: 'may-b', started_at: at('08:30'), finished_at: at('08:30'), status: 'succeeded', counts: JSON.stringify({ selected: 3, delivered: 3, temporary: 0 }) },
      { job: 'outbox', holder: 'may-b', started_at: at('08:40'), finished_at: at('08:40'), status: 'failed', error: 'Không kết nối được cổng SMS\n    at send (sms.ts:1)' },
      { job: 'due_soon', holder: 'may-a', started_at: at('07:00'), finished_at: at('07:00'), status: 'succeeded', counts: JSON.stringify({ examined: 0, alerted: 0 }) },
      { job: 'cleanup', holder: 'may-a', started_at: at('03:17'), finished_at: at('03:17'), status: 'succeeded', counts: JSON.stringify({ sessions_deleted: 1, login_failures_deleted: 0 }) },
    ]);
  });
  after(() => t.cleanup());

  const rows = (html: string) => (html.match(/<tr>/g) ?? []).length;
  const section = (html: string, job: string) => new RegExp(`<section class="job-history" aria-labelledby="lan-chay-${job}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? null;

  test('500 idle runs make one line, not 500 rows; what did something or failed is listed under its job', async () => {
    const page = await admin.agent.get('/quan-tri/tac-vu').expect(200);
    // The jobs table (a header and a row per job), the outbox's two runs with their header, the cleanup's one with its header: the page stays short.
    assert.equal(rows(page.text), 1 + ALL_JOBS.length + 3 + 2, `${rows(page.text)} rows`);
    const outbox = section(page.text, 'outbox')!;
    assert.ok(outbox, 'the outbox has its own group');
    assert.match(outbox, /<li>Tin nhắn đã gửi: 3<\/li>/);
    assert.match(outbox, /Lỗi<\/span> <span class="pre-line">Không kết nối được cổng SMS<\/span>/);
    // Of the outbox's latest 200 runs, two did something: the other 198 (05:02 to 08:19) in one line.
    assert.match(outbox, /<p class="job-idle">198 lần chạy không có việc gì từ 05:02, Thứ Ba 24\/11\/2026 đến 08:19, Thứ Ba 24\/11\/2026\.<\/p>/);
    assert.equal((outbox.match(/<tr>/g) ?? []).length, 3, 'a header and the two runs');
    assert.match(section(page.text, 'due_soon')!, /<p class="job-idle">1 lần chạy không có việc gì từ 07:00, Thứ Ba 24\/11\/2026 đến 07:00, Thứ Ba 24\/11\/2026\.<\/p>/);
    assert.match(section(page.text, 'cleanup')!, /<li>Phiên đăng nhập hết hạn đã xóa: 1<\/li>/);
    assert.match(section(page.text, 'apology')!, /Không có lần chạy nào\./);
    // Each job's last run beside its schedule.
    assert.match(page.text, /<td class="job-last">08:40, Thứ Ba 24\/11\/2026 · <span class="tag tag-overdue">Lỗi<\/span><\/td>/);
    assert.match(page.text, /<td class="job-last">Chưa chạy lần nào<\/td>/);
  });

  test('the filter (a GET form): one job, only failures, or only runs that did something', async () => {
    const page = await admin.agent.get('/quan-tri/tac-vu').expect(200);
    assert.match(page.text, /<form method="get" action="\/quan-tri\/tac-vu#lan-chay"/);
    assert.match(page.text, /<select class="select" id="tac_vu" name="tac_vu">\s*<option value="">Tất cả tác vụ<\/option>\s*<option value="due_soon" >Cảnh báo sắp đến hạn<\/option>/);

    const failures = await admin.agent.get('/quan-tri/tac-vu?tac_vu=outbox&ket_qua=loi').expect(200);
    assert.match(failures.text, /<option value="outbox" selected>Gửi thông báo<\/option>/);
    assert.match(failures.text, /<option value="loi" selected>Lỗi<\/option>/);
    const outbox = section(failures.text, 'outbox')!;
    assert.match(outbox, /Không kết nối được cổng SMS/);
    assert.doesNotMatch(outbox, /Tin nhắn đã gửi/);
    assert.doesNotMatch(outbox, /không có việc gì/);
    assert.equal(section(failures.text, 'cleanup'), null, 'other jobs are not listed');
    // The jobs table still lists every job with its button.
    assert.equal((failures.text.match(/>Chạy ngay<\/button>/g) ?? []).length, ALL_JOBS.length);

    const worked = await admin.agent.get('/quan-tri/tac-vu?ket_qua=co-viec').expect(200);
    assert.match(section(worked.text, 'outbox')!, /<li>Tin nhắn đã gửi: 3<\/li>/);
    assert.doesNotMatch(section(worked.text, 'outbox')!, /Không kết nối được/);
    assert.match(section(worked.text, 'cleanup')!, /Phiên đăng nhập hết hạn đã xóa: 1/);
    assert.match(section(worked.text, 'due_soon')!, /Không có lần chạy nào phù hợp\./);
    assert.doesNotMatch(worked.text, /không có việc gì từ/);
  });

  test('unusable filter values fall back to everything', async () => {
    for (const q of ['tac_vu=khong_co', 'tac_vu=__proto__&ket_qua=xyz', 'ket_qua[]=loi', `tac_vu=${'a'.repeat(200)}`, 'chay=abc']) {
      const page = await admin.agent.get(`/quan-tri/tac-vu?${q}`).expect(200);
      assert.ok(section(page.text, 'outbox') && section(page.text, 'cleanup'), q);
      assert.match(page.text, /198 lần chạy không có việc gì/, q);
    }
  });
});
