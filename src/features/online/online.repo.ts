/**
 * The SQL of online pre-submissions (migrations/20261210010000_online_presubmissions.ts): the
 * registrations, their documents, the counter's queue of one agency, the sweep's selections,
 * and the files a received registration hands to its dossier (dossier_files).
 */
import type { Knex } from 'knex';
import { insertedId, toDate, toDateOrNull } from '../../db/knex.js';
import type { FileKind } from '../../domain/file-kind.js';
import type { PresubmissionSource, PresubmissionStatus } from '../../domain/presubmission.js';
import { oneDossier } from '../../platform/record/scope.repo.js';

export interface PresubmissionRow {
  id: number;
  code: string;
  publicToken: string;
  source: PresubmissionSource;
  portalCode: string | null;
  procedureId: number;
  procedureCode: string;
  procedureName: string;
  procedureNameEn: string | null;
  agencyId: number;
  agencyName: string;
  agencyAddress: string;
  onlineLevel: 'partial' | 'full';
  applicantName: string;
  applicantPhone: string | null;
  applicantEmail: string | null;
  inputJson: string;
  status: PresubmissionStatus;
  submittedAt: Date;
  expiresAt: Date;
  supplementRequest: string | null;
  supplementRequestedAt: Date | null;
  dossierId: number | null;
  dossierCode: string | null;
  dossierToken: string | null;
  decidedAt: Date | null;
  refusalReason: string | null;
}

export interface PresubmissionDocument {
  id: number;
  position: number;
  name: string;
  paper: boolean;
  sha256: string | null;
  kind: FileKind | null;
  size: number | null;
  fileName: string | null;
  checkedAt: Date | null;
}

export interface NewPresubmission {
  code: string;
  public_token: string;
  source: PresubmissionSource;
  form_nonce: string | null;
  portal_code: string | null;
  api_key_id: number | null;
  procedure_id: number;
  agency_id: number;
  online_level: 'partial' | 'full';
  applicant_name: string;
  applicant_phone: string | null;
  applicant_email: string | null;
  input_json: string;
  submitted_at: Date;
  expires_at: Date;
}

export interface NewPresubmissionDocument {
  position: number;
  name: string;
  paper: boolean;
  sha256: string | null;
  kind: FileKind | null;
  size: number | null;
  file_name: string | null;
}

/** The queue's line: what the clerk needs to pick one. */
export interface QueueLine {
  id: number;
  code: string;
  applicantName: string;
  procedureCode: string;
  procedureName: string;
  onlineLevel: 'partial' | 'full';
  source: PresubmissionSource;
  submittedAt: Date;
  expiresAt: Date;
  files: number;
  paper: number;
}

type Raw = Record<string, unknown>;

const COLUMNS = [
  'ps.*',
  'p.code as procedure_code',
  'p.name as procedure_name',
  'p.name_en as procedure_name_en',
  'a.name as agency_name',
  'a.address as agency_address',
];

function rowOf(r: Raw): PresubmissionRow {
  return {
    id: Number(r.id),
    code: String(r.code),
    publicToken: String(r.public_token),
    source: r.source as PresubmissionSource,
    portalCode: (r.portal_code as string | null) ?? null,
    procedureId: Number(r.procedure_id),
    procedureCode: String(r.procedure_code),
    procedureName: String(r.procedure_name),
    procedureNameEn: (r.procedure_name_en as string | null) ?? null,
    agencyId: Number(r.agency_id),
    agencyName: String(r.agency_name),
    agencyAddress: String(r.agency_address ?? ''),
    onlineLevel: r.online_level === 'full' ? 'full' : 'partial',
    applicantName: String(r.applicant_name),
    applicantPhone: (r.applicant_phone as string | null) ?? null,
    applicantEmail: (r.applicant_email as string | null) ?? null,
    inputJson: String(r.input_json),
    status: r.status as PresubmissionStatus,
    submittedAt: toDate(r.submitted_at),
    expiresAt: toDate(r.expires_at),
    supplementRequest: (r.supplement_request as string | null) ?? null,
    supplementRequestedAt: toDateOrNull(r.supplement_requested_at),
    dossierId: r.dossier_id === null || r.dossier_id === undefined ? null : Number(r.dossier_id),
    dossierCode: (r.dossier_code as string | null) ?? null,
    dossierToken: (r.dossier_token as string | null) ?? null,
    decidedAt: toDateOrNull(r.decided_at),
    refusalReason: (r.refusal_reason as string | null) ?? null,
  };
}

function documentOf(r: Raw): PresubmissionDocument {
  return {
    id: Number(r.id),
    position: Number(r.position),
    name: String(r.name),
    paper: Boolean(r.paper),
    sha256: (r.sha256 as string | null) ?? null,
    kind: (r.kind as FileKind | null) ?? null,
    size: r.size === null || r.size === undefined ? null : Number(r.size),
    fileName: (r.file_name as string | null) ?? null,
    checkedAt: toDateOrNull(r.checked_at),
  };
}

export function onlineRepo(db: Knex) {
  const base = (q: Knex = db) => q('presubmissions as ps').join('procedures as p', 'p.id', 'ps.procedure_id').join('agencies as a', 'a.id', 'ps.agency_id');

  /** The row with its dossier's code and token once received (the registration's own dossier: its token holder, or its agency's clerk, may know them). */
  async function withDossier(r: Raw | undefined): Promise<PresubmissionRow | undefined> {
    if (!r) return undefined;
    const d = r.dossier_id === null || r.dossier_id === undefined ? undefined : await oneDossier(db, { id: Number(r.dossier_id) }).first('code', 'public_token');
    return rowOf({ ...r, dossier_code: d?.code ?? null, dossier_token: d?.public_token ?? null });
  }

  return {
    transaction: <T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> => db.transaction(work),

    /** An active procedure by code with its online level and checklist, and the active agencies receiving it. */
    async procedureByCode(code: string) {
      const p = await db('procedures').where({ code, active: true }).first('id', 'code', 'name', 'name_en', 'online_level', 'field');
      if (!p) return undefined;
      const agencies = await db('agency_procedures as ap')
        .join('agencies as a', 'a.id', 'ap.agency_id')
        .where({ 'ap.procedure_id': p.id, 'a.active': true })
        .orderBy('a.name')
        .select('a.id', 'a.name', 'a.address');
      return {
        id: Number(p.id),
        code: String(p.code),
        name: String(p.name),
        nameEn: (p.name_en as string | null) ?? null,
        onlineLevel: String(p.online_level ?? 'none'),
        agencies: agencies.map((a) => ({ id: Number(a.id), name: String(a.name), address: String(a.address ?? '') })),
      };
    },

    agencyIdByEid: async (eid: string): Promise<number | undefined> => {
      const r = await db('agencies').where({ eid, active: true }).first('id');
      return r ? Number(r.id) : undefined;
    },

    async insert(trx: Knex.Transaction, row: NewPresubmission, documents: NewPresubmissionDocument[]): Promise<number> {
      const id = insertedId((await trx('presubmissions').insert(row).returning('id'))[0]);
      if (documents.length > 0) await trx('presubmission_documents').insert(documents.map((d) => ({ ...d, presubmission_id: id })));
      return id;
    },

    tokenByNonce: async (nonce: string): Promise<string | undefined> => (await db('presubmissions').where({ form_nonce: nonce }).first('public_token'))?.public_token,

    byPortalCode: async (portalCode: string): Promise<{ id: number; code: string; token: string; status: string; apiKeyId: number | null } | undefined> => {
      const r = await db('presubmissions').where({ portal_code: portalCode }).first('id', 'code', 'public_token', 'status', 'api_key_id');
      return r ? { id: Number(r.id), code: r.code, token: r.public_token, status: r.status, apiKeyId: r.api_key_id === null ? null : Number(r.api_key_id) } : undefined;
    },

    async byToken(token: string): Promise<PresubmissionRow | undefined> {
      return withDossier(await base().where('ps.public_token', token).first(COLUMNS));
    },

    /** One registration of the agency (another agency's is not found). */
    async ofAgency(agencyId: number, id: number): Promise<PresubmissionRow | undefined> {
      return withDossier(await base().where({ 'ps.id': id, 'ps.agency_id': agencyId }).first(COLUMNS));
    },

    async idOfAgency(agencyId: number, by: { code: string } | { token: string }): Promise<number | undefined> {
      const q = db('presubmissions').where({ agency_id: agencyId });
      const r = await ('code' in by ? q.where({ code: by.code }) : q.where({ public_token: by.token })).first('id');
      return r ? Number(r.id) : undefined;
    },

    async documents(presubmissionId: number): Promise<PresubmissionDocument[]> {
      return (await db('presubmission_documents').where({ presubmission_id: presubmissionId }).orderBy('position')).map(documentOf);
    },

    /** One document of the agency's registrations (a file the clerk opens). */
    async documentOfAgency(agencyId: number, documentId: number): Promise<PresubmissionDocument | undefined> {
      const r = await db('presubmission_documents as pd')
        .join('presubmissions as ps', 'ps.id', 'pd.presubmission_id')
        .where({ 'pd.id': documentId, 'ps.agency_id': agencyId })
        .first('pd.*');
      return r ? documentOf(r) : undefined;
    },

    async documentOfToken(token: string, documentId: number): Promise<PresubmissionDocument | undefined> {
      const r = await db('presubmission_documents as pd')
        .join('presubmissions as ps', 'ps.id', 'pd.presubmission_id')
        .where({ 'pd.id': documentId, 'ps.public_token': token })
        .first('pd.*');
      return r ? documentOf(r) : undefined;
    },

    /** The agency's registrations waiting for the counter, oldest first. */
    async waiting(agencyId: number): Promise<QueueLine[]> {
      const rows = await db('presubmissions as ps')
        .join('procedures as p', 'p.id', 'ps.procedure_id')
        .where({ 'ps.agency_id': agencyId, 'ps.status': 'waiting' })
        .orderBy('ps.submitted_at')
        .limit(500)
        .select(
          'ps.id',
          'ps.code',
          'ps.applicant_name',
          'ps.online_level',
          'ps.source',
          'ps.submitted_at',
          'ps.expires_at',
          'p.code as procedure_code',
          'p.name as procedure_name',
          db.raw('(select count(*) from presubmission_documents x where x.presubmission_id = ps.id and x.sha256 is not null) as files'),
          db.raw('(select count(*) from presubmission_documents x where x.presubmission_id = ps.id and x.paper = ?) as paper', [true]),
        );
      return rows.map((r) => ({
        id: Number(r.id),
        code: r.code,
        applicantName: r.applicant_name,
        procedureCode: r.procedure_code,
        procedureName: r.procedure_name,
        onlineLevel: r.online_level === 'full' ? 'full' : 'partial',
        source: r.source,
        submittedAt: toDate(r.submitted_at),
        expiresAt: toDate(r.expires_at),
        files: Number(r.files),
        paper: Number(r.paper),
      }));
    },

    countWaiting: async (agencyId: number): Promise<number> => Number((await db('presubmissions').where({ agency_id: agencyId, status: 'waiting' }).count({ n: '*' }).first())?.n ?? 0),

    /** Waiting → received (its dossier), in the receipt's transaction; false when it was no longer waiting. */
    async markReceived(trx: Knex.Transaction, id: number, dossierId: number, staffId: number, at: Date): Promise<boolean> {
      const n = await trx('presubmissions').where({ id, status: 'waiting' }).update({ status: 'received', dossier_id: dossierId, decided_by: staffId, decided_at: at });
      if (n === 0) return false;
      await trx('presubmission_documents').where({ presubmission_id: id }).update({ checked_by: staffId, checked_at: at });
      return true;
    },

    /** Waiting → refused or expired; its file references dropped (the files job sweeps what nothing else holds). */
    async close(trx: Knex.Transaction, id: number, status: 'refused' | 'expired', o: { staffId: number | null; at: Date; reason: string | null }): Promise<boolean> {
      const n = await trx('presubmissions').where({ id, status: 'waiting' }).update({ status, decided_by: o.staffId, decided_at: o.at, refusal_reason: o.reason });
      if (n === 0) return false;
      await trx('presubmission_documents').where({ presubmission_id: id }).update({ sha256: null });
      return true;
    },

    async setSupplement(id: number, text: string, at: Date): Promise<boolean> {
      return (await db('presubmissions').where({ id, status: 'waiting' }).update({ supplement_request: text, supplement_requested_at: at })) > 0;
    },

    /** The received dossier's documents (by checklist position) and the rows its files become. */
    async attachFiles(trx: Knex.Transaction, dossierId: number, files: ReadonlyArray<{ position: number; sha256: string; kind: string; size: number; name: string }>, source: 'online' | 'api', staffId: number, at: Date): Promise<void> {
      if (files.length === 0) return;
      const docs = await trx('dossier_documents').where({ dossier_id: dossierId }).select('id', 'position');
      const byPosition = new Map(docs.map((d) => [Number(d.position), Number(d.id)]));
      await trx('dossier_files').insert(
        files.map((f) => ({
          dossier_id: dossierId,
          dossier_document_id: byPosition.get(f.position) ?? null,
          purpose: 'document',
          source,
          sha256: f.sha256,
          kind: f.kind,
          size: f.size,
          name: f.name.slice(0, 200),
          pdf_signed: null,
          added_by: staffId,
          added_at: at,
        })),
      );
    },

    /** Waiting registrations past their expiry (a batch). */
    async dueToExpire(now: Date, limit: number) {
      return db('presubmissions').where('status', 'waiting').where('expires_at', '<=', now).orderBy('id').limit(limit).select('id', 'code', 'public_token', 'applicant_phone', 'applicant_email');
    },

    /** Waiting registrations whose "expires soon" notice is due and not yet claimed. */
    async dueForNotice(before: Date, limit: number) {
      const rows = await db('presubmissions').where('status', 'waiting').whereNull('expiry_notice_at').where('expires_at', '<=', before).orderBy('id').limit(limit).select('id', 'code', 'public_token', 'applicant_phone', 'applicant_email', 'expires_at');
      return rows.map((r) => ({ ...r, expires_at: toDate(r.expires_at) }));
    },

    /** Claims the notice of one registration (one instance, once). */
    claimNotice: async (trx: Knex.Transaction, id: number, at: Date): Promise<boolean> => (await trx('presubmissions').where({ id, status: 'waiting' }).whereNull('expiry_notice_at').update({ expiry_notice_at: at })) > 0,
  };
}

export type OnlineRepo = ReturnType<typeof onlineRepo>;
