/**
 * A dossier's files (dossier_files: its scanned or uploaded documents and its electronic
 * result) and every download of a result (dossier_file_downloads). The bytes are in the file
 * store, by hash (src/platform/files). Rows are never updated but to mark them removed.
 */
import { FEE_PAID_EVENT } from '../../domain/result-file.js';
import type { Knex } from 'knex';
import type { FileKind } from '../../domain/file-kind.js';
import { insertedId, toDate } from '../../db/knex.js';
import { oneDossier } from '../../platform/record/scope.repo.js';
import type { DossierRow, Flag, ProcedureRow, Timestamp } from '../../platform/record/tables.js';

type Db = Knex | Knex.Transaction;

export type FilePurpose = 'document' | 'result';
export type FileSource = 'counter' | 'online' | 'api' | 'officer';

export interface DossierFileRow {
  id: number;
  dossier_id: number;
  dossier_document_id: number | null;
  purpose: FilePurpose;
  source: FileSource;
  sha256: string;
  kind: FileKind;
  size: number;
  name: string;
  pdf_signed: Flag | null;
  added_by: number | null;
  added_at: Timestamp;
  removed_by: number | null;
  removed_at: Timestamp | null;
}

/** A file's row as written and as read back. */
interface DossierFileFields {
  dossierId: number;
  documentId: number | null;
  purpose: FilePurpose;
  source: FileSource;
  sha256: string;
  kind: FileKind;
  size: number;
  name: string;
  pdfSigned: boolean | null;
  addedAt: Date;
}

export interface DossierFile extends DossierFileFields {
  id: number;
  addedByName: string | null;
  /** Results: how many times the citizen downloaded it. */
  citizenDownloads: number;
}

export interface NewDossierFile extends DossierFileFields {
  addedBy: number | null;
}

/** What the result's rules need of the dossier and its procedure. */
export interface ResultDossier {
  id: number;
  code: string;
  status: DossierRow['status'];
  resultDelivery: DossierRow['result_delivery'];
  resultElectronic: boolean;
  resultAtCounter: boolean;
  feeVnd: number | null;
}

function fileOf(r: DossierFileRow & { added_by_name?: string | null; downloads?: number | string | null }): DossierFile {
  return {
    id: r.id,
    dossierId: r.dossier_id,
    documentId: r.dossier_document_id ?? null,
    purpose: r.purpose,
    source: r.source,
    sha256: r.sha256,
    kind: r.kind,
    size: Number(r.size),
    name: r.name,
    pdfSigned: r.pdf_signed === null ? null : Boolean(r.pdf_signed),
    addedAt: toDate(r.added_at),
    addedByName: r.added_by_name ?? null,
    citizenDownloads: Number(r.downloads ?? 0),
  };
}

export function dossierFilesRepo(db: Db) {
  const files = () => db<DossierFileRow>('dossier_files');
  return {
    /** The dossier's files in use (not removed), documents first, oldest first. */
    async active(dossierId: number): Promise<DossierFile[]> {
      const downloads = db('dossier_file_downloads as dl').where('dl.by', 'citizen').whereRaw('dl.dossier_file_id = f.id').count('*').as('downloads');
      const rows = (await db('dossier_files as f')
        .leftJoin('users as u', 'u.id', 'f.added_by')
        .where('f.dossier_id', dossierId)
        .whereNull('f.removed_at')
        .orderBy([{ column: 'f.purpose' }, { column: 'f.id' }])
        .select('f.*', 'u.full_name as added_by_name', downloads)) as Array<DossierFileRow & { added_by_name: string | null; downloads: number | string }>;
      return rows.map(fileOf);
    },

    async byId(id: number): Promise<DossierFile | undefined> {
      const r = await files().where({ id }).first();
      return r ? fileOf(r) : undefined;
    },

    /** The result in use, if any (the latest attached). */
    async currentResult(dossierId: number): Promise<DossierFile | undefined> {
      const r = await files().where({ dossier_id: dossierId, purpose: 'result' }).whereNull('removed_at').orderBy('id', 'desc').first();
      return r ? fileOf(r) : undefined;
    },

    /** Bytes the dossier's files in use take (its budget: DOSSIER_FILES_MAX_MB). */
    async usedBytes(dossierId: number): Promise<number> {
      const r = (await files().where({ dossier_id: dossierId }).whereNull('removed_at').sum({ n: 'size' }).first()) as { n: number | string | null } | undefined;
      return Number(r?.n ?? 0);
    },

    async insert(f: NewDossierFile): Promise<number> {
      const [row] = await files()
        .insert({
          dossier_id: f.dossierId,
          dossier_document_id: f.documentId,
          purpose: f.purpose,
          source: f.source,
          sha256: f.sha256,
          kind: f.kind,
          size: f.size,
          name: f.name,
          pdf_signed: f.pdfSigned,
          added_by: f.addedBy,
          added_at: f.addedAt,
        })
        .returning('id');
      return insertedId(row);
    },

    /** Marks files removed (kept as rows: who attached what stays known). */
    async markRemoved(ids: readonly number[], by: number, at: Date): Promise<void> {
      if (ids.length > 0) await files().whereIn('id', [...ids]).whereNull('removed_at').update({ removed_by: by, removed_at: at });
    },

    async recordDownload(fileId: number, by: 'citizen' | 'staff', userId: number | null, at: Date): Promise<void> {
      await db('dossier_file_downloads').insert({ dossier_file_id: fileId, by, user_id: userId, at });
    },

    /** The dossier's documents as received (id, position, name), for attaching a scan to one. */
    async documents(dossierId: number): Promise<Array<{ id: number; position: number; name: string }>> {
      return db('dossier_documents').where({ dossier_id: dossierId }).orderBy('position').select('id', 'position', 'name');
    },

    /** The dossier and its procedure's rules about results (by id, or by the citizen's token). */
    async resultDossier(key: { id: number } | { public_token: string }): Promise<ResultDossier | undefined> {
      const r = await oneDossier(db, key)
        .join('procedures as p', 'p.id', 'dossiers.procedure_id')
        .first<(Pick<DossierRow, 'id' | 'code' | 'status' | 'result_delivery'> & Pick<ProcedureRow, 'result_electronic' | 'result_at_counter' | 'fee_vnd'>) | undefined>(
          'dossiers.id',
          'dossiers.code',
          'dossiers.status',
          'dossiers.result_delivery',
          'p.result_electronic',
          'p.result_at_counter',
          'p.fee_vnd',
        );
      if (!r) return undefined;
      return {
        id: r.id,
        code: r.code,
        status: r.status,
        resultDelivery: r.result_delivery,
        resultElectronic: Boolean(r.result_electronic),
        resultAtCounter: Boolean(r.result_at_counter),
        feeVnd: r.fee_vnd === null ? null : Number(r.fee_vnd),
      };
    },

    /** Staff recorded the fees paid (a `fee_paid` event in the dossier's chain). */
    async feePaid(dossierId: number): Promise<boolean> {
      const r = await db('dossier_events').where({ dossier_id: dossierId, type: FEE_PAID_EVENT }).first('id');
      return r !== undefined;
    },
  };
}
