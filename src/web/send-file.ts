/**
 * Sends a stored file (src/platform/files) to someone a route has already allowed to see it:
 * its type from the stored kind (never from the name), `Content-Disposition` with a safe name
 * in the kind's extension (`attachment` unless `inline` is asked), `nosniff`, and never cached
 * by a shared cache. A file missing from the store is a 404, never a 500.
 */
import type { Response } from 'express';
import fs from 'node:fs';
import { FILE_KIND_TYPES, safeFileName, type FileKind } from '../domain/file-kind.js';
import type { FileStore } from '../platform/files/file-store.js';
import { HttpError } from './errors.js';

export const FILE_MISSING = 'Không tìm thấy tệp (tệp có thể đã bị xóa khỏi kho lưu trữ). Vui lòng liên hệ bộ phận một cửa.';

export async function sendStoredFile(res: Response, store: FileStore, file: { sha256: string; kind: FileKind; name: string }, opts: { inline?: boolean } = {}): Promise<void> {
  if (!(await store.exists(file.sha256))) throw new HttpError(404, FILE_MISSING);
  const name = safeFileName(file.name, file.kind);
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.setHeader('Content-Type', FILE_KIND_TYPES[file.kind]);
  res.setHeader('Content-Disposition', `${opts.inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  const stat = await fs.promises.stat(store.path(file.sha256));
  res.setHeader('Content-Length', String(stat.size));
  await new Promise<void>((resolve, reject) => {
    const stream = fs.createReadStream(store.path(file.sha256));
    stream.on('error', reject);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
