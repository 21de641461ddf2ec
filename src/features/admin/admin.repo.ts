/** Administration data access: staff accounts, agencies, the procedure catalogue, the holiday table. */
import type { Knex } from 'knex';
import type { DayKind } from '../../domain/calendar.js';
import type { ProcessingUnit } from '../../domain/deadline.js';
import type { Role } from '../../domain/roles.js';
import type { AgencyInput, AgencyKind, DocumentInput, ProcedureInput } from './admin.schema.js';

type Db = Knex | Knex.Transaction;

export interface AdminUser {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  agencyId: number;
  agencyName: string;
  email: string | null;
  active: boolean;
}

export interface AdminAgency {
  id: number;
  eid: string;
  name: string;
  governingBody: string;
  placeName: string;
  kind: AgencyKind;
  address: string;
  hotline: string;
  active: boolean;
}

export interface AdminProcedureSummary {
  id: number;
  code: string;
  name: string;
  field: string;
  processingUnit: ProcessingUnit;
  processingAmount: number;
  feeVnd: number | null;
  leadAgencyName: string | null;
  receivingCount: number;
  active: boolean;
}

export interface StoredDocument extends DocumentInput {
  position: number;
}

/** A stored procedure: what the form edits, plus its id and numbered documents. */
export type AdminProcedure = Omit<ProcedureInput, 'documents'> & { id: number; documents: StoredDocument[] };

/** The columns of a procedures row, as written. */
export interface ProcedureRow {
  code: string;
  name: string;
  field: string;
  processing_unit: ProcessingUnit;
  processing_amount: number;
  processing_note?: string;
  fee_vnd: number | null;
  fee_note: string;
  result: string;
  apology_extension_days: number;
  lead_agency_id: number | null;
  active?: boolean;
}

export interface HolidayRecord {
  date: string;
  kind: DayKind;
  name: string;
  provisional: boolean;
}

function insertedId(row: unknown): number {
  return typeof row === 'object' && row !== null ? (row as { id: number }).id : (row as number);
}

/** A unique constraint refused the write (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23505' || (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(e?.message ?? '')) || /UNIQUE constraint failed/.test(e?.message ?? '');
}

function toUser(r: Record<string, any>): AdminUser {
  return { id: r.id, username: r.username, fullName: r.full_name, role: r.role as Role, agencyId: r.agency_id, agencyName: r.agency_name, email: r.email ?? null, active: Boolean(r.active) };
}

function toAgency(r: Record<string, any>): AdminAgency {
  return {
    id: r.id,
    eid: r.eid,
    name: r.name,
    governingBody: r.governing_body,
    placeName: r.place_name,
    kind: r.kind as AgencyKind,
    address: r.address,
    hotline: r.hotline,
    active: Boolean(r.active),
  };
}

function agencyRow(a: AgencyInput) {
  return { eid: a.eid, name: a.name, governing_body: a.governingBody, place_name: a.placeName, kind: a.kind, address: a.address, hotline: a.hotline, active: a.active };
}

async function listDocuments(trx: Db, procedureId: number): Promise<StoredDocument[]> {
  const rows = await trx('procedure_documents').where({ procedure_id: procedureId }).orderBy('position');
  return rows.map((d) => ({
    position: d.position,
    name: d.name,
    originals: d.originals,
    certifiedCopies: d.certified_copies,
    copies: d.copies,
    required: Boolean(d.required),
  }));
}

export function adminRepo(db: Knex) {
  return {
    transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
      return db.transaction(fn);
    },

    // ------------------------------------------------------------ users

    async listUsers(): Promise<AdminUser[]> {
      const rows = await db('users as u')
        .join('agencies as a', 'a.id', 'u.agency_id')
        .select('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'u.email', 'u.active', 'a.name as agency_name')
        .orderBy([{ column: 'u.active', order: 'desc' }, { column: 'u.username' }]);
      return rows.map(toUser);
    },

    async findUser(id: number): Promise<AdminUser | undefined> {
      const row = await db('users as u')
        .join('agencies as a', 'a.id', 'u.agency_id')
        .where('u.id', id)
        .first('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'u.email', 'u.active', 'a.name as agency_name');
      return row ? toUser(row) : undefined;
    },

    async usernameExists(username: string): Promise<boolean> {
      return Boolean(await db('users').where({ username }).first('id'));
    },

    async insertUser(row: { username: string; full_name: string; role: Role; agency_id: number; email: string | null; password_hash: string; created_at: Date }): Promise<number> {
      const [inserted] = await db('users')
        .insert({ ...row, active: true, phone: '' })
        .returning('id');
      return insertedId(inserted);
    },

    async updateUser(id: number, row: { full_name: string; role: Role; agency_id: number; email: string | null }): Promise<void> {
      await db('users').where({ id }).update(row);
    },

    async setUserActive(trx: Db, id: number, active: boolean): Promise<void> {
      await trx('users').where({ id }).update({ active });
    },

    async setPasswordHash(trx: Db, id: number, hash: string): Promise<void> {
      await trx('users').where({ id }).update({ password_hash: hash });
    },

    /** Signs the user out everywhere (but in `keepSessionId`, when given). */
    async deleteSessions(trx: Db, userId: number, keepSessionId?: string): Promise<number> {
      const q = trx('sessions').where({ user_id: userId });
      if (keepSessionId) q.andWhereNot({ id: keepSessionId });
      return q.delete();
    },

    // ------------------------------------------------------------ agencies

    async listAgencies(): Promise<AdminAgency[]> {
      const rows = await db('agencies').select('*').orderBy('eid');
      return rows.map(toAgency);
    },

    async findAgency(id: number): Promise<AdminAgency | undefined> {
      const row = await db('agencies').where({ id }).first();
      return row ? toAgency(row) : undefined;
    },

    async agencyIdByEid(eid: string): Promise<number | undefined> {
      const row = await db('agencies').where({ eid }).first('id');
      return row?.id;
    },

    async insertAgency(a: AgencyInput): Promise<number> {
      const [inserted] = await db('agencies').insert(agencyRow(a)).returning('id');
      return insertedId(inserted);
    },

    async updateAgency(id: number, a: AgencyInput): Promise<void> {
      await db('agencies').where({ id }).update(agencyRow(a));
    },

    // ------------------------------------------------------------ procedures

    async listProcedures(): Promise<AdminProcedureSummary[]> {
      const rows = await db('procedures as p')
        .leftJoin('agencies as a', 'a.id', 'p.lead_agency_id')
        .select('p.id', 'p.code', 'p.name', 'p.field', 'p.processing_unit', 'p.processing_amount', 'p.fee_vnd', 'p.active', 'a.name as lead_agency_name')
        .orderBy([{ column: 'p.field' }, { column: 'p.code' }]);
      const counts: Array<{ procedure_id: number; n: number | string }> = await db('agency_procedures').select('procedure_id').count({ n: '*' }).groupBy('procedure_id');
      const byId = new Map<number, number>(counts.map((c) => [Number(c.procedure_id), Number(c.n)]));
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        field: r.field,
        processingUnit: r.processing_unit as ProcessingUnit,
        processingAmount: r.processing_amount,
        feeVnd: r.fee_vnd ?? null,
        leadAgencyName: r.lead_agency_name ?? null,
        receivingCount: byId.get(r.id) ?? 0,
        active: Boolean(r.active),
      }));
    },

    async findProcedure(id: number): Promise<AdminProcedure | undefined> {
      const r = await db('procedures').where({ id }).first();
      if (!r) return undefined;
      const [docs, agencies] = await Promise.all([
        listDocuments(db, id),
        db('agency_procedures').where({ procedure_id: id }).select('agency_id').orderBy('agency_id'),
      ]);
      return {
        id: r.id,
        code: r.code,
        name: r.name,
        field: r.field,
        processingUnit: r.processing_unit as ProcessingUnit,
        processingAmount: r.processing_amount,
        processingNote: r.processing_note,
        feeVnd: r.fee_vnd ?? null,
        feeNote: r.fee_note,
        result: r.result,
        apologyExtensionDays: r.apology_extension_days,
        leadAgencyId: r.lead_agency_id ?? null,
        active: Boolean(r.active),
        agencyIds: agencies.map((a) => Number(a.agency_id)),
        documents: docs,
      };
    },

    documents: (trx: Db, procedureId: number) => listDocuments(trx, procedureId),

    async procedureIdByCode(trx: Db, code: string): Promise<number | undefined> {
      const row = await trx('procedures').where({ code }).first('id');
      return row?.id;
    },

    async procedureIdsByCode(trx: Db, codes: string[]): Promise<Map<string, number>> {
      const map = new Map<string, number>();
      // Chunks keep the bind-parameter count well under SQLite's limit.
      for (let i = 0; i < codes.length; i += 500) {
        const rows = await trx('procedures').whereIn('code', codes.slice(i, i + 500)).select('id', 'code');
        for (const r of rows) map.set(r.code, r.id);
      }
      return map;
    },

    async insertProcedure(trx: Db, row: ProcedureRow): Promise<number> {
      const [inserted] = await trx('procedures')
        .insert({ processing_note: '', active: true, ...row })
        .returning('id');
      return insertedId(inserted);
    },

    async updateProcedure(trx: Db, id: number, row: ProcedureRow): Promise<void> {
      await trx('procedures').where({ id }).update(row);
    },

    async replaceDocuments(trx: Db, procedureId: number, docs: DocumentInput[]): Promise<void> {
      await trx('procedure_documents').where({ procedure_id: procedureId }).delete();
      if (docs.length === 0) return;
      await trx('procedure_documents').insert(
        docs.map((d, i) => ({
          procedure_id: procedureId,
          position: i + 1,
          name: d.name,
          originals: d.originals,
          certified_copies: d.certifiedCopies,
          copies: d.copies,
          required: d.required,
        })),
      );
    },

    async replaceReceivingAgencies(trx: Db, procedureId: number, agencyIds: number[]): Promise<void> {
      await trx('agency_procedures').where({ procedure_id: procedureId }).delete();
      if (agencyIds.length === 0) return;
      await trx('agency_procedures').insert(agencyIds.map((agencyId) => ({ agency_id: agencyId, procedure_id: procedureId })));
    },

    // ------------------------------------------------------------ holidays

    async listHolidays(): Promise<HolidayRecord[]> {
      const rows = await db('holidays').select('date', 'kind', 'name', 'provisional').orderBy('date');
      return rows.map((r) => ({ date: r.date, kind: r.kind as DayKind, name: r.name, provisional: Boolean(r.provisional) }));
    },

    async findHoliday(date: string): Promise<HolidayRecord | undefined> {
      const r = await db('holidays').where({ date }).first('date', 'kind', 'name', 'provisional');
      return r ? { date: r.date, kind: r.kind as DayKind, name: r.name, provisional: Boolean(r.provisional) } : undefined;
    },

    async insertHoliday(h: HolidayRecord): Promise<void> {
      await db('holidays').insert(h);
    },

    async updateHoliday(h: HolidayRecord): Promise<number> {
      return db('holidays').where({ date: h.date }).update({ kind: h.kind, name: h.name, provisional: h.provisional });
    },

    async deleteHoliday(date: string): Promise<number> {
      return db('holidays').where({ date }).delete();
    },

    async confirmHoliday(date: string): Promise<number> {
      return db('holidays').where({ date }).update({ provisional: false });
    },
  };
}

export type AdminRepo = ReturnType<typeof adminRepo>;
