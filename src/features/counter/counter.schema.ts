/**
 * The counter's forms before receipt (form kit): guidance to complete a dossier (Mẫu 02:
 * what to bring, and why) and a refusal to receive it (Mẫu 03: the specific reasons). Both
 * name the person in front of the clerk; neither creates a dossier.
 */
import { z } from 'zod';
import { normalizePhone } from '../../domain/phone.js';
import { cleanText } from '../../domain/text.js';
import { hasControlChars, MESSAGES, multiline, optionalText, parseObject, str, text, type FormValues, type Parsed, type RawInput } from '../../web/form.js';

export interface CounterApplicant {
  name: string;
  /** CCCD number or tax/organisation code, when the citizen gave one. */
  idNumber: string | null;
  phone: string | null;
  address: string | null;
}

export interface GuidanceInput {
  applicant: CounterApplicant;
  /** What to add or correct, one item a line. */
  items: string[];
  reason: string;
}

export interface RefusalInput {
  applicant: CounterApplicant;
  reason: string;
}

/** The posted step: `issue` records and prints; anything else (the intake form's buttons) prefills the form. */
export function isIssue(body: RawInput): boolean {
  return str(body, 'counter_step') === 'issue';
}

const noControl = z.string().refine((v) => !hasControlChars(v), MESSAGES.control);

const applicantShape = {
  applicant_name: text(200, 'Nhập họ và tên người nộp hoặc tên tổ chức', 'Tên không quá 200 ký tự'),
  applicant_id_number: noControl
    .transform((v) => v.replace(/\s/g, '').toUpperCase())
    .pipe(z.union([z.literal(''), z.string().regex(/^[0-9A-Z.-]{3,20}$/, 'Số định danh hoặc mã số tổ chức gồm 3 đến 20 chữ số, chữ cái, dấu chấm hoặc gạch nối')]))
    .transform((v) => (v === '' ? null : v)),
  applicant_phone: noControl
    .transform(normalizePhone)
    .pipe(z.union([z.literal(''), z.string().regex(/^0\d{9,10}$/, 'Số điện thoại không hợp lệ (ví dụ: 0987654321)')]))
    .transform((v) => (v === '' ? null : v)),
  applicant_address: optionalText(500, 'Địa chỉ không quá 500 ký tự'),
};

export const GUIDANCE_MESSAGES = {
  items: 'Nhập những giấy tờ, nội dung cần bổ sung, hoàn thiện (mỗi dòng một mục)',
  reason: 'Nhập lý do cụ thể cần bổ sung, hoàn thiện hồ sơ',
  refusal: 'Nhập lý do cụ thể từ chối tiếp nhận hồ sơ',
} as const;

const guidanceSchema = z.object({
  ...applicantShape,
  items: multiline(4000, GUIDANCE_MESSAGES.items, 'Danh sách cần bổ sung không quá 4000 ký tự'),
  reason: multiline(2000, GUIDANCE_MESSAGES.reason, 'Lý do không quá 2000 ký tự'),
});

const refusalSchema = z.object({
  ...applicantShape,
  reason: multiline(2000, GUIDANCE_MESSAGES.refusal, 'Lý do không quá 2000 ký tự'),
});

function applicantOf(v: z.output<z.ZodObject<typeof applicantShape>>): CounterApplicant {
  return { name: v.applicant_name, idNumber: v.applicant_id_number, phone: v.applicant_phone, address: v.applicant_address };
}

export function parseGuidance(body: RawInput): Parsed<GuidanceInput> {
  const parsed = parseObject(guidanceSchema, body);
  if (!parsed.ok) return parsed;
  const items = parsed.value.items
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { ok: true, values: parsed.values, value: { applicant: applicantOf(parsed.value), items, reason: parsed.value.reason } };
}

export function parseRefusal(body: RawInput): Parsed<RefusalInput> {
  const parsed = parseObject(refusalSchema, body);
  if (!parsed.ok) return parsed;
  return { ok: true, values: parsed.values, value: { applicant: applicantOf(parsed.value), reason: parsed.value.reason } };
}

/**
 * The counter form's first values, from the intake form the clerk came from: the applicant
 * as typed (the organisation's code when it is one) and, for guidance, the required
 * documents not ticked as received. Nothing here is validated: the clerk checks and sends.
 */
export function prefillFrom(body: RawInput, missingDocuments: readonly string[]): FormValues {
  const clean = (k: string) => {
    const v = str(body, k);
    return hasControlChars(v) ? '' : cleanText(v);
  };
  const organisation = str(body, 'applicant_kind') === 'organisation';
  return {
    applicant_name: clean('applicant_name'),
    applicant_id_number: organisation ? clean('organisation_code') : clean('applicant_id_number'),
    applicant_phone: clean('applicant_phone'),
    applicant_address: clean('applicant_address'),
    items: missingDocuments.join('\n'),
    reason: '',
  };
}
