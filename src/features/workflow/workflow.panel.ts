/**
 * The dossier page's "Xử lý hồ sơ" panel: one form per action the viewer may take now
 * (the state machine's buttons), with a failed action's message and what was typed.
 */
import { TRANSITIONS } from '../../domain/workflow.js';
import { failureOf, type DossierPanel, type ErrorSummary } from '../dossiers/page/panel.js';
import type { WorkflowService } from './workflow.service.js';

/** The panel's key: a failed action is `PageFailure.form` 'workflow', its action in `values.action`. */
export const WORKFLOW_PANEL = 'workflow';

/** The fields of an action's form that carry their own element id (`<field>-<action>`). */
const ACTION_FIELDS = ['to_agency_id', 'to_user_id', 'note', 'reason', 'override_reason'];

export function workflowPanel(workflow: Pick<WorkflowService, 'actionsFor' | 'assignmentOptions' | 'supplementState'>): DossierPanel {
  return {
    key: WORKFLOW_PANEL,
    slot: 'actions',
    order: 20,
    view: 'workflow/panel',
    async build(ctx) {
      const { dossier } = ctx;
      // The page has read the history and pauses already: the state machine's context comes from them.
      const known = { events: ctx.events, pauses: ctx.pauses };
      const actions = await workflow.actionsFor(ctx.staff, dossier, known);
      if (actions.length === 0) return null;
      const [options, supplement] = await Promise.all([workflow.assignmentOptions(dossier), workflow.supplementState(dossier.id, known)]);
      const failed = failureOf(ctx, WORKFLOW_PANEL);
      const values = failed?.values ?? {};
      const error = failed?.refusal?.message ?? null;
      const field = failed?.refusal?.field ?? null;
      const action = values.action ?? '';
      // The action's form is still on the page: the summary links to its field.
      let summary: ErrorSummary | undefined;
      if (failed && error && actions.includes(action as (typeof actions)[number])) {
        summary =
          field && ACTION_FIELDS.includes(field)
            ? { errors: { [field]: error }, summaryIds: { [field]: `${field}-${action}` } }
            : { errors: {}, summaryMessage: error };
      }
      return {
        model: {
          actions: actions.map((a) => ({ key: a, ...TRANSITIONS[a] })),
          // The supplement request form: its round, and a supervisor's override field after the first (Decree 118).
          supplement,
          agencies: options.agencies,
          processingStaff: options.staff,
          error: summary ? error : null,
          errorField: summary ? field : null,
          values: summary ? values : {},
        },
        summary,
      };
    },
  };
}
