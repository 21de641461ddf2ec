import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pdfSignatureScanner, scanPdfSignature } from '../../src/domain/pdf-signature.js';
import { procedureHasFee, resultCanBeElectronic, resultDownload, resultFileAttachable, resultNotice } from '../../src/domain/result-file.js';
import { seededRandom } from '../helpers/routes.js';

/**
 * A PDF shaped as a signing tool writes one: the signature dictionary with its /ByteRange
 * (the bytes hashed: everything but the /Contents hex string) and a /Contents placeholder of
 * hex; `append` adds an incremental update after the signed bytes.
 */
function signedPdf(opts: { append?: string; type?: string; contents?: boolean; padBefore?: number } = {}): Buffer {
  const head = `%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>\nendobj\n${' '.repeat(opts.padBefore ?? 0)}`;
  const hex = 'a'.repeat(4096);
  const dictStart = `5 0 obj\n<< /Type ${opts.type ?? '/Sig'} /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [`;
  const contents = opts.contents === false ? '' : ` /Contents <${hex}>`;
  const tailAfterContents = ' /M (D:20261206090000+07\'00\') >>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n';
  // /ByteRange [0 a b c]: a = up to the '<' of /Contents, b = after its '>', c = the rest. Padded to a fixed width.
  const build = (nums: number[]) => `${dictStart}${nums.map((n) => String(n).padStart(10, '0')).join(' ')}]`;
  const probe = build([0, 0, 0, 0]);
  const beforeHex = head.length + probe.length + ' /Contents '.length;
  const total = head.length + probe.length + contents.length + tailAfterContents.length;
  const afterHex = beforeHex + hex.length + 2;
  const text = head + build([0, beforeHex, afterHex, total - afterHex]) + contents + tailAfterContents + (opts.append ?? '');
  return Buffer.from(text, 'latin1');
}

function chunked(buf: Buffer, sizes: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; ) {
    const n = Math.max(1, sizes());
    out.push(buf.subarray(i, i + n));
    i += n;
  }
  return out;
}

const UNSIGNED = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

test('a signed PDF: its signature dictionary found, one signature, covering the whole file', () => {
  assert.deepEqual(scanPdfSignature([signedPdf()]), { signed: true, signatures: 1, lastCoversWholeFile: true });
  // A document time stamp is a signature dictionary too.
  assert.equal(scanPdfSignature([signedPdf({ type: '/DocTimeStamp' })]).signed, true);
});

test('an unsigned PDF, a signature field without a value, a /SigRef, a /ByteRange without /Contents: not signed', () => {
  assert.deepEqual(scanPdfSignature([UNSIGNED]), { signed: false, signatures: 0, lastCoversWholeFile: null });
  assert.equal(scanPdfSignature([Buffer.from('%PDF-1.7\n4 0 obj << /FT /Sig /T (Chu ky) /Rect [0 0 0 0] >> endobj\n%%EOF')]).signed, false, 'an empty signature field');
  assert.equal(scanPdfSignature([Buffer.from('%PDF-1.7\n<< /Type /SigRef /TransformMethod /DocMDP >>\n%%EOF')]).signed, false);
  assert.equal(scanPdfSignature([signedPdf({ type: '/Annot', contents: false })]).signed, false);
});

test('bytes appended after the last signature (an incremental update) are told apart', () => {
  const scan = scanPdfSignature([signedPdf({ append: '6 0 obj << /Type /Annot /Subtype /Text /Contents (sửa sau khi ký) >> endobj\n%%EOF\n' })]);
  assert.deepEqual(scan, { signed: true, signatures: 1, lastCoversWholeFile: false });
});

test('streamed in chunks of any size (1 byte, random, split inside the dictionary): the same answer as whole', () => {
  const files = [signedPdf(), signedPdf({ padBefore: 700, append: 'x\n' }), signedPdf({ type: '/DocTimeStamp' }), UNSIGNED];
  const random = seededRandom(24);
  for (const file of files) {
    const whole = scanPdfSignature([file]);
    assert.deepEqual(scanPdfSignature(chunked(file, () => 1)), whole);
    for (let i = 0; i < 20; i++) assert.deepEqual(scanPdfSignature(chunked(file, () => Math.floor(random() * 700))), whole);
  }
  // "/Type /Sig" split right after "Sig" and continued as "Ref" is not a signature.
  const s = pdfSignatureScanner();
  s.push(Buffer.from('%PDF-1.7\n<< /Type /Sig'));
  s.push(Buffer.from('Ref >>\n%%EOF'));
  assert.equal(s.finish().signed, false);
});

test('a 30 MB stream in 64 KB chunks: the signature at its end is found (only a small tail is kept between chunks)', () => {
  const s = pdfSignatureScanner();
  const block = Buffer.alloc(64 * 1024, 0x20);
  for (let i = 0; i < 480; i++) s.push(block);
  s.push(signedPdf());
  const scan = s.finish();
  assert.equal(scan.signed, true);
  assert.equal(scan.signatures, 1);
  assert.equal(scan.lastCoversWholeFile, false, 'its /ByteRange counted from 0 does not reach the end of this longer file');
});

test('hand-back rules: the file, a result, the fee paid (or none, or handed back)', () => {
  const base = { status: 'result_ready' as const, hasFile: true, hasFee: false, feePaid: false };
  assert.deepEqual(resultDownload(base), { available: true });
  assert.deepEqual(resultDownload({ ...base, hasFile: false }), { available: false, reason: 'no_file' });
  for (const status of ['received', 'in_progress', 'paused', 'awaiting_supplement', 'refused', 'withdrawn', 'voided'] as const) {
    assert.deepEqual(resultDownload({ ...base, status }), { available: false, reason: 'not_ready' }, status);
  }
  assert.deepEqual(resultDownload({ ...base, hasFee: true }), { available: false, reason: 'fee_unpaid' });
  assert.deepEqual(resultDownload({ ...base, hasFee: true, feePaid: true }), { available: true });
  assert.deepEqual(resultDownload({ ...base, hasFee: true, status: 'returned' }), { available: true }, 'handed back: settled');
  assert.equal(procedureHasFee(0), false);
  assert.equal(procedureHasFee(8000), true);
  assert.equal(procedureHasFee(null), true, 'an amount to be seen in the note is a fee');
  assert.equal(resultCanBeElectronic({ resultElectronic: true }, { resultDelivery: 'counter' }), true);
  assert.equal(resultCanBeElectronic({ resultElectronic: false }, { resultDelivery: 'online' }), true);
  assert.equal(resultCanBeElectronic({ resultElectronic: false }, { resultDelivery: 'post' }), false);
  assert.equal(resultFileAttachable('in_progress'), true);
  assert.equal(resultFileAttachable('result_ready'), true);
  assert.equal(resultFileAttachable('returned'), false);
  assert.equal(resultFileAttachable('refused'), false);
});

test("the status page's notice: nothing without a file or before the result, the fee's wait, then the file", () => {
  const file = { name: 'ket-qua.pdf' };
  assert.equal(resultNotice({ status: 'result_ready', file: null, feeVnd: 0, feePaid: false }), null, 'no file: no notice');
  assert.equal(resultNotice({ status: 'in_progress', file, feeVnd: 0, feePaid: false }), null, 'a file attached early is not announced');
  assert.deepEqual(resultNotice({ status: 'result_ready', file, feeVnd: 100_000, feePaid: false }), { state: 'waiting', reason: 'fee_unpaid' });
  assert.deepEqual(resultNotice({ status: 'result_ready', file, feeVnd: null, feePaid: false }), { state: 'waiting', reason: 'fee_unpaid' }, 'an amount in the note is a fee');
  assert.deepEqual(resultNotice({ status: 'result_ready', file, feeVnd: 100_000, feePaid: true }), { state: 'available', file });
  assert.deepEqual(resultNotice({ status: 'result_ready', file, feeVnd: 0, feePaid: false }), { state: 'available', file }, 'no fee to pay');
  assert.deepEqual(resultNotice({ status: 'returned', file, feeVnd: 100_000, feePaid: false }), { state: 'available', file }, 'handed back: settled');
});
