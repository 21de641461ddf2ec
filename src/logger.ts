import pino, { type Logger } from 'pino';

/** JSON lines on stdout, one object per event (pino). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'motcua' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** One log line per administrative change, with who did it (no personal data of citizens). */
export function auditLog(logger: Logger) {
  return (actor: { id: number; username: string }, action: string, target: Record<string, unknown>) =>
    logger.info({ actorId: actor.id, actor: actor.username, action, ...target }, 'admin action');
}
