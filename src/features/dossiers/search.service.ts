/**
 * One search box for the counter and the office. A keyboard-wedge scanner "types" the
 * receipt's QR (the status URL) followed by Enter: that, or an exact dossier code, lands
 * straight on the dossier. Otherwise the text is read as an ID number, a phone number or
 * words, each the start of a word of the name (with or without accents) or a partial code
 * ("261201-0002", "0002"), all of them required; combined with the other filters.
 */
import { normalizePhone } from '../../domain/phone.js';
import { PUBLIC_TOKEN_PATTERN } from '../../domain/public-token.js';
import { paths } from '../../web/paths.js';
import type { Deps } from '../../deps.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import type { StaffUser } from '../../domain/roles.js';
import { queryWords } from '../../domain/search-words.js';
import { addDays, vnInstant } from '../../domain/time.js';
import type { SearchInput } from './dossiers.schema.js';
import { searchRepo, type SearchFilters } from './search.repo.js';

export const PAGE_SIZE = 25;


/** A status URL as the scanner types it: the public page's pattern with the token captured. */
const SCANNED_STATUS_URL = new RegExp(`${paths.publicStatus.page.pattern.replace(':token', `(${PUBLIC_TOKEN_PATTERN})`)}(?:\\.json)?/?$`);

/** The token in a scanned status URL (…/s/<token>), if the text is one. */
export function tokenFromScan(text: string): string | null {
  const m = SCANNED_STATUS_URL.exec(text.trim());
  return m ? m[1]! : null;
}

export function searchService(deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  const repo = searchRepo(deps.db);

  /** A parsed search's filters: the text read as a scanned QR, a code, an ID number, a phone or words. */
  function filtersOf(query: SearchInput): SearchFilters {
    const f: SearchFilters = {};
    const q = query.q;
    if (q) {
      const digits = q.replace(/[\s.]/g, '');
      if (tokenFromScan(q)) f.token = tokenFromScan(q)!;
      else if (parseDossierCode(q)) f.code = q.toUpperCase();
      else if (/^\d{12}$/.test(digits)) f.idNumber = digits;
      else if (/^0\d{9,10}$/.test(normalizePhone(q))) f.phone = normalizePhone(q);
      else f.words = queryWords(q);
    }
    if (query.status) f.status = query.status;
    if (query.procedure) f.procedureCode = query.procedure;
    if (query.from) f.receivedFrom = vnInstant(query.from);
    if (query.to) f.receivedBefore = vnInstant(addDays(query.to, 1));
    if (query.overdue) f.overdueAt = deps.clock.now();
    return f;
  }

  return {
    /** Exact hit from the search box (scanned QR or full code) → the dossier id to open. */
    async direct(staff: StaffUser, q: string): Promise<number | null> {
      const token = tokenFromScan(q);
      const code = parseDossierCode(q) ? q.trim().toUpperCase() : null;
      if (!token && !code) return null;
      const { rows } = await repo.search(staff, token ? { token } : { code: code! }, { limit: 1, offset: 0, orderBy: 'received_desc' });
      return rows[0]?.id ?? null;
    },

    /** A parsed search (dossiers.schema.ts): the page of matching dossiers, newest first. */
    async search(staff: StaffUser, query: SearchInput) {
      const result = await repo.search(staff, filtersOf(query), { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE, orderBy: 'received_desc' });
      return { ...result, pages: Math.ceil(result.total / PAGE_SIZE) };
    },

    /** The same search's total alone (the home pages' counts link to the list it draws). */
    async count(staff: StaffUser, query: SearchInput): Promise<{ total: number }> {
      return { total: await repo.count(staff, filtersOf(query)) };
    },
  };
}
