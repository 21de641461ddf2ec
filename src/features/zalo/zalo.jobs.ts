/** The Zalo OA job, as the job registry takes it (src/platform/jobs; registered in src/jobs.ts). */
import { defineJob } from '../../platform/jobs/job.js';
import { ZALO_COUNTER_LABELS } from './zalo-counters.js';
import type { ZaloService } from './zalo.service.js';

export interface ZaloJobWiring {
  zalo: Pick<ZaloService, 'runJob'>;
}

export const zaloJob = defineJob({
  name: 'zalo',
  label: 'Zalo OA: xử lý tin nhắn đến, làm mới mã truy cập',
  counters: ZALO_COUNTER_LABELS,
  schedule: { variable: 'JOB_SCHEDULE_ZALO', default: '* * * * *' },
  // Scheduled only with the OA configured ("Chạy ngay" without it does nothing: no counters).
  scheduledWhen: (config) => config.notifications.zaloOa !== null,
  run: (_ctx, w: ZaloJobWiring) => w.zalo.runJob(),
});
