import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ------------------------------------------------------------------ the house rules
// (../shared/docs/architecture.md). In a flat config the last matching block sets a rule
// for a file, so each layer below states its whole list of forbidden imports.

const SQL_ONLY_IN_REPOS = 'SQL lives in *.repo.ts and src/db only: add a repo function and call it.';
const HTTP_ONLY_IN_ROUTES = 'Express belongs to *.routes.ts, src/web and src/app.ts: services return data or a typed refusal.';

const noKnex = { name: 'knex', message: SQL_ONLY_IN_REPOS };
const noDrivers = [
  { name: 'pg', message: SQL_ONLY_IN_REPOS },
  { name: 'sqlite3', message: SQL_ONLY_IN_REPOS },
];
const noExpress = [
  { name: 'express', message: HTTP_ONLY_IN_ROUTES },
  { name: 'cookie-parser', message: HTTP_ONLY_IN_ROUTES },
  { name: 'supertest', message: HTTP_ONLY_IN_ROUTES },
];
// The dossier record (the dossier row, its event chain, pauses and hand-overs) is the one
// shared model: every feature that acts on a dossier writes it inside its own transaction,
// so these four repos are open to services. Every other repo belongs to its feature alone.
const RECORD_REPOS = ['dossiers', 'events', 'pauses', 'handovers'].flatMap((r) => [`!../dossiers/${r}.repo.js`, `!../../dossiers/${r}.repo.js`]);
const noOtherFeaturesRepos = {
  group: ['../*/*.repo.js', '../../*/*.repo.js', '../../features/*/*.repo.js', '../../features/*/*/*.repo.js', ...RECORD_REPOS],
  message: "No feature reads another feature's repo: call that feature's service (wired in src/services.ts).",
};
// A route file is a router that src/app.ts mounts; what several features' routes share (the
// dossier page, a path id, an access refusal) lives in a *.http.ts module or in src/web.
const noOtherRouteFiles = {
  group: ['*.routes.js', '*.routes'],
  message: 'A route file imports no other route file: move what they share into a *.http.ts module (e.g. src/features/dossiers/page/page.http.ts) or src/web, and mount each router in src/app.ts.',
};
// The platform (src/platform/<module>) lies below the features: it knows none of them, nor
// the composition root that wires them in (src/services.ts, src/app.ts, src/server.ts,
// src/jobs.ts, src/messaging.ts, src/cli). Types included: a feature's type is a feature.
const COMPOSITION_ROOT = ['services', 'app', 'server', 'jobs', 'messaging', 'i18n'].flatMap((f) => [`../../${f}.js`, `../../../${f}.js`]);
const noFeaturesInPlatform = {
  group: ['**/features/**', '**/cli/**', ...COMPOSITION_ROOT],
  message: 'src/platform knows no feature: the feature plugs into the platform (a registry), wired in the composition root.',
};
const noDbModule = {
  group: ['../../db/*', '../../../db/*'],
  message: SQL_ONLY_IN_REPOS,
};

/** Features store and send messages through the messaging service (svc.messaging), never its outbox or dispatcher directly. */
const noMessagingInternals = {
  group: ['../../platform/messaging/outbox*.js', '../../platform/messaging/dispatcher.js', '../../platform/messaging/*.repo.js', '../../platform/messaging/*/*.repo.js'],
  message: 'Features store and send messages through the messaging service (MessagingService, wired in src/services.ts).',
};

/** Calls that are SQL whatever their import: db('table'), trx('table'), x.db(...), x.raw(...). */
const sqlCalls = [
  { selector: "CallExpression[callee.type='Identifier'][callee.name=/^(db|trx|knex)$/]", message: SQL_ONLY_IN_REPOS },
  { selector: "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(db|trx)$/]", message: SQL_ONLY_IN_REPOS },
  { selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='raw']", message: SQL_ONLY_IN_REPOS },
];

/**
 * A service (any feature or platform module that is not a route, an HTTP helper or a repo)
 * never speaks HTTP: no `status: 404` in what it returns nor in the types it declares. It
 * returns a refusal (src/platform/refusal/refusal.ts); src/web/refusal.ts maps it to a status.
 */
const NO_HTTP_STATUS = 'Services do not return HTTP statuses: return data or a refusal (refuse(reason, message), src/platform/refusal/refusal.ts); the route maps it with src/web/refusal.ts.';
const httpStatuses = [
  { selector: "Property[key.name='status'][value.type='Literal'][value.raw=/^[1-5][0-9][0-9]$/]", message: NO_HTTP_STATUS },
  { selector: "TSPropertySignature[key.name='status'] TSLiteralType > Literal[raw=/^[1-5][0-9][0-9]$/]", message: NO_HTTP_STATUS },
];

const restrict = (paths, patterns = []) => ['error', { paths, patterns }];

// Who may see a dossier is written once, in the record core (src/platform/record): a repo
// opens a query on `dossiers` for staff with staffDossiers / joinStaffDossiers / scopeToStaff,
// and reads one dossier by key with oneDossier (access decided on the row by canSeeDossier).
// The table's name is refused in every other repo, except in these, each for its reason:
const DOSSIERS_OUTSIDE_STAFF_SCOPE = {
  'src/platform/record/**': 'the record core itself',
  'src/features/dossiers/dossiers.repo.ts': "the record's own repo: one dossier by id, token or code (canSeeDossier decides on the row), the passes over every dossier (recomputation, audit), writes under version",
  'src/features/dossiers/events.repo.ts': 'the hash chain names its owner table, to lock the dossier row while appending',
  'src/features/public-status/public-status.repo.ts': "the citizen's status page, by token",
  'src/features/intake/intake.repo.ts': "intake: the insert, its idempotency key, the duplicate check at the receiving counter (the clerk's own agency), the queue the new dossier went to",
  'src/features/workflow/workflow.repo.ts': 'writes one dossier by id under its version, after canSeeDossier',
  'src/features/deadlines/deadlines.repo.ts': 'the scheduled deadline sweeps: no staff member',
  'src/features/notifications/citizen-notices.repo.ts': "the citizens' notices (a job): no staff member",
  'src/features/questions/question-sweeps.repo.ts': "the questions' job: no staff member",
  'src/features/zalo/zalo-users.repo.ts': 'the Zalo OA webhook: citizens',
  'src/features/petitions/petition-intake.repo.ts': "a citizen's petition citing a dossier code",
  'src/features/petitions/petitions.repo.ts': "a petition shows the code of the dossier it cites; petitions have their own scope (the competent agency)",
  'src/features/ratings/ratings.repo.ts': "citizens rate by token; the follow-up lists are the rating's agency's (dossier_ratings.agency_id)",
  'src/features/reports/reports.repo.ts': "reports count by the report's scope (the processing agency), a reporting rule, not who may see",
  'src/features/reports/report-months.repo.ts': "the report's kept months: the change observer (one dossier by key) and a job, no staff member",
  'src/features/portal/portal-sync.repo.ts': "the national portal's sync: the change observer, a job and the administrator's lists, no staff member",
  'src/features/reports/questions-report.repo.ts': "reports count by the report's scope (the processing agency), a reporting rule, not who may see",
  'src/features/reports/sync-report.repo.ts': "reports count by the report's scope (the receiving agency the portal sees), a reporting rule, not who may see",
};
const DOSSIERS_OUTSIDE_SCOPE_MESSAGE =
  'A query on dossiers for staff goes through the record core (src/platform/record/scope.repo.ts): staffDossiers, joinStaffDossiers or scopeToStaff; oneDossier for one dossier by key. See docs/development/record-core.md.';
const dossiersTableName = [
  { selector: 'Literal[value=/^dossiers(\\s+as\\s+\\w+)?$/]', message: DOSSIERS_OUTSIDE_SCOPE_MESSAGE },
  { selector: 'TemplateElement[value.raw=/^dossiers\\s+as\\s/]', message: DOSSIERS_OUTSIDE_SCOPE_MESSAGE },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': ['error', { allow: ['error', 'warn'] }],
      eqeqeq: ['error', 'smart'],
    },
  },

  // Everything under src/ that is not a repo, src/db or the CLIs: no knex, no database
  // driver, no SQL-shaped calls. (tools/, like the CLIs, may use knex directly.)
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repo.ts', 'src/db/**', 'src/cli/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([noKnex, ...noDrivers]),
      'no-restricted-syntax': ['error', ...sqlCalls],
    },
  },
  // The environment is read once, by src/config.ts (validated, typed, in sections); the CLIs
  // may read their own one-off inputs (NEW_PASSWORD).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts', 'src/cli/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Only src/config.ts reads the environment: add the variable to its schema and read config.<section>.<field>.' }],
    },
  },
  // The app never depends on its tools (src/domain has its own, stricter rule below).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/tools/**'], message: 'src/ never imports tools/: the tools are built on the app, not the other way round.' }] }],
    },
  },
  // The pure domain: imports nothing but other domain modules (and node's crypto).
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^(?!\\./[^/]+$|node:crypto$)', message: 'src/domain imports only src/domain (and node:crypto): pass what it needs as plain values.' }],
        },
      ],
    },
  },
  // Services and every other feature module that is neither a route file, an HTTP helper nor a repo.
  {
    files: ['src/features/**/*.ts'],
    ignores: ['src/features/**/*.repo.ts', 'src/features/**/*.routes.ts', 'src/features/**/*.http.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([noKnex, ...noDrivers, ...noExpress], [noOtherFeaturesRepos, noDbModule, noMessagingInternals]),
      'no-restricted-syntax': ['error', ...sqlCalls, ...httpStatuses],
    },
  },
  // The platform's modules (repos aside) return data or refusals too.
  {
    files: ['src/platform/**/*.ts'],
    ignores: ['src/platform/**/*.repo.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...sqlCalls, ...httpStatuses],
    },
  },
  // Routes and the HTTP helpers they share (*.http.ts): HTTP only. They receive services; no
  // repo, no database module, and no other route file.
  {
    files: ['src/features/**/*.routes.ts', 'src/features/**/*.http.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [noKnex, ...noDrivers],
        [{ group: ['./*.repo.js', '../*.repo.js', '../*/*.repo.js', '../../*/*.repo.js'], message: 'Routes receive services only: the service calls the repo.' }, noDbModule, noOtherRouteFiles],
      ),
    },
  },
  // Repos: SQL, no HTTP, no other feature's repo.
  {
    files: ['src/features/**/*.repo.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([...noExpress], [noOtherFeaturesRepos]),
    },
  },
  // The platform (src/platform/**: jobs, messaging, …) lies below the features and knows none
  // of them, types included: features plug in through the registries the composition root
  // fills. Outside its repos: no SQL, no HTTP.
  {
    files: ['src/platform/**/*.ts'],
    ignores: ['src/platform/**/*.repo.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([noKnex, ...noDrivers, ...noExpress], [noFeaturesInPlatform, noDbModule]),
    },
  },
  {
    files: ['src/platform/**/*.repo.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([...noExpress], [noFeaturesInPlatform]),
    },
  },
  // Repos and src/db: the dossiers table only through the record core (see DOSSIERS_OUTSIDE_STAFF_SCOPE).
  {
    files: ['src/**/*.repo.ts', 'src/db/**/*.ts'],
    ignores: Object.keys(DOSSIERS_OUTSIDE_STAFF_SCOPE),
    rules: {
      'no-restricted-syntax': ['error', ...dossiersTableName],
    },
  },
  // Shared web layer: no feature code (types excepted); SQL only in its own repos.
  {
    files: ['src/web/**/*.ts'],
    ignores: ['src/web/**/*.repo.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [noKnex, ...noDrivers],
        [{ group: ['../features/*'], allowTypeImports: true, message: 'src/web is shared by every feature and imports none of them.' }, noDbModule],
      ),
    },
  },
  // Documents and report rendering: no HTTP, no database.
  {
    files: ['src/pdf/**/*.ts', 'src/config.ts', 'src/logger.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([noKnex, ...noDrivers, ...noExpress]),
    },
  },

  {
    files: ['public/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
    rules: { 'no-var': 'off' },
  },
  {
    files: ['scripts/**', 'test/**', 'src/cli/**', 'tools/**'],
    rules: { 'no-console': 'off' },
  },
);
