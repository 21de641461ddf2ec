/**
 * A procedure as the National Database of Administrative Procedures publishes it
 * (`LayThuTuc {maTTHC}`: MATTHC, TENTTHC, LINHVUCTHUCHIEN, CACHTHUCTHUCHIEN, THANHPHANHOSO, …),
 * read into motcua's own shape: its fields, its steps by case, its time and fee per channel
 * (counter, online, post), its documents by case with their form templates, results, legal
 * basis, the agencies that carry it out, conditions and who may file. Pure: no I/O.
 *
 * The reader is strict about what it needs (a code, a name, at least one field, well-formed
 * numbers) and names the record and the field of every problem in Vietnamese, so a bad file
 * is refused with a message an administrator can act on; it is lenient about what the
 * national data writes loosely (numbers as strings, empty strings for "none", missing lists).
 * motcua's own extensions start with `_`: `_source` (where each fact comes from),
 * `_missing` (facts the sources did not give), `_english_name`, `_in_person`, `_by_post`.
 */
import { foldForSearch } from './text.js';

export const CHANNELS = ['counter', 'online', 'post'] as const;
export type Channel = (typeof CHANNELS)[number];
/** KENH in the national data: 1 counter (trực tiếp), 2 online (trực tuyến), 3 post (dịch vụ bưu chính). */
export const CHANNEL_CODES: Readonly<Record<string, Channel>> = { '1': 'counter', '2': 'online', '3': 'post' };
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = { counter: 'Trực tiếp', online: 'Trực tuyến', post: 'Dịch vụ bưu chính' };

/** How a time is counted (DONVITINH): working days, days, hours; null when the data says something else. */
export type TimeUnit = 'working_days' | 'calendar_days' | 'working_hours';
export const TIME_UNIT_LABELS: Readonly<Record<TimeUnit, string>> = { working_days: 'ngày làm việc', calendar_days: 'ngày', working_hours: 'giờ làm việc' };

export const ONLINE_LEVELS = ['none', 'partial', 'full'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];
export const ONLINE_LEVEL_LABELS: Readonly<Record<OnlineLevel, string>> = { none: 'Không', partial: 'Một phần', full: 'Toàn trình' };

export interface Fee {
  /** 'fee' (phí) or 'charge' (lệ phí), as MAPHILEPHI says; null when it does not. */
  kind: 'fee' | 'charge' | null;
  /** In đồng; null when the data gives none (see the description). */
  amountVnd: number | null;
  description: string;
}

export interface ChannelTime {
  /** Null when the data gives no number (see the description). */
  amount: number | null;
  unit: TimeUnit | null;
  /** DONVITINH as written. */
  unitLabel: string;
  description: string;
  fees: Fee[];
}

export interface ChannelDetail {
  channel: Channel;
  times: ChannelTime[];
}

export interface DocumentItem {
  code: string | null;
  name: string;
  originals: number | null;
  copies: number | null;
  /** The form template's name (TENMAUDON) and where to download it (URL), when it has one. */
  templateName: string | null;
  templateUrl: string | null;
}

export interface Source {
  url: string;
  title: string;
  publisher: string;
  accessed: string;
}

export interface ProcedureDetail {
  code: string;
  name: string;
  nameEn: string | null;
  publishingAgencyCode: string | null;
  /** CAPTHUCHIEN as written ("Cấp Xã", "Cấp Tỉnh", …). */
  level: string;
  fields: Array<{ code: string | null; name: string }>;
  steps: Array<{ case: string; steps: string[] }>;
  channels: ChannelDetail[];
  requirements: string;
  applicants: string[];
  results: Array<{ code: string | null; name: string }>;
  legalBasis: Array<{ number: string; title: string }>;
  agencies: Array<{ code: string | null; name: string }>;
  documents: Array<{ case: string; items: DocumentItem[] }>;
  /** Online: 'full' (toàn trình), 'partial' (một phần) or 'none'; from MUCDO when given, else from the online channel. */
  online: OnlineLevel;
  /** The post is open for it: `_by_post` when given (motcua's own records), else whether a post channel (KENH 3) is listed. */
  byPost: boolean;
  /** The person must come in person (Decision 45/2016 art. 1(2)): `_in_person`, false when not said. */
  inPerson: boolean;
  sources: Source[];
  missing: string[];
}

/** One problem of a record: its index in the file, its code when known, the field and what is wrong (Vietnamese). */
export interface RecordProblem {
  record: number;
  code: string | null;
  field: string;
  message: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text cell: strings in NFC (exports mix composed and decomposed diacritics), trimmed; numbers as text; null/undefined/'' → ''. */
function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}
const textOrNull = (v: unknown): string | null => text(v) || null;

class Reader {
  readonly problems: RecordProblem[] = [];
  constructor(
    private readonly index: number,
    private readonly code: string | null,
  ) {}

  problem(field: string, message: string): void {
    this.problems.push({ record: this.index, code: this.code, field, message });
  }

  /** A list field: absent or null → []; an object → [object]; anything else is a problem. */
  list(o: Obj, key: string, path = key): Obj[] {
    const v = o[key];
    if (v === undefined || v === null || v === '') return [];
    const items = Array.isArray(v) ? v : [v];
    const out: Obj[] = [];
    items.forEach((item, i) => {
      if (isObj(item)) out.push(item);
      else this.problem(`${path}[${i}]`, 'phải là một đối tượng JSON');
    });
    return out;
  }

  /** A text field that must not be a nested structure. */
  text(o: Obj, key: string, path = key): string {
    const v = o[key];
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number') {
      this.problem(path, 'phải là chuỗi ký tự');
      return '';
    }
    return text(v);
  }

  /** A count or an amount: digits (dots/commas as thousands separators allowed); '' → null. */
  number(o: Obj, key: string, path = key): number | null {
    const raw = this.text(o, key, path);
    if (raw === '') return null;
    const digits = raw.replace(/[.,\s]/g, '');
    if (!/^\d{1,12}$/.test(digits)) {
      this.problem(path, `"${raw}" không phải là số`);
      return null;
    }
    return Number(digits);
  }
}

/** DONVITINH → how it is counted. */
export function timeUnitOf(label: string): TimeUnit | null {
  const f = foldForSearch(label);
  if (/ngay lam viec/.test(f)) return 'working_days';
  if (/^gio|gio lam viec/.test(f)) return 'working_hours';
  if (/^ngay/.test(f)) return 'calendar_days';
  return null;
}

/** The time amount: a whole number ("5", "05"), a half ("0.5", "0,5" → 0.5 is not a whole count: null), else null. */
function timeAmount(r: Reader, o: Obj, path: string): number | null {
  const raw = r.text(o, 'THOIGIANGIAIQUYET', `${path}.THOIGIANGIAIQUYET`);
  if (raw === '') return null;
  if (/^\d{1,4}$/.test(raw)) return Number(raw);
  if (/^\d{1,4}[.,]\d+$/.test(raw)) return Number(raw.replace(',', '.'));
  r.problem(`${path}.THOIGIANGIAIQUYET`, `"${raw}" không phải là số`);
  return null;
}

function feeKind(code: string): Fee['kind'] {
  const f = foldForSearch(code).replace(/\s+/g, '');
  if (f.startsWith('lephi')) return 'charge';
  if (f.startsWith('phi')) return 'fee';
  return null;
}

function onlineLevel(mucdo: string, channels: ChannelDetail[]): OnlineLevel {
  const f = foldForSearch(mucdo);
  if (/toan trinh|muc do 4|^4$/.test(f)) return 'full';
  if (/mot phan|muc do 3|^3$/.test(f)) return 'partial';
  if (f !== '') return 'none';
  return channels.some((c) => c.channel === 'online') ? 'partial' : 'none';
}

/**
 * Reads one record of the national data. `index` is its position in the file (0-based;
 * problems say "bản ghi số index+1"). Returns the detail, or the record's problems.
 */
export function readNationalProcedure(raw: unknown, index: number): { ok: true; detail: ProcedureDetail } | { ok: false; problems: RecordProblem[] } {
  if (!isObj(raw)) return { ok: false, problems: [{ record: index, code: null, field: '(bản ghi)', message: 'phải là một đối tượng JSON' }] };
  const code = text(raw.MATTHC);
  const r = new Reader(index, code || null);
  if (!/^[0-9A-Za-z][0-9A-Za-z.\-_]{2,59}$/.test(code)) r.problem('MATTHC', code ? `"${code}" không phải là mã thủ tục hợp lệ` : 'thiếu mã thủ tục');
  const name = r.text(raw, 'TENTTHC');
  if (!name) r.problem('TENTTHC', 'thiếu tên thủ tục');
  else if (name.length > 500) r.problem('TENTTHC', 'dài quá 500 ký tự');

  const fields = r.list(raw, 'LINHVUCTHUCHIEN').map((f, i) => ({ code: textOrNull(r.text(f, 'MALINHVUC', `LINHVUCTHUCHIEN[${i}].MALINHVUC`)), name: r.text(f, 'TENLINHVUC', `LINHVUCTHUCHIEN[${i}].TENLINHVUC`) }));
  if (fields.length === 0 || fields.every((f) => !f.name)) r.problem('LINHVUCTHUCHIEN', 'thiếu lĩnh vực thực hiện');

  const steps = r.list(raw, 'TRINHTUTHUCHIEN').map((c, i) => ({
    case: r.text(c, 'TRUONGHOP', `TRINHTUTHUCHIEN[${i}].TRUONGHOP`),
    steps: r.list(c, 'TRINHTU', `TRINHTUTHUCHIEN[${i}].TRINHTU`).map((s, j) => r.text(s, 'TENTRINHTU', `TRINHTUTHUCHIEN[${i}].TRINHTU[${j}].TENTRINHTU`)).filter(Boolean),
  }));

  const channels: ChannelDetail[] = [];
  r.list(raw, 'CACHTHUCTHUCHIEN').forEach((c, i) => {
    const path = `CACHTHUCTHUCHIEN[${i}]`;
    const kenh = r.text(c, 'KENH', `${path}.KENH`);
    const channel = CHANNEL_CODES[kenh];
    if (!channel) {
      r.problem(`${path}.KENH`, `"${kenh}" không phải là kênh hợp lệ (1 trực tiếp, 2 trực tuyến, 3 bưu chính)`);
      return;
    }
    const times = r.list(c, 'THOIGIAN', `${path}.THOIGIAN`).map((t, j) => {
      const tp = `${path}.THOIGIAN[${j}]`;
      const unitLabel = r.text(t, 'DONVITINH', `${tp}.DONVITINH`);
      return {
        amount: timeAmount(r, t, tp),
        unit: timeUnitOf(unitLabel),
        unitLabel,
        description: r.text(t, 'MOTA', `${tp}.MOTA`),
        fees: r.list(t, 'PHILEPHI', `${tp}.PHILEPHI`).map((f, k) => ({
          kind: feeKind(r.text(f, 'MAPHILEPHI', `${tp}.PHILEPHI[${k}].MAPHILEPHI`)),
          amountVnd: r.number(f, 'SOTIEN', `${tp}.PHILEPHI[${k}].SOTIEN`),
          description: r.text(f, 'MOTA', `${tp}.PHILEPHI[${k}].MOTA`),
        })),
      };
    });
    const same = channels.find((x) => x.channel === channel);
    if (same) same.times.push(...times);
    else channels.push({ channel, times });
  });
  channels.sort((a, b) => CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel));

  const documents = r.list(raw, 'THANHPHANHOSO').map((c, i) => ({
    case: r.text(c, 'TRUONGHOP', `THANHPHANHOSO[${i}].TRUONGHOP`),
    items: r
      .list(c, 'GIAYTO', `THANHPHANHOSO[${i}].GIAYTO`)
      .map((d, j) => {
        const p = `THANHPHANHOSO[${i}].GIAYTO[${j}]`;
        return {
          code: textOrNull(r.text(d, 'MAGIAYTO', `${p}.MAGIAYTO`)),
          name: r.text(d, 'TENGIAYTO', `${p}.TENGIAYTO`),
          originals: r.number(d, 'SOBANCHINH', `${p}.SOBANCHINH`),
          copies: r.number(d, 'SOBANSAO', `${p}.SOBANSAO`),
          templateName: textOrNull(r.text(d, 'TENMAUDON', `${p}.TENMAUDON`)),
          templateUrl: textOrNull(r.text(d, 'URL', `${p}.URL`)),
        };
      })
      .filter((d) => d.name !== ''),
  }));
  for (const [i, c] of documents.entries()) for (const [j, d] of c.items.entries()) if (d.templateUrl && !/^https?:\/\//i.test(d.templateUrl)) r.problem(`THANHPHANHOSO[${i}].GIAYTO[${j}].URL`, 'phải là địa chỉ http(s)');

  const sources = r.list(raw, '_source').map((s, i) => ({
    url: r.text(s, 'url', `_source[${i}].url`),
    title: r.text(s, 'title', `_source[${i}].title`),
    publisher: r.text(s, 'publisher', `_source[${i}].publisher`),
    accessed: r.text(s, 'accessed', `_source[${i}].accessed`),
  }));
  const missingRaw = raw._missing;
  const missing = Array.isArray(missingRaw) ? missingRaw.map(text).filter(Boolean) : [];

  const detail: ProcedureDetail = {
    code,
    name,
    nameEn: textOrNull(r.text(raw, '_english_name')),
    publishingAgencyCode: textOrNull(r.text(raw, 'MACOQUANCONGBO')),
    level: r.text(raw, 'CAPTHUCHIEN'),
    fields: fields.filter((f) => f.name),
    steps: steps.filter((s) => s.steps.length > 0),
    channels,
    requirements: r.text(raw, 'YEUCAU'),
    applicants: r.list(raw, 'DOITUONGTHUCHIEN').map((d, i) => r.text(d, 'TENDOITUONG', `DOITUONGTHUCHIEN[${i}].TENDOITUONG`)).filter(Boolean),
    results: r.list(raw, 'KETQUATHUCHIEN').map((k, i) => ({ code: textOrNull(r.text(k, 'MAKETQUA', `KETQUATHUCHIEN[${i}].MAKETQUA`)), name: r.text(k, 'TENKETQUA', `KETQUATHUCHIEN[${i}].TENKETQUA`) })).filter((k) => k.name),
    legalBasis: r.list(raw, 'CANCUPHAPLY').map((l, i) => ({ number: r.text(l, 'SOVANBAN', `CANCUPHAPLY[${i}].SOVANBAN`), title: r.text(l, 'TENVANBAN', `CANCUPHAPLY[${i}].TENVANBAN`) })).filter((l) => l.number || l.title),
    agencies: r.list(raw, 'COQUANTHUCHIEN').map((a, i) => ({ code: textOrNull(r.text(a, 'MADONVI', `COQUANTHUCHIEN[${i}].MADONVI`)), name: r.text(a, 'TENDONVI', `COQUANTHUCHIEN[${i}].TENDONVI`) })).filter((a) => a.name),
    documents: documents.filter((d) => d.items.length > 0),
    online: onlineLevel(r.text(raw, 'MUCDO'), channels),
    byPost: typeof raw._by_post === 'boolean' ? raw._by_post : channels.some((c) => c.channel === 'post'),
    inPerson: raw._in_person === true || text(raw._in_person).toLowerCase() === 'true',
    sources: sources.filter((s) => s.url),
    missing,
  };
  return r.problems.length > 0 ? { ok: false, problems: r.problems } : { ok: true, detail };
}

/**
 * Reads a file of the national data: one record, a list, or the service's envelope
 * (`{ "data": [...] }` / `{ "result": [...] }`). Codes must be unique in the file.
 */
export function readNationalFile(json: unknown): { ok: true; details: ProcedureDetail[] } | { ok: false; problems: RecordProblem[] } {
  let records: unknown[];
  if (Array.isArray(json)) records = json;
  else if (isObj(json) && Array.isArray(json.data)) records = json.data;
  else if (isObj(json) && Array.isArray(json.result)) records = json.result;
  else if (isObj(json) && 'MATTHC' in json) records = [json];
  else return { ok: false, problems: [{ record: -1, code: null, field: '(tệp)', message: 'Tệp không chứa thủ tục nào theo cấu trúc của Cơ sở dữ liệu quốc gia (cần MATTHC, TENTTHC…)' }] };
  if (records.length === 0) return { ok: false, problems: [{ record: -1, code: null, field: '(tệp)', message: 'Tệp không có thủ tục nào' }] };
  const details: ProcedureDetail[] = [];
  const problems: RecordProblem[] = [];
  const seen = new Map<string, number>();
  records.forEach((rec, i) => {
    const read = readNationalProcedure(rec, i);
    if (!read.ok) {
      problems.push(...read.problems);
      return;
    }
    const first = seen.get(read.detail.code);
    if (first !== undefined) problems.push({ record: i, code: read.detail.code, field: 'MATTHC', message: `trùng mã với bản ghi số ${first + 1}` });
    else seen.set(read.detail.code, i);
    details.push(read.detail);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, details };
}

/** A problem as one line: "Bản ghi số 3 (1.001193), trường CACHTHUCTHUCHIEN[0].KENH: …". */
export function describeProblem(p: RecordProblem): string {
  const where = p.record < 0 ? '' : `Bản ghi số ${p.record + 1}${p.code ? ` (${p.code})` : ''}, `;
  return `${where}trường ${p.field}: ${p.message}`;
}
