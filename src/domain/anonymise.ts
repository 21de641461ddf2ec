// Over 400 lines: the anonymiser's pattern catalogue and the one scan that applies it are tuned together.
/**
 * The published text of a petition and its answer (Decree 20/2008: answers are
 * published) without personal data. Pure.
 *
 * `findPersonalData` returns the suspected spans of a text (kind, start, end), so that the
 * approver sees each one highlighted; `redact` replaces them by a label ("[số điện thoại]");
 * `anonymise` is redact's text. What is suspected:
 * - anyone's phone numbers in any grouping (`(+84) 903 123 456`, `0903/123/456`,
 *   `0 9 0 3 …`, fullwidth digits), e-mail addresses (also written `an (at) example dot vn`,
 *   `a còng`, `chấm`, with spaces), identity numbers (12-digit CCCD, 9-digit CMND, passports
 *   `C1234567`), bank accounts, tax and insurance codes (after their keyword, or by shape),
 *   licence plates, birth dates (after "sinh", "ngày sinh", "SN"), and any other run of 8 or
 *   more digits;
 * - the sender's own data in any spelling (diacritics, case, zero-width characters,
 *   spacing folded away): their name, also in part (`Mai Phương`, `Nguyễn Phương`, or the
 *   given name after a kinship word: `bà Phương`), the digits of their phone (also its
 *   last six or more), their e-mail however the `@` and dots are written, their address and
 *   each of its numbered parts (`12 Nguyễn Ái Quốc` written `số 12 đường Ng. Ái Quốc`,
 *   `12 NAQ`; `tổ 5`).
 * Kept as they are (never cut into): dossier codes in both layouts (`H26.57.01-261201-0002`,
 * `000.31.01.H26-261130-0001`: they name a case, not a person, and the public lookup also
 * needs the phone's last digits), petition codes, procedure codes (`1.004222`), numbers of
 * legal texts (`20/2008/NĐ-CP`, `766/QĐ-TTg`), dates and amounts of money.
 */
import { DOSSIER_CODE_PATTERN } from './dossier-code.js';
import { PETITION_CODE_PATTERN } from './petitions.js';

export const ANONYMISED = {
  name: '[người phản ánh]',
  address: '[địa chỉ]',
  phone: '[số điện thoại]',
  email: '[e-mail]',
  id: '[số định danh]',
  bank: '[số tài khoản]',
  tax: '[mã số thuế]',
  insurance: '[mã số bảo hiểm]',
  plate: '[biển số xe]',
  birth: '[ngày sinh]',
  number: '[dãy số]',
} as const;

export type PersonalKind = keyof typeof ANONYMISED;

/** What each kind is called next to its highlight on the approver's page. */
export const PERSONAL_KIND_LABELS: Record<PersonalKind, string> = {
  name: 'họ tên',
  address: 'địa chỉ',
  phone: 'số điện thoại',
  email: 'e-mail',
  id: 'số giấy tờ tùy thân',
  bank: 'số tài khoản',
  tax: 'mã số thuế',
  insurance: 'mã số bảo hiểm',
  plate: 'biển số xe',
  birth: 'ngày sinh',
  number: 'dãy số',
};

export interface PersonalData {
  /** The sender's name (and any other names to hide, e.g. an organisation's representative). */
  names: ReadonlyArray<string | null | undefined>;
  /** The addresses given. */
  addresses: ReadonlyArray<string | null | undefined>;
  /** The sender's phone numbers, as stored (0903123456). */
  phones?: ReadonlyArray<string | null | undefined>;
  /** The sender's e-mail addresses. */
  emails?: ReadonlyArray<string | null | undefined>;
}

/** One suspected item: `text.slice(start, end)` of the (NFC) text. */
export interface PersonalSpan {
  kind: PersonalKind;
  start: number;
  end: number;
}

export interface Redacted {
  /** The text with every span replaced by its label. */
  text: string;
  /** The spans found, in order, in the NFC form of the input. */
  spans: PersonalSpan[];
}

/** A piece of a text for a highlighted preview: plain, or a suspected item with its kind. */
export interface Segment {
  text: string;
  kind: PersonalKind | null;
}

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

// ------------------------------------------------------------------ the searched form

const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF]/u;

/**
 * The text as the rules read it: folded (diacritics, case), fullwidth forms as ASCII,
 * zero-width characters dropped, other spaces as spaces; with, for each unit, the range
 * of the original it comes from.
 */
interface Searchable {
  s: string;
  from: number[];
  to: number[];
}

function searchable(text: string): Searchable {
  let s = '';
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + len);
    let out: string;
    if (ZERO_WIDTH.test(ch)) out = '';
    else if (cp >= 0xff01 && cp <= 0xff5e) out = fold(String.fromCharCode(cp - 0xfee0));
    else if (cp === 0x3000 || (/\s/u.test(ch) && ch !== '\n' && ch !== '\r' && ch !== '\t')) out = ' ';
    else if (cp === 0x2013 || cp === 0x2014 || cp === 0x2212) out = '-';
    else out = len === 1 ? fold(ch) : ch;
    for (let k = 0; k < out.length; k++) {
      s += out.charAt(k);
      from.push(i);
      to.push(i + len);
    }
    i += len;
  }
  return { s, from, to };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';

// ------------------------------------------------------------------ the rules

/** Identifiers of cases and texts, kept whole. */
const KEEP_RES: RegExp[] = [
  // Dossier codes in both layouts and petition codes: the one pattern of dossier-code.ts / petitions.ts (case-insensitive: the text is folded).
  new RegExp(`${B}${DOSSIER_CODE_PATTERN}${E}`, 'giu'),
  new RegExp(`${B}${PETITION_CODE_PATTERN}${E}`, 'giu'),
  // Procedure codes (1.004222, 2.000815).
  new RegExp(`${B}\\d\\.\\d{6}(?![\\p{L}\\p{N}]|[.,]\\d)`, 'gu'),
  // Numbers of legal texts: 20/2008/NĐ-CP, 11/2014/TT-BCT, 2011/QH13, 766/QĐ-TTg, QCVN 102:2016.
  new RegExp(`${B}\\d{1,5}\\/\\d{4}\\/[a-z]{1,6}\\d{0,3}(?:-[a-z0-9]{1,10}){0,3}${E}`, 'gu'),
  new RegExp(`${B}\\d{1,5}\\/[a-z]{1,6}-[a-z0-9]{1,10}(?:-[a-z0-9]{1,10}){0,2}${E}`, 'gu'),
  new RegExp(`${B}(?:qcvn|tcvn)\\s*\\d{1,5}(?::\\d{4})?${E}`, 'gu'),
];

/** Dates and amounts: kept, unless a birth date (found before). */
const DATE_RE = /^(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,2}|\d{1,2}\s*[/.-]\s*\d{4})$/;
const MONEY_RE = /^[1-9]\d{0,2}(?:[.,]\d{3})+$/;

const DATE_ANY = '\\d{1,2}\\s*[/.-]\\s*\\d{1,2}\\s*[/.-]\\s*\\d{2,4}|\\d{1,2}\\s+thang\\s+\\d{1,2}\\s*(?:,\\s*)?nam\\s+\\d{4}|\\d{4}';
const BIRTH_RE = new RegExp(`${B}(?:ngay\\s+thang\\s+nam\\s+sinh|ngay\\s+sinh|nam\\s+sinh|sinh\\s+ngay|sinh\\s+nam|sinh|ns|sn)\\s*[:.]?\\s*(?:ngay\\s+|nam\\s+)?(${DATE_ANY})${E}`, 'dgu');

const AT = `\\s*(?:@|[(\\[{<]\\s*(?:at|a\\s*cong)\\s*[)\\]}>])\\s*|\\s+(?:at|a\\s*cong)\\s+`;
const DOT_WORD = `\\s*[(\\[{<]\\s*(?:dot|cham)\\s*[)\\]}>]\\s*|\\s+(?:dot|cham)\\s+`;
const TLD = '(?:com|vn|net|org|edu|gov|info|io|me|co|biz|int)';
// Lengths bounded (RFC 5321's 64-character local part and labels) so that a hostile text is read in linear time.
const EMAIL_RE = new RegExp(
  `${B}[a-z0-9][a-z0-9._%+-]{0,63}(?:${AT})[a-z0-9][a-z0-9-]{0,62}(?:(?:\\.|${DOT_WORD}|\\s*\\.\\s*(?=${TLD}${E}))[a-z0-9][a-z0-9-]{0,62}){0,6}(?:\\.|${DOT_WORD}|\\s*\\.\\s*(?=${TLD}${E}))[a-z]{2,24}${E}`,
  'gu',
);

/** Letters then digits: passports (C1234567), health-insurance cards (DN4797915123456). */
const PASSPORT_RE = new RegExp(`${B}[a-z]\\d{7,8}${E}`, 'gu');
const INSURANCE_CARD_RE = new RegExp(`${B}[a-z]{2}\\d{13}${E}`, 'gu');
/** Vietnamese plates: 60A-123.45, 51F1-234.56, 59-X1 123.45, 30E-12345, 29A 1234. */
const PLATE_RE = new RegExp(`${B}\\d{2}\\s?-?\\s?[a-z]{1,2}\\d?\\s?[-.]?\\s?(?:\\d{3}\\.?\\d{2}|\\d{4})${E}`, 'gu');

/** A run of digit groups: "(+84) 903 123 456", "0903/123/456", "0 9 0 3 …". */
const RUN_RE = /(?<![\p{L}\p{N}])(?:\(\s*)?\+?\d+(?:[ .\-/()]{1,3}\+?\d+)*/gu;

/** Keywords that say what the digits after them are (looked for just before a run). */
const CONTEXTS: Array<{ kind: PersonalKind; re: RegExp }> = [
  { kind: 'bank', re: /(?:^|[^\p{L}])(?:stk|so\s+tai\s+khoan|tai\s+khoan(?:\s+ngan\s+hang)?|tk|account|so\s+the(?:\s+atm)?)(?:\s+(?:so|la|tai\s+\S+))?\s*[:.]?\s*$/u },
  { kind: 'tax', re: /(?:^|[^\p{L}])(?:mst|ma\s+so\s+thue|ma\s+so\s+doanh\s+nghiep|msdn|ma\s+thue)(?:\s+(?:so|la))?\s*[:.]?\s*$/u },
  { kind: 'insurance', re: /(?:^|[^\p{L}])(?:(?:ma\s+so\s+|so\s+|ma\s+|the\s+|so\s+so\s+)?(?:bhxh|bhyt|bao\s+hiem(?:\s+xa\s+hoi|\s+y\s+te)?))(?:\s+(?:so|la))?\s*[:.]?\s*$/u },
  { kind: 'id', re: /(?:^|[^\p{L}])(?:cccd|cmnd|cmt|can\s+cuoc(?:\s+cong\s+dan)?|chung\s+minh(?:\s+nhan\s+dan|\s+thu)?|ho\s+chieu|passport|dinh\s+danh(?:\s+ca\s+nhan)?|so\s+dinh\s+danh)(?:\s+(?:so|la))?\s*[:.]?\s*$/u },
];

/**
 * Words before a given name that say it is a person's: anh Phương, chị Mai, bà Phương…
 * Written with their own marks or with none ("co" and "cô", not "có": "có An…").
 */
const KIN_WORDS = ['anh', 'chị', 'ông', 'bà', 'em', 'cô', 'chú', 'bác', 'cậu', 'dì', 'thím', 'mợ', 'bạn', 'cháu', 'con', 'cụ', 'công dân', 'người dân', 'gia đình', 'mr', 'mrs', 'ms'];
const KIN_SPELLINGS = new Set(KIN_WORDS.flatMap((k) => [k, fold(k)]));
const KIN = `(?:${[...new Set(KIN_WORDS.map((k) => fold(k).replace(/ /g, '\\s+')))].join('|')})`;

/** A phone's digits as written, read as a Vietnamese number: mobile 0[35789]+8, landline 02+9, with or without 0 / 84 / +84. */
function isPhoneDigits(d: string, plus: boolean): boolean {
  let nsn: string;
  if (d.startsWith('84') && (plus || d.length >= 11)) nsn = d.slice(2);
  else if (d.startsWith('0')) nsn = d.slice(1);
  else return false;
  return /^[35789]\d{8}$/.test(nsn) || /^2\d{9}$/.test(nsn);
}

function words(value: string): string[] {
  return searchable(value.normalize('NFC')).s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

interface Found {
  kind: PersonalKind | 'keep';
  start: number;
  end: number;
}

/** The sender's own data as patterns (on the searched form). */
interface SenderPattern {
  kind: PersonalKind;
  re: RegExp;
  /** The group that is the span (else the whole match). */
  group?: number;
  /** The group of a kinship word, whose spelling is checked (KIN_SPELLINGS). */
  kin?: number;
}

function senderPatterns(personal: PersonalData): SenderPattern[] {
  const out: SenderPattern[] = [];
  const list = (xs: ReadonlyArray<string | null | undefined> | undefined) => (xs ?? []).filter((x): x is string => !!x && x.trim().length > 0);

  for (const email of list(personal.emails)) {
    const parts = searchable(email.normalize('NFC')).s.trim().split(/([.@_+-])/);
    const re = parts
      .map((p) => (p === '.' ? `(?:\\s*\\.\\s*|${DOT_WORD})` : p === '@' ? `(?:${AT})` : p === '_' || p === '+' || p === '-' ? `\\s*${escapeRe(p)}\\s*` : escapeRe(p)))
      .join('');
    if (re) out.push({ kind: 'email', re: new RegExp(`${B}${re}${E}`, 'gu') });
  }

  for (const name of list(personal.names)) {
    const w = words(name);
    if (w.length === 0) continue;
    const given = w[w.length - 1]!;
    const phrases = new Set<string>();
    for (let i = 0; i < w.length - 1; i++) phrases.add(w.slice(i).join(' '));
    if (w.length >= 3) phrases.add(`${w[0]} ${given}`);
    const alts = [...phrases].sort((a, b) => b.length - a.length).map((p) => p.split(' ').map(escapeRe).join('[\\s._-]*'));
    if (alts.length > 0) out.push({ kind: 'name', re: new RegExp(`${B}(?:${alts.join('|')})${E}`, 'gu') });
    // The given name alone only after a kinship word: "bà Phương", "anh An".
    out.push({ kind: 'name', re: new RegExp(`${B}(${KIN})\\s+(${escapeRe(given)})${E}`, 'dgu'), group: 2, kin: 1 });
  }

  for (const address of list(personal.addresses)) {
    const whole = words(address);
    if (whole.length > 0) out.push({ kind: 'address', re: new RegExp(`${B}${whole.map(escapeRe).join('[\\s,.\\-/]+')}${E}`, 'gu') });
    // Each numbered part (house and street, hamlet, group, alley), its words also abbreviated: "12 Ng. Ái Quốc", "12 NAQ", "kp.4".
    for (const segment of address.split(/[,;]/)) {
      const tokens = words(segment);
      if (tokens.length < 2 || !tokens.some((t) => /\d/.test(t)) || tokens.every((t) => /\d/.test(t))) continue;
      const parts = tokens.map((t) => (/\d/.test(t) ? escapeRe(t) : `(?:${escapeRe(t)}|(?:${escapeRe(t.charAt(0))}${t.length > 2 ? `|${escapeRe(t.slice(0, 2))}` : ''})\\.?)`));
      const sep = '[\\s.,/-]*';
      const numberFirst = /\d/.test(tokens[0]!);
      const street = numberFirst ? `${parts[0]}(?:${sep}(?:duong|pho|d|p)\\.?)?${sep}${parts.slice(1).join(sep)}` : parts.join(sep);
      out.push({ kind: 'address', re: new RegExp(`${B}${street}${E}`, 'gu') });
    }
  }
  return out;
}

/** The national digits of the sender's phones (903123456), for a match of them or of their last six or more. */
function senderPhoneDigits(personal: PersonalData): string[] {
  return (personal.phones ?? [])
    .map((p) => (p ?? '').replace(/\D/g, ''))
    .map((d) => (d.startsWith('84') && d.length >= 11 ? d.slice(2) : d.startsWith('0') ? d.slice(1) : d))
    .filter((d) => d.length >= 8);
}

/** The suspected spans of `text` (in its NFC form), in order, none overlapping. */
export function findPersonalData(text: string, personal: PersonalData): PersonalSpan[] {
  const src = text.normalize('NFC');
  const { s, from, to } = searchable(src);
  const found: Found[] = [];
  const free = (a: number, b: number) => a < b && !found.some((f) => a < f.end && f.start < b);
  const add = (kind: Found['kind'], a: number, b: number): boolean => {
    if (!free(a, b)) return false;
    found.push({ kind, start: a, end: b });
    return true;
  };
  const each = (re: RegExp, kind: Found['kind'], group?: number, kin?: number) => {
    for (const m of s.matchAll(re)) {
      if (kin !== undefined) {
        const k = m.indices?.[kin];
        if (!k || !KIN_SPELLINGS.has(src.slice(from[k[0]], to[k[1] - 1]).toLowerCase().replace(/\s+/g, ' '))) continue;
      }
      if (group !== undefined) {
        const ix = m.indices?.[group];
        if (ix) add(kind, ix[0], ix[1]);
      } else add(kind, m.index, m.index + m[0].length);
    }
  };

  // 1. Birth dates (their keyword makes them personal), then what is kept whole.
  each(BIRTH_RE, 'birth', 1);
  for (const re of KEEP_RES) each(re, 'keep');
  // 2. E-mails, the sender's own first (any spelling).
  const sender = senderPatterns(personal);
  for (const p of sender.filter((x) => x.kind === 'email')) each(p.re, 'email');
  each(EMAIL_RE, 'email');
  // 3. Shapes with letters: insurance cards, plates, passports.
  each(INSURANCE_CARD_RE, 'insurance');
  each(PLATE_RE, 'plate');
  each(PASSPORT_RE, 'id');
  // 4. Runs of digits: after a keyword, that kind; else phones in any grouping, the sender's digits, dates and amounts kept, IDs, long numbers.
  const senderDigits = senderPhoneDigits(personal);
  for (const m of s.matchAll(RUN_RE)) digitsRun(s, m.index, m[0], senderDigits, add);
  // 5. The sender's name (in part) and address (in part, abbreviated).
  for (const p of sender.filter((x) => x.kind !== 'email')) each(p.re, p.kind, p.group, p.kin);

  return found
    .filter((f): f is PersonalSpan => f.kind !== 'keep')
    .map((f) => ({ kind: f.kind, start: from[f.start]!, end: to[f.end - 1]! }))
    .sort((a, b) => a.start - b.start);
}

/** One run of digit groups: split into phones and the rest, each classified. */
function digitsRun(s: string, at: number, run: string, senderDigits: string[], add: (kind: Found['kind'], a: number, b: number) => boolean): void {
  const groups: Array<{ start: number; end: number; digits: string; plus: boolean }> = [];
  for (const g of run.matchAll(/\+?\d+/g)) {
    const plus = g[0].startsWith('+');
    groups.push({ start: at + g.index, end: at + g.index + g[0].length, digits: g[0].replace('+', ''), plus });
  }
  const before = s.slice(Math.max(0, at - 40), at);
  const context = CONTEXTS.find((c) => c.re.test(before));
  // "(+84) 903…", "(0251) 3822…": a bracketed prefix belongs to the number; "(0903 123 456)" keeps its brackets.
  const openParen = run.startsWith('(') && groups.length > 0 && s.charAt(groups[0]!.end) === ')' ? at : null;
  const spanOf = (i: number, j: number) => {
    const start = i === 0 && openParen !== null ? openParen : groups[i]!.start;
    return [start, groups[j]!.end] as const;
  };
  const text = (i: number, j: number) => s.slice(groups[i]!.start, groups[j]!.end);
  const digitsOf = (i: number, j: number) => groups.slice(i, j + 1).map((g) => g.digits).join('');

  // A tax code with its branch suffix (0312345678-001), whatever precedes it.
  if (context || /^\(?\d{10}-\d{3}$/.test(run)) {
    const kind = context?.kind ?? 'tax';
    const [a, b] = [groups[0]!.start, groups[groups.length - 1]!.end];
    if (digitsOf(0, groups.length - 1).length >= 6) add(kind, a, b);
    return;
  }
  let i = 0;
  let restStart = 0;
  const flushRest = (end: number) => {
    if (restStart > end) return;
    classifyRest(restStart, end);
  };
  const classifyRest = (a: number, b: number) => {
    const d = digitsOf(a, b);
    const shape = text(a, b);
    const [x, y] = spanOf(a, b);
    if (senderDigits.some((p) => d.length >= 6 && (p.endsWith(d) || d.endsWith(p)))) add('phone', x, y);
    else if (DATE_RE.test(shape) || MONEY_RE.test(shape)) add('keep', x, y);
    else if (d.length === 12 || d.length === 9) add('id', x, y);
    else if (d.length >= 13) add('bank', x, y);
    else if (d.length >= 8) add('number', x, y);
  };
  while (i < groups.length) {
    let best = -1;
    let d = '';
    for (let j = i; j < groups.length && d.length < 13; j++) {
      d += groups[j]!.digits;
      if (isPhoneDigits(d, groups[i]!.plus)) best = j;
    }
    if (best >= 0) {
      flushRest(i - 1);
      const [a, b] = spanOf(i, best);
      add('phone', a, b);
      i = best + 1;
      restStart = i;
    } else i++;
  }
  flushRest(groups.length - 1);
}

/** The text with every suspected item replaced by its label, and the spans (in the NFC text). */
export function redact(text: string, personal: PersonalData, options: { keep?: readonly PersonalKind[] } = {}): Redacted {
  const src = text.normalize('NFC');
  const spans = findPersonalData(src, personal).filter((sp) => !options.keep?.includes(sp.kind));
  let out = '';
  let last = 0;
  for (const sp of spans) {
    out += src.slice(last, sp.start) + ANONYMISED[sp.kind];
    last = sp.end;
  }
  return { text: out + src.slice(last), spans };
}

export function anonymise(text: string, personal: PersonalData): string {
  return redact(text, personal).text;
}

/** The (NFC) text cut at its spans, for a highlighted preview. */
export function segments(text: string, spans: readonly PersonalSpan[]): Segment[] {
  const src = text.normalize('NFC');
  const out: Segment[] = [];
  let last = 0;
  for (const sp of spans) {
    if (sp.start > last) out.push({ text: src.slice(last, sp.start), kind: null });
    out.push({ text: src.slice(sp.start, sp.end), kind: sp.kind });
    last = sp.end;
  }
  if (last < src.length) out.push({ text: src.slice(last), kind: null });
  return out;
}
