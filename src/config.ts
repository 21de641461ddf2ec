// Over 400 lines: one zod schema of every variable and its sections, by design (docs/development/config.md).
/**
 * Configuration: every environment variable motcua reads, parsed and validated once at
 * start-up by one zod schema. Its shape lists the variables (grouped as the sections they
 * feed), composite variables are parsed by their own transforms, the rules between variables
 * are a refinement, and the final transform builds the Config: a section per feature
 * (`config.office.hours`, `config.lookup.guard`, …). A bad value stops the process with a
 * ConfigError naming the variable. The jobs' schedules (JOB_SCHEDULE_*) are collected here
 * and checked by the job registry (src/platform/jobs/schedule.ts).
 */
import os from 'node:os';
import { z } from 'zod';
import { parseOfficeHours } from './domain/calendar.js';
import { FORM_KEYS, isFormKey, type FormKey } from './domain/forms.js';
import { ANSWER_COUNTED_FROM, PETITION_KINDS, type AnswerCountedFrom, type PetitionKind } from './domain/petitions.js';
import { parseClock } from './domain/time.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A composite variable's transform: what `parse` throws is the variable's error. */
function parsedWith<T>(parse: (value: string) => T) {
  return (value: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(value);
    } catch (err) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message });
      return z.NEVER;
    }
  };
}

/** Every variable read (JOB_SCHEDULE_* aside), grouped by the section of Config it feeds. */
const variables = {
  // server
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  TRUST_PROXY: z.string().default('false').transform(parseTrustProxy),
  HTTP_KEEP_ALIVE_SECONDS: z.coerce.number().int().min(1).max(3600).default(65),
  INSTANCE_ID: z.string().min(1).max(100).optional(),
  // database
  DATABASE_URL: z.string().min(1).default('sqlite:./data/motcua.sqlite'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DEMO_DATA: z.enum(['auto', 'true', 'false']).default('auto'),
  // logging
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // security: sessions, cookies, CSRF, passwords, the login throttle
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  COOKIE_SECURE: bool.optional(),
  // CSRF: the key that signs anonymous visitors' tokens (required in production).
  CSRF_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  // bcrypt's cost for staff passwords (2^cost rounds); at least 10 in production.
  PASSWORD_HASH_COST: z.coerce.number().int().min(4).max(15).default(11),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(100),
  // The per-address window of LOGIN_RATE_LIMIT and LOOKUP_RATE_LIMIT.
  RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  // Login throttle: failures on a sliding window, growing delay once the free ones are used.
  LOGIN_FAILURE_WINDOW_MINUTES: z.coerce.number().int().positive().max(7 * 24 * 60).default(60),
  LOGIN_PAIR_FREE_FAILURES: z.coerce.number().int().positive().max(1000).default(5),
  LOGIN_ACCOUNT_FREE_FAILURES: z.coerce.number().int().positive().max(10000).default(10),
  LOGIN_DELAY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(2),
  LOGIN_DELAY_MAX_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
  // lookup: the public forms' rate limit, and the guard against guessing dossier codes
  LOOKUP_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  // Lookup guessing: wrong tries per dossier code, and site-wide, on a sliding window.
  LOOKUP_CODE_LIMIT: z.coerce.number().int().positive().max(1000).default(5),
  LOOKUP_SITE_LIMIT: z.coerce.number().int().positive().default(1000),
  LOOKUP_GUARD_WINDOW_MINUTES: z.coerce.number().int().positive().max(7 * 24 * 60).default(60),
  // Wrong tries of one Zalo follower or one client address, counted before the shared limits.
  LOOKUP_SENDER_LIMIT: z.coerce.number().int().positive().max(1000).default(10),
  // Past the site-wide ceiling: the wait after a wrong try before the same sender's next one.
  LOOKUP_SLOW_SECONDS: z.coerce.number().int().positive().max(24 * 3600).default(60),
  // office: hours and the same-day cut-off
  OFFICE_HOURS: z.string().default('08:00-12:00,13:00-17:00').transform(parsedWith(parseOfficeHours)),
  SAME_DAY_CUTOFF: z.string().default('15:00').transform(parsedWith(parseClock)),
  // forms: printed form numbering, the 2025 numbering (Circular 03/2025) or the 2018 labels
  FORM_NUMBERING: z.enum(['2025', '2018']).default('2025'),
  // The unit's own number suffixes, key=suffix pairs (e.g. receipt=TNHS-TTPVHCC,supplement=PBS-TTPVHCC).
  FORM_SUFFIXES: z.string().default('').transform(parsedWith(parseFormSuffixes)),
  // questions
  QUESTION_ANSWER_WORKING_HOURS: z.coerce.number().positive().max(1000).default(8),
  // petitions (PAKN): working days to answer, one number for every kind or kind=days pairs.
  PETITION_ANSWER_WORKING_DAYS: z.string().default('10').transform(parsedWith(parsePetitionDays)),
  // ... counted from 'receipt' or 'forwarding' (sector circulars differ): one value for every kind or kind=value pairs.
  PETITION_ANSWER_FROM: z.string().default('forwarding').transform(parsedWith(parsePetitionAnswerFrom)),
  // reports: Decision 766's satisfaction rate deducts a rating with an optional criterion at 0
  // only when this is on (the decision deducts "not satisfied", petitions and late dossiers).
  SATISFACTION_766_DEDUCT_ZERO_CRITERION: bool.default('false'),
  // apology (Decree 118): drafted this many working days before the appointment; issued by
  // the head, or by the system only where the province delegates it.
  APOLOGY_REMINDER_WORKING_DAYS: z.coerce.number().int().min(2, 'at least 2 (the apology is due 1 working day before the appointment)').max(30).default(2),
  APOLOGY_AUTO_ISSUE: bool.default('false'),
  // deadlines
  DUE_SOON_WORKING_DAYS: z.coerce.number().positive().max(30).default(1),
  // jobs (JOB_SCHEDULE_<JOB>: each job declares its variable and default, src/platform/jobs, src/jobs.ts)
  SCHEDULER_ENABLED: bool.default('true'),
  // notifications
  QUIET_HOURS: z.string().default('21:00-07:00').transform(parsedWith(parseQuietHours)),
  ZNS_ACCESS_TOKEN: z.string().optional(),
  ZNS_API_URL: z.string().url().default('https://business.openapi.zalo.me/message/template'),
  ZNS_TEMPLATE_IDS: z.string().default('').transform(parsedWith(parseTemplateIds)),
  SMS_GATEWAY_URL: z.string().url().optional(),
  SMS_GATEWAY_TOKEN: z.string().optional(),
  SMS_BRANDNAME: z.string().default('MOTCUA'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Bộ phận Một cửa <motcua@localhost>'),
  // The province's Zalo Official Account (citizens' questions, PAKN): all five or none.
  ZALO_OA_APP_ID: z.string().min(1).optional(),
  ZALO_APP_SECRET: z.string().min(1).optional(),
  ZALO_OA_SECRET_KEY: z.string().min(1).optional(),
  ZALO_OA_ACCESS_TOKEN: z.string().min(1).optional(),
  ZALO_OA_REFRESH_TOKEN: z.string().min(1).optional(),
  ZALO_OA_API_URL: z.string().url().default('https://openapi.zalo.me/v3.0/oa/message/cs'),
  ZALO_OAUTH_URL: z.string().url().default('https://oauth.zaloapp.com/v4/oa/access_token'),
  // Webhook events whose timestamp is further than this from now (either way) are refused.
  ZALO_EVENT_MAX_SKEW_HOURS: z.coerce.number().positive().max(30 * 24).default(24),
  // portal: the National Public Service Portal (DVCQG) sync, off by default (docs/integrations.md)
  DVCQG_MODE: z.enum(['off', 'on', 'dry_run']).default('off'),
  DVCQG_URL: z.string().url().optional(),
  DVCQG_AUTH_PATH: z.string().startsWith('/').default('/api/auth'),
  DVCQG_INTEGRATION_PATH: z.string().startsWith('/').default('/api/integration'),
  DVCQG_PROVINCE_CODE: z.string().min(1).max(50).optional(),
  DVCQG_USERNAME: z.string().min(1).optional(),
  DVCQG_PASSWORD: z.string().min(1).optional(),
  DVCQG_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).default(20),
  DVCQG_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(50),
  DVCQG_RETRY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(60),
  DVCQG_RETRY_MAX_MINUTES: z.coerce.number().positive().max(24 * 60).default(60),
  DVCQG_RETRY_HOURS: z.coerce.number().positive().max(30 * 24).default(48),
  DVCQG_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  // catalogue: the National Database of Administrative Procedures (LayThuTuc), off unless a URL is set (docs/integrations.md)
  CATALOGUE_NATIONAL_URL: z.string().url().optional(),
  CATALOGUE_NATIONAL_TOKEN: z.string().min(1).optional(),
  CATALOGUE_NATIONAL_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(60),
  // api: the integration API's calls per key and per minute (sliding window)
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().max(100_000).default(120),
  // api: how long the call log keeps each call (days)
  API_CALL_LOG_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  // post (Decision 45/2016): the postal unit's e-mail a pickup request goes to, and the optional
  // VNPost order API (off by default; docs/integrations.md: whether it is VNPost's current API is uncertain)
  POST_OFFICE_EMAIL: z.string().email().optional(),
  VNPOST_ENABLED: bool.default('false'),
  VNPOST_TOKEN_URL: z.string().url().optional(),
  VNPOST_ORDER_URL: z.string().url().optional(),
  VNPOST_CANCEL_URL: z.string().url().optional(),
  VNPOST_TRACKING_URL: z.string().url().optional(),
  VNPOST_CUSTOMER_CODE: z.string().min(1).max(100).optional(),
  VNPOST_CUSTOMER_KEY: z.string().min(1).optional(),
  VNPOST_SECRET_KEY: z.string().min(1).optional(),
  VNPOST_SENDER_PROVINCE: z.string().max(20).default(''),
  VNPOST_SENDER_DISTRICT: z.string().max(20).default(''),
  VNPOST_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).default(15),
  // files: the documents citizens and clerks attach, by content hash (src/platform/files).
  STORAGE_DIR: z.string().min(1).default('./data/files'),
  FILE_MAX_MB: z.coerce.number().positive().max(100).default(10),
  DOSSIER_FILES_MAX_MB: z.coerce.number().positive().max(1000).default(40),
  IMAGE_MAX_SIDE_PX: z.coerce.number().int().min(800).max(10_000).default(2000),
  IMAGE_JPEG_QUALITY: z.coerce.number().int().min(30).max(100).default(80),
  IMAGE_MAX_MEGAPIXELS: z.coerce.number().positive().max(500).default(50),
  // online: pre-submissions (src/features/online): how long a registration waits for the counter,
  // when its "expires soon" notice goes, and the API's fetch of files by URL
  ONLINE_EXPIRY_WORKING_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  ONLINE_EXPIRY_NOTICE_WORKING_DAYS: z.coerce.number().int().min(0).max(30).default(3),
  ONLINE_FETCH_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).default(20),
  ONLINE_FETCH_ALLOW_PRIVATE: bool.default('false'),
};

/** The names of the variables of the schema (docs/configuration.md lists each; test/unit/docs.test.ts checks). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(variables);

/** Every schedule variable starts with this (the job registry knows which ones exist). */
const SCHEDULE_PREFIX = 'JOB_SCHEDULE_';

/** What DVCQG_MODE=on needs (dry run builds payloads without them). */
const DVCQG_REQUIRED = ['DVCQG_URL', 'DVCQG_PROVINCE_CODE', 'DVCQG_USERNAME', 'DVCQG_PASSWORD'] as const;

/** What VNPOST_ENABLED=true needs. */
const VNPOST_REQUIRED = ['VNPOST_TOKEN_URL', 'VNPOST_ORDER_URL', 'VNPOST_CANCEL_URL', 'VNPOST_TRACKING_URL', 'VNPOST_CUSTOMER_CODE', 'VNPOST_CUSTOMER_KEY', 'VNPOST_SECRET_KEY'] as const;

const ZALO_OA_VARIABLES = ['ZALO_OA_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_OA_ACCESS_TOKEN', 'ZALO_OA_REFRESH_TOKEN'] as const;

export const configSchema = z
  .object(variables)
  // Kept so that the JOB_SCHEDULE_* variables reach the transform.
  .passthrough()
  .superRefine((e, ctx) => {
    const issue = (path: string[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    if (e.NODE_ENV === 'production' && e.PASSWORD_HASH_COST < 10) issue(['PASSWORD_HASH_COST'], 'at least 10 when NODE_ENV=production');
    if (e.NODE_ENV === 'production' && !e.CSRF_SECRET) issue(['CSRF_SECRET'], 'required when NODE_ENV=production (at least 32 random characters)');
    const zaloMissing = ZALO_OA_VARIABLES.filter((v) => !e[v]);
    if (zaloMissing.length > 0 && zaloMissing.length < ZALO_OA_VARIABLES.length) {
      // One line for the group: the message names the variables itself.
      issue([], `${zaloMissing.join(', ')}: required when any ZALO_OA_* / ZALO_APP_SECRET variable is set (the OA needs all five)`);
    }
    if (e.DVCQG_MODE === 'on') {
      for (const v of DVCQG_REQUIRED) if (!e[v]) issue([v], 'required when DVCQG_MODE=on (the portal sync sends to it)');
    }
    if (e.VNPOST_ENABLED) {
      for (const v of VNPOST_REQUIRED) if (!e[v]) issue([v], 'required when VNPOST_ENABLED=true');
    }
  })
  .transform((e) => {
    const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
    const rateLimitWindowMs = e.RATE_LIMIT_WINDOW_MINUTES * 60_000;
    const { ZALO_OA_APP_ID: appId, ZALO_APP_SECRET: appSecret, ZALO_OA_SECRET_KEY: oaSecretKey, ZALO_OA_ACCESS_TOKEN: accessToken, ZALO_OA_REFRESH_TOKEN: refreshToken } = e;
    return {
      env: e.NODE_ENV,
      server: {
        port: e.PORT,
        host: e.HOST,
        /** Absolute base of the URLs in QR codes and messages, without a trailing slash. */
        publicBaseUrl,
        /** Express's `trust proxy`: a boolean, a hop count, or addresses. */
        trustProxy: e.TRUST_PROXY,
        /** How long an idle keep-alive connection stays open (ms): longer than a reverse proxy's (src/web/http-server.ts). */
        keepAliveMs: e.HTTP_KEEP_ALIVE_SECONDS * 1000,
        /** This process's name in job leases, job runs and outbox claims. */
        instanceId: e.INSTANCE_ID ?? `${os.hostname()}-${process.pid}`,
      },
      database: {
        url: e.DATABASE_URL,
        /** PostgreSQL connections per process (SQLite always uses one). */
        poolMax: e.DATABASE_POOL_MAX,
        demoData: e.DEMO_DATA,
      },
      logging: { level: e.LOG_LEVEL },
      security: {
        sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
        cookieSecure: e.COOKIE_SECURE ?? publicBaseUrl.startsWith('https://'),
        /** The anonymous CSRF signing key; null: generated once and kept in the database. */
        csrfSecret: e.CSRF_SECRET ?? null,
        passwordHashCost: e.PASSWORD_HASH_COST,
        loginThrottle: {
          windowMs: e.LOGIN_FAILURE_WINDOW_MINUTES * 60_000,
          /** Failures of one account from one address before the delay starts. */
          pairFree: e.LOGIN_PAIR_FREE_FAILURES,
          /** Failures of one account from every address before addresses that failed wait too. */
          accountFree: e.LOGIN_ACCOUNT_FREE_FAILURES,
          delayBaseMs: e.LOGIN_DELAY_BASE_SECONDS * 1000,
          delayMaxMs: e.LOGIN_DELAY_MAX_MINUTES * 60_000,
          /** Failed sign-ins per client address per addressWindowMs (a spraying ceiling). */
          addressLimit: e.LOGIN_RATE_LIMIT,
          addressWindowMs: rateLimitWindowMs,
        },
      },
      lookup: {
        /** Public lookups (and each other public form: ratings, questions, petitions) per client address per window. */
        rateLimit: e.LOOKUP_RATE_LIMIT,
        rateLimitWindowMs,
        guard: {
          /** Wrong lookups of one dossier code per window; then only the QR or the counter. */
          perCode: e.LOOKUP_CODE_LIMIT,
          /** Wrong lookups of one Zalo follower or client address per window, checked first. */
          perActor: e.LOOKUP_SENDER_LIMIT,
          /** Wrong lookups across the site per window: past it, a sender waits slowMs after a wrong try. */
          site: e.LOOKUP_SITE_LIMIT,
          windowMs: e.LOOKUP_GUARD_WINDOW_MINUTES * 60_000,
          slowMs: e.LOOKUP_SLOW_SECONDS * 1000,
        },
      },
      office: {
        hours: e.OFFICE_HOURS,
        sameDayCutoffMinute: e.SAME_DAY_CUTOFF,
      },
      forms: {
        /** Which numbering and labels printed forms carry (src/domain/forms.ts). */
        numbering: e.FORM_NUMBERING,
        /** The deployment's number suffixes ("Số: …/<suffix>"), by form key; the rest take the defaults. */
        suffixes: e.FORM_SUFFIXES,
      },
      questions: {
        /** Working hours the office has to answer a citizen's question. */
        answerWorkingHours: e.QUESTION_ANSWER_WORKING_HOURS,
      },
      petitions: {
        /** Working days the competent agency has to answer, per kind. */
        answerWorkingDays: e.PETITION_ANSWER_WORKING_DAYS,
        /** Per kind, whether those days count from the receipt or from the forwarding to the competent agency. */
        answerFrom: e.PETITION_ANSWER_FROM,
      },
      reports: {
        /** Decision 766's rate also deducts a rating with an optional 2018 criterion at 0 (off by default: the decision does not). */
        deductZeroCriterion766: e.SATISFACTION_766_DEDUCT_ZERO_CRITERION,
      },
      apology: {
        /** Working days before the appointment at which the draft is prepared and the officer and head alerted (≥ 2). */
        reminderWorkingDays: e.APOLOGY_REMINDER_WORKING_DAYS,
        /** The system issues the apology itself when the appointment passes (a province that delegates it); off by default. */
        autoIssue: e.APOLOGY_AUTO_ISSUE,
      },
      deadlines: {
        /** How far ahead, in working days, the due-soon sweep warns. */
        dueSoonWorkingDays: e.DUE_SOON_WORKING_DAYS,
      },
      jobs: {
        schedulerEnabled: e.SCHEDULER_ENABLED,
        /**
         * Every JOB_SCHEDULE_* variable set, as given: the job registry (src/platform/jobs)
         * takes each job's own, checks it and falls back on the job's default.
         */
        scheduleVariables: scheduleVariables(e),
      },
      notifications: {
        /** [start, end) minutes of the night during which citizens are not messaged; may wrap midnight. */
        quietHours: e.QUIET_HOURS,
        zns: e.ZNS_ACCESS_TOKEN ? { accessToken: e.ZNS_ACCESS_TOKEN, apiUrl: e.ZNS_API_URL, templateIds: e.ZNS_TEMPLATE_IDS } : null,
        sms: e.SMS_GATEWAY_URL ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN ?? '', brandname: e.SMS_BRANDNAME } : null,
        smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
        /** The Zalo OA: webhook, consultation messages, token refresh. Null: the webhook answers 404. */
        zaloOa:
          appId && appSecret && oaSecretKey && accessToken && refreshToken
            ? {
                appId,
                /** The app's secret (OAuth token refresh). */
                appSecret,
                /** The OA secret key (webhook signatures). */
                oaSecretKey,
                /** The first token pair; the database keeps the rotating pair after the first refresh. */
                accessToken,
                refreshToken,
                apiUrl: e.ZALO_OA_API_URL,
                oauthUrl: e.ZALO_OAUTH_URL,
                /** Webhook events whose timestamp is further than this from now are refused (ZALO_EVENT_MAX_SKEW_HOURS). */
                maxEventSkewMs: e.ZALO_EVENT_MAX_SKEW_HOURS * 3600_000,
              }
            : null,
      },
      portal: {
        /** off: the job does nothing (rows still queue); dry_run: payloads built and stored, nothing sent; on: sent. */
        mode: e.DVCQG_MODE,
        /** Null unless DVCQG_MODE=on (the refinement requires them then). Never logged. */
        connection:
          e.DVCQG_URL && e.DVCQG_PROVINCE_CODE && e.DVCQG_USERNAME && e.DVCQG_PASSWORD
            ? {
                url: e.DVCQG_URL.replace(/\/+$/, ''),
                authPath: e.DVCQG_AUTH_PATH,
                integrationPath: e.DVCQG_INTEGRATION_PATH,
                /** The `dstcode` header. */
                provinceCode: e.DVCQG_PROVINCE_CODE,
                username: e.DVCQG_USERNAME,
                password: e.DVCQG_PASSWORD,
              }
            : null,
        timeoutMs: e.DVCQG_TIMEOUT_SECONDS * 1000,
        /** Dossiers claimed per pass. */
        batchSize: e.DVCQG_BATCH_SIZE,
        /** Backoff after a transient failure: base × 2^(attempts-1), capped. */
        retryBaseMs: e.DVCQG_RETRY_BASE_SECONDS * 1000,
        retryMaxMs: e.DVCQG_RETRY_MAX_MINUTES * 60_000,
        /** A row still failing transiently this long after its change is failed. */
        retryForMs: e.DVCQG_RETRY_HOURS * 3600_000,
        /** How long a claimed row is this instance's (a crashed sender's rows come back after it). */
        leaseMs: e.DVCQG_LEASE_SECONDS * 1000,
      },
      catalogue: {
        /** Where the import page fetches the national data (LayThuTuc, LayDanhSachTTHC); null: upload only. The token is never logged. */
        national: e.CATALOGUE_NATIONAL_URL ? { url: e.CATALOGUE_NATIONAL_URL, token: e.CATALOGUE_NATIONAL_TOKEN ?? null, timeoutMs: e.CATALOGUE_NATIONAL_TIMEOUT_SECONDS * 1000 } : null,
      },
      api: {
        /** Calls one API key may make per minute (sliding window); past it, 429 with Retry-After. */
        rateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
        /** How long each call stays in the call log (the 'api_log' job deletes older ones). */
        callLogDays: e.API_CALL_LOG_DAYS,
      },
      files: {
        /** The storage folder (a shared volume when several instances run). */
        dir: e.STORAGE_DIR,
        /** The largest file taken, in bytes (as it arrives, before a photo is shrunk). */
        maxFileBytes: Math.round(e.FILE_MAX_MB * 1024 * 1024),
        /** The most a dossier (or a pre-submission) may carry in files, in bytes (after shrinking). */
        maxDossierBytes: Math.round(e.DOSSIER_FILES_MAX_MB * 1024 * 1024),
        image: { maxSide: e.IMAGE_MAX_SIDE_PX, jpegQuality: e.IMAGE_JPEG_QUALITY, maxInputPixels: Math.round(e.IMAGE_MAX_MEGAPIXELS * 1_000_000) },
      },
      online: {
        /** Working days a pre-submission waits to be brought to the counter before it expires. */
        expiryWorkingDays: e.ONLINE_EXPIRY_WORKING_DAYS,
        /** Working days before its expiry the citizen is told (0: no notice). */
        expiryNoticeWorkingDays: e.ONLINE_EXPIRY_NOTICE_WORKING_DAYS,
        /** The API's fetch of a document by URL: whole-request timeout. */
        fetchTimeoutMs: e.ONLINE_FETCH_TIMEOUT_SECONDS * 1000,
        /** Tests only: fetch from loopback and private addresses (a local peer). Never in production. */
        fetchAllowPrivate: e.ONLINE_FETCH_ALLOW_PRIVATE,
      },
      post: {
        /** The postal unit's e-mail, offered on a new outbound hand-over record (the pickup request goes there). */
        officeEmail: e.POST_OFFICE_EMAIL ?? null,
        /** The VNPost order API; null: off (the default). Never logged. */
        vnpost:
          e.VNPOST_ENABLED && e.VNPOST_TOKEN_URL && e.VNPOST_ORDER_URL && e.VNPOST_CANCEL_URL && e.VNPOST_TRACKING_URL && e.VNPOST_CUSTOMER_CODE && e.VNPOST_CUSTOMER_KEY && e.VNPOST_SECRET_KEY
            ? {
                tokenUrl: e.VNPOST_TOKEN_URL,
                orderUrl: e.VNPOST_ORDER_URL,
                cancelUrl: e.VNPOST_CANCEL_URL,
                trackingUrl: e.VNPOST_TRACKING_URL,
                customerCode: e.VNPOST_CUSTOMER_CODE,
                customerKey: e.VNPOST_CUSTOMER_KEY,
                secretKey: e.VNPOST_SECRET_KEY,
                /** VNPost's own province/district codes of the sender (the agency). */
                senderProvince: e.VNPOST_SENDER_PROVINCE,
                senderDistrict: e.VNPOST_SENDER_DISTRICT,
                timeoutMs: e.VNPOST_TIMEOUT_SECONDS * 1000,
              }
            : null,
      },
    };
  });

export type Config = z.output<typeof configSchema>;
export type PortalConfig = Config['portal'];
export type PortalConnection = NonNullable<PortalConfig['connection']>;
export type VnpostConfig = NonNullable<Config['post']['vnpost']>;
export type ZaloOaConfig = NonNullable<Config['notifications']['zaloOa']>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => (i.path.length ? `  ${i.path.join('.')}: ${i.message}` : `  ${i.message}`));
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // e.g. "loopback" or a list of addresses
}

/** "HH:MM-HH:MM", [start, end) minutes; may wrap midnight. */
function parseQuietHours(value: string): readonly [number, number] {
  const [a, b, extra] = value.split('-');
  if (a === undefined || b === undefined || extra !== undefined) throw new RangeError('use HH:MM-HH:MM');
  return [parseClock(a), parseClock(b)];
}

/** "receipt=TNHS-TTPVHCC,supplement=PBS-TTPVHCC": a suffix per form key. */
function parseFormSuffixes(value: string): Partial<Record<FormKey, string>> {
  const out: Partial<Record<FormKey, string>> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, suffix] = pair.split('=').map((x) => x.trim());
    if (!key || !suffix || !isFormKey(key) || !/^[0-9A-Za-zĐđ.-]{1,30}$/.test(suffix)) {
      throw new RangeError(`expected form=suffix pairs (forms: ${FORM_KEYS.join(', ')}), got "${pair}"`);
    }
    out[key] = suffix;
  }
  return out;
}

/** "receipt=1001,apology=1002": a ZNS template id per message template key. */
function parseTemplateIds(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, id] = pair.split('=');
    if (!key || !id) throw new RangeError(`expected key=id pairs, got "${pair}"`);
    out[key.trim()] = id.trim();
  }
  return out;
}

/** "10" (every kind) or "regulation=10,handling=7" (the rest 10): whole working days, 1–60. */
function parsePetitionDays(value: string): Record<PetitionKind, number> {
  const days = (v: string) => {
    if (!/^\d{1,2}$/.test(v.trim()) || Number(v) < 1 || Number(v) > 60) throw new RangeError(`"${v}" is not a number of working days (1–60)`);
    return Number(v);
  };
  const out = Object.fromEntries(PETITION_KINDS.map((k) => [k, 10])) as Record<PetitionKind, number>;
  const trimmed = value.trim();
  if (trimmed === '') return out;
  if (!trimmed.includes('=')) {
    const n = days(trimmed);
    for (const k of PETITION_KINDS) out[k] = n;
    return out;
  }
  for (const pair of trimmed.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, v, extra] = pair.split('=').map((x) => x.trim());
    if (!key || v === undefined || extra !== undefined || !(PETITION_KINDS as readonly string[]).includes(key)) {
      throw new RangeError(`expected kind=days pairs (kinds: ${PETITION_KINDS.join(', ')}), got "${pair}"`);
    }
    out[key as PetitionKind] = days(v);
  }
  return out;
}

/** "forwarding" (every kind), "receipt", or "handling=receipt,regulation=forwarding" (the rest: forwarding). */
function parsePetitionAnswerFrom(value: string): Record<PetitionKind, AnswerCountedFrom> {
  const from = (v: string): AnswerCountedFrom => {
    if (!(ANSWER_COUNTED_FROM as readonly string[]).includes(v)) throw new RangeError(`"${v}" is not ${ANSWER_COUNTED_FROM.join(' or ')}`);
    return v as AnswerCountedFrom;
  };
  const out = Object.fromEntries(PETITION_KINDS.map((k) => [k, 'forwarding'])) as Record<PetitionKind, AnswerCountedFrom>;
  const trimmed = value.trim();
  if (trimmed === '') return out;
  if (!trimmed.includes('=')) {
    const f = from(trimmed);
    for (const k of PETITION_KINDS) out[k] = f;
    return out;
  }
  for (const pair of trimmed.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, v, extra] = pair.split('=').map((x) => x.trim());
    if (!key || v === undefined || extra !== undefined || !(PETITION_KINDS as readonly string[]).includes(key)) {
      throw new RangeError(`expected kind=receipt|forwarding pairs (kinds: ${PETITION_KINDS.join(', ')}), got "${pair}"`);
    }
    out[key as PetitionKind] = from(v);
  }
  return out;
}

/** The JOB_SCHEDULE_* variables set (a job's schedule; which ones exist is the job registry's business). */
function scheduleVariables(env: Record<string, unknown>): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith(SCHEDULE_PREFIX) && typeof e[1] === 'string'));
}
