/**
 * Issue 20: a petition filed through the OA's form link is answered on Zalo, so the Zalo
 * follower is its contact (Decree 20/2008 art. 7: name, address and a contact): phone and
 * e-mail become optional (still accepted). Without a live link they stay required, also
 * when the link expires between the form and the filing. The acknowledgement says where
 * the answer goes, and tells only someone on a computer to scan the QR with a phone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { PETITION_MESSAGES } from '../../src/features/petitions/petition-intake.schema.js';
import { services } from '../../src/services.js';
import { paths } from '../../src/web/paths.js';
import { buildTestApp, csrfFrom, type TestApp } from '../helpers/app.js';

const FORM = paths.petitions.form;
const CONTENT = 'Đề nghị niêm yết rõ lệ phí chứng thực bản sao tại quầy tiếp nhận của phường.';

type Citizen = { agent: ReturnType<typeof request.agent>; csrf: string; nonce: string; ip: string; page: string };

describe('petitions from Zalo: the follower is the contact', () => {
  let t: TestApp;
  let svc: ReturnType<typeof services>;
  let ipSeq = 0;

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-12-01', '09:00'), env: { TRUST_PROXY: 'true' } });
    svc = services(t.deps);
  });
  after(() => t.cleanup());

  async function citizen(url: string): Promise<Citizen> {
    const agent = request.agent(t.http);
    const ip = `198.51.100.${++ipSeq}`;
    const page = await agent.get(url).set('X-Forwarded-For', ip).expect(200);
    return { agent, csrf: csrfFrom(page.text), nonce: /name="nonce" value="([^"]+)"/.exec(page.text)![1]!, ip, page: page.text };
  }

  const fields = (loiMoi: string, contact: { dien_thoai?: string; email?: string } = {}) => ({
    loai: 'regulation',
    thu_tuc: '',
    co_quan: '',
    ma_ho_so: '',
    so_cuoi: '',
    noi_dung: CONTENT,
    nguoi_gui: 'individual',
    ho_ten: 'Võ Thị Mai',
    dia_chi: '12 Võ Thị Sáu, phường Trấn Biên',
    dien_thoai: contact.dien_thoai ?? '',
    email: contact.email ?? '',
    cong_khai: '',
    loi_moi: loiMoi,
  });

  function post(c: Citizen, body: Record<string, string>) {
    return c.agent.post(FORM).set('X-Forwarded-For', c.ip).type('form').send({ _csrf: c.csrf, nonce: c.nonce, ...body });
  }

  async function invite(zaloUserId: string, createdAt = t.clock.now()): Promise<string> {
    const link = await svc.petitionIntake.zaloInviteLink(t.db, zaloUserId, createdAt);
    return /zalo\/([A-Za-z0-9_-]{43})$/.exec(link)![1]!;
  }

  const count = async () => Number((await t.db('petitions').count({ n: '*' }))[0]!.n);

  test('through a live link: phone and e-mail optional; filed on Zalo alone; the acknowledgement says the answer comes on Zalo', async () => {
    const token = await invite('zalo-follower-1');
    const c = await citizen(paths.petitions.fromZalo(token));
    assert.match(c.page, /Số điện thoại \(không bắt buộc\)/);
    assert.match(c.page, /Thư điện tử \(không bắt buộc\)/);
    assert.match(c.page, /câu trả lời được gửi qua Zalo/);

    const res = await post(c, fields(token));
    assert.equal(res.status, 303, res.text.slice(0, 600));
    const ackPath = res.headers.location!;
    const p = await t.db('petitions').where({ public_token: /da-nhan\/([A-Za-z0-9_-]+)$/.exec(ackPath)![1] }).first();
    assert.equal(p.channel, 'zalo');
    assert.equal(p.zalo_user_id, 'zalo-follower-1');
    assert.equal(p.sender_phone, null);
    assert.equal(p.sender_email, null);
    assert.equal((await t.db('outbox_messages').where({ reference: p.code })).length, 0, 'no phone nor e-mail: nothing to send there');

    const ack = await c.agent.get(ackPath).expect(200);
    assert.match(ack.text, /Câu trả lời sẽ được gửi cho Ông\/Bà qua Zalo/);
    assert.match(ack.text, /trả lời Ông\/Bà qua Zalo;/);
    assert.doesNotMatch(ack.text, /Xác nhận này cũng được gửi tới/, 'no phone nor e-mail was given');
  });

  test('through a live link with a phone: accepted, and the answer goes to both', async () => {
    const token = await invite('zalo-follower-2');
    const c = await citizen(paths.petitions.fromZalo(token));
    const res = await post(c, fields(token, { dien_thoai: '0903 222 333' }));
    assert.equal(res.status, 303, res.text.slice(0, 600));
    const p = await t.db('petitions').where({ public_token: /da-nhan\/([A-Za-z0-9_-]+)$/.exec(res.headers.location!)![1] }).first();
    assert.equal(p.zalo_user_id, 'zalo-follower-2');
    assert.equal(p.sender_phone, '0903222333');
    const ack = await c.agent.get(res.headers.location!).expect(200);
    assert.match(ack.text, /trả lời Ông\/Bà qua Zalo, qua tin nhắn tới số điện thoại;/);
    assert.match(ack.text, /Xác nhận này cũng được gửi tới số điện thoại Ông\/Bà đã nhập/);
  });

  test('without a live link a phone or an e-mail is still required; nothing is filed', async () => {
    const before = await count();
    // The plain form.
    const plain = await citizen(FORM);
    assert.doesNotMatch(plain.page, /không bắt buộc\)<\/label>\s*<div class="hint" id="dien_thoai-hint"/);
    const r1 = await post(plain, fields(''));
    assert.equal(r1.status, 400);
    assert.ok(r1.text.includes(PETITION_MESSAGES.contact));

    // An expired link.
    const old = await invite('zalo-follower-3', new Date(t.clock.now().getTime() - 8 * 24 * 3600_000));
    const stale = await citizen(paths.petitions.fromZalo(old));
    assert.doesNotMatch(stale.page, /Số điện thoại \(không bắt buộc\)/);
    const r2 = await post(stale, fields(old));
    assert.equal(r2.status, 400);
    assert.ok(r2.text.includes(PETITION_MESSAGES.contact));

    // A link used by another petition since the form was opened.
    const token = await invite('zalo-follower-4');
    const first = await citizen(paths.petitions.fromZalo(token));
    const second = await citizen(paths.petitions.fromZalo(token));
    assert.equal((await post(first, fields(token))).status, 303);
    const r3 = await post(second, fields(token));
    assert.equal(r3.status, 400);
    assert.ok(r3.text.includes(PETITION_MESSAGES.contact));
    assert.equal(await count(), before + 1);
  });

  test('the link expires between the form check and the filing: refused by the service, nothing written', async () => {
    const before = await count();
    const token = await invite('zalo-follower-5', new Date(t.clock.now().getTime() - 7 * 24 * 3600_000 + 1));
    const input = {
      loai: 'regulation' as const,
      thu_tuc: null,
      co_quan: null,
      ma_ho_so: null,
      so_cuoi: '',
      noi_dung: CONTENT,
      nguoi_gui: 'individual' as const,
      ho_ten: 'Võ Thị Mai',
      dia_chi: '12 Võ Thị Sáu, phường Trấn Biên',
      dien_thoai: null,
      email: null,
      cong_khai: false,
      nonce: await svc.petitionIntake.newNonce('visitor-zalo-contact'),
      loi_moi: token,
    };
    t.clock.set(new Date(t.clock.now().getTime() + 1000));
    const r = await svc.petitionIntake.file(input, '198.51.100.250', 'visitor-zalo-contact');
    // A refusal of the form (the route answers it 400), naming the phone field.
    assert.deepEqual(r, { ok: false, reason: 'invalid', message: PETITION_MESSAGES.contactZaloGone, errors: { dien_thoai: PETITION_MESSAGES.contactZaloGone } });
    assert.equal(await count(), before);
  });

  test('the acknowledgement: keep the link; the QR only for someone on a computer, hidden on a phone', async () => {
    const c = await citizen(FORM);
    const res = await post(c, fields('', { email: 'mai.vo@example.vn' }));
    assert.equal(res.status, 303);
    const ack = await c.agent.get(res.headers.location!).expect(200);
    assert.doesNotMatch(ack.text, /hoặc quét mã QR bằng điện thoại/, 'a phone user is not told to scan the QR with their phone');
    const block = /<div class="petition-qr-block">([\s\S]*?)<\/div>/.exec(ack.text);
    assert.ok(block, 'the QR sits in its own block');
    assert.match(block[1]!, /Đang xem trên máy tính\?/);
    assert.match(block[1]!, /<img class="petition-qr" src="data:image\/png;base64,/);
    const css = await request(t.http).get(paths.static('petitions.css')).expect(200);
    assert.match(css.text, /@media \(max-width: 640px\) \{ \.petition-qr-block \{ display: none; \} \}/);
    assert.match(ack.text, /trả lời Ông\/Bà qua thư điện tử;/);
    assert.match(ack.text, /Xác nhận này cũng được gửi tới thư điện tử Ông\/Bà đã nhập/);
  });
});
