/**
 * Dossier search for staff: by code, public token (a scanned receipt), ID number, phone,
 * words of the name or of the code (each a prefix of a stored word, accent-free; through
 * dossier_search_words), procedure, status, received-date range, overdue only.
 * Every filter is served by an index; results are paged.
 */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import { prefixUpperBound } from '../../domain/search-words.js';
import { OPEN_STATUSES, type DossierStatus } from '../../domain/status.js';
import type { StaffUser } from '../../domain/roles.js';
import { SEARCH_WORDS_TABLE } from './search-words.repo.js';

export interface SearchFilters {
  code?: string;
  token?: string;
  idNumber?: string;
  phone?: string;
  /**
   * Query words (src/domain/search-words.ts `queryWords`): a dossier matches when each is a
   * prefix of one of its words. The first drives the search (its range of the word index);
   * the others are checked per dossier on the primary key.
   */
  words?: readonly string[];
  procedureCode?: string;
  status?: DossierStatus;
  receivedFrom?: Date;
  receivedBefore?: Date;
  overdueAt?: Date;
  assignedTo?: number;
  assignedAgencyId?: number;
  openOnly?: boolean;
}

export interface SearchRow {
  id: number;
  code: string;
  status: DossierStatus;
  applicantName: string;
  procedureName: string;
  receivedAt: Date;
  dueAt: Date;
  assignedToName: string | null;
}

/** Counting a word's matches stops here: enough to tell a rare word from a common one. */
const WORD_COUNT_CAP = 50_000;

export function searchRepo(db: Knex) {
  /** Stored words starting with `prefix`, as a range of the (word, dossier_id) index. */
  function wordRange(q: Knex.QueryBuilder, column: string, prefix: string): Knex.QueryBuilder {
    return q.where(column, '>=', prefix).andWhere(column, '<', prefixUpperBound(prefix));
  }

  function apply(q: Knex.QueryBuilder, staff: StaffUser, f: SearchFilters): Knex.QueryBuilder {
    if (staff.role !== 'admin') {
      q.where((w) => w.where('d.agency_id', staff.agencyId).orWhere('d.processing_agency_id', staff.agencyId).orWhere('d.assigned_agency_id', staff.agencyId));
    }
    if (f.code) q.where('d.code', f.code);
    if (f.token) q.where('d.public_token', f.token);
    if (f.idNumber) q.where('d.applicant_id_number', f.idNumber);
    if (f.phone) q.where('d.applicant_phone', f.phone);
    if (f.words && f.words.length === 0) q.whereIn('d.id', []); // a text with no word in it matches nothing
    if (f.words && f.words.length > 0) {
      const [first, ...rest] = f.words;
      q.whereIn('d.id', wordRange(db(SEARCH_WORDS_TABLE).select('dossier_id'), 'word', first!));
      rest.forEach((w, i) => {
        const alias = `sw${i + 1}`;
        q.whereExists(wordRange(db(`${SEARCH_WORDS_TABLE} as ${alias}`).select(`${alias}.dossier_id`).where(`${alias}.dossier_id`, db.ref('d.id')), `${alias}.word`, w));
      });
    }
    if (f.procedureCode) q.where('p.code', f.procedureCode);
    if (f.status) q.where('d.status', f.status);
    if (f.openOnly || f.overdueAt) q.whereIn('d.status', [...OPEN_STATUSES]);
    if (f.overdueAt) q.where('d.due_at', '<', f.overdueAt);
    if (f.receivedFrom) q.where('d.received_at', '>=', f.receivedFrom);
    if (f.receivedBefore) q.where('d.received_at', '<', f.receivedBefore);
    if (f.assignedTo) q.where('d.assigned_to', f.assignedTo);
    if (f.assignedAgencyId) q.where('d.assigned_agency_id', f.assignedAgencyId);
    return q;
  }

  /**
   * The query words, rarest first (each counted up to a cap on the word index), so the
   * search is driven by the shortest range: "nguyen thao" reads the few "thao" dossiers
   * and checks "nguyen" on each, not the reverse.
   */
  async function rarestFirst(words: readonly string[]): Promise<string[]> {
    if (words.length < 2) return [...words];
    const counts = await Promise.all(
      words.map(async (w) => {
        const [row] = await db.from(wordRange(db(SEARCH_WORDS_TABLE).select('dossier_id'), 'word', w).limit(WORD_COUNT_CAP).as('m')).count<{ n: number }[]>({ n: '*' });
        return Number(row?.n ?? 0);
      }),
    );
    return words.map((w, i) => ({ w, n: counts[i]!, i })).sort((a, b) => a.n - b.n || a.i - b.i).map((x) => x.w);
  }

  function base() {
    return db('dossiers as d').join('procedures as p', 'p.id', 'd.procedure_id');
  }

  return {
    rarestFirst,

    async search(staff: StaffUser, filters: SearchFilters, page: { limit: number; offset: number; orderBy: 'received_desc' | 'due_asc' }) {
      const f = filters.words && filters.words.length > 1 ? { ...filters, words: await rarestFirst(filters.words) } : filters;
      const rowsQ = apply(base(), staff, f)
        .leftJoin('users as au', 'au.id', 'd.assigned_to')
        .select('d.id', 'd.code', 'd.status', 'd.applicant_name', 'p.name as procedure_name', 'd.received_at', 'd.due_at', 'au.full_name as assigned_to_name')
        .limit(page.limit)
        .offset(page.offset);
      if (page.orderBy === 'due_asc') rowsQ.orderBy([{ column: 'd.due_at' }, { column: 'd.id' }]);
      else rowsQ.orderBy([{ column: 'd.received_at', order: 'desc' }, { column: 'd.id', order: 'desc' }]);
      const countQ = apply(base(), staff, f).count<{ n: number }[]>({ n: '*' });
      const [rows, [count]] = await Promise.all([rowsQ, countQ]);
      return {
        total: Number(count?.n ?? 0),
        rows: rows.map(
          (r: Record<string, any>): SearchRow => ({
            id: r.id,
            code: r.code,
            status: r.status,
            applicantName: r.applicant_name,
            procedureName: r.procedure_name,
            receivedAt: toDate(r.received_at),
            dueAt: toDate(r.due_at),
            assignedToName: r.assigned_to_name ?? null,
          }),
        ),
      };
    },

    /** The SQL of a search, for EXPLAIN in tests and benchmarks. */
    toSql(staff: StaffUser, f: SearchFilters): { sql: string; bindings: readonly Knex.RawBinding[] } {
      const q = apply(base(), staff, f).select('d.id').orderBy('d.received_at', 'desc').limit(25).toSQL();
      return { sql: q.sql, bindings: q.bindings as readonly Knex.RawBinding[] };
    },
  };
}
