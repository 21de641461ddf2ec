/**
 * The staff account forms, through the form kit. Passwords are taken as typed (like the
 * login form takes them) and never echoed back.
 */
import { z } from 'zod';
import { normalizePhone } from '../../../domain/phone.js';
import { ROLES, type Role } from '../../../domain/roles.js';
import { hasControlChars, id, MESSAGES, oneOf, optionalText, parseObject, text, type FieldErrors, type Parsed, type RawInput } from '../../../web/form.js';

export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt looks at the first 72 bytes only; a longer password would be silently cut. */
const MAX_PASSWORD_BYTES = 72;
export const USERNAME_RE = /^[a-z0-9._-]{3,60}$/;

const username = text(200, 'Nhập tên đăng nhập')
  .transform((v) => v.toLowerCase())
  .refine((v) => USERNAME_RE.test(v), 'Tên đăng nhập gồm 3–60 ký tự: chữ thường không dấu (a–z), chữ số, dấu chấm, gạch dưới hoặc gạch ngang');

const fullName = text(200, 'Nhập họ và tên cán bộ', 'Họ và tên không quá 200 ký tự');
const role = oneOf(ROLES, 'Chọn vai trò');
const agencyId = id('Chọn cơ quan, đơn vị');
/** Optional: where the scheduled jobs send this person's alerts (due soon, overdue, apology). */
const email = z
  .string()
  .refine((v) => !hasControlChars(v), MESSAGES.control)
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.union([z.literal(''), z.string().max(200, 'Thư điện tử quá dài').email('Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@donvi.gov.vn)')]))
  .transform((v) => (v === '' ? null : v));

/** A Vietnamese number once spaces, dots, dashes and brackets are dropped: a landline (02…, 11 digits) or a mobile (03/05/07/08/09…, 10 digits). */
export const WORK_PHONE_RE = /^0(?:2\d{9}|[35789]\d{8})$/;
export const WORK_PHONE_MAX_LENGTH = 20;

/**
 * Optional: the work phone printed as the guiding officer's on Mẫu 02. Kept as the
 * administrator typed it (the grouping of a landline depends on its area code), once its
 * digits are a Vietnamese number; +84 is written 0.
 */
const workPhone = optionalText(WORK_PHONE_MAX_LENGTH, `Số điện thoại không quá ${WORK_PHONE_MAX_LENGTH} ký tự`)
  .transform((v) => (v === null ? null : v.replace(/^\+84\s*/, '0')))
  .refine((v) => v === null || WORK_PHONE_RE.test(normalizePhone(v)), 'Số điện thoại cơ quan không hợp lệ: số cố định 11 chữ số bắt đầu bằng 02 (ví dụ 0251 3822 151) hoặc số di động 10 chữ số (ví dụ 0912 345 678)');

/** Optional: the title printed under this person's signature (e.g. the head's on the apology). */
export const JOB_TITLE_MAX_LENGTH = 200;
const jobTitle = optionalText(JOB_TITLE_MAX_LENGTH, `Chức vụ không quá ${JOB_TITLE_MAX_LENGTH} ký tự`).transform((v) => v ?? '');

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự`)
  .refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_PASSWORD_BYTES, 'Mật khẩu quá dài (tối đa 72 byte; mỗi chữ có dấu tính 2–3 byte)')
  .refine((v) => !hasControlChars(v), MESSAGES.control);

function passwordPair(body: RawInput): { password: string; errors: FieldErrors } {
  // Taken as typed: no NFC, no trimming (a string, the first of repeated keys).
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

export interface UserUpdateInput {
  fullName: string;
  role: Role;
  agencyId: number;
  email: string | null;
  phone: string | null;
  /** "Chức vụ" ('' when none), e.g. "Giám đốc", "Chủ tịch UBND phường". */
  jobTitle: string;
}

export interface NewUserInput extends UserUpdateInput {
  username: string;
  password: string;
}

const newUserSchema = z.object({ username, full_name: fullName, role, agency_id: agencyId, email, phone: workPhone, job_title: jobTitle });
const userUpdateSchema = z.object({ full_name: fullName, role, agency_id: agencyId, email, phone: workPhone, job_title: jobTitle });

export function parseNewUser(body: RawInput): Parsed<NewUserInput> {
  const pw = passwordPair(body);
  const parsed = parseObject(newUserSchema, body, pw.errors);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return { ok: true, values: parsed.values, value: { username: v.username, fullName: v.full_name, role: v.role, agencyId: v.agency_id, email: v.email, phone: v.phone, jobTitle: v.job_title, password: pw.password } };
}

export function parseUserUpdate(body: RawInput): Parsed<UserUpdateInput> {
  const parsed = parseObject(userUpdateSchema, body);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return { ok: true, values: parsed.values, value: { fullName: v.full_name, role: v.role, agencyId: v.agency_id, email: v.email, phone: v.phone, jobTitle: v.job_title } };
}

export function parsePasswordReset(body: RawInput): Parsed<{ password: string }> {
  const pw = passwordPair(body);
  if (Object.keys(pw.errors).length > 0) return { ok: false, errors: pw.errors, values: {} };
  return { ok: true, values: {}, value: { password: pw.password } };
}

