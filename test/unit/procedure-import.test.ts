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
  portalProcedureCode: null,
  portalFieldCode: 'G09-TP03',
  portalFieldName: null,
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

  test('the national portal columns are optional: an old file keeps the mapping, a blank cell keeps it, a value sets it, (xóa) clears it', () => {
    const base = '1.004194,Đăng ký tạm trú,Cư trú,working_days,3,,,Thông tin tạm trú được cập nhật,5,,,,';
    // A file without the columns (the header of every test above): nothing of the mapping changes.
    const old = rowOf(base);
    assert.deepEqual([old.portalProcedureCode, old.portalFieldCode, old.portalFieldName], [undefined, undefined, undefined]);
    assert.deepEqual(importChanges(STORED, old, name), []);

    const withPortal = (cells: string) => {
      const parsed = parseProcedureCsv(`${HEADER},ma_tthc_dvcqg,ma_linh_vuc,ten_linh_vuc\n${base},${cells}`, KNOWN);
      assert.ok(parsed.ok, JSON.stringify(parsed));
      return parsed.rows[0]!;
    };
    const blank = withPortal(',,');
    assert.deepEqual([blank.portalProcedureCode, blank.portalFieldCode, blank.portalFieldName], [undefined, undefined, undefined]);
    assert.deepEqual(importChanges(STORED, blank, name), []);

    const set = withPortal(' 1.004194.000.00.00.H26 ,G09-TP04,Cư trú (Công an)');
    assert.deepEqual([set.portalProcedureCode, set.portalFieldCode, set.portalFieldName], ['1.004194.000.00.00.H26', 'G09-TP04', 'Cư trú (Công an)']);
    assert.deepEqual(
      importChanges(STORED, set, name).map((c) => [c.label, c.from, c.to, c.removed]),
      [
        ['Mã TTHC trên Cổng DVCQG', '(trống)', '1.004194.000.00.00.H26', []],
        ['Mã lĩnh vực trên Cổng DVCQG', 'G09-TP03', 'G09-TP04', ['G09-TP03']],
        ['Tên lĩnh vực trên Cổng DVCQG', '(trống)', 'Cư trú (Công an)', []],
      ],
    );

    // Clearing the field code holds the procedure's dossiers again: a deletion the preview names.
    const cleared = withPortal(',(xóa),');
    assert.equal(cleared.portalFieldCode, null);
    assert.deepEqual(importChanges(STORED, cleared, name).map((c) => [c.label, c.removed]), [['Mã lĩnh vực trên Cổng DVCQG', ['G09-TP03']]]);

    const bad = parseProcedureCsv(`${HEADER},ma_linh_vuc\n${base},Lĩnh vực có dấu`, KNOWN);
    assert.ok(!bad.ok);
    assert.match(bad.problems[0]!.message, /Mã lĩnh vực trên Cổng DVCQG chỉ gồm chữ số/);
    assert.equal(bad.problems[0]!.line, 2);
  });
});
