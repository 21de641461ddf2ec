/**
 * Administration forms: parsing and validation with Vietnamese messages keyed by field,
 * values kept as typed (NFC) for re-display. Passwords are never echoed back.
 */
import { z } from 'zod';
import { DAY_KINDS, type DayKind } from '../../domain/calendar.js';
import { PROCESSING_UNITS, validateProcessingTime, type ProcessingUnit } from '../../domain/deadline.js';
import { isValidAgencyEid } from '../../domain/dossier-code.js';
import { ROLES, type Role } from '../../domain/roles.js';
import { cleanText, nfc } from '../../domain/text.js';
import { dayNumber, isLocalDate, weekdayOf } from '../../domain/time.js';

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; value: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

export const AGENCY_KINDS = ['centre', 'department', 'commune'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  centre: 'Trung tâm Phục vụ hành chính công',
  department: 'Sở, ban, ngành',
  commune: 'Cấp xã (xã, phường, đặc khu)',
};

export const DAY_KIND_LABELS: Record<DayKind, string> = {
  holiday: 'Ngày lễ',
  day_off_in_lieu: 'Nghỉ bù',
  swapped_day_off: 'Nghỉ hoán đổi',
  makeup_working_day: 'Làm bù',
};

export const PROCESSING_UNIT_LABELS: Record<ProcessingUnit, string> = {
  working_days: 'Ngày làm việc',
  same_day: 'Trong ngày',
  working_hours: 'Giờ làm việc',
  calendar_days: 'Ngày (theo lịch)',
};

export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt looks at the first 72 bytes only; a longer password would be silently cut. */
const MAX_PASSWORD_BYTES = 72;
export const MAX_FEE_VND = 2_000_000_000;
export const MAX_DOCUMENTS = 60;
export const USERNAME_RE = /^[a-z0-9._-]{3,60}$/;
export const PROCEDURE_CODE_RE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,29}$/;

/** One value of a posted form as an NFC string ('' when absent; the first of repeated keys). */
export function str(body: Record<string, unknown> | undefined, key: string): string {
  const v = body?.[key];
  if (typeof v === 'string') return nfc(v);
  if (Array.isArray(v) && typeof v[0] === 'string') return nfc(v[0]);
  return '';
}

/** All values of a repeated key (checkbox groups). */
export function strs(body: Record<string, unknown> | undefined, key: string): string[] {
  const v = body?.[key];
  if (typeof v === 'string') return [nfc(v)];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map(nfc);
  return [];
}

const text = (max: number, required: string, tooLong: string) => z.string().transform(cleanText).pipe(z.string().min(1, required).max(max, tooLong));
const optionalText = (max: number, tooLong: string) => z.string().transform(cleanText).pipe(z.string().max(max, tooLong));

const idField = (message: string) =>
  z
    .string()
    .trim()
    .pipe(z.string().regex(/^\d{1,9}$/, message))
    .transform(Number);

function collect<T>(result: z.SafeParseReturnType<unknown, T>, values: FormValues, extra: FieldErrors = {}): Parsed<T> {
  const errors: FieldErrors = { ...extra };
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? 'form');
      errors[key] ??= issue.message;
    }
  }
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, value: result.data, values };
}

function pick(body: Record<string, unknown> | undefined, keys: readonly string[]): FormValues {
  const values: FormValues = {};
  for (const k of keys) values[k] = str(body, k);
  return values;
}

const checkbox = (body: Record<string, unknown> | undefined, key: string): boolean => str(body, key) !== '';

// ---------------------------------------------------------------- staff accounts

const username = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, 'Nhập tên đăng nhập')
      .regex(USERNAME_RE, 'Tên đăng nhập gồm 3–60 ký tự: chữ thường không dấu (a–z), chữ số, dấu chấm, gạch dưới hoặc gạch ngang'),
  );

const fullName = text(200, 'Nhập họ và tên cán bộ', 'Họ và tên không quá 200 ký tự');
const role = z.enum(ROLES, { errorMap: () => ({ message: 'Chọn vai trò' }) });
const agencyId = idField('Chọn cơ quan, đơn vị');
/** Optional: where the scheduled jobs send this person's alerts (due soon, overdue, apology). */
const email = z
  .string()
  .transform((v) => v.normalize('NFC').trim().toLowerCase())
  .pipe(z.union([z.literal(''), z.string().max(200, 'Thư điện tử quá dài').email('Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@donvi.gov.vn)')]))
  .transform((v) => (v === '' ? null : v));

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự`)
  .refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_PASSWORD_BYTES, 'Mật khẩu quá dài (tối đa 72 byte; mỗi chữ có dấu tính 2–3 byte)');

function passwordPair(body: Record<string, unknown> | undefined): { password: string; errors: FieldErrors } {
  // Passwords are taken as typed, like the login form takes them.
  const raw = body?.password;
  const pw = typeof raw === 'string' ? raw : '';
  const confirm = typeof body?.password_confirm === 'string' ? body.password_confirm : '';
  const errors: FieldErrors = {};
  const r = password.safeParse(pw);
  if (pw === '') errors.password = 'Nhập mật khẩu';
  else if (!r.success) errors.password = r.error.issues[0]!.message;
  else if (confirm !== pw) errors.password_confirm = 'Mật khẩu nhập lại không khớp';
  return { password: pw, errors };
}

export interface NewUserInput {
  username: string;
  fullName: string;
  role: Role;
  agencyId: number;
  email: string | null;
  password: string;
}

export function parseNewUser(body: Record<string, unknown> | undefined): Parsed<NewUserInput> {
  const values = pick(body, ['username', 'full_name', 'role', 'agency_id', 'email']);
  const pw = passwordPair(body);
  const result = z.object({ username, full_name: fullName, role, agency_id: agencyId, email }).safeParse(values);
  const parsed = collect(result, values, pw.errors);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return { ok: true, values, value: { username: v.username, fullName: v.full_name, role: v.role, agencyId: v.agency_id, email: v.email, password: pw.password } };
}

export interface UserUpdateInput {
  fullName: string;
  role: Role;
  agencyId: number;
  email: string | null;
}

export function parseUserUpdate(body: Record<string, unknown> | undefined): Parsed<UserUpdateInput> {
  const values = pick(body, ['full_name', 'role', 'agency_id', 'email']);
  const parsed = collect(z.object({ full_name: fullName, role, agency_id: agencyId, email }).safeParse(values), values);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return { ok: true, values, value: { fullName: v.full_name, role: v.role, agencyId: v.agency_id, email: v.email } };
}

export function parsePasswordReset(body: Record<string, unknown> | undefined): Parsed<{ password: string }> {
  const pw = passwordPair(body);
  if (Object.keys(pw.errors).length > 0) return { ok: false, errors: pw.errors, values: {} };
  return { ok: true, values: {}, value: { password: pw.password } };
}

// ---------------------------------------------------------------- agencies

export interface AgencyInput {
  eid: string;
  name: string;
  governingBody: string;
  placeName: string;
  kind: AgencyKind;
  address: string;
  hotline: string;
  active: boolean;
}

const AGENCY_FIELDS = ['eid', 'name', 'governing_body', 'place_name', 'kind', 'address', 'hotline'] as const;

const agencySchema = z.object({
  eid: z
    .string()
    .transform((v) => v.replace(/\s/g, '').toUpperCase())
    .pipe(
      z
        .string()
        .min(1, 'Nhập mã định danh điện tử của cơ quan')
        .refine(isValidAgencyEid, 'Mã định danh chỉ gồm chữ số, chữ in hoa A–Z và dấu chấm, tối đa 35 ký tự (ví dụ: 000.00.12.H26)'),
    ),
  name: text(255, 'Nhập tên cơ quan, đơn vị', 'Tên cơ quan không quá 255 ký tự'),
  governing_body: text(255, 'Nhập cơ quan chủ quản (dòng đầu tiêu đề văn bản, ví dụ: UBND TỈNH ĐỒNG NAI)', 'Cơ quan chủ quản không quá 255 ký tự'),
  place_name: text(100, 'Nhập địa danh ghi trên văn bản (ví dụ: Đồng Nai)', 'Địa danh không quá 100 ký tự'),
  kind: z.enum(AGENCY_KINDS, { errorMap: () => ({ message: 'Chọn loại cơ quan' }) }),
  address: optionalText(255, 'Địa chỉ không quá 255 ký tự'),
  hotline: optionalText(50, 'Số điện thoại đường dây nóng không quá 50 ký tự'),
});

export function parseAgency(body: Record<string, unknown> | undefined): Parsed<AgencyInput> {
  const values = pick(body, AGENCY_FIELDS);
  values.active = checkbox(body, 'active') ? 'on' : '';
  const parsed = collect(agencySchema.safeParse(values), values);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return {
    ok: true,
    values,
    value: { eid: v.eid, name: v.name, governingBody: v.governing_body, placeName: v.place_name, kind: v.kind, address: v.address, hotline: v.hotline, active: values.active === 'on' },
  };
}

// ---------------------------------------------------------------- procedures

export interface DocumentInput {
  name: string;
  originals: number;
  certifiedCopies: number;
  copies: number;
  required: boolean;
}

export interface ProcedureInput {
  code: string;
  name: string;
  field: string;
  processingUnit: ProcessingUnit;
  processingAmount: number;
  processingNote: string;
  feeVnd: number | null;
  feeNote: string;
  result: string;
  apologyExtensionDays: number;
  leadAgencyId: number | null;
  active: boolean;
  agencyIds: number[];
  documents: DocumentInput[];
}

/** "1.000.000", "1,000,000", "1 000 000" or "1000000" → 1000000; '' → null; anything else → undefined. */
export function parseFee(raw: string): number | null | undefined {
  const t = raw.trim().replace(/\s*(đ|đồng|vnd|vnđ)$/i, '');
  if (t === '') return null;
  let digits: string;
  if (/^\d+$/.test(t)) digits = t;
  else if (/^\d{1,3}([., ]\d{3})+$/.test(t)) digits = t.replace(/[., ]/g, '');
  else return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) && n <= MAX_FEE_VND ? n : undefined;
}

export const FEE_MESSAGE = 'Lệ phí phải là số tiền nguyên (đồng), ví dụ 100000 hoặc 100.000; để trống nếu thu theo ghi chú';
export const APOLOGY_MESSAGE = 'Số ngày gia hạn khi xin lỗi phải là số nguyên từ 0 đến 60';

export function parseSmallInt(raw: string, min: number, max: number): number | undefined {
  const t = raw.trim();
  if (!/^\d{1,4}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= min && n <= max ? n : undefined;
}

/** Accepts the stored keys and their Vietnamese names ("ngày làm việc", "trong ngày", …). */
export function parseProcessingUnit(raw: string): ProcessingUnit | undefined {
  const key = headerKey(raw);
  if ((PROCESSING_UNITS as readonly string[]).includes(key)) return key as ProcessingUnit;
  const aliases: Record<string, ProcessingUnit> = {
    ngay_lam_viec: 'working_days',
    trong_ngay: 'same_day',
    trong_ngay_lam_viec: 'same_day',
    gio_lam_viec: 'working_hours',
    ngay: 'calendar_days',
    ngay_lich: 'calendar_days',
    ngay_theo_lich: 'calendar_days',
  };
  return aliases[key];
}

/** Accent-free, lower-case, words joined by "_": "Mã thủ tục" → "ma_thu_tuc". */
export function headerKey(value: string): string {
  return cleanText(value)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const PROCEDURE_FIELDS = [
  'code',
  'name',
  'field',
  'processing_unit',
  'processing_amount',
  'processing_note',
  'fee_vnd',
  'fee_note',
  'result',
  'apology_extension_days',
  'lead_agency_id',
] as const;

/** Blank document rows offered under the existing ones. */
export const BLANK_DOCUMENT_ROWS = 3;

const procedureSchema = z.object({
  code: z
    .string()
    .trim()
    .pipe(z.string().min(1, 'Nhập mã thủ tục').regex(PROCEDURE_CODE_RE, 'Mã thủ tục gồm chữ số, chữ cái không dấu, dấu chấm hoặc gạch ngang, tối đa 30 ký tự (ví dụ: 1.001612)')),
  name: text(500, 'Nhập tên thủ tục', 'Tên thủ tục không quá 500 ký tự'),
  field: text(200, 'Nhập lĩnh vực', 'Lĩnh vực không quá 200 ký tự'),
  processing_unit: z.enum(PROCESSING_UNITS, { errorMap: () => ({ message: 'Chọn đơn vị thời gian giải quyết' }) }),
  processing_amount: z.string().trim(),
  processing_note: optionalText(500, 'Ghi chú thời hạn không quá 500 ký tự'),
  fee_vnd: z
    .string()
    .transform(parseFee)
    .refine((v) => v !== undefined, FEE_MESSAGE)
    .transform((v) => v ?? null),
  fee_note: optionalText(500, 'Ghi chú lệ phí không quá 500 ký tự'),
  result: text(500, 'Nhập kết quả giải quyết', 'Kết quả không quá 500 ký tự'),
  apology_extension_days: z
    .string()
    .transform((v) => parseSmallInt(v, 0, 60))
    .refine((v) => v !== undefined, APOLOGY_MESSAGE)
    .transform((v) => v ?? 0),
  lead_agency_id: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d{1,9}$/.test(v), 'Chọn cơ quan chủ trì giải quyết')
    .transform((v) => (v === '' ? null : Number(v))),
});

/** Processing amount for a unit: same-day ignores it; otherwise an integer in range. */
export function processingTimeProblem(unit: ProcessingUnit, rawAmount: string): { amount: number; error: string | null } {
  const t = rawAmount.trim();
  if (unit === 'same_day') return { amount: 0, error: null };
  const amount = /^\d{1,4}$/.test(t) ? Number(t) : NaN;
  const error = validateProcessingTime({ unit, amount });
  return { amount, error };
}

export function documentRowCount(body: Record<string, unknown> | undefined): number {
  const n = Number(str(body, 'doc_count'));
  return Number.isInteger(n) && n >= 0 ? Math.min(n, MAX_DOCUMENTS + BLANK_DOCUMENT_ROWS) : 0;
}

export function parseProcedure(body: Record<string, unknown> | undefined): Parsed<ProcedureInput> {
  const values = pick(body, PROCEDURE_FIELDS);
  values.active = checkbox(body, 'active') ? 'on' : '';
  const agencyIdValues = strs(body, 'agency_ids').filter((v) => /^\d{1,9}$/.test(v));
  values.agency_ids = agencyIdValues.join(',');
  const extra: FieldErrors = {};

  const documents: DocumentInput[] = [];
  const rows = documentRowCount(body);
  values.doc_count = String(rows);
  for (let i = 0; i < rows; i++) {
    for (const f of ['name', 'originals', 'certified', 'copies'] as const) values[`doc_${i}_${f}`] = str(body, `doc_${i}_${f}`);
    values[`doc_${i}_required`] = checkbox(body, `doc_${i}_required`) ? 'on' : '';
    values[`doc_${i}_remove`] = checkbox(body, `doc_${i}_remove`) ? 'on' : '';
    const name = cleanText(values[`doc_${i}_name`] ?? '');
    if (name === '' || values[`doc_${i}_remove`] === 'on') continue;
    if (name.length > 500) extra[`doc_${i}_name`] = `Giấy tờ thứ ${i + 1}: tên không quá 500 ký tự`;
    const counts = [0, 0, 0];
    (['originals', 'certified', 'copies'] as const).forEach((f, k) => {
      const raw = values[`doc_${i}_${f}`] ?? '';
      const n = raw.trim() === '' ? 0 : parseSmallInt(raw, 0, 99);
      if (n === undefined) extra[`doc_${i}_${f}`] = `Giấy tờ thứ ${i + 1}: số lượng phải là số nguyên từ 0 đến 99`;
      else counts[k] = n;
    });
    documents.push({ name, originals: counts[0]!, certifiedCopies: counts[1]!, copies: counts[2]!, required: values[`doc_${i}_required`] === 'on' });
  }
  if (documents.length > MAX_DOCUMENTS) extra.documents = `Tối đa ${MAX_DOCUMENTS} thành phần hồ sơ`;

  const result = procedureSchema.safeParse(values);
  const unit = values.processing_unit ?? '';
  if ((PROCESSING_UNITS as readonly string[]).includes(unit)) {
    const time = processingTimeProblem(unit as ProcessingUnit, values.processing_amount ?? '');
    if (time.error) extra.processing_amount = time.error;
  }
  const parsed = collect(result, values, extra);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return {
    ok: true,
    values,
    value: {
      code: v.code,
      name: v.name,
      field: v.field,
      processingUnit: v.processing_unit,
      processingAmount: processingTimeProblem(v.processing_unit, v.processing_amount).amount,
      processingNote: v.processing_note,
      feeVnd: v.fee_vnd,
      feeNote: v.fee_note,
      result: v.result,
      apologyExtensionDays: v.apology_extension_days,
      leadAgencyId: v.lead_agency_id,
      active: values.active === 'on',
      agencyIds: [...new Set(agencyIdValues.map(Number))],
      documents,
    },
  };
}

// ---------------------------------------------------------------- holidays

export interface HolidayInput {
  date: string;
  kind: DayKind;
  name: string;
  provisional: boolean;
}

const holidaySchema = z
  .object({
    date: z
      .string()
      .trim()
      .pipe(
        z
          .string()
          .min(1, 'Nhập ngày (năm-tháng-ngày, ví dụ 2027-02-08)')
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng năm-tháng-ngày, ví dụ 2027-02-08')
          .refine(isLocalDate, 'Ngày không có thật trên lịch')
          .refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'Ngày phải trong khoảng năm 2000 đến 2100'),
      ),
    kind: z.enum(DAY_KINDS, { errorMap: () => ({ message: 'Chọn loại ngày' }) }),
    name: text(200, 'Nhập tên hoặc lý do (ví dụ: Tết Nguyên đán)', 'Tên không quá 200 ký tự'),
  })
  .superRefine((v, ctx) => {
    // Refinements run on "dirty" values too: only look at the weekday of a real date.
    if (!isLocalDate(v.date)) return;
    const weekday = weekdayOf(dayNumber(v.date));
    const weekend = weekday === 0 || weekday === 6;
    if (v.kind === 'makeup_working_day' && !weekend) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['kind'], message: 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (ngày thường vốn đã là ngày làm việc)' });
    }
    if ((v.kind === 'day_off_in_lieu' || v.kind === 'swapped_day_off') && weekend) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['kind'], message: 'Ngày nghỉ bù hoặc nghỉ hoán đổi phải là ngày thường (thứ Hai đến thứ Sáu)' });
    }
  });

export function parseHoliday(body: Record<string, unknown> | undefined, fixedDate?: string): Parsed<HolidayInput> {
  const values = pick(body, ['date', 'kind', 'name']);
  if (fixedDate !== undefined) values.date = fixedDate;
  values.provisional = checkbox(body, 'provisional') ? 'on' : '';
  const parsed = collect(holidaySchema.safeParse(values), values);
  if (!parsed.ok) return parsed;
  return { ok: true, values, value: { ...parsed.value, provisional: values.provisional === 'on' } };
}
