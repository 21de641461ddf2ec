/**
 * The procedure catalogue as a CSV file (a province's published list): header mapping
 * (English or Vietnamese column names), then every row validated before anything is
 * written. Pure: the caller supplies the agencies that exist.
 */
import type { ProcessingUnit } from '../../../domain/deadline.js';
import { cleanText } from '../../../domain/text.js';
import type { SupplementClock } from '../../catalogue/catalogue.types.js';
import { MAX_STEP_NAME_LENGTH, MAX_STEPS, parseStepBudget, stepsBudgetProblem, type StepUnit } from '../../catalogue/process-steps.js';
import { CsvError, detectDelimiter, isBlankRecord, parseCsv } from './csv.js';
import {
  APOLOGY_MESSAGE,
  FEE_MESSAGE,
  MAX_DOCUMENTS,
  PROCEDURE_CODE_RE,
  headerKey,
  parseFee,
  parseProcessingUnit,
  parseSmallInt,
  parseYesNo,
  parsePortalCode,
  processingTimeProblem,
  PORTAL_FIELD_CODE_MAX,
  PORTAL_FIELD_CODE_MESSAGE,
  PORTAL_FIELD_NAME_MAX,
  PORTAL_FIELD_NAME_MESSAGE,
  PORTAL_PROCEDURE_CODE_MAX,
  PORTAL_PROCEDURE_CODE_MESSAGE,
} from './procedures.schema.js';
import { HEADER_LOOKUP, IMPORT_COLUMNS, isClearMarker, type ImportColumn } from './procedure-import-columns.js';

export const MAX_IMPORT_ROWS = 5000;

/** A cell of an optional column: blank (keep what is stored), the clear marker, or a value. */
type Cell = { kind: 'blank' } | { kind: 'clear' } | { kind: 'value'; raw: string };

function cellOf(raw: string): Cell {
  if (raw.trim() === '') return { kind: 'blank' };
  if (isClearMarker(raw)) return { kind: 'clear' };
  return { kind: 'value', raw };
}
export const DEFAULT_APOLOGY_DAYS = 5;

export interface ImportRow {
  line: number;
  code: string;
  name: string;
  field: string;
  processingUnit: ProcessingUnit;
  processingAmount: number;
  /** Undefined when the file has no processing-note column or the cell is blank: keep what is stored ('' after the clear marker). */
  processingNote: string | undefined;
  /** Undefined when the file has no counter-result column: keep what is stored. */
  resultAtCounter: boolean | undefined;
  /** Undefined: blank cell, keep what is stored (a new procedure: charged as the note says, null); null after the clear marker. */
  feeVnd: number | null | undefined;
  /** Undefined: blank cell, keep what is stored; '' after the clear marker. */
  feeNote: string | undefined;
  result: string;
  apologyExtensionDays: number;
  /** Undefined: blank cell, keep what is stored; null after the clear marker (the receiving agency processes it). */
  leadAgencyEid: string | null | undefined;
  /** Undefined: blank cell, keep what is stored; [] after the clear marker. */
  receivingAgencyEids: string[] | undefined;
  /** Undefined: blank cell, keep what is stored; [] after the clear marker. */
  documents: Array<{ name: string; required: boolean }> | undefined;
  /** Undefined when the file has no such column: keep what is stored. */
  supplementClock: SupplementClock | undefined;
  nextDayAfterCutoff: boolean | undefined;
  /** The internal process; undefined when the file has no process column or the cell is blank (keep the stored one); [] after the clear marker. */
  steps: ImportStep[] | undefined;
  /** The national portal's mapping: undefined when the file has no such column or the cell is blank (keep what is stored); null after the clear marker. */
  portalProcedureCode: string | null | undefined;
  portalFieldCode: string | null | undefined;
  portalFieldName: string | null | undefined;
}

export interface ImportStep {
  name: string;
  /** Upper case; null: the processing agency. */
  agencyEid: string | null;
  amount: number;
  unit: StepUnit;
}

export interface ImportProblem {
  line: number;
  message: string;
}

export type ImportParse = { ok: true; rows: ImportRow[] } | { ok: false; problems: ImportProblem[] };

function list(raw: string): string[] {
  return raw
    .split(';')
    .map(cleanText)
    .filter((s) => s !== '');
}

/** "restart", "resume", "tính lại (từ đầu)", "tính tiếp (thời gian còn lại)"; blank = restart; anything else → undefined. */
export function parseSupplementClock(raw: string): SupplementClock | undefined {
  const key = headerKey(raw);
  if (['', 'restart', 'tinh_lai', 'tinh_lai_tu_dau'].includes(key)) return 'restart';
  if (['resume', 'tinh_tiep', 'tinh_tiep_thoi_gian_con_lai'].includes(key)) return 'resume';
  return undefined;
}

/**
 * The process column: "Tên bước|mã cơ quan|8h; Tên bước||2 ngày" (or "Tên bước|8h").
 * The steps, or the messages of what is wrong (each naming the step).
 */
export function parseStepsCell(raw: string, knownAgencyEids: ReadonlySet<string>): { steps: ImportStep[]; problems: string[] } {
  const steps: ImportStep[] = [];
  const problems: string[] = [];
  const parts = raw
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length > MAX_STEPS) problems.push(`Cột quy_trinh: tối đa ${MAX_STEPS} bước, ô có ${parts.length} bước`);
  parts.slice(0, MAX_STEPS).forEach((part, i) => {
    const n = i + 1;
    const fields = part.split('|').map((f) => f.trim());
    if (fields.length < 2 || fields.length > 3) {
      problems.push(`Cột quy_trinh, bước ${n} ("${cleanText(part).slice(0, 60)}"): viết "Tên bước|mã cơ quan|thời gian", ví dụ "Thẩm định|000.31.01.H26|2 ngày"`);
      return;
    }
    const name = cleanText(fields[0]!);
    const eid = fields.length === 3 ? fields[1]!.replace(/\s/g, '').toUpperCase() : '';
    const rawBudget = fields[fields.length - 1]!;
    let ok = true;
    if (name === '') {
      problems.push(`Cột quy_trinh, bước ${n}: thiếu tên bước`);
      ok = false;
    } else if (name.length > MAX_STEP_NAME_LENGTH) {
      problems.push(`Cột quy_trinh, bước ${n}: tên bước không quá ${MAX_STEP_NAME_LENGTH} ký tự`);
      ok = false;
    }
    if (eid !== '' && !knownAgencyEids.has(eid)) {
      problems.push(`Cột quy_trinh, bước ${n} (${name}): không có cơ quan, phòng mang mã định danh ${eid}`);
      ok = false;
    }
    const budget = parseStepBudget(rawBudget);
    if (!budget) {
      problems.push(`Cột quy_trinh, bước ${n} (${name}): thời gian "${cleanText(rawBudget)}" không hợp lệ (số giờ làm việc như 4h, 4 giờ, hoặc số ngày làm việc như 2d, 2 ngày)`);
      ok = false;
    }
    if (ok) steps.push({ name, agencyEid: eid === '' ? null : eid, amount: budget!.amount, unit: budget!.unit });
  });
  return { steps, problems };
}

/** Parse and validate every row. `knownAgencyEids` holds the eids that exist (upper case); `dayLengthMs` is a working day's office time. */
export function parseProcedureCsv(text: string, knownAgencyEids: ReadonlySet<string>, dayLengthMs = 8 * 3_600_000): ImportParse {
  if (text.trim() === '' || text.replace(/^\uFEFF/, '').trim() === '') {
    return { ok: false, problems: [{ line: 1, message: 'Chưa có dữ liệu: dán nội dung tệp CSV vào ô bên dưới hoặc chọn tệp.' }] };
  }
  let records;
  try {
    records = parseCsv(text, { delimiter: detectDelimiter(text) });
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, problems: [{ line: err.line, message: err.message }] };
    throw err;
  }
  const header = records[0];
  if (!header) return { ok: false, problems: [{ line: 1, message: 'Thiếu dòng tiêu đề.' }] };

  // Header: every column known, none twice, every required one present.
  const problems: ImportProblem[] = [];
  const columns: Array<ImportColumn | undefined> = [];
  const seen = new Map<ImportColumn, number>();
  header.fields.forEach((name, index) => {
    const key = HEADER_LOOKUP.get(headerKey(name));
    if (!key) {
      if (name.trim() !== '') problems.push({ line: header.line, message: `Cột "${cleanText(name)}" (cột thứ ${index + 1}) không thuộc mẫu nhập` });
      else problems.push({ line: header.line, message: `Cột thứ ${index + 1} không có tên` });
    } else if (seen.has(key)) {
      problems.push({ line: header.line, message: `Cột "${cleanText(name)}" bị lặp (trùng với cột thứ ${seen.get(key)! + 1})` });
    } else {
      seen.set(key, index);
    }
    columns.push(key);
  });
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !seen.has(c.key)).map((c) => `${c.key} (${c.label})`);
  if (missing.length > 0) problems.push({ line: header.line, message: `Thiếu cột: ${missing.join(', ')}` });
  if (problems.length > 0) return { ok: false, problems };

  const dataRecords = records.slice(1).filter((r) => !isBlankRecord(r));
  if (dataRecords.length === 0) return { ok: false, problems: [{ line: header.line, message: 'Tệp chỉ có dòng tiêu đề, chưa có thủ tục nào.' }] };
  if (dataRecords.length > MAX_IMPORT_ROWS) {
    return { ok: false, problems: [{ line: header.line, message: `Mỗi lần nhập tối đa ${MAX_IMPORT_ROWS} thủ tục; tệp có ${dataRecords.length}. Hãy chia nhỏ tệp.` }] };
  }

  const rows: ImportRow[] = [];
  const codeLines = new Map<string, number>();
  const hasNote = seen.has('processing_note');
  const hasCounter = seen.has('result_at_counter');
  const hasClock = seen.has('supplement_clock');
  const hasCutoff = seen.has('next_day_after_cutoff');
  const hasSteps = seen.has('steps');
  for (const record of dataRecords) {
    const line = record.line;
    let rowOk = true;
    const add = (message: string) => {
      rowOk = false;
      problems.push({ line, message });
    };
    if (record.fields.length !== header.fields.length) {
      add(`Có ${record.fields.length} cột, trong khi dòng tiêu đề có ${header.fields.length} cột (ô có dấu phẩy hoặc xuống dòng phải đặt trong dấu ngoặc kép)`);
      continue;
    }
    const get = (key: ImportColumn): string => record.fields[seen.get(key)!] ?? '';

    const code = get('code').trim();
    if (code === '') add('Thiếu mã thủ tục');
    else if (!PROCEDURE_CODE_RE.test(code)) add(`Mã thủ tục "${cleanText(code)}" không hợp lệ (chữ số, chữ cái không dấu, dấu chấm hoặc gạch ngang, tối đa 30 ký tự)`);
    else if (codeLines.has(code)) add(`Mã thủ tục ${code} đã có ở dòng ${codeLines.get(code)}`);
    else codeLines.set(code, line);

    const name = cleanText(get('name'));
    if (name === '') add('Thiếu tên thủ tục');
    else if (name.length > 500) add('Tên thủ tục không quá 500 ký tự');

    const field = cleanText(get('field'));
    if (field === '') add('Thiếu lĩnh vực');
    else if (field.length > 200) add('Lĩnh vực không quá 200 ký tự');

    const unit = parseProcessingUnit(get('processing_unit'));
    let amount = 0;
    if (!unit) add(`Đơn vị thời gian "${cleanText(get('processing_unit'))}" không hợp lệ (working_days, same_day, working_hours hoặc calendar_days)`);
    else {
      const time = processingTimeProblem(unit, get('processing_amount'));
      if (time.error) add(time.error);
      amount = time.amount;
    }

    const feeCell = cellOf(get('fee_vnd'));
    let fee: number | null | undefined;
    if (feeCell.kind === 'clear') fee = null;
    else if (feeCell.kind === 'value') {
      fee = parseFee(feeCell.raw);
      if (fee === undefined || fee === null) add(FEE_MESSAGE);
    }
    const feeNoteCell = cellOf(get('fee_note'));
    const feeNote = feeNoteCell.kind === 'blank' ? undefined : feeNoteCell.kind === 'clear' ? '' : cleanText(feeNoteCell.raw);
    if (feeNote !== undefined && feeNote.length > 500) add('Ghi chú lệ phí không quá 500 ký tự');

    const result = cleanText(get('result'));
    if (result === '') add('Thiếu kết quả giải quyết');
    else if (result.length > 500) add('Kết quả không quá 500 ký tự');

    const rawApology = get('apology_extension_days').trim();
    const apology = rawApology === '' ? DEFAULT_APOLOGY_DAYS : parseSmallInt(rawApology, 0, 60);
    if (apology === undefined) add(APOLOGY_MESSAGE);

    const leadCell = cellOf(get('lead_agency_eid'));
    const lead = leadCell.kind === 'value' ? leadCell.raw.replace(/\s/g, '').toUpperCase() : leadCell.kind === 'clear' ? null : undefined;
    if (lead && !knownAgencyEids.has(lead)) add(`Không có cơ quan chủ trì mang mã định danh ${lead}`);

    const receivingCell = cellOf(get('receiving_agency_eids'));
    const receiving =
      receivingCell.kind === 'value' ? [...new Set(list(receivingCell.raw).map((e) => e.replace(/\s/g, '').toUpperCase()))] : receivingCell.kind === 'clear' ? [] : undefined;
    const unknown = (receiving ?? []).filter((e) => !knownAgencyEids.has(e));
    if (unknown.length > 0) add(`Không có cơ quan tiếp nhận mang mã định danh ${unknown.join(', ')}`);

    const documentsCell = cellOf(get('documents'));
    const documents = documentsCell.kind === 'value' ? list(documentsCell.raw) : documentsCell.kind === 'clear' ? [] : undefined;
    if (documents && documents.length > MAX_DOCUMENTS) add(`Tối đa ${MAX_DOCUMENTS} thành phần hồ sơ`);
    const longDoc = documents?.find((d) => d.length > 500);
    if (longDoc) add(`Tên giấy tờ không quá 500 ký tự: "${longDoc.slice(0, 60)}…"`);

    let processingNote: string | undefined;
    if (hasNote) {
      const noteCell = cellOf(get('processing_note'));
      processingNote = noteCell.kind === 'blank' ? undefined : noteCell.kind === 'clear' ? '' : cleanText(noteCell.raw);
      if (processingNote !== undefined && processingNote.length > 500) add('Ghi chú thời hạn không quá 500 ký tự');
    }

    let resultAtCounter: boolean | undefined;
    if (hasCounter) {
      resultAtCounter = parseYesNo(get('result_at_counter'));
      if (resultAtCounter === undefined) add(`Cột tra_tai_quay: "${cleanText(get('result_at_counter'))}" không hợp lệ (1, 0, có, không hoặc để trống)`);
    }

    let supplementClock: SupplementClock | undefined;
    if (hasClock) {
      supplementClock = parseSupplementClock(get('supplement_clock'));
      if (supplementClock === undefined) add(`Cột thoi_han_sau_bo_sung: "${cleanText(get('supplement_clock'))}" không hợp lệ (restart hoặc "tính lại"; resume hoặc "tính tiếp")`);
    }

    let nextDayAfterCutoff: boolean | undefined;
    if (hasCutoff) {
      nextDayAfterCutoff = parseYesNo(get('next_day_after_cutoff'));
      if (nextDayAfterCutoff === undefined) add(`Cột ap_dung_nd63: "${cleanText(get('next_day_after_cutoff'))}" không hợp lệ (1, 0, có, không hoặc để trống)`);
    }

    let steps: ImportStep[] | undefined;
    const stepsCell = hasSteps ? cellOf(get('steps')) : ({ kind: 'blank' } as Cell);
    if (stepsCell.kind === 'clear') steps = [];
    else if (stepsCell.kind === 'value') {
      const cell = parseStepsCell(stepsCell.raw, knownAgencyEids);
      cell.problems.forEach(add);
      steps = cell.steps;
      if (cell.problems.length === 0 && unit) {
        const over = stepsBudgetProblem(steps, { unit, amount }, dayLengthMs);
        if (over) add(`Cột quy_trinh: ${over}`);
      }
    }

    // The national portal's mapping (optional columns): a blank cell keeps, (xóa) clears, a value sets.
    const portalCell = (key: ImportColumn): Cell => (seen.has(key) ? cellOf(get(key)) : { kind: 'blank' });
    const portalCode = (key: ImportColumn, max: number, message: string): string | null | undefined => {
      const cell = portalCell(key);
      if (cell.kind !== 'value') return cell.kind === 'clear' ? null : undefined;
      const code = parsePortalCode(cell.raw, max);
      if (!code) add(`${message} ("${cleanText(cell.raw).slice(0, 60)}")`);
      return code ?? undefined;
    };
    const portalProcedureCode = portalCode('portal_procedure_code', PORTAL_PROCEDURE_CODE_MAX, PORTAL_PROCEDURE_CODE_MESSAGE);
    const portalFieldCode = portalCode('portal_field_code', PORTAL_FIELD_CODE_MAX, PORTAL_FIELD_CODE_MESSAGE);
    const fieldNameCell = portalCell('portal_field_name');
    const portalFieldName = fieldNameCell.kind === 'value' ? cleanText(fieldNameCell.raw) : fieldNameCell.kind === 'clear' ? null : undefined;
    if (portalFieldName && portalFieldName.length > PORTAL_FIELD_NAME_MAX) add(PORTAL_FIELD_NAME_MESSAGE);

    if (!rowOk) continue;
    rows.push({
      line,
      code,
      name,
      field,
      processingUnit: unit!,
      processingAmount: amount,
      processingNote,
      resultAtCounter,
      feeVnd: fee,
      feeNote,
      result,
      apologyExtensionDays: apology!,
      leadAgencyEid: lead,
      receivingAgencyEids: receiving,
      documents: documents?.map((d) => ({ name: d, required: !/\(nếu có\)/iu.test(d) })),
      supplementClock,
      nextDayAfterCutoff,
      steps,
      portalProcedureCode,
      portalFieldCode,
      portalFieldName,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

