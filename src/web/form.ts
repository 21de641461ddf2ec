/**
 * The one form kit: every input that reaches the application (form bodies, query strings,
 * path ids, webhook bodies) is read through these helpers and a zod schema built from
 * them. What they guarantee, everywhere:
 * - text is a string (the first of repeated keys), Unicode NFC, trimmed, bounded in length;
 * - NUL and other control characters, and the replacement character left by invalid
 *   UTF-8, are refused with a Vietnamese message (PostgreSQL refuses NUL outright, SQLite
 *   would store it);
 * - ids are positive integers that fit a 32-bit column (PostgreSQL `integer`);
 * - dates are real calendar dates between 1900 and 2100;
 * - the values are kept as typed (NFC) for re-rendering the form next to its errors.
 * Nothing here knows Express: routes hand in `req.body`, `req.query` or `req.params`.
 */
import { z } from 'zod';
import { cleanText, nfc } from '../domain/text.js';
import { isLocalDate } from '../domain/time.js';

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; value: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };
export type RawInput = Record<string, unknown> | undefined | null;

/** Largest id a PostgreSQL `integer` column holds. */
export const MAX_ID = 2_147_483_647;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
/** Longest single value read at all: anything longer is cut before validation sees it. */
export const MAX_RAW_LENGTH = 100_000;

// C0 controls except tab, line feed and carriage return; DEL; C1 controls; U+FFFD.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/u;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

export const MESSAGES = {
  control: 'Nội dung có ký tự không hợp lệ (ký tự điều khiển). Vui lòng nhập lại.',
  id: 'Mã số không hợp lệ',
  date: `Ngày không hợp lệ (dạng ngày/tháng/năm, từ năm ${MIN_YEAR} đến ${MAX_YEAR})`,
} as const;

/** True when the text holds a control character, a lone surrogate or U+FFFD. */
export function hasControlChars(value: string): boolean {
  return CONTROL_RE.test(value) || LONE_SURROGATE_RE.test(value);
}

/** One value of a form or query as an NFC string: '' when absent, the first of repeated keys. */
export function str(input: RawInput, key: string): string {
  if (!input || !Object.prototype.hasOwnProperty.call(input, key)) return '';
  const v = (input as Record<string, unknown>)[key];
  const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  return nfc(s.length > MAX_RAW_LENGTH ? s.slice(0, MAX_RAW_LENGTH) : s);
}

/** Every value of a repeated key (checkbox groups), NFC. */
export function strs(input: RawInput, key: string): string[] {
  if (!input || !Object.prototype.hasOwnProperty.call(input, key)) return [];
  const v = (input as Record<string, unknown>)[key];
  const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  return list.slice(0, 1000).map((s) => nfc(s.length > MAX_RAW_LENGTH ? s.slice(0, MAX_RAW_LENGTH) : s));
}

/** The named keys of an input as strings, for a schema and for re-rendering. */
export function pick(input: RawInput, keys: readonly string[]): FormValues {
  const values: FormValues = {};
  for (const k of keys) values[k] = str(input, k);
  return values;
}

export function checkbox(input: RawInput, key: string): boolean {
  return str(input, key) !== '';
}

// ------------------------------------------------------------------ field builders

const safe = z.string().refine((v) => !hasControlChars(v), MESSAGES.control);

/** Single-line text: spaces collapsed, trimmed, required, at most `max` characters. */
export function text(max: number, required: string, tooLong = `Không quá ${max} ký tự`) {
  return safe.transform(cleanText).pipe(z.string().min(1, required).max(max, tooLong));
}

/** Optional single-line text: '' becomes null. */
export function optionalText(max: number, tooLong = `Không quá ${max} ký tự`) {
  return safe
    .transform(cleanText)
    .pipe(z.string().max(max, tooLong))
    .transform((v) => (v === '' ? null : v));
}

/** Multi-line text (notes, reasons, answers): line breaks kept, each line's spaces trimmed. */
export function multiline(max: number, required: string, tooLong = `Không quá ${max} ký tự`) {
  return safe.transform(cleanMultiline).pipe(z.string().min(1, required).max(max, tooLong));
}

export function optionalMultiline(max: number, tooLong = `Không quá ${max} ký tự`) {
  return safe
    .transform(cleanMultiline)
    .pipe(z.string().max(max, tooLong))
    .transform((v) => (v === '' ? null : v));
}

export function cleanMultiline(value: string): string {
  return nfc(value)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[^\S\n]+/gu, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A positive integer id within a 32-bit column. */
export function id(message: string = MESSAGES.id) {
  return z
    .string()
    .trim()
    .refine((v) => parseId(v) !== null, message)
    .transform((v) => parseId(v) as number);
}

/** An optional id: '' becomes null. */
export function optionalId(message: string = MESSAGES.id) {
  return z
    .string()
    .trim()
    .refine((v) => v === '' || parseId(v) !== null, message)
    .transform((v) => (v === '' ? null : (parseId(v) as number)));
}

/** A bounded integer typed in a form ('' refused). */
export function int(min: number, max: number, message: string) {
  return z
    .string()
    .trim()
    .refine((v) => /^-?\d{1,15}$/.test(v) && Number(v) >= min && Number(v) <= max, message)
    .transform(Number);
}

/**
 * A calendar date: `YYYY-MM-DD` (what `<input type="date">` sends) or `dd/MM/yyyy`, as the
 * office writes it; returned as `YYYY-MM-DD`, between 1900 and 2100.
 */
export function date(message: string = MESSAGES.date) {
  return z
    .string()
    .trim()
    .refine((v) => parseLocalDate(v) !== null, message)
    .transform((v) => parseLocalDate(v) as string);
}

export function optionalDate(message: string = MESSAGES.date) {
  return z
    .string()
    .trim()
    .refine((v) => v === '' || parseLocalDate(v) !== null, message)
    .transform((v) => (v === '' ? null : (parseLocalDate(v) as string)));
}

/** One of a fixed set of values, with a Vietnamese message. */
export function oneOf<T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values as unknown as [T[number], ...T[number][]], { errorMap: () => ({ message }) });
}

// ------------------------------------------------------------------ plain parsers

/** A path or query id: a positive integer within a 32-bit column, or null. */
export function parseId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n <= MAX_ID ? n : null;
}

/** `YYYY-MM-DD` or `dd/MM/yyyy` → `YYYY-MM-DD` within 1900–2100, or null. */
export function parseLocalDate(raw: string): string | null {
  const v = raw.trim();
  let iso: string | null = null;
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (dmy) iso = `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(v)) iso = v;
  if (!iso || !isLocalDate(iso)) return null;
  const year = Number(iso.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR ? iso : null;
}

/** A year typed alone, within 1900–2100, or null. */
export function parseYear(raw: string): number | null {
  const v = raw.trim();
  if (!/^\d{4}$/.test(v)) return null;
  const year = Number(v);
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : null;
}

// ------------------------------------------------------------------ running a schema

/** Field errors of a failed parse, the first message per field. */
export function fieldErrors(error: z.ZodError, extra: FieldErrors = {}): FieldErrors {
  const errors: FieldErrors = { ...extra };
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * Parse the named keys of `input` with `schema`. The values (NFC strings, as typed) come
 * back either way, for re-rendering; `extra` errors (cross-field checks done by the caller
 * beforehand) make the result a failure too.
 */
export function parseForm<S extends z.ZodTypeAny>(schema: S, input: RawInput, keys: readonly string[], extra: FieldErrors = {}): Parsed<z.output<S>> {
  const values = pick(input, keys);
  const result = schema.safeParse(values);
  if (!result.success) return { ok: false, errors: fieldErrors(result.error, extra), values };
  if (Object.keys(extra).length > 0) return { ok: false, errors: { ...extra }, values };
  return { ok: true, value: result.data, values };
}

/** The keys of a zod object schema, for `parseForm`. */
export function keysOf(schema: z.AnyZodObject): string[] {
  return Object.keys(schema.shape);
}

/** parseForm for an object schema, reading exactly its keys. */
export function parseObject<S extends z.AnyZodObject>(schema: S, input: RawInput, extra: FieldErrors = {}): Parsed<z.output<S>> {
  return parseForm(schema, input, keysOf(schema), extra);
}

// ------------------------------------------------------------------ the error summary

/** The element id of every page's error summary; failed forms post to `action#loi` so the browser lands on it. */
export const ERROR_SUMMARY_ID = 'loi';

/** One line of the error summary: the message, and the link to its field (null: not about one field). */
export interface ErrorLink {
  field: string;
  message: string;
  href: string | null;
}

export interface ErrorSummaryOptions {
  /**
   * The form's field names in the order the page shows them. A name ending in `*` stands
   * for every field starting with it (in the order the errors came). Fields not listed come
   * after the listed ones, in the order the errors came.
   */
  order?: readonly string[];
  /** The element id a field's link points at, when it is not the field's name; null: no link. */
  ids?: Readonly<Record<string, string | null>>;
}

/**
 * The error summary's lines (GOV.UK pattern): one per field error, in the form's order, each
 * linking to the field's element. The key `form` (an error about no one field) has no link
 * unless `ids` gives one.
 */
export function errorLinks(errors: FieldErrors | null | undefined, opts: ErrorSummaryOptions = {}): ErrorLink[] {
  const order = opts.order ?? [];
  const ids = opts.ids ?? {};
  const rank = (field: string): number => {
    const exact = order.indexOf(field);
    if (exact >= 0) return exact;
    const prefix = order.findIndex((o) => o.endsWith('*') && field.startsWith(o.slice(0, -1)));
    return prefix >= 0 ? prefix : order.length;
  };
  return Object.entries(errors ?? {})
    .filter(([, message]) => typeof message === 'string' && message !== '')
    .map(([field, message], at) => ({ field, message, at, rank: rank(field) }))
    .sort((a, b) => a.rank - b.rank || a.at - b.at)
    .map(({ field, message }) => {
      const target = Object.prototype.hasOwnProperty.call(ids, field) ? ids[field] : field === 'form' ? null : field;
      return { field, message, href: target ? `#${target}` : null };
    });
}
