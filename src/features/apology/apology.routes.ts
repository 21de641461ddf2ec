import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { localDateOf, localMsOfDay, vnInstant } from '../../domain/time.js';
import { parseId, type FieldErrors, type FormValues } from '../../web/form.js';
import { notFound } from '../../web/errors.js';
import { refusalError, statusOf } from '../../web/refusal.js';
import { REFUSAL_MESSAGES } from '../../platform/refusal/refusal.js';
import { dossierId, renderDossierPage } from '../dossiers/page/page.http.js';
import { APOLOGY_DONE } from '../dossiers/event-labels.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { APOLOGY_PANEL } from './apology.panel.js';
import { parseApologyForm, parseDraftIntent } from './apology.schema.js';
import type { ApologyRefusal } from './apology.service.js';

function sendPdf(res: Response, code: string, pdf: Buffer, cache: string): void {
  res.type('application/pdf').set('Content-Disposition', `inline; filename="phieu-xin-loi-${code}.pdf"`).set('Cache-Control', cache).send(pdf);
}

/** The element id of each field on the draft page (the error summary links to it). */
const DRAFT_FIELD_IDS: Record<string, string> = { reason: 'draft-reason', new_date: 'draft-date', new_time: 'draft-time' };

/** "YYYY-MM-DD" and "HH:mm" of an instant in Vietnam, for the date and time inputs. */
function inputValues(at: Date): { new_date: string; new_time: string } {
  const minutes = Math.floor(localMsOfDay(at) / 60_000);
  return { new_date: localDateOf(at), new_time: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}` };
}

async function renderDraft(svc: Services, req: Request, res: Response, id: number, opts: { errors?: FieldErrors; values?: FormValues; status?: number } = {}): Promise<void> {
  const r = await svc.apology.draftPage(req.staff!, id);
  if (!r.ok) {
    if (r.reason === 'conflict') {
      await renderDossierPage(svc, req, res, id, { failure: { reason: r.reason, refusal: r } });
      return;
    }
    throw refusalError(r, 'Không mở được dự thảo phiếu xin lỗi');
  }
  const p = r.page;
  const errors = opts.errors ?? {};
  // The stored draft (or the proposal) in the inputs, unless what the user typed is shown again.
  const values = opts.values ?? { reason: p.reason, ...inputValues(p.proposedDueAt) };
  res.status(opts.status ?? 200).render('apology/draft', {
    title: `Dự thảo phiếu xin lỗi — hồ sơ ${p.dossier.code}`,
    page: p,
    deadline: vnInstant(p.deadline, '12:00'),
    errors,
    // The summary's links point at the fields' element ids, in the form's order.
    summaryOrder: Object.keys(DRAFT_FIELD_IDS),
    summaryIds: Object.fromEntries(Object.keys(errors).map((k) => [k, DRAFT_FIELD_IDS[k] ?? 'draft-reason'])),
    values,
  });
}

export function apologyRoutes(svc: Services): Router {
  const router = Router();

  /** A refusal from the dossier page's form or the draft page: the right page again, with the message. */
  async function refused(req: Request, res: Response, id: number, result: ApologyRefusal, values: FormValues, page: 'dossier' | 'draft', formErrors: FieldErrors | null) {
    if (result.reason === 'not_found' || result.reason === 'forbidden') throw refusalError(result, 'Không phát hành được phiếu xin lỗi');
    if (result.reason === 'conflict') {
      // No form to show again (finished, or already apologised): the message, and the reason typed so it is not lost.
      await renderDossierPage(svc, req, res, id, { failure: { reason: result.reason, refusal: result, typed: [values.reason ?? ''] } });
      return;
    }
    // A form error: the page again, every message next to its field and what was typed.
    const errors = formErrors ?? { [result.field]: result.message };
    if (page === 'draft') await renderDraft(svc, req, res, id, { errors, values, status: statusOf(result) });
    else await renderDossierPage(svc, req, res, id, { failure: { form: APOLOGY_PANEL, reason: result.reason, errors, values } });
  }

  // The dossier page's form: the head issues; an officer's goes to the head as the draft.
  router.post(paths.dossiers.apology.pattern, requireRole('officer', 'supervisor'), async (req, res) => {
    const id = dossierId(req);
    const form = parseApologyForm(req.body as Record<string, unknown>);
    if (req.staff!.role === 'officer') {
      const saved = await svc.apology.saveDraft(req.staff!, id, form);
      if (saved.ok) res.redirect(303, paths.apologies.draftSaved(id));
      else await refused(req, res, id, saved, form.values, 'dossier', form.ok ? null : form.errors);
      return;
    }
    const result = await svc.apology.issue(req.staff!, id, form, req.ip ?? null);
    if (result.ok) res.redirect(303, paths.dossiers.done(id, APOLOGY_DONE));
    else await refused(req, res, id, result, form.values, 'dossier', form.ok ? null : form.errors);
  });

  // "Phiếu xin lỗi chờ ký": the drafts of the viewer's agency, the most urgent first.
  router.get(paths.apologies.drafts, requireRole('officer', 'supervisor'), async (req, res) => {
    const r = await svc.apology.drafts(req.staff!);
    if (!r.ok) throw refusalError(r);
    const savedId = parseId(typeof req.query.da_luu === 'string' ? req.query.da_luu : '');
    const saved = savedId === null ? null : (r.rows.find((x) => x.dossierId === savedId) ?? null);
    res.render('apology/drafts', {
      title: 'Phiếu xin lỗi chờ ký',
      rows: r.rows,
      isHead: req.staff!.role === 'supervisor',
      reminderDays: svc.config.apology.reminderWorkingDays,
      savedMessage: saved ? `Đã lưu dự thảo phiếu xin lỗi của hồ sơ ${saved.code}${req.staff!.role === 'supervisor' ? '.' : ', chờ lãnh đạo ký phát hành.'}` : null,
    });
  });

  router.get(paths.apologies.draft.pattern, requireRole('officer', 'supervisor'), async (req, res) => {
    await renderDraft(svc, req, res, dossierId(req));
  });

  router.post(paths.apologies.draft.pattern, requireRole('officer', 'supervisor'), async (req, res) => {
    const id = dossierId(req);
    const form = parseApologyForm(req.body as Record<string, unknown>);
    if (parseDraftIntent(req.body as Record<string, unknown>) === 'issue') {
      const result = await svc.apology.issue(req.staff!, id, form, req.ip ?? null);
      if (result.ok) res.redirect(303, paths.dossiers.done(id, APOLOGY_DONE));
      else await refused(req, res, id, result, form.values, 'draft', form.ok ? null : form.errors);
      return;
    }
    const saved = await svc.apology.saveDraft(req.staff!, id, form);
    if (saved.ok) res.redirect(303, paths.apologies.draftSaved(id));
    else await refused(req, res, id, saved, form.values, 'draft', form.ok ? null : form.errors);
  });

  // The full copy (name and ID number) for staff who may see the dossier.
  router.get(paths.dossiers.apologyForm.pattern, requireRole('clerk', 'officer', 'supervisor', 'admin'), async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound(REFUSAL_MESSAGES.dossierNotFound);
    const r = await svc.apology.pdfForStaff(req.staff!, id);
    if (!r.ok) throw refusalError(r);
    sendPdf(res, r.code, r.pdf, 'no-store');
  });

  // The citizen downloads the apology from the status page (the QR token is the key):
  // the public copy, with the masked name only.
  router.get(paths.publicStatus.apologyForm.pattern, async (req, res) => {
    const r = await svc.apology.pdfForToken(String(req.params.token));
    res.set('X-Robots-Tag', 'noindex, nofollow');
    if (!r.ok) throw refusalError(r);
    sendPdf(res, r.code, r.pdf, 'private, no-cache');
  });

  return router;
}
