import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { foldForSearch } from '../../domain/text.js';
import { RESULT_DELIVERY } from '../../domain/status.js';
import { notFound } from '../../web/errors.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import type { Procedure } from '../catalogue/catalogue.repo.js';
import { blankForm, EXTRA_DOC_POSITION, parseIntakeForm, type FieldErrors, type FormValues } from './intake.schema.js';
import { intakeService } from './intake.service.js';

export function intakeRoutes(deps: Deps): Router {
  const router = Router();
  const intake = intakeService(deps);
  const clerkOnly = requireRole('clerk');

  async function loadProcedure(req: Request): Promise<Procedure> {
    const procedure = await intake.procedure(req.staff!, String(req.params.code));
    if (!procedure) throw notFound('Thủ tục này không có trong danh mục tiếp nhận của đơn vị bạn.');
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
    const q = typeof req.query.q === 'string' ? req.query.q.normalize('NFC').trim() : '';
    const all = await intake.procedures(req.staff!);
    const needle = foldForSearch(q);
    const procedures = needle
      ? all.filter((p) => foldForSearch(`${p.code} ${p.name} ${p.field}`).includes(needle))
      : all;
    // A clerk who typed an exact code goes straight to the form.
    const exact = all.find((p) => p.code === q);
    if (exact) {
      res.redirect(paths.intake.form(exact.code));
      return;
    }
    res.render('intake/choose', {
      title: 'Tiếp nhận hồ sơ mới',
      q,
      procedures: procedures.map((p) => ({ ...p, search: foldForSearch(`${p.code} ${p.name} ${p.field}`) })),
      total: all.length,
    });
  });

  router.get('/tiep-nhan/:code', clerkOnly, async (req, res) => {
    const procedure = await loadProcedure(req);
    renderForm(res, procedure, blankForm(procedure.documents), {});
  });

  router.post('/tiep-nhan/:code/kiem-tra', clerkOnly, async (req, res) => {
    const procedure = await loadProcedure(req);
    const parsed = parseIntakeForm(req.body, procedure.documents);
    if (!parsed.ok) {
      renderForm(res, procedure, parsed.values, parsed.errors, 400);
      return;
    }
    const appointment = await intake.previewAppointment(req.staff!, procedure.code);
    res.render('intake/check', {
      title: 'Kiểm tra thông tin trước khi tiếp nhận',
      procedure,
      input: parsed.value,
      values: parsed.values,
      appointment,
      intakeKey: crypto.randomUUID(),
    });
  });

  router.post('/tiep-nhan/:code/xac-nhan', clerkOnly, async (req, res) => {
    const procedure = await loadProcedure(req);
    const parsed = parseIntakeForm(req.body, procedure.documents);
    if (req.body.action === 'edit' || !parsed.ok) {
      renderForm(res, procedure, parsed.values, parsed.ok ? {} : parsed.errors, parsed.ok ? 200 : 400);
      return;
    }
    const key = typeof req.body.intake_key === 'string' && /^[0-9a-f-]{36}$/.test(req.body.intake_key) ? req.body.intake_key : null;
    const result = await intake.receive(req.staff!, procedure.code, parsed.value, key, req.ip ?? null);
    if (!result) throw notFound('Thủ tục này không có trong danh mục tiếp nhận của đơn vị bạn.');
    res.redirect(303, paths.dossiers.confirmation(result.dossierId));
  });

  return router;
}
