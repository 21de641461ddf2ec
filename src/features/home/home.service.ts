/**
 * The day's view of each role, as plain numbers (home.routes.ts links each to its list):
 * - clerk: received today, results to hand back, waiting for supplements, today's receipts, and
 *   today's guidances and refusals at the counter;
 * - officer: their queue by tag (what waits to be taken in their agency, what they hold);
 * - supervisor: overdue now, due soon, this month's on-time rate, unsatisfied ratings to follow up;
 * - admin: every job's last run and recent failures, the outbox backlog, the national portal
 *   sync's backlog, held and failed changes, the public address check;
 * - visitor: the reception points to call or visit.
 * Every number that has a list behind it is counted by the service that draws that list
 * (search, queue, reports), so the two agree.
 */
import type { Deps } from '../../deps.js';
import { isLoopbackUrl } from '../../domain/loopback.js';
import { monthPeriod, type Period } from '../../domain/period.js';
import type { StaffUser } from '../../domain/roles.js';
import type { DossierStatus } from '../../domain/status.js';
import { addDays, DAY_MS, localDateOf, vnInstant, type LocalDate } from '../../domain/time.js';
import type { JobRun, JobsService } from '../../platform/jobs/jobs.service.js';
import type { PortalAdminService } from '../portal/admin.service.js';
import { homeRepo } from './home.repo.js';

/** At most this many of today's receipts are listed for selection (the batch print's limit). */
export const TODAY_LIST_LIMIT = 200;
/** How far back the administrators' home looks for failed job runs. */
const FAILURES_WINDOW_MS = 7 * DAY_MS;

/** The filters of the dossier list (dossiers.schema.ts SearchInput), as the home page asks them. */
interface ListQuery {
  q: string | null;
  status: DossierStatus | null;
  procedure: string | null;
  from: LocalDate | null;
  to: LocalDate | null;
  overdue: boolean;
  page: number;
}

/** What the home pages need of other features, passed in by src/services.ts. */
export interface HomeWiring {
  /** The dossier list's total for a query (the search service's count: the list's own filters, no page read). */
  search: { count(staff: StaffUser, query: ListQuery): Promise<{ total: number }> };
  /** The queue page's own counts per filter (waiting and each appointment tag), which its `nhan=` lists show. */
  queue: { queue(staff: StaffUser, opts: { agency: boolean; filter: null }): Promise<{ counts: Readonly<Record<string, number>> }> };
  reports: { processing(period: Period, scope: { agencyId?: number }): Promise<{ table: { totals?: Record<string, unknown> | null } }> };
  /** The job registry and its runs (src/platform/jobs). */
  jobs: Pick<JobsService, 'registry' | 'lastRuns' | 'failedRuns'>;
  /** Today's guidances and refusals at the counter (Mẫu 02/03), to reprint. */
  counter: { today(staff: StaffUser): Promise<Array<{ kind: 'guidance' | 'refusal'; id: number; createdAt: Date; applicantName: string; procedureCode: string; procedureName: string }>> };
  /** The national portal sync's mode and counts (src/features/portal), shown with the other jobs. */
  portal: Pick<PortalAdminService, 'summary'>;
}

const NO_FILTER: ListQuery = { q: null, status: null, procedure: null, from: null, to: null, overdue: false, page: 1 };

/** Queue tags an officer's home counts (the queue's `nhan=` values). */
export const OFFICER_TAGS = ['waiting', 'on_track', 'due_soon', 'overdue', 'paused'] as const;
export type OfficerTag = (typeof OFFICER_TAGS)[number];

export interface JobStatus {
  job: string;
  label: string;
  last: JobRun | null;
}

export function homeService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wiring: HomeWiring) {
  const repo = homeRepo(deps.db);
  const today = () => localDateOf(deps.clock.now());

  return {
    async clerk(staff: StaffUser) {
      const day = today();
      const [receivedToday, resultReady, awaitingSupplement, todayRows, counterToday] = await Promise.all([
        wiring.search.count(staff, { ...NO_FILTER, from: day, to: day }),
        wiring.search.count(staff, { ...NO_FILTER, status: 'result_ready' }),
        wiring.search.count(staff, { ...NO_FILTER, status: 'awaiting_supplement' }),
        repo.receivedBetween(staff, vnInstant(day), vnInstant(addDays(day, 1)), TODAY_LIST_LIMIT),
        wiring.counter.today(staff),
      ]);
      return {
        today: day,
        counts: { receivedToday: receivedToday.total, resultReady: resultReady.total, awaitingSupplement: awaitingSupplement.total },
        /** Today's receipts of the clerk's own counter (voided ones left out), for the batch print. */
        todayRows,
        /** Today's guidances and refusals given at the agency's counter, to reprint. */
        counterToday,
      };
    },

    async officer(staff: StaffUser) {
      const { counts } = await wiring.queue.queue(staff, { agency: false, filter: null });
      return { counts: Object.fromEntries(OFFICER_TAGS.map((t) => [t, counts[t] ?? 0])) as Record<OfficerTag, number> };
    },

    async supervisor(staff: StaffUser) {
      const day = today();
      const month = { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
      const [overdue, agencyQueue, report, ratings] = await Promise.all([
        wiring.search.count(staff, { ...NO_FILTER, overdue: true }),
        wiring.queue.queue(staff, { agency: true, filter: null }),
        // The processing-results report of this month over the supervisor's agency: its rate is the report's.
        wiring.reports.processing(monthPeriod(month.year, month.month), { agencyId: staff.agencyId }),
        repo.unsatisfiedToFollowUp(staff.agencyId),
      ]);
      const rate = report.table.totals?.onTimeRate;
      return {
        month: `${month.year}-${String(month.month).padStart(2, '0')}`,
        monthLabel: `${String(month.month).padStart(2, '0')}/${month.year}`,
        counts: {
          overdue: overdue.total,
          dueSoon: agencyQueue.counts.due_soon ?? 0,
          unsatisfied: ratings.count,
        },
        onTimeRate: typeof rate === 'number' ? rate : null,
        finished: Number(report.table.totals?.finished ?? 0),
        followUpKnown: ratings.followUpKnown,
      };
    },

    async admin(staff: StaffUser) {
      const now = deps.clock.now();
      const [last, failures, outbox, portal] = await Promise.all([
        wiring.jobs.lastRuns(),
        wiring.jobs.failedRuns(new Date(now.getTime() - FAILURES_WINDOW_MS), 5),
        repo.outbox(now),
        wiring.portal.summary(staff),
      ]);
      const labelOf = (job: string) => wiring.jobs.registry.get(job)?.label ?? job;
      const jobs: JobStatus[] = wiring.jobs.registry.jobs.map((j) => ({ job: j.name, label: j.label, last: last.get(j.name) ?? null }));
      return {
        jobs,
        failures: { count: failures.count, recent: failures.recent.map((r) => ({ ...r, label: labelOf(r.job), firstLine: (r.error ?? '').split('\n')[0] ?? '' })) },
        outbox: {
          due: outbox.due,
          temporaryFailures: outbox.byStatus['temporary-failure'] ?? 0,
          permanentFailures: outbox.byStatus['permanent-failure'] ?? 0,
          created: outbox.byStatus.created ?? 0,
        },
        portal,
        publicBaseUrl: deps.config.server.publicBaseUrl,
        publicBaseUrlIsLoopback: isLoopbackUrl(deps.config.server.publicBaseUrl),
      };
    },

    /** The citizen's front page: where to call or go. */
    visitor: () => repo.receptionPoints(),
  };
}

export type HomeService = ReturnType<typeof homeService>;
