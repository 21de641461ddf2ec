import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeFileName, sniffFileKind } from '../../src/domain/file-kind.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

test('the kind is read from the bytes: JPEG, PNG, PDF; anything else is none', () => {
  assert.equal(sniffFileKind(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)), 'jpeg');
  assert.equal(sniffFileKind(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0)), 'png');
  assert.equal(sniffFileKind(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj')), 'pdf');
  // Readers accept a PDF header within the first 1024 bytes (some scanners write junk first).
  assert.equal(sniffFileKind(Buffer.concat([Buffer.alloc(500, 0x20), Buffer.from('%PDF-1.4\n')])), 'pdf');
  assert.equal(sniffFileKind(Buffer.concat([Buffer.alloc(1100, 0x20), Buffer.from('%PDF-1.4\n')])), null);
  assert.equal(sniffFileKind(Buffer.from('<!doctype html><script>alert(1)</script>')), null);
  assert.equal(sniffFileKind(Buffer.from('%PDF-x')), null);
  assert.equal(sniffFileKind(bytes(0x50, 0x4b, 0x03, 0x04)), null, 'a zip (docx) is not taken');
  assert.equal(sniffFileKind(bytes(0xff, 0xd8)), null, 'two bytes are not a JPEG');
  assert.equal(sniffFileKind(bytes()), null);
});

test('a download name: the base name only, no control characters or quotes, the extension of its real kind', () => {
  assert.equal(safeFileName('../../etc/passwd', 'pdf'), 'passwd.pdf');
  assert.equal(safeFileName('C:\\Users\\An\\Giấy khai sinh.JPG', 'jpeg'), 'Giấy khai sinh.jpg');
  assert.equal(safeFileName('hop-dong.pdf.exe', 'pdf'), 'hop-dong.pdf.pdf');
  assert.equal(safeFileName('a"b\r\nc<d>.png', 'png'), 'abcd.png');
  assert.equal(safeFileName('...', 'pdf'), 'tep.pdf');
  assert.equal(safeFileName('', 'png'), 'tep.png');
  assert.equal(safeFileName('Ho\u0302\u0300 so\u031b.pdf', 'pdf'), 'Hồ sơ.pdf', 'NFC');
  assert.equal(safeFileName(`${'a'.repeat(300)}.pdf`, 'pdf').length, 124);
});
