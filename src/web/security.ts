import helmet, { strictTransportSecurity } from 'helmet';
import type { RequestHandler } from 'express';

/** Security headers. Pages use only our own scripts and styles; nothing comes from a CDN. */
export function securityHeaders(): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  // HSTS only on a response served over HTTPS (req.secure honours `trust proxy`): over
  // plain HTTP the header means nothing, and would pin a test or LAN host to HTTPS.
  const hsts = strictTransportSecurity();
  return (req, res, next) => {
    headers(req, res, (err?: unknown) => {
      if (err) {
        next(err);
        return;
      }
      if (req.secure) hsts(req, res, next);
      else next();
    });
  };
}

/**
 * Signed-in staff see personal data on nearly every page: no response to them is kept
 * by any cache (pages, PDFs, exports, redirects). Set at the moment the headers go out,
 * so a route's own Cache-Control cannot weaken it. Runs after loadSession.
 */
export function noStoreForStaff(): RequestHandler {
  return (req, res, next) => {
    if (req.staff) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: typeof res, ...args: unknown[]) {
        this.setHeader('Cache-Control', 'no-store');
        this.removeHeader('Expires');
        return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
      } as typeof res.writeHead;
      res.setHeader('Cache-Control', 'no-store');
    }
    next();
  };
}
