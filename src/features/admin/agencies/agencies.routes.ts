/** Administration of agencies (the admin-only guard is the admin router's). */
import { Router, type Response } from 'express';
import type { Services } from '../../../services.js';
import { notFound } from '../../../web/errors.js';
import { refusalError, statusOf } from '../../../web/refusal.js';
import { parseId, type FieldErrors, type FormValues } from '../../../web/form.js';
import { paths } from '../../../web/paths.js';
import { noticeFor, withNotice } from '../common.js';
import { AGENCY_NOT_FOUND as NOT_FOUND } from './agencies.service.js';
import { AGENCY_KINDS, AGENCY_KIND_LABELS, parseAgency } from './agencies.schema.js';

function idOf(raw: unknown): number {
  const id = parseId(raw);
  if (id === null) throw notFound(NOT_FOUND);
  return id;
}

export function adminAgenciesRoutes(svc: Services): Router {
  const router = Router();
  const agencies = svc.admin.agencies;
  const kindOptions = AGENCY_KINDS.map((k) => ({ value: k, label: AGENCY_KIND_LABELS[k] }));

  router.get(paths.admin.agencies, async (req, res) => {
    res.render('admin/agencies/list', { title: 'Cơ quan, đơn vị', agencies: await agencies.list(), kindLabels: AGENCY_KIND_LABELS, notice: noticeFor(req.query.ok) });
  });

  function renderAgency(res: Response, agencyId: number | null, values: FormValues, errors: FieldErrors, notice: string | null, status = 200) {
    res.status(status).render('admin/agencies/form', {
      title: agencyId === null ? 'Thêm cơ quan, đơn vị' : `Sửa cơ quan: ${values.name ?? ''}`,
      agencyId,
      action: agencyId === null ? paths.admin.newAgency : paths.admin.agency(agencyId),
      values,
      errors,
      kinds: kindOptions,
      notice,
    });
  }

  router.get(paths.admin.newAgency, (_req, res) => {
    renderAgency(res, null, { kind: 'commune', active: 'on' }, {}, null);
  });

  router.post(paths.admin.newAgency, async (req, res) => {
    const parsed = parseAgency(req.body);
    if (!parsed.ok) return renderAgency(res, null, parsed.values, parsed.errors, null, 400);
    const result = await agencies.create(req.staff!, parsed.value);
    if (!result.ok) return renderAgency(res, null, parsed.values, result.errors, null, statusOf(result));
    res.redirect(303, withNotice(paths.admin.agencies, 'tao-co-quan'));
  });

  router.get(paths.admin.agency.pattern, async (req, res) => {
    const agency = await agencies.find(idOf(req.params.id));
    if (!agency) throw notFound(NOT_FOUND);
    const values: FormValues = {
      eid: agency.eid,
      name: agency.name,
      governing_body: agency.governingBody,
      place_name: agency.placeName,
      kind: agency.kind,
      address: agency.address,
      hotline: agency.hotline,
      active: agency.active ? 'on' : '',
      portal_unit_code: agency.portalUnitCode ?? '',
    };
    renderAgency(res, agency.id, values, {}, noticeFor(req.query.ok));
  });

  router.post(paths.admin.agency.pattern, async (req, res) => {
    const id = idOf(req.params.id);
    const parsed = parseAgency(req.body);
    if (!parsed.ok) {
      if (!(await agencies.exists(id))) throw notFound(NOT_FOUND);
      return renderAgency(res, id, parsed.values, parsed.errors, null, 400);
    }
    const result = await agencies.update(req.staff!, id, parsed.value);
    if (!result.ok && result.reason === 'not_found') throw refusalError(result);
    if (!result.ok) return renderAgency(res, id, parsed.values, result.errors, null, statusOf(result));
    res.redirect(303, withNotice(paths.admin.agency(id), 'luu-co-quan'));
  });

  return router;
}
