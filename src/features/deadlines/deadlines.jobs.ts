/**
 * The four dossier deadline jobs (deadline-sweeps.ts), as the job registry takes them
 * (src/platform/jobs; registered in src/jobs.ts).
 */
import { defineJob } from '../../platform/jobs/job.js';
import type { SweepName } from './deadline-sweeps.js';
import type { DeadlinesService } from './deadlines.service.js';

/** What the deadline jobs need: the deadlines service (src/services.ts). */
export interface DeadlineJobsWiring {
  deadlines: Pick<DeadlinesService, 'sweep'>;
}

/** The counters every dossier sweep reports (and those earlier versions reported, still in old runs). */
const SWEPT = {
  examined: 'Hồ sơ đã xét',
  scanned: 'Hồ sơ đã xét',
  changed: 'Hồ sơ đã xử lý',
  enqueued: 'Tin nhắn đã đưa vào hàng gửi',
} as const;

const sweep = (name: SweepName) => (ctx: { now: Date }, w: DeadlineJobsWiring) => w.deadlines.sweep(name, ctx.now);

export const dueSoonJob = defineJob({
  name: 'due_soon',
  label: 'Cảnh báo sắp đến hạn',
  counters: { ...SWEPT, alerted: 'Hồ sơ đã cảnh báo' },
  schedule: { variable: 'JOB_SCHEDULE_DUE_SOON', default: '*/15 7-17 * * 1-6' },
  run: sweep('due_soon'),
});

export const overdueJob = defineJob({
  name: 'overdue',
  label: 'Đánh dấu quá hạn',
  counters: { ...SWEPT, flagged: 'Hồ sơ đánh dấu quá hạn', citizens_told: 'Người dân đã được báo tin' },
  schedule: { variable: 'JOB_SCHEDULE_OVERDUE', default: '*/10 * * * *' },
  run: sweep('overdue'),
});

export const apologyJob = defineJob({
  name: 'apology',
  label: 'Phiếu xin lỗi và nhắc nhở',
  counters: {
    ...SWEPT,
    reminded: 'Dự thảo phiếu xin lỗi đã lập (đã báo chuyên viên và lãnh đạo)',
    not_yet_at_risk: 'Hồ sơ sắp đến hạn nhưng chưa có nguy cơ trễ (xét lại ở lần chạy sau)',
    issued: 'Phiếu xin lỗi hệ thống đã phát hành',
    escalated: 'Hồ sơ báo lên lãnh đạo',
  },
  schedule: { variable: 'JOB_SCHEDULE_APOLOGY', default: '*/10 * * * *' },
  run: sweep('apology'),
});

export const earlyCompletionJob = defineJob({
  name: 'early_completion',
  label: 'Báo kết quả sớm',
  counters: { ...SWEPT, notified: 'Người dân đã được báo kết quả sớm' },
  schedule: { variable: 'JOB_SCHEDULE_EARLY_COMPLETION', default: '*/5 * * * *' },
  run: sweep('early_completion'),
});
