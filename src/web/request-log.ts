import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** Public status tokens are keys: they never reach the logs. */
export function redactPath(url: string): string {
  return url.replace(/^\/s\/[^/?#.]+/, '/s/:token').replace(/\?.*$/, '');
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
