/**
 * One search box for the counter and the office. A keyboard-wedge scanner "types" the
 * receipt's QR (the status URL) followed by Enter: that, or an exact dossier code, lands
 * straight on the dossier. Otherwise the words are read as an ID number, a phone number
 * or the start of a name (without accents), combined with the other filters.
 */
import type { Deps } from '../../deps.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import type { StaffUser } from '../../domain/roles.js';
import { DOSSIER_STATUSES, type DossierStatus } from '../../domain/status.js';
import { cleanText, foldForSearch } from '../../domain/text.js';
import { addDays, isLocalDate, vnInstant } from '../../domain/time.js';
import { normalizePhone } from '../intake/intake.schema.js';
import { searchRepo, type SearchFilters } from './search.repo.js';

export const PAGE_SIZE = 25;

export interface SearchQuery {
  q: string;
  status: string;
  procedure: string;
  from: string;
  to: string;
  overdue: boolean;
  page: number;
}

export function parseSearchQuery(raw: Record<string, unknown>): SearchQuery {
  const s = (k: string) => (typeof raw[k] === 'string' ? cleanText(raw[k] as string) : '');
  const page = Number.parseInt(s('trang'), 10);
  return {
    q: s('q').slice(0, 300),
    status: s('trang_thai'),
    procedure: s('thu_tuc'),
    from: s('tu_ngay'),
    to: s('den_ngay'),
    overdue: s('qua_han') === '1',
    page: Number.isFinite(page) && page > 0 && page < 100000 ? page : 1,
  };
}

/** The token in a scanned status URL (…/s/<token>), if the text is one. */
export function tokenFromScan(text: string): string | null {
  const m = /\/s\/([A-Za-z0-9_-]{22,64})(?:\.json)?\/?$/.exec(text.trim());
  return m ? m[1]! : null;
}

export function searchService(deps: Pick<Deps, 'db' | 'clock'>) {
  const repo = searchRepo(deps.db);
  return {
    /** Exact hit from the search box (scanned QR or full code) → the dossier id to open. */
    async direct(staff: StaffUser, q: string): Promise<number | null> {
      const token = tokenFromScan(q);
      const code = parseDossierCode(q) ? q.trim().toUpperCase() : null;
      if (!token && !code) return null;
      const { rows } = await repo.search(staff, token ? { token } : { code: code! }, { limit: 1, offset: 0, orderBy: 'received_desc' });
      return rows[0]?.id ?? null;
    },

    async search(staff: StaffUser, query: SearchQuery) {
      const errors: Record<string, string> = {};
      const f: SearchFilters = {};
      const q = query.q;
      if (q) {
        const digits = q.replace(/[\s.]/g, '');
        if (tokenFromScan(q)) f.token = tokenFromScan(q)!;
        else if (parseDossierCode(q)) f.code = q.toUpperCase();
        else if (/^\d{12}$/.test(digits)) f.idNumber = digits;
        else if (/^0\d{9,10}$/.test(normalizePhone(q))) f.phone = normalizePhone(q);
        else f.namePrefix = foldForSearch(q);
      }
      if (query.status) {
        if ((DOSSIER_STATUSES as readonly string[]).includes(query.status)) f.status = query.status as DossierStatus;
        else errors.trang_thai = 'Trạng thái không hợp lệ';
      }
      if (query.procedure) f.procedureCode = query.procedure;
      if (query.from) {
        if (isLocalDate(query.from)) f.receivedFrom = vnInstant(query.from);
        else errors.tu_ngay = 'Ngày không hợp lệ (dạng năm-tháng-ngày)';
      }
      if (query.to) {
        if (isLocalDate(query.to)) f.receivedBefore = vnInstant(addDays(query.to, 1));
        else errors.den_ngay = 'Ngày không hợp lệ (dạng năm-tháng-ngày)';
      }
      if (f.receivedFrom && f.receivedBefore && f.receivedFrom >= f.receivedBefore) errors.den_ngay = 'Ngày kết thúc phải sau ngày bắt đầu';
      if (query.overdue) f.overdueAt = deps.clock.now();
      if (Object.keys(errors).length > 0) return { errors, total: 0, rows: [], pages: 0 };
      const result = await repo.search(staff, f, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE, orderBy: 'received_desc' });
      return { errors, ...result, pages: Math.ceil(result.total / PAGE_SIZE) };
    },

    /** An officer's queue: what they (or their unassigned department) hold, by appointment. */
    async queue(staff: StaffUser, mine: boolean) {
      const f: SearchFilters = { openOnly: true, ...(mine ? { assignedTo: staff.id } : { assignedAgencyId: staff.agencyId }) };
      return repo.search(staff, f, { limit: 200, offset: 0, orderBy: 'due_asc' });
    },
  };
}
