/**
 * Configuration: every environment variable motcua reads, parsed and validated once
 * at start-up. A bad value stops the process with a message naming the variable.
 */
import os from 'node:os';
import { z } from 'zod';
import { parseOfficeHours, type OfficeHours } from './domain/calendar.js';
import { isFormKey, type FormKey } from './domain/forms.js';
import { parseClock } from './domain/time.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).default('sqlite:./data/motcua.sqlite'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PUBLIC_BASE_URL: z.string().url().optional(),
  DEMO_DATA: z.enum(['auto', 'true', 'false']).default('auto'),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  COOKIE_SECURE: bool.optional(),
  TRUST_PROXY: z.string().default('false'),
  OFFICE_HOURS: z.string().default('08:00-12:00,13:00-17:00'),
  SAME_DAY_CUTOFF: z.string().default('15:00'),
  LOOKUP_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  QUESTION_ANSWER_WORKING_HOURS: z.coerce.number().positive().max(1000).default(8),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(100),
  // bcrypt's cost for staff passwords (2^cost rounds); at least 10 in production.
  PASSWORD_HASH_COST: z.coerce.number().int().min(4).max(15).default(11),
  RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  // Lookup guessing: wrong tries per dossier code, and site-wide, on a sliding window.
  LOOKUP_CODE_LIMIT: z.coerce.number().int().positive().max(1000).default(5),
  LOOKUP_SITE_LIMIT: z.coerce.number().int().positive().default(1000),
  LOOKUP_GUARD_WINDOW_MINUTES: z.coerce.number().int().positive().max(7 * 24 * 60).default(60),
  // Wrong tries of one Zalo follower or one client address, counted before the shared limits.
  LOOKUP_SENDER_LIMIT: z.coerce.number().int().positive().max(1000).default(10),
  // Past the site-wide ceiling: the wait after a wrong try before the same sender's next one.
  LOOKUP_SLOW_SECONDS: z.coerce.number().int().positive().max(24 * 3600).default(60),
  // Login throttle: failures on a sliding window, growing delay once the free ones are used.
  LOGIN_FAILURE_WINDOW_MINUTES: z.coerce.number().int().positive().max(7 * 24 * 60).default(60),
  LOGIN_PAIR_FREE_FAILURES: z.coerce.number().int().positive().max(1000).default(5),
  LOGIN_ACCOUNT_FREE_FAILURES: z.coerce.number().int().positive().max(10000).default(10),
  LOGIN_DELAY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(2),
  LOGIN_DELAY_MAX_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
  // CSRF: the key that signs anonymous visitors' tokens (required in production).
  CSRF_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INSTANCE_ID: z.string().min(1).max(100).optional(),
  // Scheduled jobs
  SCHEDULER_ENABLED: bool.default('true'),
  // JOB_SCHEDULE_<JOB>: each job declares its variable and default (src/platform/jobs, src/jobs.ts).
  DUE_SOON_WORKING_DAYS: z.coerce.number().positive().max(30).default(1),
  // The apology (Decree 118): drafted this many working days before the appointment; issued by
  // the head, or by the system only where the province delegates it.
  APOLOGY_REMINDER_WORKING_DAYS: z.coerce.number().int().min(2, 'at least 2 (the apology is due 1 working day before the appointment)').max(30).default(2),
  APOLOGY_AUTO_ISSUE: bool.default('false'),
  // Printed form numbering: the 2025 numbering (Circular 03/2025) or the 2018 labels.
  FORM_NUMBERING: z.enum(['2025', '2018']).default('2025'),
  // The unit's own number suffixes, key=suffix pairs (e.g. receipt=TNHS-TTPVHCC,supplement=PBS-TTPVHCC).
  FORM_SUFFIXES: z.string().default(''),
  // Notifications
  QUIET_HOURS: z.string().default('21:00-07:00'),
  ZNS_ACCESS_TOKEN: z.string().optional(),
  ZNS_API_URL: z.string().url().default('https://business.openapi.zalo.me/message/template'),
  ZNS_TEMPLATE_IDS: z.string().default(''),
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
  // Petitions (PAKN): working days to answer, one number for every kind or kind=days pairs.
  PETITION_ANSWER_WORKING_DAYS: z.string().default('10'),
});

/** The kinds of petition (src/domain/petitions.ts repeats them with their labels). */
const PETITION_KIND_KEYS = ['regulation', 'handling', 'conduct', 'other'] as const;

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string;
  /** PostgreSQL connections per process (SQLite always uses one). */
  databasePoolMax: number;
  publicBaseUrl: string;
  demoData: 'auto' | 'true' | 'false';
  sessionTtlMs: number;
  passwordHashCost: number;
  cookieSecure: boolean;
  trustProxy: boolean | number | string;
  officeHours: OfficeHours;
  sameDayCutoffMinute: number;
  lookupRateLimit: number;
  /** Working hours the office has to answer a citizen's question (QUESTION_ANSWER_WORKING_HOURS). */
  questionAnswerWorkingHours: number;
  /** Failed sign-ins per client address per rateLimitWindowMs (a spraying ceiling). */
  loginRateLimit: number;
  rateLimitWindowMs: number;
  lookupGuard: {
    /** Wrong lookups of one dossier code per window; then only the QR or the counter. */
    perCode: number;
    /** Wrong lookups of one Zalo follower or client address per window, checked first. */
    perActor: number;
    /** Wrong lookups across the site per window: past it, a sender waits slowMs after a wrong try. */
    site: number;
    windowMs: number;
    slowMs: number;
  };
  loginThrottle: {
    windowMs: number;
    /** Failures of one account from one address before the delay starts. */
    pairFree: number;
    /** Failures of one account from every address before addresses that failed wait too. */
    accountFree: number;
    delayBaseMs: number;
    delayMaxMs: number;
  };
  /** The anonymous CSRF signing key; null: generated once and kept in the database. */
  csrfSecret: string | null;
  logLevel: string;
  instanceId: string;
  jobs: {
    schedulerEnabled: boolean;
    /**
     * Every JOB_SCHEDULE_* variable set, as given: the job registry (src/platform/jobs)
     * takes each job's own, checks it and falls back on the job's default.
     */
    scheduleVariables: Readonly<Record<string, string>>;
    dueSoonWorkingDays: number;
  };
  apology: {
    /** Working days before the appointment at which the draft is prepared and the officer and head alerted (≥ 2). */
    reminderWorkingDays: number;
    /** The system issues the apology itself when the appointment passes (a province that delegates it); off by default. */
    autoIssue: boolean;
  };
  /** Which numbering and labels printed forms carry (src/domain/forms.ts). */
  formNumbering: '2025' | '2018';
  /** The deployment's number suffixes ("Số: …/<suffix>"), by form key; the rest take the defaults. */
  formSuffixes: Partial<Record<FormKey, string>>;
  notifications: {
    /** [start, end) minutes of the night during which citizens are not messaged; may wrap midnight. */
    quietHours: readonly [number, number];
    zns: { accessToken: string; apiUrl: string; templateIds: Record<string, string> } | null;
    sms: { url: string; token: string; brandname: string } | null;
    smtp: { url: string; from: string } | null;
    /** The Zalo OA: webhook, consultation messages, token refresh. Null: the webhook answers 404. */
    zaloOa: ZaloOaConfig | null;
  };
  petitions: {
    /** Working days the competent agency has to answer, per kind (PETITION_ANSWER_WORKING_DAYS). */
    answerWorkingDays: Record<(typeof PETITION_KIND_KEYS)[number], number>;
  };
}

export interface ZaloOaConfig {
  appId: string;
  /** The app's secret (OAuth token refresh). */
  appSecret: string;
  /** The OA secret key (webhook signatures). */
  oaSecretKey: string;
  /** The first token pair; the database keeps the rotating pair after the first refresh. */
  accessToken: string;
  refreshToken: string;
  apiUrl: string;
  oauthUrl: string;
  /** Webhook events whose timestamp is further than this from now are refused (ZALO_EVENT_MAX_SKEW_HOURS). */
  maxEventSkewMs: number;
}

export class ConfigError extends Error {}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // e.g. "loopback" or a list of addresses
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.PASSWORD_HASH_COST < 10) {
    throw new ConfigError('Invalid configuration:\n  PASSWORD_HASH_COST: at least 10 when NODE_ENV=production');
  }
  if (e.NODE_ENV === 'production' && !e.CSRF_SECRET) {
    throw new ConfigError('Invalid configuration:\n  CSRF_SECRET: required when NODE_ENV=production (at least 32 random characters)');
  }
  let officeHours: OfficeHours;
  let cutoff: number;
  try {
    officeHours = parseOfficeHours(e.OFFICE_HOURS);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  OFFICE_HOURS: ${(err as Error).message}`);
  }
  try {
    cutoff = parseClock(e.SAME_DAY_CUTOFF);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  SAME_DAY_CUTOFF: ${(err as Error).message}`);
  }
  let quiet: readonly [number, number];
  try {
    const [a, b, extra] = e.QUIET_HOURS.split('-');
    if (a === undefined || b === undefined || extra !== undefined) throw new RangeError('use HH:MM-HH:MM');
    quiet = [parseClock(a), parseClock(b)];
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  QUIET_HOURS: ${(err as Error).message}`);
  }
  const formSuffixes: Partial<Record<FormKey, string>> = {};
  for (const pair of e.FORM_SUFFIXES.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, suffix] = pair.split('=').map((x) => x.trim());
    if (!key || !suffix || !isFormKey(key) || !/^[0-9A-Za-zĐđ.-]{1,30}$/.test(suffix)) {
      throw new ConfigError(`Invalid configuration:\n  FORM_SUFFIXES: expected form=suffix pairs (forms: receipt, supplement, refusal, apology, stop_notice, control_sheet, tracking_book), got "${pair}"`);
    }
    formSuffixes[key] = suffix;
  }
  const templateIds: Record<string, string> = {};
  for (const pair of e.ZNS_TEMPLATE_IDS.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, id] = pair.split('=');
    if (!key || !id) throw new ConfigError(`Invalid configuration:\n  ZNS_TEMPLATE_IDS: expected key=id pairs, got "${pair}"`);
    templateIds[key.trim()] = id.trim();
  }
  const zaloVars = { ZALO_OA_APP_ID: e.ZALO_OA_APP_ID, ZALO_APP_SECRET: e.ZALO_APP_SECRET, ZALO_OA_SECRET_KEY: e.ZALO_OA_SECRET_KEY, ZALO_OA_ACCESS_TOKEN: e.ZALO_OA_ACCESS_TOKEN, ZALO_OA_REFRESH_TOKEN: e.ZALO_OA_REFRESH_TOKEN };
  const zaloMissing = Object.entries(zaloVars).filter(([, v]) => !v).map(([k]) => k);
  if (zaloMissing.length > 0 && zaloMissing.length < Object.keys(zaloVars).length) {
    throw new ConfigError(`Invalid configuration:\n  ${zaloMissing.join(', ')}: required when any ZALO_OA_* / ZALO_APP_SECRET variable is set (the OA needs all five)`);
  }
  const zaloOa: ZaloOaConfig | null =
    zaloMissing.length === 0
      ? { appId: e.ZALO_OA_APP_ID!, appSecret: e.ZALO_APP_SECRET!, oaSecretKey: e.ZALO_OA_SECRET_KEY!, accessToken: e.ZALO_OA_ACCESS_TOKEN!, refreshToken: e.ZALO_OA_REFRESH_TOKEN!, apiUrl: e.ZALO_OA_API_URL, oauthUrl: e.ZALO_OAUTH_URL, maxEventSkewMs: e.ZALO_EVENT_MAX_SKEW_HOURS * 3600_000 }
      : null;
  const answerWorkingDays = parsePetitionDays(e.PETITION_ANSWER_WORKING_DAYS);
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    publicBaseUrl,
    demoData: e.DEMO_DATA,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    passwordHashCost: e.PASSWORD_HASH_COST,
    cookieSecure: e.COOKIE_SECURE ?? publicBaseUrl.startsWith('https://'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    officeHours,
    sameDayCutoffMinute: cutoff,
    lookupRateLimit: e.LOOKUP_RATE_LIMIT,
    questionAnswerWorkingHours: e.QUESTION_ANSWER_WORKING_HOURS,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    rateLimitWindowMs: e.RATE_LIMIT_WINDOW_MINUTES * 60_000,
    lookupGuard: {
      perCode: e.LOOKUP_CODE_LIMIT,
      perActor: e.LOOKUP_SENDER_LIMIT,
      site: e.LOOKUP_SITE_LIMIT,
      windowMs: e.LOOKUP_GUARD_WINDOW_MINUTES * 60_000,
      slowMs: e.LOOKUP_SLOW_SECONDS * 1000,
    },
    loginThrottle: {
      windowMs: e.LOGIN_FAILURE_WINDOW_MINUTES * 60_000,
      pairFree: e.LOGIN_PAIR_FREE_FAILURES,
      accountFree: e.LOGIN_ACCOUNT_FREE_FAILURES,
      delayBaseMs: e.LOGIN_DELAY_BASE_SECONDS * 1000,
      delayMaxMs: e.LOGIN_DELAY_MAX_MINUTES * 60_000,
    },
    csrfSecret: e.CSRF_SECRET ?? null,
    logLevel: e.LOG_LEVEL,
    instanceId: e.INSTANCE_ID ?? `${os.hostname()}-${process.pid}`,
    jobs: {
      schedulerEnabled: e.SCHEDULER_ENABLED,
      scheduleVariables: scheduleVariables(env),
      dueSoonWorkingDays: e.DUE_SOON_WORKING_DAYS,
    },
    apology: { reminderWorkingDays: e.APOLOGY_REMINDER_WORKING_DAYS, autoIssue: e.APOLOGY_AUTO_ISSUE },
    formNumbering: e.FORM_NUMBERING,
    formSuffixes,
    notifications: {
      quietHours: quiet,
      zns: e.ZNS_ACCESS_TOKEN ? { accessToken: e.ZNS_ACCESS_TOKEN, apiUrl: e.ZNS_API_URL, templateIds } : null,
      sms: e.SMS_GATEWAY_URL ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN ?? '', brandname: e.SMS_BRANDNAME } : null,
      smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
      zaloOa,
    },
    petitions: { answerWorkingDays },
  };
}

/** The JOB_SCHEDULE_* variables set (a job's schedule; which ones exist is the job registry's business). */
function scheduleVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('JOB_SCHEDULE_') && e[1] !== undefined));
}

/** "10" (every kind) or "regulation=10,handling=7" (the rest 10): whole working days, 1–60. */
function parsePetitionDays(value: string): Config['petitions']['answerWorkingDays'] {
  const fail = (why: string) => new ConfigError(`Invalid configuration:\n  PETITION_ANSWER_WORKING_DAYS: ${why}`);
  const days = (v: string) => {
    if (!/^\d{1,2}$/.test(v.trim()) || Number(v) < 1 || Number(v) > 60) throw fail(`"${v}" is not a number of working days (1–60)`);
    return Number(v);
  };
  const out = Object.fromEntries(PETITION_KIND_KEYS.map((k) => [k, 10])) as Config['petitions']['answerWorkingDays'];
  const trimmed = value.trim();
  if (trimmed === '') return out;
  if (!trimmed.includes('=')) {
    const n = days(trimmed);
    for (const k of PETITION_KIND_KEYS) out[k] = n;
    return out;
  }
  for (const pair of trimmed.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, v, extra] = pair.split('=').map((x) => x.trim());
    if (!key || v === undefined || extra !== undefined || !(PETITION_KIND_KEYS as readonly string[]).includes(key)) {
      throw fail(`expected kind=days pairs (kinds: ${PETITION_KIND_KEYS.join(', ')}), got "${pair}"`);
    }
    out[key as (typeof PETITION_KIND_KEYS)[number]] = days(v);
  }
  return out;
}
