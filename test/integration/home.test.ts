/**
 * The home pages: each role's numbers against a known set of dossiers (and of job runs,
 * outbox messages, ratings), each number a link to the list behind it; the citizen's front
 * page for visitors; the loopback warning.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import request from 'supertest';
import { isLoopbackUrl } from '../../src/domain/loopback.js';
import { vnInstant } from '../../src/domain/time.js';
import { agencyId, binaryParser, buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { pagesOf, writePdf } from '../helpers/pdf.js';
import { startAppProcess } from '../helpers/processes.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const WARD = '000.31.01.H26';
const OTHER = '000.31.02.H26';
const TODAY = '2026-11-24';

interface D {
  agency?: string;
  status: string;
  received: [string, string];
  due: [string, string];
  assignedTo?: number | null;
  finished?: string;
  completion?: 'early' | 'on_time' | 'late';
  name?: string;
}

let seq = 0;
async function dossier(db: Knex, clerkId: number, d: D): Promise<{ id: number; code: string }> {
  const agency = await agencyId(db, d.agency ?? WARD);
  const procedure = await db('procedures').where({ code: '1.001612' }).first('id');
  seq++;
  const code = `${d.agency ?? WARD}-261101-${9000 + seq}`;
  const [row] = await db('dossiers')
    .insert({
      code,
      public_token: `token-for-home-fixture-${String(seq).padStart(8, '0')}`,
      agency_id: agency,
      processing_agency_id: agency,
      assigned_agency_id: agency,
      assigned_to: d.assignedTo ?? null,
      procedure_id: procedure.id,
      status: d.status,
      applicant_name: d.name ?? `Người Thử ${seq}`,
      applicant_name_folded: `nguoi thu ${seq}`,
      applicant_id_number: '075190001234',
      applicant_phone: '0987654321',
      applicant_address: 'Đồng Nai',
      result_delivery: 'counter',
      processing_unit: 'working_days',
      processing_amount: 3,
      received_at: vnInstant(...d.received),
      original_due_at: vnInstant(...d.due),
      due_at: vnInstant(...d.due),
      finished_at: d.finished ? vnInstant(d.finished, '15:00') : null,
      completion: d.completion ?? null,
      received_by: clerkId,
      created_at: vnInstant(...d.received),
      updated_at: vnInstant(...d.received),
    })
    .returning('id');
  return { id: typeof row === 'object' ? (row as { id: number }).id : (row as number), code };
}

/** The tile whose label is `label`: its link and its number. */
function tile(html: string, label: string): { href: string; value: string } {
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`<a class="home-tile-link" href="([^"]+)">\\s*<span class="home-tile-value">([^<]*)</span>\\s*<span class="home-tile-label">${esc}</span>`).exec(html);
  assert.ok(m, `no tile "${label}"`);
  return { href: m[1]!.replace(/&amp;/g, '&'), value: m[2]! };
}

describe('home pages', () => {
  let t: TestApp;
  let dir: string;
  const ids: Record<string, { id: number; code: string }> = {};
  let wardAgency: number;

  before(async () => {
    t = await buildTestApp({ now: vnInstant(TODAY, '10:00') });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-home-'));
    wardAgency = await agencyId(t.db, WARD);
    const clerk = await createStaff(t.db, 'h.clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    const officer = await createStaff(t.db, 'h.officer', 'officer', WARD, 'Trần Văn Bình');
    const officer2 = await createStaff(t.db, 'h.officer2', 'officer', WARD);
    await createStaff(t.db, 'h.supervisor', 'supervisor', WARD);
    await createStaff(t.db, 'h.admin', 'admin', '000.00.01.H26');
    const otherClerk = await createStaff(t.db, 'h.other', 'clerk', OTHER);
    const otherOfficer = await createStaff(t.db, 'h.other.officer', 'officer', OTHER);

    // The ward's day (Tuesday 24/11/2026, 10:00).
    ids.waiting = await dossier(t.db, clerk, { status: 'received', received: [TODAY, '08:30'], due: ['2026-11-27', '17:00'], name: 'Nguyễn Văn Hùng' });
    ids.dueSoon = await dossier(t.db, clerk, { status: 'in_progress', received: [TODAY, '09:15'], due: [TODAY, '16:00'], assignedTo: officer, name: 'Trần Thị Thảo' });
    ids.voided = await dossier(t.db, clerk, { status: 'voided', received: [TODAY, '09:40'], due: ['2026-11-27', '17:00'], name: 'Đỗ Văn Nhầm' });
    ids.ready = await dossier(t.db, clerk, { status: 'result_ready', received: ['2026-11-23', '09:00'], due: ['2026-11-23', '17:00'], assignedTo: officer, finished: '2026-11-23', completion: 'on_time' });
    ids.supplement = await dossier(t.db, clerk, { status: 'awaiting_supplement', received: ['2026-11-20', '09:00'], due: ['2026-11-26', '09:00'], assignedTo: officer });
    ids.overdue = await dossier(t.db, clerk, { status: 'in_progress', received: ['2026-11-10', '09:00'], due: ['2026-11-20', '09:00'], assignedTo: officer });
    ids.onTrack = await dossier(t.db, clerk, { status: 'in_progress', received: ['2026-11-23', '09:00'], due: ['2026-11-30', '09:00'], assignedTo: officer });
    ids.colleague = await dossier(t.db, clerk, { status: 'in_progress', received: ['2026-11-23', '09:00'], due: ['2026-11-25', '09:00'], assignedTo: officer2 });
    ids.early = await dossier(t.db, clerk, { status: 'returned', received: ['2026-11-02', '09:00'], due: ['2026-11-06', '09:00'], assignedTo: officer, finished: '2026-11-05', completion: 'early' });
    ids.late = await dossier(t.db, clerk, { status: 'returned', received: ['2026-11-02', '09:00'], due: ['2026-11-06', '09:00'], assignedTo: officer, finished: '2026-11-12', completion: 'late' });
    // Another ward's: none of these may show on our pages.
    ids.otherToday = await dossier(t.db, otherClerk, { agency: OTHER, status: 'received', received: [TODAY, '08:10'], due: ['2026-11-27', '17:00'], name: 'Lê Thị Khác' });
    await dossier(t.db, otherClerk, { agency: OTHER, status: 'result_ready', received: ['2026-11-23', '09:00'], due: ['2026-11-23', '17:00'], assignedTo: otherOfficer, finished: '2026-11-23', completion: 'on_time' });
    await dossier(t.db, otherClerk, { agency: OTHER, status: 'in_progress', received: ['2026-11-10', '09:00'], due: ['2026-11-20', '09:00'], assignedTo: otherOfficer });
    await dossier(t.db, otherClerk, { agency: OTHER, status: 'awaiting_supplement', received: ['2026-11-20', '09:00'], due: ['2026-11-26', '09:00'], assignedTo: otherOfficer });

    // Ratings: two unsatisfied of ours (one followed up, once the column exists), one satisfied, one unsatisfied elsewhere.
    const rate = (d: { id: number }, level: string, agency: number) => t.db('dossier_ratings').insert({ dossier_id: d.id, level, comment: level === 'unsatisfied' ? 'Chờ lâu' : null, agency_id: agency, created_at: vnInstant('2026-11-13', '10:00') }).returning('id');
    const otherAgency = await agencyId(t.db, OTHER);
    await rate(ids.early!, 'unsatisfied', wardAgency);
    const [followed] = await rate(ids.late!, 'unsatisfied', wardAgency);
    await rate(ids.ready!, 'satisfied', wardAgency);
    await rate(ids.otherToday!, 'unsatisfied', otherAgency);
    if (await t.db.schema.hasColumn('dossier_ratings', 'followed_up_at')) {
      const id = typeof followed === 'object' ? (followed as { id: number }).id : followed;
      await t.db('dossier_ratings').where({ id }).update({ followed_up_at: vnInstant('2026-11-14', '10:00') });
    }

    // Job runs: the last of some jobs, two recent failures and one older than the week.
    const at = (d: string, c: string) => vnInstant(d, c);
    await t.db('job_runs').insert([
      { job: 'cleanup', holder: 'may-a', started_at: at('2026-11-24', '03:00'), finished_at: at('2026-11-24', '03:00'), status: 'succeeded', counts: '{}' },
      { job: 'outbox', holder: 'may-a', started_at: at('2026-11-24', '09:00'), finished_at: at('2026-11-24', '09:00'), status: 'succeeded', counts: '{}' },
      { job: 'outbox', holder: 'may-b', started_at: at('2026-11-24', '09:59'), finished_at: at('2026-11-24', '09:59'), status: 'failed', error: 'Không kết nối được cổng SMS\n    at send' },
      { job: 'due_soon', holder: 'may-a', started_at: at('2026-11-22', '07:00'), finished_at: at('2026-11-22', '07:00'), status: 'failed', error: 'Hết thời gian chờ cơ sở dữ liệu' },
      { job: 'apology', holder: 'may-a', started_at: at('2026-11-10', '07:00'), finished_at: at('2026-11-10', '07:00'), status: 'failed', error: 'Lỗi cũ' },
    ]);
    // Outbox: due (2 created, 1 temporary failure), not due yet (1), failed for good (1), delivered (1).
    const msg = (key: string, status: string, next: Date) => ({ channel: 'sms', recipient: '0987654321', template: 'receipt', data: '{}', idempotency_key: key, status, attempts: 0, next_attempt_at: next, created_at: next, updated_at: next });
    await t.db('outbox_messages').insert([
      msg('h1', 'created', at(TODAY, '09:00')),
      msg('h2', 'created', at(TODAY, '09:30')),
      msg('h3', 'temporary-failure', at(TODAY, '09:50')),
      msg('h4', 'created', at(TODAY, '11:00')),
      msg('h5', 'permanent-failure', at(TODAY, '08:00')),
      msg('h6', 'delivered', at(TODAY, '08:00')),
    ]);
  });

  after(async () => {
    await t.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('clerk: received today, results to hand back, waiting for supplements — of their agency, each a link to its list', async () => {
    const { agent } = await signIn(t.http, 'h.clerk');
    const page = await agent.get('/').expect(200);
    assert.match(page.text, /<a href="\/"[^>]*>Trang chủ<\/a>/, 'the header links home');
    assert.match(page.text, /<a class="button" href="\/tiep-nhan">Tiếp nhận hồ sơ mới<\/a>/);
    const today = tile(page.text, 'Tiếp nhận hôm nay');
    // The list behind it counts what was received today, the voided intake too (it shows as cancelled there).
    assert.deepEqual(today, { href: `/ho-so?tu_ngay=${TODAY}&den_ngay=${TODAY}`, value: '3' });
    assert.deepEqual(tile(page.text, 'Kết quả chờ trả'), { href: '/ho-so?trang_thai=result_ready', value: '1' });
    assert.deepEqual(tile(page.text, 'Chờ bổ sung hồ sơ'), { href: '/ho-so?trang_thai=awaiting_supplement', value: '1' });
    // Each link opens the list with exactly those dossiers.
    const list = await agent.get(today.href).expect(200);
    for (const k of ['waiting', 'dueSoon', 'voided']) assert.ok(list.text.includes(ids[k]!.code), k);
    for (const k of ['ready', 'otherToday']) assert.ok(!list.text.includes(ids[k]!.code), k);
    const ready = await agent.get('/ho-so?trang_thai=result_ready').expect(200);
    assert.ok(ready.text.includes(ids.ready!.code));
  });

  test('clerk: today’s receipts listed with checkboxes (not voided, not another agency’s); the selection prints as one PDF', async () => {
    const { agent } = await signIn(t.http, 'h.clerk');
    const page = await agent.get('/').expect(200);
    assert.match(page.text, /<form method="post" action="\/ho-so\/in-giay-tiep-nhan" target="_blank" class="home-batch">\s*<input type="hidden" name="_csrf" value="([^"]+)">/);
    const boxes = [...page.text.matchAll(/<input type="checkbox" class="home-check" name="ids" value="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(boxes, [ids.waiting!.id, ids.dueSoon!.id], 'today’s live receipts, in the order received');
    assert.match(page.text, /<button type="submit" class="button">In giấy đã chọn<\/button>/);
    assert.match(page.text, /<button type="submit" class="button button-secondary" name="hom_nay" value="1">In tất cả giấy tiếp nhận hôm nay \(2\)<\/button>/);
    for (const name of ['Nguyễn Văn Hùng', 'Trần Thị Thảo']) assert.ok(page.text.includes(name));
    for (const name of ['Đỗ Văn Nhầm', 'Lê Thị Khác']) assert.ok(!page.text.includes(name), name);

    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const pdf = await agent.post('/ho-so/in-giay-tiep-nhan').type('form').send({ _csrf: csrf, ids: boxes.map(String) }).redirects(1).buffer(true).parse(binaryParser);
    assert.equal(pdf.status, 200);
    assert.equal(pagesOf(writePdf(dir, 'home-batch.pdf', pdf.body as Buffer)), 2);
    // The page now says each was printed once.
    const again = await agent.get('/').expect(200);
    assert.equal((again.text.match(/<td>1 lần<\/td>/g) ?? []).length, 2);
  });

  test('another agency’s clerk sees only their own day', async () => {
    const { agent } = await signIn(t.http, 'h.other');
    const page = await agent.get('/').expect(200);
    assert.equal(tile(page.text, 'Tiếp nhận hôm nay').value, '1');
    assert.equal(tile(page.text, 'Kết quả chờ trả').value, '1');
    assert.equal(tile(page.text, 'Chờ bổ sung hồ sơ').value, '1');
    assert.ok(page.text.includes('Lê Thị Khác'));
    assert.ok(!page.text.includes('Nguyễn Văn Hùng'));
  });

  test('officer: their queue by tag, each a link to the queue filtered to it', async () => {
    const { agent } = await signIn(t.http, 'h.officer');
    const page = await agent.get('/').expect(200);
    assert.match(page.text, /<a href="\/"[^>]*>Trang chủ<\/a>/);
    // Waiting: the unassigned one of the agency. The appointment tags count the waiting
    // section too, as the queue page does (the waiting dossier is on track).
    assert.deepEqual(tile(page.text, 'Chờ nhận xử lý'), { href: '/hang-doi?nhan=waiting', value: '1' });
    assert.deepEqual(tile(page.text, 'Trong hạn'), { href: '/hang-doi?nhan=on_track', value: '2' });
    assert.deepEqual(tile(page.text, 'Sắp đến hạn'), { href: '/hang-doi?nhan=due_soon', value: '1' });
    assert.deepEqual(tile(page.text, 'Quá hạn'), { href: '/hang-doi?nhan=overdue', value: '1' });
    assert.deepEqual(tile(page.text, 'Tạm dừng'), { href: '/hang-doi?nhan=paused', value: '1' });
    const second = await signIn(t.http, 'h.officer2');
    const p2 = await second.agent.get('/').expect(200);
    assert.equal(tile(p2.text, 'Sắp đến hạn').value, '1', 'the colleague’s own dossier due tomorrow morning');
    assert.equal(tile(p2.text, 'Quá hạn').value, '0');
    assert.equal(tile(p2.text, 'Chờ nhận xử lý').value, '1', 'the same waiting dossier of the agency');
  });

  test('supervisor: overdue now, due soon, this month’s on-time rate as the report says, unsatisfied ratings to follow up', async () => {
    const { agent } = await signIn(t.http, 'h.supervisor');
    const page = await agent.get('/').expect(200);
    assert.deepEqual(tile(page.text, 'Đang quá hạn'), { href: '/ho-so?qua_han=1', value: '1' });
    const overdueList = await agent.get('/ho-so?qua_han=1').expect(200);
    assert.ok(overdueList.text.includes(ids.overdue!.code));
    assert.deepEqual(tile(page.text, 'Sắp đến hạn'), { href: '/hang-doi?xem=don-vi&nhan=due_soon', value: '2' });

    const rate = tile(page.text, 'Tỷ lệ đúng hạn tháng 11/2026');
    assert.equal(rate.href, '/bao-cao/ket-qua-giai-quyet?ky=thang&thang=2026-11');
    // 3 finished this month: early, on time, late → 2 of 3.
    assert.equal(rate.value, '66,67 %');
    const report = await agent.get(rate.href).expect(200);
    assert.ok(report.text.includes('66,67 %'), 'the report shows the same rate');

    const followedUpKnown = await t.db.schema.hasColumn('dossier_ratings', 'followed_up_at');
    assert.deepEqual(tile(page.text, 'Không hài lòng, chưa theo dõi'), { href: '/danh-gia?muc=khong_hai_long&theo_doi=chua', value: followedUpKnown ? '1' : '2' });
  });

  test('admin: every job’s last run, recent failures, the outbox backlog and failures with their lists', async () => {
    const { agent } = await signIn(t.http, 'h.admin');
    const page = await agent.get('/').expect(200);
    const rowOf = (label: string) => {
      const m = new RegExp(`<tr>\\s*<td>${label}</td>\\s*<td>([^<]*)</td>\\s*<td>(.*?)</td>\\s*</tr>`, 's').exec(page.text);
      assert.ok(m, label);
      return { when: m[1]!, result: m[2]! };
    };
    assert.deepEqual(rowOf('Gửi thông báo'), { when: '09:59, Thứ Ba 24/11/2026 · may-b', result: '<span class="tag tag-overdue">Lỗi</span>' });
    assert.match(rowOf('Dọn dẹp phiên đăng nhập hết hạn và lượt đăng nhập sai cũ').result, /Xong/);
    assert.equal(rowOf('Báo kết quả sớm').when, 'Chưa chạy lần nào');
    assert.match(rowOf('Cảnh báo sắp đến hạn').result, /Lỗi/);
    assert.match(page.text, /Lần chạy lỗi trong 7 ngày qua: 2/);
    assert.match(page.text, /Gửi thông báo · may-b: <span class="pre-line">Không kết nối được cổng SMS<\/span>/);
    assert.doesNotMatch(page.text, /Lỗi cũ/);
    assert.match(page.text, /href="\/quan-tri\/tac-vu"/);

    assert.deepEqual(tile(page.text, 'Tin nhắn đến giờ gửi, chưa gửi được'), { href: '/thong-bao?trang_thai=created', value: '3' });
    assert.deepEqual(tile(page.text, 'Gửi lỗi, chờ gửi lại'), { href: '/thong-bao?trang_thai=temporary-failure', value: '1' });
    assert.deepEqual(tile(page.text, 'Gửi thất bại hẳn'), { href: '/thong-bao?trang_thai=permanent-failure', value: '1' });
    assert.doesNotMatch(page.text, /Mã QR trên giấy tiếp nhận đang trỏ tới địa chỉ nội bộ/, 'a public address gives no warning');
  });

  test('admin: a loopback PUBLIC_BASE_URL is warned about', async () => {
    const saved = t.config.server.publicBaseUrl;
    try {
      for (const url of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
        t.config.server.publicBaseUrl = url;
        const { agent } = await signIn(t.http, 'h.admin');
        const page = await agent.get('/').expect(200);
        assert.match(page.text, /Mã QR trên giấy tiếp nhận đang trỏ tới địa chỉ nội bộ <code>([^<]+)<\/code>/, url);
        assert.ok(page.text.includes(`<code>${url}</code>`), url);
        assert.match(page.text, /PUBLIC_BASE_URL/);
      }
    } finally {
      t.config.server.publicBaseUrl = saved;
    }
  });

  test('visitors get the citizen’s front page: the lookup form, the staff sign-in link, the hotlines — no redirect', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['cache-control'], 'private, no-cache');
    assert.match(page.text, /<h1>Tra cứu hồ sơ hành chính<\/h1>/);
    assert.match(page.text, /<form method="post" action="\/tra-cuu#loi" novalidate>\s*<input type="hidden" name="_csrf" value="[^"]+">/);
    assert.match(page.text, /name="code"/);
    assert.match(page.text, /name="phone_last4"/);
    assert.match(page.text, /<a href="\/dang-nhap">đăng nhập hệ thống<\/a>/);
    assert.match(page.text, /Trung tâm Phục vụ hành chính công phường Trấn Biên/);
    assert.match(page.text, /<a href="tel:02513822151">0251 3 822 151<\/a>/);
    assert.doesNotMatch(page.text, /Trang chủ<\/a>/, 'no staff navigation');
    // The form works from here: the right code and phone digits open the status page.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const found = await agent.post('/tra-cuu').type('form').send({ _csrf: csrf, code: ids.waiting!.code, phone_last4: '4321' });
    assert.equal(found.status, 303);
    assert.match(found.headers.location ?? '', /^\/s\/token-for-home-fixture-/);
  });
});

describe('isLoopbackUrl', () => {
  test('localhost, 127.x and ::1 are loopback; public and private addresses are not', () => {
    for (const u of ['http://localhost:3000', 'http://LOCALHOST', 'http://app.localhost', 'http://127.0.0.1:3000', 'https://127.255.1.2/', 'http://[::1]:3000', 'http://[0:0:0:0:0:0:0:1]/', 'http://[::ffff:127.0.0.1]/', 'http://localhost./', 'http://2130706433/']) {
      assert.equal(isLoopbackUrl(u), true, u);
    }
    for (const u of ['https://motcua.dongnai.gov.vn', 'http://10.0.0.1', 'http://192.168.1.5:3000', 'http://127.example.vn', 'http://localhost.example.vn', 'http://[::2]/', 'http://[::ffff:10.0.0.1]/', 'not a url', '']) {
      assert.equal(isLoopbackUrl(u), false, u);
    }
  });
});

describe('start-up warns when PUBLIC_BASE_URL is a loopback address', () => {
  let testDb: Awaited<ReturnType<typeof createTestDb>>;
  before(async () => {
    testDb = await createTestDb();
  });
  after(() => testDb.cleanup());

  test('logged (warn) by a real server process on 127.0.0.1; not for a public address', async () => {
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: testDb.url, DEMO_DATA: 'false', SCHEDULER_ENABLED: 'false' };
    // startAppProcess gives the process its own http://127.0.0.1:<port> as PUBLIC_BASE_URL.
    const local = await startAppProcess({ name: 'loopback', env });
    const publicOne = await startAppProcess({ name: 'public', env: { ...env, PUBLIC_BASE_URL: 'https://motcua.example.vn' } });
    try {
      const warned = (p: typeof local) =>
        p
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { level: number; msg: string; publicBaseUrl?: string })
          .filter((l) => l.level === 40 && /PUBLIC_BASE_URL is a loopback address/.test(l.msg));
      const w = warned(local);
      assert.equal(w.length, 1, local.output());
      assert.equal(w[0]!.publicBaseUrl, local.baseUrl);
      assert.deepEqual(warned(publicOne), [], publicOne.output());
    } finally {
      await Promise.all([local.stop(), publicOne.stop()]);
    }
  });
});
