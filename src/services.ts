/**
 * services(deps): every service of the application, built once from the dependencies and
 * wired to each other here (a service that needs another receives it, instead of building
 * its own copy). Routes receive this object and nothing else: they never see the
 * database. Tests build it the same way through createApp.
 */
import type { Deps } from './deps.js';
import { registerRecordObservers } from './record-observers.js';
import { buildFileStore, FILE_REFERENCES } from './files.js';
import { adminAgenciesService } from './features/admin/agencies/agencies.service.js';
import { adminHolidaysService } from './features/admin/holidays/holidays.service.js';
import { adminProceduresService } from './features/admin/procedures/procedures.service.js';
import { adminUsersService } from './features/admin/users/users.service.js';
import { apiKeysService } from './features/api/api-keys.service.js';
import { apiService } from './features/api/api.service.js';
import { apologyPanels } from './features/apology/apology.panel.js';
import { apologyService } from './features/apology/apology.service.js';
import { authService } from './features/auth/auth.service.js';
import { calendarService } from './features/calendar/calendar.service.js';
import { catalogueService } from './features/catalogue/catalogue.service.js';
import { nationalImportService } from './features/catalogue/national-import.service.js';
import { publicCatalogueService } from './features/catalogue/public-catalogue.service.js';
import { dossiersService } from './features/dossiers/dossiers.service.js';
import { panelRegistry } from './features/dossiers/page/panel.js';
import { dossierPagePresenter } from './features/dossiers/page/presenter.js';
import { queueService } from './features/dossiers/queue.service.js';
import { searchService } from './features/dossiers/search.service.js';
import { indexDossierWords } from './features/dossiers/search-words.repo.js';
import { counterService } from './features/counter/counter.service.js';
import { deadlinesService } from './features/deadlines/deadlines.service.js';
import { controlSheetService } from './features/forms/control-sheet.service.js';
import { formsPanel } from './features/forms/forms.panel.js';
import { formsService } from './features/forms/forms.service.js';
import { homeService } from './features/home/home.service.js';
import { intakeService } from './features/intake/intake.service.js';
import { messagesPanel } from './features/notifications/messages.panel.js';
import { notificationsService } from './features/notifications/notifications.service.js';
import { lookupGuard } from './features/public-status/lookup-guard.js';
import { publicStatusService } from './features/public-status/public-status.service.js';
import { questionsPanel } from './features/questions/questions.panel.js';
import { questionsService } from './features/questions/questions.service.js';
import { petitionIntakeService } from './features/petitions/petition-intake.service.js';
import { petitionsService } from './features/petitions/petitions.service.js';
import { petitionDeskService } from './features/petitions/petition-desk.service.js';
import { petitionFromQuestionService } from './features/petitions/petition-from-question.service.js';
import { portalAdminService } from './features/portal/admin.service.js';
import { portalPanel } from './features/portal/portal.panel.js';
import { portalSyncService } from './features/portal/portal-sync.service.js';
import { onlineApi } from './features/online/online-api.js';
import { onlineService } from './features/online/online.service.js';
import { postService } from './features/post/post.service.js';
import { ratingsService } from './features/ratings/ratings.service.js';
import { zaloService } from './features/zalo/zalo.service.js';
import { receiptsPanel } from './features/receipts/receipts.panel.js';
import { receiptsService } from './features/receipts/receipts.service.js';
import { reportsService } from './features/reports/reports.service.js';
import { surveyService } from './features/survey/survey.service.js';
import { workflowPanel } from './features/workflow/workflow.panel.js';
import { workflowService } from './features/workflow/workflow.service.js';
import { dossierFilesPanel } from './features/dossier-files/dossier-files.panel.js';
import { dossierFilesService } from './features/dossier-files/dossier-files.service.js';
import { registerJobs } from './jobs.js';
import { messaging as messagingOver } from './messaging.js';
import { jobsService } from './platform/jobs/jobs.service.js';
import { rateLimiter } from './web/rate-limit.js';
import { appSecretSource } from './web/app-secret.js';
import { rateLimitRepo } from './web/rate-limit.repo.js';

export function services(deps: Deps) {
  registerRecordObservers();
  const calendar = calendarService(deps);
  const auth = authService(deps);
  // The messaging platform over every feature's templates (src/messaging.ts), and the dossier notices on top of it.
  const messaging = messagingOver(deps);
  const notifications = notificationsService(deps, { messaging });
  const apology = apologyService(deps, { notifications, calendar });
  const dossiers = dossiersService(deps, calendar);
  const catalogue = catalogueService(deps);
  // The catalogue from the national database's data: versions, effective dates (applied by the catalogue job).
  const catalogueImport = nationalImportService(deps);
  // The public catalogue (/thu-tuc, Zalo "TT"): its search index per instance, rebuilt when the catalogue's stamp moves.
  const publicCatalogue = publicCatalogueService(deps);
  const ratings = ratingsService(deps);
  const adminAgencies = adminAgenciesService(deps);
  // Sliding-window counters in the database, shared by every instance.
  const limiter = rateLimiter(rateLimitRepo(deps.db), deps.clock);
  // Wrong "dossier code + last 4 digits" tries, per sender, per code and site-wide (lookup, Zalo linking, petitions).
  const codeGuard = lookupGuard(deps.db, deps.clock, deps.config);
  const search = searchService(deps);
  const queue = queueService(deps, calendar);
  const questions = questionsService(deps, { calendar, notifications, messaging });
  const petitions = petitionsService(deps, { calendar, messaging });
  // The signing key (CSRF tokens, the petition form's nonces): configured, or generated once and kept in the database.
  const appSecret = appSecretSource(deps.config.security.csrfSecret, deps.db, deps.clock);
  const petitionIntake = petitionIntakeService(deps, { calendar, messaging, lookupGuard: codeGuard, petitions, secret: appSecret });
  const zalo = zaloService(deps, { messaging, questions, lookupGuard: codeGuard, limiter, petitions: petitionIntake, calendar, catalogue: publicCatalogue });
  const deadlines = deadlinesService(deps, { notifications, apology, calendar });
  // The national portal sync (its rows come from the change observer, src/record-observers.ts).
  const portalSync = portalSyncService(deps);
  const apiKeys = apiKeysService(deps);
  // The documents citizens and clerks attach, by content hash (src/files.ts).
  const files = buildFileStore(deps.config);
  // The independent satisfaction survey (SIPAS-style): its draw is a job; its answers are apart from any dossier.
  const survey = surveyService(deps, { messaging });
  const counter = counterService(deps, { catalogue });
  const workflow = workflowService(deps, { calendar, notifications });
  const intake = intakeService(deps, { catalogue, calendar, notifications, indexWords: indexDossierWords });
  // Post (Decision 45/2016): hand-over records receive through intake and return through the workflow.
  const post = postService(deps, { intake, workflow, dossiers, messaging });
  // Online pre-submission (web and the API): checked at the counter, received through intake (channel online).
  const online = onlineService(deps, { intake, catalogue, calendar, messaging, secret: appSecret });
  const reports = reportsService(deps, { calendar, ratings, presubmissionNote: (period, scope) => online.reportNote(period, scope) });
  // Every feature's jobs in one registry (src/jobs.ts): the scheduler, the jobs page, the CLI and the home page read it.
  const jobs = jobsService(deps, registerJobs(deps.config, { deps, calendar, notifications, deadlines, auth, zalo, portalSync, catalogueImport, apiKeys, survey, files, online, fileReferences: FILE_REFERENCES }));
  // What staff see of the national portal sync; "Gửi lại" is the sync's own.
  const portal = portalAdminService(deps, { sync: portalSync });
  // A dossier's files: scans of its documents, its electronic result (src/features/dossier-files).
  const dossierFiles = dossierFilesService(deps, { files, dossiers });
  // The dossier page: its core and the panels the features provide (docs/development/dossier-page.md).
  const dossierPanels = panelRegistry().register(
    ...apologyPanels(apology),
    workflowPanel(workflow),
    receiptsPanel,
    formsPanel,
    messagesPanel(notifications),
    questionsPanel(questions),
    portalPanel(portal),
    dossierFilesPanel(dossierFiles),
  );
  return {
    /** Read-only: what routes need of the configuration and of "now". */
    config: deps.config,
    clock: deps.clock,
    logger: deps.logger,
    calendar,
    catalogue,
    catalogueImport,
    publicCatalogue,
    rateLimiter: limiter,
    appSecret,
    files,
    lookupGuard: codeGuard,
    auth,
    admin: {
      users: adminUsersService(deps, { agencies: adminAgencies }),
      agencies: adminAgencies,
      procedures: adminProceduresService(deps, { agencies: adminAgencies, versions: catalogueImport }),
      holidays: adminHolidaysService(deps, { calendar, dossiers }),
    },
    apology,
    dossiers,
    search,
    queue,
    home: homeService(deps, { search, queue, reports, jobs, counter, portal }),
    forms: formsService(deps, dossiers),
    controlSheet: controlSheetService(deps, { dossiers, calendar }),
    counter,
    intake,
    post,
    online,
    /** POST /api/v1/ho-so-truc-tuyen: a pre-submission from the national portal or the province's platform. */
    onlineApi: onlineApi({ files, online, fetch: { timeoutMs: deps.config.online.fetchTimeoutMs, allowPrivate: deps.config.online.fetchAllowPrivate }, agencyIdOf: online.agencyIdByEid }),
    messaging,
    notifications,
    deadlines,
    jobs,
    publicStatus: publicStatusService(deps, { calendar, lookupGuard: codeGuard, questions, messaging }),
    dossierFiles,
    questions,
    petitions,
    petitionIntake,
    petitionDesk: petitionDeskService(deps, { calendar, messaging }),
    petitionFromQuestion: petitionFromQuestionService(deps, { calendar, messaging, questions, petitions }),
    portal,
    zalo,
    portalSync,
    ratings,
    receipts: receiptsService(deps, dossiers),
    reports,
    workflow,
    /** The integration API (/api/v1) and its keys (src/features/api). */
    api: apiService(deps, { limiter }),
    apiKeys,
    survey,
    dossierPanels,
    dossierPage: dossierPagePresenter({ dossiers, sameDayCutoffMinute: deps.config.office.sameDayCutoffMinute }, dossierPanels),
  };
}

export type Services = ReturnType<typeof services>;
