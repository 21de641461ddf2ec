/**
 * The public pages' translator: one fixed object per language, built once at start-up from
 * the merged message catalogues (src/i18n.ts), chosen per request by the language middleware
 * (./language.ts). Nothing is cloned or built per request.
 *
 * A catalogue is a flat object key → message. Messages hold `{name}` placeholders and no
 * plural syntax: counted phrases ("3 working days") come from the formatters below, which
 * know each language's grammar. Vietnamese is the source and the legal text of record;
 * every key has an English message (test/unit/i18n.test.ts checks both ways).
 */
import { formatDateTimeVn, formatDateVn, localParts } from '../../domain/time.js';

export const LANGUAGES = ['vi', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'vi';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export type Messages = Readonly<Record<string, string>>;
export type Params = Readonly<Record<string, string | number | SafeHtml>>;

/** A catalogue per language, for one feature or area; `en` has exactly the keys of `vi`. */
export interface Catalogue<K extends string = string> {
  vi: Readonly<Record<K, string>>;
  en: Readonly<Record<K, string>>;
}

/** Declare a catalogue: the type makes `en` carry every key of `vi` and no other. */
export function catalogue<K extends string>(vi: Readonly<Record<K, string>>, en: Readonly<Record<NoInfer<K>, string>>): Catalogue<K> {
  return { vi, en };
}

/** HTML already escaped (a data span from `data()`): `html()` inserts it as is. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

/** A message's `{params}` filled in as they are (the Vietnamese messages public forms and services build from a catalogue's text). */
export function fillMessage(message: string, params: Readonly<Record<string, string>>): string {
  return message.replace(PLACEHOLDER, (whole, name: string) => params[name] ?? whole);
}

/** The `{name}` placeholders of a message, sorted (the catalogue test compares vi and en). */
export function placeholdersOf(message: string): string[] {
  return [...new Set([...message.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Dates, numbers and counted phrases in one language (Vietnam time, whatever the server's TZ). */
export interface Formats {
  /** "09:30, Thứ Ba 08/12/2026" / "09:30, Tuesday 8 December 2026" */
  dateTime(instant: Date): string;
  /** "08/12/2026" / "8 December 2026" */
  date(instant: Date): string;
  /** "1.234" / "1,234" */
  number(n: number): string;
  /** "3 ngày làm việc" / "3 working days" ("1 working day") */
  workingDays(n: number): string;
  /** "4 giờ làm việc" / "4 working hours" */
  workingHours(n: number): string;
  /** "3 ngày" / "3 days" */
  days(n: number): string;
  /** "15 phút" / "15 minutes" */
  minutes(n: number): string;
  /** "50.000 đồng" / "VND 50,000"; 0 is free. */
  vnd(amount: number): string;
}

const VI_FORMATS: Formats = {
  dateTime: formatDateTimeVn,
  date: formatDateVn,
  number: (n) => n.toLocaleString('vi-VN'),
  workingDays: (n) => `${n.toLocaleString('vi-VN')} ngày làm việc`,
  workingHours: (n) => `${n.toLocaleString('vi-VN')} giờ làm việc`,
  days: (n) => `${n.toLocaleString('vi-VN')} ngày`,
  minutes: (n) => `${n.toLocaleString('vi-VN')} phút`,
  vnd: (amount) => (amount === 0 ? 'Miễn phí' : `${amount.toLocaleString('vi-VN')} đồng`),
};

const counted = (one: string, many: string) => (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

const EN_FORMATS: Formats = {
  dateTime: (instant) => {
    const p = localParts(instant);
    return `${pad(p.hour)}:${pad(p.minute)}, ${EN_WEEKDAYS[p.weekday]} ${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}`;
  },
  date: (instant) => {
    const p = localParts(instant);
    return `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}`;
  },
  number: (n) => n.toLocaleString('en-GB'),
  workingDays: counted('working day', 'working days'),
  workingHours: counted('working hour', 'working hours'),
  days: counted('day', 'days'),
  minutes: counted('minute', 'minutes'),
  vnd: (amount) => (amount === 0 ? 'Free of charge' : `VND ${amount.toLocaleString('en-GB')}`),
};

export const FORMATS: Readonly<Record<Lang, Formats>> = { vi: VI_FORMATS, en: EN_FORMATS };

/** One language's translator. Every method is bound: views call `t(key)` directly. */
export interface Translator {
  readonly lang: Lang;
  /** The message of `key` with its `{params}` filled in (plain text; ejs `<%= %>` escapes it). */
  t(key: string, params?: Params): string;
  /** The same as escaped HTML, where params may be data spans (`data()`): for `<%- %>`. */
  html(key: string, params?: Params): SafeHtml;
  /** Does the catalogue have `key`? (for optional, data-driven keys) */
  has(key: string): boolean;
  /**
   * A data value (a name, an address, a procedure's Vietnamese name) on a page: escaped, and on an
   * English page marked `lang="vi"` (screen readers pronounce it in Vietnamese; the English-page
   * test knows it is data, not an untranslated UI string).
   */
  data(value: string | null | undefined): SafeHtml;
  /** Strong text inside a message (`th(key, { due: i18n.strong(date) })`), escaped. */
  strong(text: string): SafeHtml;
  /** A link inside a message (`th(key, { link: i18n.link(href, text) })`), escaped. */
  link(href: string, text: string): SafeHtml;
  /** A form error: a Vietnamese message of a public form's catalogue, in this language (./form-errors.ts). */
  error(message: string): string;
  readonly fmt: Formats;
}

export class MissingMessageError extends Error {}

/**
 * A translator over `messages`. An unknown key throws: the catalogue test scans every key the
 * views and code use, so a missing message is a test failure, never a blank on a page.
 */
export function createTranslator(lang: Lang, messages: Messages, errors: (message: string) => string = (m) => m): Translator {
  const lookup = (key: string): string => {
    const m = messages[key];
    if (m === undefined) throw new MissingMessageError(`i18n: no ${lang} message for "${key}"`);
    return m;
  };
  const fill = (message: string, params: Params | undefined, asHtml: boolean): string =>
    message.replace(PLACEHOLDER, (whole, name: string) => {
      const v = params?.[name];
      if (v === undefined) return whole;
      if (v instanceof SafeHtml) {
        if (!asHtml) throw new TypeError(`i18n: "${name}" is HTML; use html() for this message`);
        return v.html;
      }
      const text = String(v);
      return asHtml ? escapeHtml(text) : text;
    });
  return Object.freeze({
    lang,
    fmt: FORMATS[lang],
    has: (key: string) => messages[key] !== undefined,
    t: (key: string, params?: Params) => fill(lookup(key), params, false),
    html: (key: string, params?: Params) => new SafeHtml(fill(escapeHtml(lookup(key)), params, true)),
    data: (value: string | null | undefined) => {
      const text = escapeHtml(value ?? '');
      return new SafeHtml(lang === 'vi' || text === '' ? text : `<span lang="vi">${text}</span>`);
    },
    strong: (text: string) => new SafeHtml(`<strong>${escapeHtml(text)}</strong>`),
    link: (href: string, text: string) => new SafeHtml(`<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`),
    error: errors,
  });
}
