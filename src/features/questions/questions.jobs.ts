/** The citizens' questions job (question-sweeps.ts), as the job registry takes it (src/platform/jobs; registered in src/jobs.ts). */
import type { Deps } from '../../deps.js';
import { defineJob } from '../../platform/jobs/job.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { QUESTION_COUNTER_LABELS, questionSweep } from './question-sweeps.js';

export interface QuestionsJobWiring {
  deps: Pick<Deps, 'db' | 'clock' | 'config'>;
  notifications: Pick<NotificationsService, 'enqueue'>;
}

export const questionsJob = defineJob({
  name: 'questions',
  label: 'Nhắc hạn trả lời câu hỏi của công dân',
  counters: QUESTION_COUNTER_LABELS,
  schedule: { variable: 'JOB_SCHEDULE_QUESTIONS', default: '*/10 * * * *' },
  run: (ctx, w: QuestionsJobWiring) => questionSweep({ deps: w.deps, now: ctx.now, ports: { notifications: w.notifications } }),
});
