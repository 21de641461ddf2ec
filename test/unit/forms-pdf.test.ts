import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { formInfo } from '../../src/domain/forms.js';
import { vnInstant } from '../../src/domain/time.js';
import { renderControlSheet, type ControlSheetData, type ControlSheetStep } from '../../src/pdf/control-sheet.js';
import { renderRefusal, type RefusalData } from '../../src/pdf/refusal.js';
import { renderStopNotice, type StopNoticeData } from '../../src/pdf/stop-notice.js';
import { guidingOfficerRuns, renderSupplementRequest, type SupplementData } from '../../src/pdf/supplement.js';
import { assertContains, flat, MAX_PDF_BYTES, pagesOf, textOf, writePdf } from '../helpers/pdf.js';

let dir: string;
const write = (name: string, pdf: Buffer) => writePdf(dir, name, pdf);
const MAX_BYTES = MAX_PDF_BYTES;

function assertFontsEmbedded(file: string): void {
  const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  assert.ok(rows.length >= 2);
  for (const row of rows) assert.match(row, /Tinos/);
  for (const row of rows) assert.match(row, /\byes\s+yes\s+yes\b/, `font not embedded+subset+unicode: ${row}`);
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

// Decomposed (NFD) input on purpose: the PDFs must come out in NFC.
const nfd = (s: string) => s.normalize('NFD');

const common = {
  governingBody: 'UBND Thành phố Đồng Nai',
  unitName: 'UBND phường Trấn Biên',
  placeName: 'Trấn Biên',
};

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-forms-'));
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Mẫu 02 — phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', () => {
  const data: SupplementData = {
    ...common,
    code: '000.31.01.H26-261123-0007',
    sequenceLabel: '0007',
    issuedAt: vnInstant('2026-11-24', '10:15'),
    applicant: {
      name: nfd('Lê Thị Ngọc Hường'),
      address: 'Số 45/2, đường Nguyễn Ái Quốc, khu phố 3, phường Trấn Biên, Thành phố Đồng Nai',
      phone: '0912345678',
      email: 'huong.le@example.vn',
    },
    procedureName: 'Đăng ký khai sinh có yếu tố nước ngoài',
    receivedAt: vnInstant('2026-11-23', '14:40'),
    items: [
      'Bản chính Giấy chứng sinh do cơ sở y tế cấp',
      'Bản sao có chứng thực hộ chiếu của người cha',
      'Văn bản thỏa thuận của cha, mẹ về việc chọn quốc tịch cho con, có chữ ký của cả hai người; nếu ký ở nước ngoài thì phải được hợp pháp hóa lãnh sự',
    ],
    reason: 'Hồ sơ thiếu giấy tờ chứng minh nơi sinh và thỏa thuận chọn quốc tịch theo quy định tại Điều 36 Luật Hộ tịch.',
    officer: { name: 'Phạm Quốc Thắng', phone: '0251 3822 222' },
  };
  let file: string;
  let pdf: Buffer;

  before(async () => {
    pdf = await renderSupplementRequest(data);
    file = write('supplement.pdf', pdf);
  });

  test('has the title, the header, the applicant and every item, in NFC', () => {
    assert.equal(pagesOf(file), 1);
    const text = textOf(file);
    assertContains(text, [
      'UBND THÀNH PHỐ ĐỒNG NAI',
      'UBND PHƯỜNG TRẤN BIÊN',
      // The registry's suffix (Circular 03/2025: "…/PBS") and label, top right.
      'Số: 0007/PBS',
      'Mẫu 02',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Trấn Biên, ngày 24 tháng 11 năm 2026',
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      'Hồ sơ của: Lê Thị Ngọc Hường',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh có yếu tố nước ngoài',
      'Số điện thoại: 0912345678',
      'Thư điện tử: huong.le@example.vn',
      'Mã hồ sơ: 000.31.01.H26-261123-0007',
      'Thời gian nhận hồ sơ: 14 giờ 40 phút, ngày 23 tháng 11 năm 2026',
      'Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
      'Cán bộ hướng dẫn: Phạm Quốc Thắng, điện thoại 0251 3822 222',
      'NGƯỜI HƯỚNG DẪN',
      '(Ký và ghi rõ họ tên)',
    ]);
    const f = flat(text);
    data.items.forEach((item, i) => assert.ok(f.includes(`${i + 1}. ${item}`), `item ${i + 1} missing: ${item}\n---\n${text}`));
    assert.ok(f.includes(`Lý do: ${data.reason}`), 'reason');
    assert.ok(f.includes('thời hạn giải quyết được tạm dừng'), 'deadline pause');
    assert.ok(f.includes('Hồ sơ sẽ được tiếp tục giải quyết'), 'continuation');
  });

  test('embeds subset fonts and stays small', () => {
    assertFontsEmbedded(file);
    assert.ok(pdf.length <= MAX_BYTES, `supplement request is ${pdf.length} bytes`);
  });

  // Issue 12 #11: the guiding officer's work phone; the unit's hotline when they have none.
  test('an officer without a work phone: the unit\'s hotline, said to be the unit\'s', async () => {
    const text = flat(textOf(write('supplement-no-phone.pdf', await renderSupplementRequest({ ...data, officer: { name: 'Phạm Quốc Thắng', phone: '' }, unitPhone: '0251 3 822 151' }))));
    assert.ok(text.includes('Cán bộ hướng dẫn: Phạm Quốc Thắng, điện thoại 0251 3 822 151 (đường dây nóng của đơn vị)'), text);
    const join = (officer: { name: string; phone: string }, unit?: string) => guidingOfficerRuns(officer, unit).map((r) => r.text).join('');
    assert.equal(join({ name: 'A', phone: '0912 345 678' }, '0251 3 822 151'), 'Cán bộ hướng dẫn: A, điện thoại 0912 345 678');
    assert.equal(join({ name: 'A', phone: '' }), 'Cán bộ hướng dẫn: A');
    assert.equal(join({ name: '', phone: '' }), 'Cán bộ hướng dẫn: Bộ phận Một cửa');
  });

  test('a long list still keeps every item and number', async () => {
    const items = Array.from({ length: 45 }, (_, i) => `Giấy tờ cần bổ sung thứ ${i + 1}: bản sao có chứng thực giấy tờ tùy thân của người đề nghị`);
    const long = write('supplement-long.pdf', await renderSupplementRequest({ ...data, items }));
    assert.ok(pagesOf(long) >= 2);
    const f = flat(textOf(long));
    items.forEach((item, i) => assert.ok(f.includes(`${i + 1}. ${item}`), `item ${i + 1} missing`));
    assert.ok(f.includes('NGƯỜI HƯỚNG DẪN'));
  });
});

describe('Mẫu 03 — phiếu từ chối tiếp nhận giải quyết hồ sơ', () => {
  const data: RefusalData = {
    ...common,
    code: '000.31.01.H26-261125-0012',
    sequenceLabel: '0012',
    issuedAt: vnInstant('2026-11-25', '08:20'),
    applicant: {
      name: 'Đặng Văn Hưởng',
      idNumber: '079085004321',
      address: 'Tổ 7, ấp Bình Ý, xã Tân Hạnh, Thành phố Đồng Nai',
      phone: '0903111222',
      email: null,
      representativeName: null,
    },
    procedureName: 'Chứng thực hợp đồng chuyển nhượng quyền sử dụng đất',
    agencyName: 'UBND phường Trấn Biên',
    reason: nfd(
      '- Thửa đất đang có tranh chấp, đã được Tòa án nhân dân khu vực 1 thụ lý.\n' +
        '- Hợp đồng chưa có chữ ký của đồng sở hữu là bà Võ Thị Lựu.',
    ),
    officerName: 'Nguyễn Thị Thu Hà',
  };
  let file: string;
  let pdf: Buffer;

  before(async () => {
    pdf = await renderRefusal(data);
    file = write('refusal.pdf', pdf);
  });

  test('has the title, the applicant, the request, each reason line and both signatures', () => {
    assert.equal(pagesOf(file), 1);
    const text = textOf(file);
    assertContains(text, [
      'Số: 0012/PTC',
      'Mẫu 03',
      'Trấn Biên, ngày 25 tháng 11 năm 2026',
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      'UBND phường Trấn Biên tiếp nhận hồ sơ của cá nhân:',
      'Ông/Bà: Đặng Văn Hưởng',
      'Số định danh cá nhân: 079085004321',
      'Địa chỉ: Tổ 7, ấp Bình Ý, xã Tân Hạnh, Thành phố Đồng Nai',
      'Số điện thoại: 0903111222',
      'Mã hồ sơ: 000.31.01.H26-261125-0012',
      'Nội dung yêu cầu giải quyết: Chứng thực hợp đồng chuyển nhượng quyền sử dụng đất',
      '- Thửa đất đang có tranh chấp, đã được Tòa án nhân dân khu vực 1 thụ lý.',
      '- Hợp đồng chưa có chữ ký của đồng sở hữu là bà Võ Thị Lựu.',
      'Xin thông báo để Ông/Bà được biết và thực hiện.',
      // The counter's Mẫu 03: the person submitting and the receiving officer sign.
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Nguyễn Thị Thu Hà',
    ]);
    assert.ok(!text.includes('Thư điện tử'), 'no e-mail line when there is none');
    assert.ok(!text.includes('THỦ TRƯỞNG'), 'the counter refusal is not signed by the agency');
    const f = flat(text);
    assert.ok(f.includes('từ chối tiếp nhận hồ sơ với lý do cụ thể như sau:'));
    assert.ok(f.includes('Sau khi kiểm tra thành phần hồ sơ'));
    // The applicant signs under "NGƯỜI NỘP HỒ SƠ".
    assert.match(text, /Đặng Văn Hưởng\s+Nguyễn Thị Thu Hà/);
  });

  test('without a dossier code, with a representative', async () => {
    const other = write(
      'refusal-nocode.pdf',
      await renderRefusal({ ...data, code: null, applicant: { ...data.applicant, email: 'huong.dang@example.vn', representativeName: 'Đặng Thị Mỹ Duyên' } }),
    );
    const text = textOf(other);
    assert.ok(!text.includes('Mã hồ sơ'));
    assertContains(text, ['Người được ủy quyền: Đặng Thị Mỹ Duyên', 'Thư điện tử: huong.dang@example.vn']);
    assert.match(text, /Đặng Thị Mỹ Duyên\s+Nguyễn Thị Thu Hà/);
  });

  test('embeds subset fonts and stays small', () => {
    assertFontsEmbedded(file);
    assert.ok(pdf.length <= MAX_BYTES, `refusal is ${pdf.length} bytes`);
  });
});

describe('Mẫu 05 — phiếu kiểm soát quá trình giải quyết hồ sơ', () => {
  const ONE_STOP = 'Bộ phận Một cửa';
  const typicalSteps: ControlSheetStep[] = [
    { fromUnit: ONE_STOP, toUnit: 'Công chức Tư pháp - Hộ tịch', at: vnInstant('2026-11-23', '09:30'), giver: nfd('Nguyễn Thị Thu Hà'), receiver: 'Trương Minh Đức', result: null, note: null },
    { fromUnit: 'Công chức Tư pháp - Hộ tịch', toUnit: 'Lãnh đạo UBND phường', at: vnInstant('2026-11-24', '15:10'), giver: 'Trương Minh Đức', receiver: 'Hoàng Văn Lộc', result: 'early', note: null },
    { fromUnit: 'Lãnh đạo UBND phường', toUnit: ONE_STOP, at: vnInstant('2026-11-25', '08:05'), giver: 'Hoàng Văn Lộc', receiver: null, result: 'on_time', note: 'Đã ký duyệt' },
  ];
  const data: ControlSheetData = {
    ...common,
    code: '000.31.01.H26-261123-0003',
    issuedAt: vnInstant('2026-11-23', '09:05'),
    processingUnit: 'UBND phường Trấn Biên',
    coordinatingUnits: ['Phòng Kinh tế phường', 'Công an phường Trấn Biên'],
    receivedAt: vnInstant('2026-11-23', '09:05'),
    dueAt: vnInstant('2026-11-26', '16:30'),
    steps: typicalSteps,
  };
  let file: string;
  let pdf: Buffer;

  before(async () => {
    pdf = await renderControlSheet(data);
    file = write('control-sheet.pdf', pdf);
  });

  test('has the title, the dossier facts, the column titles and each hand-over', () => {
    assert.equal(pagesOf(file), 1);
    const text = textOf(file);
    assertContains(text, [
      // The sheet has its own number (filled in by hand when none is given), not the dossier code.
      'Số: …/PKS',
      'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      'Mã hồ sơ: 000.31.01.H26-261123-0003',
      'Cơ quan (bộ phận) chủ trì giải quyết: UBND phường Trấn Biên',
      'Cơ quan phối hợp giải quyết: Phòng Kinh tế phường; Công an phường Trấn Biên',
      'Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 23 tháng 11 năm 2026',
      'Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 26 tháng 11 năm 2026',
      'Tên cơ quan',
      'Thời gian giao, nhận hồ sơ',
      'Ghi chú',
      '1. Giao: Bộ phận Một cửa',
      '2. Nhận: Công chức Tư pháp - Hộ tịch',
      '1. Giao: Công chức Tư pháp - Hộ tịch',
      '2. Nhận: Lãnh đạo UBND phường',
      '1. Giao: Lãnh đạo UBND phường',
      '2. Nhận: Bộ phận Một cửa',
      '09 giờ 30 phút, ngày 23/11/2026',
      '15 giờ 10 phút, ngày 24/11/2026',
      '08 giờ 05 phút, ngày 25/11/2026',
      'Người giao: Nguyễn Thị Thu Hà',
      'Người nhận: Trương Minh Đức',
      'Người nhận: Hoàng Văn Lộc',
      'Trước hạn',
      'Đúng hạn',
      'Đã ký duyệt',
    ]);
    assert.ok(text.includes('Kết quả giải'), 'result column title');
    assert.match(text, /Người nhận: \.{10,}/, 'an unknown receiver leaves a line to fill in');
    assert.ok(!text.includes('Quá hạn'));
  });

  test('no coordinating units', async () => {
    const text = textOf(write('control-sheet-solo.pdf', await renderControlSheet({ ...data, coordinatingUnits: [], steps: [] })));
    assertContains(text, ['Cơ quan phối hợp giải quyết: Không có', 'Tên cơ quan']);
  });

  test('embeds subset fonts and stays small', () => {
    assertFontsEmbedded(file);
    assert.ok(pdf.length <= MAX_BYTES, `control sheet is ${pdf.length} bytes`);
  });

  test('forty hand-overs run onto more pages, the header row repeated on each', async () => {
    const results = [null, 'early', 'on_time', 'late'] as const;
    const steps: ControlSheetStep[] = Array.from({ length: 40 }, (_, i) => ({
      fromUnit: i % 2 === 0 ? ONE_STOP : `Phòng chuyên môn số ${i}`,
      toUnit: i % 2 === 0 ? `Phòng chuyên môn số ${i + 1}` : ONE_STOP,
      at: vnInstant(`2026-12-${String(1 + (i % 28)).padStart(2, '0')}`, `${String(8 + (i % 9)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`),
      giver: `Cán bộ Giao Số ${i + 1}`,
      receiver: `Cán bộ Nhận Số ${i + 1}`,
      result: results[i % 4] ?? null,
      note: i % 5 === 0 ? `Ghi chú bước ${i + 1}` : null,
    }));
    const big = await renderControlSheet({ ...data, steps });
    const bigFile = write('control-sheet-40.pdf', big);
    const pages = pagesOf(bigFile);
    assert.ok(pages >= 2, `${pages} pages`);
    assert.ok(big.length <= 2 * MAX_BYTES, `40-step control sheet is ${big.length} bytes`);

    for (let p = 1; p <= pages; p++) {
      const pageText = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(p), '-l', String(p), bigFile, '-'], { encoding: 'utf8' });
      assert.equal(occurrences(pageText, 'Tên cơ quan'), 1, `header row on page ${p}`);
      assert.equal(occurrences(pageText, 'Thời gian giao, nhận hồ sơ'), 1, `header row on page ${p}`);
      if (p > 1) assert.ok(pageText.includes('(tiếp theo)'), `continuation mark on page ${p}`);
    }

    const text = textOf(bigFile);
    steps.forEach((s, i) => {
      assert.ok(text.includes(`1. Giao: ${s.fromUnit}`), `step ${i + 1} from`);
      assert.ok(text.includes(`Người giao: Cán bộ Giao Số ${i + 1}`), `step ${i + 1} giver`);
      assert.ok(text.includes(`Người nhận: Cán bộ Nhận Số ${i + 1}`), `step ${i + 1} receiver`);
    });
    assert.equal(occurrences(text, 'Quá hạn'), 10);
    assert.equal(occurrences(text, 'Trước hạn'), 10);
  });
});

describe('issue 13: counter guidance, the agency notice, the stop notice, the registry, electronic copies', () => {
  const guidance: SupplementData = {
    ...common,
    code: null,
    sequenceLabel: '0003',
    issuedAt: vnInstant('2026-11-24', '09:10'),
    applicant: { name: 'Trần Văn Bình', address: '', phone: '0909123456', email: null },
    procedureName: 'Cấp bản sao trích lục hộ tịch',
    receivedAt: null,
    items: ['Tờ khai theo mẫu, có chữ ký của người yêu cầu', 'Bản chính giấy tờ tùy thân'],
    reason: 'Thiếu tờ khai và giấy tờ tùy thân theo quy định của thủ tục.',
    officer: { name: 'Nguyễn Thị Thu Hà', phone: '' },
    unitPhone: '0251 3 822 151',
  };

  test('Mẫu 02 at the counter: no dossier code, no received time, the items and the specific reason, "not received yet"', async () => {
    const text = textOf(write('counter-guidance.pdf', await renderSupplementRequest(guidance)));
    assertContains(text, ['Mẫu 02', 'Số: 0003/PBS', 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', 'Hồ sơ của: Trần Văn Bình', 'NGƯỜI HƯỚNG DẪN', 'Nguyễn Thị Thu Hà']);
    const f = flat(text);
    guidance.items.forEach((item, i) => assert.ok(f.includes(`${i + 1}. ${item}`), `item ${i + 1}`));
    assert.ok(f.includes('Lý do: Thiếu tờ khai và giấy tờ tùy thân theo quy định của thủ tục.'));
    assert.ok(f.includes('Hồ sơ chưa được tiếp nhận'));
    assert.ok(!text.includes('Mã hồ sơ'), 'no dossier code before receipt');
    assert.ok(!text.includes('Thời gian nhận hồ sơ'));
    assert.ok(!f.includes('tạm dừng'), 'no deadline to pause before receipt');
    assert.ok(!text.includes('Địa chỉ:'), 'no empty address line');
  });

  test('the 2018 numbering and a deployment suffix come from the registry', async () => {
    const form = formInfo('supplement', '2018', { supplement: 'PYCBS' });
    const text = textOf(write('supplement-2018.pdf', await renderSupplementRequest({ ...guidance, form })));
    assertContains(text, ['Mẫu 02', 'Số: 0003/PYCBS']);
    // The stop notice has no number in the 2018 labels: no label is printed.
    const stop = textOf(write('stop-2018.pdf', await renderStopNotice({ ...stopData, form: formInfo('stop_notice', '2018') })));
    assert.ok(!/Mẫu \d\d/.test(stop), 'no label for a form the 2018 numbering lacks');
    assertContains(stop, ['Số: 0009/TBDG', 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ']);
  });

  const refusalByAgency: RefusalData = {
    ...common,
    code: '000.31.01.H26-261125-0012',
    sequenceLabel: '0012',
    by: 'agency',
    issuedAt: vnInstant('2026-11-27', '10:00'),
    applicant: { name: 'Công ty TNHH Minh Phát', idNumber: '3600123456', address: 'KCN Amata, phường Long Bình', phone: '0903111222', email: null, representativeName: 'Phạm Văn Tâm', kind: 'organisation' },
    procedureName: 'Cấp giấy phép xây dựng',
    agencyName: 'Phòng Kinh tế, Hạ tầng và Đô thị',
    reason: 'Công trình nằm trong hành lang an toàn giao thông.',
    officerName: null,
  };

  test('a refusal after appraisal is the processing agency\'s notice, signed by its head, not the counter\'s Mẫu 03', async () => {
    const text = textOf(write('refusal-agency.pdf', await renderRefusal(refusalByAgency)));
    // The header's unit is the processing agency (its name may wrap in the narrow column).
    assert.ok(flat(text).includes('PHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ'), text);
    assertContains(text, [
      'Số: 0012/PTC',
      'THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ',
      'Kính gửi: Công ty TNHH Minh Phát',
      'Tên tổ chức: Công ty TNHH Minh Phát',
      'Mã số thuế/mã số tổ chức: 3600123456',
      'Người đại diện: Phạm Văn Tâm',
      'THỦ TRƯỞNG CƠ QUAN',
      '(Ký, ghi rõ họ tên và đóng dấu)',
    ]);
    assert.ok(flat(text).includes('Sau khi thẩm định hồ sơ'));
    assert.ok(!text.includes('Mẫu 03'), 'not the annex form');
    assert.ok(!text.includes('PHIẾU TỪ CHỐI TIẾP NHẬN'));
    assert.ok(!text.includes('NGƯỜI NỘP HỒ SƠ'), 'the applicant does not sign the agency\'s notice');
  });

  const stopData: StopNoticeData = {
    ...common,
    code: '000.31.01.H26-261123-0009',
    sequenceLabel: '0009',
    stoppedAt: vnInstant('2026-11-25', '14:30'),
    applicant: { name: nfd('Lê Thị Ngọc Hường'), idNumber: '075190001234', address: 'Số 45/2, đường Nguyễn Ái Quốc', phone: '0912345678', representativeName: null },
    procedureName: 'Đăng ký khai sinh',
    agencyName: 'UBND phường Trấn Biên',
    receivedAt: vnInstant('2026-11-23', '09:05'),
    reason: 'Gia đình muốn đăng ký tại nơi cư trú khác',
    officerName: 'Nguyễn Thị Thu Hà',
  };

  test('the stop notice: registry label and number, the dossier, the request to stop and its reason, from when it stops', async () => {
    const file = write('stop-notice.pdf', await renderStopNotice(stopData));
    assert.equal(pagesOf(file), 1);
    const text = textOf(file);
    assertContains(text, [
      'Mẫu 05',
      'Số: 0009/TBDG',
      'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
      'Kính gửi: Lê Thị Ngọc Hường',
      'Số định danh cá nhân: 075190001234',
      'Mã hồ sơ: 000.31.01.H26-261123-0009',
      'Thủ tục hành chính: Đăng ký khai sinh',
      'Lý do: Gia đình muốn đăng ký tại nơi cư trú khác',
      'NGƯỜI LẬP THÔNG BÁO',
      'Nguyễn Thị Thu Hà',
    ]);
    const f = flat(text);
    assert.ok(f.includes('đề nghị dừng giải quyết (rút) hồ sơ'));
    assert.ok(f.includes('thông báo dừng giải quyết hồ sơ kể từ 14 giờ 30 phút, ngày 25 tháng 11 năm 2026'));
  });

  test('an electronic copy has a "Ký số" box with the signer\'s name instead of the space for a handwritten signature', async () => {
    const paper = textOf(write('stop-paper.pdf', await renderStopNotice(stopData)));
    assert.ok(!paper.includes('Ký số'));
    const text = flat(textOf(write('stop-electronic.pdf', await renderStopNotice({ ...stopData, electronic: true }))));
    assert.ok(text.includes('Ký số: Nguyễn Thị Thu Hà'), text);
    assert.ok(text.includes('(Bản điện tử, ký số)'));
    const notice = flat(textOf(write('refusal-agency-electronic.pdf', await renderRefusal({ ...refusalByAgency, electronic: true }))));
    assert.match(notice, /Ký số: \.{10,}/, 'the head\'s name is left for the signing tool');
  });
});
