/** The housekeeping job: expired sessions and old failed sign-ins, as the job registry takes it (registered in src/jobs.ts). */
import { defineJob } from '../../platform/jobs/job.js';
import type { AuthService } from './auth.service.js';

/** How long failed sign-ins are kept for the administrators' list and the throttle. */
const LOGIN_FAILURES_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

export interface CleanupJobWiring {
  auth: Pick<AuthService, 'deleteExpiredSessions' | 'deleteOldLoginFailures'>;
}

export const cleanupJob = defineJob({
  name: 'cleanup',
  label: 'Dọn dẹp phiên đăng nhập hết hạn và lượt đăng nhập sai cũ',
  counters: {
    sessions_deleted: 'Phiên đăng nhập hết hạn đã xóa',
    login_failures_deleted: 'Lượt đăng nhập sai cũ đã xóa',
  },
  schedule: { variable: 'JOB_SCHEDULE_CLEANUP', default: '17 3 * * *' },
  run: async (ctx, w: CleanupJobWiring) => ({
    sessions_deleted: await w.auth.deleteExpiredSessions(ctx.now),
    login_failures_deleted: await w.auth.deleteOldLoginFailures(new Date(ctx.now.getTime() - LOGIN_FAILURES_KEPT_MS)),
  }),
});
