/** Running one scheduled job as the scheduler does, on the services built from a test's deps. */
import type { Deps } from '../../src/deps.js';
import type { JobName } from '../../src/jobs.js';
import type { RunOutcome } from '../../src/platform/jobs/runner.js';
import { services } from '../../src/services.js';

export function runJob(deps: Deps, job: JobName): Promise<RunOutcome> {
  return services(deps).jobs.run(job);
}
