/**
 * The counter's side of online pre-submission (clerks; their agency's registrations only):
 * the queue "Hồ sơ nộp trực tuyến chờ đối chiếu" with the lookup (a code typed or the QR
 * scanned), one registration as the intake form already filled with each document to check
 * against its original, and receive / refuse / (toàn trình) ask for a supplement.
 */
import { Router, type Request, type Response } from 'express';
import { PRESUBMISSION_STATUS_LABELS } from '../../domain/presubmission.js';
import { RESULT_DELIVERY, RESULT_DELIVERY_LABELS } from '../../domain/status.js';
import type { Services } from '../../services.js';
import type { ApiEndpoint } from '../api/api.http.js';
import { notFound } from '../../web/errors.js';
import { parseId, str, type FieldErrors, type FormValues } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { refusalError, statusOf } from '../../web/refusal.js';
import { requireRole } from '../../web/session.js';
import { sendStoredFile } from '../../web/send-file.js';
import type { Procedure } from '../catalogue/catalogue.types.js';
import type { IntakeInput } from '../intake/intake.schema.js';
import { checkedField, parseCounterForm, parseLookup, parseRefusal, parseSupplement } from './online.schema.js';
import { ONLINE_MESSAGES, type Registration } from './online.service.js';
import { formatLocalDateVn } from '../../domain/time.js';

/** The intake form's values of a registration's input (what the citizen typed, as the clerk's form shows it); a field missing from it is empty. */
export function formValuesOf(input: Partial<IntakeInput>): FormValues {
  const rep = input.representative;
  const values: FormValues = {
    applicant_kind: input.applicantKind ?? 'person',
    applicant_name: input.applicantName ?? '',
    applicant_id_number: input.applicantKind === 'organisation' ? '' : (input.idNumber ?? ''),
    organisation_code: input.organisationCode ?? '',
    applicant_birth_date: input.birthDate ? formatLocalDateVn(input.birthDate) : '',
    applicant_sex: input.sex ?? '',
    applicant_phone: input.phone ?? '',
    applicant_email: input.email ?? '',
    applicant_address: input.address ?? '',
    representative_name: rep?.name ?? input.representativeName ?? '',
    representative_id_number: rep?.idNumber ?? '',
    representative_address: rep?.address ?? '',
    representative_phone: rep?.phone ?? '',
    representative_email: rep?.email ?? '',
    authorisation_paper: rep?.authorisationPaper ?? '',
    result_delivery: input.resultDelivery ?? 'counter',
    sets_count: String(input.setsCount ?? 1),
    note: input.note ?? '',
  };
  for (const d of input.documents ?? []) {
    values[`doc_${d.position}_received`] = 'on';
    values[`doc_${d.position}_originals`] = String(d.originals);
    values[`doc_${d.position}_certified`] = String(d.certifiedCopies);
    values[`doc_${d.position}_copies`] = String(d.copies);
  }
  return values;
}

/** POST /api/v1/ho-so-truc-tuyen, added to the integration API by the composition root. */
export function onlineSubmitEndpoint(svc: Services): ApiEndpoint {
  // The JSON body: the documents inline in base64 at most, plus the rest (bounded).
  const bodyLimit = Math.ceil((svc.config.files.maxDossierBytes * 4) / 3) + 1024 * 1024;
  return {
    method: 'post',
    path: paths.api.onlineSubmit,
    bodyLimit,
    handle: async (client, body) => {
      const out = await svc.onlineApi.submit(client, body);
      return 'ok' in out ? out : { status: out.created ? 201 : 200, body: out.body };
    },
  };
}

const DONE: Record<string, string> = {
  tu_choi: 'Đã từ chối tiếp nhận. Người nộp đã được thông báo lý do.',
  bo_sung: 'Đã gửi yêu cầu bổ sung. Người nộp xem nội dung trên trang theo dõi hồ sơ đăng ký.',
};

export function onlineRoutes(svc: Services): Router {
  const router = Router();
  const online = svc.online;
  const clerkOnly = requireRole('clerk');

  async function load(req: Request): Promise<{ registration: Registration; procedure: Procedure | null }> {
    const id = parseId(req.params.id);
    const found = id === null ? null : await online.view(req.staff!, id);
    if (!found?.ok) throw notFound(ONLINE_MESSAGES.notFound);
    return found.value;
  }

  async function render(res: Response, v: { registration: Registration; procedure: Procedure | null }, o: { values?: FormValues; errors?: FieldErrors; status?: number; banner?: string | null } = {}) {
    const r = v.registration;
    const values = o.values ?? formValuesOf(r.input);
    res.status(o.status ?? 200).render('online/show', {
      title: `Hồ sơ nộp trực tuyến ${r.code}`,
      r,
      procedure: v.procedure,
      values,
      errors: o.errors ?? {},
      banner: o.banner ?? null,
      checkedField,
      statusLabels: PRESUBMISSION_STATUS_LABELS,
      deliveries: RESULT_DELIVERY.map((k) => ({ value: k, label: RESULT_DELIVERY_LABELS[k] })),
    });
  }

  router.get(paths.online.queue, clerkOnly, async (req, res) => {
    const lookup = parseLookup(req.query);
    if (lookup.ok && lookup.value) {
      const found = await online.find(req.staff!, lookup.value);
      if (found.ok) {
        res.redirect(303, paths.online.show(found.value));
        return;
      }
    }
    const error = !lookup.ok ? lookup.message : lookup.value ? ONLINE_MESSAGES.lookupNotFound : null;
    res.status(error ? (lookup.ok ? 404 : 400) : 200).render('online/queue', {
      title: 'Hồ sơ nộp trực tuyến chờ đối chiếu',
      lines: await online.queue(req.staff!),
      ma: lookup.ok ? str(req.query, 'ma').slice(0, 300) : lookup.raw,
      errors: error ? { ma: error } : {},
    });
  });

  router.get(paths.online.show.pattern, clerkOnly, async (req, res) => {
    const v = await load(req);
    const done = str(req.query, 'xong');
    await render(res, v, { banner: DONE[done] ?? null });
  });

  router.post(paths.online.receive.pattern, clerkOnly, async (req, res) => {
    const v = await load(req);
    const r = v.registration;
    if (r.status === 'received' && r.dossierId !== null) {
      res.redirect(303, paths.dossiers.confirmationAgain(r.dossierId));
      return;
    }
    if (r.status !== 'waiting' || !v.procedure) return render(res, v, { errors: { form: r.status !== 'waiting' ? ONLINE_MESSAGES.notWaiting : ONLINE_MESSAGES.notInCatalogue }, status: 409 });
    const form = parseCounterForm(req.body, v.procedure.documents, r.documents, r.onlineLevel === 'full');
    if (!form.ok) return render(res, v, { values: form.values, errors: form.errors, status: 400 });
    const done = await online.receive(req.staff!, r.id, form.value, req.ip ?? null);
    if (!done.ok) {
      if (done.reason === 'not_found') throw refusalError(done);
      return render(res, v, { values: form.values, errors: { form: done.message }, status: statusOf(done) });
    }
    res.redirect(303, done.value.created ? paths.dossiers.confirmation(done.value.dossierId) : paths.dossiers.confirmationAgain(done.value.dossierId));
  });

  router.post(paths.online.refuse.pattern, clerkOnly, async (req, res) => {
    const v = await load(req);
    const form = parseRefusal(req.body);
    if (!form.ok) return render(res, v, { errors: form.errors, status: 400 });
    const done = await online.refuse(req.staff!, v.registration.id, form.value.reason);
    if (!done.ok) return render(res, v, { errors: { form: done.message }, status: statusOf(done) });
    res.redirect(303, paths.online.done(v.registration.id, 'tu_choi'));
  });

  router.post(paths.online.supplement.pattern, clerkOnly, async (req, res) => {
    const v = await load(req);
    const form = parseSupplement(req.body);
    if (!form.ok) return render(res, v, { errors: form.errors, status: 400 });
    const done = await online.requestSupplement(req.staff!, v.registration.id, form.value.noi_dung);
    if (!done.ok) return render(res, v, { errors: { form: done.message }, status: statusOf(done) });
    res.redirect(303, paths.online.done(v.registration.id, 'bo_sung'));
  });

  router.get(paths.online.file.pattern, clerkOnly, async (req, res) => {
    const id = parseId(req.params.id);
    const doc = id === null ? undefined : await online.documentOfAgency(req.staff!, id);
    if (!doc?.sha256 || !doc.kind) throw notFound(ONLINE_MESSAGES.fileMissing);
    // Shown in the browser beside the original (a photo or a PDF), never run: nosniff and the stored kind's type.
    await sendStoredFile(res, svc.files, { sha256: doc.sha256, kind: doc.kind, name: doc.fileName ?? doc.name }, { inline: true });
  });

  return router;
}
