import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ANONYMISED, anonymise, findPersonalData, fold, redact, segments, type PersonalKind } from '../../src/domain/anonymise.js';

const personal = { names: ['Nguyễn Văn An'], addresses: ['12 Nguyễn Ái Quốc, phường Trấn Biên, tỉnh Đồng Nai'] };

/** The sender of issue 20's examples, with everything the form takes. */
const phuong = {
  names: ['Nguyễn Thị Mai Phương'],
  addresses: ['12 Nguyễn Ái Quốc, tổ 5, phường Trấn Biên, tỉnh Đồng Nai'],
  phones: ['0903123456'],
  emails: ['mai.phuong@example.vn'],
};

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

  test('the given name alone after a kinship word is the sender; inside a longer word or another name it is not', () => {
    assert.equal(anonymise('Anh An và ông Nguyễn Văn Anh', personal), `Anh ${ANONYMISED.name} và ông Nguyễn Văn Anh`);
    assert.equal(anonymise('Tỉnh An Giang; có an ninh', personal), 'Tỉnh An Giang; có an ninh');
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

describe('anonymise: issue 20’s leaks, each caught (table)', () => {
  // [written in the draft, what is left of it, the kind of the one suspected span]
  const cases: Array<[string, string, PersonalKind]> = [
    ['Gọi (+84) 903 123 456 giúp tôi', 'Gọi [số điện thoại] giúp tôi', 'phone'],
    ['Số 0903/123/456.', 'Số [số điện thoại].', 'phone'],
    ['Số 0 9 0 3 1 2 3 4 5 6 nhé', 'Số [số điện thoại] nhé', 'phone'],
    ['Số ０９０３１２３４５６ nhé', 'Số [số điện thoại] nhé', 'phone'],
    ['Gọi 0977-888-999 (số người nhà)', 'Gọi [số điện thoại] (số người nhà)', 'phone'],
    ['số đuôi 123 456 của tôi', 'số đuôi [số điện thoại] của tôi', 'phone'],
    ['CMND 123456789 cấp năm 2010', 'CMND [số định danh] cấp năm 2010', 'id'],
    ['chứng minh nhân dân số 123 456 789', 'chứng minh nhân dân số [số định danh]', 'id'],
    ['Hộ chiếu C1234567', 'Hộ chiếu [số định danh]', 'id'],
    ['Thư gửi mai.phuong at example dot vn nhé', 'Thư gửi [e-mail] nhé', 'email'],
    ['Thư gửi mai.phuong (at) example (dot) vn', 'Thư gửi [e-mail]', 'email'],
    ['Thư gửi mai.phuong @ example . vn', 'Thư gửi [e-mail]', 'email'],
    ['Thư: tran.b [at] gmail [dot] com', 'Thư: [e-mail]', 'email'],
    ['Thư: abc a còng gmail chấm com', 'Thư: [e-mail]', 'email'],
    ['Kính gửi chị Mai Phương,', 'Kính gửi chị [người phản ánh],', 'name'],
    ['bà Phương đề nghị', 'bà [người phản ánh] đề nghị', 'name'],
    ['Ba Phuong de nghi', 'Ba [người phản ánh] de nghi', 'name'],
    ['Chị Nguyễn Phương cho biết', 'Chị [người phản ánh] cho biết', 'name'],
    ['Nguyễn Thị Mai\u200BPhương gửi', '[người phản ánh] gửi', 'name'],
    ['Ng\u200Buyễn Thị Mai Phương gửi', '[người phản ánh] gửi', 'name'],
    ['NGUYEN THI MAI PHUONG', '[người phản ánh]', 'name'],
    ['ở số 12 đường Ng. Ái Quốc', 'ở số [địa chỉ]', 'address'],
    ['ở 12 NAQ', 'ở [địa chỉ]', 'address'],
    ['nhà ở tổ 5 gần chợ', 'nhà ở [địa chỉ] gần chợ', 'address'],
    ['STK 0123456789 tại Vietcombank', 'STK [số tài khoản] tại Vietcombank', 'bank'],
    ['số tài khoản: 1903 1234 5678 90', 'số tài khoản: [số tài khoản]', 'bank'],
    ['xe biển số 60A-123.45 đỗ trước cửa', 'xe biển số [biển số xe] đỗ trước cửa', 'plate'],
    ['xe 51F1-234.56', 'xe [biển số xe]', 'plate'],
    ['sinh ngày 12/03/1985 tại Biên Hòa', 'sinh ngày [ngày sinh] tại Biên Hòa', 'birth'],
    ['ngày sinh: 12-03-1985', 'ngày sinh: [ngày sinh]', 'birth'],
    ['SN 1985', 'SN [ngày sinh]', 'birth'],
    ['MST 0312345678', 'MST [mã số thuế]', 'tax'],
    ['công ty (0312345678-001) nộp', 'công ty ([mã số thuế]) nộp', 'tax'],
    ['mã số BHXH 7912345678', 'mã số BHXH [mã số bảo hiểm]', 'insurance'],
    ['thẻ BHYT DN4797915123456', 'thẻ BHYT [mã số bảo hiểm]', 'insurance'],
    ['dãy 98765432 lạ', 'dãy [dãy số] lạ', 'number'],
  ];
  for (const [text, expected, kind] of cases) {
    test(text, () => {
      const r = redact(text, phuong);
      assert.equal(r.text, expected);
      assert.deepEqual(r.spans.map((s) => s.kind), [kind]);
    });
  }

  // Kept as they are: legal citations, dates of texts, procedure codes, codes of cases, amounts.
  const kept = [
    'Theo Điều 9 khoản 1 Nghị định 20/2008/NĐ-CP và Thông tư 11/2014/TT-BCT',
    'Quyết định 766/QĐ-TTg; Luật 2011/QH13; QCVN 102:2016',
    'thủ tục 1.004222 và 2.000815',
    'Hồ sơ H26.57.01-261201-0002 trả chậm',
    'Hồ sơ H26.57-261201-AB0012 và 000.31.01.H26-261130-0004',
    'nộp ngày 30/11/2026 lúc 09:00, lệ phí 1.500.000 đồng, quầy số 3',
    'phản ánh PAKN-261201-0007 ngày 1/12',
    'Tỉnh An Giang có 11 huyện; có phương án 2026',
  ];
  for (const text of kept) {
    test(`kept: ${text}`, () => {
      assert.deepEqual(findPersonalData(text, phuong), []);
      assert.equal(anonymise(text, phuong), text);
    });
  }

  test('the dossier code in the current layout is kept whole next to a phone', () => {
    assert.equal(anonymise('Hồ sơ H26.57.01-261201-0002, gọi 0903 123 456', phuong), 'Hồ sơ H26.57.01-261201-0002, gọi [số điện thoại]');
  });

  test('spans point into the NFC text (for the highlighted preview), and segments rebuild it', () => {
    const text = 'Chị Mai Phương (0903 123 456) hỏi về hồ sơ H26.57.01-261201-0002.';
    const spans = findPersonalData(text, phuong);
    assert.deepEqual(spans.map((s) => [s.kind, text.slice(s.start, s.end)]), [
      ['name', 'Mai Phương'],
      ['phone', '0903 123 456'],
    ]);
    const parts = segments(text, spans);
    assert.equal(parts.map((p) => p.text).join(''), text);
    assert.deepEqual(parts.filter((p) => p.kind).map((p) => p.kind), ['name', 'phone']);
  });

  test('keep: the sender’s own page leaves the name and address, never a phone, e-mail or ID', () => {
    const r = redact('Kính gửi bà Phương, 12 Nguyễn Ái Quốc: gọi 0903 123 456, thư mai.phuong@example.vn, CCCD 075190001234.', phuong, { keep: ['name', 'address'] });
    assert.equal(r.text, 'Kính gửi bà Phương, 12 Nguyễn Ái Quốc: gọi [số điện thoại], thư [e-mail], CCCD [số định danh].');
  });

  test('a long text is read in linear-ish time', () => {
    const text = `${'a'.repeat(3000)} ${'1 '.repeat(500)}${'x.'.repeat(500)}`;
    const t0 = performance.now();
    findPersonalData(text, phuong);
    assert.ok(performance.now() - t0 < 1000);
  });
});
