/**
 * A status condition written in constants (`d.status in ('received', 'in_progress')`), for
 * queries served by a partial index carrying the same condition: a planner can use such an
 * index only when the query states it in constants, not as bound parameters. The statuses
 * are the domain's own constants, never input.
 */
import type { DossierStatus } from '../../domain/status.js';

export function statusInSql(column: string, statuses: readonly DossierStatus[]): string {
  return `${column} in (${statuses.map((s) => `'${s}'`).join(', ')})`;
}
