/**
 * The composition root of the scheduled jobs: every feature's job declarations, in the order
 * of the jobs page and of `npm run job -- all`, and the wiring that binds them (src/services.ts
 * passes the services). Adding a job: declare it in its feature's <feature>.jobs.ts, add it to
 * JOBS, and give JobWiring what its wiring asks for (docs/development/jobs.md).
 */
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import type { AuthService } from './features/auth/auth.service.js';
import { cleanupJob } from './features/auth/auth.jobs.js';
import type { CalendarService } from './features/calendar/calendar.service.js';
import { apologyJob, dueSoonJob, earlyCompletionJob, overdueJob } from './features/deadlines/deadlines.jobs.js';
import type { DeadlinesService } from './features/deadlines/deadlines.service.js';
import { outboxJob } from './features/notifications/notifications.jobs.js';
import type { NotificationsService } from './features/notifications/notifications.service.js';
import { catalogueJob } from './features/catalogue/catalogue.jobs.js';
import type { NationalImportService } from './features/catalogue/national-import.service.js';
import { petitionsJob } from './features/petitions/petitions.jobs.js';
import { portalSyncJob } from './features/portal/portal.jobs.js';
import { vnpostJob } from './features/post/post.jobs.js';
import { onlineJob } from './features/online/online.jobs.js';
import type { OnlineService } from './features/online/online.service.js';
import { apiLogJob } from './features/api/api.jobs.js';
import type { ApiKeysService } from './features/api/api-keys.service.js';
import type { PortalSyncService } from './features/portal/portal-sync.service.js';
import { questionsJob } from './features/questions/questions.jobs.js';
import { reportMonthsJob } from './features/reports/report-months.jobs.js';
import { surveyJob } from './features/survey/survey.jobs.js';
import type { SurveyService } from './features/survey/survey.service.js';
import { zaloJob } from './features/zalo/zalo.jobs.js';
import type { ZaloService } from './features/zalo/zalo.service.js';
import { filesJob } from './platform/files/files.jobs.js';
import type { FileReference } from './platform/files/file-references.repo.js';
import type { FileStore } from './platform/files/file-store.js';
import { bindJob, type JobDeclaration, type JobSpec } from './platform/jobs/job.js';
import { checkSpecs, counterLabels, describeCounter, jobRegistry, type JobRegistry } from './platform/jobs/registry.js';
import { checkSchedules, resolveSchedules, scheduleProblems } from './platform/jobs/schedule.js';

/** Everything a job's wiring may ask for: each declaration's wiring is a part of this. */
export interface JobWiring {
  deps: Deps;
  calendar: CalendarService;
  notifications: NotificationsService;
  deadlines: DeadlinesService;
  auth: AuthService;
  zalo: ZaloService;
  catalogueImport: NationalImportService;
  portalSync: PortalSyncService;
  apiKeys: ApiKeysService;
  files: FileStore;
  online: OnlineService;
  fileReferences: readonly FileReference[];
  survey: SurveyService;
}

/** Every job. Typed against JobWiring: a job whose wiring asks for more than JobWiring gives does not compile. */
export const JOBS = [dueSoonJob, overdueJob, apologyJob, earlyCompletionJob, questionsJob, petitionsJob, zaloJob, outboxJob, portalSyncJob, catalogueJob, cleanupJob, apiLogJob, vnpostJob, surveyJob, filesJob, onlineJob, reportMonthsJob] as const satisfies ReadonlyArray<JobDeclaration<JobWiring>>;
checkSpecs(JOBS);

export type JobName = (typeof JOBS)[number]['name'];
export const ALL_JOBS: readonly JobName[] = JOBS.map((j) => j.name);
export const JOB_LABELS = Object.fromEntries(JOBS.map((j) => [j.name, j.label])) as Readonly<Record<JobName, string>>;
/** Every counter of every job, in Vietnamese (one namespace). */
export const COUNTER_LABELS = counterLabels(JOBS);
export const counterLabel = (key: string): string => describeCounter(COUNTER_LABELS, key);

export function isJobName(value: string): value is JobName {
  return (ALL_JOBS as readonly string[]).includes(value);
}

/** The registry of this configuration: a bad schedule (or an unknown JOB_SCHEDULE_ variable) is a ConfigError naming it. */
export function registerJobs(config: Config, wiring: JobWiring): JobRegistry {
  return jobRegistry(
    JOBS.map((j) => bindJob<JobWiring>(j, wiring)),
    config,
  );
}

/** Checked at start-up, before anything else (src/server.ts): throws the ConfigError. */
export function checkJobSchedules(config: Pick<Config, 'jobs'>): void {
  checkSchedules(JOBS, config.jobs.scheduleVariables);
}

/** Each job's cron expression under `config`, by name (not checked: see validateSchedules). */
export function jobSchedules(config: Pick<Config, 'jobs'>): Record<JobName, string> {
  return resolveSchedules(JOBS, config.jobs.scheduleVariables) as Record<JobName, string>;
}

/** What is wrong with `schedules`, a line per job naming its variable. */
export function validateSchedules(schedules: Readonly<Record<string, string>>): string[] {
  return scheduleProblems(JOBS, schedules);
}

/** The jobs this configuration schedules (the Zalo OA's only with the OA configured, the portal sync's only when not off). */
export function scheduledJobs(config: Config): JobName[] {
  return JOBS.filter((j: JobSpec) => j.scheduledWhen?.(config) ?? true).map((j) => j.name as JobName);
}
