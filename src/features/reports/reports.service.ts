/**
 * Supervisor reports as ReportTables (one model for the page, CSV, XLSX and PDF), with
 * a chart where a picture says more. Supervisors see their own agency; admins all.
 */
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import { dossierReports } from './dossier-reports.js';
import { feedbackReports } from './feedback-reports.js';
import { reportContext, type ReportsWiring } from './report-context.js';
import { reportFilterChoices, type ReportScope } from './reports.repo.js';
import { satisfactionReports } from './satisfaction-reports.js';
import { officerPeriodReports } from './officer-period.js';
import { scorecardReports } from './scorecard.js';
import { activeAgencyExists, portalScores, savePortalScore } from './scorecard.repo.js';
import type { PortalScoreInput } from './scorecard.schema.js';
import { refuseFields, type FieldsRefusal } from '../../platform/refusal/refusal.js';

export type { ReportResult } from './report-context.js';
export { SATISFACTION_766_NOTES } from './satisfaction-reports.js';

/** Supervisors are held to their own agency whatever they ask for. */
export function scopeFor(staff: StaffUser, requested: ReportScope): ReportScope {
  return staff.role === 'admin' ? requested : { ...requested, agencyId: staff.agencyId };
}

/** The reports, one module per family; each method builds one report's table (and chart). */
export function reportsService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wired: ReportsWiring) {
  const ctx = reportContext(deps, wired);
  const { db } = ctx;
  return {
    /** The form's agency and officer choices; a supervisor sees only their agency's officers. */
    filterChoices: (staff: StaffUser) => reportFilterChoices(db, staff.role === 'admin' ? undefined : staff.agencyId),

    ...dossierReports(ctx),
    ...satisfactionReports(ctx),
    ...feedbackReports(ctx),
    ...scorecardReports(ctx),
    ...officerPeriodReports(ctx),

    /** The portal's published 766 scores entered so far (the administrator's page), latest periods first. */
    portalScores: () => portalScores(db, { limit: 300 }),

    /** An administrator enters (or corrects) the score the portal published for an agency, a period and a group. */
    async enterPortalScore(admin: StaffUser, input: PortalScoreInput): Promise<{ ok: true } | FieldsRefusal> {
      if (!(await activeAgencyExists(db, input.agencyId))) return refuseFields({ co_quan: 'Cơ quan không tồn tại hoặc đã ngừng hoạt động' });
      await savePortalScore(db, { agencyId: input.agencyId, periodKind: input.period.kind, firstDay: input.period.firstDay, groupCode: input.groupCode, score: input.score, note: input.note, enteredBy: admin.id, enteredAt: deps.clock.now() });
      return { ok: true };
    },
  };
}
export type ReportsService = ReturnType<typeof reportsService>;
export type { ReportScope } from './reports.repo.js';
