/**
 * What a citizen's text message to the province's Zalo OA asks for (pure, no I/O):
 * - "PAKN …" (any case): the petition form link;
 * - "TT <words or a code>" or "thủ tục <…>" (any case, with or without accents, no dossier
 *   code in it): the public catalogue's search (the three best matches, or the procedure of
 *   that exact code);
 * - a dossier code and 4 digits ("000.31.01.H26-261201-0002 4321"): link this Zalo account
 *   to the dossier, the digits being the last 4 of the dossier's phone;
 * - anything else: text (a question, or the answer to "which dossier?" when it names a code).
 * Both agency-ID layouts of dossier codes are read (src/domain/dossier-code.ts).
 */
import { parseDossierCode } from './dossier-code.js';

export type ZaloIntent = { kind: 'pakn' } | { kind: 'catalogue'; query: string } | { kind: 'link'; code: string; last4: string } | { kind: 'text'; text: string; codes: string[] };

/** Candidate dossier codes inside a text: tokens of code characters with the two dashes. */
const CODE_TOKEN_RE = /[0-9A-Za-z.]{1,35}-\d{6}-(?:[A-Za-z]{2})?\d{4,}/g;

/** Every dossier code the text names, upper-cased, in order, without repeats. */
export function dossierCodesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CODE_TOKEN_RE)) {
    // A sentence may end with a dot right after the code: not part of it.
    const token = m[0].replace(/\.+$/, '').replace(/^\.+/, '').toUpperCase();
    if (parseDossierCode(token) && !out.includes(token)) out.push(token);
  }
  return out;
}

/** "PAKN", "pakn: …", "Pakn góp ý" — the word first, alone. */
export function isPetitionRequest(text: string): boolean {
  return /^\s*pakn(?![\p{L}\p{N}])/iu.test(text);
}

/** Nothing but dossier codes (and punctuation): a choice of dossier, not a question. */
export function onlyCodes(text: string): boolean {
  return dossierCodesIn(text).length > 0 && !/[\p{L}\p{N}]/u.test(text.replace(CODE_TOKEN_RE, ' '));
}

/** "TT …", "tt: …", "Thủ tục …", "thu tuc …" — the word first, alone; what follows is the query ('' for none). */
const CATALOGUE_RE = /^\s*(?:tt|th[uủ]\s+t[uụ]c)(?![\p{L}\p{N}])[\s:;,.\-–]*(.*)$/isu;

/** The catalogue query of a "TT …" message, or null when the message is not one (a dossier code in it makes it a question). */
export function catalogueRequest(text: string): string | null {
  const m = CATALOGUE_RE.exec(text);
  if (!m || dossierCodesIn(text).length > 0) return null;
  return m[1]!.replace(/\s+/g, ' ').trim().slice(0, 200);
}

export function parseZaloText(raw: string): ZaloIntent {
  const text = raw.normalize('NFC').trim();
  if (isPetitionRequest(text)) return { kind: 'pakn' };
  const query = catalogueRequest(text);
  if (query !== null) return { kind: 'catalogue', query };
  const codes = dossierCodesIn(text);
  if (codes.length === 1) {
    // The code and exactly one group of 4 digits besides it, nothing else worth reading.
    const rest = text.replace(CODE_TOKEN_RE, ' ').replace(/[\s,.;:\-–_/|]+/g, ' ').trim();
    if (/^\d{4}$/.test(rest)) return { kind: 'link', code: codes[0]!, last4: rest };
  }
  return { kind: 'text', text, codes };
}

/** The kept text of a follower asked "which dossier?" expires after this long. */
export const PENDING_TEXT_TTL_MS = 24 * 60 * 60 * 1000;

/** A question text as stored: control characters out, at most `max` characters (whole code points). */
export function questionText(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.normalize('NFC').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/gu, '').trim();
  const chars = Array.from(clean);
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The event's key in zalo_events, what makes a redelivery the same event: a message is
 * (sender, msg_id) as `msg:<sender>:<msg_id>` — a msg_id from another sender is another
 * message — and an event without one is `<event>:<sender>:<timestamp>`.
 */
export function zaloEventKey(e: { event_name: string; sender_id: string | null; msg_id: string | null; timestamp: string }): string {
  if (e.msg_id) return `msg:${e.sender_id ?? ''}:${e.msg_id}`.slice(0, 200);
  return `${e.event_name}:${e.sender_id ?? ''}:${e.timestamp}`.slice(0, 200);
}

/** Whether an event's timestamp (ms) is within `maxSkewMs` of now, either way. */
export function isTimely(timestamp: string, now: Date, maxSkewMs: number): boolean {
  const ts = Number(timestamp);
  return Number.isFinite(ts) && Math.abs(ts - now.getTime()) <= maxSkewMs;
}
