/** The procedure catalogue pages and the CSV import (the admin-only guard is the admin router's). */
import express, { Router, type RequestHandler, type Response } from 'express';
import { PROCESSING_UNITS } from '../../../domain/deadline.js';
import type { Services } from '../../../services.js';
import { notFound } from '../../../web/errors.js';
import { refusalError, statusOf } from '../../../web/refusal.js';
import { parseId, str, type FieldErrors, type FormValues, type RawInput } from '../../../web/form.js';
import { paths } from '../../../web/paths.js';
import { noticeFor, withNotice } from '../common.js';
import { CLEAR_MARKER, ENGLISH_HEADER, IMPORT_COLUMNS, VIETNAMESE_HEADER } from './procedure-import.js';
import { PROCEDURE_NOT_FOUND as NOT_FOUND, type AdminProcedure } from './procedures.service.js';
import { STEP_UNITS, STEP_UNIT_LABELS } from '../../catalogue/process-steps.js';
import { BLANK_DOCUMENT_ROWS, BLANK_STEP_ROWS, PROCESSING_UNIT_LABELS, SUPPLEMENT_CLOCK_LABELS, parseImportForm, parseProcedure, parseProcedureFilter, stepRowCount } from './procedures.schema.js';

/** The largest import form accepted, URL-encoded (the import's own parser takes 2 MB). */
const IMPORT_MAX_ENCODED_BYTES = 2 * 1024 * 1024 - 4096;

/**
 * The larger body parser of the CSV import. app.ts mounts it on the import path after the
 * session is loaded: it reads up to 2 MB for a signed-in administrator only; anyone else
 * gets the shared 100 kB parser (and then the admin guard's refusal). body-parser marks
 * the body as read, so the shared parser skips a body this one took.
 */
export function procedureImportBodyParser(): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 20 });
  return (req, res, next) => {
    if (req.staff?.role !== 'admin') {
      next();
      return;
    }
    // Tells the import page (GET and POST) how much it may now take.
    res.locals.importMaxEncodedBytes = IMPORT_MAX_ENCODED_BYTES;
    parse(req, res, next);
  };
}

function procedureValues(p: AdminProcedure | null): FormValues {
  const docs = p?.documents ?? [];
  const values: FormValues = p
    ? {
        code: p.code,
        name: p.name,
        field: p.field,
        processing_unit: p.processingUnit,
        processing_amount: p.processingUnit === 'same_day' ? '' : String(p.processingAmount),
        processing_note: p.processingNote,
        fee_vnd: p.feeVnd === null ? '' : String(p.feeVnd),
        fee_note: p.feeNote,
        result: p.result,
        apology_extension_days: String(p.apologyExtensionDays),
        lead_agency_id: p.leadAgencyId === null ? '' : String(p.leadAgencyId),
        result_at_counter: p.resultAtCounter ? 'on' : '',
        supplement_clock: p.supplementClock,
        next_day_after_cutoff: p.nextDayAfterCutoff ? 'on' : '',
        active: p.active ? 'on' : '',
        agency_ids: p.agencyIds.join(','),
        portal_procedure_code: p.portalProcedureCode ?? '',
        portal_field_code: p.portalFieldCode ?? '',
        portal_field_name: p.portalFieldName ?? '',
        online_level: p.onlineLevel,
        by_post: p.byPost ? 'on' : '',
        in_person: p.inPerson ? 'on' : '',
        result_electronic: p.resultElectronic ? 'on' : '',
      }
    : { processing_unit: 'working_days', apology_extension_days: '5', supplement_clock: 'restart', active: 'on', agency_ids: '', online_level: 'none', by_post: 'on' };
  const steps = p?.steps ?? [];
  steps.forEach((st, i) => {
    values[`step_${i}_name`] = st.name;
    values[`step_${i}_agency_id`] = st.agencyId === null ? '' : String(st.agencyId);
    values[`step_${i}_amount`] = String(st.amount);
    values[`step_${i}_unit`] = st.unit;
  });
  for (let i = steps.length; i < steps.length + BLANK_STEP_ROWS; i++) values[`step_${i}_unit`] = 'working_days';
  values.step_count = String(steps.length + BLANK_STEP_ROWS);
  docs.forEach((d, i) => {
    values[`doc_${i}_name`] = d.name;
    values[`doc_${i}_originals`] = String(d.originals);
    values[`doc_${i}_certified`] = String(d.certifiedCopies);
    values[`doc_${i}_copies`] = String(d.copies);
    values[`doc_${i}_required`] = d.required ? 'on' : '';
  });
  for (let i = docs.length; i < docs.length + BLANK_DOCUMENT_ROWS; i++) values[`doc_${i}_required`] = 'on';
  values.doc_count = String(docs.length + BLANK_DOCUMENT_ROWS);
  return values;
}

/**
 * "Thêm dòng" (without JavaScript): the same form again, as typed, with more blank step
 * rows; nothing is saved. Null when the button was not the one pressed.
 */
function withMoreStepRows(body: RawInput, values: FormValues): FormValues | null {
  if (str(body, 'action') !== 'more_steps') return null;
  const rows = stepRowCount(body);
  const more: FormValues = { ...values, step_count: String(rows + BLANK_STEP_ROWS) };
  for (let i = rows; i < rows + BLANK_STEP_ROWS; i++) more[`step_${i}_unit`] = 'working_days';
  return more;
}

function idOf(raw: unknown): number {
  const id = parseId(raw);
  if (id === null) throw notFound(NOT_FOUND);
  return id;
}

export function adminProceduresRoutes(svc: Services): Router {
  const router = Router();
  const procedures = svc.admin.procedures;
  const agencies = svc.admin.agencies;

  router.get(paths.admin.procedures, async (req, res) => {
    const filter = parseProcedureFilter(req.query);
    const list = await procedures.list(filter);
    res.render('admin/procedures/list', { title: 'Danh mục thủ tục hành chính', ...list, filter, unitLabels: PROCESSING_UNIT_LABELS, notice: noticeFor(req.query.ok) });
  });

  async function renderProcedure(res: Response, procedureId: number | null, values: FormValues, errors: FieldErrors, notice: string | null, status = 200) {
    res.status(status).render('admin/procedures/form', {
      title: procedureId === null ? 'Thêm thủ tục' : `Sửa thủ tục ${values.code ?? ''}`,
      procedureId,
      action: procedureId === null ? paths.admin.newProcedure : paths.admin.procedure(procedureId),
      values,
      errors,
      agencies: await agencies.list(),
      units: PROCESSING_UNITS.map((u) => ({ value: u, label: PROCESSING_UNIT_LABELS[u] })),
      stepUnits: STEP_UNITS.map((u) => ({ value: u, label: STEP_UNIT_LABELS[u] })),
      supplementClocks: Object.entries(SUPPLEMENT_CLOCK_LABELS).map(([value, label]) => ({ value, label })),
      // Each version of the procedure (national imports, the form, the CSV import), newest first.
      versions: procedureId === null ? [] : await svc.catalogueImport.versionsOf(procedureId),
      notice,
    });
  }

  router.get(paths.admin.newProcedure, async (_req, res) => {
    await renderProcedure(res, null, procedureValues(null), {}, null);
  });

  router.post(paths.admin.newProcedure, async (req, res) => {
    const parsed = parseProcedure(req.body);
    const more = withMoreStepRows(req.body, parsed.values);
    if (more) return renderProcedure(res, null, more, {}, null);
    if (!parsed.ok) return renderProcedure(res, null, parsed.values, parsed.errors, null, 400);
    const result = await procedures.save(req.staff!, null, parsed.value);
    if (!result.ok && result.reason === 'not_found') throw refusalError(result);
    if (!result.ok) return renderProcedure(res, null, parsed.values, result.errors, null, statusOf(result));
    res.redirect(303, withNotice(paths.admin.procedure(result.value), 'tao-thu-tuc'));
  });

  // The import page comes before /:id so that "nhap-csv" is never taken for an id.
  function renderImport(res: Response, locals: Record<string, unknown>, status = 200) {
    res.status(status).render('admin/procedures/import', {
      title: 'Nhập danh mục thủ tục từ tệp CSV',
      columns: IMPORT_COLUMNS,
      englishHeader: ENGLISH_HEADER,
      vietnameseHeader: VIETNAMESE_HEADER,
      csv: '',
      problems: null,
      preview: null,
      done: null,
      confirmationNeeded: false,
      confirmationGiven: false,
      clearMarker: CLEAR_MARKER,
      maxEncodedBytes: typeof res.locals.importMaxEncodedBytes === 'number' ? res.locals.importMaxEncodedBytes : IMPORT_MAX_ENCODED_BYTES,
      ...locals,
    });
  }

  router.get(paths.admin.procedureImport, (_req, res) => {
    renderImport(res, {});
  });

  // Preview: the plan, nothing written (200). Import: written, then redirected to the import's
  // own page (a reload never imports twice), unless the plan deletes stored data the admin has
  // not confirmed on its preview: the plan again with the confirmation to give (422).
  router.post(paths.admin.procedureImport, async (req, res) => {
    const form = parseImportForm(req.body);
    if (!form.ok) return renderImport(res, { csv: form.csv, problems: form.problems }, 400);
    const { csv, commit, confirmation } = form;
    const result = await procedures.import(req.staff!, csv, { commit, confirmation });
    if (!result.ok && result.reason === 'invalid') return renderImport(res, { csv, problems: result.problems }, statusOf(result));
    if (!result.ok) return renderImport(res, { csv, preview: result.plan, confirmationNeeded: true, confirmationGiven: confirmation !== null }, statusOf(result));
    if (result.kind === 'done') return res.redirect(303, paths.admin.procedureImportDone(result.importId));
    renderImport(res, { csv, preview: result.plan, confirmationNeeded: false, confirmationGiven: confirmation !== null });
  });

  router.get(paths.admin.procedureImportDone.pattern, async (req, res) => {
    const id = parseId(req.params.id);
    const done = id === null ? undefined : await procedures.findImport(id);
    if (!done) throw notFound('Không tìm thấy lần nhập này.');
    renderImport(res, { done });
  });

  router.get(paths.admin.procedure.pattern, async (req, res) => {
    const procedure = await procedures.find(idOf(req.params.id));
    if (!procedure) throw notFound(NOT_FOUND);
    await renderProcedure(res, procedure.id, procedureValues(procedure), {}, noticeFor(req.query.ok));
  });

  router.post(paths.admin.procedure.pattern, async (req, res) => {
    const id = idOf(req.params.id);
    if (!(await procedures.find(id))) throw notFound(NOT_FOUND);
    const parsed = parseProcedure(req.body);
    const more = withMoreStepRows(req.body, parsed.values);
    if (more) return renderProcedure(res, id, more, {}, null);
    if (!parsed.ok) return renderProcedure(res, id, parsed.values, parsed.errors, null, 400);
    const result = await procedures.save(req.staff!, id, parsed.value);
    if (!result.ok && result.reason === 'not_found') throw refusalError(result);
    if (!result.ok) return renderProcedure(res, id, parsed.values, result.errors, null, statusOf(result));
    res.redirect(303, withNotice(paths.admin.procedure(id), 'luu-thu-tuc'));
  });

  return router;
}
