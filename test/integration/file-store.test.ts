/**
 * The file storage on a real directory: photos re-encoded (upright, shrunk, no metadata), PDFs
 * kept byte for byte, every refusal (too large, wrong kind whatever its name, a decompression
 * bomb, an upload cut half-way) leaving nothing on disk, the same bytes stored once, a
 * corrupted file found by verify, and a crash's temporary files swept.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { zlibSync } from '../helpers/png.js';
import { FILE_MESSAGES, fileStore, type FileStore } from '../../src/platform/files/file-store.js';

const MB = 1024 * 1024;

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** A stream of `chunks`, as an upload arrives. */
const streamOf = (...chunks: Buffer[]) => Readable.from(chunks);

describe('the file storage', () => {
  let dir: string;
  let store: FileStore;
  let sharp: typeof import('sharp')['default'];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-files-'));
    store = fileStore({ dir, maxFileBytes: 10 * MB, image: { maxSide: 2000, jpegQuality: 80, maxInputPixels: 50_000_000 } });
    sharp = (await import('sharp')).default;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a phone photo of 4000 × 3000 with its GPS position: stored upright, 2000 px, under 1 MB, no metadata left', async () => {
    const w = 4000;
    const h = 3000;
    const raw = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        const n = ((x * 7919 + y * 104729) % 40) | 0;
        raw[i] = ((x * 255) / w + n) & 255;
        raw[i + 1] = ((y * 255) / h + n) & 255;
        raw[i + 2] = (((x + y) % 256) + n) & 255;
      }
    }
    const photo = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality: 95 })
      .withExif({ IFD0: { Copyright: 'Nguyen Van An' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '10/1 57/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '106/1 49/1 0/1' } })
      .toBuffer();
    assert.ok(photo.length > 4 * MB, `the test photo is a phone's (${photo.length} bytes)`);
    assert.ok((await sharp(photo).metadata()).exif, 'it carries EXIF');

    const r = await store.put(streamOf(photo.subarray(0, 100_000), photo.subarray(100_000)));
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.kind, 'jpeg');
    assert.ok(r.value.size < 1 * MB, `${r.value.size} bytes`);
    const stored = fs.readFileSync(store.path(r.value.sha256));
    assert.equal(createHash('sha256').update(stored).digest('hex'), r.value.sha256);
    const meta = await sharp(stored).metadata();
    assert.deepEqual([meta.width, meta.height, meta.exif, meta.xmp, meta.iptc], [2000, 1500, undefined, undefined, undefined]);
    assert.equal(stored.includes(Buffer.from('Nguyen Van An')), false);
    assert.deepEqual(filesUnder(path.join(dir, 'tmp')), [], 'no temporary file left');
  });

  test('a PDF is kept byte for byte, whatever its name; the same bytes are stored once', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const a = await store.put(streamOf(pdf));
    const b = await store.put(streamOf(pdf.subarray(0, 10), pdf.subarray(10)));
    assert.ok(a.ok && b.ok);
    assert.equal(a.value.sha256, b.value.sha256);
    assert.deepEqual(fs.readFileSync(store.path(a.value.sha256)), pdf);
    assert.equal(filesUnder(dir).filter((f) => f.endsWith(a.value.sha256)).length, 1);
    assert.equal(await store.verify(a.value.sha256), true);
  });

  test('a PNG (named .pdf by its sender) is a PNG; HTML named .jpg, a zip, an empty file are refused with nothing left', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const asPng = await store.put(streamOf(png));
    assert.ok(asPng.ok);
    assert.equal(asPng.value.kind, 'png');
    const before = filesUnder(dir);
    for (const [bytes, message] of [
      [Buffer.from('<html><body><script>alert(1)</script></body></html>'), FILE_MESSAGES.wrongKind],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), FILE_MESSAGES.wrongKind],
      [Buffer.alloc(0), FILE_MESSAGES.empty],
    ] as const) {
      const r = await store.put(streamOf(bytes));
      assert.ok(!r.ok);
      assert.equal(r.message, message);
    }
    assert.deepEqual(filesUnder(dir), before, 'nothing stored, no temporary file');
  });

  test('past the size limit the upload is cut: refused, nothing on disk, and what streams after the limit is never written', async () => {
    let sent = 0;
    const big = new Readable({
      read() {
        if (sent >= 50 * MB) return this.push(null);
        const chunk = sent === 0 ? Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MB - 9)]) : Buffer.alloc(MB);
        sent += chunk.length;
        this.push(chunk);
      },
    });
    const before = filesUnder(dir);
    const r = await store.put(big);
    assert.ok(!r.ok);
    assert.equal(r.message, 'Tệp lớn hơn 10 MB: vui lòng chụp lại với độ phân giải thấp hơn hoặc chia nhỏ tệp PDF.');
    assert.deepEqual(filesUnder(dir), before);
  });

  test('an upload cut half-way (the connection drops) leaves nothing', async () => {
    let n = 0;
    const cut = new Readable({
      read() {
        n++;
        if (n === 1) this.push(Buffer.from('%PDF-1.7\n'));
        else if (n < 4) this.push(Buffer.alloc(64 * 1024));
        else this.destroy(new Error('ECONNRESET'));
      },
    });
    const before = filesUnder(dir);
    const r = await store.put(cut);
    assert.ok(!r.ok);
    assert.equal(r.message, FILE_MESSAGES.interrupted);
    assert.deepEqual(filesUnder(dir), before);
  });

  test('a decompression bomb (a small PNG that decodes to 100,000 × 100,000) is refused before it is decoded', async () => {
    const bomb = zlibSync.png(100_000, 100_000);
    assert.ok(bomb.length < 1000);
    const before = filesUnder(dir);
    const started = performance.now();
    const r = await store.put(streamOf(bomb));
    assert.ok(!r.ok);
    assert.equal(r.message, FILE_MESSAGES.badImage);
    assert.ok(performance.now() - started < 5000);
    assert.deepEqual(filesUnder(dir), before);
  });

  test('verify finds a corrupted file; sweepTemp removes what a crash left, and only old ones', async () => {
    const r = await store.put(streamOf(Buffer.from('%PDF-1.5\nhello\n%%EOF\n')));
    assert.ok(r.ok);
    fs.appendFileSync(store.path(r.value.sha256), 'x');
    assert.equal(await store.verify(r.value.sha256), false);
    assert.equal(await store.verify('0'.repeat(64)), false);
    assert.throws(() => store.path('../../etc/passwd'));
    const tmp = path.join(dir, 'tmp');
    fs.writeFileSync(path.join(tmp, 'crashed.part'), 'half');
    fs.writeFileSync(path.join(tmp, 'live.part'), 'in flight');
    const old = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(path.join(tmp, 'crashed.part'), old, old);
    assert.equal(await store.sweepTemp(new Date(), 3600_000), 1);
    assert.deepEqual(fs.readdirSync(tmp), ['live.part']);
    const all: string[] = [];
    for await (const h of store.hashes()) all.push(h);
    assert.ok(all.includes(r.value.sha256));
    assert.ok(all.every((h) => /^[0-9a-f]{64}$/.test(h)));
  });
});
