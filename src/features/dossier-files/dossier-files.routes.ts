import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { parseId } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { refusalError } from '../../web/refusal.js';
import { sendStoredFile } from '../../web/send-file.js';
import { requireRole } from '../../web/session.js';
import { discardUpload, receiveUpload, type UploadedFile } from '../../web/upload.js';
import { dossierId, renderDossierPage } from '../dossiers/page/page.http.js';
import { FILES_PANEL } from './dossier-files.panel.js';
import { DOSSIER_FILE_MESSAGES, type DossierFilesRefusal } from './dossier-files.service.js';

const MB = 1024 * 1024;
const MAX_SCANS = 10;

export const FULL_MESSAGE = (mb: number) => `Hồ sơ đã dùng hết dung lượng tệp đính kèm (${mb} MB): gỡ bớt tệp không cần trước khi đính kèm thêm.`;

/** The staff side of a dossier's files: attach the result or scans, record the fees paid, take a file off, download one. */
export function dossierFilesRoutes(svc: Services): Router {
  const router = Router();
  const staff = requireRole('clerk', 'officer', 'supervisor');
  const maxDossierBytes = svc.config.files.maxDossierBytes;

  /** The page again with this form's message (a refused upload, a refused action). */
  async function refused(req: Request, res: Response, id: number, form: 'result' | 'scans' | 'fee' | null, r: Pick<DossierFilesRefusal, 'reason' | 'message' | 'field'>): Promise<void> {
    if (r.reason === 'not_found' || r.reason === 'forbidden') throw refusalError(r as DossierFilesRefusal);
    if (form === null) {
      await renderDossierPage(svc, req, res, id, { failure: { reason: r.reason, refusal: { reason: r.reason, message: r.message } } });
      return;
    }
    const field = r.field ?? (form === 'fee' ? 'fee' : 'tep');
    await renderDossierPage(svc, req, res, id, { failure: { form: `${FILES_PANEL}:${form}`, reason: r.reason, errors: { [field]: r.message }, refusal: { reason: r.reason, message: r.message, field } } });
  }

  /** The upload of one of the panel's forms, after the access check (a refused request reads and stores nothing). */
  async function upload(req: Request, maxFiles: number, id: number): Promise<{ ok: true; files: UploadedFile[]; fields: Record<string, string | string[]> } | { ok: false; reason: 'invalid' | 'conflict'; message: string; field?: string }> {
    const remaining = await svc.dossierFiles.remainingBytes(id, maxDossierBytes);
    if (remaining < 1) return { ok: false, reason: 'conflict', message: FULL_MESSAGE(Math.round(maxDossierBytes / MB)) };
    const up = await receiveUpload(req, svc.files, { maxFiles, maxTotalBytes: remaining });
    if (!up.ok) return { ok: false, reason: 'invalid', message: up.message, field: up.field ?? undefined };
    return up;
  }

  router.post(paths.dossierFiles.result.pattern, staff, async (req, res) => {
    const id = dossierId(req);
    const allowed = await svc.dossierFiles.mayAttachResult(req.staff!, id);
    if (!allowed.ok) return refused(req, res, id, 'result', allowed);
    const up = await upload(req, 1, id);
    if (!up.ok) return refused(req, res, id, 'result', { ...up, field: 'tep' });
    const r = await svc.dossierFiles.attachResult(req.staff!, id, up.files.find((f) => f.field === 'tep'), req.ip ?? null);
    if (!r.ok) {
      await discardUpload(svc.files, up.files);
      return refused(req, res, id, 'result', r);
    }
    res.redirect(303, `${paths.dossiers.done(id, 'ket_qua_dien_tu')}#tep-ho-so`);
  });

  router.post(paths.dossierFiles.scans.pattern, staff, async (req, res) => {
    const id = dossierId(req);
    const allowed = await svc.dossierFiles.mayScan(req.staff!, id);
    if (!allowed.ok) return refused(req, res, id, 'scans', allowed);
    const up = await upload(req, MAX_SCANS, id);
    if (!up.ok) return refused(req, res, id, 'scans', { ...up, field: 'tep' });
    const rawDoc = typeof up.fields.giay_to === 'string' ? up.fields.giay_to : '';
    const documentId = rawDoc === '' || rawDoc === 'khac' ? null : parseId(rawDoc);
    if (rawDoc !== '' && rawDoc !== 'khac' && documentId === null) {
      await discardUpload(svc.files, up.files);
      return refused(req, res, id, 'scans', { reason: 'invalid', message: DOSSIER_FILE_MESSAGES.noDocument, field: 'giay_to' });
    }
    const r = await svc.dossierFiles.attachScans(req.staff!, id, documentId, up.files.filter((f) => f.field === 'tep'), req.ip ?? null);
    if (!r.ok) {
      await discardUpload(svc.files, up.files);
      return refused(req, res, id, 'scans', r);
    }
    res.redirect(303, `${paths.dossiers.done(id, 'ban_chup')}#tep-ho-so`);
  });

  router.post(paths.dossierFiles.feePaid.pattern, staff, async (req, res) => {
    const id = dossierId(req);
    const r = await svc.dossierFiles.recordFeePaid(req.staff!, id, req.ip ?? null);
    if (!r.ok) return refused(req, res, id, 'fee', r);
    res.redirect(303, `${paths.dossiers.done(id, 'da_nop_phi')}#tep-ho-so`);
  });

  router.post(paths.dossierFiles.remove.pattern, staff, async (req, res) => {
    const id = dossierId(req);
    const fileId = parseId(req.params.fileId);
    if (fileId === null) throw notFound(DOSSIER_FILE_MESSAGES.fileNotFound);
    const r = await svc.dossierFiles.remove(req.staff!, id, fileId, req.ip ?? null);
    if (!r.ok) return refused(req, res, id, null, r);
    res.redirect(303, `${paths.dossiers.done(id, 'go_tep')}#tep-ho-so`);
  });

  router.get(paths.dossierFiles.file.pattern, requireRole('clerk', 'officer', 'supervisor', 'admin'), async (req, res) => {
    const id = dossierId(req);
    const fileId = parseId(req.params.fileId);
    if (fileId === null) throw notFound(DOSSIER_FILE_MESSAGES.fileNotFound);
    const r = await svc.dossierFiles.forStaff(req.staff!, id, fileId);
    if (!r.ok) throw refusalError(r);
    // Photos open in the browser for checking; a PDF is downloaded (never run in our origin's viewer).
    await sendStoredFile(res, svc.files, r.value, { inline: r.value.kind !== 'pdf' });
  });

  return router;
}
