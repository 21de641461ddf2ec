/** The integration API's housekeeping: the call log keeps API_CALL_LOG_DAYS of calls (registered in src/jobs.ts). */
import { defineJob } from '../../platform/jobs/job.js';
import type { ApiKeysService } from './api-keys.service.js';

export interface ApiLogJobWiring {
  apiKeys: Pick<ApiKeysService, 'pruneCalls'>;
}

export const apiLogJob = defineJob({
  name: 'api_log',
  label: 'Dọn nhật ký truy cập API tích hợp cũ',
  counters: { api_calls_deleted: 'Lượt gọi API cũ đã xóa khỏi nhật ký' },
  schedule: { variable: 'JOB_SCHEDULE_API_LOG', default: '27 3 * * *' },
  run: (ctx, w: ApiLogJobWiring) => w.apiKeys.pruneCalls(ctx.now),
});
