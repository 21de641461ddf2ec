/**
 * A dossier's files: the scans of its documents the clerk attaches (purpose document, source
 * counter) and its electronic result the officer attaches (purpose result, source officer),
 * the fees recorded paid, and the result's download by the citizen through their token once
 * the hand-back rules are met (src/domain/result-file.ts). Every download of a result is
 * recorded (dossier_file_downloads); the token never is.
 *
 * Who: staff who may see the dossier (the record core's rule). Scans: clerks, officers,
 * supervisors. The result: officers and supervisors (and the clerk where the counter itself
 * produces the result, as the workflow's "Đã có kết quả"). Fees: any of them. Administrators
 * see and download, they do not attach.
 */
import fs from 'node:fs';
import type { Deps } from '../../deps.js';
import { pdfSignatureScanner, type PdfSignatureScan } from '../../domain/pdf-signature.js';
import { procedureHasFee, resultCanBeElectronic, resultDownload, resultFileAttachable, FEE_PAID_EVENT, RESULT_WAIT_MESSAGES, type ResultDownload } from '../../domain/result-file.js';
import { isWellFormedToken } from '../../domain/public-token.js';
import type { StaffUser } from '../../domain/roles.js';
import type { DossierStatus, ResultDelivery } from '../../domain/status.js';
import type { FileStore } from '../../platform/files/file-store.js';
import { refuse, REFUSAL_MESSAGES, type Outcome, type Refusal } from '../../platform/refusal/refusal.js';
import type { DossiersService } from '../dossiers/dossiers.service.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { dossierFilesRepo, type DossierFile, type ResultDossier } from './dossier-files.repo.js';

export const DOSSIER_FILE_EVENTS = {
  resultAttached: 'result_file_attached',
  resultRemoved: 'result_file_removed',
  scanned: 'documents_scanned',
  scanRemoved: 'document_scan_removed',
  feePaid: FEE_PAID_EVENT,
} as const;

export const DOSSIER_FILE_MESSAGES = {
  resultNotPdf: 'Kết quả điện tử phải là tệp PDF (bản đã ký số); tệp này là ảnh chụp.',
  resultNotElectronic: 'Thủ tục này không trả kết quả điện tử và công dân không đăng ký nhận kết quả trực tuyến.',
  resultClosed: 'Hồ sơ đã kết thúc (đã trả kết quả, từ chối, rút hoặc hủy): không đính kèm kết quả được nữa.',
  resultRole: 'Chỉ chuyên viên, lãnh đạo (hoặc Bộ phận Một cửa với thủ tục trả kết quả tại quầy) được đính kèm kết quả.',
  scanRole: 'Quản trị viên không đính kèm giấy tờ vào hồ sơ.',
  scanClosed: 'Hồ sơ đã bị hủy tiếp nhận: không đính kèm giấy tờ được.',
  noFile: 'Chọn tệp cần đính kèm.',
  noDocument: 'Giấy tờ đã chọn không thuộc hồ sơ này.',
  feeNone: 'Thủ tục này không thu phí, lệ phí.',
  feeAlready: 'Đã ghi nhận công dân nộp phí, lệ phí.',
  feeClosed: 'Hồ sơ đã kết thúc: không ghi nhận nộp phí, lệ phí được nữa.',
  fileNotFound: 'Không tìm thấy tệp của hồ sơ này.',
} as const;

type Access = Outcome<ResultDossier, 'not_found' | 'forbidden'>;
type Attached = { file: DossierFile };

/** An uploaded file as the upload kit hands it over (src/web/upload.ts UploadedFile). */
export interface IncomingFile {
  name: string;
  sha256: string;
  size: number;
  kind: DossierFile['kind'];
}

/** What the dossier page has already read that the files panel needs (src/features/dossiers). */
export interface FilesPanelSource {
  dossier: {
    id: number;
    status: DossierStatus;
    resultDelivery: ResultDelivery;
    procedure: { resultElectronic: boolean; resultAtCounter: boolean; feeVnd: number | null };
    documents: ReadonlyArray<{ id: number; position: number; name: string }>;
  };
  /** The dossier's history (any order). */
  events: ReadonlyArray<{ type: string }>;
}

export function dossierFilesService(deps: Pick<Deps, 'db' | 'clock'>, wiring: { files: FileStore; dossiers: Pick<DossiersService, 'forStaff'> }) {
  const { files, dossiers } = wiring;
  const repo = dossierFilesRepo(deps.db);

  async function access(staff: StaffUser, dossierId: number): Promise<Access> {
    const seen = await dossiers.forStaff(staff, dossierId);
    if (!seen.ok) return seen;
    const d = await repo.resultDossier({ id: dossierId });
    return d ? { ok: true, value: d } : refuse('not_found', REFUSAL_MESSAGES.dossierNotFound);
  }

  const mayAttachResult = (staff: StaffUser, d: Pick<ResultDossier, 'resultAtCounter'>) => staff.role === 'officer' || staff.role === 'supervisor' || (staff.role === 'clerk' && d.resultAtCounter);
  const mayScan = (staff: StaffUser) => staff.role !== 'admin';

  /** The stored PDF read as a stream through the signature scanner (constant memory). */
  async function scanSignature(sha256: string): Promise<PdfSignatureScan> {
    const scanner = pdfSignatureScanner();
    for await (const chunk of fs.createReadStream(files.path(sha256), { highWaterMark: 64 * 1024 })) scanner.push(chunk as Buffer);
    return scanner.finish();
  }

  async function downloadState(d: ResultDossier): Promise<{ file: DossierFile | undefined; state: ResultDownload }> {
    const file = await repo.currentResult(d.id);
    const hasFee = procedureHasFee(d.feeVnd);
    const state = resultDownload({ status: d.status, hasFile: file !== undefined, hasFee, feePaid: hasFee && (await repo.feePaid(d.id)) });
    return { file, state };
  }

  return {
    /** May this member of staff attach the result (checked before the upload is read: a refused request stores nothing). */
    async mayAttachResult(staff: StaffUser, dossierId: number): Promise<Outcome<ResultDossier, 'not_found' | 'forbidden' | 'conflict'>> {
      const a = await access(staff, dossierId);
      if (!a.ok) return a;
      if (!mayAttachResult(staff, a.value)) return refuse('forbidden', DOSSIER_FILE_MESSAGES.resultRole);
      if (!resultCanBeElectronic(a.value, a.value)) return refuse('conflict', DOSSIER_FILE_MESSAGES.resultNotElectronic);
      if (!resultFileAttachable(a.value.status)) return refuse('conflict', DOSSIER_FILE_MESSAGES.resultClosed);
      return a;
    },

    /** May this member of staff attach scans of documents (checked before the upload is read). */
    async mayScan(staff: StaffUser, dossierId: number): Promise<Outcome<ResultDossier, 'not_found' | 'forbidden' | 'conflict'>> {
      const a = await access(staff, dossierId);
      if (!a.ok) return a;
      if (!mayScan(staff)) return refuse('forbidden', DOSSIER_FILE_MESSAGES.scanRole);
      if (a.value.status === 'voided') return refuse('conflict', DOSSIER_FILE_MESSAGES.scanClosed);
      return a;
    },

    /**
     * The signed result file: kept byte for byte, its signature dictionary looked for, the
     * previous result (if any) marked removed, an audit event. A photo is refused: a result
     * is a PDF.
     */
    async attachResult(staff: StaffUser, dossierId: number, file: IncomingFile | undefined, ip: string | null): Promise<Outcome<Attached, 'not_found' | 'forbidden' | 'conflict' | 'invalid'>> {
      const allowed = await this.mayAttachResult(staff, dossierId);
      if (!allowed.ok) return allowed;
      if (!file) return refuse('invalid', DOSSIER_FILE_MESSAGES.noFile, { field: 'tep' });
      if (file.kind !== 'pdf') return refuse('invalid', DOSSIER_FILE_MESSAGES.resultNotPdf, { field: 'tep' });
      const scan = await scanSignature(file.sha256);
      const now = deps.clock.now();
      const id = await deps.db.transaction(async (trx) => {
        const r = dossierFilesRepo(trx);
        const previous = await r.currentResult(dossierId);
        if (previous) await r.markRemoved([previous.id], staff.id, now);
        const fileId = await r.insert({ dossierId, documentId: null, purpose: 'result', source: 'officer', sha256: file.sha256, kind: 'pdf', size: file.size, name: file.name, pdfSigned: scan.signed, addedBy: staff.id, addedAt: now });
        const note = `${file.name} (${scan.signed ? 'có chữ ký số' : 'không thấy chữ ký số'})${previous ? `, thay tệp ${previous.name}` : ''}`;
        await appendEvent(trx, dossierId, { type: DOSSIER_FILE_EVENTS.resultAttached, fromStatus: null, toStatus: null, actorId: staff.id, note, public: false, ip, createdAt: now });
        return fileId;
      });
      return { ok: true, value: { file: (await repo.byId(id))! } };
    },

    /** Scans of the dossier's documents (one document, or none: an extra page), at intake or later. */
    async attachScans(staff: StaffUser, dossierId: number, documentId: number | null, incoming: readonly IncomingFile[], ip: string | null): Promise<Outcome<{ count: number }, 'not_found' | 'forbidden' | 'conflict' | 'invalid'>> {
      const allowed = await this.mayScan(staff, dossierId);
      if (!allowed.ok) return allowed;
      if (incoming.length === 0) return refuse('invalid', DOSSIER_FILE_MESSAGES.noFile, { field: 'tep' });
      const docs = await repo.documents(dossierId);
      const doc = documentId === null ? null : docs.find((x) => x.id === documentId);
      if (documentId !== null && !doc) return refuse('invalid', DOSSIER_FILE_MESSAGES.noDocument, { field: 'giay_to' });
      const now = deps.clock.now();
      await deps.db.transaction(async (trx) => {
        const r = dossierFilesRepo(trx);
        for (const f of incoming) {
          await r.insert({ dossierId, documentId, purpose: 'document', source: 'counter', sha256: f.sha256, kind: f.kind, size: f.size, name: f.name, pdfSigned: null, addedBy: staff.id, addedAt: now });
        }
        const note = `${doc ? doc.name : 'Giấy tờ khác'}: ${incoming.map((f) => f.name).join(', ')}`;
        await appendEvent(trx, dossierId, { type: DOSSIER_FILE_EVENTS.scanned, fromStatus: null, toStatus: null, actorId: staff.id, note, public: false, ip, createdAt: now });
      });
      return { ok: true, value: { count: incoming.length } };
    },

    /** What one more upload to the dossier may add: the dossier's budget less what its files in use take (never above one file's limit times the files). */
    async remainingBytes(dossierId: number, maxDossierBytes: number): Promise<number> {
      return Math.max(0, maxDossierBytes - (await repo.usedBytes(dossierId)));
    },

    /** Staff record that the citizen paid the fees (the hand-back rule for downloading the result). */
    async recordFeePaid(staff: StaffUser, dossierId: number, ip: string | null): Promise<Outcome<null, 'not_found' | 'forbidden' | 'conflict'>> {
      const a = await access(staff, dossierId);
      if (!a.ok) return a;
      if (staff.role === 'admin') return refuse('forbidden', DOSSIER_FILE_MESSAGES.scanRole);
      if (!procedureHasFee(a.value.feeVnd)) return refuse('conflict', DOSSIER_FILE_MESSAGES.feeNone);
      if (!resultFileAttachable(a.value.status)) return refuse('conflict', DOSSIER_FILE_MESSAGES.feeClosed);
      const now = deps.clock.now();
      const done = await deps.db.transaction(async (trx) => {
        if (await dossierFilesRepo(trx).feePaid(dossierId)) return false;
        await appendEvent(trx, dossierId, { type: DOSSIER_FILE_EVENTS.feePaid, fromStatus: null, toStatus: null, actorId: staff.id, note: null, public: true, ip, createdAt: now });
        return true;
      });
      return done ? { ok: true, value: null } : refuse('conflict', DOSSIER_FILE_MESSAGES.feeAlready);
    },

    /** A file taken off the dossier (kept as a row, and in the store while any row holds it). */
    async remove(staff: StaffUser, dossierId: number, fileId: number, ip: string | null): Promise<Outcome<DossierFile, 'not_found' | 'forbidden' | 'conflict'>> {
      const a = await access(staff, dossierId);
      if (!a.ok) return a;
      const f = await repo.byId(fileId);
      const current = f && f.dossierId === dossierId ? (await repo.active(dossierId)).find((x) => x.id === fileId) : undefined;
      if (!current) return refuse('not_found', DOSSIER_FILE_MESSAGES.fileNotFound);
      if (current.purpose === 'result' ? !mayAttachResult(staff, a.value) : !mayScan(staff)) return refuse('forbidden', current.purpose === 'result' ? DOSSIER_FILE_MESSAGES.resultRole : DOSSIER_FILE_MESSAGES.scanRole);
      if (current.purpose === 'result' && !resultFileAttachable(a.value.status)) return refuse('conflict', DOSSIER_FILE_MESSAGES.resultClosed);
      const now = deps.clock.now();
      await deps.db.transaction(async (trx) => {
        await dossierFilesRepo(trx).markRemoved([fileId], staff.id, now);
        const type = current.purpose === 'result' ? DOSSIER_FILE_EVENTS.resultRemoved : DOSSIER_FILE_EVENTS.scanRemoved;
        await appendEvent(trx, dossierId, { type, fromStatus: null, toStatus: null, actorId: staff.id, note: current.name, public: false, ip, createdAt: now });
      });
      return { ok: true, value: current };
    },

    /**
     * The dossier page's panel: the files, the documents to attach a scan to, what this member
     * of staff may do. The dossier, its documents and its history come from the page's own
     * reads (the fee paid is an event of the history); only the files are read here.
     */
    async panel(staff: StaffUser, page: FilesPanelSource) {
      const { dossier } = page;
      const d = { status: dossier.status, resultDelivery: dossier.resultDelivery, ...dossier.procedure };
      const hasFee = procedureHasFee(d.feeVnd);
      const feePaid = hasFee && page.events.some((e) => e.type === FEE_PAID_EVENT);
      const list = await repo.active(dossier.id);
      // As downloadState decides it, from the files just read (the active result, if any).
      const state = resultDownload({ status: d.status, hasFile: list.some((f) => f.purpose === 'result'), hasFee, feePaid });
      const electronic = resultCanBeElectronic(d, d);
      return {
        documents: dossier.documents.map(({ id, position, name }) => ({ id, position, name })),
        scans: list.filter((f) => f.purpose === 'document'),
        result: list.find((f) => f.purpose === 'result') ?? null,
        electronic,
        hasFee,
        feeVnd: d.feeVnd,
        feePaid,
        download: state,
        downloadMessage: state.available ? null : RESULT_WAIT_MESSAGES[state.reason],
        canAttachResult: electronic && mayAttachResult(staff, d) && resultFileAttachable(d.status),
        canScan: mayScan(staff) && d.status !== 'voided',
        canRecordFee: staff.role !== 'admin' && hasFee && resultFileAttachable(d.status),
      };
    },

    /** A file of the dossier for staff who may see it; a result's download is recorded. */
    async forStaff(staff: StaffUser, dossierId: number, fileId: number): Promise<Outcome<DossierFile, 'not_found' | 'forbidden'>> {
      const a = await access(staff, dossierId);
      if (!a.ok) return a;
      const f = await repo.byId(fileId);
      if (!f || f.dossierId !== dossierId) return refuse('not_found', DOSSIER_FILE_MESSAGES.fileNotFound);
      if (f.purpose === 'result') await repo.recordDownload(f.id, 'staff', staff.id, deps.clock.now());
      return { ok: true, value: f };
    },

    /** The citizen's download by their token, once the hand-back rules are met; recorded. */
    async forCitizen(token: string): Promise<Outcome<DossierFile, 'not_found'>> {
      const none = refuse('not_found', RESULT_WAIT_MESSAGES.no_file);
      if (!isWellFormedToken(token)) return none;
      const d = await repo.resultDossier({ public_token: token });
      if (!d) return none;
      const { file, state } = await downloadState(d);
      if (!file) return none;
      if (!state.available) return refuse('not_found', RESULT_WAIT_MESSAGES[state.reason]);
      await repo.recordDownload(file.id, 'citizen', null, deps.clock.now());
      return { ok: true, value: file };
    },
  };
}

export type DossierFilesService = ReturnType<typeof dossierFilesService>;
export type DossierFilesRefusal = Refusal<'not_found' | 'forbidden' | 'conflict' | 'invalid'>;
