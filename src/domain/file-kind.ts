/**
 * What a file is, by its bytes — never by its name or the type its sender declares. motcua
 * takes three kinds of document: JPEG and PNG photos, and PDF. Pure.
 */

export const FILE_KINDS = ['jpeg', 'png', 'pdf'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const FILE_KIND_TYPES: Readonly<Record<FileKind, string>> = { jpeg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf' };
export const FILE_KIND_EXTENSIONS: Readonly<Record<FileKind, string>> = { jpeg: 'jpg', png: 'png', pdf: 'pdf' };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** How many leading bytes `sniffFileKind` needs. */
export const SNIFF_BYTES = 1024;

/**
 * The kind of a file from its first bytes (at least SNIFF_BYTES when the file has them), or
 * null. JPEG starts FF D8 FF; PNG with its 8-byte signature; PDF with "%PDF-" within its first
 * 1024 bytes (as readers accept), the header being the only thing a PDF reader requires first.
 */
export function sniffFileKind(head: Uint8Array): FileKind | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= PNG.length && PNG.every((b, i) => head[i] === b)) return 'png';
  const text = Buffer.from(head.subarray(0, SNIFF_BYTES)).toString('latin1');
  const at = text.indexOf('%PDF-');
  if (at >= 0 && /^%PDF-\d\.\d/.test(text.slice(at, at + 8))) return 'pdf';
  return null;
}

/**
 * A name fit for a Content-Disposition header and a download: the base name only (no
 * directories, either slash), no control characters or quotes, NFC, at most 120 characters,
 * with the extension of its real kind. Falls back to "tep" when nothing is left.
 */
export function safeFileName(name: string, kind: FileKind): string {
  const base = (name.split(/[\\/]/).pop() ?? '').normalize('NFC');
  const stem = base
    .replace(/\.[^.]*$/, '')
    .replace(/[\p{Cc}\p{Cf}"<>|:*?]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
    .replace(/^\.+/, '');
  return `${stem || 'tep'}.${FILE_KIND_EXTENSIONS[kind]}`;
}
