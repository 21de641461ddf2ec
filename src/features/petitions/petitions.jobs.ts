/** The petitions job (petition-sweeps.ts), as the job registry takes it (src/platform/jobs; registered in src/jobs.ts). */
import type { Deps } from '../../deps.js';
import { defineJob } from '../../platform/jobs/job.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { PETITION_COUNTER_LABELS, petitionSweep } from './petition-sweeps.js';

export interface PetitionsJobWiring {
  deps: Pick<Deps, 'db' | 'clock' | 'config'>;
  calendar: Pick<CalendarService, 'current'>;
  notifications: Pick<NotificationsService, 'enqueue'>;
}

export const petitionsJob = defineJob({
  name: 'petitions',
  label: 'Nhắc hạn và đánh dấu quá hạn phản ánh, kiến nghị',
  counters: PETITION_COUNTER_LABELS,
  schedule: { variable: 'JOB_SCHEDULE_PETITIONS', default: '*/15 * * * *' },
  run: async (ctx, w: PetitionsJobWiring) => petitionSweep({ deps: w.deps, now: ctx.now, cal: await w.calendar.current(), ports: { notifications: w.notifications } }),
});
