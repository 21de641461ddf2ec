/**
 * The composition root of the dossier-change observers (platform/record/changes.repo.ts): each
 * feature that must learn of every change in the writer's transaction (the national
 * portal's sync rows, the integration API's change feed) registers its observer here.
 * Imported once by src/services.ts; registering is idempotent (by name).
 */
import { recordPortalChange } from './features/portal/portal-sync.repo.js';
import { feedChangeObserver } from './features/api/api.repo.js';
import { observeDossierChanges } from './platform/record/changes.repo.js';
import { recordReportChange } from './features/reports/report-months.repo.js';

export function registerRecordObservers(): void {
  // The national portal: a sync row per change it must know (features/portal/portal-events.ts).
  observeDossierChanges('portal_sync', recordPortalChange);
  // The integration API's change feed: a pending feed row per appended event (src/features/api).
  observeDossierChanges('api-feed', feedChangeObserver);
  // The processing-results report's kept months: a change to an older dossier marks its months stale (features/reports/report-months.repo.ts).
  observeDossierChanges('report-months', recordReportChange);
}
