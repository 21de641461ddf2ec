import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { ProcessingUnit, SupplementClock } from '../../domain/deadline.js';
import { OPEN_STATUSES, type DossierStatus, type ResultDelivery } from '../../domain/status.js';
import type { Completion } from '../../domain/workflow.js';
import type { DossierDocumentRow, DossierRow } from '../../platform/record/tables.js';

export interface DossierDocument {
  id: number;
  position: number;
  name: string;
  originals: number;
  certifiedCopies: number;
  copies: number;
}

export interface Dossier {
  id: number;
  code: string;
  publicToken: string;
  status: DossierStatus;
  agency: { id: number; eid: string; name: string; governingBody: string; placeName: string; address: string; hotline: string };
  /**
   * The procedure as the catalogue has it now. Mind the pair: `leadAgencyName` names the agency
   * processing this dossier (processing_agency_id), `leadAgencyId` is the catalogue's lead agency
   * of the procedure (null for commune procedures).
   */
  procedure: {
    id: number;
    code: string;
    name: string;
    leadAgencyName: string;
    result: string;
    resultAtCounter: boolean;
    /** The result may be a file (procedures.result_electronic). */
    resultElectronic: boolean;
    /** The fee in đồng; null: "see the fee note". */
    feeVnd: number | null;
    leadAgencyId: number | null;
  };
  processingAgencyId: number;
  assignedAgency: { id: number; name: string } | null;
  assignedTo: { id: number; name: string } | null;
  completion: Completion | null;
  returnedAt: Date | null;
  returnedTo: string | null;
  outcomeNote: string | null;
  applicant: {
    name: string;
    idNumber: string;
    phone: string;
    email: string | null;
    address: string;
    representativeName: string | null;
  };
  resultDelivery: ResultDelivery;
  channel: string;
  setsCount: number;
  note: string | null;
  processingUnit: ProcessingUnit;
  processingAmount: number;
  /** The clock rules the dossier was received under (domain/deadline.ts dossierClock). */
  supplementClock: SupplementClock;
  nextDayAfterCutoff: boolean;
  receivedAt: Date;
  /** The appointment printed on the receipt (never changes). */
  originalDueAt: Date;
  dueAt: Date;
  /** The appointment re-set once by an apology, if any. */
  extendedDueAt: Date | null;
  finishedAt: Date | null;
  receivedBy: { id: number; name: string };
  receiptPrintCount: number;
  version: number;
  updatedAt: Date;
  documents: DossierDocument[];
}

const COLUMNS = [
  'd.*',
  'a.eid as agency_eid',
  'a.name as agency_name',
  'a.governing_body as agency_governing_body',
  'a.place_name as agency_place_name',
  'a.address as agency_address',
  'a.hotline as agency_hotline',
  'p.code as procedure_code',
  'p.name as procedure_name',
  'p.result as procedure_result',
  'p.result_at_counter as procedure_result_at_counter',
  'p.result_electronic as procedure_result_electronic',
  'p.fee_vnd as procedure_fee_vnd',
  'p.lead_agency_id as procedure_lead_agency_id',
  'la.name as lead_agency_name',
  'u.full_name as received_by_name',
  'aa.name as assigned_agency_name',
  'au.full_name as assigned_to_name',
];

/** A row of baseQuery with COLUMNS: the dossier and the names joined to it. */
type DossierJoinedRow = DossierRow & {
  agency_eid: string;
  agency_name: string;
  agency_governing_body: string;
  agency_place_name: string;
  agency_address: string;
  agency_hotline: string;
  procedure_code: string;
  procedure_name: string;
  procedure_result: string;
  procedure_result_at_counter: boolean | number;
  procedure_result_electronic: boolean | number;
  procedure_fee_vnd: number | string | null;
  procedure_lead_agency_id: number | null;
  lead_agency_name: string;
  received_by_name: string;
  assigned_agency_name: string | null;
  assigned_to_name: string | null;
};

function baseQuery(db: Knex) {
  return db('dossiers as d')
    .join('agencies as a', 'a.id', 'd.agency_id')
    .join('procedures as p', 'p.id', 'd.procedure_id')
    .join('agencies as la', 'la.id', 'd.processing_agency_id')
    .join('users as u', 'u.id', 'd.received_by')
    .leftJoin('agencies as aa', 'aa.id', 'd.assigned_agency_id')
    .leftJoin('users as au', 'au.id', 'd.assigned_to');
}

/** Anything but 'restart' counts as resume (the column's default and every pre-2025 dossier). */
function supplementClockOf(value: string): SupplementClock {
  return value === 'restart' ? 'restart' : 'resume';
}

function fromRow(r: DossierJoinedRow, documents: DossierDocument[]): Dossier {
  return {
    id: r.id,
    code: r.code,
    publicToken: r.public_token,
    status: r.status,
    agency: {
      id: r.agency_id,
      eid: r.agency_eid,
      name: r.agency_name,
      governingBody: r.agency_governing_body,
      placeName: r.agency_place_name,
      address: r.agency_address,
      hotline: r.agency_hotline,
    },
    procedure: {
      id: r.procedure_id,
      code: r.procedure_code,
      name: r.procedure_name,
      leadAgencyName: r.lead_agency_name,
      result: r.procedure_result,
      resultAtCounter: Boolean(r.procedure_result_at_counter),
      resultElectronic: Boolean(r.procedure_result_electronic),
      feeVnd: r.procedure_fee_vnd === null ? null : Number(r.procedure_fee_vnd),
      leadAgencyId: r.procedure_lead_agency_id ?? null,
    },
    processingAgencyId: r.processing_agency_id,
    assignedAgency: r.assigned_agency_id ? { id: r.assigned_agency_id, name: r.assigned_agency_name ?? '' } : null,
    assignedTo: r.assigned_to ? { id: r.assigned_to, name: r.assigned_to_name ?? '' } : null,
    completion: r.completion ?? null,
    returnedAt: toDateOrNull(r.returned_at),
    returnedTo: r.returned_to ?? null,
    outcomeNote: r.outcome_note ?? null,
    applicant: {
      name: r.applicant_name,
      idNumber: r.applicant_id_number,
      phone: r.applicant_phone,
      email: r.applicant_email,
      address: r.applicant_address,
      representativeName: r.representative_name,
    },
    resultDelivery: r.result_delivery,
    channel: r.channel,
    setsCount: r.sets_count,
    note: r.note,
    processingUnit: r.processing_unit,
    processingAmount: r.processing_amount,
    supplementClock: supplementClockOf(r.supplement_clock),
    nextDayAfterCutoff: Boolean(r.next_day_after_cutoff),
    receivedAt: toDate(r.received_at),
    originalDueAt: toDate(r.original_due_at),
    dueAt: toDate(r.due_at),
    extendedDueAt: toDateOrNull(r.extended_due_at),
    finishedAt: toDateOrNull(r.finished_at),
    receivedBy: { id: r.received_by, name: r.received_by_name },
    receiptPrintCount: r.receipt_print_count,
    version: r.version,
    updatedAt: toDate(r.updated_at),
    documents,
  };
}

async function load(db: Knex, where: Record<string, unknown>): Promise<Dossier | undefined> {
  const row = await baseQuery(db).where(where).first<DossierJoinedRow | undefined>(COLUMNS);
  if (!row) return undefined;
  const docs = await db<DossierDocumentRow>('dossier_documents').where({ dossier_id: row.id }).orderBy('position');
  return fromRow(
    row,
    docs.map((d) => ({ id: d.id, position: d.position, name: d.name, originals: d.originals, certifiedCopies: d.certified_copies, copies: d.copies })),
  );
}

/** What recomputing an appointment needs of an open dossier. */
export interface OpenAppointment {
  id: number;
  code: string;
  receivedAt: Date;
  dueAt: Date;
  processingUnit: ProcessingUnit;
  processingAmount: number;
  supplementClock: SupplementClock;
  nextDayAfterCutoff: boolean;
}

export function dossiersRepo(db: Knex) {
  return {
    byId: (id: number) => load(db, { 'd.id': id }),
    byToken: (token: string) => load(db, { 'd.public_token': token }),
    byCode: (code: string) => load(db, { 'd.code': code }),

    /** Public lookup: the token of the dossier with this code whose phone ends in these 4 digits. */
    async tokenByCodeAndPhoneLast4(code: string, last4: string): Promise<string | undefined> {
      const row = await db<DossierRow>('dossiers').where({ code }).first('public_token', 'applicant_phone');
      if (!row || String(row.applicant_phone).slice(-4) !== last4) return undefined;
      return row.public_token;
    },

    /** Every open dossier's appointment inputs (recomputation after a calendar change). */
    async openAppointments(): Promise<OpenAppointment[]> {
      const rows = await db<DossierRow>('dossiers')
        .whereIn('status', [...OPEN_STATUSES])
        .select('id', 'code', 'received_at', 'due_at', 'processing_unit', 'processing_amount', 'supplement_clock', 'next_day_after_cutoff');
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        receivedAt: toDate(r.received_at),
        dueAt: toDate(r.due_at),
        processingUnit: r.processing_unit,
        processingAmount: r.processing_amount,
        supplementClock: supplementClockOf(r.supplement_clock),
        nextDayAfterCutoff: Boolean(r.next_day_after_cutoff),
      }));
    },

    /** Move the appointment (a recomputation), bumping the version like any other change. */
    async setDueAt(trx: Knex.Transaction, id: number, dueAt: Date, now: Date): Promise<void> {
      await trx('dossiers').where({ id }).update({ due_at: dueAt, updated_at: now, version: trx.raw('version + 1') });
    },

    /** Ids and codes of the next `limit` dossiers after `afterId`, by id (audit verification). */
    async idsAfter(afterId: number, limit: number): Promise<Array<{ id: number; code: string }>> {
      return db<DossierRow>('dossiers').where('id', '>', afterId).orderBy('id').limit(limit).select('id', 'code');
    },

    async incrementReceiptPrints(trx: Knex.Transaction, id: number): Promise<number> {
      await trx('dossiers').where({ id }).increment('receipt_print_count', 1);
      const row = await trx<DossierRow>('dossiers').where({ id }).first('receipt_print_count');
      return Number(row?.receipt_print_count);
    },
  };
}

export type DossiersRepo = ReturnType<typeof dossiersRepo>;
