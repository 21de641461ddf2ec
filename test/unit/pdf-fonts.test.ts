import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { createDocument, toBuffer } from '../../src/pdf/document.js';
import { renderReceipt, type ReceiptData } from '../../src/pdf/receipt.js';
import { textOf, writePdf } from '../helpers/pdf.js';

const receipt: ReceiptData = {
  code: '000.31.01.H26-261123-0042',
  sequenceLabel: '0042',
  governingBody: 'UBND Thành phố Đồng Nai',
  unitName: 'UBND phường Trấn Biên',
  placeName: 'Trấn Biên',
  hotline: '0251 3822 222',
  applicant: { name: 'Nguyễn Thị Thảo', idNumber: '075190001234', address: 'Số 12, đường Võ Thị Sáu, phường Trấn Biên', phone: '0912345678', email: null, representativeName: null },
  procedureName: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
  procedureCode: '2.000815',
  documents: [{ name: 'Bản chính giấy tờ cần chứng thực', originals: 1, certifiedCopies: 0, copies: 2 }],
  setsCount: 1,
  processingTime: 'Trong ngày',
  receivedAt: vnInstant('2026-11-23', '09:10'),
  dueAt: vnInstant('2026-11-23', '16:00'),
  resultDelivery: 'Nhận trực tiếp tại Bộ phận Một cửa',
  clerkName: 'Trần Văn Bình',
  statusUrl: 'https://motcua.example.vn/s/abcdefghijklmnopqrstuvwxyzABCDEF',
  printNumber: 1,
};

/** The page as pixels: what a printer would put on paper. */
function pixels(file: string): Buffer {
  return execFileSync('pdftoppm', ['-r', '60', '-gray', file]);
}

describe('embedded fonts are parsed once per process and shared by documents', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-fonts-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('two documents use the same parsed font for each face, each with its own embedding', () => {
    type Internals = { _fontFamilies: Record<string, { font: unknown; subset: unknown }> };
    const a = createDocument('A') as unknown as Internals;
    const b = createDocument('B') as unknown as Internals;
    for (const face of ['regular', 'bold', 'italic', 'boldItalic']) {
      const fa = a._fontFamilies[face];
      const fb = b._fontFamilies[face];
      assert.ok(fa && fb, `face ${face} not registered`);
      assert.equal(fa.font, fb.font, `face ${face} parsed again`);
      assert.notEqual(fa, fb);
      assert.notEqual(fa.subset, fb.subset);
    }
  });

  test('a letter first met as part of a composed letter keeps its character in later documents', async () => {
    // The subset of the first document looks up the bare parts of "ế", "ộ", "ữ"…; the next
    // document's plain "e", "o", "u" must still extract as text.
    for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      const composed = createDocument('A');
      composed.font(face).text('Thế giới Phố cổ Hội An những ngữ cảnh ỷ ỹ ẫ ặ ờ ợ');
      await toBuffer(composed);
      const plain = createDocument('B');
      plain.font(face).text('theo ngay tu do a e i o u y');
      const file = writePdf(dir, `plain-${face}.pdf`, await toBuffer(plain));
      assert.match(textOf(file), /theo ngay tu do a e i o u y/, `face ${face}`);
    }
  });

  test('receipts rendered with the shared fonts look and read like the first one', async () => {
    const first = writePdf(dir, 'first.pdf', await renderReceipt(receipt));
    const pdfs: Buffer[] = [];
    for (let i = 0; i < 5; i++) pdfs.push(await renderReceipt(receipt));
    const last = writePdf(dir, 'last.pdf', pdfs.at(-1)!);
    assert.equal(textOf(last), textOf(first));
    assert.ok(textOf(last).includes('Nguyễn Thị Thảo'));
    assert.ok(pixels(last).equals(pixels(first)), 'a document rendered with the shared fonts differs from the first');
    // Each document still embeds its own subset: same size, no glyphs leaking between documents.
    assert.equal(pdfs.at(-1)!.length, fs.statSync(first).size);
  });
});
