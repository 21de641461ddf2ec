import { defineJob } from '../../platform/jobs/job.js';
import { PORTAL_COUNTERS, type PortalSyncService } from './portal-sync.service.js';

/** What the job needs, by the names JobWiring (src/jobs.ts) gives them. */
export interface PortalJobWiring {
  portalSync: Pick<PortalSyncService, 'run'>;
}

export const portalSyncJob = defineJob({
  name: 'portal_sync',
  label: 'Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia',
  counters: PORTAL_COUNTERS,
  schedule: { variable: 'JOB_SCHEDULE_PORTAL_SYNC', default: '* * * * *' },
  scheduledWhen: (config) => config.portal.mode !== 'off',
  run: (ctx, w: PortalJobWiring) => w.portalSync.run(ctx.now),
});
