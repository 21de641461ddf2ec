/**
 * The dossier deadline sweeps as a service: the context they run in (now, the working
 * calendar, and what they need of notifications and apologies, passed in by src/services.ts).
 * The jobs that run them are declared in deadlines.jobs.ts.
 */
import type { Deps } from '../../deps.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { SWEEPS, type SweepContext, type SweepName, type SweepPorts } from './deadline-sweeps.js';

export interface DeadlinesWiring extends SweepPorts {
  calendar: Pick<CalendarService, 'current'>;
}

export function deadlinesService(deps: Deps, wiring: DeadlinesWiring) {
  const sweepContext = async (now: Date = deps.clock.now()): Promise<SweepContext> => ({
    deps,
    now,
    cal: await wiring.calendar.current(),
    ports: { notifications: wiring.notifications, apology: wiring.apology },
  });
  return {
    sweepContext,
    /** Run one sweep at `now` (its job's run). */
    sweep: async (name: SweepName, now: Date): Promise<Record<string, number>> => SWEEPS[name](await sweepContext(now)),
  };
}

export type DeadlinesService = ReturnType<typeof deadlinesService>;
