import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AT_RISK_SHARE, isAtRisk, issueDeadline, isIssuedLate } from '../../src/domain/apology.js';
import { formatClockVn, formatOfficialDate, vnInstant } from '../../src/domain/time.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import type { ProcessingTime } from '../../src/domain/deadline.js';
import { formInfo } from '../../src/domain/forms.js';
import { draftHorizon } from '../../src/features/deadlines/deadline-sweeps.js';
import { APOLOGY_SIGNER_TITLE, APOLOGY_SYSTEM_NOTE, renderApology, type ApologyData } from '../../src/pdf/apology.js';
import { assertContains, flat, MAX_PDF_BYTES, pagesOf, textOf, writePdf } from '../helpers/pdf.js';

let dir: string;
const write = (name: string, pdf: Buffer) => writePdf(dir, name, pdf);
const MAX_BYTES = MAX_PDF_BYTES;

// Decomposed (NFD) input on purpose: the PDF must come out in NFC.
const nfd = (s: string) => s.normalize('NFD');

const appointment = (at: Date) => `${formatClockVn(at)}, ${formatOfficialDate(at)}`;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-apology-'));
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const FORM_2025 = formInfo('apology', '2025');
const TITLE_2025 = 'PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT';

describe('Mẫu 04 — phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết (2025)', () => {
  const data: ApologyData = {
    code: '000.31.01.H26-261119-0015',
    form: FORM_2025,
    sequence: '3',
    governingBody: 'UBND Thành phố Đồng Nai',
    agencyName: 'UBND phường Trấn Biên',
    placeName: 'Trấn Biên',
    issuedAt: vnInstant('2026-11-25', '10:30'),
    applicant: { name: nfd('Nguyễn Thị Thảo'), idNumber: '075190012345' },
    receivingUnit: 'Trung tâm Phục vụ hành chính công phường Trấn Biên',
    procedureName: 'Đăng ký kết hôn (trường hợp cần xác minh)',
    receivedAt: vnInstant('2026-11-19', '09:00'),
    originalDueAt: vnInstant('2026-11-26', '09:00'),
    newDueAt: vnInstant('2026-12-01', '15:30'),
    reason: nfd(
      '- Cần xác minh tình trạng hôn nhân của bên nam tại nơi thường trú trước đây (xã Phước Thiền).\n' +
        '- Cơ quan được đề nghị xác minh chưa có văn bản trả lời.',
    ),
    signerName: 'Hoàng Văn Lộc',
    signerTitle: 'Chủ tịch',
    issuedBySystem: false,
  };
  const reasonLines = data.reason.normalize('NFC').split('\n');
  let file: string;
  let pdf: Buffer;

  before(async () => {
    pdf = await renderApology(data);
    file = write('apology.pdf', pdf);
  });

  test('has the header, title, addressee, the dossier facts and both appointments, in NFC', () => {
    assert.equal(pagesOf(file), 1);
    const text = textOf(file);
    assert.equal(appointment(data.originalDueAt), '09 giờ 00 phút, ngày 26 tháng 11 năm 2026');
    assert.equal(appointment(data.newDueAt), '15 giờ 30 phút, ngày 01 tháng 12 năm 2026');
    assertContains(text, [
      'UBND THÀNH PHỐ ĐỒNG NAI',
      'UBND PHƯỜNG TRẤN BIÊN',
      'Mẫu 04',
      'Số: 3/PXL',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Trấn Biên, ngày 25 tháng 11 năm 2026',
      TITLE_2025,
      'Kính gửi: Nguyễn Thị Thảo',
      'Ông/Bà: Nguyễn Thị Thảo',
      'Số định danh cá nhân: 075190012345',
      'Mã hồ sơ: 000.31.01.H26-261119-0015',
      'Thủ tục hành chính: Đăng ký kết hôn (trường hợp cần xác minh)',
      'Cơ quan giải quyết: UBND phường Trấn Biên',
      'Thời gian hẹn trả kết quả: 09 giờ 00 phút, ngày 26 tháng 11 năm 2026',
      'Thời gian hẹn trả kết quả mới: 15 giờ 30 phút, ngày 01 tháng 12 năm 2026',
      'Lý do:',
      ...reasonLines,
      'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ',
      'CHỦ TỊCH',
      'Hoàng Văn Lộc',
    ]);
    assert.equal(FORM_2025.title, TITLE_2025, 'the title comes from the form registry');
    assert.ok(!text.includes('HẸN LẠI NGÀY TRẢ KẾT QUẢ'), 'not the 2018 title');
    assert.ok(!text.includes('theo quy định'), 'no claim of a rule');
    const f = flat(text);
    assert.ok(
      f.includes('Vào 09 giờ 00 phút, ngày 19 tháng 11 năm 2026, Trung tâm Phục vụ hành chính công phường Trấn Biên đã tiếp nhận hồ sơ'),
      'received line',
    );
    // Issued before the original appointment: it will not be met.
    assert.ok(f.includes('UBND phường Trấn Biên không thể trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời gian đã hẹn.'), 'will not be met');
    assert.ok(!f.includes('chưa giải quyết xong'));
    assert.ok(f.includes('UBND phường Trấn Biên xin lỗi Ông/Bà vì sự chậm trễ này và xin hẹn lại thời gian trả kết quả vào:'), 'apology');
    assert.ok(!f.includes(APOLOGY_SYSTEM_NOTE), 'no system line when issued by a person');
    assert.ok(!text.includes('.........'), 'no dotted line when the signer is known');
  });

  test('stays small, with embedded subset fonts', () => {
    assert.ok(pdf.length <= MAX_BYTES, `apology is ${pdf.length} bytes`);
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    assert.ok(rows.length >= 2);
    for (const row of rows) assert.match(row, /Tinos.*\byes\s+yes\s+yes\b/);
  });

  test('issued by the system after the appointment passed: "has not been met", system line, dotted signer', async () => {
    const auto = await renderApology({
      ...data,
      sequence: '4',
      issuedAt: vnInstant('2026-11-26', '09:00'),
      reason: 'Hồ sơ quá hạn giải quyết theo thời gian đã hẹn.',
      signerTitle: null,
      signerName: null,
      issuedBySystem: true,
    });
    const autoFile = write('apology-auto.pdf', auto);
    assert.equal(pagesOf(autoFile), 1);
    assert.ok(auto.length <= MAX_BYTES, `apology is ${auto.length} bytes`);
    const text = textOf(autoFile);
    assertContains(text, [
      'Số: 4/PXL',
      'Trấn Biên, ngày 26 tháng 11 năm 2026',
      'Thời gian hẹn trả kết quả: 09 giờ 00 phút, ngày 26 tháng 11 năm 2026',
      'Thời gian hẹn trả kết quả mới: 15 giờ 30 phút, ngày 01 tháng 12 năm 2026',
      'Hồ sơ quá hạn giải quyết theo thời gian đã hẹn.',
      APOLOGY_SIGNER_TITLE,
    ]);
    assert.ok(!text.includes('CHỦ TỊCH'), 'no title for the system');
    assert.ok(!text.includes('Hoàng Văn Lộc'));
    assert.ok(!text.includes('theo quy định'), 'the system line claims no rule');
    assert.ok(text.includes('do hệ thống phát hành'));
    assert.match(text, /\.{20,}/, 'a dotted line for the unknown signer');
    const f = flat(text);
    assert.ok(f.includes('Tuy nhiên, đến nay UBND phường Trấn Biên chưa giải quyết xong hồ sơ và chưa trả kết quả cho Ông/Bà đúng thời gian đã hẹn.'), 'has not been met');
    assert.ok(!f.includes('không thể trả kết quả'));
    assert.ok(f.includes(APOLOGY_SYSTEM_NOTE), 'system line');
  });

  test('a long, multi-line reason keeps every line and still fits on one page', async () => {
    const reason = Array.from({ length: 6 }, (_, i) => `- Lý do thứ ${i + 1}: cơ quan phối hợp chưa gửi kết quả xác minh thông tin về thửa đất và nhân thân của người đề nghị.`).join('\n');
    const longFile = write('apology-long.pdf', await renderApology({ ...data, reason, issuedBySystem: true }));
    assert.equal(pagesOf(longFile), 1);
    const f = flat(textOf(longFile));
    for (const line of reason.split('\n')) assert.ok(f.includes(line), `reason line missing: ${line}`);
    assert.ok(f.includes(APOLOGY_SYSTEM_NOTE));
  });
});

describe('the apology under the 2018 numbering, with a province suffix, and the electronic copy', () => {
  const base: ApologyData = {
    code: '000.31.01.H26-261119-0016',
    form: formInfo('apology', '2018', { apology: 'PXL-UBND' }),
    sequence: '12',
    governingBody: 'UBND Thành phố Đồng Nai',
    agencyName: 'UBND phường Trấn Biên',
    placeName: 'Trấn Biên',
    issuedAt: vnInstant('2026-11-24', '15:00'),
    applicant: { name: 'N*** V*** A***', idNumber: null },
    receivingUnit: 'Trung tâm Phục vụ hành chính công phường Trấn Biên',
    procedureName: 'Cấp giấy phép xây dựng',
    receivedAt: vnInstant('2026-11-10', '09:00'),
    originalDueAt: vnInstant('2026-11-26', '09:00'),
    newDueAt: vnInstant('2026-12-03', '09:00'),
    reason: 'Chờ ý kiến của Sở Xây dựng.',
    signerName: 'Hoàng Văn Lộc',
    signerTitle: 'Phó Chủ tịch',
    issuedBySystem: false,
    electronic: true,
  };

  test('a long title of the head keeps the agency name on one line (the line is set smaller, not broken), on paper and electronic copies', async () => {
    for (const electronic of [false, true]) {
      // The demo head's title (seeds/demo.ts): at the block's 12 pt it wrapped "… PHƯỜNG TRẤN / BIÊN".
      const long = write(`apology-long-title-${electronic}.pdf`, await renderApology({ ...base, signerTitle: 'Phó Chủ tịch UBND phường Trấn Biên', electronic }));
      const lines = textOf(long).split('\n').map((l) => l.trim());
      assert.ok(lines.includes('PHÓ CHỦ TỊCH UBND PHƯỜNG TRẤN BIÊN'), lines.filter((l) => /PHƯỜNG|BIÊN|CHỦ TỊCH/.test(l)).join(' | '));
      assert.ok(lines.includes('THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ'));
      assert.ok(!lines.includes('BIÊN'), 'no "BIÊN" alone on the next line');
      assert.equal(pagesOf(long), 1);
    }
  });

  test('the 2018 title and the configured suffix come from the registry; the electronic copy has the digital-signature box', async () => {
    const file = write('apology-2018-electronic.pdf', await renderApology(base));
    const text = textOf(file);
    assertContains(text, ['PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', 'Số: 12/PXL-UBND', 'Kính gửi: N*** V*** A***', 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ', 'PHÓ CHỦ TỊCH', 'Ký số: Hoàng Văn Lộc']);
    assert.ok(!text.includes('ĐỀ NGHỊ GIA HẠN'));
    assert.ok(!text.includes('Số định danh'), 'the masked copy has no ID line');
  });
});

describe('when the draft is prepared and when an apology is late (working calendar, by date)', () => {
  // National Day 2026: Mon 31/08 swapped off, Tue 01/09 and Wed 02/09 holidays.
  const cal = new WorkingCalendar([
    { date: '2026-08-31', kind: 'swapped_day_off', name: 'Nghỉ bù' },
    { date: '2026-09-01', kind: 'holiday', name: 'Quốc khánh' },
    { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh' },
  ]);
  const due = vnInstant('2026-09-03', '10:00'); // Thursday after the holiday

  const received = vnInstant('2026-08-24', '09:00');

  test('the last day on time is the working day before the appointment, across a holiday and a weekend', () => {
    assert.deepEqual(issueDeadline(cal, received, due), { date: '2026-08-28', shortened: false });
    assert.equal(isIssuedLate(cal, vnInstant('2026-08-28', '16:59'), received, due), false);
    assert.equal(isIssuedLate(cal, vnInstant('2026-08-29', '09:00'), received, due), true, 'the Saturday after: no working day is left before the appointment');
    assert.equal(isIssuedLate(cal, vnInstant('2026-08-31', '08:00'), received, due), true, 'the swapped day off comes after the deadline');
    assert.equal(isIssuedLate(cal, vnInstant('2026-09-03', '09:00'), received, due), true);
  });

  test('never before the receipt: a same-day dossier received on Sunday 06/12 (due Monday 07/12 17:00) may be issued on Monday', () => {
    const plain = new WorkingCalendar([]);
    const sunday = vnInstant('2026-12-06', '10:00');
    const monday = vnInstant('2026-12-07', '17:00');
    assert.deepEqual(issueDeadline(plain, sunday, monday), { date: '2026-12-07', shortened: true });
    assert.equal(isIssuedLate(plain, vnInstant('2026-12-07', '16:00'), sunday, monday), false);
    assert.equal(isIssuedLate(plain, vnInstant('2026-12-08', '08:00'), sunday, monday), true);
    // Received Monday 09:00, same day: Monday. Received Friday 16:00 (after the cut-off), due Monday: Friday is still the day before.
    assert.deepEqual(issueDeadline(plain, vnInstant('2026-12-07', '09:00'), monday), { date: '2026-12-07', shortened: true });
    assert.deepEqual(issueDeadline(plain, vnInstant('2026-12-04', '16:00'), monday), { date: '2026-12-04', shortened: false });
    // 1 working day from Monday 10:00 → Tuesday 10:00: Monday, as before.
    assert.deepEqual(issueDeadline(plain, vnInstant('2026-12-07', '10:00'), vnInstant('2026-12-08', '10:00')), { date: '2026-12-07', shortened: false });
    // Received on the holiday-eve Saturday 29/08, due Thursday 03/09: the working day before is Friday 28/08, before the receipt → Thursday 03/09.
    assert.deepEqual(issueDeadline(cal, vnInstant('2026-08-29', '09:00'), due), { date: '2026-09-03', shortened: true });
  });

  test('at risk: no more than half of the statutory time left; a same-day procedure only on its appointment day', () => {
    const plain = new WorkingCalendar([]);
    // The default window, APOLOGY_REMINDER_WORKING_DAYS = 2.
    const isAtRisk2 = (c: WorkingCalendar, time: ProcessingTime, now: Date, due: Date) => isAtRisk(c, time, now, due, 2);
    const sameDay = { unit: 'same_day' as const, amount: 0 };
    const monday17 = vnInstant('2026-12-07', '17:00');
    assert.equal(AT_RISK_SHARE, 0.5);
    // Received Sunday: not on Sunday, not Monday morning; from Monday 13:00 (4 h of 8 left).
    assert.equal(isAtRisk2(plain, sameDay, vnInstant('2026-12-06', '10:00'), monday17), false);
    assert.equal(isAtRisk2(plain, sameDay, vnInstant('2026-12-07', '09:00'), monday17), false);
    assert.equal(isAtRisk2(plain, sameDay, vnInstant('2026-12-07', '11:59'), monday17), false);
    assert.equal(isAtRisk2(plain, sameDay, vnInstant('2026-12-07', '13:00'), monday17), true);
    assert.equal(isAtRisk2(plain, sameDay, vnInstant('2026-12-07', '17:30'), monday17), true, 'past the appointment');
    // Received Friday 16:00 after the cut-off, due Monday 17:00: never on Friday, though only 9 h remain.
    assert.equal(isAtRisk2(plain, sameDay, vnInstant('2026-12-04', '16:30'), monday17), false);
    // 1 working day, received Monday 10:00, due Tuesday 10:00: from Monday 15:00.
    const oneDay = { unit: 'working_days' as const, amount: 1 };
    const tuesday10 = vnInstant('2026-12-08', '10:00');
    assert.equal(isAtRisk2(plain, oneDay, vnInstant('2026-12-07', '14:59'), tuesday10), false);
    assert.equal(isAtRisk2(plain, oneDay, vnInstant('2026-12-07', '15:00'), tuesday10), true);
    // Longer than the window (2 working days): the window decides alone, so the head has time to issue.
    assert.equal(isAtRisk2(plain, { unit: 'working_days', amount: 3 }, vnInstant('2026-12-04', '07:00'), tuesday10), true);
    assert.equal(isAtRisk2(plain, { unit: 'calendar_days', amount: 3 }, vnInstant('2026-12-04', '07:00'), tuesday10), true);
    // As long as the window: the share decides (2 working days, due Tuesday 10:00: from Monday 10:00).
    assert.equal(isAtRisk2(plain, { unit: 'working_days', amount: 2 }, vnInstant('2026-12-07', '09:59'), tuesday10), false);
    assert.equal(isAtRisk2(plain, { unit: 'working_days', amount: 2 }, vnInstant('2026-12-07', '10:00'), tuesday10), true);
    // A wider window (5 working days) makes a 3-day procedure short too.
    assert.equal(isAtRisk(plain, { unit: 'working_days', amount: 3 }, vnInstant('2026-12-04', '07:00'), tuesday10, 5), false);
    // 4 working hours, due Monday 12:00: from 10:00.
    assert.equal(isAtRisk2(plain, { unit: 'working_hours', amount: 4 }, vnInstant('2026-12-07', '09:00'), vnInstant('2026-12-07', '12:00')), false);
    assert.equal(isAtRisk2(plain, { unit: 'working_hours', amount: 4 }, vnInstant('2026-12-07', '10:00'), vnInstant('2026-12-07', '12:00')), true);
  });

  test('two working days before: drafted on Thursday 27/08 (Friday and Thursday 03/09 left), not on Wednesday', () => {
    assert.ok(draftHorizon(cal, vnInstant('2026-08-27', '07:00'), 2).getTime() >= due.getTime());
    assert.ok(draftHorizon(cal, vnInstant('2026-08-26', '16:00'), 2).getTime() < due.getTime());
    assert.equal(draftHorizon(cal, vnInstant('2026-08-27', '07:00'), 2).getTime(), vnInstant('2026-09-04').getTime() - 1, 'the end of Thursday 03/09');
  });
});
