/**
 * The file storage: documents citizens and clerks attach (photos and PDFs), kept outside the
 * database rows by content hash — `<dir>/<aa>/<bb>/<sha256>` — and referenced from the
 * database by that hash. The same bytes are stored once.
 *
 * `put` takes a stream (an upload, never held whole in memory) and either stores a file or
 * refuses it with a Vietnamese message, leaving nothing behind in both the refusal and the
 * failure cases:
 * - the bytes stream to a temporary file under `<dir>/tmp/`, counted as they come: past the
 *   size limit the upload is cut and the temporary file removed;
 * - the kind is read from the first bytes (src/domain/file-kind.ts): JPEG, PNG or PDF; the
 *   name and declared type are never trusted;
 * - photos are re-encoded (libvips through sharp): turned upright, shrunk to a legible page
 *   (IMAGE_MAX_SIDE_PX on the long side), every metadata block dropped (EXIF with its GPS
 *   position, XMP, comments), at a bounded decoded size (a decompression bomb is refused);
 *   PDFs are kept byte for byte (they may carry a signature);
 * - the result is hashed, flushed to disk and renamed into place: a crash leaves at most a
 *   temporary file, which `sweepTemp` removes.
 */
import { randomUUID, createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SNIFF_BYTES, sniffFileKind, type FileKind } from '../../domain/file-kind.js';
import { refuse, type Refusal } from '../refusal/refusal.js';

export interface FileStoreOptions {
  dir: string;
  /** The largest file taken, in bytes (what arrives, before a photo is shrunk). */
  maxFileBytes: number;
  image: {
    /** The long side of a stored photo, in pixels. */
    maxSide: number;
    /** JPEG quality of a stored photo (1–100). */
    jpegQuality: number;
    /** The most pixels a photo may decode to (width × height): larger is refused. */
    maxInputPixels: number;
  };
}

export interface StoredFile {
  sha256: string;
  /** Bytes stored (after a photo's re-encoding). */
  size: number;
  kind: FileKind;
  /** This put wrote the file (false: the same bytes were stored before). */
  created: boolean;
}

export const FILE_MESSAGES = {
  tooLarge: (mb: number) => `Tệp lớn hơn ${mb} MB: vui lòng chụp lại với độ phân giải thấp hơn hoặc chia nhỏ tệp PDF.`,
  wrongKind: 'Chỉ nhận ảnh chụp (JPEG, PNG) hoặc tệp PDF; tệp này không phải một trong các loại đó.',
  empty: 'Tệp rỗng: vui lòng chọn lại tệp.',
  badImage: 'Ảnh bị hỏng hoặc quá lớn để đọc: vui lòng chụp lại.',
  interrupted: 'Việc tải tệp lên bị gián đoạn: vui lòng gửi lại.',
} as const;

class TooLarge extends Error {}

const HASH_NAME = /^[0-9a-f]{64}$/;

type Sharp = (typeof import('sharp'))['default'];

/** Loads sharp only when a photo arrives (it pulls in libvips), configured for a server: no cache, one thread per call. */
let sharpModule: Promise<Sharp> | null = null;
async function sharpOf(): Promise<Sharp> {
  sharpModule ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    sharp.concurrency(1);
    return sharp;
  });
  return sharpModule;
}

async function removeQuietly(file: string): Promise<void> {
  await fsp.rm(file, { force: true });
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

export function fileStore(opts: FileStoreOptions) {
  const tmpDir = path.join(opts.dir, 'tmp');
  const mb = Math.round(opts.maxFileBytes / (1024 * 1024));
  const pathOf = (sha256: string) => path.join(opts.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

  /** Streams `source` to a new temporary file; its first bytes and its size, or a refusal (nothing left). */
  async function receive(source: Readable, tmp: string): Promise<{ head: Buffer; size: number } | Refusal<'invalid'>> {
    let size = 0;
    const head: Buffer[] = [];
    let headLength = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > opts.maxFileBytes) return done(new TooLarge());
        if (headLength < SNIFF_BYTES) {
          head.push(chunk.subarray(0, SNIFF_BYTES - headLength));
          headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
        }
        done(null, chunk);
      },
    });
    // The source is piped by hand, not through pipeline(): a refusal must leave it open to be
    // drained (a multipart parser's file stream destroyed unread stalls the whole form, and the
    // browser never gets its answer). Its errors (the connection dropped) end the write.
    const written = pipeline(counter, fs.createWriteStream(tmp, { flags: 'wx' }));
    const onError = (err: Error) => counter.destroy(err);
    source.on('error', onError);
    source.pipe(counter);
    try {
      await written;
    } catch (err) {
      source.unpipe(counter);
      source.off('error', onError);
      // An error after the refusal (the client gone while its rest is drained) is nobody's business now.
      source.on('error', () => {});
      await removeQuietly(tmp);
      if (err instanceof TooLarge) {
        source.resume(); // drain what the client still sends, so the answer can be read
        return refuse('invalid', FILE_MESSAGES.tooLarge(mb));
      }
      return refuse('invalid', FILE_MESSAGES.interrupted);
    }
    source.off('error', onError);
    return { head: Buffer.concat(head), size };
  }

  /** A photo upright, shrunk, without metadata, into `out`; false when it cannot be read within the limits. */
  async function reencode(kind: 'jpeg' | 'png', input: string, out: string): Promise<boolean> {
    const sharp = await sharpOf();
    try {
      const image = sharp(input, { limitInputPixels: opts.image.maxInputPixels, failOn: 'error' })
        .rotate()
        .resize({ width: opts.image.maxSide, height: opts.image.maxSide, fit: 'inside', withoutEnlargement: true });
      await (kind === 'jpeg' ? image.jpeg({ quality: opts.image.jpegQuality, mozjpeg: true }) : image.png({ compressionLevel: 9 })).toFile(out);
      return true;
    } catch {
      await removeQuietly(out);
      return false;
    }
  }

  return {
    dir: opts.dir,

    /** Stores what `source` streams, or refuses it; either way nothing is left half-written. */
    async put(source: Readable): Promise<{ ok: true; value: StoredFile } | Refusal<'invalid'>> {
      await fsp.mkdir(tmpDir, { recursive: true });
      const tmp = path.join(tmpDir, `${randomUUID()}.part`);
      const got = await receive(source, tmp);
      if ('ok' in got) return got;
      let file = tmp;
      try {
        if (got.size === 0) return refuse('invalid', FILE_MESSAGES.empty);
        const kind = sniffFileKind(got.head);
        if (!kind) return refuse('invalid', FILE_MESSAGES.wrongKind);
        if (kind !== 'pdf') {
          file = `${tmp}.${kind}`;
          if (!(await reencode(kind, tmp, file))) return refuse('invalid', FILE_MESSAGES.badImage);
        }
        const sha256 = await sha256Of(file);
        const { size } = await fsp.stat(file);
        const handle = await fsp.open(file, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        const dest = pathOf(sha256);
        await fsp.mkdir(path.dirname(dest), { recursive: true });
        // The same bytes are stored once; a rename is atomic, so a reader sees all or nothing.
        const created = !fs.existsSync(dest);
        if (created) await fsp.rename(file, dest);
        else await removeQuietly(file);
        return { ok: true, value: { sha256, size, kind, created } };
      } finally {
        await removeQuietly(tmp);
        if (file !== tmp) await removeQuietly(file);
      }
    },

    /** Where a stored file is (a hash that is not one is refused before any path is built). */
    path(sha256: string): string {
      if (!HASH_NAME.test(sha256)) throw new Error('not a content hash');
      return pathOf(sha256);
    },

    async exists(sha256: string): Promise<boolean> {
      return HASH_NAME.test(sha256) && fs.existsSync(pathOf(sha256));
    },

    /** The stored bytes still hash to their name (restore, checks). */
    async verify(sha256: string): Promise<boolean> {
      if (!HASH_NAME.test(sha256) || !fs.existsSync(pathOf(sha256))) return false;
      return (await sha256Of(pathOf(sha256))) === sha256;
    },

    /** Removes a stored file (one this request created and then refused, or one nothing references). */
    async remove(sha256: string): Promise<void> {
      if (HASH_NAME.test(sha256)) await removeQuietly(pathOf(sha256));
    },

    /** When a stored file was written (null: not stored). */
    async storedAt(sha256: string): Promise<Date | null> {
      if (!HASH_NAME.test(sha256)) return null;
      const stat = await fsp.stat(pathOf(sha256)).catch(() => null);
      return stat ? stat.mtime : null;
    },

    /** Every stored hash (backup, restore checks). */
    async *hashes(): AsyncGenerator<string> {
      for (const a of await fsp.readdir(opts.dir).catch(() => [] as string[])) {
        if (!/^[0-9a-f]{2}$/.test(a)) continue;
        for (const b of await fsp.readdir(path.join(opts.dir, a))) {
          for (const name of await fsp.readdir(path.join(opts.dir, a, b))) if (HASH_NAME.test(name)) yield name;
        }
      }
    },

    /** Removes temporary files older than `olderThanMs` (left by a crash mid-upload); how many. */
    async sweepTemp(now: Date, olderThanMs: number): Promise<number> {
      let removed = 0;
      for (const name of await fsp.readdir(tmpDir).catch(() => [] as string[])) {
        const file = path.join(tmpDir, name);
        const stat = await fsp.stat(file).catch(() => null);
        if (stat && now.getTime() - stat.mtimeMs > olderThanMs) {
          await removeQuietly(file);
          removed++;
        }
      }
      return removed;
    },
  };
}

export type FileStore = ReturnType<typeof fileStore>;
