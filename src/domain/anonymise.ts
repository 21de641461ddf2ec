/**
 * The published text of a petition and its answer (Decree 20/2008: answers are
 * published) without the sender's personal data: their name and the address they gave,
 * phone numbers, e-mail addresses and 12-digit ID numbers anywhere in the text. Dossier
 * codes (000.31.01.H26-261130-0001) and petition codes (PAKN-261201-0007) stay: they
 * identify a case, not a person. Pure.
 */

export const ANONYMISED = {
  name: '[người phản ánh]',
  address: '[địa chỉ]',
  phone: '[số điện thoại]',
  email: '[e-mail]',
  id: '[số định danh]',
} as const;

export interface PersonalData {
  /** The sender's name (and any other names to hide, e.g. an organisation's representative). */
  names: ReadonlyArray<string | null | undefined>;
  /** The addresses given. */
  addresses: ReadonlyArray<string | null | undefined>;
}

/** Dossier codes and petition codes, kept as they are. */
const CODE_RE = /[0-9A-Za-z]{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}|PAKN-\d{6}-\d{4}/g;
const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** 12 digits, optionally grouped by spaces, dots or dashes (0751 9000 1234). */
const ID_RE = /(?<![\p{N}])\d(?:[ .-]?\d){11}(?![\p{N}])/gu;
/** A Vietnamese phone number: 0 or +84/84 then 9 digits (mobile) or a landline of 10–11 digits, separators allowed. */
const PHONE_RE = /(?<![\p{N}+])(?:\+84|84|0)[ .-]?\(?\d{2,4}\)?(?:[ .-]?\d){6,8}(?![\p{N}])/gu;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Vietnamese folded to plain letters, one UTF-16 unit for one (so indices carry over):
 * "Nguyễn Văn Đức" → "nguyen van duc". People often type without diacritics.
 */
export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const base = ch === 'đ' || ch === 'Đ' ? 'd' : ch.normalize('NFD').charAt(0);
    const lower = base.toLowerCase();
    out += lower.length === 1 ? lower : base;
  }
  return out;
}

/** A literal, case- and diacritics-insensitive, whitespace-tolerant pattern for a phrase (to run on folded text). */
function phrase(value: string): RegExp | null {
  const words = fold(value.normalize('NFC')).trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escapeRe).join('[\\s,]+')}(?![\\p{L}\\p{N}])`, 'gu');
}

/** Replace in `text` every span where `re` matches its folded copy. */
function replaceFolded(text: string, re: RegExp, by: string): string {
  const folded = fold(text);
  let out = '';
  let last = 0;
  for (const m of folded.matchAll(re)) {
    out += text.slice(last, m.index) + by;
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/** The address itself, and its first part when that carries a house number ("12 Nguyễn Ái Quốc"). */
function addressPatterns(address: string): RegExp[] {
  const out: RegExp[] = [];
  const whole = phrase(address);
  if (whole) out.push(whole);
  const first = address.split(',')[0]?.trim() ?? '';
  if (first !== address.trim() && /\d/.test(first) && first.length >= 4) {
    const p = phrase(first);
    if (p) out.push(p);
  }
  return out;
}

export function anonymise(text: string, personal: PersonalData): string {
  let out = text.normalize('NFC');
  // Set the codes aside so that no rule below reads their digits as a phone or ID number.
  const kept: string[] = [];
  out = out.replace(CODE_RE, (m) => {
    kept.push(m);
    return `\uE000${kept.length - 1}\uE001`;
  });
  out = out.replace(EMAIL_RE, ANONYMISED.email);
  out = out.replace(ID_RE, ANONYMISED.id);
  out = out.replace(PHONE_RE, ANONYMISED.phone);
  const addresses = personal.addresses.filter((a): a is string => !!a && a.trim().length > 0).sort((a, b) => b.length - a.length);
  for (const a of addresses) for (const re of addressPatterns(a)) out = replaceFolded(out, re, ANONYMISED.address);
  const names = personal.names.filter((n): n is string => !!n && n.trim().length > 0).sort((a, b) => b.length - a.length);
  for (const n of names) {
    const re = phrase(n);
    if (re) out = replaceFolded(out, re, ANONYMISED.name);
  }
  return out.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => kept[Number(i)] ?? '');
}
