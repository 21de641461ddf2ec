/** The job registry (src/platform/jobs): declarations checked once, schedules checked at start-up, naming the variable. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ALL_JOBS, checkJobSchedules, COUNTER_LABELS, JOBS } from '../../src/jobs.js';
import { bindJob, defineJob, type Job } from '../../src/platform/jobs/job.js';
import { checkSpecs, jobRegistry } from '../../src/platform/jobs/registry.js';

const base = { NODE_ENV: 'test', LOG_LEVEL: 'silent' } as const;
const job = (over: Partial<Job> = {}): Job => ({
  name: 'probe',
  label: 'Tác vụ thử',
  counters: { probed: 'Đã thử' },
  schedule: { variable: 'JOB_SCHEDULE_PROBE', default: '*/5 * * * *' },
  run: async () => ({ probed: 0 }),
  ...over,
});

test('a bad cron string stops the start with a ConfigError naming the variable', () => {
  const config = loadConfig({ ...base, JOB_SCHEDULE_OUTBOX: 'every minute', JOB_SCHEDULE_CLEANUP: '61 3 * * *' });
  assert.throws(
    () => checkJobSchedules(config),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.message === 'Invalid configuration:\n  JOB_SCHEDULE_OUTBOX: "every minute" is not a cron expression\n  JOB_SCHEDULE_CLEANUP: "61 3 * * *" is not a cron expression',
  );
  assert.doesNotThrow(() => checkJobSchedules(loadConfig({ ...base, JOB_SCHEDULE_OUTBOX: '*/2 * * * *' })));
  // The registry built by services() checks the same (the CLI, the tests).
  assert.throws(() => jobRegistry([job()], loadConfig({ ...base, JOB_SCHEDULE_PROBE: 'x' })), (e: unknown) => e instanceof ConfigError && /JOB_SCHEDULE_PROBE: "x"/.test(e.message));
});

test('a JOB_SCHEDULE_ variable that no job reads is named too (a typo is not ignored in silence)', () => {
  assert.throws(
    () => checkJobSchedules(loadConfig({ ...base, JOB_SCHEDULE_DUESOON: '0 7 * * *' })),
    (e: unknown) => e instanceof ConfigError && /JOB_SCHEDULE_DUESOON: no job reads this variable \(the jobs' variables: JOB_SCHEDULE_DUE_SOON, /.test(e.message),
  );
});

test("each job's variable replaces its default; the registry says which jobs this configuration schedules", () => {
  const registry = jobRegistry([job(), job({ name: 'other', schedule: { variable: 'JOB_SCHEDULE_OTHER', default: '0 1 * * *' }, scheduledWhen: (c) => c.notifications.zaloOa !== null })], loadConfig({ ...base, JOB_SCHEDULE_PROBE: '0 7 * * 1-5' }));
  assert.deepEqual(registry.jobs.map((j) => [j.name, j.cron, j.scheduled]), [['probe', '0 7 * * 1-5', true], ['other', '0 1 * * *', false]]);
  assert.equal(registry.get('probe')?.label, 'Tác vụ thử');
  for (const name of ['__proto__', 'constructor', 'toString', 'PROBE']) assert.equal(registry.get(name), undefined, name);
  assert.equal(registry.counterLabel('probed'), 'Đã thử');
  assert.equal(registry.counterLabel('sent_late'), 'Chỉ số “sent late”');
});

test('declarations are checked at registration: names, variables, counters that mean two things', () => {
  assert.throws(() => checkSpecs([job(), job()]), /"probe" is registered twice/);
  assert.throws(() => checkSpecs([job(), job({ name: 'other' })]), /JOB_SCHEDULE_PROBE is already another job's variable/);
  assert.throws(() => checkSpecs([job({ name: 'Gửi tin' })]), /lower-case letters, digits and _/);
  assert.throws(() => checkSpecs([job({ schedule: { variable: 'PROBE_CRON', default: '* * * * *' } })]), /must start with JOB_SCHEDULE_/);
  assert.throws(
    () => checkSpecs([job(), job({ name: 'other', schedule: { variable: 'JOB_SCHEDULE_OTHER', default: '* * * * *' }, counters: { probed: 'Khác' } })]),
    /counter "probed" is already labelled "Đã thử"/,
  );
});

test('a declaration runs with the wiring the composition root binds', async () => {
  const declared = defineJob({ ...job(), run: async (ctx, w: { factor: number }) => ({ probed: ctx.now.getUTCHours() * w.factor }) });
  assert.deepEqual(await bindJob(declared, { factor: 2 }).run({ now: new Date('2026-11-24T03:00:00Z') }), { probed: 6 });
});

test('the registered jobs: the seventeen of today, in the page order, each with its own variable and Vietnamese counters', () => {
  assert.deepEqual(ALL_JOBS, ['due_soon', 'overdue', 'apology', 'early_completion', 'questions', 'petitions', 'zalo', 'outbox', 'portal_sync', 'catalogue', 'cleanup', 'api_log', 'vnpost', 'survey', 'files', 'online', 'report_months']);
  assert.deepEqual(
    JOBS.map((j) => j.schedule.variable),
    ALL_JOBS.map((name) => `JOB_SCHEDULE_${name.toUpperCase()}`),
  );
  for (const [key, label] of Object.entries(COUNTER_LABELS)) assert.doesNotMatch(label, /_|Chỉ số/, key);
});
