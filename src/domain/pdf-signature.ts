/**
 * Does a PDF carry a digital signature? motcua keeps a signed result file byte for byte (the
 * signature is made with the signer's own tool) and shows staff and the citizen whether the
 * file carries one. Pure: the bytes come in as chunks (a stream read from disk), the scanner
 * keeps only a small tail between chunks, so a file of any size is scanned in constant memory.
 *
 * What it detects (ISO 32000-1 §12.8.1): a signature dictionary — `/Type /Sig` (or a
 * document time stamp, `/Type /DocTimeStamp`), or a `/ByteRange [a b c d]` array together with
 * a `/Contents <…>` hex string. A signature dictionary is never inside a compressed object
 * stream (its /Contents is written in place after the bytes are hashed), so it is always
 * visible in the raw bytes. For the last /ByteRange it also says whether it reaches the end of
 * the file (`c + d` = the file's length): when it does not, bytes were appended after that
 * signature (an incremental update: a later edit, or only a later signature's own update).
 *
 * What it cannot tell: whether a signature is valid (the hash of the covered bytes against the
 * CMS/PKCS#7 blob), who signed, whether the certificate chains to a trusted CA (the Government
 * Cipher Committee's, a licensed provider's), whether it was revoked, or whether a time stamp
 * is genuine. Those need the signer's certificate tooling; "signed" here means "carries a
 * signature", never "the signature is valid".
 */

export interface PdfSignatureScan {
  /** A signature dictionary is present. */
  signed: boolean;
  /** How many /ByteRange arrays were seen (one per signature or time stamp). */
  signatures: number;
  /** Whether the last /ByteRange covers the file up to its last byte (null: no /ByteRange). */
  lastCoversWholeFile: boolean | null;
}

/** A match may span two chunks: this much of each chunk's end is kept for the next. */
const TAIL = 512;

const TYPE_SIG = /\/Type\s*\/(?:Sig|DocTimeStamp)(?![A-Za-z0-9#_.-])/g;
const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g;
const CONTENTS_HEX = /\/Contents\s*<[0-9A-Fa-f\s]{2}/g;

export interface PdfSignatureScanner {
  /** The next bytes of the file, in order. */
  push(chunk: Uint8Array): void;
  /** After the last chunk: what was found. */
  finish(): PdfSignatureScan;
}

export function pdfSignatureScanner(): PdfSignatureScanner {
  let tail = '';
  // Absolute offset of tail's first character in the file.
  let tailStart = 0;
  let length = 0;
  let typeSig = false;
  let contents = false;
  let ranges = 0;
  let lastRange: { start: number; end: number } | null = null;
  let lastRangeAt = -1;

  function scan(text: string, textStart: number, final: boolean): void {
    // A match touching the end of a non-final window may continue in the next chunk: leave it for then.
    const settled = (m: RegExpExecArray) => final || m.index + m[0].length < text.length;
    if (!typeSig) {
      TYPE_SIG.lastIndex = 0;
      for (let m = TYPE_SIG.exec(text); m; m = TYPE_SIG.exec(text)) if (settled(m)) typeSig = true;
    }
    if (!contents) {
      CONTENTS_HEX.lastIndex = 0;
      for (let m = CONTENTS_HEX.exec(text); m; m = CONTENTS_HEX.exec(text)) contents = true;
    }
    BYTE_RANGE.lastIndex = 0;
    for (let m = BYTE_RANGE.exec(text); m; m = BYTE_RANGE.exec(text)) {
      const at = textStart + m.index;
      if (at <= lastRangeAt) continue; // seen in the previous window
      lastRangeAt = at;
      ranges++;
      const [c, d] = [Number(m[3]), Number(m[4])];
      lastRange = { start: at, end: c + d };
    }
  }

  return {
    push(chunk) {
      if (chunk.length === 0) return;
      const text = tail + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
      const textStart = tailStart;
      scan(text, textStart, false);
      length += chunk.length;
      const keep = Math.min(TAIL, text.length);
      tail = text.slice(text.length - keep);
      tailStart = length - keep;
    },
    finish() {
      if (tail) scan(tail, tailStart, true);
      const signed = typeSig || (ranges > 0 && contents);
      return { signed, signatures: ranges, lastCoversWholeFile: lastRange ? lastRange.end === length : null };
    },
  };
}

/** The scan of a whole file given as chunks (a test, a buffer already in memory). */
export function scanPdfSignature(chunks: Iterable<Uint8Array>): PdfSignatureScan {
  const s = pdfSignatureScanner();
  for (const c of chunks) s.push(c);
  return s.finish();
}
