/**
 * The citizen's side of online pre-submission: the form (multipart, through the upload kit:
 * its first field is the CSRF token, the files stream into the store; refused, nothing is
 * kept), the tracking page and its files (the token is the key). Vietnamese and English.
 */
import { Router, type Request, type Response } from 'express';
import { RESULT_DELIVERY } from '../../domain/status.js';
import { isWellFormedToken } from '../../domain/public-token.js';
import type { Services } from '../../services.js';
import { parseId, str, type FieldErrors, type FormValues } from '../../web/form.js';
import { translatorOf } from '../../web/i18n/language.js';
import { paths } from '../../web/paths.js';
import { rateLimit } from '../../web/rate-limit.js';
import { sendStoredFile } from '../../web/send-file.js';
import { discardUpload, receiveUpload } from '../../web/upload.js';
import { parseProcedureCode } from '../intake/intake.schema.js';
import { CITIZEN_FIELDS, fileField, ONLINE_FORM_MESSAGES, paperField, parseCitizenForm } from './online.schema.js';
import { ONLINE_MESSAGES, type OnlineProcedure } from './online.service.js';

const tr = translatorOf;
const MB = 1024 * 1024;

/** Too many filings from one address in the window (the route's rate limit). */
export const ONLINE_RATE_LIMITED = 'Bạn đã gửi quá nhiều hồ sơ trong thời gian ngắn. Vui lòng thử lại sau ít phút.';

/** Pages of one registration (by its token) and its form: not indexed, not kept by shared caches. */
function privateHeaders(res: Response): void {
  res.set('X-Robots-Tag', 'noindex, nofollow');
  res.set('Cache-Control', 'private, no-cache');
}

export function onlinePublicRoutes(svc: Services): Router {
  const router = Router();
  const online = svc.online;
  const { maxFileBytes, maxDossierBytes } = svc.config.files;

  async function loadProcedure(req: Request): Promise<OnlineProcedure | undefined> {
    const code = parseProcedureCode(req.params);
    return code ? online.procedure(code) : undefined;
  }

  function notAllowed(res: Response): void {
    res.status(404).render('online/not-allowed', { title: tr(res).t('online.notAllowedTitle') });
  }

  async function renderForm(res: Response, p: OnlineProcedure, values: FormValues, errors: FieldErrors, status = 200): Promise<void> {
    const order = [...CITIZEN_FIELDS.filter((k) => k !== 'nonce'), ...p.documents.map((d) => fileField(d.position))];
    res.status(status).render('online/form', {
      title: tr(res).t('online.formTitle', { procedure: tr(res).lang === 'vi' ? p.name : (p.nameEn ?? p.code) }),
      noindex: true,
      p,
      values,
      errors,
      summaryOrder: order,
      deliveries: RESULT_DELIVERY,
      fileField,
      paperField,
      limits: { mb: Math.round(maxFileBytes / MB), total: Math.round(maxDossierBytes / MB) },
    });
  }

  const limitFiling = rateLimit({ limiter: svc.rateLimiter, name: 'online', limit: svc.config.lookup.rateLimit * 3, windowMs: svc.config.lookup.rateLimitWindowMs, message: ONLINE_RATE_LIMITED });

  router.get(paths.online.form.pattern, async (req, res) => {
    privateHeaders(res);
    const p = await loadProcedure(req);
    if (!p) return notAllowed(res);
    const values: FormValues = { result_delivery: 'counter', nonce: await online.newNonce(req.visitorId!) };
    if (p.agencies.length === 1) values.co_quan = String(p.agencies[0]!.id);
    await renderForm(res, p, values, {});
  });

  router.post(paths.online.form.pattern, limitFiling, async (req, res) => {
    privateHeaders(res);
    const p = await loadProcedure(req);
    if (!p) {
      req.resume();
      return notAllowed(res);
    }
    const visitor = req.visitorId!;
    const up = await receiveUpload(req, svc.files, { maxFiles: p.documents.length, maxTotalBytes: maxDossierBytes });
    const values = (fields: Record<string, string | string[]>): FormValues => {
      const v: FormValues = {};
      for (const k of CITIZEN_FIELDS) v[k] = str(fields, k);
      for (const d of p.documents) v[paperField(d.position)] = str(fields, paperField(d.position)) ? 'on' : '';
      return v;
    };
    /** The form again: its nonce kept while it is this visitor's and unused, else a fresh one. */
    const again = async (v: FormValues, errors: FieldErrors, status: number) => {
      const check = await online.checkNonce(visitor, v.nonce ?? '');
      const keep = check.ok && !check.expired && !(await online.tokenByNonce(check.id));
      await renderForm(res, p, { ...v, nonce: keep ? v.nonce! : await online.newNonce(visitor) }, errors, status);
    };
    if (!up.ok) {
      const field = up.field && p.documents.some((d) => fileField(d.position) === up.field) ? up.field : 'form';
      return again(values(up.fields), { [field]: up.message, ...(field === 'form' ? {} : { form: ONLINE_FORM_MESSAGES.fileAgain }) }, 400);
    }
    const nonce = await online.checkNonce(visitor, str(up.fields, 'nonce'));
    if (nonce.ok) {
      // The same form sent again (a double tap, a reload): the registration it filed, nothing more.
      const earlier = await online.tokenByNonce(nonce.id);
      if (earlier) {
        res.redirect(303, paths.online.track(earlier));
        return;
      }
    }
    if (!nonce.ok || nonce.expired) {
      await discardUpload(svc.files, up.files);
      return again(values(up.fields), { form: ONLINE_MESSAGES.formForeign }, 400);
    }
    const form = parseCitizenForm(up.fields, up.files, p.documents, { full: p.onlineLevel === 'full', agencyIds: p.agencies.map((a) => a.id) });
    if (!form.ok) {
      await discardUpload(svc.files, up.files);
      const errors = up.files.length > 0 ? { ...form.errors, form: ONLINE_FORM_MESSAGES.fileAgain } : form.errors;
      return again({ ...values(up.fields), ...form.values }, errors, 400);
    }
    const filed = await online.submitWeb(p, form.value, nonce.id);
    res.redirect(303, paths.online.track(filed.token));
  });

  router.get(paths.online.track.pattern, async (req, res) => {
    privateHeaders(res);
    const token = str(req.params, 'token');
    const r = isWellFormedToken(token) ? await online.byToken(token) : undefined;
    if (!r) {
      res.status(404).render('online/not-found', { title: tr(res).t('online.notFoundTitle'), noindex: true });
      return;
    }
    res.render('online/track', { title: tr(res).t('online.trackTitle', { code: r.code }), noindex: true, r, qr: await online.qrOf(r.publicToken), trackUrl: online.trackUrl(r.publicToken) });
  });

  router.get(paths.online.trackFile.pattern, async (req, res) => {
    privateHeaders(res);
    const token = str(req.params, 'token');
    const id = parseId(req.params.id);
    const doc = isWellFormedToken(token) && id !== null ? await online.documentOfToken(token, id) : undefined;
    if (!doc?.sha256 || !doc.kind) {
      res.status(404).render('online/not-found', { title: tr(res).t('online.notFoundTitle'), noindex: true });
      return;
    }
    await sendStoredFile(res, svc.files, { sha256: doc.sha256, kind: doc.kind, name: doc.fileName ?? doc.name });
  });

  return router;
}
