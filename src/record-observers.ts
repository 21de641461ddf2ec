/**
 * The composition root of the dossier-change observers (platform/record/changes.repo.ts): each
 * feature that must learn of every change in the writer's transaction (the national
 * portal's sync rows, the integration API's change feed) registers its observer here.
 * Imported once by src/services.ts; registering is idempotent (by name).
 */
import { feedChangeObserver } from './features/api/api.repo.js';
import { observeDossierChanges } from './platform/record/changes.repo.js';

export function registerRecordObservers(): void {
  // Features add their observers here: observeDossierChanges('<name>', <observer>).
  // The integration API's change feed: a pending feed row per appended event (src/features/api).
  observeDossierChanges('api-feed', feedChangeObserver);
}
