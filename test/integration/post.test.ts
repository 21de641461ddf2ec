/**
 * Post (Decision 45/2016/QĐ-TTg): five dossiers brought by the postal worker go into one
 * hand-over record and are received when it is signed (received_at = the record's signature,
 * the appointment computed from it, channel post, counted as post by the reports); a
 * procedure not available by post is refused; another agency's clerk sees nothing of the
 * record; results go out on an outbound record (returned through the workflow, the citizen
 * and the postal unit told), with a VNPost order per dossier and its tracking, against a
 * local peer; the records' PDFs carry both signatures.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { monthPeriod } from '../../src/domain/period.js';
import { vnInstant } from '../../src/domain/time.js';
import { services } from '../../src/services.js';
import { binaryParser, buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, pdfText, signIn, type TestApp } from '../helpers/app.js';
import { runJob } from '../helpers/jobs.js';
import { startVnpostPeer, type VnpostPeer } from '../helpers/vnpost-peer.js';

const WARD = '000.31.01.H26';
const CENTRE = '000.00.01.H26';
type Agent = Awaited<ReturnType<typeof signIn>>;

const NAMES = ['', 'An', 'Bình', 'Cường', 'Dũng', 'Giang', '', '', '', 'Yến'];
const businessForm = (i: number) => ({
  ...certifiedCopyForm({ applicant_name: `Trần Văn ${NAMES[i]}`, applicant_id_number: `07519000${String(4000 + i)}`, result_delivery: 'post' }),
  doc_3_received: 'on',
  doc_4_received: 'on',
});

describe('post: hand-over records in and out', () => {
  let t: TestApp;
  let peer: VnpostPeer;
  let clerk: Agent;
  let stranger: Agent;
  let inbound: number;

  before(async () => {
    peer = await startVnpostPeer();
    // Thursday 26/11/2026 10:00: the postal worker comes; the record is signed on Friday evening.
    t = await buildTestApp({ now: vnInstant('2026-11-26', '10:00'), env: { ...peer.env(), SESSION_TTL_HOURS: '720' } });
    await createStaff(t.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'stranger', 'clerk', CENTRE, 'Lê Văn Khác');
    clerk = await signIn(t.http, 'clerk');
    stranger = await signIn(t.http, 'stranger');
  });
  after(async () => {
    await t?.cleanup();
    await peer?.close();
  });

  test('the VNPost connection is off by default', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test' }).post.vnpost, null);
    assert.throws(() => loadConfig({ NODE_ENV: 'test', VNPOST_ENABLED: 'true' }), /VNPOST_TOKEN_URL/);
  });

  test('five dossiers in one record are received at its signature, their appointment computed from it, counted as post', async () => {
    const opened = await clerk.agent
      .post('/buu-chinh')
      .type('form')
      .send({ _csrf: clerk.csrf, huong: 'inbound', nhan_vien: 'Phạm Văn Bưu', dien_thoai: '0912 345 678', don_vi: 'Bưu cục Trấn Biên', email: '', ghi_chu: '' })
      .expect(303);
    inbound = Number(/bien-ban\/(\d+)/.exec(String(opened.headers.location))![1]!);

    for (let i = 1; i <= 5; i++) {
      const form = await clerk.agent.get(`/tiep-nhan/1.001612?bien_ban=${inbound}`).expect(200);
      assert.match(form.text, /id="kenh_post" name="kenh" value="post" checked/);
      const key = /name="intake_key" value="([^"]+)"/.exec(form.text)![1]!;
      const body = { ...businessForm(i), kenh: 'post', bien_ban: String(inbound), so_buu_gui: `RR00000000${i}VN`, thu_ho: '', intake_key: key, action: 'confirm', _csrf: clerk.csrf };
      const res = await clerk.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send(body).expect(303);
      assert.equal(res.headers.location, `/buu-chinh/bien-ban/${inbound}?xong=them`);
      // Sent again (Back, then confirm): the same entry, never a second.
      if (i === 1) await clerk.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send(body).expect(303);
    }
    assert.equal((await t.db('postal_batch_entries').where({ batch_id: inbound })).length, 5);
    assert.equal((await t.db('dossiers').count({ n: '*' }).first())!.n, 0, 'nothing is received before the record is signed');

    // Another agency's clerk sees nothing of the record.
    await stranger.agent.get(`/buu-chinh/bien-ban/${inbound}`).expect(404);
    await stranger.agent.get(`/buu-chinh/bien-ban/${inbound}/bien-ban.pdf`).expect(404);
    await stranger.agent.post(`/buu-chinh/bien-ban/${inbound}/ky`).type('form').send({ _csrf: stranger.csrf }).expect(404);
    assert.doesNotMatch((await stranger.agent.get('/buu-chinh').expect(200)).text, /Phạm Văn Bưu/);

    const before = pdfText((await clerk.agent.get(`/buu-chinh/bien-ban/${inbound}/bien-ban.pdf`).buffer(true).parse(binaryParser).expect(200)).body);
    for (const s of ['BIÊN BẢN GIAO NHẬN HỒ SƠ QUA DỊCH VỤ BƯU CHÍNH', 'NGƯỜI GIAO', 'NGƯỜI NHẬN', 'Phạm Văn Bưu', 'Nguyễn Thị Thu Hà', 'Trần Văn Giang', 'RR000000005VN', '(cấp khi ký)', 'vào hồi …… giờ']) assert.ok(before.includes(s), `unsigned record shows ${s}`);

    // Friday 27/11 17:30, after hours: both sign.
    const signedAt = vnInstant('2026-11-27', '17:30');
    t.clock.set(signedAt);
    await clerk.agent.post(`/buu-chinh/bien-ban/${inbound}/ky`).type('form').send({ _csrf: clerk.csrf }).expect(303);
    const batch = await t.db('postal_batches').where({ id: inbound }).first();
    assert.equal(batch.status, 'signed');
    assert.equal(new Date(batch.signed_at).getTime(), signedAt.getTime());
    const ds = await t.db('dossiers').orderBy('id');
    assert.equal(ds.length, 5);
    assert.deepEqual(ds.map((d) => d.code), [1, 2, 3, 4, 5].map((n) => `000.31.01.H26-261127-000${n}`));
    for (const d of ds) {
      assert.equal(d.channel, 'post');
      assert.equal(new Date(d.received_at).getTime(), signedAt.getTime(), 'received at the record signature, not when the entry was typed');
      // By hand: after hours on Friday, counting starts Monday 30/11 08:00; 3 working days → Wednesday 2/12 17:00.
      assert.equal(new Date(d.due_at).getTime(), vnInstant('2026-12-02', '17:00').getTime());
    }
    assert.equal((await t.db('shipments').where({ direction: 'inbound', status: 'received' })).length, 5);
    assert.equal((await t.db('dossier_events').where({ type: 'received' })).length, 5);
    // Signing again changes nothing.
    await clerk.agent.post(`/buu-chinh/bien-ban/${inbound}/ky`).type('form').send({ _csrf: clerk.csrf }).expect(409);
    assert.equal((await t.db('dossiers')).length, 5);

    const signed = pdfText((await clerk.agent.get(`/buu-chinh/bien-ban/${inbound}/bien-ban.pdf`).buffer(true).parse(binaryParser).expect(200)).body);
    for (const s of ['000.31.01.H26-261127-0001', '000.31.01.H26-261127-0005', '17 giờ 30 phút']) assert.ok(signed.includes(s), `signed record shows ${s}`);

    const reports = services(t.deps).reports;
    const processing = await reports.processing(monthPeriod(2026, 11), {});
    const totals = processing.table.totals as Record<string, number>;
    assert.deepEqual([totals.received, totals.receivedCounter, totals.receivedOnline, totals.receivedPost], [5, 0, 0, 5]);
    const book = await reports.trackingBook(monthPeriod(2026, 11), {});
    assert.deepEqual(book.table.rows.map((r) => r.channel), Array(5).fill('Qua bưu chính'));
  });

  test('a procedure the person must come for, or listed as not by post, is refused by post and published', async () => {
    await t.db('procedures').where({ code: '2.000815' }).update({ in_person: true });
    await t.db('procedures').where({ code: '1.001612' }).update({ by_post: false });
    try {
      const opened = await clerk.agent.post('/buu-chinh').type('form').send({ _csrf: clerk.csrf, huong: 'inbound', nhan_vien: 'Phạm Văn Bưu', dien_thoai: '', don_vi: 'Bưu cục Trấn Biên', email: '', ghi_chu: '' }).expect(303);
      const id = Number(/bien-ban\/(\d+)/.exec(String(opened.headers.location))![1]!);
      for (const [code, body] of [['2.000815', certifiedCopyForm()], ['1.001612', businessForm(9)]] as const) {
        const res = await clerk.agent.post(`/tiep-nhan/${code}/kiem-tra`).type('form').send({ ...body, kenh: 'post', bien_ban: String(id), _csrf: clerk.csrf }).expect(400);
        assert.match(res.text, /không thực hiện qua dịch vụ bưu chính công ích/);
        assert.match(res.text, /class="error-summary"/);
      }
      assert.equal((await t.db('postal_batch_entries').where({ batch_id: id })).length, 0);
      const page = (await clerk.agent.get('/thu-tuc/khong-qua-buu-chinh').expect(200)).text;
      assert.match(page, /2\.000815[\s\S]*Người nộp phải có mặt trực tiếp/);
      assert.match(page, /1\.001612[\s\S]*Không tiếp nhận qua bưu chính/);
      await clerk.agent.post(`/buu-chinh/bien-ban/${id}/huy`).type('form').send({ _csrf: clerk.csrf }).expect(303);
    } finally {
      await t.db('procedures').where({ code: '2.000815' }).update({ in_person: false });
      await t.db('procedures').where({ code: '1.001612' }).update({ by_post: true });
    }
  });

  test('results leave on an outbound record: returned when the postal worker signs, citizen and postal unit told, VNPost order and tracking', async () => {
    t.clock.set(vnInstant('2026-11-30', '09:00'));
    const ids: number[] = [];
    for (const i of [1, 2]) {
      const res = await clerk.agent
        .post('/tiep-nhan/2.000815/xac-nhan')
        .type('form')
        .send({ ...certifiedCopyForm({ applicant_name: `Lê Thị ${NAMES[i]}`, applicant_id_number: `07519000${5000 + i}`, result_delivery: 'post', applicant_email: `nhan${i}@example.vn` }), action: 'confirm', _csrf: clerk.csrf })
        .expect(303);
      const id = dossierIdFromRedirect(res.headers.location);
      const v = (await t.db('dossiers').where({ id }).first('version')).version;
      await clerk.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: clerk.csrf, action: 'mark_result_ready', version: String(v) }).expect(303);
      ids.push(id);
    }
    const opened = await clerk.agent.post('/buu-chinh').type('form').send({ _csrf: clerk.csrf, huong: 'outbound', nhan_vien: 'Võ Thị Phát', dien_thoai: '', don_vi: 'Bưu cục Trấn Biên', email: 'buucuc@example.vn', ghi_chu: '' }).expect(303);
    const id = Number(/bien-ban\/(\d+)/.exec(String(opened.headers.location))![1]!);
    const page = (await clerk.agent.get(`/buu-chinh/bien-ban/${id}`).expect(200)).text;
    for (const d of ids) assert.match(page, new RegExp(`name="ho_so" value="${d}"`));
    await clerk.agent.post(`/buu-chinh/bien-ban/${id}/them-ket-qua`).type('form').send({ _csrf: clerk.csrf, ho_so: ids.map(String), [`so_buu_gui_${ids[0]}`]: 'EL999000001VN', [`thu_ho_${ids[1]}`]: '25.000' }).expect(303);
    // A waybill that is not one: the form again, nothing added.
    await clerk.agent.post(`/buu-chinh/bien-ban/${id}/them-ket-qua`).type('form').send({ _csrf: clerk.csrf, ho_so: [String(ids[0])], [`so_buu_gui_${ids[0]}`]: '<b>' }).expect(400);
    await clerk.agent.post(`/buu-chinh/bien-ban/${id}/bao-buu-chinh`).type('form').send({ _csrf: clerk.csrf }).expect(303);
    const pickup = await t.db('outbox_messages').where({ template: 'post_pickup_request' }).first();
    assert.equal(pickup.recipient, 'buucuc@example.vn');
    assert.match(JSON.parse(pickup.data).codes, /261130-0001/);

    const pdf = pdfText((await clerk.agent.get(`/buu-chinh/bien-ban/${id}/bien-ban.pdf`).buffer(true).parse(binaryParser).expect(200)).body);
    for (const s of ['BIÊN BẢN GIAO NHẬN KẾT QUẢ', 'Võ Thị Phát', 'Lê Thị An', 'Kết quả:', 'Bản chính trả lại', 'EL999000001VN', 'Thu hộ:', '25.000 đồng']) assert.ok(pdf.includes(s), `outbound record shows ${s}`);

    t.clock.set(vnInstant('2026-11-30', '14:00'));
    await clerk.agent.post(`/buu-chinh/bien-ban/${id}/ky`).type('form').send({ _csrf: clerk.csrf }).expect(303);
    for (const d of ids) {
      const row = await t.db('dossiers').where({ id: d }).first();
      assert.equal(row.status, 'returned');
      assert.equal(new Date(row.returned_at).getTime(), vnInstant('2026-11-30', '14:00').getTime());
      assert.match(row.returned_to, /Võ Thị Phát/);
      assert.ok(await t.db('dossier_events').where({ dossier_id: d, type: 'return_result' }).first());
      assert.ok(await t.db('outbox_messages').where({ dossier_id: d, template: 'post_result_sent', channel: 'email' }).first(), 'the citizen is told');
    }
    // VNPost: one token, an order per dossier numbered by its code, the waybill it gave kept where none was typed.
    const orders = peer.calls.filter((c) => c.path === '/order');
    assert.equal(orders.length, 2);
    assert.ok(orders.every((c) => c.token === 'tk-vnpost-1'));
    const codes = (await t.db('dossiers').whereIn('id', ids).orderBy('id')).map((d) => d.code);
    assert.deepEqual(orders.map((c) => c.body.orderNumber), codes);
    assert.equal(orders[1]!.body.codAmount, 25000);
    assert.equal(orders[0]!.body.receiverName, 'Lê Thị An');
    const ships = await t.db('shipments').where({ direction: 'outbound' }).orderBy('dossier_id');
    assert.deepEqual(ships.map((s) => [s.status, s.vnpost_status]), [['handed_over', 'posted'], ['handed_over', 'posted']]);
    assert.equal(ships[0].waybill, 'EL999000001VN');
    assert.match(ships[1].waybill, /^EL\d{9}VN$/);

    peer.deliver(codes[0]!);
    const run = await runJob(t.deps, 'vnpost');
    assert.ok(run.ran && 'counts' in run, JSON.stringify(run));
    assert.deepEqual(run.counts, { shipments_checked: 2, shipments_delivered: 1, tracking_failed: 0 });
    const after = await t.db('shipments').where({ direction: 'outbound' }).orderBy('dossier_id');
    assert.deepEqual(after.map((s) => s.status), ['delivered', 'handed_over']);
  });
});
