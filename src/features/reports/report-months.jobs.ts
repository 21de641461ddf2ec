/** The processing-results report's kept months (report-months.ts), registered in src/jobs.ts. */
import type { Deps } from '../../deps.js';
import { defineJob } from '../../platform/jobs/job.js';
import { REPORT_MONTHS_COUNTERS, refreshReportMonths } from './report-months.js';

export interface ReportMonthsJobWiring {
  deps: Pick<Deps, 'db'>;
}

export const reportMonthsJob = defineJob({
  name: 'report_months',
  label: 'Tổng hợp số liệu báo cáo theo tháng',
  counters: REPORT_MONTHS_COUNTERS,
  schedule: { variable: 'JOB_SCHEDULE_REPORT_MONTHS', default: '*/5 * * * *' },
  run: (ctx, w: ReportMonthsJobWiring) => refreshReportMonths(w.deps.db, ctx.now),
});
