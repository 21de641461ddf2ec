/**
 * The petitions staff workflow over HTTP, as each role: the control unit (a supervisor of
 * the province centre) forwards, the competent agency's officer drafts and its head
 * approves, another agency sees nothing; the sender told once; publication without
 * personal data; every step on the petition's chain, which audit:verify checks.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { verifyPetitionChains } from '../../src/features/petitions/petition-events.repo.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { receivedPetition } from '../helpers/petitions.js';
import { CENTRE, TU_PHAP, WARD } from '../helpers/two-agencies.js';
import { nodeScript } from '../helpers/node-script.js';

const NOW = vnInstant('2026-12-01', '09:00');

/** A petition as filing stores it, received at `receivedAt` (now by default). */
const filePetition = (db: Knex, f: Omit<Parameters<typeof receivedPetition>[1], 'receivedAt'> & { receivedAt?: Date } = {}) => receivedPetition(db, { ...f, receivedAt: f.receivedAt ?? NOW });

/** A petition filed through the intake's service, as the public form does. */
async function fileThroughIntake(t: TestApp): Promise<{ id: number; token: string; code: string }> {
  const svc = services(t.deps);
  const r = await svc.petitionIntake.file(
    {
      loai: 'handling',
      thu_tuc: null,
      co_quan: null,
      ma_ho_so: null,
      so_cuoi: '',
      noi_dung: 'Tôi là Nguyễn Văn An, nhà ở 12 Nguyễn Ái Quốc, phường Trấn Biên. Nộp hồ sơ chờ quá lâu, gọi 0912 345 678 không ai nghe.',
      nguoi_gui: 'individual',
      ho_ten: 'Nguyễn Văn An',
      dia_chi: '12 Nguyễn Ái Quốc, phường Trấn Biên, tỉnh Đồng Nai',
      dien_thoai: '0912345678',
      email: 'an.nguyen@example.vn',
      // Not named in the publication (art. 19: published anyway, anonymised).
      cong_khai: false,
      nonce: await svc.petitionIntake.newNonce('test-visitor'),
      loi_moi: null,
    },
    '127.0.0.1',
    'test-visitor',
  );
  assert.ok(r.ok);
  const row = await t.db('petitions').where({ public_token: r.token }).first('id', 'code');
  return { id: Number(row.id), token: r.token, code: String(row.code) };
}

type Agent = Awaited<ReturnType<typeof signIn>>;

function versionOf(html: string): string {
  const m = /name="phien_ban" value="(\d+)"/.exec(html);
  if (!m) throw new Error('no action form on the page');
  return m[1]!;
}

/** The text of a textarea as the page holds it (ejs escapes &, <, >, ", '). */
function textareaOf(html: string, name: string): string {
  const m = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  if (!m) throw new Error(`no textarea ${name}`);
  return m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

let db: Knex;
/** The current version (the last event's seq), as an up-to-date form would carry it. */
async function currentVersion(id: number): Promise<string> {
  const r = await db('petition_events').where({ petition_id: id }).whereNotNull('to_status').max({ v: 'seq' }).first();
  return String(r?.v ?? 0);
}

async function act(a: Agent, id: number, fields: Record<string, string>, expect: number, version?: string) {
  const v = version ?? (await currentVersion(id));
  return a.agent.post(`/xu-ly-pakn/${id}/thao-tac`).type('form').send({ _csrf: a.csrf, phien_ban: v, ...fields }).expect(expect);
}

describe('petitions: staff workflow over HTTP', () => {
  let t: TestApp;
  let control: Agent, admin: Agent, wardOfficer: Agent, wardHead: Agent, otherOfficer: Agent, otherHead: Agent, clerk: Agent;
  let wardId: number, tuPhapId: number, wardOfficerId: number;

  before(async () => {
    t = await buildTestApp({ now: NOW });
    db = t.db;
    const staff: Array<[string, 'clerk' | 'officer' | 'supervisor' | 'admin', string]> = [
      ['kiemsoat', 'supervisor', CENTRE],
      ['quantri', 'admin', CENTRE],
      ['cv.phuong', 'officer', WARD],
      ['ld.phuong', 'supervisor', WARD],
      ['cv.tuphap', 'officer', TU_PHAP],
      ['ld.tuphap', 'supervisor', TU_PHAP],
      ['tn.phuong', 'clerk', WARD],
    ];
    for (const [u, role, eid] of staff) {
      const id = await createStaff(t.db, u, role, eid, `Cán bộ ${u}`);
      await t.db('users').where({ id }).update({ email: `${u}@motcua.test` });
      if (u === 'cv.phuong') wardOfficerId = id;
    }
    const agents = await Promise.all(staff.map(([u]) => signIn(t.http, u)));
    [control, admin, wardOfficer, wardHead, otherOfficer, otherHead, clerk] = agents as [Agent, Agent, Agent, Agent, Agent, Agent, Agent];
    wardId = await agencyId(t.db, WARD);
    tuPhapId = await agencyId(t.db, TU_PHAP);
  });
  after(() => t.cleanup());

  test('the whole road: forward, draft, approve; the sender told once; published without personal data', async () => {
    const p = await fileThroughIntake(t);
    // The clerk has no petitions area; the ward sees nothing before forwarding.
    await clerk.agent.get('/xu-ly-pakn').expect(403);
    await wardOfficer.agent.get(`/xu-ly-pakn/${p.id}`).expect(404);
    assert.doesNotMatch((await wardOfficer.agent.get('/xu-ly-pakn').expect(200)).text, new RegExp(p.code));
    const list = await control.agent.get('/xu-ly-pakn').expect(200);
    assert.match(list.text, new RegExp(p.code));
    const page = await control.agent.get(`/xu-ly-pakn/${p.id}`).expect(200);
    assert.match(page.text, /Nguyễn Văn An/);
    assert.match(page.text, /còn 5 ngày làm việc/);

    // Missing agency: a Vietnamese error, nothing written.
    const bad = await act(control, p.id, { thao_tac: 'forward', phan_loai: 'Thời gian giải quyết', co_quan: '' }, 422);
    assert.match(bad.text, /Chọn cơ quan có thẩm quyền xử lý/);
    const unknown = await act(control, p.id, { thao_tac: 'forward', phan_loai: 'X', co_quan: '999999' }, 422);
    assert.match(unknown.text, /không tồn tại/);
    assert.equal((await t.db('petition_events').where({ petition_id: p.id })).length, 1);
    // A stale form: 409.
    await act(control, p.id, { thao_tac: 'accept' }, 409, '0');
    await act(control, p.id, { thao_tac: 'forward', phan_loai: 'Thời gian giải quyết hồ sơ', co_quan: String(wardId) }, 303);
    const row = await t.db('petitions').where({ id: p.id }).first();
    assert.equal(row.status, 'forwarded');
    assert.equal(Number(row.competent_agency_id), wardId);
    // 10 working days from Tue 1/12 09:00 → Tue 15/12 09:00.
    assert.equal(new Date(row.answer_due_at).getTime(), vnInstant('2026-12-15', '09:00').getTime());
    const forwarded = await t.db('outbox_messages').where({ template: 'petition_forwarded' }).pluck('recipient');
    assert.deepEqual(forwarded.sort(), ['cv.phuong@motcua.test', 'ld.phuong@motcua.test']);

    // Another agency: not in its list, 404 on the page and on an action.
    assert.doesNotMatch((await otherOfficer.agent.get('/xu-ly-pakn').expect(200)).text, new RegExp(p.code));
    await otherHead.agent.get(`/xu-ly-pakn/${p.id}`).expect(404);
    await otherHead.agent.post(`/xu-ly-pakn/${p.id}/thao-tac`).type('form').send({ _csrf: otherHead.csrf, phien_ban: '2', thao_tac: 'approve' }).expect(404);
    // The control unit cannot draft for the agency; the officer cannot approve.
    await act(control, p.id, { thao_tac: 'draft', noi_dung_tra_loi: 'x' }, 403);
    await act(wardOfficer, p.id, { thao_tac: 'approve' }, 403);
    const empty = await act(wardOfficer, p.id, { thao_tac: 'draft', noi_dung_tra_loi: '   ' }, 422);
    assert.match(empty.text, /Nhập nội dung dự thảo trả lời/);

    const answer = 'Kính gửi ông Nguyễn Văn An: phường đã bố trí thêm cán bộ tiếp nhận buổi sáng; hồ sơ sẽ được trả đúng hẹn. Liên hệ số 0912345678 nếu cần.';
    const noOutcome = await act(wardOfficer, p.id, { thao_tac: 'draft', noi_dung_tra_loi: answer }, 422);
    assert.match(noOutcome.text, /Chọn kết quả xử lý \(Điều 15/);
    await act(wardOfficer, p.id, { thao_tac: 'draft', noi_dung_tra_loi: answer, ket_qua: 'explain' }, 303);
    assert.equal((await t.db('outbox_messages').where({ template: 'petition_draft_ready', recipient: 'ld.phuong@motcua.test' })).length, 1);
    await act(wardOfficer, p.id, { thao_tac: 'return_draft', ghi_chu: 'x' }, 403);
    const noNote = await act(wardHead, p.id, { thao_tac: 'return_draft', ghi_chu: '' }, 422);
    assert.match(noNote.text, /Nhập ý kiến của lãnh đạo/);
    const page2 = await wardHead.agent.get(`/xu-ly-pakn/${p.id}`).expect(200);
    const v = versionOf(page2.text);
    // The approver sees each suspected item marked (no script needed) and the anonymiser's proposal in editable boxes.
    assert.doesNotMatch(page2.text, /<script/);
    const marks = [...page2.text.matchAll(/<mark class="pii pii-(\w+)"[^>]*>([^<]*)/g)].map((m) => [m[1], m[2]!.trim()]);
    for (const [kind, text] of [['name', 'Nguyễn Văn An'], ['address', '12 Nguyễn Ái Quốc'], ['phone', '0912 345 678'], ['phone', '0912345678']]) {
      assert.ok(marks.some(([k, x]) => k === kind && x === text), `marked ${kind}: ${text} in ${JSON.stringify(marks)}`);
    }
    const proposedContent = textareaOf(page2.text, 'noi_dung_cong_khai');
    const proposedAnswer = textareaOf(page2.text, 'tra_loi_cong_khai');
    assert.equal(proposedAnswer, 'Kính gửi ông [người phản ánh]: phường đã bố trí thêm cán bộ tiếp nhận buổi sáng; hồ sơ sẽ được trả đúng hẹn. Liên hệ số [số điện thoại] nếu cần.');
    assert.doesNotMatch(proposedContent, /Nguyễn Văn An|0912|345 678|12 Nguyễn Ái Quốc/);
    // Without the explicit confirmation nothing is approved, sent or published.
    const unconfirmed = await act(wardHead, p.id, { thao_tac: 'approve', noi_dung_cong_khai: proposedContent, tra_loi_cong_khai: proposedAnswer }, 422, v);
    assert.match(unconfirmed.text, /Đánh dấu ô xác nhận đã kiểm tra nội dung công khai/);
    assert.match(unconfirmed.text, /href="#xac_nhan_cong_khai-approve"/);
    const emptied = await act(wardHead, p.id, { thao_tac: 'approve', noi_dung_cong_khai: proposedContent, tra_loi_cong_khai: '  ', xac_nhan_cong_khai: '1' }, 422, v);
    assert.match(emptied.text, /Nhập nội dung trả lời được công khai/);
    assert.equal((await t.db('petitions').where({ id: p.id }).first()).status, 'drafted');
    assert.equal((await t.db('outbox_messages').where({ template: 'petition_answered' })).length, 0);
    // The approver edits the proposal (the ward's own hotline may be published) and confirms: exactly that is published.
    const confirmedAnswer = proposedAnswer.replace('Liên hệ số [số điện thoại]', 'Liên hệ đường dây nóng 0251 3822 999');
    const approved = await act(wardHead, p.id, { thao_tac: 'approve', noi_dung_cong_khai: proposedContent, tra_loi_cong_khai: confirmedAnswer, xac_nhan_cong_khai: '1' }, 303, v);
    assert.equal(approved.headers.location, `/xu-ly-pakn/${p.id}?xong=approve`);
    // The same form again: stale.
    await act(wardHead, p.id, { thao_tac: 'approve', noi_dung_cong_khai: proposedContent, tra_loi_cong_khai: confirmedAnswer, xac_nhan_cong_khai: '1' }, 409, v);

    const done = await t.db('petitions').where({ id: p.id }).first();
    assert.equal(done.status, 'answered');
    assert.equal(done.answer, answer);
    assert.ok(done.published_at);
    assert.equal(done.published_content, proposedContent);
    assert.equal(done.published_answer, confirmedAnswer);
    assert.equal(done.outcome, 'explain');
    for (const text of [done.published_content, done.published_answer]) {
      assert.doesNotMatch(text, /Nguyễn Văn An|0912|345 678|12 Nguyễn Ái Quốc|an\.nguyen/);
    }
    assert.match(done.published_answer, /\[người phản ánh\]/);
    // The search is built from the confirmed text: the restored hotline finds it.
    assert.ok((await request(t.http).get('/phan-anh-kien-nghi/da-tra-loi?q=duong+day+nong').expect(200)).text.includes(p.code));
    // Searchable at once, without accents, by the published words only (never the sender's name).
    const found = await request(t.http).get('/phan-anh-kien-nghi/da-tra-loi?q=bo+tri+them+can+bo+tiep+nhan').expect(200);
    assert.ok(found.text.includes(p.code), 'the published answer is found by its words');
    const byName = await request(t.http).get(`/phan-anh-kien-nghi/da-tra-loi?q=${encodeURIComponent('Nguyễn Văn An')}`).expect(200);
    assert.ok(!byName.text.includes(p.code), "the sender's name finds nothing: it is not in the published text");
    assert.equal((await t.db('outbox_messages').where({ template: 'petition_received' })).length, 2, 'the acknowledgement at filing');
    const notices = await t.db('outbox_messages').where({ template: 'petition_answered' }).select('channel', 'recipient', 'data');
    assert.deepEqual(notices.map((n) => n.channel).sort(), ['email', 'sms']);
    assert.match(JSON.parse(notices[0]!.data).status_url, new RegExp(`/phan-anh-kien-nghi/theo-doi/${p.token}$`));

    const types = (await t.db('petition_events').where({ petition_id: p.id }).orderBy('seq')).map((e) => e.type);
    assert.deepEqual(types, ['received', 'petition_forwarded', 'petition_drafted', 'petition_answered']);
  });

  test('art. 7 and art. 1: not in scope only with the decree’s reason and an explanation, which go to the sender', async () => {
    const p = await filePetition(t.db, { consent: false });
    await act(wardOfficer, p.id, { thao_tac: 'not_in_scope', ghi_chu: 'x' }, 404);
    const missing = await act(admin, p.id, { thao_tac: 'not_in_scope', ghi_chu: '', ly_do_khong_thuoc: 'complaint' }, 422);
    assert.match(missing.text, /Nhập giải thích gửi người phản ánh/);
    const noReason = await act(admin, p.id, { thao_tac: 'not_in_scope', ghi_chu: 'Không thuộc thẩm quyền của tỉnh.' }, 422);
    assert.match(noReason.text, /Chọn lý do không thuộc phạm vi tiếp nhận \(Điều 7 hoặc Điều 1/);
    await act(admin, p.id, { thao_tac: 'accept' }, 303);
    await act(admin, p.id, { thao_tac: 'not_in_scope', ly_do_khong_thuoc: 'complaint', ghi_chu: 'Đề nghị gửi Ban Tiếp công dân tỉnh theo Luật Khiếu nại.' }, 303);
    const row = await t.db('petitions').where({ id: p.id }).first();
    assert.equal(row.status, 'not_in_scope');
    assert.equal(row.scope_reason, 'complaint');
    assert.equal(row.published_at, null);
    const msgs = await t.db('outbox_messages').where({ template: 'petition_not_in_scope' }).select('data');
    assert.equal(msgs.length, 2);
    assert.match(JSON.parse(msgs[0]!.data).reason, /Là khiếu nại.*Điều 1 Nghị định 20\/2008\/NĐ-CP.*Luật Khiếu nại/);
  });

  test('art. 19, 14(2)(đ): an answer is published anonymised even without the sender’s consent (then unnamed); the head may withhold it with a reason', async () => {
    const p = await filePetition(t.db, { consent: false });
    await act(control, p.id, { thao_tac: 'forward', phan_loai: 'Hộ tịch', co_quan: String(wardId) }, 303);
    await act(wardOfficer, p.id, { thao_tac: 'draft', noi_dung_tra_loi: 'Kính gửi ông Nguyễn Văn An: đã khắc phục.', ket_qua: 'explain' }, 303);
    const page = await wardHead.agent.get(`/xu-ly-pakn/${p.id}`).expect(200);
    assert.equal(textareaOf(page.text, 'tra_loi_cong_khai'), 'Kính gửi ông [người phản ánh]: đã khắc phục.');
    assert.match(page.text, /không đồng ý được nêu họ tên: họ tên cũng được ẩn/);
    // Approving without the publication boxes is refused: publication is not optional.
    await act(wardHead, p.id, { thao_tac: 'approve' }, 422);
    await act(wardHead, p.id, { thao_tac: 'approve', ly_do_khong_cong_khai: 'Nội dung liên quan đến bí mật đời tư của người khác.' }, 303);
    const row = await t.db('petitions').where({ id: p.id }).first();
    assert.equal(row.status, 'answered');
    assert.equal(row.published_at, null);
    assert.equal(row.publication_withheld_reason, 'Nội dung liên quan đến bí mật đời tư của người khác.');
    assert.ok(row.publication_withheld_at);
    // Decided: neither publish nor withhold is offered again.
    const after = await wardHead.agent.get(`/xu-ly-pakn/${p.id}`).expect(200);
    assert.doesNotMatch(after.text, /action-publish|action-withhold_publication/);
    assert.match(after.text, /lãnh đạo quyết định không công khai/);
  });

  test('art. 19: a sender who agreed to be named is named beside the published answer; one who did not, never', async () => {
    const named = await filePetition(t.db, { named: true });
    await act(control, named.id, { thao_tac: 'forward', phan_loai: 'Hộ tịch', co_quan: String(wardId) }, 303);
    await act(wardOfficer, named.id, { thao_tac: 'draft', noi_dung_tra_loi: 'Kính gửi ông Nguyễn Văn An: đã khắc phục.', ket_qua: 'amend_abolish' }, 303);
    const page = await wardHead.agent.get(`/xu-ly-pakn/${named.id}`).expect(200);
    const content = textareaOf(page.text, 'noi_dung_cong_khai');
    const answer = textareaOf(page.text, 'tra_loi_cong_khai');
    assert.equal(answer, 'Kính gửi ông Nguyễn Văn An: đã khắc phục.');
    assert.doesNotMatch(content, /0912|345 678/);
    await act(wardHead, named.id, { thao_tac: 'approve', noi_dung_cong_khai: content, tra_loi_cong_khai: answer, xac_nhan_cong_khai: '1' }, 303);
    const pub = await request(t.http).get(`/phan-anh-kien-nghi/da-tra-loi/${named.code}`).expect(200);
    assert.match(pub.text, /Người phản ánh<\/dt><dd>[^<]*Nguyễn Văn An/);
  });

  test('art. 19: an answer left unpublished (answered before the rule) is published later by the head, once', async () => {
    const p = await filePetition(t.db, { consent: false });
    await act(control, p.id, { thao_tac: 'forward', phan_loai: 'Hộ tịch', co_quan: String(wardId) }, 303);
    await act(wardOfficer, p.id, { thao_tac: 'draft', noi_dung_tra_loi: 'Đã khắc phục, gọi 0912345678.', ket_qua: 'explain' }, 303);
    await act(wardHead, p.id, { thao_tac: 'approve', noi_dung_cong_khai: 'x', tra_loi_cong_khai: 'y', xac_nhan_cong_khai: '1' }, 303);
    // As the migration leaves an answered petition whose sender had refused publication: neither published nor withheld.
    await t.db('petitions').where({ id: p.id }).update({ published_at: null, published_content: null, published_answer: null, published_search: null });
    const page = await wardHead.agent.get(`/xu-ly-pakn/${p.id}`).expect(200);
    assert.match(page.text, /chờ công khai/);
    assert.equal(textareaOf(page.text, 'tra_loi_cong_khai'), 'Đã khắc phục, gọi [số điện thoại].');
    await act(wardOfficer, p.id, { thao_tac: 'publish', noi_dung_cong_khai: 'Nội dung.', tra_loi_cong_khai: 'Đã khắc phục.', xac_nhan_cong_khai: '1' }, 403);
    await act(wardHead, p.id, { thao_tac: 'publish', noi_dung_cong_khai: 'Nội dung.', tra_loi_cong_khai: 'Đã khắc phục.' }, 422);
    await act(wardHead, p.id, { thao_tac: 'publish', noi_dung_cong_khai: 'Nội dung.', tra_loi_cong_khai: 'Đã khắc phục.', xac_nhan_cong_khai: '1' }, 303);
    const row = await t.db('petitions').where({ id: p.id }).first();
    assert.ok(row.published_at);
    assert.equal(row.published_answer, 'Đã khắc phục.');
    await act(wardHead, p.id, { thao_tac: 'withhold_publication', ghi_chu: 'x' }, 403);
  });

  test('art. 9(1)(d): forwarded outside the province with the body, the dispatch number and date; the sender told; closed', async () => {
    const p = await filePetition(t.db);
    const future = await act(control, p.id, { thao_tac: 'forward_external', co_quan_ngoai_tinh: 'Bộ Tư pháp', so_van_ban: '123/VP-KSTT', ngay_van_ban: '2026-12-02' }, 422);
    assert.match(future.text, /Ngày văn bản chuyển không hợp lệ hoặc sau hôm nay/);
    const noBody = await act(control, p.id, { thao_tac: 'forward_external', so_van_ban: '123/VP-KSTT', ngay_van_ban: '2026-12-01' }, 422);
    assert.match(noBody.text, /Nhập tên cơ quan có thẩm quyền ngoài tỉnh/);
    await act(wardOfficer, p.id, { thao_tac: 'forward_external', co_quan_ngoai_tinh: 'Bộ Tư pháp', so_van_ban: '123/VP-KSTT', ngay_van_ban: '2026-12-01' }, 404);
    await act(control, p.id, { thao_tac: 'forward_external', co_quan_ngoai_tinh: 'Bộ Tư pháp', so_van_ban: '123/VP-KSTT', ngay_van_ban: '2026-12-01' }, 303);
    const row = await t.db('petitions').where({ id: p.id }).first();
    assert.deepEqual([row.status, row.external_body, row.dispatch_number, row.dispatch_date], ['forwarded_external', 'Bộ Tư pháp', '123/VP-KSTT', '2026-12-01']);
    assert.ok(row.forwarded_at && new Date(row.forwarded_at) <= new Date(row.forward_due_at), 'within the 5 working days');
    const msg = await t.db('outbox_messages').where({ template: 'petition_forwarded_external', reference: p.code }).first('data');
    assert.deepEqual([JSON.parse(msg.data).body, JSON.parse(msg.data).dispatch], ['Bộ Tư pháp', '123/VP-KSTT ngày 01/12/2026']);
    const status = await request(t.http).get(`/phan-anh-kien-nghi/theo-doi/${p.token}`).expect(200);
    assert.match(status.text, /Bộ Tư pháp, văn bản số 123\/VP-KSTT ngày 01\/12\/2026/);
  });

  test('art. 14(2)(b)–(d): the head keeps a petition for study with a review date; the sender told; drafted again later', async () => {
    const p = await filePetition(t.db);
    await act(control, p.id, { thao_tac: 'forward', phan_loai: 'Quy định', co_quan: String(wardId) }, 303);
    await act(wardOfficer, p.id, { thao_tac: 'keep_for_study', ghi_chu: 'x', ngay_xem_xet_lai: '2027-03-31' }, 403);
    const past = await act(wardHead, p.id, { thao_tac: 'keep_for_study', ghi_chu: 'Cần lấy ý kiến Sở Tư pháp.', ngay_xem_xet_lai: '2026-12-01' }, 422);
    assert.match(past.text, /Ngày xem xét lại phải là một ngày sau hôm nay/);
    await act(wardHead, p.id, { thao_tac: 'keep_for_study', ghi_chu: 'Cần lấy ý kiến Sở Tư pháp.', ngay_xem_xet_lai: '2027-03-31' }, 303);
    const row = await t.db('petitions').where({ id: p.id }).first();
    assert.deepEqual([row.status, row.review_due_on], ['kept_for_study', '2027-03-31']);
    const msg = await t.db('outbox_messages').where({ template: 'petition_kept_for_study', reference: p.code }).first('data');
    assert.equal(JSON.parse(msg.data).review, '31/03/2027');
    await act(wardOfficer, p.id, { thao_tac: 'draft', noi_dung_tra_loi: 'Đã nghiên cứu xong.', ket_qua: 'recommend' }, 303);
    assert.equal((await t.db('petitions').where({ id: p.id }).first()).status, 'drafted');
  });

  test('the competent agency declines: back to the control unit, and out of its sight', async () => {
    const p = await filePetition(t.db);
    await act(control, p.id, { thao_tac: 'forward', phan_loai: 'Hộ tịch', co_quan: String(tuPhapId) }, 303);
    assert.match((await otherOfficer.agent.get('/xu-ly-pakn').expect(200)).text, new RegExp(p.code));
    await act(otherOfficer, p.id, { thao_tac: 'decline', ghi_chu: 'Thuộc thẩm quyền UBND phường.' }, 303);
    const row = await t.db('petitions').where({ id: p.id }).first();
    assert.equal(row.status, 'accepted');
    assert.equal(row.competent_agency_id, null);
    await otherOfficer.agent.get(`/xu-ly-pakn/${p.id}`).expect(404);
    assert.equal((await t.db('outbox_messages').where({ template: 'petition_declined' })).length, 2);
  });

  test('conduct feedback reaches the official’s supervisors and their list', async () => {
    const p = await filePetition(t.db, { kind: 'conduct', officialId: wardOfficerId, content: 'Cán bộ tiếp nhận nói năng thiếu tôn trọng.' });
    const n = await t.db.transaction((trx) => services(t.deps).petitions.alertConduct(trx, p.id, NOW));
    assert.equal(n, 1);
    const mail = await t.db('outbox_messages').where({ template: 'petition_conduct' }).select('recipient', 'data');
    assert.deepEqual(mail.map((m) => m.recipient), ['ld.phuong@motcua.test']);
    assert.match(JSON.parse(mail[0]!.data).link, new RegExp(`/xu-ly-pakn/${p.id}$`));
    const headList = await wardHead.agent.get('/xu-ly-pakn').expect(200);
    assert.match(headList.text, new RegExp(p.code));
    assert.match(headList.text, /Về cán bộ của cơ quan/);
    assert.doesNotMatch((await wardOfficer.agent.get('/xu-ly-pakn').expect(200)).text, new RegExp(p.code));
    await otherHead.agent.get(`/xu-ly-pakn/${p.id}`).expect(404);
  });

  test('the list: overdue first, with the working time left; the status filter', async () => {
    // Received Fri 20/11 09:00: forward due Fri 27/11 09:00, overdue by 2 working days on Tue 1/12 09:00.
    const late = await filePetition(t.db, { receivedAt: vnInstant('2026-11-20', '09:00') });
    const list = await control.agent.get('/xu-ly-pakn').expect(200);
    const order = [...list.text.matchAll(/data-petition="(\d+)"/g)].map((m) => Number(m[1]));
    assert.equal(order[0], late.id);
    assert.match(list.text, /quá hạn 2 ngày làm việc/);
    const forwardedOnly = await control.agent.get('/xu-ly-pakn?trang_thai=forwarded').expect(200);
    assert.doesNotMatch(forwardedOnly.text, new RegExp(`data-petition="${late.id}"`));
    const closed = await control.agent.get('/xu-ly-pakn?trang_thai=answered').expect(200);
    assert.match(closed.text, /Đã trả lời/);
  });

  test('home tiles: open and overdue petitions in the viewer’s scope', async () => {
    const svc = services(t.deps);
    const who = async (username: string) => {
      const r = await t.db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.username', username).first('u.id', 'u.full_name', 'u.role', 'u.agency_id', 'a.name');
      return { id: Number(r.id), username, fullName: String(r.full_name), role: r.role, agencyId: Number(r.agency_id), agencyName: String(r.name) };
    };
    const all = await t.db('petitions').whereNotIn('status', ['not_in_scope', 'forwarded_external', 'answered']).select('competent_agency_id', 'status', 'forward_due_at');
    const c = await svc.petitions.counts(await who('kiemsoat'));
    assert.equal(c?.open, all.length);
    assert.equal(c?.controlUnit, true);
    assert.ok((c?.overdue ?? 0) >= 1, 'the late one');
    const ward = await svc.petitions.counts(await who('cv.phuong'));
    assert.deepEqual(ward, { open: all.filter((p) => Number(p.competent_agency_id) === wardId).length, overdue: 0, controlUnit: false });
    assert.equal(await svc.petitions.counts(await who('tn.phuong')), null);
    // The tiles render when the home route passes the counts.
    const officerUser = await who('cv.phuong');
    const html = await new Promise<string>((resolve, reject) =>
      t.app.render('home/officer', { title: 'Trang chủ', staff: officerUser, tiles: [], petitionCounts: ward, csrfToken: 'x' }, (err, out) => (err ? reject(err) : resolve(out))),
    );
    assert.match(html, /Phản ánh chuyển đến đơn vị đang xử lý/);
  });

  test('bad input: 400 with the form, never a 500', async () => {
    const p = await filePetition(t.db);
    const r = await control.agent.post(`/xu-ly-pakn/${p.id}/thao-tac`).type('form').send({ _csrf: control.csrf, phien_ban: 'abc', thao_tac: 'nope' }).expect(400);
    assert.match(r.text, /Thao tác không hợp lệ|Biểu mẫu không hợp lệ/);
    // Another agency's petition: 404 even for a malformed form (nothing said about it).
    await otherHead.agent.post(`/xu-ly-pakn/${p.id}/thao-tac`).type('form').send({ _csrf: otherHead.csrf }).expect(404);
    await wardOfficer.agent.post(`/xu-ly-pakn/${p.id}/thao-tac`).type('form').send({ _csrf: wardOfficer.csrf }).expect(404);
    await clerk.agent.post(`/xu-ly-pakn/${p.id}/thao-tac`).type('form').send({ _csrf: clerk.csrf }).expect(403);
    await control.agent.get('/xu-ly-pakn?trang_thai=sai').expect(400);
    await control.agent.get('/xu-ly-pakn/abc').expect(404);
  });

  test('the chains verify; tampering is detected', async () => {
    const report = await verifyPetitionChains(t.db);
    assert.deepEqual(report.broken, []);
    const cli = spawnSync(process.execPath, nodeScript('src/cli/verify-audit.ts'), { env: { ...process.env, DATABASE_URL: t.testDb.url, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stdout + cli.stderr);
    if (t.testDb.dialect === 'postgres') await t.db.raw('DROP TRIGGER petition_events_append_only ON petition_events');
    else await t.db.raw('DROP TRIGGER petition_events_no_update');
    const victim = await t.db('petitions').orderBy('id').first('id', 'code');
    await t.db('petition_events').where({ petition_id: victim.id, seq: 4 }).update({ note: 'Câu trả lời khác' });
    const after = await verifyPetitionChains(t.db);
    assert.deepEqual(after.broken.map((b) => [b.code, b.seq]), [[victim.code, 4]]);
    const cli2 = spawnSync(process.execPath, nodeScript('src/cli/verify-audit.ts'), { env: { ...process.env, DATABASE_URL: t.testDb.url, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    assert.equal(cli2.status, 1);
  });
});
