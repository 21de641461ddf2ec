/**
 * The vocabulary of the sync rows (states, held reasons, the lists' kinds), and the inputs of
 * the portal sync's pages through the form kit: the list's query, a row kind, the status map form.
 */
import { z } from 'zod';
import { DOSSIER_STATUSES, STATUS_LABELS, type DossierStatus } from '../../domain/status.js';
import { optionalText, parseId, pick, str, type FieldErrors, type FormValues, type Parsed, type RawInput } from '../../web/form.js';

export const SYNC_STATES = ['pending', 'held', 'sent', 'failed', 'dry_run'] as const;
export type SyncState = (typeof SYNC_STATES)[number];
export const HELD_REASONS = ['agency_unmapped', 'procedure_unmapped'] as const;
export type HeldReason = (typeof HELD_REASONS)[number];
/** What "Gửi lại" and the lists act on: the failed rows, or the held rows of one reason. */
export const ROW_KINDS = ['failed', ...HELD_REASONS] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/**
 * The agency whose portal unit code (`madonvi`) a dossier is sent under: the processing
 * agency (the one competent for it, as the sync sends it: portal-sync.repo.ts). The held rows'
 * "agency to fix" and the sync report's agency are this one.
 */
export const PORTAL_AGENCY_COLUMN = 'processing_agency_id';

/** The portal's `TrangThaiHoSo` codes and their names (the portal's contract). */
export const PORTAL_STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

export const PORTAL_STATUS_MIN = 1;
export const PORTAL_STATUS_MAX = 10;
export const PORTAL_LABEL_MAX = 100;

/** Rows a list page shows. */
export const SYNC_PAGE_SIZE = 50;
/** The furthest page a query may ask for (a larger number shows the last page). */
const MAX_PAGE = 100_000;

export interface SyncListQuery {
  kind: RowKind;
  page: number;
  /** How many rows the last "Gửi lại" sent back (the banner), or null. */
  resent: number | null;
}

const listSchema = z.object({
  // A filter, not a form: a value the kit refuses falls back to the default.
  loai: z.enum(ROW_KINDS).catch('failed'),
  trang: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
  da_gui_lai: z.coerce.number().int().min(0).max(10_000_000).nullable().catch(null),
});

export function parseSyncListQuery(query: RawInput): SyncListQuery {
  const values = pick(query, ['loai', 'trang', 'da_gui_lai']);
  const v = listSchema.parse({ ...values, da_gui_lai: values.da_gui_lai === '' ? null : values.da_gui_lai });
  return { kind: v.loai, page: v.trang, resent: v.da_gui_lai };
}

/** The kind of rows in a "Gửi lại tất cả" path; null for anything else. */
export function parseRowKind(raw: unknown): RowKind | null {
  return typeof raw === 'string' && (ROW_KINDS as readonly string[]).includes(raw) ? (raw as RowKind) : null;
}

export const parseSyncRowId = (raw: unknown): number | null => parseId(raw);

export interface StatusMapEntry {
  status: DossierStatus;
  portalStatus: number;
  portalLabel: string;
}

const codeField = (status: DossierStatus) => `ma_${status}`;
const labelField = (status: DossierStatus) => `nhan_${status}`;
export const STATUS_MAP_FIELDS = { code: codeField, label: labelField };

const CODE_MESSAGE = (status: DossierStatus) => `“${STATUS_LABELS[status]}”: mã trạng thái trên Cổng DVCQG phải là số nguyên từ ${PORTAL_STATUS_MIN} đến ${PORTAL_STATUS_MAX}`;
const labelSchema = optionalText(PORTAL_LABEL_MAX, `tên trạng thái không quá ${PORTAL_LABEL_MAX} ký tự`);

/**
 * The status map form: for every motcua status, the portal's code (a whole number 1–10,
 * required) and its label (optional: blank is the portal's own name of the code).
 */
export function parseStatusMap(body: RawInput): Parsed<StatusMapEntry[]> {
  const values: FormValues = {};
  const errors: FieldErrors = {};
  const entries: StatusMapEntry[] = [];
  for (const status of DOSSIER_STATUSES) {
    const rawCode = str(body, codeField(status)).trim();
    const rawLabel = str(body, labelField(status));
    values[codeField(status)] = rawCode;
    values[labelField(status)] = rawLabel;
    const code = /^\d{1,2}$/.test(rawCode) ? Number(rawCode) : NaN;
    if (!(code >= PORTAL_STATUS_MIN && code <= PORTAL_STATUS_MAX)) errors[codeField(status)] = CODE_MESSAGE(status);
    const label = labelSchema.safeParse(rawLabel);
    if (!label.success) errors[labelField(status)] = `“${STATUS_LABELS[status]}”: ${label.error.issues[0]?.message ?? ''}`;
    if (errors[codeField(status)] || errors[labelField(status)]) continue;
    entries.push({ status, portalStatus: code, portalLabel: (label.success && label.data) || PORTAL_STATUS_NAMES[code]! });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, value: entries, values };
}
