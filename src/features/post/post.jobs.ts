/** The VNPost tracking pass (registered in src/jobs.ts; scheduled only with the connection on). */
import type { Deps } from '../../deps.js';
import { defineJob } from '../../platform/jobs/job.js';
import { trackShipments } from './post.service.js';

export interface VnpostJobWiring {
  deps: Deps;
}

export const vnpostJob = defineJob({
  name: 'vnpost',
  label: 'Cập nhật hành trình bưu gửi trả kết quả (VNPost)',
  counters: {
    shipments_checked: 'Bưu gửi đã tra hành trình',
    shipments_delivered: 'Bưu gửi đã phát cho người nhận',
    tracking_failed: 'Lượt tra hành trình không thành công',
  },
  schedule: { variable: 'JOB_SCHEDULE_VNPOST', default: '*/30 7-19 * * *' },
  scheduledWhen: (config) => config.post.vnpost !== null,
  run: (ctx, w: VnpostJobWiring) => trackShipments(w.deps, ctx.now),
});
