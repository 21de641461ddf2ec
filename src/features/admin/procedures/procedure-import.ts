/**
 * The procedure catalogue as a CSV file (a province's published list): header mapping
 * (English or Vietnamese column names), then every row validated before anything is
 * written. Pure: the caller supplies the agencies that exist.
 */
import type { ProcessingUnit } from '../../../domain/deadline.js';
import { cleanText } from '../../../domain/text.js';
import type { SupplementClock } from '../../catalogue/catalogue.types.js';
import { MAX_STEP_NAME_LENGTH, MAX_STEPS, describeStepBudget, parseStepBudget, stepsBudgetProblem, type StepUnit } from '../../catalogue/process-steps.js';
import { CsvError, detectDelimiter, isBlankRecord, parseCsv } from './csv.js';
import {
  APOLOGY_MESSAGE,
  FEE_MESSAGE,
  MAX_DOCUMENTS,
  PROCEDURE_CODE_RE,
  PROCESSING_UNIT_LABELS,
  SUPPLEMENT_CLOCK_LABELS,
  headerKey,
  parseFee,
  parseProcessingUnit,
  parseSmallInt,
  parseYesNo,
  processingTimeProblem,
} from './procedures.schema.js';

export type ImportColumn =
  | 'code'
  | 'name'
  | 'field'
  | 'processing_unit'
  | 'processing_amount'
  | 'fee_vnd'
  | 'fee_note'
  | 'result'
  | 'apology_extension_days'
  | 'lead_agency_eid'
  | 'receiving_agency_eids'
  | 'documents'
  | 'processing_note'
  | 'result_at_counter'
  | 'supplement_clock'
  | 'next_day_after_cutoff'
  | 'steps';

export interface ColumnSpec {
  key: ImportColumn;
  /** The Vietnamese header documented on the page. */
  vi: string;
  label: string;
  required: boolean;
  /** Other accepted spellings, compared after headerKey(). */
  aliases: string[];
  help: string;
}

export const IMPORT_COLUMNS: readonly ColumnSpec[] = [
  { key: 'code', vi: 'ma_thu_tuc', label: 'Mã thủ tục', required: true, aliases: ['ma', 'ma_tthc'], help: 'Mã trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.001612. Dùng để nhận biết thủ tục đã có (cập nhật) hay mới (thêm).' },
  { key: 'name', vi: 'ten_thu_tuc', label: 'Tên thủ tục', required: true, aliases: ['ten', 'ten_tthc'], help: 'Tối đa 500 ký tự.' },
  { key: 'field', vi: 'linh_vuc', label: 'Lĩnh vực', required: true, aliases: [], help: 'Ví dụ: Hộ tịch.' },
  { key: 'processing_unit', vi: 'don_vi_thoi_gian', label: 'Đơn vị thời gian', required: true, aliases: ['don_vi_thoi_han'], help: 'working_days (ngày làm việc), same_day (trong ngày), working_hours (giờ làm việc) hoặc calendar_days (ngày theo lịch); ghi bằng tiếng Việt cũng được.' },
  { key: 'processing_amount', vi: 'thoi_gian_giai_quyet', label: 'Thời gian giải quyết', required: true, aliases: ['thoi_han_giai_quyet', 'thoi_han', 'so_luong_thoi_gian'], help: 'Số nguyên từ 1 đến 365; để trống hoặc 0 với thủ tục trong ngày.' },
  { key: 'fee_vnd', vi: 'le_phi_vnd', label: 'Lệ phí (đồng)', required: true, aliases: ['le_phi', 'phi_le_phi', 'phi_le_phi_vnd', 'le_phi_dong'], help: 'Số nguyên, ví dụ 100000 hoặc 100.000; 0 là miễn phí. Thủ tục mới: để trống nếu thu theo ghi chú. Thủ tục đã có: ô trống là giữ nguyên lệ phí đang lưu; ghi (xóa) nếu chuyển sang thu theo ghi chú.' },
  { key: 'fee_note', vi: 'ghi_chu_le_phi', label: 'Ghi chú lệ phí', required: true, aliases: ['ghi_chu_phi'], help: 'Có thể để trống. Thủ tục đã có: ô trống là giữ nguyên giá trị đang lưu; muốn xóa, ghi (xóa).' },
  { key: 'result', vi: 'ket_qua', label: 'Kết quả giải quyết', required: true, aliases: ['ket_qua_giai_quyet'], help: 'Ví dụ: Giấy chứng nhận đăng ký hộ kinh doanh.' },
  { key: 'apology_extension_days', vi: 'so_ngay_gia_han', label: 'Số ngày gia hạn khi xin lỗi', required: true, aliases: ['gia_han_xin_loi', 'so_ngay_gia_han_xin_loi'], help: 'Số ngày làm việc từ 0 đến 60; để trống là 5.' },
  { key: 'lead_agency_eid', vi: 'co_quan_chu_tri', label: 'Cơ quan, phòng chủ trì giải quyết', required: true, aliases: ['ma_co_quan_chu_tri', 'co_quan_giai_quyet', 'co_quan_chu_tri_giai_quyet', 'phong_chu_tri', 'co_quan_phong_chu_tri'], help: 'Mã định danh của cơ quan hoặc phòng chuyên môn chủ trì giải quyết, ví dụ 000.00.12.H26: hồ sơ được chuyển ngay vào hàng đợi của cơ quan, phòng này khi tiếp nhận. Thủ tục mới: để trống nếu cơ quan tiếp nhận tự giải quyết (thủ tục cấp xã). Thủ tục đã có: ô trống là giữ nguyên; ghi (xóa) nếu từ nay cơ quan tiếp nhận tự giải quyết.' },
  { key: 'receiving_agency_eids', vi: 'co_quan_tiep_nhan', label: 'Cơ quan tiếp nhận', required: true, aliases: ['ma_co_quan_tiep_nhan', 'noi_tiep_nhan'], help: 'Mã định danh các cơ quan có Bộ phận Một cửa tiếp nhận thủ tục, cách nhau bằng dấu chấm phẩy (;). Thủ tục đã có: ô trống là giữ nguyên giá trị đang lưu; muốn xóa, ghi (xóa).' },
  { key: 'documents', vi: 'thanh_phan_ho_so', label: 'Thành phần hồ sơ', required: true, aliases: ['giay_to'], help: 'Tên các giấy tờ, cách nhau bằng dấu chấm phẩy (;). Giấy tờ có ghi "(nếu có)" là không bắt buộc. Giấy tờ trùng tên với giấy tờ đã có giữ nguyên số bản chính, bản sao. Thủ tục đã có: ô trống là giữ nguyên thành phần hồ sơ đang lưu (không bao giờ xóa); muốn xóa hết, ghi (xóa).' },
  { key: 'result_at_counter', vi: 'tra_tai_quay', label: 'Kết quả trả ngay tại Bộ phận Một cửa', required: false, aliases: ['ket_qua_tai_quay', 'tra_ket_qua_tai_quay'], help: 'Cột không bắt buộc: 1 hoặc "có" nếu Bộ phận Một cửa tự giải quyết và trả kết quả ngay (chứng thực bản sao, chứng thực chữ ký), 0, "không" hoặc để trống nếu không. Nếu không có cột này, giá trị của thủ tục đã có được giữ nguyên (thủ tục mới: không).' },
  { key: 'processing_note', vi: 'ghi_chu_thoi_han', label: 'Ghi chú thời hạn', required: false, aliases: ['ghi_chu_thoi_gian'], help: 'Cột không bắt buộc. Nếu không có cột này hoặc ô để trống, ghi chú của thủ tục đã có được giữ nguyên; muốn xóa, ghi (xóa).' },
  {
    key: 'supplement_clock',
    vi: 'thoi_han_sau_bo_sung',
    label: 'Thời hạn sau khi bổ sung hồ sơ',
    required: false,
    aliases: ['tinh_thoi_han_sau_bo_sung'],
    help: 'Cột không bắt buộc: restart hoặc "tính lại" (thời hạn giải quyết tính lại từ đầu khi nhận đủ hồ sơ bổ sung; để trống cũng là tính lại), resume hoặc "tính tiếp" (tính tiếp thời gian còn lại). Nếu không có cột này, giá trị của thủ tục đã có được giữ nguyên (thủ tục mới: tính lại từ đầu).',
  },
  {
    key: 'next_day_after_cutoff',
    vi: 'ap_dung_nd63',
    label: 'Áp dụng Nghị định 63/2024',
    required: false,
    aliases: ['nd63', 'nghi_dinh_63', 'ap_dung_nghi_dinh_63_2024', 'nhan_sau_15_gio_tinh_tu_ngay_lam_viec_tiep_theo'],
    help: 'Cột không bắt buộc: 1 hoặc "có" nếu hồ sơ nhận sau 15 giờ được tính từ ngày làm việc tiếp theo (Nghị định 63/2024/NĐ-CP), 0, "không" hoặc để trống nếu không. Nếu không có cột này, giá trị của thủ tục đã có được giữ nguyên (thủ tục mới: không).',
  },
  {
    key: 'steps',
    vi: 'quy_trinh',
    label: 'Quy trình nội bộ',
    required: false,
    aliases: ['quy_trinh_noi_bo', 'cac_buoc'],
    help: `Cột không bắt buộc: các bước theo thứ tự, cách nhau bằng dấu chấm phẩy (;); mỗi bước là "Tên bước|mã định danh cơ quan, phòng thực hiện|thời gian", ví dụ "Tiếp nhận, chuyển hồ sơ|000.31.01.H26|4h; Thẩm định||2 ngày; Ký duyệt|000.31.01.H26|8h". Bỏ trống mã (hoặc viết "Tên bước|thời gian") khi bước do cơ quan, phòng chủ trì giải quyết thực hiện. Thời gian: số giờ làm việc (4h, 4 giờ) hoặc số ngày làm việc (2d, 2 ngày); tổng thời gian các bước không được vượt thời gian giải quyết. Tối đa ${MAX_STEPS} bước. Nếu không có cột này hoặc ô để trống, quy trình của thủ tục đã có được giữ nguyên; ghi (xóa) để bỏ quy trình nội bộ (các bước đã có bị xóa).`,
  },
];

export const ENGLISH_HEADER = IMPORT_COLUMNS.filter((c) => c.required)
  .map((c) => c.key)
  .join(',');
export const VIETNAMESE_HEADER = IMPORT_COLUMNS.filter((c) => c.required)
  .map((c) => c.vi)
  .join(',');

const HEADER_LOOKUP = new Map<string, ImportColumn>();
for (const c of IMPORT_COLUMNS) {
  for (const name of [c.key, c.vi, headerKey(c.label), ...c.aliases]) HEADER_LOOKUP.set(name, c.key);
}

export const MAX_IMPORT_ROWS = 5000;

/**
 * The marker that clears a stored value on purpose. For a procedure already in the catalogue,
 * an empty cell of an optional column keeps what is stored: a file never deletes by omission.
 */
export const CLEAR_MARKER = '(xóa)';

/** "(xóa)", "xóa", "(xoa)" or "xoa", in any case. */
export function isClearMarker(raw: string): boolean {
  return headerKey(raw) === 'xoa';
}

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
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/** A stored procedure as the import compares it (agencies by their eid). */
export interface StoredForImport {
  name: string;
  field: string;
  processingUnit: ProcessingUnit;
  processingAmount: number;
  processingNote: string;
  feeVnd: number | null;
  feeNote: string;
  result: string;
  apologyExtensionDays: number;
  leadAgencyEid: string | null;
  receivingAgencyEids: string[];
  documents: string[];
  resultAtCounter: boolean;
  supplementClock: SupplementClock;
  nextDayAfterCutoff: boolean;
  steps: ImportStep[];
}

/** One field a row changes on a stored procedure: what it was, what it becomes, and what it removes. */
export interface FieldChange {
  label: string;
  from: string;
  to: string;
  /** What is deleted by the change (documents, agencies, steps, a value cleared); empty when nothing is. */
  removed: string[];
}

/** One row of an import plan: what it does to the catalogue, and per field what changes. */
export interface ImportPlanRow {
  line: number;
  code: string;
  name: string;
  action: 'insert' | 'update' | 'unchanged';
  changes: FieldChange[];
}

const NONE = '(trống)';
const yesNo = (b: boolean) => (b ? 'Có' : 'Không');
const fee = (v: number | null) => (v === null ? 'Thu theo ghi chú' : v === 0 ? 'Miễn phí' : `${v.toLocaleString('vi-VN')} đồng`);
const time = (unit: ProcessingUnit, amount: number) => (unit === 'same_day' ? PROCESSING_UNIT_LABELS.same_day : `${amount} ${PROCESSING_UNIT_LABELS[unit].toLowerCase()}`);
const stepText = (s: ImportStep, agency: (eid: string) => string) => `${s.name} (${s.agencyEid === null ? 'cơ quan chủ trì' : agency(s.agencyEid)}, ${describeStepBudget(s)})`;
const joined = (items: string[]) => (items.length === 0 ? NONE : items.join('; '));

/**
 * Every field a row changes on the stored procedure (old → new), in the order of the
 * import columns. Fields the row keeps (no column, blank cell) are not listed. Pure;
 * `agency` names an agency by its eid.
 */
export function importChanges(stored: StoredForImport, row: ImportRow, agency: (eid: string) => string): FieldChange[] {
  const out: FieldChange[] = [];
  const scalar = (label: string, from: string, to: string, clears = false) => {
    if (from !== to) out.push({ label, from: from === '' ? NONE : from, to: to === '' ? NONE : to, removed: clears && from !== '' && from !== NONE ? [from] : [] });
  };
  const listed = (label: string, from: string[], to: string[], removed = from.filter((x) => !to.includes(x))) => {
    if (from.join('\u0000') === to.join('\u0000')) return;
    out.push({ label, from: joined(from), to: joined(to), removed });
  };
  scalar('Tên thủ tục', stored.name, row.name);
  scalar('Lĩnh vực', stored.field, row.field);
  scalar('Thời gian giải quyết', time(stored.processingUnit, stored.processingAmount), time(row.processingUnit, row.processingAmount));
  if (row.processingNote !== undefined) scalar('Ghi chú thời hạn', stored.processingNote, row.processingNote, true);
  if (row.feeVnd !== undefined) scalar('Lệ phí', fee(stored.feeVnd), fee(row.feeVnd), row.feeVnd === null && stored.feeVnd !== null);
  if (row.feeNote !== undefined) scalar('Ghi chú lệ phí', stored.feeNote, row.feeNote, true);
  scalar('Kết quả giải quyết', stored.result, row.result);
  scalar('Số ngày gia hạn khi xin lỗi', String(stored.apologyExtensionDays), String(row.apologyExtensionDays));
  if (row.leadAgencyEid !== undefined) {
    const name = (eid: string | null) => (eid === null ? '' : agency(eid));
    scalar('Cơ quan, phòng chủ trì giải quyết', name(stored.leadAgencyEid), name(row.leadAgencyEid), true);
  }
  if (row.receivingAgencyEids !== undefined) listed('Cơ quan tiếp nhận', [...stored.receivingAgencyEids].sort().map(agency), [...row.receivingAgencyEids].sort().map(agency));
  if (row.documents !== undefined) listed('Thành phần hồ sơ', stored.documents, row.documents.map((d) => d.name));
  if (row.resultAtCounter !== undefined) scalar('Kết quả trả ngay tại Bộ phận Một cửa', yesNo(stored.resultAtCounter), yesNo(row.resultAtCounter));
  if (row.supplementClock !== undefined) scalar('Thời hạn sau khi bổ sung hồ sơ', SUPPLEMENT_CLOCK_LABELS[stored.supplementClock], SUPPLEMENT_CLOCK_LABELS[row.supplementClock]);
  if (row.nextDayAfterCutoff !== undefined) scalar('Áp dụng Nghị định 63/2024', yesNo(stored.nextDayAfterCutoff), yesNo(row.nextDayAfterCutoff));
  if (row.steps !== undefined) {
    // A step whose budget or agency changes is an edit; a step whose name is gone is removed.
    const names = new Set(row.steps.map((s) => s.name));
    const gone = stored.steps.filter((s) => !names.has(s.name)).map((s) => stepText(s, agency));
    listed('Quy trình nội bộ', stored.steps.map((s) => stepText(s, agency)), row.steps.map((s) => stepText(s, agency)), gone);
  }
  return out;
}
