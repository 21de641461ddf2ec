/**
 * The intake inputs, built on the form kit (src/web/form.ts): the clerk's form (applicant,
 * documents received, delivery), the procedure picker's query, the procedure code in the
 * path and the submission's intake key. Messages in Vietnamese keyed by field; the values
 * kept as typed (NFC) for re-display. The check page's inputs: intake-check.schema.ts.
 */
import { normalizePhone } from '../../domain/phone.js';
import { z } from 'zod';
import { checkCccdNumber, findCccdQr, parseCccdQr, SEXES, type Sex } from '../../domain/cccd.js';
import { cleanText } from '../../domain/text.js';
import { RESULT_DELIVERY, type ResultDelivery } from '../../domain/status.js';
import { fieldErrors, hasControlChars, int, MESSAGES, oneOf, optionalDate, optionalText, parseLocalDate, parseObject, pick, str, text, type FieldErrors, type FormValues, type Parsed, type RawInput } from '../../web/form.js';
import type { ProcedureDocument } from '../catalogue/catalogue.types.js';
import { formatLocalDateVn } from '../../domain/time.js';

export type { FieldErrors, FormValues } from '../../web/form.js';

export interface IntakeDocument {
  position: number;
  name: string;
  originals: number;
  certifiedCopies: number;
  copies: number;
}

export interface RepresentativeInput {
  name: string;
  idNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  /** The authorisation paper (giấy ủy quyền) named on the receipt. */
  authorisationPaper: string | null;
}

export interface IntakeInput {
  /** A person (cá nhân, the default) or an organisation (tổ chức). */
  applicantKind?: ApplicantKind;
  /** The person's full name, or the organisation's name. */
  applicantName: string;
  /** The person's CCCD number, or the organisation's tax/organisation code. */
  idNumber: string;
  /** An organisation's tax/organisation code; null for a person. */
  organisationCode?: string | null;
  phone: string;
  email: string | null;
  address: string;
  /** Date of birth (`YYYY-MM-DD`) and sex, read from the CCCD or typed: checked against the ID number, not stored (no column yet). */
  birthDate?: string | null;
  sex?: Sex | null;
  /** The representative's name (null: none); the same as representative?.name. */
  representativeName: string | null;
  /** The representative's details; absent: the name alone (representativeName), as before 2025. */
  representative?: RepresentativeInput | null;
  resultDelivery: ResultDelivery;
  setsCount: number;
  note: string | null;
  documents: IntakeDocument[];
}


/** Any string without control characters (checked before a field's own transforms). */
export const noControl = z.string().refine((v) => !hasControlChars(v), MESSAGES.control);

const SETS_MESSAGE = 'Số bộ hồ sơ phải là số nguyên từ 1 đến 20';
const COUNT_MESSAGE = 'Số lượng phải là số nguyên từ 0 đến 99';

/** The scan field: the CCCD QR text typed by the scanner (read before the schema runs). */
export const SCAN_FIELD = 'cccd_scan';
/** Set in the values when a scan filled the form, so the page says so and moves on to the phone. */
export const SCAN_FILLED = 'cccd_scan_filled';

/** Who files: a person (cá nhân) or an organisation (tổ chức), through a representative if any. */
export const APPLICANT_KINDS = ['person', 'organisation'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

const stripSpaces = (v: string) => v.replace(/\s/g, '');

/** A 12-digit CCCD number, its province, century/sex and year digits checked. */
const cccdNumber = z
  .string()
  .regex(/^\d{12}$/, 'Số định danh cá nhân phải gồm đúng 12 chữ số')
  .superRefine((v, ctx) => {
    const check = checkCccdNumber(v);
    if (!check.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, message: check.message });
  });

const PHONE_MESSAGE = 'Số điện thoại không hợp lệ (ví dụ: 0987654321)';
const EMAIL_MESSAGE = 'Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.com)';
const phoneNumber = z.string().regex(/^0\d{9,10}$/, PHONE_MESSAGE);
const emailAddress = z.string().max(200, 'Thư điện tử quá dài').email(EMAIL_MESSAGE);
const optionalOf = (inner: z.ZodTypeAny, prepare: (v: string) => string) =>
  noControl
    .transform(prepare)
    .pipe(z.union([z.literal(''), inner]))
    .transform((v) => (v === '' ? null : (v as string)));

/** The fields every applicant has. */
const applicantSchema = z.object({
  [SCAN_FIELD]: z.string(),
  // An empty choice (older forms, a scripted post) is a person, as every dossier before 2025.
  applicant_kind: noControl
    .transform((v) => (v.trim() === '' ? 'person' : v.trim()))
    .pipe(z.enum(APPLICANT_KINDS, { errorMap: () => ({ message: 'Chọn người nộp là cá nhân hay tổ chức' }) })),
  applicant_phone: noControl.transform(normalizePhone).pipe(z.string().min(1, 'Nhập số điện thoại liên hệ').pipe(phoneNumber)),
  applicant_email: noControl
    .transform((v) => v.trim())
    .pipe(z.union([z.literal(''), emailAddress]))
    .transform((v) => (v === '' ? null : v.toLowerCase())),
  applicant_address: text(500, 'Nhập địa chỉ liên hệ', 'Địa chỉ không quá 500 ký tự'),
  result_delivery: oneOf(RESULT_DELIVERY, 'Chọn hình thức nhận kết quả'),
  // An empty box means one set.
  sets_count: noControl.transform((v) => (v.trim() === '' ? '1' : v)).pipe(int(1, 20, SETS_MESSAGE)),
  note: optionalText(1000, 'Ghi chú không quá 1000 ký tự'),
});

/** A person: name, CCCD number, and the date of birth and sex it is checked against. */
const personSchema = z.object({
  applicant_name: text(200, 'Nhập họ và tên người nộp hồ sơ', 'Họ và tên không quá 200 ký tự').pipe(
    z.string().regex(/^[\p{L}\p{M}' .-]+$/u, 'Họ và tên chỉ gồm chữ cái, dấu cách và dấu gạch nối'),
  ),
  applicant_id_number: noControl.transform(stripSpaces).pipe(z.string().min(1, 'Nhập số định danh cá nhân (số CCCD 12 chữ số)').pipe(cccdNumber)),
  applicant_birth_date: optionalDate('Ngày sinh không hợp lệ (dạng ngày/tháng/năm, ví dụ 05/09/1990)'),
  applicant_sex: noControl.pipe(z.union([z.literal(''), z.enum(SEXES)], { errorMap: () => ({ message: 'Chọn giới tính Nam hoặc Nữ' }) })).transform((v) => (v === '' ? null : v)),
});

/** An organisation: its name and its tax (or organisation) code. */
const organisationSchema = z.object({
  applicant_name: text(200, 'Nhập tên tổ chức', 'Tên tổ chức không quá 200 ký tự').pipe(
    z.string().regex(/^[\p{L}\p{M}\p{N}' .,&()/-]+$/u, 'Tên tổ chức chỉ gồm chữ, số, dấu cách và các dấu . , & ( ) / -'),
  ),
  organisation_code: noControl
    .transform((v) => stripSpaces(v).toUpperCase())
    .pipe(
      z
        .string()
        .min(1, 'Nhập mã số thuế hoặc mã số tổ chức')
        .regex(/^[0-9A-Z.-]{3,20}$/, 'Mã số thuế/mã số tổ chức gồm 3 đến 20 ký tự chữ số, chữ cái, dấu chấm hoặc gạch nối (ví dụ 3600123456)'),
    ),
});

/** The authorised representative (người được ủy quyền), or an organisation's person filing for it. */
const representativeSchema = z.object({
  representative_name: optionalText(200, 'Họ tên người đại diện không quá 200 ký tự').pipe(
    z.union([z.null(), z.string().regex(/^[\p{L}\p{M}' .-]+$/u, 'Họ và tên chỉ gồm chữ cái, dấu cách và dấu gạch nối')]),
  ),
  representative_id_number: optionalOf(cccdNumber, stripSpaces),
  representative_address: optionalText(500, 'Địa chỉ không quá 500 ký tự'),
  representative_phone: optionalOf(phoneNumber, normalizePhone),
  representative_email: optionalOf(emailAddress, (v) => v.trim().toLowerCase()),
  authorisation_paper: optionalText(300, 'Tên giấy ủy quyền không quá 300 ký tự'),
});

export const REPRESENTATIVE_KEYS = Object.keys(representativeSchema.shape);

export const REPRESENTATIVE_MESSAGES = {
  name: 'Nhập họ và tên người đại diện nộp hồ sơ',
  orgName: 'Tổ chức nộp hồ sơ qua người đại diện: nhập họ và tên người đó',
  idNumber: 'Nhập số định danh cá nhân (CCCD) của người đại diện',
} as const;

/**
 * Who must be named: an organisation always files through a person (name and ID number);
 * a person's representative, when any of its fields is given, needs at least a name. (The
 * ID number and the authorisation paper of a person's representative are printed when
 * given; dossiers filed so far carried the name alone.)
 */
function representativeErrors(kind: ApplicantKind, raw: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  const has = (k: string) => cleanText(raw[k] ?? '') !== '';
  const given = REPRESENTATIVE_KEYS.some(has);
  if (kind === 'person' && !given) return errors;
  if (!has('representative_name')) errors.representative_name = kind === 'organisation' ? REPRESENTATIVE_MESSAGES.orgName : REPRESENTATIVE_MESSAGES.name;
  if (kind === 'organisation' && !has('representative_id_number')) errors.representative_id_number = REPRESENTATIVE_MESSAGES.idNumber;
  return errors;
}

/** A count of copies: '' is 0. */
const countField = noControl
  .transform((v) => v.trim())
  .refine((v) => v === '' || /^\d{1,2}$/.test(v), COUNT_MESSAGE)
  .transform((v) => (v === '' ? 0 : Number(v)));

/** The free row of the checklist ("other document"), received when it has a name. */
export const EXTRA_DOC_POSITION = 99;
export const EXTRA_NAME = `doc_${EXTRA_DOC_POSITION}_name`;
const COUNT_FIELDS = [
  ['originals', 'originals'],
  ['certified', 'certifiedCopies'],
  ['copies', 'copies'],
] as const;

/** The whole form's schema for a checklist: applicant fields, then each row's counts, then the free row's name. */
function formSchema(checklist: readonly ProcedureDocument[]) {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const p of [...checklist.map((d) => d.position), EXTRA_DOC_POSITION]) {
    for (const [field] of COUNT_FIELDS) shape[`doc_${p}_${field}`] = countField;
  }
  shape[EXTRA_NAME] = optionalText(500, 'Tên giấy tờ không quá 500 ký tự');
  return applicantSchema.extend(shape);
}

/** Every key the form posts (for the values kept), whichever kind of applicant. */
const APPLICANT_KEYS = [...new Set([...Object.keys(personSchema.shape), ...Object.keys(organisationSchema.shape), ...REPRESENTATIVE_KEYS])];

/** Parse the posted form for the given checklist. */
export function parseIntakeForm(body: RawInput, checklist: readonly ProcedureDocument[]): Parsed<IntakeInput> {
  const schema = formSchema(checklist);
  const values: FormValues = pick(body, [...Object.keys(schema.shape), ...APPLICANT_KEYS]);
  if (values.sets_count === '') values.sets_count = '1';
  const rows = [...checklist, { position: EXTRA_DOC_POSITION, name: '', required: false }];
  const received = new Map<number, boolean>();
  for (const doc of rows) {
    const p = doc.position;
    const got = p === EXTRA_DOC_POSITION ? cleanText(values[EXTRA_NAME] ?? '') !== '' : str(body, `doc_${p}_received`) !== '';
    received.set(p, got);
    values[`doc_${p}_received`] = got ? 'on' : '';
  }
  // A scan (in its field, or typed into another one) fills the empty fields and comes back
  // to the form for checking; nothing is validated or kept from it otherwise.
  const scanned = applyScan(values);
  if (scanned) return scanned;

  const parsed = schema.safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
  const kind: ApplicantKind = values.applicant_kind === 'organisation' ? 'organisation' : 'person';
  const who = (kind === 'organisation' ? organisationSchema : personSchema).safeParse(values);
  if (!who.success) Object.assign(errors, fieldErrors(who.error), errors);
  const rep = representativeSchema.safeParse(values);
  if (!rep.success) Object.assign(errors, fieldErrors(rep.error), errors);
  for (const [k, m] of Object.entries(representativeErrors(kind, values))) errors[k] ??= m;
  if (kind === 'person' && !errors.applicant_id_number && !errors.applicant_birth_date && !errors.applicant_sex) {
    const mismatch = idAgainstPerson(values);
    if (mismatch) errors.applicant_id_number = mismatch;
  }
  const missing = rows.filter((d) => d.required && !received.get(d.position)).map((d) => d.name);
  if (missing.length > 0) {
    errors.documents = `Hồ sơ chưa đủ thành phần bắt buộc: ${missing.join('; ')}. Hướng dẫn người nộp bổ sung trước khi tiếp nhận.`;
  }
  if (!parsed.success || !who.success || !rep.success || Object.keys(errors).length > 0) return { ok: false, errors, values };

  const a = parsed.data as z.output<typeof applicantSchema> & Record<string, unknown>;
  const person = kind === 'person' ? (who.data as z.output<typeof personSchema>) : null;
  const org = kind === 'organisation' ? (who.data as z.output<typeof organisationSchema>) : null;
  const r = rep.data;
  const representative: RepresentativeInput | null = r.representative_name
    ? {
        name: r.representative_name,
        idNumber: r.representative_id_number as string | null,
        address: r.representative_address,
        phone: r.representative_phone as string | null,
        email: r.representative_email as string | null,
        authorisationPaper: r.authorisation_paper,
      }
    : null;
  const documents: IntakeDocument[] = rows
    .filter((d) => received.get(d.position))
    .map((d) => {
      const p = d.position;
      const counts = { originals: 0, certifiedCopies: 0, copies: 0 };
      for (const [field, key] of COUNT_FIELDS) counts[key] = a[`doc_${p}_${field}`] as number;
      return { position: p, name: p === EXTRA_DOC_POSITION ? (a[EXTRA_NAME] as string) : d.name, ...counts };
    });
  return {
    ok: true,
    values,
    value: {
      applicantKind: kind,
      applicantName: (person ?? org)!.applicant_name,
      // An organisation's identifier is its tax/organisation code (the dossier's ID number column).
      idNumber: person ? person.applicant_id_number : org!.organisation_code,
      organisationCode: org ? org.organisation_code : null,
      phone: a.applicant_phone,
      email: a.applicant_email,
      address: a.applicant_address,
      birthDate: person?.applicant_birth_date ?? null,
      sex: person?.applicant_sex ?? null,
      representativeName: representative?.name ?? null,
      representative,
      resultDelivery: a.result_delivery,
      setsCount: a.sets_count,
      note: a.note,
      documents,
    },
  };
}

/** The fields a scan fills, each from its part of the card. */
const SCAN_TARGETS = ['applicant_id_number', 'applicant_name', 'applicant_birth_date', 'applicant_sex', 'applicant_address'] as const;

/**
 * Reads a CCCD scan from the scan field, or from any field the scanner typed into (the QR
 * text then follows what was there, which is kept). Returns the form to show again: the
 * empty fields filled from the card (what the clerk typed wins) and the scan field cleared,
 * or the scan's error; undefined when there is no scan, or it fills nothing new.
 */
function applyScan(values: FormValues): Parsed<IntakeInput> | undefined {
  let scan = values[SCAN_FIELD] ?? '';
  values[SCAN_FIELD] = '';
  if (cleanText(scan) === '') {
    scan = '';
    for (const key of Object.keys(values)) {
      const at = findCccdQr(values[key] ?? '');
      if (at < 0) continue;
      scan = values[key]!.slice(at);
      values[key] = values[key]!.slice(0, at).trim();
      break;
    }
    if (scan === '') return undefined;
  }
  if (hasControlChars(scan)) return { ok: false, errors: { [SCAN_FIELD]: MESSAGES.control }, values };
  const read = parseCccdQr(scan);
  if (!read.ok) return { ok: false, errors: { [SCAN_FIELD]: read.message }, values };
  const card = read.card;
  const fromCard: Record<(typeof SCAN_TARGETS)[number], string> = {
    applicant_id_number: card.idNumber,
    applicant_name: card.fullName,
    applicant_birth_date: formatLocalDateVn(card.birthDate),
    applicant_sex: card.sex,
    applicant_address: card.address,
  };
  let filled = 0;
  for (const key of SCAN_TARGETS) {
    if (cleanText(values[key] ?? '') !== '') continue;
    values[key] = fromCard[key];
    filled++;
  }
  if (filled === 0) return undefined;
  return { ok: false, errors: {}, values: { ...values, [SCAN_FILLED]: '1' } };
}

/** The ID number's century/sex digit and year digits against the date of birth and sex, when given. */
function idAgainstPerson(values: FormValues): string | null {
  const number = (values.applicant_id_number ?? '').replace(/\s/g, '');
  const birthDate = parseLocalDate(values.applicant_birth_date ?? '');
  const sex = (SEXES as readonly string[]).includes(values.applicant_sex ?? '') ? (values.applicant_sex as Sex) : null;
  if (!/^\d{12}$/.test(number) || (!birthDate && !sex)) return null;
  const check = checkCccdNumber(number, { birthDate, sex });
  return check.ok ? null : check.message;
}

/**
 * Default form values for a fresh form: the required documents ticked with their usual
 * counts (most citizens bring exactly those), the optional ones unticked.
 */
export function blankForm(checklist: readonly ProcedureDocument[]): FormValues {
  const values: FormValues = { applicant_kind: 'person', result_delivery: 'counter', sets_count: '1' };
  for (const d of checklist) {
    if (d.required) values[`doc_${d.position}_received`] = 'on';
    values[`doc_${d.position}_originals`] = String(d.originals);
    values[`doc_${d.position}_certified`] = String(d.certifiedCopies);
    values[`doc_${d.position}_copies`] = String(d.copies);
  }
  return values;
}

// ------------------------------------------------------------------ picker, path, key

const pickerSchema = z.object({ q: optionalText(200, 'Từ khóa tìm kiếm không quá 200 ký tự') });

/** The procedure picker's query ('' when absent); control characters refused. */
export function parsePickerQuery(query: RawInput): Parsed<string> {
  const parsed = parseObject(pickerSchema, query);
  return parsed.ok ? { ok: true, value: parsed.value.q ?? '', values: parsed.values } : parsed;
}

/** A procedure code from the path (1.001612): bounded, printable; null for anything else. */
export function parseProcedureCode(params: RawInput): string | null {
  const code = str(params, 'code').trim();
  return code !== '' && code.length <= 30 && !hasControlChars(code) ? code : null;
}

/**
 * The intake key a check page hands out: `<clerk id>.<random UUID>`. It names the clerk who
 * made it, so a replay by anyone else is recognised before anything is looked up.
 */
export interface IntakeKey {
  staffId: number;
  key: string;
}

const INTAKE_KEY_RE = /^([1-9]\d{0,9})\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function formatIntakeKey(staffId: number, uuid: string): string {
  return `${staffId}.${uuid}`;
}

/** The posted intake key, or null when absent or malformed (the submission then has no key). */
export function parseIntakeKey(body: RawInput): IntakeKey | null {
  const key = str(body, 'intake_key');
  const m = INTAKE_KEY_RE.exec(key);
  return m ? { staffId: Number(m[1]), key } : null;
}
