import pino, { type Logger } from 'pino';

/** JSON lines on stdout, one object per event (pino). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'motcua' }, timestamp: pino.stdTimeFunctions.isoTime });
}
