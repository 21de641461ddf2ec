import { Router, type Request, type Response } from 'express';
import { RESULT_DELIVERY } from '../../domain/status.js';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { str } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import type { Procedure } from '../catalogue/catalogue.types.js';
import { blankForm, EXTRA_DOC_POSITION, parseIntakeForm, parseIntakeKey, parsePickerQuery, parseProcedureCode, type FieldErrors, type FormValues } from './intake.schema.js';

const NOT_IN_CATALOGUE = 'Thủ tục này không có trong danh mục tiếp nhận của đơn vị bạn.';
/** A check page's key posted by a clerk other than the one it was made for (a shared screen, a copied form). */
const FOREIGN_KEY =
  'Phiên tiếp nhận này do cán bộ khác lập, nên hồ sơ chưa được tiếp nhận. Vui lòng kiểm tra lại thông tin và bấm “Tiếp tục” để tiếp nhận bằng tài khoản của bạn.';

export function intakeRoutes(svc: Services): Router {
  const router = Router();
  const intake = svc.intake;
  const clerkOnly = requireRole('clerk');

  async function loadProcedure(req: Request): Promise<Procedure> {
    const code = parseProcedureCode(req.params);
    const procedure = code ? await intake.procedure(req.staff!, code) : undefined;
    if (!procedure) throw notFound(NOT_IN_CATALOGUE);
    return procedure;
  }

  function renderForm(res: Response, procedure: Procedure, values: FormValues, errors: FieldErrors, status = 200) {
    res.status(status).render('intake/form', {
      title: `Tiếp nhận hồ sơ: ${procedure.name}`,
      procedure,
      values,
      errors,
      extraPosition: EXTRA_DOC_POSITION,
      deliveries: RESULT_DELIVERY,
    });
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

  router.get(paths.intake.form.pattern, clerkOnly, async (req, res) => {
    const procedure = await loadProcedure(req);
    renderForm(res, procedure, blankForm(procedure.documents), {});
  });

  router.post(paths.intake.check.pattern, clerkOnly, async (req, res) => {
    const procedure = await loadProcedure(req);
    const parsed = parseIntakeForm(req.body, procedure.documents);
    if (!parsed.ok) {
      renderForm(res, procedure, parsed.values, parsed.errors, 400);
      return;
    }
    res.render('intake/check', {
      title: 'Kiểm tra thông tin trước khi tiếp nhận',
      procedure,
      input: parsed.value,
      values: parsed.values,
      appointment: await intake.previewAppointment(procedure),
      intakeKey: intake.newIntakeKey(req.staff!),
    });
  });

  router.post(paths.intake.confirm.pattern, clerkOnly, async (req, res) => {
    const procedure = await loadProcedure(req);
    const parsed = parseIntakeForm(req.body, procedure.documents);
    if (str(req.body, 'action') === 'edit' || !parsed.ok) {
      renderForm(res, procedure, parsed.values, parsed.ok ? {} : parsed.errors, parsed.ok ? 200 : 400);
      return;
    }
    const result = await intake.receive(req.staff!, procedure.code, parsed.value, parseIntakeKey(req.body), req.ip ?? null);
    if (!result.ok) {
      if (result.reason === 'not_found') throw notFound(NOT_IN_CATALOGUE);
      renderForm(res, procedure, parsed.values, { form: FOREIGN_KEY }, 409);
      return;
    }
    res.redirect(303, paths.dossiers.confirmation(result.dossierId));
  });

  return router;
}
