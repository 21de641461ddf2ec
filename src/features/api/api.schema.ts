/**
 * The integration API's inputs, through the form kit: the feed's cursor and page size, a
 * dossier code in the path, the API key in the Authorization header, and the administrator's
 * key form. A value that is not what is expected is refused with a Vietnamese message and a
 * machine-readable code, never a 500.
 */
import { z } from 'zod';
import { checkbox, hasControlChars, parseObject, str, strs, text, type Parsed, type RawInput } from '../../web/form.js';

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 100;
/** Longest dossier code stored (dossiers.code is 60 characters). */
const MAX_CODE_LENGTH = 60;

export const API_MESSAGES = {
  invalidCursor: 'Con trỏ “after” không hợp lệ: dùng đúng giá trị “next” của trang trước, hoặc bỏ trống để đọc từ đầu.',
  invalidLimit: `Số mục mỗi trang “limit” phải là số nguyên từ 1 đến ${MAX_LIMIT}.`,
  invalidCode: 'Mã hồ sơ không hợp lệ.',
} as const;

export type QueryRefusalCode = 'invalid_cursor' | 'invalid_limit';
export type ChangesQuery = { ok: true; after: number; limit: number } | { ok: false; code: QueryRefusalCode; message: string };

const cursor = z
  .string()
  .regex(/^p(0|[1-9][0-9]{0,14})$/)
  .transform((v) => Number(v.slice(1)))
  .refine((n) => Number.isSafeInteger(n));
const limit = z
  .string()
  .regex(/^[0-9]{1,4}$/)
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_LIMIT);

/** A query value given once as a string, or absent; null when repeated or not a string. */
function single(query: RawInput, key: string): string | undefined | null {
  if (!query || !Object.prototype.hasOwnProperty.call(query, key)) return undefined;
  const v = (query as Record<string, unknown>)[key];
  return typeof v === 'string' ? str(query, key) : null;
}

/** `?after=<cursor>&limit=<1..500>`: both optional (from the start, 100 a page). */
export function parseChangesQuery(query: RawInput): ChangesQuery {
  const rawAfter = single(query, 'after');
  const rawLimit = single(query, 'limit');
  let after = 0;
  if (rawAfter !== undefined && rawAfter !== '') {
    const parsed = rawAfter === null ? null : cursor.safeParse(rawAfter);
    if (!parsed?.success) return { ok: false, code: 'invalid_cursor', message: API_MESSAGES.invalidCursor };
    after = parsed.data;
  }
  let size = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    const parsed = rawLimit === null ? null : limit.safeParse(rawLimit);
    if (!parsed?.success) return { ok: false, code: 'invalid_limit', message: API_MESSAGES.invalidLimit };
    size = parsed.data;
  }
  return { ok: true, after, limit: size };
}

/** A dossier code from the path: letters, digits, dots and dashes, at most 60; null otherwise. */
export function parseDossierCode(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_CODE_LENGTH || hasControlChars(raw)) return null;
  return /^[0-9A-Za-z.\-_]+$/.test(raw) ? raw : null;
}

/** The key of `Authorization: Bearer mc_<prefix>_<secret>`: its prefix and the whole key; null when it is not one. */
export function parseBearer(header: unknown): { prefix: string; key: string } | null {
  if (typeof header !== 'string' || header.length > 200) return null;
  const m = /^Bearer\s+(mc_([0-9a-f]{10})_[A-Za-z0-9_-]{43})\s*$/i.exec(header);
  return m ? { key: m[1]!, prefix: m[2]! } : null;
}

// ------------------------------------------------------------------ the administrator's form

export interface ApiKeyInput {
  name: string;
  /** 'all', or the ids of the agencies (at least one). */
  agencies: 'all' | number[];
  personalData: boolean;
  /** The "submit" scope (POST /api/v1/ho-so-truc-tuyen). */
  canSubmit: boolean;
}

export const API_KEY_FIELDS = ['name', 'scope', 'agencies', 'personal_data', 'submit'] as const;

const keySchema = z.object({
  name: text(200, 'Nhập tên hệ thống dùng khóa (ví dụ: Hệ thống báo cáo của tỉnh)', 'Tên không quá 200 ký tự'),
  scope: z.enum(['all', 'some'], { errorMap: () => ({ message: 'Chọn phạm vi: mọi cơ quan hoặc một số cơ quan' }) }),
});

/** The form's values: name, scope (all | some), agencies (ids, repeated), personal_data (checkbox). */
export function parseApiKey(body: RawInput, knownAgencyIds: readonly number[]): Parsed<ApiKeyInput> & { agencyValues: string[] } {
  const parsed = parseObject(keySchema, body);
  const agencyValues = strs(body, 'agencies');
  const values = { ...parsed.values, personal_data: checkbox(body, 'personal_data') ? 'on' : '', submit: checkbox(body, 'submit') ? 'on' : '' };
  const errors = parsed.ok ? {} : { ...parsed.errors };
  const ids = agencyValues.map((v) => (/^[0-9]{1,10}$/.test(v) ? Number(v) : NaN));
  const scope = str(body, 'scope');
  if (scope === 'some') {
    if (ids.length === 0) errors.agencies = 'Chọn ít nhất một cơ quan, hoặc chọn “Mọi cơ quan”';
    else if (ids.some((id) => !knownAgencyIds.includes(id))) errors.agencies = 'Cơ quan đã chọn không có trong danh sách';
  }
  if (!parsed.ok || Object.keys(errors).length > 0) return { ok: false, errors, values, agencyValues };
  return {
    ok: true,
    values,
    agencyValues,
    value: { name: parsed.value.name, agencies: parsed.value.scope === 'all' ? 'all' : [...new Set(ids)].sort((a, b) => a - b), personalData: values.personal_data === 'on', canSubmit: values.submit === 'on' },
  };
}
