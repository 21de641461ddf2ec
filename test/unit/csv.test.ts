import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CsvError, detectDelimiter, isBlankRecord, parseCsv } from '../../src/features/admin/procedures/csv.js';
import { parseProcedureCsv, parseStepsCell, parseSupplementClock } from '../../src/features/admin/procedures/procedure-import.js';
import { describeWorkingTime, parseStepBudget, stepsBudgetProblem } from '../../src/features/catalogue/process-steps.js';

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

  test('issue 13: Vietnamese headers of the optional columns, and their values', () => {
    const text = [
      'Mã thủ tục;Tên thủ tục;Lĩnh vực;Đơn vị thời gian;Thời gian giải quyết;Lệ phí (đồng);Ghi chú lệ phí;Kết quả giải quyết;Số ngày gia hạn;Cơ quan chủ trì;Cơ quan tiếp nhận;Thành phần hồ sơ;Thời hạn sau khi bổ sung hồ sơ;Áp dụng Nghị định 63/2024;Quy trình nội bộ',
      '9.000001;Thủ tục thử;Thử nghiệm;ngày làm việc;3;;;Giấy phép;;;000.31.01.H26;Tờ khai;Tính tiếp thời gian còn lại;có;"Tiếp nhận|000.31.01.h26|4 giờ; Thẩm định|2d ;Ký| |4h"',
      '9.000002;Thủ tục hai;Thử nghiệm;trong ngày;;;;Giấy phép;;;000.31.01.H26;Tờ khai;;;',
    ].join('\n');
    const r = parseProcedureCsv(text, agencies);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.rows[0]!.supplementClock, 'resume');
    assert.equal(r.rows[0]!.nextDayAfterCutoff, true);
    assert.deepEqual(r.rows[0]!.steps, [
      { name: 'Tiếp nhận', agencyEid: '000.31.01.H26', amount: 4, unit: 'working_hours' },
      { name: 'Thẩm định', agencyEid: null, amount: 2, unit: 'working_days' },
      { name: 'Ký', agencyEid: null, amount: 4, unit: 'working_hours' },
    ]);
    // Present but blank: the defaults; the steps cell is blank, so a stored process is kept (issue 20 #5: "(xóa)" clears it).
    assert.deepEqual([r.rows[1]!.supplementClock, r.rows[1]!.nextDayAfterCutoff, r.rows[1]!.steps], ['restart', false, undefined]);
    // Absent columns: undefined, so the stored values are kept.
    const plain = parseProcedureCsv(`${header}\n9.1,Thủ tục,Thử,same_day,,,,Kết quả,,,,`, agencies);
    assert.ok(plain.ok);
    assert.deepEqual([plain.rows[0]!.supplementClock, plain.rows[0]!.nextDayAfterCutoff, plain.rows[0]!.steps], [undefined, undefined, undefined]);
  });

  test('issue 13: step budgets, the process cell and the sum against the statutory time', () => {
    assert.deepEqual(parseStepBudget('8h'), { amount: 8, unit: 'working_hours' });
    assert.deepEqual(parseStepBudget(' 8  giờ làm việc '), { amount: 8, unit: 'working_hours' });
    assert.deepEqual(parseStepBudget('8 gio'), { amount: 8, unit: 'working_hours' });
    assert.deepEqual(parseStepBudget('2 NGÀY'), { amount: 2, unit: 'working_days' });
    assert.deepEqual(parseStepBudget('2d'), { amount: 2, unit: 'working_days' });
    for (const bad of ['', '0h', '2', '2 tuần', '1,5 ngày', '-1d', '366 ngày', '2921h', 'h8']) assert.equal(parseStepBudget(bad), undefined, bad);
    assert.deepEqual(parseStepBudget('365 ngày làm việc'), { amount: 365, unit: 'working_days' });

    assert.equal(parseSupplementClock('Tính lại từ đầu'), 'restart');
    assert.equal(parseSupplementClock('resume'), 'resume');
    assert.equal(parseSupplementClock('tạm dừng'), undefined);

    const cell = parseStepsCell('A|000.31.01.H26|4h;;B||x;|1h;C|NOPE|1d;D', agencies);
    assert.deepEqual(cell.steps, [{ name: 'A', agencyEid: '000.31.01.H26', amount: 4, unit: 'working_hours' }]);
    assert.deepEqual(cell.problems, [
      'Cột quy_trinh, bước 2 (B): thời gian "x" không hợp lệ (số giờ làm việc như 4h, 4 giờ, hoặc số ngày làm việc như 2d, 2 ngày)',
      'Cột quy_trinh, bước 3: thiếu tên bước',
      'Cột quy_trinh, bước 4 (C): không có cơ quan, phòng mang mã định danh NOPE',
      'Cột quy_trinh, bước 5 ("D"): viết "Tên bước|mã cơ quan|thời gian", ví dụ "Thẩm định|000.31.01.H26|2 ngày"',
    ]);
    assert.match(parseStepsCell(Array.from({ length: 31 }, (_, i) => `B${i}|1h`).join(';'), agencies).problems[0]!, /tối đa 30 bước, ô có 31 bước/);

    const day = 8 * 3_600_000;
    const steps = [
      { amount: 4, unit: 'working_hours' as const },
      { amount: 2, unit: 'working_days' as const },
    ];
    assert.equal(stepsBudgetProblem(steps, { unit: 'working_days', amount: 3 }, day), null);
    assert.equal(stepsBudgetProblem(steps, { unit: 'working_days', amount: 2 }, day), 'Tổng thời gian các bước (2 ngày 4 giờ làm việc) vượt thời gian giải quyết của thủ tục (2 ngày làm việc); giảm thời gian các bước hoặc sửa thời gian giải quyết');
    assert.match(stepsBudgetProblem(steps, { unit: 'working_hours', amount: 16 }, day)!, /\(2 ngày 4 giờ làm việc\) vượt .* \(2 ngày làm việc\)/);
    assert.equal(stepsBudgetProblem(steps, { unit: 'working_hours', amount: 20 }, day), null);
    // Same day: one working day at most; calendar days: no more working days than days.
    assert.notEqual(stepsBudgetProblem([{ amount: 9, unit: 'working_hours' }], { unit: 'same_day', amount: 0 }, day), null);
    assert.equal(stepsBudgetProblem([{ amount: 8, unit: 'working_hours' }], { unit: 'same_day', amount: 0 }, day), null);
    assert.equal(stepsBudgetProblem([{ amount: 10, unit: 'working_days' }], { unit: 'calendar_days', amount: 10 }, day), null);
    assert.equal(stepsBudgetProblem([], { unit: 'same_day', amount: 0 }, day), null);
    // A shorter office day (OFFICE_HOURS) makes a working day shorter.
    assert.equal(describeWorkingTime(12 * 3_600_000, 6 * 3_600_000), '2 ngày làm việc');
    assert.equal(describeWorkingTime(3 * 3_600_000, day), '3 giờ làm việc');

    const over = parseProcedureCsv([`${header},steps`, '9.5,Thủ tục,Thử,working_hours,4,,,Kết quả,,,,,"A||2h;B||3h"'].join('\n'), agencies);
    assert.ok(!over.ok);
    assert.match(over.problems[0]!.message, /^Cột quy_trinh: Tổng thời gian các bước \(5 giờ làm việc\) vượt thời gian giải quyết của thủ tục \(4 giờ làm việc\)/);
  });
});
