/**
 * Issue 20 #5: the CSV import never deletes by omission. A blank cell of an optional column
 * keeps what is stored, "(xóa)" clears it; the plan names every field a row changes (old →
 * new) and what it deletes; a file that was not UTF-8 is named as such.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { importChanges, isClearMarker, parseProcedureCsv, type StoredForImport } from '../../src/features/admin/procedures/procedure-import.js';
import { NOT_UTF8_MESSAGE, parseImportForm } from '../../src/features/admin/procedures/procedures.schema.js';

const WARD = '000.31.01.H26';
const OTHER = '000.31.02.H26';
const KNOWN = new Set([WARD, OTHER]);
const HEADER = 'code,name,field,processing_unit,processing_amount,fee_vnd,fee_note,result,apology_extension_days,lead_agency_eid,receiving_agency_eids,documents,steps';

function rowOf(line: string) {
  const parsed = parseProcedureCsv(`${HEADER}\n${line}`, KNOWN);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.rows[0]!;
}

const STORED: StoredForImport = {
  name: 'Đăng ký tạm trú',
  field: 'Cư trú',
  processingUnit: 'working_days',
  processingAmount: 3,
  processingNote: '',
  feeVnd: 15000,
  feeNote: 'Theo Nghị quyết HĐND tỉnh',
  result: 'Thông tin tạm trú được cập nhật',
  apologyExtensionDays: 5,
  leadAgencyEid: OTHER,
  receivingAgencyEids: [WARD],
  documents: ['Tờ khai thay đổi thông tin cư trú', 'Giấy tờ chứng minh chỗ ở hợp pháp'],
  resultAtCounter: false,
  supplementClock: 'restart',
  nextDayAfterCutoff: false,
  steps: [{ name: 'Thẩm định', agencyEid: null, amount: 2, unit: 'working_days' }],
};
const name = (eid: string) => (eid === WARD ? 'Phường Trấn Biên' : 'Phường Tam Hiệp');

describe('the CSV import plan', () => {
  test('blank optional cells keep what is stored: the issue’s row with an empty thanh_phan_ho_so changes nothing', () => {
    const row = rowOf(`1.004194,Đăng ký tạm trú,Cư trú,working_days,3,,,Thông tin tạm trú được cập nhật,5,,,,`);
    assert.equal(row.documents, undefined);
    assert.equal(row.receivingAgencyEids, undefined);
    assert.equal(row.leadAgencyEid, undefined);
    assert.equal(row.feeVnd, undefined);
    assert.equal(row.feeNote, undefined);
    assert.equal(row.steps, undefined);
    assert.deepEqual(importChanges(STORED, row, name), []);
  });

  test('"(xóa)" clears, and the plan names what goes', () => {
    for (const m of ['(xóa)', 'xóa', '(XOA)', ' xoa ']) assert.ok(isClearMarker(m), m);
    assert.ok(!isClearMarker('Xóa đăng ký thường trú'));
    const row = rowOf(`1.004194,Đăng ký tạm trú,Cư trú,working_days,3,(xóa),(xóa),Thông tin tạm trú được cập nhật,5,(xóa),(xóa),(xóa),(xóa)`);
    assert.deepEqual(row.documents, []);
    assert.deepEqual(row.receivingAgencyEids, []);
    assert.equal(row.leadAgencyEid, null);
    assert.equal(row.feeVnd, null);
    assert.equal(row.feeNote, '');
    assert.deepEqual(row.steps, []);
    const changes = importChanges(STORED, row, name);
    assert.deepEqual(
      changes.map((c) => [c.label, c.removed]),
      [
        ['Lệ phí', ['15.000 đồng']],
        ['Ghi chú lệ phí', ['Theo Nghị quyết HĐND tỉnh']],
        ['Cơ quan, phòng chủ trì giải quyết', ['Phường Tam Hiệp']],
        ['Cơ quan tiếp nhận', ['Phường Trấn Biên']],
        ['Thành phần hồ sơ', ['Tờ khai thay đổi thông tin cư trú', 'Giấy tờ chứng minh chỗ ở hợp pháp']],
        ['Quy trình nội bộ', ['Thẩm định (cơ quan chủ trì, 2 ngày làm việc)']],
      ],
    );
  });

  test('every changed field old → new; a document dropped from the list is a deletion, one added is not', () => {
    const row = rowOf(`1.004194,Đăng ký tạm trú (sửa),Cư trú,working_days,2,20000,,Thông tin tạm trú được cập nhật,5,,${WARD};${OTHER},"Tờ khai thay đổi thông tin cư trú;Bản sao sổ hộ khẩu",`);
    const changes = importChanges(STORED, row, name);
    assert.deepEqual(
      changes.map((c) => [c.label, c.from, c.to, c.removed]),
      [
        ['Tên thủ tục', 'Đăng ký tạm trú', 'Đăng ký tạm trú (sửa)', []],
        ['Thời gian giải quyết', '3 ngày làm việc', '2 ngày làm việc', []],
        ['Lệ phí', '15.000 đồng', '20.000 đồng', []],
        ['Cơ quan tiếp nhận', 'Phường Trấn Biên', 'Phường Trấn Biên; Phường Tam Hiệp', []],
        [
          'Thành phần hồ sơ',
          'Tờ khai thay đổi thông tin cư trú; Giấy tờ chứng minh chỗ ở hợp pháp',
          'Tờ khai thay đổi thông tin cư trú; Bản sao sổ hộ khẩu',
          ['Giấy tờ chứng minh chỗ ở hợp pháp'],
        ],
      ],
    );
  });

  test('a file that was not UTF-8 is named as such, not as control characters', () => {
    // "Giấy tờ" as Excel saves it on a Vietnamese Windows (Windows-1258), read as UTF-8.
    const win1258 = Buffer.from([0x47, 0x69, 0xe2, 0xec, 0x79, 0x20, 0x74, 0xf5, 0xcc]);
    const asUtf8 = new TextDecoder('utf-8').decode(win1258);
    const asLatin1 = 'Gi\u00e2\u0092y t\u00f4';
    for (const text of [asUtf8, asLatin1]) {
      const form = parseImportForm({ csv: `${HEADER}\n1.1,${text},Lĩnh vực,same_day,,,,Kết quả,,,,Tờ khai,`, action: 'preview' });
      assert.ok(!form.ok);
      assert.deepEqual(form.problems, [{ line: 2, message: NOT_UTF8_MESSAGE }]);
      assert.match(NOT_UTF8_MESSAGE, /UTF-8/);
      assert.match(NOT_UTF8_MESSAGE, /Windows-1258/);
    }
    // The same bytes decoded as Windows-1258 (what the page's file picker now does) are plain Vietnamese.
    assert.equal(new TextDecoder('windows-1258').decode(win1258).normalize('NFC'), 'Giấy tờ');
    // A real control character is still called one.
    const control = parseImportForm({ csv: `${HEADER}\n1.1,Tên\u0007,x`, action: 'preview' });
    assert.ok(!control.ok);
    assert.match(control.problems[0]!.message, /ký tự điều khiển/);
  });
});
