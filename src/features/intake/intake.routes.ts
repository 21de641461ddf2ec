import { Router, type Request, type Response } from 'express';
import { SEX_LABELS } from '../../domain/cccd.js';
import { RESULT_DELIVERY } from '../../domain/status.js';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { refusalError, statusOf } from '../../web/refusal.js';
import { REFUSAL_MESSAGES } from '../../platform/refusal/refusal.js';
import { INTAKE_MESSAGES } from './intake.service.js';
import { checkbox, parseId, str } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import type { Procedure } from '../catalogue/catalogue.types.js';
import { parsePostChoice } from './channel.schema.js';
import { DOCUMENTS_CHECKED, editTargetId, editTargets, parseConfirmCheck, parseEditField } from './intake-check.schema.js';
import { formatLocalDateVn } from '../../domain/time.js';
import {
  blankForm,
  EXTRA_DOC_POSITION,
  parseIntakeForm,
  parseIntakeKey,
  parsePickerQuery,
  parseProcedureCode,
  type FieldErrors,
  type FormValues,
  type IntakeInput,
} from './intake.schema.js';


/** `?lai=1`: the form was sent again after its dossier was received. */
function parseConfirmationQuery(query: unknown): { again: boolean } {
  return { again: checkbox(query as Record<string, unknown>, 'lai') };
}


export function intakeRoutes(svc: Services): Router {
  const router = Router();
  const intake = svc.intake;
  const clerkOnly = requireRole('clerk');

  async function loadProcedure(req: Request): Promise<Procedure> {
    const code = parseProcedureCode(req.params);
    const procedure = code ? await intake.procedure(req.staff!, code) : undefined;
    if (!procedure) throw notFound(INTAKE_MESSAGES.notInCatalogue);
    return procedure;
  }

  /** The form; `focus`: the element id a "Thay đổi" row of the check page sent the clerk back to. */
  async function renderForm(res: Response, procedure: Procedure, values: FormValues, errors: FieldErrors, intakeKey: string, status = 200, focus: string | null = null) {
    // The channel choice (Decision 45/2016): the agency's open inbound hand-over records.
    const postBatches = await svc.post.openInbound(res.locals.staff);
    res.status(status).render('intake/form', {
      postBatches,
      title: `Tiếp nhận hồ sơ: ${procedure.name}`,
      procedure,
      values,
      errors,
      intakeKey,
      focus,
      extraPosition: EXTRA_DOC_POSITION,
      deliveries: RESULT_DELIVERY,
    });
  }

  /** The check page: what will be recorded, a "Thay đổi" per row, the one "Đã kiểm tra đủ" box and the confirmation. */
  async function renderCheck(req: Request, res: Response, procedure: Procedure, input: IntakeInput, values: FormValues, intakeKey: string, errors: FieldErrors = {}, status = 200) {
    const [appointment, duplicates] = await Promise.all([intake.previewAppointment(procedure), intake.possibleDuplicates(req.staff!, procedure, input.idNumber)]);
    res.status(status).render('intake/check', {
      title: 'Kiểm tra thông tin trước khi tiếp nhận',
      procedure,
      input,
      values,
      appointment,
      duplicates,
      intakeKey,
      errors,
      // Shown as the clerk typed them or the CCCD scan filled them.
      birthDate: input.birthDate ? formatLocalDateVn(input.birthDate) : null,
      sex: input.sex ? SEX_LABELS[input.sex] : null,
      changeTargets: editTargets(procedure.documents, values),
      checkedField: DOCUMENTS_CHECKED,
      extraPosition: EXTRA_DOC_POSITION,
      byPost: values.kenh === 'post',
    });
  }

  /** The form's channel choice, merged into its values; its errors (a procedure not available by post is refused here). */
  async function postChoiceOf(req: Request, procedure: Procedure, values: FormValues) {
    const c = parsePostChoice(req.body);
    Object.assign(values, c.values);
    const errors: FieldErrors = { ...c.errors, ...(c.choice ? ((await svc.post.checkChoice(req.staff!, procedure, c.choice)) ?? {}) : {}) };
    return { choice: Object.keys(errors).length === 0 ? c.choice : null, errors };
  }

  /** A form already confirmed (Back, then sent again): its dossier, never a second one. */
  function toExisting(res: Response, dossierId: number) {
    res.redirect(303, paths.dossiers.confirmationAgain(dossierId));
  }

  router.get(paths.intake.start, clerkOnly, async (req, res) => {
    const query = parsePickerQuery(req.query);
    const q = query.ok ? query.value : '';
    const pick = await intake.pickProcedures(req.staff!, q);
    // A clerk who typed an exact code goes straight to the form.
    if (pick.exact) {
      res.redirect(paths.intake.form(pick.exact.code));
      return;
    }
    res.status(query.ok ? 200 : 400).render('intake/choose', {
      title: 'Tiếp nhận hồ sơ mới',
      q: query.ok ? q : query.values.q,
      error: query.ok ? null : query.errors.q,
      procedures: pick.procedures,
      total: pick.total,
    });
  });

  // The intake key is made here, once per filled-in form, and carried through the check page.
  router.get(paths.intake.form.pattern, clerkOnly, async (req, res) => {
    const procedure = await loadProcedure(req);
    const values = blankForm(procedure.documents);
    // From a postal hand-over record's page: channel "Qua bưu chính" into that record, the result back by post.
    const batchId = parseId(str(req.query, 'bien_ban'));
    if (batchId !== null) Object.assign(values, { kenh: 'post', bien_ban: String(batchId), result_delivery: 'post' });
    await renderForm(res, procedure, values, {}, intake.newIntakeKey(req.staff!));
  });

  router.post(paths.intake.check.pattern, clerkOnly, async (req, res) => {
    const procedure = await loadProcedure(req);
    const key = await intake.carryIntakeKey(req.staff!, parseIntakeKey(req.body));
    if (key.usedBy !== null) return toExisting(res, key.usedBy);
    const parsed = parseIntakeForm(req.body, procedure.documents);
    const post = await postChoiceOf(req, procedure, parsed.values);
    if (!parsed.ok || !post.choice) {
      await renderForm(res, procedure, parsed.values, { ...(parsed.ok ? {} : parsed.errors), ...post.errors }, key.key, 400);
      return;
    }
    await renderCheck(req, res, procedure, parsed.value, parsed.values, key.key);
  });

  router.post(paths.intake.confirm.pattern, clerkOnly, async (req, res) => {
    const procedure = await loadProcedure(req);
    const posted = parseIntakeKey(req.body);
    const key = await intake.carryIntakeKey(req.staff!, posted);
    if (key.usedBy !== null) return toExisting(res, key.usedBy);
    const parsed = parseIntakeForm(req.body, procedure.documents);
    const post = await postChoiceOf(req, procedure, parsed.values);
    if (str(req.body, 'action') === 'edit' || !parsed.ok || !post.choice) {
      const field = parsed.ok && post.choice ? parseEditField(req.body, procedure.documents) : null;
      const errors = { ...(parsed.ok ? {} : parsed.errors), ...post.errors };
      await renderForm(res, procedure, parsed.values, errors, key.key, Object.keys(errors).length > 0 ? 400 : 200, field && editTargetId(field, parsed.values));
      return;
    }
    // The documents are ticked by default on the form: the clerk says here, once, that they were checked.
    const checked = parseConfirmCheck(req.body);
    if (!checked.ok) {
      await renderCheck(req, res, procedure, parsed.value, parsed.values, key.key, checked.errors, 400);
      return;
    }
    if (post.choice.channel === 'post') {
      // Brought by the postal worker: a draft entry of the hand-over record, received when the record is signed.
      const added = await svc.post.addInbound(req.staff!, procedure, parsed.value, post.choice, posted?.staffId === req.staff!.id ? posted.key : null);
      if (!added.ok) {
        if (added.reason === 'not_found') throw refusalError(added);
        await renderForm(res, procedure, parsed.values, 'errors' in added && added.errors ? added.errors : { bien_ban: added.message }, key.key, statusOf(added));
        return;
      }
      res.redirect(303, paths.post.done(added.value.batchId, 'them'));
      return;
    }
    const result = await intake.receive(req.staff!, procedure.code, parsed.value, posted, req.ip ?? null);
    if (!result.ok) {
      if (result.reason === 'not_found') throw refusalError(result);
      // The intake key is another clerk's: the form again, with the message above it.
      await renderForm(res, procedure, parsed.values, { form: result.message }, key.key, statusOf(result));
      return;
    }
    if (!result.created) return toExisting(res, result.dossierId);
    res.redirect(303, paths.dossiers.confirmation(result.dossierId));
  });

  // The confirmation page belongs to the intake: it says where the dossier went. Mounted
  // before the dossier routes, for any member of staff who may see the dossier.
  router.get(paths.dossiers.confirmation.pattern, requireRole('clerk', 'officer', 'supervisor', 'admin'), async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound(REFUSAL_MESSAGES.dossierNotFound);
    const access = await svc.dossiers.forStaff(req.staff!, id);
    if (!access.ok) throw refusalError(access);
    const q = parseConfirmationQuery(req.query);
    res.render('dossiers/confirmation', {
      title: 'Đã tiếp nhận hồ sơ',
      dossier: access.value,
      routing: await intake.routing(id),
      again: q.again,
    });
  });

  return router;
}
