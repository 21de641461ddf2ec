/**
 * The procedure form, through the form kit, and the parsers the CSV import shares with
 * it (fees, small integers, processing units, header keys).
 */
import { z } from 'zod';
import { PROCESSING_UNITS, validateProcessingTime, type ProcessingUnit } from '../../../domain/deadline.js';
import { ONLINE_LEVELS, type OnlineLevel } from '../../../domain/national-procedure.js';
import { BY_POST_IN_PERSON } from '../../../domain/post.js';
import { cleanText } from '../../../domain/text.js';
import { looksMisdecoded } from './csv.js';
import { SUPPLEMENT_CLOCKS, type ProcedureSummary, type ProcedureTerms, type SupplementClock } from '../../catalogue/catalogue.types.js';
import { MAX_STEP_AMOUNT, MAX_STEP_NAME_LENGTH, MAX_STEPS, STEP_UNITS, isStepUnit, type ProcessStepInput } from '../../catalogue/process-steps.js';
import {
  checkbox,
  hasControlChars,
  MESSAGES,
  oneOf,
  optionalId,
  optionalText,
  parseForm,
  parseId,
  pick,
  str,
  strs,
  text,
  type FieldErrors,
  type FormValues,
  type Parsed,
  type RawInput,
} from '../../../web/form.js';

export const SUPPLEMENT_CLOCK_LABELS: Record<SupplementClock, string> = {
  restart: 'Tính lại từ đầu',
  resume: 'Tính tiếp thời gian còn lại',
};

export const PROCESSING_UNIT_LABELS: Record<ProcessingUnit, string> = {
  working_days: 'Ngày làm việc',
  same_day: 'Trong ngày',
  working_hours: 'Giờ làm việc',
  calendar_days: 'Ngày (theo lịch)',
};

export const MAX_FEE_VND = 2_000_000_000;
export const MAX_DOCUMENTS = 60;
export const PROCEDURE_CODE_RE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,29}$/;

/** Optional text stored as '' when empty. */
const blankable = (max: number, tooLong: string) => optionalText(max, tooLong).transform((v) => v ?? '');

export interface DocumentInput {
  name: string;
  originals: number;
  certifiedCopies: number;
  copies: number;
  required: boolean;
}

export interface ProcedureInput extends Omit<ProcedureSummary, 'id' | 'nameFolded'>, ProcedureTerms {
  /** The result is produced at the one-stop counter itself (the clerk marks it ready). */
  resultAtCounter: boolean;
  /** What recording a complete supplement does to the clock. */
  supplementClock: SupplementClock;
  /** Decree 63/2024: received after the cut-off, counting starts the next working day. */
  nextDayAfterCutoff: boolean;
  active: boolean;
  agencyIds: number[];
  documents: DocumentInput[];
  /** The internal process, in order; [] for none. */
  steps: ProcessStepInput[];
  /** `MaTTHC` at the national portal; null: the procedure's own (national) code. */
  portalProcedureCode: string | null;
  /** `MaLinhVuc` at the national portal; null: not mapped, the procedure's dossiers are held. */
  portalFieldCode: string | null;
  /** `TenLinhVuc` at the national portal; null: the procedure's own field. */
  portalFieldName: string | null;
  /** Online filing; the post open for it (Decision 45/2016 art. 5), never with inPerson (art. 1(2)). */
  onlineLevel: OnlineLevel;
  byPost: boolean;
  inPerson: boolean;
  resultElectronic?: boolean; // the result may be a signed file (src/domain/result-file.ts); absent: left as stored (CSV import)
}

/** A code at the national portal (MaTTHC, MaLinhVuc): letters, digits, dots, dashes and underscores. */
export const PORTAL_CODE_RE = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;
export const PORTAL_PROCEDURE_CODE_MAX = 60;
export const PORTAL_FIELD_CODE_MAX = 50;
export const PORTAL_FIELD_NAME_MAX = 200;
export const PORTAL_PROCEDURE_CODE_MESSAGE = `Mã TTHC trên Cổng DVCQG chỉ gồm chữ số, chữ cái không dấu, dấu chấm, gạch ngang hoặc gạch dưới, tối đa ${PORTAL_PROCEDURE_CODE_MAX} ký tự (ví dụ: 1.004222)`;
export const PORTAL_FIELD_CODE_MESSAGE = `Mã lĩnh vực trên Cổng DVCQG chỉ gồm chữ số, chữ cái không dấu, dấu chấm, gạch ngang hoặc gạch dưới, tối đa ${PORTAL_FIELD_CODE_MAX} ký tự`;
export const PORTAL_FIELD_NAME_MESSAGE = `Tên lĩnh vực trên Cổng DVCQG không quá ${PORTAL_FIELD_NAME_MAX} ký tự`;

/** A portal code as typed ('' → null, spaces dropped); undefined when it is not a valid code of at most `max` characters. */
export function parsePortalCode(raw: string, max: number): string | null | undefined {
  const v = cleanText(raw).replace(/\s/g, '');
  if (v === '') return null;
  return v.length <= max && PORTAL_CODE_RE.test(v) ? v : undefined;
}

const portalCode = (max: number, message: string) =>
  z
    .string()
    .transform((v) => parsePortalCode(v, max))
    .refine((v) => v !== undefined, message)
    .transform((v) => v ?? null);

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

/** "1", "0", "có", "không" (and yes/no, true/false, x, blank = no) → boolean; anything else → undefined. */
export function parseYesNo(raw: string): boolean | undefined {
  const key = headerKey(raw);
  if (['1', 'co', 'yes', 'true', 'x'].includes(key)) return true;
  if (['', '0', 'khong', 'no', 'false'].includes(key)) return false;
  return undefined;
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
  'supplement_clock',
  'portal_procedure_code',
  'portal_field_code',
  'portal_field_name',
  'online_level',
] as const;

/** Blank document rows offered under the existing ones. */
export const BLANK_DOCUMENT_ROWS = 3;
/** Blank step rows offered under the existing ones (and added by "Thêm dòng"). */
export const BLANK_STEP_ROWS = 3;

const procedureSchema = z.object({
  code: text(100, 'Nhập mã thủ tục').refine(
    (v) => PROCEDURE_CODE_RE.test(v),
    'Mã thủ tục gồm chữ số, chữ cái không dấu, dấu chấm hoặc gạch ngang, tối đa 30 ký tự (ví dụ: 1.001612)',
  ),
  name: text(500, 'Nhập tên thủ tục', 'Tên thủ tục không quá 500 ký tự'),
  field: text(200, 'Nhập lĩnh vực', 'Lĩnh vực không quá 200 ký tự'),
  processing_unit: oneOf(PROCESSING_UNITS, 'Chọn đơn vị thời gian giải quyết'),
  processing_amount: z.string().trim(),
  processing_note: blankable(500, 'Ghi chú thời hạn không quá 500 ký tự'),
  fee_vnd: z
    .string()
    .transform(parseFee)
    .refine((v) => v !== undefined, FEE_MESSAGE)
    .transform((v) => v ?? null),
  fee_note: blankable(500, 'Ghi chú lệ phí không quá 500 ký tự'),
  result: text(500, 'Nhập kết quả giải quyết', 'Kết quả không quá 500 ký tự'),
  apology_extension_days: z
    .string()
    .transform((v) => parseSmallInt(v, 0, 60))
    .refine((v) => v !== undefined, APOLOGY_MESSAGE)
    .transform((v) => v ?? 0),
  lead_agency_id: optionalId('Chọn cơ quan, phòng chủ trì giải quyết'),
  // Not sent (an older form): the default, restart.
  supplement_clock: z
    .string()
    .transform((v) => (v.trim() === '' ? 'restart' : v.trim()))
    .pipe(oneOf(SUPPLEMENT_CLOCKS, 'Chọn cách tính thời hạn sau khi bổ sung hồ sơ')),
  portal_procedure_code: portalCode(PORTAL_PROCEDURE_CODE_MAX, PORTAL_PROCEDURE_CODE_MESSAGE),
  portal_field_code: portalCode(PORTAL_FIELD_CODE_MAX, PORTAL_FIELD_CODE_MESSAGE),
  portal_field_name: optionalText(PORTAL_FIELD_NAME_MAX, PORTAL_FIELD_NAME_MESSAGE),
  // Not sent (an older form): none.
  online_level: z.string().transform((v) => v.trim() || 'none').pipe(oneOf(ONLINE_LEVELS, 'Chọn mức độ nộp hồ sơ trực tuyến')),
});

/** Processing amount for a unit: same-day ignores it; otherwise an integer in range. */
export function processingTimeProblem(unit: ProcessingUnit, rawAmount: string): { amount: number; error: string | null } {
  const t = rawAmount.trim();
  if (unit === 'same_day') return { amount: 0, error: null };
  const amount = /^\d{1,4}$/.test(t) ? Number(t) : NaN;
  const error = validateProcessingTime({ unit, amount });
  return { amount, error };
}

export function documentRowCount(body: RawInput): number {
  const n = Number(str(body, 'doc_count'));
  return Number.isInteger(n) && n >= 0 ? Math.min(n, MAX_DOCUMENTS + BLANK_DOCUMENT_ROWS) : 0;
}

export function stepRowCount(body: RawInput): number {
  const n = Number(str(body, 'step_count'));
  return Number.isInteger(n) && n >= 0 ? Math.min(n, MAX_STEPS + 2 * BLANK_STEP_ROWS) : 0;
}

const STEP_AMOUNT_MESSAGE = (k: number, unit: string) =>
  isStepUnit(unit)
    ? `Bước thứ ${k}: thời gian phải là số nguyên từ 1 đến ${MAX_STEP_AMOUNT[unit]} ${unit === 'working_hours' ? 'giờ' : 'ngày'} làm việc`
    : `Bước thứ ${k}: thời gian phải là số nguyên`;

/**
 * The step rows of the form (step_<i>_name, _agency_id, _amount, _unit, _remove): a row
 * without a name and without a time is blank and skipped; so is a row marked "Bỏ".
 * The order of the rows is the order of the steps.
 */
function parseSteps(body: RawInput, values: FormValues, extra: FieldErrors): ProcessStepInput[] {
  const steps: ProcessStepInput[] = [];
  const rows = stepRowCount(body);
  values.step_count = String(rows);
  for (let i = 0; i < rows; i++) {
    const k = `step_${i}`;
    for (const f of ['name', 'agency_id', 'amount', 'unit'] as const) values[`${k}_${f}`] = str(body, `${k}_${f}`);
    values[`${k}_remove`] = checkbox(body, `${k}_remove`) ? 'on' : '';
    const name = cleanText(values[`${k}_name`] ?? '');
    const rawAmount = (values[`${k}_amount`] ?? '').trim();
    if ((name === '' && rawAmount === '') || values[`${k}_remove`] === 'on') continue;
    const n = steps.length + 1;
    if (name === '') extra[`${k}_name`] = `Bước thứ ${n}: nhập tên bước`;
    else if (hasControlChars(name)) extra[`${k}_name`] = `Bước thứ ${n}: ${MESSAGES.control}`;
    else if (name.length > MAX_STEP_NAME_LENGTH) extra[`${k}_name`] = `Bước thứ ${n}: tên không quá ${MAX_STEP_NAME_LENGTH} ký tự`;
    const unit = values[`${k}_unit`] ?? '';
    if (!isStepUnit(unit)) extra[`${k}_unit`] = `Bước thứ ${n}: chọn giờ làm việc hoặc ngày làm việc`;
    const amount = /^\d{1,4}$/.test(rawAmount) ? Number(rawAmount) : NaN;
    if (rawAmount === '') extra[`${k}_amount`] = `Bước thứ ${n}: nhập thời gian thực hiện`;
    else if (isStepUnit(unit) && !(amount >= 1 && amount <= MAX_STEP_AMOUNT[unit])) extra[`${k}_amount`] = STEP_AMOUNT_MESSAGE(n, unit);
    else if (!isStepUnit(unit) && !(amount >= 1)) extra[`${k}_amount`] = STEP_AMOUNT_MESSAGE(n, unit);
    const rawAgency = (values[`${k}_agency_id`] ?? '').trim();
    const agencyId = rawAgency === '' ? null : parseId(rawAgency);
    if (agencyId === null && rawAgency !== '') extra[`${k}_agency_id`] = `Bước thứ ${n}: chọn cơ quan, phòng thực hiện`;
    steps.push({ name, agencyId, amount, unit: isStepUnit(unit) ? unit : STEP_UNITS[0] });
  }
  if (steps.length > MAX_STEPS) extra.steps = `Tối đa ${MAX_STEPS} bước trong quy trình nội bộ`;
  return steps;
}

export function parseProcedure(body: RawInput): Parsed<ProcedureInput> {
  const values = pick(body, PROCEDURE_FIELDS);
  values.active = checkbox(body, 'active') ? 'on' : '';
  values.result_at_counter = checkbox(body, 'result_at_counter') ? 'on' : '';
  values.next_day_after_cutoff = checkbox(body, 'next_day_after_cutoff') ? 'on' : '';
  for (const box of ['by_post', 'in_person', 'result_electronic'] as const) values[box] = checkbox(body, box) ? 'on' : '';
  const agencyIdValues = strs(body, 'agency_ids').filter((v) => parseId(v) !== null);
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
    if (hasControlChars(name)) extra[`doc_${i}_name`] = `Giấy tờ thứ ${i + 1}: ${MESSAGES.control}`;
    else if (name.length > 500) extra[`doc_${i}_name`] = `Giấy tờ thứ ${i + 1}: tên không quá 500 ký tự`;
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
  const steps = parseSteps(body, values, extra);
  // Decision 45/2016 art. 1(2): a procedure the person must come for is not received by post.
  if (values.by_post === 'on' && values.in_person === 'on') extra.by_post = BY_POST_IN_PERSON;

  const unit = values.processing_unit ?? '';
  if ((PROCESSING_UNITS as readonly string[]).includes(unit)) {
    const time = processingTimeProblem(unit as ProcessingUnit, values.processing_amount ?? '');
    if (time.error) extra.processing_amount = time.error;
  }
  const parsed = parseForm(procedureSchema, body, PROCEDURE_FIELDS, extra);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, values };
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
      resultAtCounter: values.result_at_counter === 'on',
      supplementClock: v.supplement_clock,
      nextDayAfterCutoff: values.next_day_after_cutoff === 'on',
      active: values.active === 'on',
      agencyIds: [...new Set(agencyIdValues.map(Number))],
      documents,
      steps,
      portalProcedureCode: v.portal_procedure_code,
      portalFieldCode: v.portal_field_code,
      portalFieldName: v.portal_field_name,
      onlineLevel: v.online_level,
      byPost: values.by_post === 'on',
      inPerson: values.in_person === 'on',
      resultElectronic: values.result_electronic === 'on',
    },
  };
}

// ---------------------------------------------------------------- list filter and CSV import

const filterSchema = z.object({
  // A filter, not a form: a value the kit refuses filters nothing.
  q: optionalText(200).catch(null),
  field: optionalText(200).catch(null),
  status: z.enum(['all', 'active', 'inactive']).catch('all'),
});

export function parseProcedureFilter(query: RawInput): { q: string; field: string; status: 'all' | 'active' | 'inactive' } {
  const values = pick(query, ['q', 'field', 'status']);
  const v = filterSchema.parse(values);
  return { q: v.q ?? '', field: v.field ?? '', status: v.status };
}

export type ImportForm =
  | { ok: true; csv: string; commit: boolean; confirmation: string | null }
  | { ok: false; csv: string; problems: Array<{ line: number; message: string }> };

/** What the page says of a file that was not saved as UTF-8 (Excel's plain "CSV" is Windows-1258 on a Vietnamese system). */
export const NOT_UTF8_MESSAGE =
  'Tệp không được lưu với mã UTF-8 (thường là mã Windows-1258, khi Excel lưu kiểu "CSV (Comma delimited)"), nên có chữ không đọc được. Trong Excel chọn Lưu thành, kiểu "CSV UTF-8 (Comma delimited) (*.csv)", rồi chọn lại tệp; hoặc chọn tệp bằng nút "Chọn tệp CSV" trên trang này để tệp được tự chuyển sang UTF-8.';

/**
 * The import form: the CSV text (tabs and line breaks allowed, no other control characters),
 * preview or import, and the confirmation key of the deletions the preview showed. Text that
 * was not UTF-8 (a replacement character from a UTF-8 decoder, or C1 controls from a Latin-1
 * one) is named as such, not as control characters.
 */
export function parseImportForm(body: RawInput): ImportForm {
  const csv = str(body, 'csv');
  const commit = str(body, 'action') !== 'preview';
  const lines = csv.split(/\r\n|\r|\n/);
  const misdecoded = lines.findIndex((l) => looksMisdecoded(l));
  if (misdecoded >= 0) return { ok: false, csv, problems: [{ line: misdecoded + 1, message: NOT_UTF8_MESSAGE }] };
  if (hasControlChars(csv)) {
    const line = lines.findIndex((l) => hasControlChars(l)) + 1;
    return { ok: false, csv, problems: [{ line: Math.max(line, 1), message: MESSAGES.control }] };
  }
  const key = str(body, 'xac_nhan_xoa');
  return { ok: true, csv, commit, confirmation: /^[A-Za-z0-9_-]{1,64}$/.test(key) ? key : null };
}
