/**
 * The national import's forms: the uploaded file's text (the page's script copies the chosen
 * file into the form; without JavaScript it is pasted), the fetch from the national database
 * (one code or the whole list), and the confirmation (the plan's key, the effective date).
 */
import { checkbox, hasControlChars, parseLocalDate, str, type FieldErrors, type FormValues, type RawInput } from '../../../web/form.js';

/** The largest upload the form takes, URL-encoded (a province's list of about 2,500 procedures). */
export const NATIONAL_IMPORT_MAX_ENCODED_BYTES = 64 * 1024 * 1024;

export const NOT_UTF8_JSON = 'Tệp không được lưu với mã UTF-8 nên có chữ không đọc được. Hãy lưu lại tệp JSON với mã UTF-8 rồi chọn lại.';
const EMPTY = 'Chọn tệp JSON theo cấu trúc của Cơ sở dữ liệu quốc gia, hoặc dán nội dung tệp vào ô';
const CODE_MESSAGE = 'Mã thủ tục gồm chữ số, chữ cái không dấu, dấu chấm, gạch ngang hoặc gạch dưới (ví dụ 1.004222); để trống để lấy toàn bộ danh sách';
const KEY_MESSAGE = 'Phiếu xác nhận không hợp lệ: hãy xem lại kế hoạch nhập rồi xác nhận lại';
const DATE_MESSAGE = 'Nhập ngày có hiệu lực (ngày/tháng/năm), ví dụ 01/01/2027';

export type NationalUploadForm = { ok: true; json: unknown; source: string; complete: boolean } | { ok: false; errors: FieldErrors; values: FormValues };

/** Where in the text a JSON.parse error's position falls ("dòng 3, cột 14"). */
function whereIs(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  const pos = Number(m[1]);
  const before = text.slice(0, pos).split('\n');
  return ` (dòng ${before.length}, cột ${before[before.length - 1]!.length + 1})`;
}

/** The file's name as the script sends it (a label only): letters, digits and a few signs, at most 200. */
function fileName(raw: string): string {
  const name = raw.replace(/[^\p{L}\p{N} ._()-]/gu, '').trim().slice(0, 200);
  return name || 'nội dung dán vào';
}

/**
 * The upload form: `json` (the whole file, read past the form kit's usual length cut, which
 * is why it is read here), `ten_tep` (its name) and `toan_bo` (the file is the province's
 * whole list). Text that was not UTF-8 and text that is not JSON are named as such.
 */
export function parseNationalUpload(body: RawInput): NationalUploadForm {
  const raw = body && typeof (body as Record<string, unknown>).json === 'string' ? ((body as Record<string, unknown>).json as string) : '';
  const complete = checkbox(body, 'toan_bo');
  const values: FormValues = { toan_bo: complete ? 'on' : '', ten_tep: str(body, 'ten_tep') };
  const text = raw.replace(/^\uFEFF/, '').normalize('NFC').trim();
  if (text === '') return { ok: false, errors: { json: EMPTY }, values };
  if (text.includes('\uFFFD')) return { ok: false, errors: { json: NOT_UTF8_JSON }, values };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: { json: `Nội dung không phải JSON hợp lệ${whereIs(text, (err as Error).message)}. Hãy chọn tệp .json xuất từ Cơ sở dữ liệu quốc gia về thủ tục hành chính.` }, values };
  }
  return { ok: true, json, source: fileName(values.ten_tep ?? ''), complete };
}

export type NationalFetchForm = { ok: true; code: string | null; complete: boolean } | { ok: false; errors: FieldErrors; values: FormValues };

/** The fetch form: `ma_tthc` (one procedure; blank: the whole list) and `toan_bo` (the list is complete). */
export function parseNationalFetch(body: RawInput): NationalFetchForm {
  const code = str(body, 'ma_tthc').replace(/\s/g, '');
  const complete = checkbox(body, 'toan_bo');
  const values: FormValues = { ma_tthc: code, toan_bo: complete ? 'on' : '' };
  if (code !== '' && (!/^[0-9A-Za-z][0-9A-Za-z._-]{2,59}$/.test(code) || hasControlChars(code))) return { ok: false, errors: { ma_tthc: CODE_MESSAGE }, values };
  // One procedure is never the whole list: nothing is withdrawn because of it.
  return { ok: true, code: code === '' ? null : code, complete: code === '' && complete };
}

export type NationalApplyForm = { ok: true; key: string; effectiveFrom: string } | { ok: false; errors: FieldErrors; values: FormValues };

/** The confirmation: `khoa` (the plan's key) and `hieu_luc` (dd/mm/yyyy or yyyy-mm-dd). */
export function parseNationalApply(body: RawInput): NationalApplyForm {
  const values: FormValues = { khoa: str(body, 'khoa'), hieu_luc: str(body, 'hieu_luc').trim() };
  const errors: FieldErrors = {};
  if (!/^[0-9a-f]{32}$/.test(values.khoa ?? '')) errors.khoa = KEY_MESSAGE;
  const date = parseLocalDate(values.hieu_luc ?? '');
  if (!date) errors.hieu_luc = DATE_MESSAGE;
  if (Object.keys(errors).length > 0 || !date) return { ok: false, errors, values };
  return { ok: true, key: values.khoa!, effectiveFrom: date };
}

/** The plan page's list: which rows (changes by default, or one action) and the page. */
export function parsePlanQuery(query: RawInput): { kind: 'changes' | 'new' | 'changed' | 'unchanged' | 'withdrawn'; page: number } {
  const k = str(query, 'loai');
  const kind = (['new', 'changed', 'unchanged', 'withdrawn'] as const).find((x) => x === k) ?? 'changes';
  const n = Number(str(query, 'trang'));
  return { kind, page: Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1 };
}
