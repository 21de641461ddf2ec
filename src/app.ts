/**
 * createApp(deps): the Express application, middleware set up step by step, then the
 * feature routes, then 404 and the error handler. No state lives in memory across
 * requests: everything is in the database, so instances can run side by side.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import type { Deps } from './deps.js';
import { adminRoutes } from './features/admin/admin.routes.js';
import { adminAgenciesRoutes } from './features/admin/agencies/agencies.routes.js';
import { adminHolidaysRoutes } from './features/admin/holidays/holidays.routes.js';
import { adminProceduresRoutes, procedureImportBodyParser } from './features/admin/procedures/procedures.routes.js';
import { nationalImportBodyParser, nationalImportRoutes } from './features/admin/procedures/national-import.routes.js';
import { adminUsersRoutes } from './features/admin/users/users.routes.js';
import { apiKeysRoutes } from './features/api/api-keys.routes.js';
import { apiRoutes } from './features/api/api.routes.js';
import { apologyRoutes } from './features/apology/apology.routes.js';
import { adminJobsRoutes } from './features/admin/jobs/jobs.routes.js';
import { notificationRoutes } from './features/notifications/notifications.routes.js';
import { petitionDeskRoutes } from './features/petitions/petition-desk.routes.js';
import { petitionStaffRoutes } from './features/petitions/petition-staff.routes.js';
import { petitionsRoutes } from './features/petitions/petitions.routes.js';
import { portalAdminRoutes } from './features/portal/admin.routes.js';
import { postPublicRoutes } from './features/post/post-public.routes.js';
import { postRoutes } from './features/post/post.routes.js';
import { onlinePublicRoutes } from './features/online/online-public.routes.js';
import { onlineRoutes, onlineSubmitEndpoint } from './features/online/online.routes.js';
import { questionsRoutes } from './features/questions/questions.routes.js';
import { petitionQuestionRoutes } from './features/petitions/petition-question.routes.js';
import { zaloRoutes } from './features/zalo/zalo.routes.js';
import { ratingsRoutes } from './features/ratings/ratings.routes.js';
import { surveyPublicRoutes } from './features/survey/survey-public.routes.js';
import { surveyRoutes } from './features/survey/survey.routes.js';
import { reportsRoutes } from './features/reports/reports.routes.js';
import { scorecardRoutes } from './features/reports/scorecard.routes.js';
import { authRoutes } from './features/auth/auth.routes.js';
import { homeRoutes } from './features/home/home.routes.js';
import { queueRoutes } from './features/dossiers/queue.routes.js';
import { dossierRoutes } from './features/dossiers/dossiers.routes.js';
import { formsRoutes } from './features/forms/forms.routes.js';
import { intakeRoutes } from './features/intake/intake.routes.js';
import { counterRoutes } from './features/counter/counter.routes.js';
import { publicCatalogueRoutes } from './features/catalogue/public.routes.js';
import { publicStatusRoutes } from './features/public-status/public-status.routes.js';
import { receiptRoutes } from './features/receipts/receipts.routes.js';
import { workflowRoutes } from './features/workflow/workflow.routes.js';
import { dossierFilesPublicRoutes } from './features/dossier-files/dossier-files-public.routes.js';
import { dossierFilesRoutes } from './features/dossier-files/dossier-files.routes.js';
import { ping } from './db/health.js';
import { csrfProtection } from './web/csrf.js';
import { errorHandler, notFoundHandler } from './web/errors.js';
import { viewHelpers } from './web/format.js';
import { paths, uploadPathMatcher } from './web/paths.js';
import { staffNav } from './web/nav.js';
import { requestLogger } from './web/request-log.js';
import { noStoreForStaff, securityHeaders } from './web/security.js';
import { services, type Services } from './services.js';
import { translators } from './i18n.js';
import { language, LANGUAGE_NAMES } from './web/i18n/language.js';
import { loadSession } from './web/session.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `svc` defaults to the services built from `deps`; server.ts passes the ones the scheduler also uses. */
export function createApp(deps: Deps, svc: Services = services(deps)): Express {
  const app = express();
  const auth = svc.auth;

  app.set('trust proxy', deps.config.server.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  // Templates are compiled once per process (with their includes), except in development,
  // where an edited view shows on the next request. Express turns this on for production only.
  app.set('view cache', deps.config.env !== 'development');
  app.disable('x-powered-by');
  app.locals.paths = paths;
  app.locals.h = viewHelpers;
  // Vietnamese until the language middleware has chosen (a page rendered before it: an early error).
  Object.assign(app.locals, { lang: 'vi', i18n: translators.vi, t: translators.vi.t, th: translators.vi.html, d: translators.vi.data, fmt: translators.vi.fmt, langSwitch: null, languageNames: LANGUAGE_NAMES });

  app.get(paths.healthz, async (_req, res) => {
    await ping(deps.db);
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });

  app.use(requestLogger(deps.logger));
  app.use(securityHeaders());
  // Zalo's webhook: signed over the raw body, no cookies, no CSRF (the signature is the check).
  app.use(zaloRoutes(svc));
  // The integration API: JSON, an API key per call, no cookies, no CSRF.
  app.use(apiRoutes(svc, [onlineSubmitEndpoint(svc)]));
  app.use(paths.staticRoot, express.static(path.join(ROOT, 'public'), { maxAge: deps.config.env === 'production' ? '7d' : 0 }));
  app.use(cookieParser());
  app.use(loadSession(auth));
  app.use(noStoreForStaff());
  // Public pages in Vietnamese or English (staff: Vietnamese); before any form is parsed, so its errors speak it.
  app.use(language(translators, { secure: deps.config.security.cookieSecure, staffPaths: [paths.login] }));
  // The procedure CSV import takes a larger body than any other form: the parser takes it
  // only from a signed-in administrator (anyone else meets the 100 kB limit below).
  app.use(paths.admin.procedureImport, procedureImportBodyParser());
  // The national catalogue's upload is larger still (a province's whole list), on the same terms.
  app.use(paths.admin.nationalImport, nationalImportBodyParser());
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 500 }));
  app.use(csrfProtection({ secure: deps.config.security.cookieSecure, secret: svc.appSecret, uploadPath: uploadPathMatcher() }));
  app.use((req, res, next) => {
    res.locals.staff = req.staff ?? null;
    res.locals.currentPath = req.path;
    res.locals.nav = req.staff ? staffNav(req.staff.role, req.path) : [];
    next();
  });

  app.use(homeRoutes(svc));
  app.use(publicStatusRoutes(svc));
  app.use(dossierFilesPublicRoutes(svc));
  // Before the catalogue: /thu-tuc/khong-qua-buu-chinh is not a procedure code.
  app.use(postPublicRoutes(svc));
  app.use(publicCatalogueRoutes(svc));
  app.use(ratingsRoutes(svc));
  app.use(questionsRoutes(svc));
  app.use(petitionQuestionRoutes(svc));
  app.use(petitionsRoutes(svc));
  // The desk's pages (/xu-ly-pakn/ghi-nhan, /so-tiep-nhan) before /xu-ly-pakn/:id.
  app.use(petitionDeskRoutes(svc));
  app.use(petitionStaffRoutes(svc));
  app.use(authRoutes(svc));
  app.use(intakeRoutes(svc));
  app.use(counterRoutes(svc));
  app.use(dossierRoutes(svc));
  app.use(queueRoutes(svc));
  app.use(workflowRoutes(svc));
  app.use(dossierFilesRoutes(svc));
  app.use(receiptRoutes(svc));
  app.use(formsRoutes(svc));
  app.use(apologyRoutes(svc));
  app.use(reportsRoutes(svc));
  app.use(scorecardRoutes(svc));
  app.use(adminJobsRoutes(svc));
  // The administrators' guard and home first, then the four administration sub-features.
  app.use(adminRoutes(svc));
  app.use(adminUsersRoutes(svc));
  app.use(adminAgenciesRoutes(svc));
  // Before the procedure pages: "nhap-quoc-gia" is never taken for a procedure's id.
  app.use(nationalImportRoutes(svc));
  app.use(adminProceduresRoutes(svc));
  app.use(adminHolidaysRoutes(svc));
  app.use(portalAdminRoutes(svc));
  app.use(apiKeysRoutes(svc));
  app.use(notificationRoutes(svc));
  // Post (Decision 45/2016): the counter's hand-over records (the public list is registered with the catalogue's pages).
  app.use(postRoutes(svc));
  // The independent satisfaction survey: the citizen's questionnaire, the report, the administrators' settings.
  app.use(surveyPublicRoutes(svc));
  app.use(surveyRoutes(svc));
  // Online pre-submission: the citizen's form and tracking page, the counter's queue.
  app.use(onlinePublicRoutes(svc));
  app.use(onlineRoutes(svc));

  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger));
  return app;
}
