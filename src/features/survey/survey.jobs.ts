/** The survey's draw (registered in src/jobs.ts): once per period, after it ends; counts only, never who. */
import { defineJob } from '../../platform/jobs/job.js';
import type { SurveyService } from './survey.service.js';

export interface SurveyJobWiring {
  survey: Pick<SurveyService, 'draw'>;
}

export const surveyJob = defineJob({
  name: 'survey',
  label: 'Chọn mẫu và gửi phiếu khảo sát sự hài lòng (SIPAS)',
  counters: {
    survey_rounds: 'Đợt khảo sát đã chọn mẫu',
    survey_invited: 'Người được mời khảo sát',
    survey_messages: 'Tin nhắn mời khảo sát đã lưu để gửi',
  },
  // Daily at 09:15: the run after a period ends draws its round; the other runs find it drawn and do nothing.
  schedule: { variable: 'JOB_SCHEDULE_SURVEY', default: '15 9 * * *' },
  run: (ctx, w: SurveyJobWiring) => w.survey.draw(ctx.now),
});
