/**
 * Multipart forms with files (`enctype="multipart/form-data"`): the one way a route takes an
 * upload. The request is parsed as it streams (busboy), each file goes straight into the file
 * store (src/platform/files/file-store.ts: counted, sniffed, re-encoded, hashed; never whole in
 * memory) and the text fields come back for the form kit, like a urlencoded body.
 *
 * The rules, in the order a request meets them:
 * - Only the paths listed in UPLOAD_PATTERNS (src/web/paths.ts) accept multipart at all; the
 *   CSRF check is deferred for them (src/web/csrf.ts) and made here, on the form's first
 *   field, `_csrf`, before any file is read: a forged request stores nothing.
 * - A file input left empty (no file chosen) is skipped. Every other file is stored or the
 *   whole form is refused with the store's Vietnamese message and the input's name.
 * - At most `maxFiles` files and `maxTotalBytes` stored bytes per request; text fields as the
 *   form kit's limits (MAX_RAW_LENGTH).
 * - Refused or failed, nothing this request stored is kept (files that existed before, the
 *   same bytes another dossier holds, are left alone). A route that refuses the form later
 *   (a field error) calls `discardUpload`.
 * What the client still sends after a refusal is read and dropped (so the browser sees the
 * answer), up to a ceiling past which the connection is closed.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import type { FileKind } from '../domain/file-kind.js';
import type { FileStore } from '../platform/files/file-store.js';
import { CSRF_FIELD, CSRF_MESSAGES } from './csrf.js';
import { HttpError } from './errors.js';
import { MAX_RAW_LENGTH } from './form.js';

export interface UploadedFile {
  /** The form input the file came in. */
  field: string;
  /** The name the citizen's device gave it, cleaned: shown to staff, never used as a path. */
  name: string;
  sha256: string;
  size: number;
  kind: FileKind;
  /** This request wrote the file (false: the same bytes were stored before). */
  created: boolean;
}

export interface UploadLimits {
  /** Files one request may carry. */
  maxFiles: number;
  /** Stored bytes one request may add (after photos are shrunk). */
  maxTotalBytes: number;
}

export type UploadFields = Record<string, string | string[]>;

export type UploadResult =
  | { ok: true; fields: UploadFields; files: UploadedFile[] }
  | { ok: false; fields: UploadFields; /** The input at fault (null: the request as a whole). */ field: string | null; message: string };

export const UPLOAD_MESSAGES = {
  tooMany: (n: number) => `Mỗi lần gửi tối đa ${n} tệp.`,
  tooMuch: (mb: number) => `Tổng dung lượng các tệp vượt quá ${mb} MB: vui lòng chụp lại với độ phân giải thấp hơn hoặc bớt tệp.`,
  malformed: 'Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang và gửi lại.',
  fieldTooLong: 'Nội dung một ô quá dài.',
  interrupted: 'Việc gửi biểu mẫu bị gián đoạn: vui lòng gửi lại.',
  notMultipart: 'Biểu mẫu này cần được gửi kèm tệp (multipart/form-data).',
} as const;

const MB = 1024 * 1024;
const MAX_FIELDS = 500;

/** The name a device gave a file, for display: its last path segment, without control characters, at most 200 characters. */
export function cleanUploadName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').normalize('NFC');
  return base
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 200);
}

export function isMultipart(req: Request): boolean {
  return /^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '');
}

/** Removes the files a refused form's request created (the others belong to someone else too). */
export async function discardUpload(store: FileStore, files: readonly UploadedFile[]): Promise<void> {
  for (const f of files) if (f.created) await store.remove(f.sha256);
}

export async function receiveUpload(req: Request, store: FileStore, limits: UploadLimits): Promise<UploadResult> {
  if (!isMultipart(req)) return { ok: false, fields: {}, field: null, message: UPLOAD_MESSAGES.notMultipart };
  const verify = req.verifyCsrf;
  if (!verify) throw new Error('receiveUpload on a path missing from UPLOAD_PATTERNS (its CSRF check was not deferred)');

  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: limits.maxFiles, fields: MAX_FIELDS, fieldSize: MAX_RAW_LENGTH, parts: limits.maxFiles + MAX_FIELDS } });
  } catch {
    return { ok: false, fields: {}, field: null, message: UPLOAD_MESSAGES.malformed };
  }

  const fields: UploadFields = {};
  const files: UploadedFile[] = [];
  let csrf: 'valid' | 'other_visitor' | 'invalid' | null = null;
  let refusal: { field: string | null; message: string } | null = null;
  let stored = 0;
  let work: Promise<void> = Promise.resolve();
  // The file being read: destroyed when the connection drops, so its store.put ends (and cleans up).
  const open = new Set<Readable>();
  // Past a refusal the rest is read and dropped, up to this ceiling; then the connection is closed.
  const ceiling = limits.maxTotalBytes + limits.maxFiles * MB + 4 * MB;
  let drained = 0;

  const refuseWith = (field: string | null, message: string): void => {
    refusal ??= { field, message };
  };
  const drop = (stream: Readable): void => {
    stream.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > ceiling) req.destroy();
    });
    stream.resume();
  };

  parser.on('field', (name, value, info) => {
    if (csrf === null) {
      csrf = name === CSRF_FIELD ? verify(value) : 'invalid';
      return;
    }
    if (info.valueTruncated) refuseWith(name, UPLOAD_MESSAGES.fieldTooLong);
    const prev = fields[name];
    if (prev === undefined) fields[name] = value;
    else fields[name] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  });

  parser.on('file', (field, stream, info) => {
    const filename = info.filename ?? '';
    open.add(stream);
    stream.once('close', () => open.delete(stream));
    if (csrf !== 'valid' || refusal || filename === '') {
      if (csrf === null) csrf = 'invalid';
      drop(stream);
      return;
    }
    // Files are stored one after the other, in the order they come.
    work = work.then(async () => {
      if (refusal) {
        drop(stream);
        return;
      }
      const result = await store.put(stream);
      if (!result.ok) {
        refuseWith(field, result.message);
        drop(stream);
        return;
      }
      const file = { field, name: cleanUploadName(filename), ...result.value };
      files.push(file);
      stored += file.size;
      if (stored > limits.maxTotalBytes) refuseWith(field, UPLOAD_MESSAGES.tooMuch(Math.round(limits.maxTotalBytes / MB)));
    });
  });
  parser.on('filesLimit', () => refuseWith(null, UPLOAD_MESSAGES.tooMany(limits.maxFiles)));
  parser.on('fieldsLimit', () => refuseWith(null, UPLOAD_MESSAGES.malformed));
  parser.on('partsLimit', () => refuseWith(null, UPLOAD_MESSAGES.malformed));

  const parsed = new Promise<void>((resolve) => {
    parser.on('close', () => resolve());
    parser.on('error', () => {
      refuseWith(null, UPLOAD_MESSAGES.malformed);
      req.unpipe(parser);
      req.resume();
      resolve();
    });
    req.on('close', () => {
      if (req.complete) return;
      // The connection dropped mid-form: what was being read is cut, and refused.
      refuseWith(null, UPLOAD_MESSAGES.interrupted);
      for (const s of open) s.destroy(new Error('upload interrupted'));
      resolve();
    });
  });
  req.pipe(parser);
  await parsed;
  await work;

  if (csrf !== 'valid') {
    await discardUpload(store, files);
    throw new HttpError(403, csrf === 'other_visitor' ? CSRF_MESSAGES.otherVisitor : CSRF_MESSAGES.expired, CSRF_MESSAGES.title);
  }
  if (refusal !== null) {
    await discardUpload(store, files);
    const { field, message } = refusal;
    return { ok: false, fields, field, message };
  }
  return { ok: true, fields, files };
}
