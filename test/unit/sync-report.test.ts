/**
 * Issue 22 #4: the national portal sync report's figures on hand-computed rows: a change
 * sent exactly 10:00 after it happened is within 10 minutes, 10:01 is not; dry-run, held,
 * failed and pending changes are not synced; a change sent after the report's instant is not
 * synced yet; an unsent change younger than 10 minutes is left out of the share only; the
 * totals recompute the share, median and worst over all changes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { syncReportRows } from '../../src/features/reports/sync-report.js';
import type { SyncReportRow } from '../../src/features/reports/sync-report.repo.js';

const NOW = vnInstant('2026-12-31', '12:00');
const MIN = 60_000;
const t0 = vnInstant('2026-12-10', '09:00');
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

function row(agencyId: number, dossierId: number, changedAt: Date, state: string, sentAt: Date | null = null): SyncReportRow {
  return { agencyId, agencyName: agencyId === 1 ? 'Phường A' : 'Phường B', dossierId, changedAt, state, sentAt };
}

describe('the portal sync report', () => {
  test('every cell of two agencies and the totals', () => {
    const rows: SyncReportRow[] = [
      // Phường B first: the rows come out by agency name.
      row(2, 4, t0, 'sent', at(t0, 30_000)), // 0,5 min: within
      row(2, 4, at(NOW, -5 * MIN), 'pending'), // 5 minutes old, not sent: left out of the share
      row(2, 5, at(NOW, -60 * MIN), 'sent', at(NOW, 1 * MIN)), // sent after the report's instant: not synced yet
      row(2, 6, t0, 'failed'),
      row(1, 1, t0, 'sent', at(t0, 10 * MIN)), // exactly 10:00: within
      row(1, 1, at(t0, 60 * MIN), 'sent', at(t0, 70 * MIN + 1_000)), // 10:01: not within
      row(1, 2, t0, 'sent', at(t0, 2 * MIN)),
      row(1, 2, at(t0, 5 * MIN), 'dry_run'), // built, not sent: not synced
      row(1, 3, t0, 'held'),
    ];
    const t = syncReportRows(rows, NOW);
    assert.deepEqual(t.rows, [
      { agency: 'Phường A', dossiers: 3, dossiersSynced: 1, changes: 5, synced: 3, within: 2, withinRate: 2 / 5, medianMinutes: 10, worstMinutes: 10.02, unsynced: 2 },
      { agency: 'Phường B', dossiers: 3, dossiersSynced: 0, changes: 4, synced: 1, within: 1, withinRate: 1 / 3, medianMinutes: 0.5, worstMinutes: 0.5, unsynced: 3 },
    ]);
    // Totals: delays 0,5 · 2 · 10 · 10,0167 → median (2 + 10) / 2 = 6; share 3 within of 8 judged.
    assert.deepEqual(t.totals, { dossiers: 6, dossiersSynced: 1, changes: 9, synced: 4, within: 3, withinRate: 3 / 8, medianMinutes: 6, worstMinutes: 10.02, unsynced: 5 });
  });

  test('no change judged yet: no share (not 0 %), no delays', () => {
    const t = syncReportRows([row(1, 1, at(NOW, -2 * MIN), 'pending')], NOW);
    assert.deepEqual(t.rows[0], { agency: 'Phường A', dossiers: 1, dossiersSynced: 0, changes: 1, synced: 0, within: 0, withinRate: null, medianMinutes: null, worstMinutes: null, unsynced: 1 });
    assert.deepEqual(syncReportRows([], NOW), { rows: [], totals: { dossiers: 0, dossiersSynced: 0, changes: 0, synced: 0, within: 0, withinRate: null, medianMinutes: null, worstMinutes: null, unsynced: 0 } });
  });
});
