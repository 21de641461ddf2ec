/** Post (Decision 45/2016): hand-over records, their entries, shipments, and the procedures not available by post. */
import type { Knex } from 'knex';
import type { ProcedureRow } from '../../platform/record/tables.js';
import { insertedId, toDate, toDateOrNull } from '../../db/knex.js';
import type { BatchDirection, BatchStatus, ShipmentStatus } from '../../domain/post.js';
import { dossiersByIds, oneDossier, staffDossiers } from '../../platform/record/scope.repo.js';
import type { StaffScope } from '../../platform/record/visibility.js';

type Db = Knex | Knex.Transaction;

export interface Batch {
  id: number;
  agencyId: number;
  direction: BatchDirection;
  status: BatchStatus;
  workerName: string;
  workerPhone: string | null;
  postalUnit: string;
  postalEmail: string | null;
  note: string | null;
  openedBy: { id: number; name: string };
  openedAt: Date;
  signedBy: { id: number; name: string } | null;
  signedAt: Date | null;
  pickupNotifiedAt: Date | null;
  entries: number;
}

export interface EntryRow {
  id: number;
  procedureId: number;
  procedureCode: string;
  procedureName: string;
  procedureResult: string;
  dossierId: number | null;
  dossierCode: string | null;
  dossierStatus: string | null;
  inputJson: string | null;
  waybill: string | null;
  codVnd: number;
  applicant: { name: string; address: string; phone: string; email: string | null } | null;
}

export interface NewBatch {
  agency_id: number;
  direction: BatchDirection;
  worker_name: string;
  worker_phone: string | null;
  postal_unit: string;
  postal_email: string | null;
  note: string | null;
  opened_by: number;
  opened_at: Date;
}

export interface ReadyDossier {
  id: number;
  procedureId: number;
  code: string;
  applicantName: string;
  address: string;
  procedureName: string;
}

export interface NotByPostRow {
  code: string;
  name: string;
  /** The English name where the catalogue has one. */
  nameEn: string | null;
  field: string;
  inPerson: boolean;
}

export interface ShipmentToTrack {
  id: number;
  dossierCode: string;
  waybill: string | null;
}

function batchOf(r: Record<string, any>): Batch {
  return {
    id: Number(r.id),
    agencyId: Number(r.agency_id),
    direction: r.direction,
    status: r.status,
    workerName: r.worker_name,
    workerPhone: r.worker_phone ?? null,
    postalUnit: r.postal_unit,
    postalEmail: r.postal_email ?? null,
    note: r.note ?? null,
    openedBy: { id: Number(r.opened_by), name: r.opened_by_name },
    openedAt: toDate(r.opened_at),
    signedBy: r.signed_by ? { id: Number(r.signed_by), name: r.signed_by_name } : null,
    signedAt: toDateOrNull(r.signed_at),
    pickupNotifiedAt: toDateOrNull(r.pickup_notified_at),
    entries: Number(r.entries ?? 0),
  };
}

function batches(db: Db) {
  return db('postal_batches as b')
    .join('users as uo', 'uo.id', 'b.opened_by')
    .leftJoin('users as us', 'us.id', 'b.signed_by')
    .select('b.*', 'uo.full_name as opened_by_name', 'us.full_name as signed_by_name', db.raw('(SELECT COUNT(*) FROM postal_batch_entries e WHERE e.batch_id = b.id) AS entries'));
}

export function postRepo(db: Knex) {
  return {
    async insertBatch(row: NewBatch): Promise<number> {
      const [id] = await db('postal_batches').insert({ ...row, status: 'open' }).returning('id');
      return insertedId(id);
    },

    /** One record of this agency (another agency's is as absent). */
    async batch(agencyId: number, id: number, trx: Db = db): Promise<Batch | undefined> {
      const r = await batches(trx).where({ 'b.id': id, 'b.agency_id': agencyId }).first();
      return r ? batchOf(r) : undefined;
    },

    /** The agency's open records, then the latest signed or cancelled ones. */
    async batchesOf(agencyId: number, limit = 30): Promise<Batch[]> {
      const rows = await batches(db)
        .where('b.agency_id', agencyId)
        .orderByRaw("CASE WHEN b.status = 'open' THEN 0 ELSE 1 END")
        .orderBy('b.id', 'desc')
        .limit(limit);
      return rows.map(batchOf);
    },

    async openBatches(agencyId: number, direction: BatchDirection): Promise<Batch[]> {
      const rows = await batches(db).where({ 'b.agency_id': agencyId, 'b.direction': direction, 'b.status': 'open' }).orderBy('b.id');
      return rows.map(batchOf);
    },

    async entries(batchId: number, trx: Db = db): Promise<EntryRow[]> {
      const rows = await trx('postal_batch_entries as e')
        .join('procedures as p', 'p.id', 'e.procedure_id')
        .where('e.batch_id', batchId)
        .orderBy('e.id')
        .select('e.id', 'e.procedure_id', 'p.code as procedure_code', 'p.name as procedure_name', 'p.result as procedure_result', 'e.dossier_id', 'e.input_json', 'e.waybill', 'e.cod_vnd');
      // The record's dossiers (the record is the caller's agency's: its entries are that agency's dossiers).
      const ids = rows.map((r: Record<string, any>) => r.dossier_id).filter((x: unknown) => x !== null).map(Number);
      const dossiers = new Map<number, Record<string, any>>();
      if (ids.length > 0) {
        for (const d of await dossiersByIds(trx, ids).select('id', 'code', 'status', 'applicant_name', 'applicant_address', 'applicant_phone', 'applicant_email')) dossiers.set(Number(d.id), d);
      }
      return rows.map((r: Record<string, any>) => {
        const d = r.dossier_id === null ? undefined : dossiers.get(Number(r.dossier_id));
        return {
          id: Number(r.id),
          procedureId: Number(r.procedure_id),
          procedureCode: r.procedure_code,
          procedureName: r.procedure_name,
          procedureResult: r.procedure_result ?? '',
          dossierId: r.dossier_id === null ? null : Number(r.dossier_id),
          dossierCode: d?.code ?? null,
          dossierStatus: d?.status ?? null,
          inputJson: r.input_json ?? null,
          waybill: r.waybill ?? null,
          codVnd: Number(r.cod_vnd ?? 0),
          applicant: d ? { name: d.applicant_name, address: d.applicant_address, phone: d.applicant_phone, email: d.applicant_email ?? null } : null,
        };
      });
    },

    /** The record an intake form's key already added its entry to. */
    async entryByIntakeKey(key: string): Promise<{ batchId: number } | undefined> {
      const r = await db('postal_batch_entries').where({ intake_key: key }).first('batch_id');
      return r ? { batchId: Number(r.batch_id) } : undefined;
    },

    /** Adds an entry while the record is still open (false: it is not, or no longer). */
    async insertEntry(batchId: number, row: { procedure_id: number; dossier_id?: number | null; input_json?: string | null; intake_key?: string | null; waybill: string | null; cod_vnd: number; created_at: Date }): Promise<boolean> {
      return db.transaction(async (trx) => {
        const open = await trx('postal_batches').where({ id: batchId, status: 'open' }).first('id');
        if (!open) return false;
        await trx('postal_batch_entries').insert({ batch_id: batchId, ...row });
        return true;
      });
    },

    async deleteEntry(batchId: number, entryId: number): Promise<boolean> {
      return db.transaction(async (trx) => {
        const open = await trx('postal_batches').where({ id: batchId, status: 'open' }).first('id');
        if (!open) return false;
        return (await trx('postal_batch_entries').where({ id: entryId, batch_id: batchId }).del()) > 0;
      });
    },

    /** Open → signed, guarded: false when another request signed or cancelled it first. */
    async markSigned(trx: Db, batchId: number, staffId: number, at: Date): Promise<boolean> {
      return (await trx('postal_batches').where({ id: batchId, status: 'open' }).update({ status: 'signed', signed_by: staffId, signed_at: at })) > 0;
    },

    async markCancelled(batchId: number): Promise<boolean> {
      return (await db('postal_batches').where({ id: batchId, status: 'open' }).update({ status: 'cancelled' })) > 0;
    },

    async markPickupNotified(trx: Db, batchId: number, at: Date): Promise<void> {
      await trx('postal_batches').where({ id: batchId }).update({ pickup_notified_at: at });
    },

    async linkEntry(trx: Db, entryId: number, dossierId: number): Promise<void> {
      await trx('postal_batch_entries').where({ id: entryId }).update({ dossier_id: dossierId });
    },

    async insertShipment(
      trx: Db,
      row: { dossier_id: number; batch_id: number; direction: BatchDirection; waybill: string | null; worker_name: string; postal_unit: string; handed_over_at: Date; delivered_at: Date | null; status: ShipmentStatus; cod_vnd: number; vnpost_status: string | null; created_at: Date; updated_at: Date },
    ): Promise<void> {
      await trx('shipments').insert(row);
    },

    async shipmentsOf(batchId: number): Promise<Array<{ id: number; dossierId: number; waybill: string | null; status: ShipmentStatus; deliveredAt: Date | null; vnpostStatus: string | null; vnpostError: string | null }>> {
      const rows = await db('shipments').where({ batch_id: batchId }).orderBy('id');
      return rows.map((r: Record<string, any>) => ({
        id: Number(r.id),
        dossierId: Number(r.dossier_id),
        waybill: r.waybill ?? null,
        status: r.status,
        deliveredAt: toDateOrNull(r.delivered_at),
        vnpostStatus: r.vnpost_status ?? null,
        vnpostError: r.vnpost_error ?? null,
      }));
    },

    async updateShipment(id: number, patch: { waybill?: string | null; status?: ShipmentStatus; delivered_at?: Date | null; vnpost_status?: string | null; vnpost_error?: string | null; vnpost_checked_at?: Date | null; updated_at: Date }): Promise<void> {
      await db('shipments').where({ id }).update(patch);
    },

    /** Outbound shipments with a VNPost order not yet delivered, oldest check first. */
    async shipmentsToTrack(limit: number): Promise<ShipmentToTrack[]> {
      const rows = await db('shipments as s')
        .where({ 's.direction': 'outbound', 's.status': 'handed_over', 's.vnpost_status': 'posted' })
        .orderByRaw('s.vnpost_checked_at IS NOT NULL, s.vnpost_checked_at')
        .limit(limit)
        .select('s.id', 's.dossier_id', 's.waybill');
      const codes = new Map<number, string>();
      if (rows.length > 0) for (const d of await dossiersByIds(db, rows.map((r: Record<string, any>) => Number(r.dossier_id))).select('id', 'code')) codes.set(Number(d.id), d.code);
      return rows.map((r: Record<string, any>) => ({ id: Number(r.id), dossierCode: codes.get(Number(r.dossier_id)) ?? '', waybill: r.waybill ?? null }));
    },

    /**
     * The agency's results waiting to go out by post: received by the clerk's agency, result
     * ready, delivery by post, not yet on an open outbound record.
     */
    async readyForPost(staff: StaffScope): Promise<ReadyDossier[]> {
      const rows = await staffDossiers(db, staff)
        .join('procedures as p', 'p.id', 'd.procedure_id')
        .where({ 'd.agency_id': staff.agencyId, 'd.status': 'result_ready', 'd.result_delivery': 'post' })
        .whereNotExists(
          db('postal_batch_entries as e').join('postal_batches as b', 'b.id', 'e.batch_id').whereRaw('e.dossier_id = d.id').andWhere('b.status', 'open'),
        )
        .orderBy('d.finished_at')
        .limit(200)
        .select('d.id', 'd.procedure_id', 'd.code', 'd.applicant_name', 'd.applicant_address', 'p.name as procedure_name');
      return rows.map((r: Record<string, any>) => ({ id: Number(r.id), procedureId: Number(r.procedure_id), code: r.code, applicantName: r.applicant_name, address: r.applicant_address, procedureName: r.procedure_name }));
    },

    /** Where a returned dossier's citizen is told (the caller decided on the dossier). */
    async contactOf(trx: Db, dossierId: number): Promise<{ code: string; token: string; phone: string | null; email: string | null }> {
      const d = (await oneDossier(trx, { id: dossierId }).first('code', 'public_token', 'applicant_phone', 'applicant_email'))!;
      return { code: d.code, token: d.public_token, phone: d.applicant_phone ?? null, email: d.applicant_email ?? null };
    },

    /** The documents received with these dossiers (the originals go back with the result, art. 8(3)). */
    async documentsOf(dossierIds: readonly number[]): Promise<Map<number, Array<{ name: string; originals: number }>>> {
      const out = new Map<number, Array<{ name: string; originals: number }>>();
      if (dossierIds.length === 0) return out;
      const rows = await db('dossier_documents').whereIn('dossier_id', dossierIds).orderBy(['dossier_id', 'position']).select('dossier_id', 'name', 'originals');
      for (const r of rows) {
        const list = out.get(Number(r.dossier_id)) ?? [];
        list.push({ name: r.name, originals: Number(r.originals) });
        out.set(Number(r.dossier_id), list);
      }
      return out;
    },

    async agencyHeading(agencyId: number): Promise<{ name: string; governingBody: string; placeName: string; address: string; hotline: string }> {
      const r = await db('agencies').where({ id: agencyId }).first('name', 'governing_body', 'place_name', 'address', 'hotline');
      return { name: r?.name ?? '', governingBody: r?.governing_body ?? '', placeName: r?.place_name ?? '', address: r?.address ?? '', hotline: r?.hotline ?? '' };
    },

    /** Art. 13: the active procedures not available by post (listed so, or the person must come). */
    async notByPost(): Promise<NotByPostRow[]> {
      const rows = await db('procedures')
        .where('active', true)
        .andWhere((q) => q.where('by_post', false).orWhere('in_person', true))
        .orderBy([{ column: 'field' }, { column: 'code' }])
        .select<Array<Pick<ProcedureRow, 'code' | 'name' | 'name_en' | 'field' | 'in_person'>>>('code', 'name', 'name_en', 'field', 'in_person');
      return rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en ?? null, field: r.field, inPerson: Boolean(r.in_person) }));
    },
  };
}

export type PostRepo = ReturnType<typeof postRepo>;
