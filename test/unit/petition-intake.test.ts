import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { publishedQueryWords, publishedSearchText } from '../../src/domain/petitions.js';
import { TEMPLATES } from '../../src/messaging.js';
import { render, smsLength } from '../../src/platform/messaging/templates.js';
import { PETITION_MESSAGES, petitionCrossErrors, petitionFormSchema, publishedQuerySchema } from '../../src/features/petitions/petition-intake.schema.js';
import { issueFormNonce } from '../../src/domain/form-nonce.js';
import { officialOf } from '../../src/features/petitions/petition-intake.service.js';
import { parseObject } from '../../src/web/form.js';

const NONCE = issueFormNonce('k'.repeat(40), 'visitor', new Date('2026-12-01T02:00:00Z'));
const base = {
  loai: 'regulation',
  thu_tuc: '',
  co_quan: '',
  ma_ho_so: '',
  so_cuoi: '',
  noi_dung: '  Nội dung\r\n\r\n\r\n\r\nphản ánh  ',
  nguoi_gui: 'organisation',
  ho_ten: ' Công ty  TNHH Ánh Dương ',
  dia_chi: '1 Nguyễn Ái Quốc',
  dien_thoai: '+84 903 111 222',
  email: '',
  cong_khai: '',
  nonce: NONCE,
  loi_moi: '',
};

describe('petition intake: the form schema', () => {
  test('normalises what is typed', () => {
    const r = parseObject(petitionFormSchema, base, petitionCrossErrors(base));
    assert.ok(r.ok);
    assert.equal(r.value.dien_thoai, '0903111222');
    assert.equal(r.value.email, null);
    assert.equal(r.value.ho_ten, 'Công ty TNHH Ánh Dương');
    assert.equal(r.value.noi_dung, 'Nội dung\n\nphản ánh');
    assert.equal(r.value.cong_khai, false);
    assert.equal(r.value.ma_ho_so, null);
    assert.equal(r.value.loi_moi, null);
  });

  test('a phone or an e-mail, and the digits with a dossier code', () => {
    const v = { ...base, dien_thoai: '', email: '', ma_ho_so: '000.31.01.H26-261201-0001' };
    const r = parseObject(petitionFormSchema, v, petitionCrossErrors(v));
    assert.ok(!r.ok);
    assert.equal(r.errors.dien_thoai, PETITION_MESSAGES.contact);
    assert.equal(r.errors.so_cuoi, PETITION_MESSAGES.last4);
    const ok = { ...v, email: 'A@Example.VN', so_cuoi: '1234' };
    const r2 = parseObject(petitionFormSchema, ok, petitionCrossErrors(ok));
    assert.ok(r2.ok);
    assert.equal(r2.value.email, 'a@example.vn');
    assert.equal(r2.value.ma_ho_so, '000.31.01.H26-261201-0001');
  });

  test('refuses control characters, unknown kinds, a missing nonce, too long content', () => {
    const v = { ...base, ho_ten: 'A\u0000B', loai: 'complaint', nonce: 'a'.repeat(43), noi_dung: 'x'.repeat(4001) };
    const r = parseObject(petitionFormSchema, v);
    assert.ok(!r.ok);
    assert.equal(r.errors.loai, PETITION_MESSAGES.kind);
    assert.equal(r.errors.nonce, PETITION_MESSAGES.form);
    assert.equal(r.errors.noi_dung, PETITION_MESSAGES.contentTooLong);
    assert.match(r.errors.ho_ten!, /ký tự không hợp lệ/);
  });

  test('the published query reads bad values as absent', () => {
    const r = publishedQuerySchema.parse({ q: '  giấy   phép ', trang: '0', loai: 'x' });
    assert.deepEqual(r, { q: 'giấy phép', trang: 1, loai: null });
    assert.deepEqual(publishedQuerySchema.parse({ q: '', trang: '3', loai: 'conduct' }), { q: '', trang: 3, loai: 'conduct' });
  });
});

describe('petition intake: pure helpers', () => {
  test('the official of a conduct petition: the assigned officer, else the last actor', () => {
    assert.equal(officialOf('conduct', { id: 1, assignedTo: 7, lastActorId: 3 }), 7);
    assert.equal(officialOf('conduct', { id: 1, assignedTo: null, lastActorId: 3 }), 3);
    assert.equal(officialOf('handling', { id: 1, assignedTo: 7, lastActorId: 3 }), null);
    assert.equal(officialOf('conduct', null), null);
  });

  test('search: the published text and the query are folded alike (accents and case aside), every word must be found', () => {
    const hay = publishedSearchText({ code: 'PAKN-261201-0001', content: 'Đề nghị bỏ bản sao giấy phép', answer: 'Đã bãi bỏ' });
    assert.equal(hay, 'pakn-261201-0001 de nghi bo ban sao giay phep da bai bo');
    const matches = (q: string) => publishedQueryWords(q).every((w) => hay.includes(w));
    assert.deepEqual(publishedQueryWords('ĐỀ NGHỊ, đề nghị!'), ['de', 'nghi']);
    assert.ok(matches('giay phep'));
    assert.ok(matches('de nghi bai bo'));
    assert.ok(!matches('giay chung nhan'));
    assert.ok(matches('261201-0001'));
    assert.deepEqual(publishedQueryWords('   '), []);
    assert.equal(publishedQueryWords('a b c d e f g h i j k l').length, 10);
  });

  test('the acknowledgement template renders in full', () => {
    const t = TEMPLATES.petition_received;
    const { text } = render(t, t.sample);
    assert.doesNotMatch(text, /[{}]/);
    assert.ok(smsLength(text).segments <= 5);
  });
});
