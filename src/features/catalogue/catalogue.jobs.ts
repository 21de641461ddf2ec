/** The catalogue job: procedure versions whose effective date has come set their procedure's columns (national-import.service.ts). */
import { defineJob } from '../../platform/jobs/job.js';
import type { NationalImportService } from './national-import.service.js';

export interface CatalogueJobWiring {
  catalogueImport: Pick<NationalImportService, 'applyDue'>;
}

export const catalogueJob = defineJob({
  name: 'catalogue',
  label: 'Áp dụng phiên bản thủ tục hành chính đến ngày có hiệu lực',
  counters: { versions_applied: 'Phiên bản thủ tục đã áp dụng' },
  schedule: { variable: 'JOB_SCHEDULE_CATALOGUE', default: '5 0 * * *' },
  run: (ctx, w: CatalogueJobWiring) => w.catalogueImport.applyDue(ctx.now),
});
