/**
 * The apology on the dossier page (domain.md "Being late"): the issued apology's notice
 * under the status line, or, while the dossier is open and has none, the form of the
 * processing side (the head issues, its officers prepare the draft).
 */
import { isOpen } from '../../domain/status.js';
import { failureOf, type DossierPanel } from '../dossiers/page/panel.js';
import type { ApologyService } from './apology.service.js';

/** The panel's key: the form's failures are `PageFailure.form` 'apology'. */
export const APOLOGY_PANEL = 'apology';

/** The page's one read of the issued apology, shared by both panels. */
const ISSUED = 'apology:issued';

/** The element id of each field of the form (the error summary links to it), in the form's order. */
const FIELD_IDS: Record<string, string> = { reason: 'apology-reason', new_date: 'apology-date', new_time: 'apology-time' };

export function apologyPanels(apology: Pick<ApologyService, 'record' | 'roleOf'>): DossierPanel[] {
  return [
    {
      key: 'apology-issued',
      slot: 'actions',
      order: 10,
      view: 'apology/panel-issued',
      async build(ctx) {
        const issued = await ctx.once(ISSUED, () => apology.record(ctx.dossier.id));
        return issued ? { model: { apology: issued } } : null;
      },
    },
    {
      key: APOLOGY_PANEL,
      slot: 'actions',
      order: 30,
      view: 'apology/panel-form',
      async build(ctx) {
        const role = isOpen(ctx.dossier.status) ? apology.roleOf(ctx.staff, ctx.dossier) : null;
        if (!role || (await ctx.once(ISSUED, () => apology.record(ctx.dossier.id)))) return null;
        const failed = failureOf(ctx, APOLOGY_PANEL);
        const errors = failed?.errors ?? {};
        return {
          model: { apologyRole: role, apologyErrors: errors, apologyValues: failed?.values ?? {} },
          summary: failed?.errors ? { errors, summaryOrder: Object.keys(FIELD_IDS), summaryIds: FIELD_IDS } : undefined,
        };
      },
    },
  ];
}
