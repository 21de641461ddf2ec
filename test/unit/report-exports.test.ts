// The exports must not depend on the server's time zone: run them somewhere else.
process.env.TZ = 'America/Los_Angeles';

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { vnInstant } from '../../src/domain/time.js';
import { parseCsv } from '../../src/features/admin/procedures/csv.js';
import { toCsv } from '../../src/features/reports/export/csv.js';
import { toPdf } from '../../src/features/reports/export/pdf.js';
import { sheetNameOf, toXlsx } from '../../src/features/reports/export/xlsx.js';
import { cellClass, formatCell, formatNumberVn, formatPercentVn, totalsWithLabel, type ReportTable } from '../../src/features/reports/table.js';
import { assertContains, textOf, writePdf } from '../helpers/pdf.js';

// Decomposed (NFD) on purpose: every export must come out in NFC.
const nfd = (s: string) => s.normalize('NFD');

const TRICKY = 'Cấp bản sao "trích lục", hộ tịch\ndòng hai';
const FORMULA = '=SUM(A1:A2)';

function sample(rows = 3): ReportTable {
  const base: ReportTable['rows'] = [
    {
      code: '000.31.01.H26-261123-0001',
      agency: nfd('Sở Tư pháp'),
      procedure: nfd('Đăng ký khai sinh có yếu tố nước ngoài'),
      phone: '0912345678',
      received: 1000,
      onTime: 998,
      rate: 0.998,
      // 00:30 in Vietnam is still the previous day in UTC (and in Los Angeles).
      receivedAt: vnInstant('2026-11-23', '00:30'),
      dueAt: vnInstant('2026-11-30', '16:30'),
    },
    {
      code: '000.31.01.H26-261123-0002',
      agency: 'Sở Kế hoạch và Đầu tư',
      procedure: TRICKY,
      phone: '+84 251 3822 222',
      received: 12345,
      onTime: 12000,
      rate: 0.97205,
      receivedAt: vnInstant('2026-12-01', '08:00'),
      dueAt: vnInstant('2026-12-05', '23:59'),
    },
    {
      code: '000.31.01.H26-261123-0003',
      agency: 'UBND phường Trấn Biên',
      procedure: FORMULA,
      phone: null,
      received: 0,
      onTime: 0,
      rate: null,
      receivedAt: vnInstant('2026-12-31', '23:00'),
      dueAt: null,
    },
  ];
  const extra = Array.from({ length: Math.max(0, rows - base.length) }, (_, i) => ({
    code: `000.31.01.H26-261201-${String(i + 4).padStart(4, '0')}`,
    agency: i % 2 ? 'Sở Tư pháp' : 'Sở Tài nguyên và Môi trường',
    procedure: 'Cấp phiếu lý lịch tư pháp cho công dân Việt Nam',
    phone: '0987654321',
    received: 100 + i,
    onTime: 99 + i,
    rate: (99 + i) / (100 + i),
    receivedAt: vnInstant('2026-12-02', '09:15'),
    dueAt: vnInstant('2026-12-09', '17:00'),
  }));
  return {
    title: 'Kết quả giải quyết hồ sơ',
    subtitle: 'Quý IV/2026 (01/10/2026 – 31/12/2026) · Sở Tư pháp',
    generatedAt: vnInstant('2027-01-02', '07:05'),
    columns: [
      { key: 'code', label: 'Mã hồ sơ', kind: 'text', width: 12 },
      { key: 'agency', label: 'Cơ quan', kind: 'text', width: 12 },
      { key: 'procedure', label: 'Thủ tục', kind: 'text', width: 18 },
      { key: 'phone', label: 'Số điện thoại', kind: 'text', width: 8 },
      { key: 'received', label: 'Mới tiếp nhận', kind: 'int', width: 6 },
      { key: 'onTime', label: 'Đúng hạn', kind: 'int', width: 6 },
      { key: 'rate', label: 'Tỷ lệ đúng hạn', kind: 'percent', width: 6 },
      { key: 'receivedAt', label: 'Ngày nhận', kind: 'date', width: 7 },
      { key: 'dueAt', label: 'Hẹn trả', kind: 'datetime', width: 9 },
    ],
    rows: [...base, ...extra].slice(0, rows),
    totals: { received: 13345, onTime: 12998, rate: 0.9978 },
  };
}

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-report-exports-'));
});
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('report table model', () => {
  test('Vietnamese number, percent and date formatting', () => {
    assert.equal(formatNumberVn(1234567), '1.234.567');
    assert.equal(formatNumberVn(-1234.5, 2), '-1.234,50');
    assert.equal(formatPercentVn(0.9978), '99,78 %');
    assert.equal(formatPercentVn(1), '100,00 %');
    assert.equal(formatCell(0.97205, 'percent'), '97,21 %');
    assert.equal(formatCell(null, 'percent'), '–');
    assert.equal(formatCell(null, 'text'), '');
    assert.equal(formatCell(undefined, 'int'), '');
    assert.equal(formatCell(12345, 'int'), '12.345');
    assert.equal(formatCell(vnInstant('2026-11-23', '00:30'), 'date'), '23/11/2026');
    assert.equal(formatCell(vnInstant('2026-11-23', '00:30'), 'datetime'), '23/11/2026 00:30');
    assert.equal(formatCell(nfd('Sở Tư pháp'), 'text'), 'Sở Tư pháp');
  });

  test('the totals label goes in the first empty column, or before the first column’s text', () => {
    const t = sample();
    assert.equal(totalsWithLabel(t)?.code, 'Tổng cộng');
    assert.equal(totalsWithLabel({ ...t, totals: { code: '3 hồ sơ', received: 3 } })?.code, 'Tổng cộng: 3 hồ sơ');
    const numbered = { ...t, columns: [{ key: 'no', label: 'STT', kind: 'int' as const }, ...t.columns], totals: { no: 3, received: 3 } };
    assert.equal(totalsWithLabel(numbered)?.code, 'Tổng cộng');
    assert.equal(totalsWithLabel({ ...t, totals: null }), null);
  });
});

describe('CSV export', () => {
  const t = sample();
  const buf = toCsv(t);
  const text = buf.toString('utf8');

  test('UTF-8 with a BOM and CRLF line ends', () => {
    assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(text.endsWith('\r\n'));
    // Outside quoted fields every line break is CRLF.
    const outside = text.replace(/"(?:[^"]|"")*"/g, '""');
    assert.equal(outside.split('\r\n').length - 1, 1 + t.rows.length + 1);
    assert.doesNotMatch(outside.replace(/\r\n/g, ''), /[\r\n]/);
  });

  test('header, rows and totals round-trip through an RFC 4180 reader', () => {
    const records = parseCsv(text).map((r) => r.fields);
    assert.equal(records.length, 1 + 3 + 1);
    assert.deepEqual(records[0], ['Mã hồ sơ', 'Cơ quan', 'Thủ tục', 'Số điện thoại', 'Mới tiếp nhận', 'Đúng hạn', 'Tỷ lệ đúng hạn', 'Ngày nhận', 'Hẹn trả']);
    assert.deepEqual(records[1], [
      '000.31.01.H26-261123-0001',
      'Sở Tư pháp',
      'Đăng ký khai sinh có yếu tố nước ngoài',
      '0912345678',
      '1000',
      '998',
      '99.80',
      '2026-11-23',
      '2026-11-30 16:30',
    ]);
    assert.deepEqual(records[2], [
      '000.31.01.H26-261123-0002',
      'Sở Kế hoạch và Đầu tư',
      TRICKY,
      "'+84 251 3822 222",
      '12345',
      '12000',
      '97.21',
      '2026-12-01',
      '2026-12-05 23:59',
    ]);
    assert.deepEqual(records[3], ['000.31.01.H26-261123-0003', 'UBND phường Trấn Biên', `'${FORMULA}`, '', '0', '0', '', '2026-12-31', '']);
    assert.deepEqual(records[4], ['Tổng cộng', '', '', '', '13345', '12998', '99.78', '', '']);
  });

  test('quoting: text always quoted, quotes doubled, numbers and dates bare', () => {
    assert.ok(text.includes('"Cấp bản sao ""trích lục"", hộ tịch\ndòng hai"'));
    assert.ok(text.includes('"\'=SUM(A1:A2)"'));
    assert.ok(text.includes('"0912345678",1000,998,99.80,2026-11-23,2026-11-30 16:30\r\n'));
    assert.ok(text.includes('\r\n"Tổng cộng",,,,13345,12998,99.78,,\r\n'));
    // NFC, whatever the input.
    assert.equal(text, text.normalize('NFC'));
  });

  test('no cell can start a formula', () => {
    const evil = { ...sample(), rows: ['=1+2', '+1', '-1+2', '@SUM(A1)', '\t=1', ' =1', 'a=b'].map((v) => ({ code: v })) };
    const cells = parseCsv(toCsv(evil).toString('utf8'))
      .slice(1, -1)
      .map((r) => r.fields[0]);
    assert.deepEqual(cells, ["'=1+2", "'+1", "'-1+2", "'@SUM(A1)", "'\t=1", "' =1", 'a=b']);
  });
});

describe('XLSX export', () => {
  const t = sample();
  let ws: ExcelJS.Worksheet;

  before(async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(t)) as unknown as ArrayBuffer);
    assert.equal(wb.worksheets.length, 1);
    ws = wb.worksheets[0]!;
  });

  test('one sheet named after the title; title, subtitle and generated-at rows', () => {
    assert.equal(ws.name, 'Kết quả giải quyết hồ sơ');
    assert.equal(ws.getCell('A1').value, 'Kết quả giải quyết hồ sơ');
    assert.equal(ws.getCell('A1').font?.bold, true);
    assert.equal(ws.getCell('A2').value, 'Quý IV/2026 (01/10/2026 – 31/12/2026) · Sở Tư pháp');
    assert.equal(ws.getCell('A3').value, 'Lập lúc: 07:05, Thứ Bảy 02/01/2027');
  });

  test('bold, filled header row with a frozen pane below it and an autofilter', () => {
    const header = ws.getRow(4);
    assert.deepEqual(
      t.columns.map((_, i) => header.getCell(i + 1).value),
      t.columns.map((c) => c.label),
    );
    assert.equal(header.getCell(1).font?.bold, true);
    assert.equal((header.getCell(1).fill as ExcelJS.FillPattern).pattern, 'solid');
    const view = ws.views[0] as ExcelJS.WorksheetViewFrozen;
    assert.equal(view.state, 'frozen');
    assert.equal(view.ySplit, 4);
    assert.equal(String(ws.autoFilter), 'A4:I7');
  });

  test('typed cells: numbers, percentages, Vietnam wall-clock dates, text kept as text', () => {
    const row = ws.getRow(5);
    const code = row.getCell(1);
    assert.equal(code.type, ExcelJS.ValueType.String);
    assert.equal(code.value, '000.31.01.H26-261123-0001');
    assert.equal(row.getCell(2).value, 'Sở Tư pháp');
    assert.equal(row.getCell(4).value, '0912345678');
    assert.equal(row.getCell(4).type, ExcelJS.ValueType.String);
    assert.equal(row.getCell(5).value, 1000);
    assert.equal(row.getCell(5).numFmt, '#,##0');
    assert.equal(row.getCell(7).value, 0.998);
    assert.equal(row.getCell(7).numFmt, '0.00%');
    // Excel dates have no zone: the cell holds 23/11/2026 00:30, the time in Vietnam.
    assert.deepEqual(row.getCell(8).value, new Date(Date.UTC(2026, 10, 23, 0, 30)));
    assert.equal(row.getCell(8).numFmt, 'dd/mm/yyyy');
    assert.deepEqual(row.getCell(9).value, new Date(Date.UTC(2026, 10, 30, 16, 30)));
    assert.equal(row.getCell(9).numFmt, 'dd/mm/yyyy hh:mm');

    const tricky = ws.getRow(6).getCell(3);
    assert.equal(tricky.value, TRICKY);
    assert.equal(tricky.alignment?.wrapText, true);
    const formula = ws.getRow(7).getCell(3);
    assert.equal(formula.type, ExcelJS.ValueType.String);
    assert.equal(formula.value, FORMULA);
    assert.equal(ws.getRow(7).getCell(7).value, null);
  });

  test('bold totals row; column widths follow the relative widths', () => {
    const totals = ws.getRow(8);
    assert.equal(totals.getCell(1).value, 'Tổng cộng');
    assert.equal(totals.getCell(1).font?.bold, true);
    assert.equal(totals.getCell(5).value, 13345);
    assert.equal(totals.getCell(5).font?.bold, true);
    assert.equal(totals.getCell(7).value, 0.9978);
    assert.equal(totals.getCell(7).numFmt, '0.00%');
    const w = (i: number) => ws.getColumn(i).width ?? 0;
    assert.ok(w(3) > w(1) && w(1) > w(5), `widths ${[1, 3, 5].map(w).join(', ')}`);
  });

  test('sheet names: at most 31 characters, none of []:*?/\\', () => {
    const name = sheetNameOf('Báo cáo [tháng 11/2026]: *hồ sơ* quá hạn? \\ theo cơ quan');
    assert.ok(Array.from(name).length <= 31, name);
    assert.doesNotMatch(name, /[[\]:*?/\\]/);
    assert.ok(name.startsWith('Báo cáo tháng 11 2026'), name);
    assert.equal(sheetNameOf('[]:*?'), 'Báo cáo');
  });
});

describe('PDF export', () => {
  const pageInfo = (file: string) => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    assert.match(info, /Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/, info);
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  };

  test('A4 landscape: title, subtitle, labels, Vietnamese values, totals and page number', async () => {
    const pdf = await toPdf(sample(50));
    assert.ok(pdf.length < 60 * 1024, `${pdf.length} bytes for 50 rows`);
    const file = writePdf(dir, 'report-50.pdf', pdf);
    assert.ok(pageInfo(file) >= 1);
    const text = textOf(file);
    assertContains(text, [
      'Kết quả giải quyết hồ sơ',
      'Quý IV/2026 (01/10/2026 – 31/12/2026) · Sở Tư pháp',
      'Lập lúc: 07:05, Thứ Bảy 02/01/2027',
      'Mã hồ sơ',
      'Cơ quan',
      'Đúng hạn',
      '000.31.01.H26-261123-0001',
      'Sở Tư pháp',
      'Đăng ký khai sinh có yếu tố nước ngoài',
      'Sở Kế hoạch và Đầu tư',
      'UBND phường Trấn Biên',
      'Cấp bản sao "trích lục", hộ tịch',
      'dòng hai',
      FORMULA,
      '12.345',
      '99,80 %',
      '97,21 %',
      '23/11/2026',
      '30/11/2026 16:30',
      'Tổng cộng',
      '13.345',
      '99,78 %',
      'Trang 1/',
    ]);
  });

  test('numbers are right-aligned', async () => {
    const file = writePdf(dir, 'report-align.pdf', await toPdf(sample(6)));
    const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    const rightEdge = (word: string) => {
      const m = new RegExp(`xMax="([\\d.]+)"[^>]*>${word.replace(/\./g, '\\.')}</word>`).exec(html);
      assert.ok(m, `${word} not found`);
      return Number(m[1]);
    };
    // 1.000, 12.345 and the totals 13.345 in "Mới tiếp nhận" end at the same x.
    const a = rightEdge('1.000');
    const b = rightEdge('12.345');
    const c = rightEdge('13.345');
    assert.ok(Math.abs(a - b) < 0.5 && Math.abs(b - c) < 0.5, `${a} ${b} ${c}`);
  });

  test('120 rows run over several pages, each starting with the header row, numbered "Trang x/y"', async () => {
    const file = writePdf(dir, 'report-120.pdf', await toPdf(sample(120)));
    const pages = pageInfo(file);
    assert.ok(pages >= 2, `${pages} pages`);
    const text = textOf(file);
    const perPage = text.split('\f').filter((p) => p.trim());
    assert.equal(perPage.length, pages);
    perPage.forEach((page, i) => {
      assert.match(page, /Mã hồ sơ\s+Cơ quan\s+Thủ tục/, `header missing on page ${i + 1}`);
      assert.ok(page.includes(`Trang ${i + 1}/${pages}`), `page number missing on page ${i + 1}`);
    });
    assert.ok(perPage[1]?.includes('Kết quả giải quyết hồ sơ (tiếp theo)'));
    // Every row once, the totals row once, on the last page.
    for (const n of ['0001', '0060', '0120']) assert.equal(text.split(`-${n}`).length - 1, 1, n);
    assert.ok(perPage.at(-1)?.includes('Tổng cộng'));
  });

  test('an empty report still prints its header and says so', async () => {
    const file = writePdf(dir, 'report-empty.pdf', await toPdf({ ...sample(), rows: [], totals: null }));
    assert.equal(pageInfo(file), 1);
    assertContains(textOf(file), ['Mã hồ sơ', 'Không có dữ liệu', 'Trang 1/1']);
  });
});

test('cellClass: numbers and dates unbroken, long text columns given a minimum width', () => {
  assert.equal(cellClass({ key: 'n', label: 'Tổng số', kind: 'int', width: 5 }), 'num');
  assert.equal(cellClass({ key: 'r', label: 'Tỷ lệ', kind: 'percent' }), 'num');
  assert.equal(cellClass({ key: 'd', label: 'Hẹn trả', kind: 'datetime', width: 8 }), 'cell-date');
  assert.equal(cellClass({ key: 'p', label: 'Thủ tục', kind: 'text', width: 18 }), 'cell-name');
  assert.equal(cellClass({ key: 's', label: 'Ký nhận', kind: 'text', width: 5 }), '');
  assert.equal(cellClass({ key: 'x', label: 'Ghi chú', kind: 'text' }), '');
});

describe('notes: how the figures are defined, under the table', () => {
  const notes = [nfd('Tỷ lệ hài lòng theo Quyết định 766/QĐ-TTg = (số hồ sơ − số hồ sơ bị trừ) ÷ số hồ sơ.'), 'Quá hạn: hoàn thành sau ngày hẹn trả ban đầu.'];

  test('PDF: after the table, in NFC, on the last page', async () => {
    const file = writePdf(dir, 'report-notes.pdf', await toPdf({ ...sample(120), notes }));
    const pages = textOf(file).split('\f').filter((p) => p.trim());
    const last = pages.at(-1)!.replace(/\s+/g, ' ');
    assert.ok(last.includes('• Tỷ lệ hài lòng theo Quyết định 766/QĐ-TTg = (số hồ sơ − số hồ sơ bị trừ) ÷ số hồ sơ.'), last);
    assert.ok(last.indexOf('Tổng cộng') < last.indexOf('Quyết định 766'), 'below the totals row');
    assert.ok(pages.slice(0, -1).every((p) => !p.includes('Quyết định 766')));
    // Without notes nothing is added.
    assert.ok(!textOf(writePdf(dir, 'report-no-notes.pdf', await toPdf(sample(3)))).includes('•'));
  });

  test('XLSX: after a blank row, outside the autofilter; CSV stays data only', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx({ ...sample(), notes })) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    // Header at row 4, three rows, totals at 8, a blank row, the notes at 10 and 11.
    assert.equal(ws.getCell('A9').value, null);
    assert.equal(ws.getCell('A10').value, notes[0]!.normalize('NFC'));
    assert.equal(ws.getCell('A11').value, notes[1]);
    assert.equal(String(ws.autoFilter), 'A4:I7');
    const csv = toCsv({ ...sample(), notes }).toString('utf8');
    assert.ok(!csv.includes('Quyết định 766'));
  });
});
