import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { paths } from './paths.js';

// '/s/:token' → the literal prefix '/s/' and the placeholder to log instead of the token.
const TOKEN_PREFIX = paths.publicStatus.page.pattern.replace(/:token$/, '');
const TOKEN_RE = new RegExp(`^${TOKEN_PREFIX.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^/?#.]+`);

/** Public status tokens are keys: they never reach the logs. */
export function redactPath(url: string): string {
  return url.replace(TOKEN_RE, paths.publicStatus.page.pattern).replace(/\?.*$/, '');
}

export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      logger.info({ method: req.method, path: redactPath(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}
