/**
 * The jobs' schedules: each job's cron expression is its variable (JOB_SCHEDULE_…) when set,
 * its declared default otherwise. Checked at start-up: a bad expression, or a JOB_SCHEDULE_
 * variable no job reads (a typo would otherwise be ignored in silence), is a ConfigError
 * naming the variable.
 */
import cron from 'node-cron';
import { ConfigError } from '../../config.js';
import type { JobSpec } from './job.js';

/** Every schedule variable starts with this (src/config.ts keeps every variable so named). */
export const SCHEDULE_VARIABLE_PREFIX = 'JOB_SCHEDULE_';

/** Each job's cron expression, by job name. */
export function resolveSchedules(specs: readonly JobSpec[], variables: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(specs.map((s) => [s.name, Object.hasOwn(variables, s.schedule.variable) ? variables[s.schedule.variable]! : s.schedule.default]));
}

/** What is wrong with `schedules` (by job name), one line per job, naming its variable. */
export function scheduleProblems(specs: readonly JobSpec[], schedules: Readonly<Record<string, string>>): string[] {
  return specs
    .filter((s) => Object.hasOwn(schedules, s.name) && !cron.validate(schedules[s.name]!))
    .map((s) => `${s.schedule.variable}: "${schedules[s.name]}" is not a cron expression`);
}

/** Schedule variables set that no job reads. */
export function unknownScheduleVariables(specs: readonly JobSpec[], variables: Readonly<Record<string, string>>): string[] {
  const known = new Set(specs.map((s) => s.schedule.variable));
  return Object.keys(variables)
    .filter((v) => !known.has(v))
    .map((v) => `${v}: no job reads this variable (the jobs' variables: ${[...known].join(', ')})`);
}

/** The schedules, or a ConfigError listing every problem. */
export function checkSchedules(specs: readonly JobSpec[], variables: Readonly<Record<string, string>>): Record<string, string> {
  const schedules = resolveSchedules(specs, variables);
  const problems = [...scheduleProblems(specs, schedules), ...unknownScheduleVariables(specs, variables)];
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return schedules;
}
