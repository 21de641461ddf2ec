/**
 * Dossier search for staff: by code, public token (a scanned receipt), ID number, phone,
 * words of the name or of the code (each a prefix of a stored word, accent-free; through
 * dossier_search_words), procedure, status, received-date range, overdue only.
 * Every filter is served by an index; results are paged.
 */
import type { Knex } from 'knex';
import { dialect, toDate, toDateOrNull } from '../../db/knex.js';
import { prefixUpperBound } from '../../domain/search-words.js';
import type { DossierLine } from '../../domain/dossier-line.js';
import { OPEN_STATUSES, type DossierStatus } from '../../domain/status.js';
import type { StaffUser } from '../../domain/roles.js';
import { staffDossiers } from '../../platform/record/scope.repo.js';
import type { DossierRow } from '../../platform/record/tables.js';
import { seesEveryDossier, type StaffScope } from '../../platform/record/visibility.js';
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
  /** Only these dossiers (the matches of several words, found on the word index first). */
  ids?: readonly number[];
  /** Only the dossiers with a word starting so, probed by primary key (one rare word on PostgreSQL: see `planned`). */
  wordIds?: string;
  procedureCode?: string;
  status?: DossierStatus;
  receivedFrom?: Date;
  receivedBefore?: Date;
  overdueAt?: Date;
  assignedTo?: number;
  assignedAgencyId?: number;
  openOnly?: boolean;
}

export interface SearchRow extends DossierLine {
  /** The appointment in force: the apology's new one when there is one (domain/appointment.ts). */
  dueAt: Date;
  assignedToName: string | null;
}

/**
 * A SearchRow from a row selecting d.id, d.code, d.status, d.applicant_name,
 * p.name as procedure_name, d.received_at, d.due_at, d.extended_due_at and
 * au.full_name as assigned_to_name (the search and the queue select these).
 */
export type SearchSource = Pick<DossierRow, 'id' | 'code' | 'status' | 'applicant_name' | 'received_at' | 'due_at' | 'extended_due_at'> & {
  procedure_name: string;
  assigned_to_name: string | null;
};

export function searchRowOf(r: SearchSource): SearchRow {
  return {
    id: Number(r.id),
    code: r.code,
    status: r.status,
    applicantName: r.applicant_name,
    procedureName: r.procedure_name,
    receivedAt: toDate(r.received_at),
    // The appointment in force (the apology's new one, if any), as every page shows it.
    dueAt: toDateOrNull(r.extended_due_at) ?? toDate(r.due_at),
    assignedToName: r.assigned_to_name ?? null,
  };
}

/** Counting a word's matches stops here: enough to tell a rare word from a common one. */
const WORD_COUNT_CAP = 50_000;
/** Up to this many dossiers having every word (found on the word index first), a search of several words reads them by id (bound ids: within both databases' limits). */
const WORDS_DRIVE_MAX = 10_000;

/**
 * Up to this many dossiers having it, one word is searched on PostgreSQL by probing its
 * dossiers by primary key (`planned`). Past it, reading the word's dossiers first costs more
 * than the walk saves: at 4 M a word of 42,143 dossiers read first took 364 ms where the
 * walk took 184 (for an administrator, with an earlier form of the probe).
 */
const WORD_FIRST_MAX = 20_000;

/** `wordsDriveMax`, `wordFirstMax`: see WORDS_DRIVE_MAX and WORD_FIRST_MAX (tests set them to run either way). */
export function searchRepo(db: Knex, opts: { wordsDriveMax?: number; wordFirstMax?: number } = {}) {
  const wordsDriveMax = opts.wordsDriveMax ?? WORDS_DRIVE_MAX;
  const wordFirstMax = opts.wordFirstMax ?? WORD_FIRST_MAX;
  /** Stored words starting with `prefix`, as a range of the (word, dossier_id) index. */
  function wordRange(q: Knex.QueryBuilder, column: string, prefix: string): Knex.QueryBuilder {
    return q.where(column, '>=', prefix).andWhere(column, '<', prefixUpperBound(prefix));
  }

  function apply(q: Knex.QueryBuilder, f: SearchFilters): Knex.QueryBuilder {
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
    if (f.ids) q.whereIn('d.id', [...f.ids]);
    if (f.wordIds !== undefined) q.whereRaw('d.id = ANY(ARRAY(?))', [wordRange(db(SEARCH_WORDS_TABLE).select('dossier_id'), 'word', f.wordIds)]);
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
   * The query words, rarest first, each with its count on the word index (up to a cap), so
   * the search is driven by the shortest range: "nguyen thao" reads the few "thao" dossiers
   * and checks "nguyen" on each, not the reverse.
   */
  async function ranked(words: readonly string[], cap = WORD_COUNT_CAP): Promise<Array<{ word: string; n: number }>> {
    const counts = await Promise.all(
      words.map(async (w) => {
        const [row] = await db.from(wordRange(db(SEARCH_WORDS_TABLE).select('dossier_id'), 'word', w).limit(cap).as('m')).count<{ n: number }[]>({ n: '*' });
        return Number(row?.n ?? 0);
      }),
    );
    return words.map((word, i) => ({ word, n: counts[i]!, i })).sort((a, b) => a.n - b.n || a.i - b.i).map(({ word, n }) => ({ word, n }));
  }

  async function rarestFirst(words: readonly string[]): Promise<string[]> {
    return words.length < 2 ? [...words] : (await ranked(words)).map((r) => r.word);
  }

  /** The words' conditions on the word index alone: the first word's range, the others checked per dossier. */
  function wordMatches(words: readonly string[]): Knex.QueryBuilder {
    const [first, ...rest] = words;
    const q = wordRange(db(`${SEARCH_WORDS_TABLE} as sw0`).select('sw0.dossier_id'), 'sw0.word', first!);
    rest.forEach((w, i) => {
      const alias = `sw${i + 1}`;
      q.whereExists(wordRange(db(`${SEARCH_WORDS_TABLE} as ${alias}`).select(`${alias}.dossier_id`).where(`${alias}.dossier_id`, db.ref('sw0.dossier_id')), `${alias}.word`, w));
    });
    return q;
  }

  function base(staff: StaffScope) {
    return staffDossiers(db, staff).join('procedures as p', 'p.id', 'd.procedure_id');
  }

  /**
   * The filters as the queries run them: with several words, the rarest drives. When the
   * rarest word is rare, the dossiers having every word are found on the word index first
   * (at most that word's count), then read by id (null: none). One query would leave the
   * planner to guess how often the words meet: PostgreSQL multiplies their frequencies and,
   * for words seldom together ("thị hùng"), reads every dossier.
   */
  async function planned(filters: SearchFilters, staff: StaffScope): Promise<SearchFilters | null> {
    if (filters.words?.length === 1 && dialect(db) === 'postgres' && wordFirstMax > 0 && !seesEveryDossier(staff)) {
      // One word of at most WORD_FIRST_MAX dossiers, for a staff member who sees some
      // agencies' dossiers: PostgreSQL, left to itself, walks them newest first looking the
      // word up for each (a clerk's "0172" at 4 M: 224,380 lookups for 25 rows, 0.9 s), and
      // counts by hashing every one of them (95,640 rows at 1 M for 500). The word's dossiers
      // are probed by primary key instead. Not for an administrator: every dossier is theirs,
      // so the walk meets the word as often as it occurs (at 1 M, "0027": 61 ms walked, 92
      // probed). SQLite starts from the word index by itself.
      const [word] = filters.words;
      const n = (await ranked([word!], wordFirstMax + 1))[0]?.n ?? 0;
      return n <= wordFirstMax ? { ...filters, words: undefined, wordIds: word } : filters;
    }
    if (!filters.words || filters.words.length < 2) return filters;
    const words = (await ranked(filters.words)).map((x) => x.word);
    // Even when the rarest word is common, the words together are usually rare (a whole
    // name): try the word index first, up to the bound; only past it does one query drive
    // from the rarest word's range (reading each of its dossiers: 0.2–0.7 s at 1M).
    const found = (await wordMatches(words).limit(wordsDriveMax + 1)) as Array<{ dossier_id: number }>;
    if (found.length > wordsDriveMax) return { ...filters, words };
    const ids: number[] = [...new Set<number>(found.map((row) => Number(row.dossier_id)))];
    return ids.length === 0 ? null : { ...filters, words: undefined, ids };
  }

  /**
   * The matches' count. Without a procedure filter it does not join `procedures`: every
   * dossier has one (procedure_id is NOT NULL, a foreign key), so the join drops no row,
   * and without it the count is read on the indexes alone (the clerk's home: 18 → 3 ms).
   */
  const countOf = async (staff: StaffScope, f: SearchFilters) =>
    Number((await apply(f.procedureCode ? base(staff) : staffDossiers(db, staff), f).count<{ n: number }[]>({ n: '*' }))[0]?.n ?? 0);

  return {
    rarestFirst,

    /** How many dossiers match (the search's total, without reading a page of them). */
    async count(staff: StaffUser, filters: SearchFilters): Promise<number> {
      const f = await planned(filters, staff);
      return f ? countOf(staff, f) : 0;
    },

    async search(staff: StaffUser, filters: SearchFilters, page: { limit: number; offset: number; orderBy: 'received_desc' | 'due_asc' }) {
      const f = await planned(filters, staff);
      if (!f) return { total: 0, rows: [] };
      const rowsQ = apply(base(staff), f)
        .leftJoin('users as au', 'au.id', 'd.assigned_to')
        .select<SearchSource[]>('d.id', 'd.code', 'd.status', 'd.applicant_name', 'p.name as procedure_name', 'd.received_at', 'd.due_at', 'd.extended_due_at', 'au.full_name as assigned_to_name')
        .limit(page.limit)
        .offset(page.offset);
      if (page.orderBy === 'due_asc') rowsQ.orderBy([{ column: 'd.due_at' }, { column: 'd.id' }]);
      else rowsQ.orderBy([{ column: 'd.received_at', order: 'desc' }, { column: 'd.id', order: 'desc' }]);
      const [rows, total] = await Promise.all([rowsQ, countOf(staff, f)]);
      return {
        total,
        rows: rows.map(searchRowOf),
      };
    },

    /** The SQL of the first step of a search of several words (their matches on the word index), for EXPLAIN. */
    wordMatchesToSql(words: readonly string[]): { sql: string; bindings: readonly Knex.RawBinding[] } {
      const q = wordMatches(words).toSQL();
      return { sql: q.sql, bindings: q.bindings as readonly Knex.RawBinding[] };
    },

    /** The SQL of a search, for EXPLAIN in tests and benchmarks. */
    toSql(staff: StaffUser, f: SearchFilters): { sql: string; bindings: readonly Knex.RawBinding[] } {
      const q = apply(base(staff), f).select('d.id').orderBy('d.received_at', 'desc').limit(25).toSQL();
      return { sql: q.sql, bindings: q.bindings as readonly Knex.RawBinding[] };
    },
  };
}
