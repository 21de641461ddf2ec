/** The online pre-submission sweep: the "expires soon" notice, then expiry (src/jobs.ts registers it). */
import { defineJob } from '../../platform/jobs/job.js';
import type { OnlineService } from './online.service.js';

export interface OnlineJobWiring {
  online: Pick<OnlineService, 'sweep'>;
}

export const onlineJob = defineJob({
  name: 'online',
  label: 'Hồ sơ nộp trực tuyến: báo sắp hết hạn, hết hạn đăng ký chưa đối chiếu',
  counters: {
    online_expiring_notified: 'Đăng ký được báo sắp hết hạn',
    online_expired: 'Đăng ký hết hạn',
  },
  schedule: { variable: 'JOB_SCHEDULE_ONLINE', default: '5 7 * * *' },
  run: (ctx, w: OnlineJobWiring) => w.online.sweep(ctx.now),
});
