/** Input of the dossier pages: the search form (a GET query) and path ids, read through the form kit. */
import { z } from 'zod';
import { DOSSIER_STATUSES, type DossierStatus } from '../../domain/status.js';
import { optionalDate, optionalText, parseForm, type RawInput } from '../../web/form.js';

export const SEARCH_MAX_LENGTH = 300;
const MAX_PAGE = 99_999;

/** What the search form shows again: the query as typed (NFC strings). */
export interface SearchQuery {
  q: string;
  status: string;
  procedure: string;
  from: string;
  to: string;
  overdue: boolean;
  page: number;
}

/** The parsed search: typed filters, dates as `YYYY-MM-DD`. */
export interface SearchInput {
  q: string | null;
  status: DossierStatus | null;
  procedure: string | null;
  from: string | null;
  to: string | null;
  overdue: boolean;
  page: number;
}

/** A page number out of range is page 1, as a mistyped link deserves. */
function pageOf(raw: string): number {
  const v = raw.trim();
  return /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_PAGE ? Number(v) : 1;
}

export const searchSchema = z
  .object({
    q: optionalText(SEARCH_MAX_LENGTH, `Nội dung tìm kiếm không quá ${SEARCH_MAX_LENGTH} ký tự`),
    trang_thai: z
      .string()
      .trim()
      .refine((v) => v === '' || (DOSSIER_STATUSES as readonly string[]).includes(v), 'Trạng thái không hợp lệ')
      .transform((v) => (v === '' ? null : (v as DossierStatus))),
    thu_tuc: optionalText(50, 'Mã thủ tục không quá 50 ký tự'),
    tu_ngay: optionalDate(),
    den_ngay: optionalDate(),
    qua_han: z.string(),
    trang: z.string().transform(pageOf),
  })
  .superRefine((v, ctx) => {
    if (v.tu_ngay && v.den_ngay && v.den_ngay < v.tu_ngay) ctx.addIssue({ code: 'custom', path: ['den_ngay'], message: 'Ngày kết thúc phải sau ngày bắt đầu' });
  });

const SEARCH_KEYS = ['q', 'trang_thai', 'thu_tuc', 'tu_ngay', 'den_ngay', 'qua_han', 'trang'] as const;

/** The search query: typed filters, or the Vietnamese messages per field; the query as typed either way. */
export function parseSearch(raw: RawInput): { query: SearchQuery; input: SearchInput | null; errors: Record<string, string> } {
  const parsed = parseForm(searchSchema, raw, SEARCH_KEYS);
  const v = parsed.values;
  const query: SearchQuery = { q: v.q!, status: v.trang_thai!, procedure: v.thu_tuc!, from: v.tu_ngay!, to: v.den_ngay!, overdue: v.qua_han === '1', page: pageOf(v.trang!) };
  if (!parsed.ok) return { query, input: null, errors: parsed.errors };
  const t = parsed.value;
  return { query, input: { q: t.q, status: t.trang_thai, procedure: t.thu_tuc, from: t.tu_ngay, to: t.den_ngay, overdue: t.qua_han === '1', page: t.trang }, errors: {} };
}
