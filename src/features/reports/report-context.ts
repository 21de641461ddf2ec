/** What every report builder shares: the database, the clock, the calendar, the ratings, and the subtitle's agency name. */
import type { Deps } from '../../deps.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { RatingsService } from '../ratings/ratings.service.js';
import { agencyNameOf, type ReportScope } from './reports.repo.js';
import type { ReportTable } from './table.js';

export interface ReportResult {
  table: ReportTable;
  chart: string | null;
}

export interface ReportsWiring {
  calendar: CalendarService;
  ratings: Pick<RatingsService, 'summary'>;
  /** The processing report's line on online pre-submissions (the online feature's), when wired. */
  presubmissionNote?: (period: { from: Date; to: Date }, scope: ReportScope) => Promise<string>;
}

export type ReportContext = ReturnType<typeof reportContext>;

export function reportContext(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wired: ReportsWiring) {
  const { db } = deps;
  const { calendar, ratings: ratingsOf } = wired;
  const subtitle = (label: string, agencyName: string | null) => `${label}${agencyName ? ` · ${agencyName}` : ''}`;

  async function agencyName(scope: ReportScope): Promise<string | null> {
    return scope.agencyId ? agencyNameOf(db, scope.agencyId) : null;
  }

  return { deps, db, calendar, ratingsOf, subtitle, agencyName, presubmissionNote: wired.presubmissionNote ?? null };
}
