/** Reading rendered PDFs back the way a person's tools would: poppler's pdftotext and pdfinfo. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Every official form must fit in this many bytes (issue #6's receipt target). */
export const MAX_PDF_BYTES = 40 * 1024;

export function writePdf(dir: string, name: string, pdf: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, pdf);
  return file;
}

/** pdftotext's layout text. Not normalized here: the PDF itself must carry NFC text. */
export function textOf(file: string): string {
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.equal(text, text.normalize('NFC'), `${path.basename(file)}: extracted text is not NFC`);
  return text;
}

/** Number of A4 pages (asserts the page size). */
export function pagesOf(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  const m = /Pages:\s+(\d+)/.exec(info);
  assert.ok(m, info);
  return Number(m[1]);
}

/** Text with runs of white space collapsed, for sentences and items that may wrap. */
export const flat = (s: string) => s.replace(/\s+/g, ' ');

export function assertContains(text: string, expected: readonly string[]): void {
  for (const line of expected) assert.ok(text.includes(line), `missing from the PDF text: ${line}\n---\n${text}`);
}

/** pdftotext's layout text of one page (1-based), NFC-checked like textOf. */
export function textOfPage(file: string, page: number): string {
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  assert.equal(text, text.normalize('NFC'), `${path.basename(file)} page ${page}: extracted text is not NFC`);
  return text;
}
