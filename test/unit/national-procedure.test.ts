import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeProblem, readNationalFile, readNationalProcedure, type ProcedureDetail } from '../../src/domain/national-procedure.js';
import { counterTerms, recordFromColumns } from '../../src/domain/procedure-columns.js';
import { detailLines, diffDetails } from '../../src/domain/procedure-diff.js';

/** A record as the national database publishes it (numbers as strings, as it writes them). */
function record(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    MATTHC: '1.001193',
    TENTTHC: 'Thủ tục đăng ký khai sinh',
    MACOQUANCONGBO: 'G22',
    CAPTHUCHIEN: 'Cấp Xã',
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'G22-HT', TENLINHVUC: 'Hộ tịch' }],
    TRINHTUTHUCHIEN: [{ TRUONGHOP: '', TRINHTU: [{ TENTRINHTU: 'Bước 1: Nộp hồ sơ' }, { TENTRINHTU: 'Bước 2: Nhận kết quả' }] }],
    CACHTHUCTHUCHIEN: [
      { KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '0', DONVITINH: 'Ngày làm việc', MOTA: 'Ngay trong ngày tiếp nhận', PHILEPHI: [{ MAPHILEPHI: 'LePhi', SOTIEN: '0', DONVI: 'Đồng', MOTA: 'Miễn lệ phí đăng ký khai sinh đúng hạn' }] }] },
      { KENH: '2', THOIGIAN: [{ THOIGIANGIAIQUYET: '1', DONVITINH: 'Ngày làm việc', MOTA: '', PHILEPHI: [] }] },
    ],
    YEUCAU: 'Không',
    DOITUONGTHUCHIEN: [{ TENDOITUONG: 'Công dân Việt Nam' }],
    KETQUATHUCHIEN: [{ MAKETQUA: 'KQ1', TENKETQUA: 'Giấy khai sinh' }],
    CANCUPHAPLY: [{ SOVANBAN: '60/2014/QH13', TENVANBAN: 'Luật Hộ tịch' }],
    COQUANTHUCHIEN: [{ MADONVI: null, TENDONVI: 'Ủy ban nhân dân cấp xã' }],
    THANHPHANHOSO: [{ TRUONGHOP: '', GIAYTO: [{ MAGIAYTO: 'GT1', TENGIAYTO: 'Tờ khai đăng ký khai sinh', SOBANCHINH: '1', SOBANSAO: '0', TENMAUDON: 'Mẫu tờ khai', URL: 'https://example.gov.vn/to-khai.docx' }] }],
    _source: [{ url: 'https://example.gov.vn/thu-tuc/1.001193', title: 'Đăng ký khai sinh', publisher: 'UBND phường', accessed: '2026-12-06' }],
    ...over,
  };
}

function read(over: Record<string, unknown> = {}): ProcedureDetail {
  const r = readNationalProcedure(record(over), 0);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.detail;
}

describe('reading a national record', () => {
  test('every part of the record lands in its place, channels in counter, online, post order', () => {
    const d = read({ CACHTHUCTHUCHIEN: [...(record().CACHTHUCTHUCHIEN as unknown[]).reverse(), { KENH: '3', THOIGIAN: [{ THOIGIANGIAIQUYET: '2', DONVITINH: 'Ngày', MOTA: '' }] }] });
    assert.equal(d.code, '1.001193');
    assert.deepEqual(d.fields, [{ code: 'G22-HT', name: 'Hộ tịch' }]);
    assert.deepEqual(d.steps, [{ case: '', steps: ['Bước 1: Nộp hồ sơ', 'Bước 2: Nhận kết quả'] }]);
    assert.deepEqual(d.channels.map((c) => c.channel), ['counter', 'online', 'post']);
    assert.deepEqual(d.channels[0]!.times[0], { amount: 0, unit: 'working_days', unitLabel: 'Ngày làm việc', description: 'Ngay trong ngày tiếp nhận', fees: [{ kind: 'charge', amountVnd: 0, description: 'Miễn lệ phí đăng ký khai sinh đúng hạn' }] });
    assert.equal(d.channels[2]!.times[0]!.unit, 'calendar_days');
    assert.equal(d.online, 'partial');
    assert.equal(d.byPost, true);
    assert.equal(d.inPerson, false);
    assert.deepEqual(d.documents[0]!.items[0], { code: 'GT1', name: 'Tờ khai đăng ký khai sinh', originals: 1, copies: 0, templateName: 'Mẫu tờ khai', templateUrl: 'https://example.gov.vn/to-khai.docx' });
    assert.deepEqual(d.legalBasis, [{ number: '60/2014/QH13', title: 'Luật Hộ tịch' }]);
    assert.equal(d.sources[0]!.url, 'https://example.gov.vn/thu-tuc/1.001193');
  });

  test('MUCDO decides the online level when given; without an online channel there is none', () => {
    assert.equal(read({ MUCDO: 'Toàn trình' }).online, 'full');
    assert.equal(read({ MUCDO: 'Một phần' }).online, 'partial');
    assert.equal(read({ CACHTHUCTHUCHIEN: [(record().CACHTHUCTHUCHIEN as unknown[])[0]] }).online, 'none');
  });

  test('problems name the record, its code and the field, in Vietnamese; nothing is read from a bad record', () => {
    const r = readNationalFile([record(), record({ MATTHC: '2.000815', CACHTHUCTHUCHIEN: [{ KENH: '7', THOIGIAN: [] }], THANHPHANHOSO: [{ GIAYTO: [{ TENGIAYTO: 'Bản sao', SOBANSAO: 'hai' }] }] })]);
    assert.equal(r.ok, false);
    const lines = !r.ok ? r.problems.map(describeProblem) : [];
    assert.deepEqual(lines, [
      'Bản ghi số 2 (2.000815), trường CACHTHUCTHUCHIEN[0].KENH: "7" không phải là kênh hợp lệ (1 trực tiếp, 2 trực tuyến, 3 bưu chính)',
      'Bản ghi số 2 (2.000815), trường THANHPHANHOSO[0].GIAYTO[0].SOBANSAO: "hai" không phải là số',
    ]);
  });

  test('a record without code, name or field; a duplicate code; a file that is not the national shape', () => {
    const r = readNationalFile({ data: [record({ MATTHC: '', TENTTHC: '', LINHVUCTHUCHIEN: [] }), record(), record()] });
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => [p.record, p.field]), [[0, 'MATTHC'], [0, 'TENTTHC'], [0, 'LINHVUCTHUCHIEN'], [2, 'MATTHC']]);
    assert.match(describeProblem(r.problems[3]!), /trùng mã với bản ghi số 2/);
    const other = readNationalFile({ hello: 'world' });
    assert.ok(!other.ok);
    assert.match(describeProblem(other.problems[0]!), /^trường \(tệp\): Tệp không chứa thủ tục nào/);
    assert.ok(readNationalFile(record()).ok, 'one record alone is a file of one');
  });

  test('a template URL must be http(s)', () => {
    const r = readNationalProcedure(record({ THANHPHANHOSO: [{ GIAYTO: [{ TENGIAYTO: 'Tờ khai', URL: 'javascript:alert(1)' }] }] }), 4);
    assert.ok(!r.ok);
    assert.equal(describeProblem(r.problems[0]!), 'Bản ghi số 5 (1.001193), trường THANHPHANHOSO[0].GIAYTO[0].URL: phải là địa chỉ http(s)');
  });
});

describe('the diff between two versions', () => {
  test('lists exactly the fields that changed, old → new', () => {
    const before = read();
    const changed = record();
    (changed.CACHTHUCTHUCHIEN as Array<{ THOIGIAN: Array<{ PHILEPHI: Array<{ SOTIEN: string }> }> }>)[0]!.THOIGIAN[0]!.PHILEPHI[0]!.SOTIEN = '8000';
    (changed.THANHPHANHOSO as Array<{ GIAYTO: unknown[] }>)[0]!.GIAYTO.push({ TENGIAYTO: 'Giấy chứng sinh', SOBANCHINH: '1' });
    const after = readNationalProcedure(changed, 0);
    assert.ok(after.ok);
    const diff = diffDetails(before, after.detail);
    assert.deepEqual(diff.map((c) => c.key), ['fee.counter', 'documents']);
    assert.equal(diff[0]!.from, 'Miễn phí: Miễn lệ phí đăng ký khai sinh đúng hạn');
    assert.equal(diff[0]!.to, '8.000 đồng: Miễn lệ phí đăng ký khai sinh đúng hạn');
    assert.deepEqual(diffDetails(before, read()), [], 'the same record: no change');
  });

  test('every line has a Vietnamese label and a stable key', () => {
    const keys = detailLines(read()).map((l) => l.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(detailLines(read()).every((l) => l.label.length > 0));
  });
});

describe('what intake uses of a version', () => {
  test('the counter channel: same day, fee summed, the first case’s documents', () => {
    const t = counterTerms(read());
    assert.deepEqual(t.time, { unit: 'same_day', amount: 0 });
    assert.equal(t.feeVnd, 0);
    assert.equal(t.result, 'Giấy khai sinh');
    assert.deepEqual(t.documents, [{ name: 'Tờ khai đăng ký khai sinh', originals: 1, copies: 0 }]);
  });

  test('a counter time in working days or hours is kept; none, or a fraction, is no time at all (never guessed)', () => {
    const at = (amount: string, unit: string) => counterTerms(read({ CACHTHUCTHUCHIEN: [{ KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: amount, DONVITINH: unit, MOTA: '' }] }] })).time;
    assert.deepEqual(at('12', 'Ngày làm việc'), { unit: 'working_days', amount: 12 });
    assert.deepEqual(at('8', 'Giờ'), { unit: 'working_hours', amount: 8 });
    assert.deepEqual(at('30', 'Ngày'), { unit: 'calendar_days', amount: 30 });
    assert.equal(at('', 'Ngày làm việc'), null);
    assert.equal(at('2.5', 'Ngày làm việc'), null);
    assert.equal(counterTerms(read({ CACHTHUCTHUCHIEN: [] })).time, null);
  });

  test('a fee whose amount is missing makes the total unknown, not zero', () => {
    const t = counterTerms(read({ CACHTHUCTHUCHIEN: [{ KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '3', DONVITINH: 'Ngày làm việc', PHILEPHI: [{ MAPHILEPHI: 'LePhi', SOTIEN: '', MOTA: 'Theo Nghị quyết HĐND tỉnh' }] }] }] }));
    assert.equal(t.feeVnd, null);
    assert.equal(t.feeNote, 'Theo Nghị quyết HĐND tỉnh');
  });
});

describe('a procedure as motcua’s columns hold it', () => {
  test('reads back with the same counter terms and flags', () => {
    const columns = {
      code: '1.004222', name: 'Đăng ký thường trú', nameEn: null, field: 'Đăng ký, quản lý cư trú', processingUnit: 'working_days' as const, processingAmount: 7, processingNote: '',
      feeVnd: 20_000, feeNote: 'Miễn lệ phí khi nộp trực tuyến', result: 'Thông tin thường trú được cập nhật', onlineLevel: 'partial' as const, byPost: true, inPerson: false,
      documents: [{ name: 'Tờ khai CT01', originals: 1, certifiedCopies: 0, copies: 0 }, { name: 'Giấy tờ chứng minh chỗ ở hợp pháp', originals: 0, certifiedCopies: 1, copies: 0 }],
    };
    const r = readNationalProcedure(recordFromColumns(columns), 0);
    assert.ok(r.ok);
    assert.deepEqual(counterTerms(r.detail), {
      time: { unit: 'working_days', amount: 7 }, processingNote: '', feeVnd: 20_000, feeNote: 'Miễn lệ phí khi nộp trực tuyến', result: 'Thông tin thường trú được cập nhật',
      documents: [{ name: 'Tờ khai CT01', originals: 1, copies: 0 }, { name: 'Giấy tờ chứng minh chỗ ở hợp pháp', originals: 0, copies: 1 }],
    });
    assert.deepEqual([r.detail.online, r.detail.byPost, r.detail.inPerson, r.detail.fields[0]!.name], ['partial', true, false, 'Đăng ký, quản lý cư trú']);
    const sameDay = readNationalProcedure(recordFromColumns({ ...columns, processingUnit: 'same_day', processingAmount: 0, byPost: false }), 0);
    assert.ok(sameDay.ok);
    assert.deepEqual(counterTerms(sameDay.detail).time, { unit: 'same_day', amount: 0 });
    assert.equal(sameDay.detail.byPost, false);
  });
});

test('texts are read in NFC: a record written with decomposed diacritics reads, and diffs, as the composed one', () => {
  const composed = readNationalProcedure(record(), 0);
  const decomposed = readNationalProcedure(JSON.parse(JSON.stringify(record()).normalize('NFD')), 0);
  assert.ok(composed.ok && decomposed.ok);
  assert.equal(decomposed.detail.name, 'Thủ tục đăng ký khai sinh');
  assert.deepEqual(diffDetails(composed.detail, decomposed.detail), []);
});
