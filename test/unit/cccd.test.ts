/** The CCCD: its QR text and the rules of the 12-digit personal identification number. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCccdNumber, findCccdQr, parseCccdQr, parseQrDate, parseSex, PROVINCE_CODES, scannerLostDiacritics, scannerUnicodeMessage } from '../../src/domain/cccd.js';

const QR = '075095001111|272345678|Nguyễn Văn An|15031995|Nam|45 Lê Lợi, phường Trấn Biên, tỉnh Đồng Nai|20042021';

function message(r: { ok: boolean; message?: string }): string {
  assert.equal(r.ok, false, 'expected a refusal');
  return r.message ?? '';
}

describe('checkCccdNumber: structure', () => {
  it('accepts a number of a listed province and reads its parts', () => {
    const r = checkCccdNumber('075095001111');
    assert.ok(r.ok);
    assert.deepEqual(r.parts, { provinceCode: '075', provinceName: 'Đồng Nai', sex: 'male', birthYear: 1995 });
  });

  it('refuses anything but exactly 12 digits', () => {
    for (const bad of ['', '07509500111', '0750950011112', '07509500111a', '075 095 001111']) {
      assert.match(message(checkCccdNumber(bad)), /đúng 12 chữ số/, bad);
    }
  });

  it('the province code: 001 and 096 are the ends of the range, 000 and 097 are outside it', () => {
    assert.ok(checkCccdNumber('001095001111').ok, 'Hà Nội');
    assert.ok(checkCccdNumber('096095001111').ok, 'Cà Mau');
    assert.match(message(checkCccdNumber('000095001111')), /\(000\) phải là mã tỉnh.*từ 001 đến 096/);
    assert.match(message(checkCccdNumber('097095001111')), /\(097\) phải là mã tỉnh.*từ 001 đến 096/);
    assert.match(message(checkCccdNumber('999095001111')), /từ 001 đến 096/);
  });

  it('the province code: gaps inside the range (never assigned) are refused', () => {
    assert.equal(PROVINCE_CODES.size, 63);
    for (const gap of ['003', '005', '028', '047', '076', '078', '090']) {
      assert.match(message(checkCccdNumber(`${gap}095001111`)), new RegExp(`\\(${gap}\\) không phải mã tỉnh`), gap);
    }
    for (const code of ['002', '011', '046', '079', '095']) assert.ok(checkCccdNumber(`${code}095001111`).ok, code);
  });

  it('the century and sex digit, every value 0–9', () => {
    const expected: Array<[string, 'male' | 'female', number]> = [
      ['0', 'male', 1995], ['1', 'female', 1995], ['2', 'male', 2095], ['3', 'female', 2095],
      ['4', 'male', 2195], ['5', 'female', 2195], ['6', 'male', 2295], ['7', 'female', 2295],
      ['8', 'male', 2395], ['9', 'female', 2395],
    ];
    for (const [digit, sex, year] of expected) {
      const r = checkCccdNumber(`079${digit}95001111`);
      assert.ok(r.ok, digit);
      assert.equal(r.parts.sex, sex, digit);
      assert.equal(r.parts.birthYear, year, digit);
    }
  });
});

describe('checkCccdNumber: against the date of birth and the sex', () => {
  it('agrees at the ends of a century', () => {
    assert.ok(checkCccdNumber('079000001111', { birthDate: '1900-01-01', sex: 'male' }).ok);
    assert.ok(checkCccdNumber('079199001111', { birthDate: '1999-12-31', sex: 'female' }).ok);
    assert.ok(checkCccdNumber('079200001111', { birthDate: '2000-01-01', sex: 'male' }).ok);
    assert.ok(checkCccdNumber('079399001111', { birthDate: '2099-12-31', sex: 'female' }).ok);
    assert.ok(checkCccdNumber('079400001111', { birthDate: '2100-01-01', sex: 'male' }).ok);
  });

  it('a 1900s digit for someone born in 2000 (and the reverse) is refused, naming the years', () => {
    assert.match(message(checkCccdNumber('079099001111', { birthDate: '2000-01-01' })), /chữ số thứ tư.*\(0\).*1900–1999.*01\/01\/2000/i);
    assert.match(message(checkCccdNumber('079200001111', { birthDate: '1999-12-31' })), /\(2\).*2000–2099.*31\/12\/1999/);
  });

  it('the two year digits must be the birth year', () => {
    assert.match(message(checkCccdNumber('079096001111', { birthDate: '1995-03-15' })), /thứ năm và thứ sáu.*\(96\).*\(95/);
    assert.ok(checkCccdNumber('079095001111', { birthDate: '1995-03-15' }).ok);
  });

  it('an even digit is a man, an odd digit a woman', () => {
    assert.match(message(checkCccdNumber('079095001111', { sex: 'female' })), /giới tính Nam, không khớp với giới tính Nữ/);
    assert.match(message(checkCccdNumber('079195001111', { sex: 'male' })), /giới tính Nữ, không khớp với giới tính Nam/);
    assert.ok(checkCccdNumber('079195001111', { sex: 'female' }).ok);
  });
});

describe('parseCccdQr', () => {
  it('reads every field of a card', () => {
    const r = parseCccdQr(QR);
    assert.ok(r.ok);
    assert.deepEqual(r.card, {
      idNumber: '075095001111',
      oldIdNumber: '272345678',
      fullName: 'Nguyễn Văn An',
      birthDate: '1995-03-15',
      sex: 'male',
      address: '45 Lê Lợi, phường Trấn Biên, tỉnh Đồng Nai',
      issueDate: '2021-04-20',
    });
  });

  it('tolerates an empty old ID, surrounding whitespace, trailing fields, NFD text and an accent-less sex', () => {
    const text = `  \t075301002222||${'Trần Thị Bích Ngọc'.normalize('NFD')}|01012001|NU|Tổ 3,  ấp 2, xã Phú Hữu|01022022|extra|more  \r\n`;
    const r = parseCccdQr(text);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.card.oldIdNumber, null);
    assert.equal(r.card.fullName, 'Trần Thị Bích Ngọc'.normalize('NFC'));
    assert.equal(r.card.fullName.length, 'Trần Thị Bích Ngọc'.normalize('NFC').length);
    assert.equal(r.card.sex, 'female');
    assert.equal(r.card.birthDate, '2001-01-01');
    assert.equal(r.card.address, 'Tổ 3, ấp 2, xã Phú Hữu');
  });

  it('accepts a card without an issue date field', () => {
    const r = parseCccdQr('075095001111||Nguyễn Văn An|15031995|Nam|45 Lê Lợi');
    assert.ok(r.ok);
    assert.equal(r.card.issueDate, null);
  });

  it('refuses text that is not a card, with a message per fault', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /Chưa đọc được mã QR/],
      ['   ', /Chưa đọc được mã QR/],
      ['https://example.com/abc', /không phải mã QR trên thẻ CCCD/],
      ['075095001111|x|y|z', /không phải mã QR trên thẻ CCCD/],
      ['07509500111||Nguyễn Văn An|15031995|Nam|45 Lê Lợi|20042021', /số định danh 12 chữ số/],
      ['075095001111|||15031995|Nam|45 Lê Lợi|20042021', /không có họ và tên/],
      ['075095001111||Nguyễn Văn An|31021995|Nam|45 Lê Lợi|20042021', /Ngày sinh trong mã QR không hợp lệ.*31021995/],
      ['075095001111||Nguyễn Văn An|1995-03-15|Nam|45 Lê Lợi|20042021', /Ngày sinh trong mã QR không hợp lệ/],
      ['075095001111||Nguyễn Văn An|15031995|Khác|45 Lê Lợi|20042021', /Giới tính trong mã QR không hợp lệ.*Khác/],
      ['075095001111||Nguyễn Văn An|15031995|Nam||20042021', /không có nơi thường trú/],
      ['075095001111||Nguyễn Văn An|15031995|Nam|45 Lê Lợi|32132021', /Ngày cấp trong mã QR không hợp lệ/],
      // The number disagrees with the card's own date of birth or sex.
      ['075095001111||Nguyễn Văn An|15031996|Nam|45 Lê Lợi|20042021', /Mã QR không hợp lệ: .*thứ năm và thứ sáu/],
      ['075095001111||Nguyễn Thị An|15031995|Nữ|45 Lê Lợi|20042021', /Mã QR không hợp lệ: .*giới tính Nam/],
      ['075295001111||Nguyễn Văn An|15031995|Nam|45 Lê Lợi|20042021', /Mã QR không hợp lệ: .*2000–2099/],
      ['003095001111||Nguyễn Văn An|15031995|Nam|45 Lê Lợi|20042021', /Mã QR không hợp lệ: .*\(003\)/],
    ];
    for (const [text, re] of cases) assert.match(message(parseCccdQr(text)), re, text);
  });

  it('dates and sex, at their edges', () => {
    assert.equal(parseQrDate('29022000'), '2000-02-29');
    assert.equal(parseQrDate('29021900'), null);
    assert.equal(parseQrDate('01011899'), null);
    assert.equal(parseQrDate('31122100'), '2100-12-31');
    assert.equal(parseQrDate('1012001'), null);
    assert.equal(parseSex('Nữ'), 'female');
    assert.equal(parseSex('Nữ'.normalize('NFD')), 'female');
    assert.equal(parseSex(' nam '), 'male');
    assert.equal(parseSex('N'), null);
  });
});

describe('a scanner not typing Unicode ("?" for each letter with a diacritic)', () => {
  // "Lê Văn Hùng", "Nữ", "12 Hai Bà Trưng, phường Tam Hiệp" through a scanner in a code page without Vietnamese letters.
  const BROKEN = '075195001111||L? V?n H?ng|15031995|N?|12 Hai B? Tr?ng, ph??ng Tam Hi?p|20042021';

  it('is refused at the scan with what to do on the scanner, not filled into the form', () => {
    const r = parseCccdQr(BROKEN);
    assert.ok(!r.ok);
    assert.match(r.message, /“L\? V\?n H\?ng”/, 'the clerk sees what came in');
    assert.match(r.message, /chế độ gõ Unicode/);
    assert.match(r.message, /Unicode \(UTF-8\)/);
    assert.match(r.message, /mã vạch cấu hình/);
    assert.match(r.message, /Alt \+ Unicode/);
    assert.equal(r.message, scannerUnicodeMessage('L? V?n H?ng'));
  });

  it('is caught in the address or the sex alone too; an intact card is not', () => {
    const onlyAddress = parseCccdQr('075095001111|272345678|Nguyen Van An|15031995|Nam|45 L? L?i, ph??ng Tr?n Bi?n|20042021');
    assert.ok(!onlyAddress.ok);
    assert.equal(onlyAddress.message, scannerUnicodeMessage('45 L? L?i, ph??ng Tr?n Bi?n'));
    const onlySex = parseCccdQr('075195001111||Nguyen Thi Binh|15031995|N?|12 Hai Ba Trung|20042021');
    assert.ok(!onlySex.ok);
    assert.match(onlySex.message, /Unicode/);
    assert.equal(scannerLostDiacritics('Lê Văn Hùng'), false);
    assert.ok(parseCccdQr(QR).ok);
  });

  it('the intake form shows the message on the scan field and fills nothing', async () => {
    const { blankForm, parseIntakeForm } = await import('../../src/features/intake/intake.schema.js');
    const checklist = [{ position: 1, name: 'Tờ khai', originals: 1, certifiedCopies: 0, copies: 0, required: true }];
    const r = parseIntakeForm({ ...blankForm(checklist), cccd_scan: BROKEN }, checklist);
    assert.ok(!r.ok);
    assert.deepEqual(Object.keys(r.errors), ['cccd_scan']);
    assert.match(r.errors.cccd_scan!, /Unicode/);
    assert.equal(r.values.applicant_name ?? '', '', 'the broken name is not filled in');
  });
});

describe('findCccdQr: a scan typed into another field', () => {
  it('finds where the QR text starts after what was typed before', () => {
    assert.equal(findCccdQr(QR), 0);
    assert.equal(findCccdQr(`Nguyễn${QR}`), 'Nguyễn'.length);
    assert.equal(findCccdQr('Nguyễn Văn An'), -1);
    assert.equal(findCccdQr('075095001111|a|b'), -1, 'too few fields');
  });
});

describe('the intake form with a scan (intake.schema)', async () => {
  const { blankForm, parseIntakeForm, SCAN_FILLED } = await import('../../src/features/intake/intake.schema.js');
  const checklist = [
    { position: 1, name: 'Tờ khai', originals: 1, certifiedCopies: 0, copies: 0, required: true },
    { position: 2, name: 'Giấy tờ chứng minh chỗ ở', originals: 0, certifiedCopies: 0, copies: 1, required: true },
    { position: 3, name: 'Văn bản ủy quyền', originals: 1, certifiedCopies: 0, copies: 0, required: false },
  ];
  const base = () => ({ ...blankForm(checklist), applicant_phone: '', applicant_email: '', representative_name: '', note: '' });

  it('a fresh form has the required documents ticked with their usual counts', () => {
    const v = blankForm(checklist);
    assert.equal(v.doc_1_received, 'on');
    assert.equal(v.doc_2_received, 'on');
    assert.equal(v.doc_3_received, undefined);
    assert.equal(v.doc_1_originals, '1');
    assert.equal(v.doc_2_copies, '1');
  });

  it('a posted scan fills the empty fields and comes back for checking, scan field cleared', () => {
    const r = parseIntakeForm({ ...base(), cccd_scan: QR }, checklist);
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.deepEqual(r.errors, {});
    assert.equal(r.values[SCAN_FILLED], '1');
    assert.equal(r.values.cccd_scan, '');
    assert.equal(r.values.applicant_id_number, '075095001111');
    assert.equal(r.values.applicant_name, 'Nguyễn Văn An');
    assert.equal(r.values.applicant_birth_date, '15/03/1995');
    assert.equal(r.values.applicant_sex, 'male');
    assert.equal(r.values.applicant_address, '45 Lê Lợi, phường Trấn Biên, tỉnh Đồng Nai');
    assert.equal(r.values.doc_1_received, 'on', 'the ticks are kept');
  });

  it('what the clerk typed wins over the card', () => {
    const r = parseIntakeForm({ ...base(), applicant_address: 'Tổ 5, khu phố 2', cccd_scan: QR }, checklist);
    assert.ok(!r.ok);
    assert.equal(r.values.applicant_address, 'Tổ 5, khu phố 2');
    assert.equal(r.values.applicant_name, 'Nguyễn Văn An');
  });

  it('a scan typed into another field is cut out of it and read', () => {
    const r = parseIntakeForm({ ...base(), applicant_name: QR }, checklist);
    assert.ok(!r.ok);
    assert.equal(r.values.applicant_name, 'Nguyễn Văn An');
    assert.equal(r.values.applicant_id_number, '075095001111');
    const note = parseIntakeForm({ ...base(), note: `cần gấp ${QR}` }, checklist);
    assert.ok(!note.ok);
    assert.equal(note.values.note, 'cần gấp');
    assert.equal(note.values.applicant_name, 'Nguyễn Văn An');
  });

  it('a bad scan is refused on the scan field, the rest kept', () => {
    const r = parseIntakeForm({ ...base(), applicant_phone: '0909123456', cccd_scan: '075095001111||Nguyễn Văn An|15031996|Nam|45 Lê Lợi|20042021' }, checklist);
    assert.ok(!r.ok);
    assert.match(r.errors.cccd_scan ?? '', /Mã QR không hợp lệ/);
    assert.equal(r.values.applicant_phone, '0909123456');
    assert.equal(r.values.applicant_name, '');
    assert.match(parseIntakeForm({ ...base(), cccd_scan: 'abc\u0000' }, checklist).ok ? '' : 'refused', /refused/);
  });

  it('after the scan, the form with a phone goes through; the scan already applied changes nothing', () => {
    const first = parseIntakeForm({ ...base(), cccd_scan: QR }, checklist);
    assert.ok(!first.ok);
    const second = parseIntakeForm({ ...first.values, applicant_phone: '0909 123 456', cccd_scan: QR }, checklist);
    assert.ok(second.ok, JSON.stringify(second.ok ? {} : second.errors));
    assert.equal(second.value.idNumber, '075095001111');
    assert.equal(second.value.birthDate, '1995-03-15');
    assert.equal(second.value.sex, 'male');
    assert.deepEqual(second.value.documents.map((d) => d.position), [1, 2]);
    assert.equal(second.values[SCAN_FILLED], undefined);
  });

  it('the ID number is checked by the CCCD rules, and against a typed date of birth and sex', () => {
    const typed = { ...base(), applicant_name: 'Nguyễn Văn An', applicant_phone: '0909123456', applicant_address: '45 Lê Lợi' };
    const bad = (over: Record<string, string>) => {
      const r = parseIntakeForm({ ...typed, ...over }, checklist);
      assert.ok(!r.ok);
      return r.errors.applicant_id_number ?? '';
    };
    assert.match(bad({ applicant_id_number: '097095001111' }), /từ 001 đến 096/);
    assert.match(bad({ applicant_id_number: '075095001111', applicant_birth_date: '15/03/2005' }), /1900–1999/);
    assert.match(bad({ applicant_id_number: '075095001111', applicant_sex: 'female' }), /giới tính Nam/);
    assert.ok(parseIntakeForm({ ...typed, applicant_id_number: '075 095 001 111', applicant_birth_date: '1995-03-15', applicant_sex: 'male' }, checklist).ok);
    assert.ok(parseIntakeForm({ ...typed, applicant_id_number: '075095001111' }, checklist).ok, 'date of birth and sex stay optional');
    const sex = parseIntakeForm({ ...typed, applicant_id_number: '075095001111', applicant_sex: 'x' }, checklist);
    assert.ok(!sex.ok);
    assert.match(sex.errors.applicant_sex ?? '', /Chọn giới tính/);
  });
});
