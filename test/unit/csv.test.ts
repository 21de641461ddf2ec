import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CsvError, detectDelimiter, isBlankRecord, parseCsv } from '../../src/features/admin/procedures/csv.js';
import { parseProcedureCsv } from '../../src/features/admin/procedures/procedure-import.js';

const fields = (text: string, delimiter?: string) => parseCsv(text, { delimiter }).map((r) => r.fields);

describe('CSV reader (RFC 4180)', () => {
  test('plain records, with and without a final line break', () => {
    assert.deepEqual(fields('a,b,c\n1,2,3'), [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    assert.deepEqual(fields('a,b,c\n1,2,3\n'), [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    assert.deepEqual(fields(''), []);
  });

  test('CRLF, LF and lone CR all end a record', () => {
    assert.deepEqual(fields('a,b\r\n1,2\r\n'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
    assert.deepEqual(fields('a,b\r1,2\n3,4'), [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  test('a UTF-8 byte-order mark is dropped', () => {
    const records = parseCsv('\uFEFFmã,tên\r\n1.001612,Đăng ký\r\n');
    assert.deepEqual(records[0]!.fields, ['mã', 'tên']);
    assert.equal(records[1]!.fields[1], 'Đăng ký');
  });

  test('quoted fields hold commas, doubled quotes and line breaks', () => {
    const text = 'code,documents\r\n1,"Tờ khai, mẫu 01;Giấy ""A"""\r\n2,"dòng một\r\ndòng hai\ndòng ba"\r\n3,""\r\n';
    const records = parseCsv(text);
    assert.deepEqual(
      records.map((r) => r.fields),
      [
        ['code', 'documents'],
        ['1', 'Tờ khai, mẫu 01;Giấy "A"'],
        ['2', 'dòng một\r\ndòng hai\ndòng ba'],
        ['3', ''],
      ],
    );
    // Records know the file line they start on, even after a multi-line field.
    assert.deepEqual(
      records.map((r) => r.line),
      [1, 2, 3, 6],
    );
  });

  test('empty fields and trailing delimiters', () => {
    assert.deepEqual(fields(',a,,\n'), [['', 'a', '', '']]);
    assert.deepEqual(fields('a\n\nb\n'), [['a'], [''], ['b']]);
    assert.ok(isBlankRecord({ line: 2, fields: ['', '  '] }));
    assert.ok(!isBlankRecord({ line: 2, fields: ['', 'x'] }));
  });

  test('a quote inside an unquoted field is an ordinary character', () => {
    assert.deepEqual(fields('Giấy "A",b'), [['Giấy "A"', 'b']]);
  });

  test('malformed quoting is reported with its line', () => {
    assert.throws(
      () => parseCsv('a,b\n1,"không đóng\n2,3\n'),
      (err: unknown) => err instanceof CsvError && err.line === 2 && /ngoặc kép đóng/.test(err.message),
    );
    assert.throws(
      () => parseCsv('a,b\n"x"y,2\n'),
      (err: unknown) => err instanceof CsvError && err.line === 2,
    );
  });

  test('semicolon-separated files (Vietnamese regional settings) are detected', () => {
    assert.equal(detectDelimiter('code;name;documents\n1;"a,b";c'), ';');
    assert.equal(detectDelimiter('code,name\n1;2'), ',');
    assert.equal(detectDelimiter('\uFEFF"co;de",name'), ',');
    assert.deepEqual(fields('a;"b;c";d\n', ';'), [['a', 'b;c', 'd']]);
  });

  test('round trip: any table written per RFC 4180 reads back the same', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'ă', 'Đ', ',', '"', '\n', '\r\n', ' ', ';', '1'), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (table) => {
        const width = table[0]!.length;
        const rows = table.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
        assert.deepEqual(fields(text), rows);
      }),
      { numRuns: 300 },
    );
  });
});

describe('procedure CSV validation', () => {
  const agencies = new Set(['000.31.01.H26', '000.00.12.H26']);
  const header = 'code,name,field,processing_unit,processing_amount,fee_vnd,fee_note,result,apology_extension_days,lead_agency_eid,receiving_agency_eids,documents';

  test('a valid file with Vietnamese headers and values', () => {
    const text = [
      'Mã thủ tục;Tên thủ tục;Lĩnh vực;Đơn vị thời gian;Thời gian giải quyết;Lệ phí (đồng);Ghi chú lệ phí;Kết quả giải quyết;Số ngày gia hạn;Cơ quan chủ trì;Cơ quan tiếp nhận;Thành phần hồ sơ',
      '9.000001;Thủ tục thử;Thử nghiệm;ngày làm việc;4;1.000.000;;Giấy phép;;000.00.12.h26;000.31.01.H26;"Tờ khai; Giấy tờ khác (nếu có)"',
    ].join('\r\n');
    const r = parseProcedureCsv(text, agencies);
    assert.ok(r.ok, JSON.stringify(r));
    const row = r.rows[0]!;
    assert.equal(row.processingUnit, 'working_days');
    assert.equal(row.processingAmount, 4);
    assert.equal(row.feeVnd, 1_000_000);
    assert.equal(row.apologyExtensionDays, 5);
    assert.equal(row.leadAgencyEid, '000.00.12.H26');
    assert.deepEqual(row.documents, [
      { name: 'Tờ khai', required: true },
      { name: 'Giấy tờ khác (nếu có)', required: false },
    ]);
  });

  test('every bad row is reported by its file line', () => {
    const text = [
      header,
      '9.000001,Thủ tục một,Thử,same_day,,0,,Kết quả,5,,000.31.01.H26,Tờ khai',
      '9.000002,"Tên có\nxuống dòng",Thử,working_days,0,abc,,Kết quả,99,XX.YY,000.31.01.H26;NOPE,Tờ khai',
      '9.000001,Trùng mã,Thử,same_day,,,,Kết quả,,,,',
      '9.000003,Thiếu cột',
    ].join('\n');
    const r = parseProcedureCsv(text, agencies);
    assert.ok(!r.ok);
    const lines = r.problems.map((p) => p.line);
    assert.ok(!lines.includes(2));
    assert.ok(lines.includes(3));
    assert.ok(lines.includes(5), 'the record after the two-line field starts on line 5');
    assert.ok(lines.includes(6));
    const messages = r.problems.map((p) => `Dòng ${p.line}: ${p.message}`).join('\n');
    assert.match(messages, /Dòng 3: Thời gian giải quyết phải là số nguyên từ 1 đến 365/);
    assert.match(messages, /Dòng 3: Lệ phí phải là số tiền nguyên/);
    assert.match(messages, /Dòng 3: Số ngày gia hạn/);
    assert.match(messages, /Dòng 3: Không có cơ quan chủ trì mang mã định danh XX.YY/);
    assert.match(messages, /Dòng 3: Không có cơ quan tiếp nhận mang mã định danh NOPE/);
    assert.match(messages, /Dòng 5: Mã thủ tục 9.000001 đã có ở dòng 2/);
    assert.match(messages, /Dòng 6: Có 2 cột/);
  });

  test('header problems: unknown, duplicated and missing columns', () => {
    const r = parseProcedureCsv('code,name,ten_thu_tuc,colour\n1,a,b,c\n', agencies);
    assert.ok(!r.ok);
    const text = r.problems.map((p) => p.message).join('\n');
    assert.match(text, /Cột "colour"/);
    assert.match(text, /bị lặp/);
    assert.match(text, /Thiếu cột: field \(Lĩnh vực\)/);
    assert.ok(r.problems.every((p) => p.line === 1));
  });

  test('empty input and header-only input are refused with a message', () => {
    const empty = parseProcedureCsv('  \n', agencies);
    assert.ok(!empty.ok && /Chưa có dữ liệu/.test(empty.problems[0]!.message));
    const headerOnly = parseProcedureCsv(`${header}\r\n`, agencies);
    assert.ok(!headerOnly.ok && /chỉ có dòng tiêu đề/.test(headerOnly.problems[0]!.message));
  });
});
