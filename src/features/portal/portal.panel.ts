/**
 * "Đồng bộ Cổng DVCQG" on the dossier page: each sync row of the dossier (the change, its
 * state in Vietnamese, when it happened, when the portal accepted it, the portal's answer,
 * the last error, and for a held row what mapping is missing). Shown to every member of
 * staff who may see the dossier (the presenter checks); nothing when the dossier has no row.
 */
import type { DossierPanel } from '../dossiers/page/panel.js';
import { PORTAL_MODE_LABELS, type PortalAdminService } from './admin.service.js';

export const PORTAL_PANEL = 'portal-sync';

export function portalPanel(portal: Pick<PortalAdminService, 'forDossier' | 'mode'>): DossierPanel {
  return {
    key: PORTAL_PANEL,
    slot: 'activity',
    order: 30,
    view: 'portal/panel',
    async build(ctx) {
      const rows = await portal.forDossier(ctx.dossier.id);
      if (rows.length === 0) return null;
      const mode = portal.mode();
      return {
        model: {
          syncRows: rows,
          syncMode: mode,
          syncModeLabel: PORTAL_MODE_LABELS[mode],
          // An administrator can fix a missing mapping: links to the agency and the procedure.
          syncFixLinks: ctx.staff.role === 'admin' ? { agencyId: ctx.dossier.agency.id, procedureId: ctx.dossier.procedure.id } : null,
        },
      };
    },
  };
}
