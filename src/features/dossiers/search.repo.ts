/**
 * Dossier search for staff: by code, public token (a scanned receipt), ID number, phone,
 * accent-free name prefix, procedure, status, received-date range, overdue only.
 * Every filter is served by an index; results are paged.
 */
import type { Knex } from 'knex';
import { dialect, toDate } from '../../db/knex.js';
import { OPEN_STATUSES, type DossierStatus } from '../../domain/status.js';
import type { StaffUser } from '../../domain/roles.js';

export interface SearchFilters {
  code?: string;
  token?: string;
  idNumber?: string;
  phone?: string;
  namePrefix?: string;
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

/** Escape LIKE wildcards. */
function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function searchRepo(db: Knex) {
  const isPg = dialect(db) === 'postgres';

  function apply(q: Knex.QueryBuilder, staff: StaffUser, f: SearchFilters): Knex.QueryBuilder {
    if (staff.role !== 'admin') {
      q.where((w) => w.where('d.agency_id', staff.agencyId).orWhere('d.processing_agency_id', staff.agencyId).orWhere('d.assigned_agency_id', staff.agencyId));
    }
    if (f.code) q.where('d.code', f.code);
    if (f.token) q.where('d.public_token', f.token);
    if (f.idNumber) q.where('d.applicant_id_number', f.idNumber);
    if (f.phone) q.where('d.applicant_phone', f.phone);
    if (f.namePrefix) {
      if (isPg) q.whereRaw("d.applicant_name_folded LIKE ? ESCAPE '\\'", [likePrefix(f.namePrefix)]);
      else q.where('d.applicant_name_folded', '>=', f.namePrefix).andWhere('d.applicant_name_folded', '<', `${f.namePrefix}\u{10FFFF}`);
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

  function base() {
    return db('dossiers as d').join('procedures as p', 'p.id', 'd.procedure_id');
  }

  return {
    async search(staff: StaffUser, f: SearchFilters, page: { limit: number; offset: number; orderBy: 'received_desc' | 'due_asc' }) {
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
