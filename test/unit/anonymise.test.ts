import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ANONYMISED, anonymise, fold } from '../../src/domain/anonymise.js';

const personal = { names: ['Nguyễn Văn An'], addresses: ['12 Nguyễn Ái Quốc, phường Trấn Biên, tỉnh Đồng Nai'] };

describe('anonymise: the published text without personal data', () => {
  test('the sender’s name in any case, the address given and its street part', () => {
    const out = anonymise('Tôi là Nguyễn Văn An, ở 12 Nguyễn Ái Quốc. Ông NGUYỄN VĂN AN đề nghị. Địa chỉ: 12 Nguyễn Ái Quốc, phường Trấn Biên, tỉnh Đồng Nai.', personal);
    assert.equal(out, `Tôi là ${ANONYMISED.name}, ở ${ANONYMISED.address}. Ông ${ANONYMISED.name} đề nghị. Địa chỉ: ${ANONYMISED.address}.`);
  });

  test('the name and the address typed without diacritics, or with other capitals, are found too', () => {
    assert.equal(anonymise('Toi la Nguyen Van An, o 12 nguyen ai quoc.', personal), `Toi la ${ANONYMISED.name}, o ${ANONYMISED.address}.`);
    assert.equal(anonymise('ông nguyễn văn an 🙂 và bà Trần Thị Bé', personal), `ông ${ANONYMISED.name} 🙂 và bà Trần Thị Bé`);
  });

  test('fold keeps one unit per unit', () => {
    assert.equal(fold('Nguyễn Văn Đức 🙂'), 'nguyen van duc 🙂');
    assert.equal(fold('Nguyễn Văn Đức 🙂').length, 'Nguyễn Văn Đức 🙂'.length);
  });

  test('a name inside a longer word is left alone; a part of the name alone too', () => {
    assert.equal(anonymise('Anh An và ông Nguyễn Văn Anh', personal), 'Anh An và ông Nguyễn Văn Anh');
  });

  test('phone numbers in their usual spellings', () => {
    for (const phone of ['0912345678', '0912 345 678', '0912.345.678', '+84 912 345 678', '84912345678', '0251 3822 123']) {
      assert.equal(anonymise(`Gọi ${phone} giúp tôi`, personal), `Gọi ${ANONYMISED.phone} giúp tôi`, phone);
    }
  });

  test('e-mail addresses and 12-digit ID numbers, grouped or not', () => {
    assert.equal(anonymise('Thư: an.nguyen+pakn@example.vn.', personal), `Thư: ${ANONYMISED.email}.`);
    assert.equal(anonymise('CCCD 075190001234 cấp 2021', personal), `CCCD ${ANONYMISED.id} cấp 2021`);
    assert.equal(anonymise('CCCD 0751 9000 1234', personal), `CCCD ${ANONYMISED.id}`);
  });

  test('dossier and petition codes, dates, amounts and short numbers stay', () => {
    const text = 'Hồ sơ 000.31.01.H26-261130-0004 (phản ánh PAKN-261201-0007) nộp ngày 30/11/2026, lệ phí 50.000 đồng, quầy số 3.';
    assert.equal(anonymise(text, personal), text);
  });

  test('no personal data given: only the patterns; empty strings are ignored', () => {
    assert.equal(anonymise('Nguyễn Văn An gọi 0912345678', { names: ['', null], addresses: [undefined] }), `Nguyễn Văn An gọi ${ANONYMISED.phone}`);
  });

  test('idempotent, and Vietnamese typed decomposed (NFD) is matched', () => {
    const once = anonymise('Nguyễn Văn An, 0912345678', personal);
    assert.equal(anonymise(once, personal), once);
    assert.equal(anonymise('Nguyễn Văn An'.normalize('NFD'), personal), ANONYMISED.name);
  });
});
