import { Router } from 'express';
import type { Services } from '../../services.js';
import { refusalError } from '../../web/refusal.js';
import { refuse } from '../../platform/refusal/refusal.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { dossierId, renderDossierPage } from '../dossiers/page/page.http.js';
import { WORKFLOW_PANEL } from './workflow.panel.js';
import { parseAction } from './workflow.schema.js';

/** One action on a dossier (the forms of the dossier page). */
export function workflowRoutes(svc: Services): Router {
  const router = Router();

  router.post(paths.dossiers.act.pattern, requireRole('clerk', 'officer', 'supervisor'), async (req, res) => {
    const id = dossierId(req);
    const parsed = parseAction(req.body);
    const v = parsed.values;
    const values = { action: v.action!, note: v.note!, reason: v.reason!, override_reason: v.override_reason!, to_agency_id: v.to_agency_id!, to_user_id: v.to_user_id! };
    // The action's form again with what was typed; if the action is no longer on the page, the typed text above it.
    const failure = (refusal: { reason: 'invalid' | 'forbidden' | 'conflict'; message: string; field?: string }) => ({
      failure: { form: WORKFLOW_PANEL, reason: refusal.reason, refusal, values, typed: [values.note, values.reason, values.override_reason] },
    });
    if (!parsed.ok) {
      // The first message; the page shows one error box above the forms.
      const [field, message] = Object.entries(parsed.errors)[0]!;
      await renderDossierPage(svc, req, res, id, failure(refuse('invalid', message, { field })));
      return;
    }
    const result = await svc.workflow.act(req.staff!, id, parsed.value, req.ip ?? null);
    if (result.ok) {
      // The dossier page with the action's success banner.
      res.redirect(303, paths.dossiers.done(id, result.action));
      return;
    }
    if (result.reason === 'not_found') throw refusalError(result);
    // On a conflict the form is shown again on the fresh dossier, with what was typed.
    await renderDossierPage(svc, req, res, id, failure(result));
  });

  return router;
}
