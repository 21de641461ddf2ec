/**
 * The public catalogue's search (/thu-tuc and the Zalo "TT" command: one function, one
 * ranking). Pure: the index is built from plain entries and searched in memory.
 *
 * Text is folded the same way on both sides (searchKey): NFC, no accents, "đ" → "d", lower
 * case, and "y" → "i" (Vietnamese writes "ký"/"kí", "lý"/"lí" both ways). A query is either
 * a procedure code (whole or partial: "1.001193", "1.0011", "001193") or words. Each query
 * word matches an indexed word exactly, as a prefix (3 letters or more: typing in progress),
 * or with one letter wrong, missing, extra or two letters swapped (3 letters or more). Every
 * match is weighted by where the word is (name ≫ field > result > document) and how rare it
 * is in the catalogue (idf); a result missing query words is pushed down by the share it
 * misses, one whose name holds the query as a phrase, or is nothing but it, goes up, and a
 * short name whose words the query covers ranks before a long one that merely contains them.
 */
import type { OnlineLevel } from './national-procedure.js';
import { foldForSearch } from './text.js';

/** What the index needs of one procedure; `T` carries what a result shows. */
export interface SearchEntry {
  code: string;
  name: string;
  /** The fields it belongs to (the first is its main one, what the field filter reads). */
  fields: string[];
  results: string[];
  documents: string[];
  agencyIds: number[];
  online: OnlineLevel;
}

export interface SearchFilters {
  /** A field's name, exactly as listed. */
  field?: string | null;
  agencyId?: number | null;
  /** Only procedures that can be filed online (partly or fully). */
  onlineOnly?: boolean;
}

export interface SearchHit<T> {
  entry: T;
  score: number;
}

export interface SearchPage<T> {
  items: Array<SearchHit<T>>;
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  /** How the query was read: words, a code, or nothing (the whole catalogue, filtered). */
  mode: 'words' | 'code' | 'all';
}

/** Query words read at most (the rest are ignored). */
export const MAX_QUERY_WORDS = 10;
export const DEFAULT_PAGE_SIZE = 20;

const ZONE = { name: 1, field: 0.5, result: 0.4, document: 0.25 } as const;
const QUALITY = { exact: 1, prefix: 0.85, fuzzy: 0.6 } as const;

/** The folded form both sides are compared in. */
export function searchKey(text: string): string {
  return foldForSearch(text).replace(/y/g, 'i');
}

const WORD_RE = /[a-z0-9]+/g;
const wordsOf = (key: string): string[] => key.match(WORD_RE) ?? [];

/** A code as typed: digits and dots (and the letters of local codes), with at least one digit and one dot, or 4+ digits. */
const CODE_QUERY_RE = /^(?=.*\d)[0-9a-z][0-9a-z.\-_]*$/i;
export function looksLikeCode(q: string): boolean {
  const t = q.trim();
  return CODE_QUERY_RE.test(t) && (t.includes('.') || /^\d{4,}$/.test(t));
}

interface Posting {
  doc: number;
  weight: number;
}

export interface SearchIndex<T extends SearchEntry> {
  entries: readonly T[];
  /** Lower-cased codes, by entry. */
  codes: readonly string[];
  nameKeys: readonly string[];
  nameWordCounts: readonly number[];
  postings: ReadonlyMap<string, readonly Posting[]>;
  /** Every indexed word, sorted (prefix lookups), and by length (one-edit lookups). */
  vocab: readonly string[];
  byLength: ReadonlyMap<number, readonly string[]>;
  idf: ReadonlyMap<string, number>;
  /** Entry positions in browsing order (main field, then name, Vietnamese collation). */
  browseOrder: readonly number[];
}

export function buildSearchIndex<T extends SearchEntry>(entries: readonly T[]): SearchIndex<T> {
  const postings = new Map<string, Posting[]>();
  const nameKeys: string[] = [];
  const nameWordCounts: number[] = [];
  entries.forEach((e, doc) => {
    const best = new Map<string, number>();
    const add = (text: string, weight: number) => {
      for (const w of wordsOf(searchKey(text))) if ((best.get(w) ?? 0) < weight) best.set(w, weight);
    };
    const nameKey = searchKey(e.name);
    nameKeys.push(nameKey);
    nameWordCounts.push(Math.max(1, wordsOf(nameKey).length));
    add(e.name, ZONE.name);
    for (const f of e.fields) add(f, ZONE.field);
    for (const r of e.results) add(r, ZONE.result);
    for (const d of e.documents) add(d, ZONE.document);
    for (const [w, weight] of best) {
      const list = postings.get(w);
      if (list) list.push({ doc, weight });
      else postings.set(w, [{ doc, weight }]);
    }
  });
  const vocab = [...postings.keys()].sort();
  const byLength = new Map<number, string[]>();
  for (const w of vocab) {
    const list = byLength.get(w.length);
    if (list) list.push(w);
    else byLength.set(w.length, [w]);
  }
  const n = entries.length;
  const idf = new Map<string, number>();
  for (const [w, list] of postings) idf.set(w, Math.log(1 + n / list.length));
  const collator = new Intl.Collator('vi');
  const browseOrder = entries
    .map((_, i) => i)
    .sort((a, b) => collator.compare(entries[a]!.fields[0] ?? '', entries[b]!.fields[0] ?? '') || collator.compare(entries[a]!.name, entries[b]!.name) || entries[a]!.code.localeCompare(entries[b]!.code));
  return { entries, codes: entries.map((e) => e.code.toLowerCase()), nameKeys, nameWordCounts, postings, vocab, byLength, idf, browseOrder };
}

/** Whether a and b differ by at most one edit: a substitution, an insertion, a deletion or two adjacent letters swapped. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The first index of a sorted list whose word is ≥ w. */
function lowerBound(list: readonly string[], w: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < w) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The indexed words a query word stands for, with the quality of each match. */
function expand<T extends SearchEntry>(index: SearchIndex<T>, q: string): Map<string, number> {
  const out = new Map<string, number>();
  if (index.postings.has(q)) out.set(q, QUALITY.exact);
  if (q.length >= 3) {
    for (let i = lowerBound(index.vocab, q); i < index.vocab.length && index.vocab[i]!.startsWith(q); i++) {
      const w = index.vocab[i]!;
      if (!out.has(w)) out.set(w, QUALITY.prefix);
    }
    for (const len of [q.length - 1, q.length, q.length + 1]) {
      if (len < 2) continue;
      for (const w of index.byLength.get(len) ?? []) if (!out.has(w) && withinOneEdit(q, w)) out.set(w, QUALITY.fuzzy);
    }
  }
  return out;
}

function passes<T extends SearchEntry>(e: T, f: SearchFilters): boolean {
  if (f.field && e.fields[0] !== f.field) return false;
  if (f.agencyId && !e.agencyIds.includes(f.agencyId)) return false;
  if (f.onlineOnly && e.online === 'none') return false;
  return true;
}

function pageOf<T>(hits: Array<SearchHit<T>>, page: number, pageSize: number, mode: SearchPage<T>['mode']): SearchPage<T> {
  const pages = Math.max(1, Math.ceil(hits.length / pageSize));
  const p = Math.min(Math.max(1, Math.floor(page)), pages);
  return { items: hits.slice((p - 1) * pageSize, p * pageSize), total: hits.length, page: p, pages, pageSize, mode };
}

/** Every match of the query, best first (filters applied). */
export function rankProcedures<T extends SearchEntry>(index: SearchIndex<T>, query: string, filters: SearchFilters = {}): { hits: Array<SearchHit<T>>; mode: SearchPage<T>['mode'] } {
  const raw = query.normalize('NFC').trim();
  const keep = (i: number) => passes(index.entries[i]!, filters);
  if (looksLikeCode(raw)) {
    const code = raw.toLowerCase();
    const hits: Array<SearchHit<T>> = [];
    index.codes.forEach((c, i) => {
      if (!keep(i)) return;
      const score = c === code ? 1000 : c.startsWith(code) ? 500 : c.includes(code) ? 300 : 0;
      if (score > 0) hits.push({ entry: index.entries[i]!, score: score - c.length / 100 });
    });
    hits.sort((a, b) => b.score - a.score || a.entry.code.localeCompare(b.entry.code));
    return { hits, mode: 'code' };
  }
  const words = [...new Set(wordsOf(searchKey(raw)))].slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return { hits: index.browseOrder.filter(keep).map((i) => ({ entry: index.entries[i]!, score: 0 })), mode: 'all' };

  const scores = new Map<number, { sum: number; matched: number; exactIdf: number }>();
  let idfTotal = 0;
  for (const q of words) {
    const expanded = expand(index, q);
    idfTotal += Math.max(0, ...[...expanded.keys()].map((w) => index.idf.get(w) ?? 0), Math.log(1 + index.entries.length));
    const best = new Map<number, { value: number; exact: number }>();
    for (const [w, quality] of expanded) {
      const idf = index.idf.get(w) ?? 0;
      for (const p of index.postings.get(w) ?? []) {
        const value = quality * p.weight * idf;
        const cur = best.get(p.doc);
        if (!cur || cur.value < value) best.set(p.doc, { value, exact: quality === QUALITY.exact && p.weight === ZONE.name ? idf : 0 });
      }
    }
    for (const [doc, b] of best) {
      const s = scores.get(doc) ?? { sum: 0, matched: 0, exactIdf: 0 };
      s.sum += b.value;
      s.matched += 1;
      s.exactIdf += b.exact;
      scores.set(doc, s);
    }
  }
  const phrase = words.join(' ');
  // Every word of a short query; three in four of a longer one (a word the catalogue does not use is forgiven).
  const needed = words.length <= 2 ? words.length : Math.max(2, Math.ceil(words.length * 0.75));
  const hits: Array<SearchHit<T>> = [];
  for (const [doc, s] of scores) {
    if (s.matched < needed || !keep(doc)) continue;
    const coverage = s.matched / words.length;
    let score = s.sum * coverage * coverage;
    const nameKey = index.nameKeys[doc]!;
    if (words.length > 1 && nameKey.includes(phrase)) score += 0.5 * s.exactIdf;
    if (nameKey === phrase) score += s.exactIdf;
    // A short name the query covers before a long one that merely contains its words.
    score *= 0.75 + 0.25 * Math.min(1, s.matched / index.nameWordCounts[doc]!);
    hits.push({ entry: index.entries[doc]!, score: idfTotal > 0 ? score / idfTotal : score });
  }
  hits.sort((a, b) => b.score - a.score || a.entry.name.length - b.entry.name.length || a.entry.code.localeCompare(b.entry.code));
  return { hits, mode: 'words' };
}

/** One page of the matches (1-based; a page past the end gives the last one). */
export function searchProcedures<T extends SearchEntry>(index: SearchIndex<T>, query: string, filters: SearchFilters = {}, page = 1, pageSize = DEFAULT_PAGE_SIZE): SearchPage<T> {
  const { hits, mode } = rankProcedures(index, query, filters);
  return pageOf(hits, page, pageSize, mode);
}
