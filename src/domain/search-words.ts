/**
 * The words of staff search, one rule for the index and for the query: the applicant's
 * name folded (no accents, "đ" → "d", lower case) and cut into words, and the searchable
 * parts of the dossier code — its date-sequence tail ("261201-0002") and its sequence
 * ("0002"). A query word matches a stored word it is a prefix of; every query word must
 * match. Written by the app at intake, by the bulk generator and by the migration's backfill.
 */
import { foldForSearch } from './text.js';

/** Stored words are cut to this length (the column's); query words too, so a long prefix still matches. */
export const SEARCH_WORD_MAX = 60;
/** A query reads at most this many words (the rest are ignored). */
export const SEARCH_QUERY_MAX_WORDS = 8;

const CODE_TAIL_RE = /-(\d{6})-(\d{4,})$/;
/** A code tail as typed ("261201-0002"), or any run of letters and digits. */
const QUERY_WORD_RE = /\d{6}-\d+|[\p{L}\p{N}]+/gu;
const NAME_WORD_RE = /[\p{L}\p{N}]+/gu;

function cut(word: string): string {
  return Array.from(word).slice(0, SEARCH_WORD_MAX).join('');
}

/** The distinct words a dossier is found by. */
export function dossierSearchWords(text: { name: string; code: string }): string[] {
  const words = new Set<string>();
  for (const m of foldForSearch(text.name).matchAll(NAME_WORD_RE)) words.add(cut(m[0]));
  const tail = CODE_TAIL_RE.exec(text.code.trim());
  if (tail) {
    words.add(`${tail[1]}-${tail[2]}`);
    words.add(tail[2]!);
  }
  return [...words];
}

/** The words of a query, folded the same way, in order, without repeats; empty when it has none. */
export function queryWords(q: string): string[] {
  const words: string[] = [];
  for (const m of foldForSearch(q).matchAll(QUERY_WORD_RE)) {
    const w = cut(m[0]);
    if (!words.includes(w)) words.push(w);
    if (words.length === SEARCH_QUERY_MAX_WORDS) break;
  }
  return words;
}

/**
 * The smallest string above every string that starts with `prefix`, in code-point order
 * (SQLite's BINARY collation, PostgreSQL's "C"): `word >= prefix AND word < upper` is the
 * prefix range an index serves.
 */
export function prefixUpperBound(prefix: string): string {
  const chars = Array.from(prefix);
  const last = chars.pop();
  if (last === undefined) throw new RangeError('Empty prefix');
  const next = last.codePointAt(0)! + 1;
  if (next > 0x10ffff) return chars.length ? prefixUpperBound(chars.join('')) : '\u{10FFFF}';
  // Skip the surrogate block, which is no code point of a string.
  return chars.join('') + String.fromCodePoint(next === 0xd800 ? 0xe000 : next);
}
