/**
 * The job registry: the jobs the composition root registered (src/jobs.ts), each with its
 * resolved schedule and whether this configuration schedules it. The jobs page, "Chạy
 * ngay", the CLI, the scheduler and the administrators' home read it; it knows no feature.
 */
import type { Config } from '../../config.js';
import type { Job, JobSpec } from './job.js';
import { checkSchedules, SCHEDULE_VARIABLE_PREFIX } from './schedule.js';

export interface RegisteredJob extends Job {
  /** The cron expression in force (the variable's, or the default). */
  readonly cron: string;
  /** Whether the scheduler runs it under this configuration. */
  readonly scheduled: boolean;
}

export interface JobRegistry {
  /** In the order registered (the jobs page, `npm run job -- all`). */
  readonly jobs: readonly RegisteredJob[];
  get(name: string): RegisteredJob | undefined;
  /** A counter's label in Vietnamese (see describeCounter). */
  counterLabel(key: string): string;
}

const NAME = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * Every counter label of `specs`, merged. A key declared twice must mean the same thing:
 * a job's run is shown with one label per key, whichever job reported it.
 */
export function counterLabels(specs: readonly JobSpec[]): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const s of specs) {
    for (const [key, label] of Object.entries(s.counters)) {
      if (Object.hasOwn(out, key) && out[key] !== label) throw new Error(`job ${s.name}: counter "${key}" is already labelled "${out[key]}"`);
      out[key] = label;
    }
  }
  return out;
}

/** A counter's label; one not in `labels` shows its name in words ("sent_late" → "Chỉ số “sent late”"). */
export function describeCounter(labels: Readonly<Record<string, string>>, key: string): string {
  if (Object.hasOwn(labels, key)) return labels[key]!;
  return `Chỉ số “${key.replace(/[_-]+/g, ' ').trim()}”`;
}

/** The declarations must be usable as names, URLs and variables: checked once, at registration. */
export function checkSpecs(specs: readonly JobSpec[]): void {
  const names = new Set<string>();
  const variables = new Set<string>();
  for (const s of specs) {
    if (!NAME.test(s.name)) throw new Error(`job "${s.name}": a name is lower-case letters, digits and _`);
    if (names.has(s.name)) throw new Error(`job "${s.name}" is registered twice`);
    if (!s.schedule.variable.startsWith(SCHEDULE_VARIABLE_PREFIX)) throw new Error(`job ${s.name}: its schedule variable must start with ${SCHEDULE_VARIABLE_PREFIX}`);
    if (variables.has(s.schedule.variable)) throw new Error(`job ${s.name}: ${s.schedule.variable} is already another job's variable`);
    names.add(s.name);
    variables.add(s.schedule.variable);
  }
  counterLabels(specs);
}

/** Registers `jobs` under `config`: a bad schedule or an unknown schedule variable is a ConfigError naming it. */
export function jobRegistry(jobs: readonly Job[], config: Config): JobRegistry {
  checkSpecs(jobs);
  const schedules = checkSchedules(jobs, config.jobs.scheduleVariables);
  const registered: RegisteredJob[] = jobs.map((j) => ({ ...j, cron: schedules[j.name]!, scheduled: j.scheduledWhen?.(config) ?? true }));
  const byName = new Map(registered.map((j) => [j.name, j]));
  const labels = counterLabels(jobs);
  return {
    jobs: registered,
    get: (name) => byName.get(name),
    counterLabel: (key) => describeCounter(labels, key),
  };
}
