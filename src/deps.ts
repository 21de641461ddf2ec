/** The dependencies every feature receives: built once in server.ts, or by a test. */
import type { createDb } from './db/knex.js';
import type { Logger } from 'pino';
import type { Config } from './config.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where a test puts it. */
export function fixedClock(initial: Date): Clock & { set(d: Date): void; advance(ms: number): void } {
  let current = new Date(initial);
  return {
    now: () => new Date(current),
    set: (d) => {
      current = new Date(d);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

export interface Deps {
  /** The knex instance (typed through src/db: only repos and src/db speak SQL). */
  db: ReturnType<typeof createDb>;
  config: Config;
  clock: Clock;
  logger: Logger;
}
