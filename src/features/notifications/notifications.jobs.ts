/** The outbox job (dispatcher.ts), as the job registry takes it (src/platform/jobs; registered in src/jobs.ts). */
import { defineJob } from '../../platform/jobs/job.js';
import type { NotificationsService } from './notifications.service.js';

export interface OutboxJobWiring {
  notifications: Pick<NotificationsService, 'dispatchDue'>;
}

export const outboxJob = defineJob({
  name: 'outbox',
  label: 'Gửi thông báo',
  counters: {
    selected: 'Tin nhắn đến giờ gửi',
    delivered: 'Tin nhắn đã gửi',
    temporary: 'Gửi lỗi, sẽ thử lại',
    permanent: 'Gửi thất bại hẳn',
    fallback: 'Chuyển từ Zalo sang SMS',
    rescheduled: 'Hẹn gửi lại theo yêu cầu nhà mạng',
    held: 'Giữ lại đến hết giờ yên lặng',
    skipped: 'Máy khác đã nhận gửi',
    errors: 'Lỗi hệ thống',
    deferred: 'Để lần chạy sau',
  },
  schedule: { variable: 'JOB_SCHEDULE_OUTBOX', default: '* * * * *' },
  run: (_ctx, w: OutboxJobWiring) => w.notifications.dispatchDue({ limit: 500 }),
});
