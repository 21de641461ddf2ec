/**
 * The intake form: parsing and validation of what the clerk typed, with messages in
 * Vietnamese keyed by field, and the values kept as typed (NFC) for re-display.
 */
import { z } from 'zod';
import { cleanText, nfc } from '../../domain/text.js';
import { RESULT_DELIVERY, type ResultDelivery } from '../../domain/status.js';
import type { ProcedureDocument } from '../catalogue/catalogue.repo.js';

export interface IntakeDocument {
  position: number;
  name: string;
  originals: number;
  certifiedCopies: number;
  copies: number;
}

export interface IntakeInput {
  applicantName: string;
  idNumber: string;
  phone: string;
  email: string | null;
  address: string;
  representativeName: string | null;
  resultDelivery: ResultDelivery;
  setsCount: number;
  note: string | null;
  documents: IntakeDocument[];
}

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;

export type ParseResult = { ok: true; value: IntakeInput; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

const text = (max: number, required: string, tooLong: string) =>
  z.string().transform(cleanText).pipe(z.string().min(1, required).max(max, tooLong));

const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .transform(cleanText)
    .pipe(z.string().max(max, tooLong))
    .transform((v) => (v === '' ? null : v));

/** 0987 654 321, 0987.654.321, +84987654321, 84987654321 → 0987654321. */
export function normalizePhone(value: string): string {
  let digits = value.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (/^84\d{9,10}$/.test(digits)) digits = `0${digits.slice(2)}`;
  return digits;
}

const applicantSchema = z.object({
  applicant_name: text(200, 'Nhập họ và tên người nộp hồ sơ', 'Họ và tên không quá 200 ký tự').pipe(
    z.string().regex(/^[\p{L}\p{M}' .-]+$/u, 'Họ và tên chỉ gồm chữ cái, dấu cách và dấu gạch nối'),
  ),
  applicant_id_number: z
    .string()
    .transform((v) => v.replace(/\s/g, ''))
    .pipe(z.string().min(1, 'Nhập số định danh cá nhân (số CCCD 12 chữ số)').regex(/^\d{12}$/, 'Số định danh cá nhân phải gồm đúng 12 chữ số')),
  applicant_phone: z
    .string()
    .transform(normalizePhone)
    .pipe(z.string().min(1, 'Nhập số điện thoại liên hệ').regex(/^0\d{9,10}$/, 'Số điện thoại không hợp lệ (ví dụ: 0987654321)')),
  applicant_email: z
    .string()
    .transform((v) => nfc(v).trim())
    .pipe(z.union([z.literal(''), z.string().max(200, 'Thư điện tử quá dài').email('Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.com)')]))
    .transform((v) => (v === '' ? null : v.toLowerCase())),
  applicant_address: text(500, 'Nhập địa chỉ liên hệ', 'Địa chỉ không quá 500 ký tự'),
  representative_name: optionalText(200, 'Họ tên người được ủy quyền không quá 200 ký tự'),
  result_delivery: z.enum(RESULT_DELIVERY, { errorMap: () => ({ message: 'Chọn hình thức nhận kết quả' }) }),
  sets_count: z
    .string()
    .trim()
    .pipe(z.string().regex(/^\d{1,2}$/, 'Số bộ hồ sơ phải là số nguyên từ 1 đến 20'))
    .transform(Number)
    .pipe(z.number().int().min(1, 'Số bộ hồ sơ phải là số nguyên từ 1 đến 20').max(20, 'Số bộ hồ sơ phải là số nguyên từ 1 đến 20')),
  note: optionalText(1000, 'Ghi chú không quá 1000 ký tự'),
});

const FIELDS = Object.keys(applicantSchema.shape);

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  return typeof v === 'string' ? nfc(v) : Array.isArray(v) && typeof v[0] === 'string' ? nfc(v[0]) : '';
}

function count(raw: string): number | null {
  const t = raw.trim();
  if (t === '') return 0;
  return /^\d{1,2}$/.test(t) ? Number(t) : null;
}

export const EXTRA_DOC_POSITION = 99;

/** Parse the posted form for the given checklist. */
export function parseIntakeForm(body: Record<string, unknown>, checklist: readonly ProcedureDocument[]): ParseResult {
  const values: FormValues = {};
  for (const f of FIELDS) values[f] = str(body, f);
  if (values.sets_count === '') values.sets_count = '1';
  const errors: FieldErrors = {};

  const parsed = applicantSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      errors[key] ??= issue.message;
    }
  }

  const documents: IntakeDocument[] = [];
  const missing: string[] = [];
  const rows = [...checklist.map((d) => ({ ...d })), { position: EXTRA_DOC_POSITION, name: '', required: false, originals: 0, certifiedCopies: 0, copies: 0 }];
  for (const doc of rows) {
    const p = doc.position;
    const extra = p === EXTRA_DOC_POSITION;
    const received = extra ? str(body, `doc_${p}_name`).trim() !== '' : str(body, `doc_${p}_received`) !== '';
    values[`doc_${p}_received`] = received ? 'on' : '';
    if (extra) values[`doc_${p}_name`] = str(body, `doc_${p}_name`);
    const counts = { originals: 0, certifiedCopies: 0, copies: 0 };
    for (const [field, key] of [
      ['originals', 'originals'],
      ['certified', 'certifiedCopies'],
      ['copies', 'copies'],
    ] as const) {
      const raw = str(body, `doc_${p}_${field}`);
      values[`doc_${p}_${field}`] = raw;
      const n = count(raw);
      if (n === null) errors[`doc_${p}_${field}`] = 'Số lượng phải là số nguyên từ 0 đến 99';
      else counts[key] = n;
    }
    if (!received) {
      if (doc.required) missing.push(doc.name);
      continue;
    }
    const name = extra ? cleanText(values[`doc_${p}_name`] ?? '') : doc.name;
    if (extra && name.length > 500) errors[`doc_${p}_name`] = 'Tên giấy tờ không quá 500 ký tự';
    documents.push({ position: p, name, ...counts });
  }
  if (missing.length > 0) {
    errors.documents = `Hồ sơ chưa đủ thành phần bắt buộc: ${missing.join('; ')}. Hướng dẫn người nộp bổ sung trước khi tiếp nhận.`;
  }

  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors, values };
  const a = parsed.data;
  return {
    ok: true,
    values,
    value: {
      applicantName: a.applicant_name,
      idNumber: a.applicant_id_number,
      phone: a.applicant_phone,
      email: a.applicant_email,
      address: a.applicant_address,
      representativeName: a.representative_name,
      resultDelivery: a.result_delivery,
      setsCount: a.sets_count,
      note: a.note,
      documents,
    },
  };
}

/** Default form values for a fresh form: the checklist's usual counts, all boxes unticked. */
export function blankForm(checklist: readonly ProcedureDocument[]): FormValues {
  const values: FormValues = { result_delivery: 'counter', sets_count: '1' };
  for (const d of checklist) {
    values[`doc_${d.position}_originals`] = String(d.originals);
    values[`doc_${d.position}_certified`] = String(d.certifiedCopies);
    values[`doc_${d.position}_copies`] = String(d.copies);
  }
  return values;
}
