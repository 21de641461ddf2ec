/** The configuration of the Zalo OA and of petitions: parsed once, a bad value named. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { jobSchedules, scheduledJobs, validateSchedules } from '../../src/jobs.js';

const base = { NODE_ENV: 'test', LOG_LEVEL: 'silent' } as const;
const zalo = {
  ZALO_OA_APP_ID: '1234567890',
  ZALO_APP_SECRET: 'app-secret',
  ZALO_OA_SECRET_KEY: 'oa-secret',
  ZALO_OA_ACCESS_TOKEN: 'access-1',
  ZALO_OA_REFRESH_TOKEN: 'refresh-1',
};

test('the Zalo OA is off without its variables, on with all five, with the documented default URLs', () => {
  assert.equal(loadConfig(base).notifications.zaloOa, null);
  const oa = loadConfig({ ...base, ...zalo }).notifications.zaloOa;
  assert.deepEqual(oa, {
    appId: '1234567890',
    appSecret: 'app-secret',
    oaSecretKey: 'oa-secret',
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    apiUrl: 'https://openapi.zalo.me/v3.0/oa/message/cs',
    oauthUrl: 'https://oauth.zaloapp.com/v4/oa/access_token',
    maxEventSkewMs: 24 * 3600_000,
  });
  assert.equal(loadConfig({ ...base, ...zalo, ZALO_EVENT_MAX_SKEW_HOURS: '2' }).notifications.zaloOa?.maxEventSkewMs, 2 * 3600_000);
  const custom = loadConfig({ ...base, ...zalo, ZALO_OA_API_URL: 'http://127.0.0.1:9/cs', ZALO_OAUTH_URL: 'http://127.0.0.1:9/token' }).notifications.zaloOa;
  assert.equal(custom?.apiUrl, 'http://127.0.0.1:9/cs');
  assert.equal(custom?.oauthUrl, 'http://127.0.0.1:9/token');
});

test('the lookup guard: per sender before the shared limits, a ceiling that slows', () => {
  assert.deepEqual(loadConfig(base).lookup.guard, { perCode: 5, perActor: 10, site: 1000, windowMs: 3600_000, slowMs: 60_000 });
  const g = loadConfig({ ...base, LOOKUP_SENDER_LIMIT: '4', LOOKUP_SLOW_SECONDS: '120' }).lookup.guard;
  assert.equal(g.perActor, 4);
  assert.equal(g.slowMs, 120_000);
  assert.throws(() => loadConfig({ ...base, LOOKUP_SENDER_LIMIT: '0' }), /LOOKUP_SENDER_LIMIT/);
});

test('a partial Zalo OA configuration stops the start and names what is missing', () => {
  const { ZALO_APP_SECRET: _secret, ZALO_OA_REFRESH_TOKEN: _refresh, ...partial } = zalo;
  assert.throws(
    () => loadConfig({ ...base, ...partial }),
    (err: unknown) => err instanceof ConfigError && /ZALO_APP_SECRET, ZALO_OA_REFRESH_TOKEN: required/.test(err.message),
  );
  assert.throws(() => loadConfig({ ...base, ...zalo, ZALO_OA_API_URL: 'not a url' }), /ZALO_OA_API_URL/);
});

test('petition answer deadlines: 10 working days by default, one number for all kinds, or kind=days pairs', () => {
  assert.deepEqual(loadConfig(base).petitions.answerWorkingDays, { regulation: 10, handling: 10, conduct: 10, other: 10 });
  assert.deepEqual(loadConfig({ ...base, PETITION_ANSWER_WORKING_DAYS: '15' }).petitions.answerWorkingDays, { regulation: 15, handling: 15, conduct: 15, other: 15 });
  assert.deepEqual(loadConfig({ ...base, PETITION_ANSWER_WORKING_DAYS: 'handling=7, conduct=5' }).petitions.answerWorkingDays, { regulation: 10, handling: 7, conduct: 5, other: 10 });
  for (const bad of ['0', '61', 'ten', 'handling', 'complaint=5', 'handling=7=8', 'handling=']) {
    assert.throws(() => loadConfig({ ...base, PETITION_ANSWER_WORKING_DAYS: bad }), /PETITION_ANSWER_WORKING_DAYS/, bad);
  }
});

test('the new job schedules have defaults and are checked like the others', () => {
  const jobs = jobSchedules(loadConfig(base));
  assert.equal(jobs.zalo, '* * * * *');
  assert.equal(jobs.questions, '*/10 * * * *');
  assert.equal(jobs.petitions, '*/15 * * * *');
  assert.deepEqual(validateSchedules(jobs), []);
  assert.deepEqual(validateSchedules(jobSchedules(loadConfig({ ...base, JOB_SCHEDULE_PETITIONS: 'every hour' }))), ['JOB_SCHEDULE_PETITIONS: "every hour" is not a cron expression']);
});

test('the Zalo OA job is scheduled only with the OA configured; every other job always', () => {
  const without = scheduledJobs(loadConfig(base));
  assert.ok(!without.includes('zalo'));
  assert.ok(['due_soon', 'overdue', 'apology', 'early_completion', 'questions', 'petitions', 'outbox', 'cleanup'].every((j) => without.includes(j as (typeof without)[number])));
  assert.ok(scheduledJobs(loadConfig({ ...base, ...zalo })).includes('zalo'));
  // The national portal sync likewise: not scheduled while DVCQG_MODE is off (the default).
  assert.ok(!without.includes('portal_sync'));
  assert.ok(scheduledJobs(loadConfig({ ...base, DVCQG_MODE: 'dry_run' })).includes('portal_sync'));
});

test('the password hash cost: 11 by default, 4 to 15, at least 10 in production', () => {
  assert.equal(loadConfig(base).security.passwordHashCost, 11);
  assert.equal(loadConfig({ ...base, PASSWORD_HASH_COST: '4' }).security.passwordHashCost, 4);
  assert.throws(() => loadConfig({ ...base, PASSWORD_HASH_COST: '3' }), /PASSWORD_HASH_COST/);
  assert.throws(() => loadConfig({ ...base, PASSWORD_HASH_COST: '16' }), /PASSWORD_HASH_COST/);
  const prod = { NODE_ENV: 'production', LOG_LEVEL: 'silent', CSRF_SECRET: 'x'.repeat(32), PUBLIC_BASE_URL: 'https://motcua.example.vn' };
  assert.throws(() => loadConfig({ ...prod, PASSWORD_HASH_COST: '9' }), (e: unknown) => e instanceof ConfigError && /PASSWORD_HASH_COST: at least 10/.test(e.message));
  assert.equal(loadConfig({ ...prod, PASSWORD_HASH_COST: '12' }).security.passwordHashCost, 12);
});

test('composite variables are parsed by the schema, a bad one named with what is expected', () => {
  const c = loadConfig(base);
  assert.deepEqual(c.office.hours, [[480, 720], [780, 1020]]);
  assert.equal(c.office.sameDayCutoffMinute, 15 * 60);
  assert.deepEqual(c.notifications.quietHours, [21 * 60, 7 * 60]);
  assert.equal(c.server.trustProxy, false);
  assert.deepEqual(c.forms.suffixes, {});
  assert.deepEqual(loadConfig({ ...base, OFFICE_HOURS: '07:30-11:30, 13:30-17:00' }).office.hours, [[450, 690], [810, 1020]]);
  assert.deepEqual(loadConfig({ ...base, QUIET_HOURS: '22:00-06:00' }).notifications.quietHours, [22 * 60, 6 * 60]);
  for (const [value, expected] of [['true', true], ['2', 2], ['loopback', 'loopback'], ['', false]] as const) {
    assert.equal(loadConfig({ ...base, TRUST_PROXY: value }).server.trustProxy, expected, value);
  }
  assert.deepEqual(loadConfig({ ...base, FORM_SUFFIXES: 'receipt=TN, apology=XL-1' }).forms.suffixes, { receipt: 'TN', apology: 'XL-1' });
  assert.deepEqual(loadConfig({ ...base, ZNS_ACCESS_TOKEN: 't', ZNS_TEMPLATE_IDS: 'receipt=1001, apology = 1002' }).notifications.zns?.templateIds, { receipt: '1001', apology: '1002' });
  const refused: Array<[Record<string, string>, RegExp]> = [
    [{ OFFICE_HOURS: '8h-12h' }, /^ {2}OFFICE_HOURS: /m],
    [{ SAME_DAY_CUTOFF: '25:00' }, /^ {2}SAME_DAY_CUTOFF: Not a HH:MM time: 25:00$/m],
    [{ QUIET_HOURS: '21:00' }, /^ {2}QUIET_HOURS: use HH:MM-HH:MM$/m],
    [{ FORM_SUFFIXES: 'bill=HD' }, /^ {2}FORM_SUFFIXES: expected form=suffix pairs \(forms: receipt, supplement, refusal, apology, stop_notice, control_sheet, tracking_book\), got "bill=HD"$/m],
    [{ ZNS_TEMPLATE_IDS: 'receipt' }, /^ {2}ZNS_TEMPLATE_IDS: expected key=id pairs, got "receipt"$/m],
  ];
  for (const [env, message] of refused) {
    assert.throws(() => loadConfig({ ...base, ...env }), (e: unknown) => e instanceof ConfigError && message.test(e.message), JSON.stringify(env));
  }
});

test('every bad variable is listed at once, the production rules with them', () => {
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', OFFICE_HOURS: 'x', FORM_SUFFIXES: 'bill=HD', PASSWORD_HASH_COST: '9' }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      const lines = e.message.split('\n');
      assert.equal(lines[0], 'Invalid configuration:');
      assert.deepEqual(lines.slice(1).map((l) => /^ {2}([A-Z_]+):/.exec(l)?.[1]).sort(), ['CSRF_SECRET', 'FORM_SUFFIXES', 'OFFICE_HOURS', 'PASSWORD_HASH_COST']);
      return true;
    },
  );
});

test('each feature reads its own section; one rate-limit window serves the login throttle and the public forms', () => {
  const c = loadConfig({ ...base, RATE_LIMIT_WINDOW_MINUTES: '5', LOGIN_RATE_LIMIT: '7', LOOKUP_RATE_LIMIT: '3', DATABASE_URL: 'sqlite:/tmp/x.sqlite', DUE_SOON_WORKING_DAYS: '2' });
  assert.deepEqual(c.security.loginThrottle, { windowMs: 3600_000, pairFree: 5, accountFree: 10, delayBaseMs: 2000, delayMaxMs: 15 * 60_000, addressLimit: 7, addressWindowMs: 5 * 60_000 });
  assert.deepEqual({ rateLimit: c.lookup.rateLimit, rateLimitWindowMs: c.lookup.rateLimitWindowMs }, { rateLimit: 3, rateLimitWindowMs: 5 * 60_000 });
  assert.equal(c.database.url, 'sqlite:/tmp/x.sqlite');
  assert.equal(c.deadlines.dueSoonWorkingDays, 2);
  assert.deepEqual(Object.keys(c).sort(), ['api', 'apology', 'catalogue', 'database', 'deadlines', 'env', 'files', 'forms', 'jobs', 'logging', 'lookup', 'notifications', 'office', 'online', 'petitions', 'portal', 'post', 'questions', 'reports', 'security', 'server']);
});

test('the integration API: calls per key and per minute (default 120), a positive whole number', () => {
  assert.equal(loadConfig(base).api.rateLimitPerMinute, 120);
  assert.equal(loadConfig({ ...base, API_RATE_LIMIT_PER_MINUTE: '600' }).api.rateLimitPerMinute, 600);
  for (const bad of ['0', '-5', '1.5', 'many']) {
    assert.throws(() => loadConfig({ ...base, API_RATE_LIMIT_PER_MINUTE: bad }), (err: Error) => /API_RATE_LIMIT_PER_MINUTE:/.test(err.message));
  }
});

test('idle keep-alive connections: 65 s by default (longer than nginx’s 60), a bad value named', () => {
  assert.equal(loadConfig(base).server.keepAliveMs, 65_000);
  assert.equal(loadConfig({ ...base, HTTP_KEEP_ALIVE_SECONDS: '120' }).server.keepAliveMs, 120_000);
  for (const bad of ['0', '-5', 'abc', '3601']) assert.throws(() => loadConfig({ ...base, HTTP_KEEP_ALIVE_SECONDS: bad }), /HTTP_KEEP_ALIVE_SECONDS/, bad);
});
