/**
 * The inputs of online pre-submission, through the form kit and the intake's own parser (the
 * citizen types the same applicant fields the clerk would, checked the same way; what they
 * file is the intake's input, ready for the counter):
 * - the citizen's form: applicant fields, the receiving agency, per checklist row a file
 *   (`doc_<p>_file`) or "mang bản giấy" (`doc_<p>_paper`), the form's nonce;
 * - the clerk's form at the counter: the intake form's fields as filled, plus per row
 *   "đã đối chiếu bản chính" (`doc_<p>_checked`);
 * - the counter's lookup (a code typed or a QR scanned), a refusal, a supplement request.
 */
import { z } from 'zod';
import { readLookup } from '../../domain/presubmission.js';
import { checkbox, multiline, parseObject, pick, str, type FieldErrors, type FormValues, type Parsed, type RawInput } from '../../web/form.js';
import type { ProcedureDocument } from '../catalogue/catalogue.types.js';
import { parseIntakeForm, type IntakeInput } from '../intake/intake.schema.js';

export const ONLINE_FORM_MESSAGES = {
  agency: 'Chọn nơi nộp hồ sơ (Bộ phận Một cửa sẽ đối chiếu bản chính)',
  missing: (name: string) => `Đính kèm tệp “${name}” hoặc chọn “Mang bản giấy khi đến đối chiếu”`,
  missingFull: (name: string) => `Đính kèm tệp “${name}” (thủ tục trực tuyến toàn trình: hồ sơ được kiểm tra qua tệp)`,
  fileAgain: 'Biểu mẫu có lỗi nên các tệp đã chọn chưa được lưu: vui lòng sửa các ô được báo và chọn lại tệp trước khi gửi.',
  unchecked: (names: string) => `Chưa đối chiếu bản chính: ${names}. Đánh dấu từng giấy tờ đã đối chiếu, hoặc hướng dẫn người nộp bổ sung.`,
  uncheckedFull: (names: string) => `Chưa kiểm tra tệp: ${names}. Đánh dấu từng giấy tờ đã kiểm tra, hoặc yêu cầu người nộp bổ sung.`,
  lookup: 'Nhập mã đăng ký (ví dụ TT-261210-7K3QXM) hoặc quét mã QR trên phiếu đăng ký của người nộp',
} as const;

/** The fields of the citizen's form, in the order of the page (the error summary follows it). */
export const CITIZEN_FIELDS = ['co_quan', 'applicant_name', 'applicant_id_number', 'applicant_birth_date', 'applicant_phone', 'applicant_email', 'applicant_address', 'result_delivery', 'note', 'nonce'] as const;

export const fileField = (position: number) => `doc_${position}_file`;
export const paperField = (position: number) => `doc_${position}_paper`;
export const checkedField = (position: number) => `doc_${position}_checked`;

/** A checklist row as the citizen filled it: a file (its input's name) or paper. */
export interface CitizenDocument {
  position: number;
  name: string;
  paper: boolean;
  /** The uploaded file of this row, when any (the route matches them by input name). */
  file: { sha256: string; kind: 'jpeg' | 'png' | 'pdf'; size: number; name: string } | null;
}

export interface CitizenSubmission {
  agencyId: number;
  nonce: string;
  input: IntakeInput;
  documents: CitizenDocument[];
}

/** The intake form's body for a checklist: the given rows received, with the procedure's usual counts. */
function intakeBody(applicant: FormValues, checklist: readonly ProcedureDocument[], received: ReadonlySet<number>): Record<string, string> {
  const body: Record<string, string> = { applicant_kind: 'person', cccd_scan: '', sets_count: '1', ...applicant };
  for (const d of checklist) {
    if (received.has(d.position)) body[`doc_${d.position}_received`] = 'on';
    body[`doc_${d.position}_originals`] = String(d.originals);
    body[`doc_${d.position}_certified`] = String(d.certifiedCopies);
    body[`doc_${d.position}_copies`] = String(d.copies);
  }
  return body;
}

/**
 * The citizen's form with its uploaded files (by input name). Each required row needs a file
 * or paper (toàn trình: a file); the applicant's fields are the intake's, checked as at the
 * counter. `agencies`: the receiving agencies offered (one: chosen for the citizen).
 */
export function parseCitizenForm(
  body: RawInput,
  files: ReadonlyArray<{ field: string; sha256: string; kind: 'jpeg' | 'png' | 'pdf'; size: number; name: string }>,
  checklist: readonly ProcedureDocument[],
  o: { full: boolean; agencyIds: readonly number[] },
): Parsed<CitizenSubmission> {
  const values = pick(body, CITIZEN_FIELDS);
  if (values.result_delivery === '') values.result_delivery = 'counter';
  const errors: FieldErrors = {};
  const byField = new Map(files.map((f) => [f.field, f]));
  const documents: CitizenDocument[] = [];
  for (const d of checklist) {
    const file = byField.get(fileField(d.position)) ?? null;
    const paper = !o.full && !file && checkbox(body, paperField(d.position));
    values[paperField(d.position)] = paper ? 'on' : '';
    if (file || paper) documents.push({ position: d.position, name: d.name, paper, file: file ? { sha256: file.sha256, kind: file.kind, size: file.size, name: file.name } : null });
    else if (d.required) errors[fileField(d.position)] = o.full ? ONLINE_FORM_MESSAGES.missingFull(d.name) : ONLINE_FORM_MESSAGES.missing(d.name);
  }
  const agencyId = o.agencyIds.length === 1 ? o.agencyIds[0]! : Number(values.co_quan);
  if (!o.agencyIds.includes(agencyId)) errors.co_quan = ONLINE_FORM_MESSAGES.agency;
  const applicant: FormValues = {};
  for (const k of CITIZEN_FIELDS) if (k !== 'co_quan' && k !== 'nonce') applicant[k] = values[k] ?? '';
  const parsed = parseIntakeForm(intakeBody(applicant, checklist, new Set(documents.map((d) => d.position))), checklist);
  if (!parsed.ok) {
    // The checklist's own message speaks to the clerk: the rows above speak to the citizen.
    const { documents: _clerkMessage, ...rest } = parsed.errors;
    Object.assign(errors, rest);
    // A scan typed into a field fills nothing here: the values stay as the citizen typed them.
    for (const k of Object.keys(applicant)) values[k] = parsed.values[k] ?? values[k] ?? '';
  }
  if (!parsed.ok || Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, values, value: { agencyId, nonce: values.nonce ?? '', input: parsed.value, documents } };
}

/**
 * The clerk's form at the counter: the intake form as filled (the intake's parser), and per
 * registration row whether it was checked against its original (or, toàn trình, its file).
 */
export function parseCounterForm(body: RawInput, checklist: readonly ProcedureDocument[], rows: ReadonlyArray<{ position: number; name: string }>, full: boolean): Parsed<IntakeInput> & { checked: Set<number> } {
  const parsed = parseIntakeForm(body, checklist);
  const checked = new Set(rows.filter((r) => checkbox(body, checkedField(r.position))).map((r) => r.position));
  const values = { ...parsed.values };
  for (const r of rows) values[checkedField(r.position)] = checked.has(r.position) ? 'on' : '';
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const unchecked = rows.filter((r) => !checked.has(r.position)).map((r) => r.name);
  if (unchecked.length > 0) errors.checked = (full ? ONLINE_FORM_MESSAGES.uncheckedFull : ONLINE_FORM_MESSAGES.unchecked)(unchecked.join('; '));
  if (!parsed.ok || Object.keys(errors).length > 0) return { ok: false, errors, values, checked };
  return { ok: true, value: parsed.value, values, checked };
}

/** The counter's lookup field `ma`: a code or a scanned tracking link; null when empty. */
export function parseLookup(query: RawInput): { ok: true; value: { code: string } | { token: string } | null } | { ok: false; message: string; raw: string } {
  const raw = str(query, 'ma');
  if (raw.trim() === '') return { ok: true, value: null };
  const read = readLookup(raw);
  return read ? { ok: true, value: read } : { ok: false, message: ONLINE_FORM_MESSAGES.lookup, raw: raw.slice(0, 300) };
}

const reasonSchema = z.object({ reason: multiline(2000, 'Nhập lý do từ chối tiếp nhận (người nộp sẽ được thông báo)', 'Lý do không quá 2000 ký tự') });
const supplementSchema = z.object({ noi_dung: multiline(2000, 'Nhập nội dung cần bổ sung, sửa đổi (người nộp sẽ được thông báo)', 'Nội dung không quá 2000 ký tự') });

export const parseRefusal = (body: RawInput) => parseObject(reasonSchema, body);
export const parseSupplement = (body: RawInput) => parseObject(supplementSchema, body);
