import express, { raw as rawBody, Router, type ErrorRequestHandler } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { refusalStatus } from '../../web/refusal.js';
import type { Refusal } from '../../platform/refusal/refusal.js';

/** The largest webhook body taken (a text event is well under 4 kB). */
export const WEBHOOK_BODY_LIMIT = '64kb';

/**
 * POST /zalo/webhook (mounted before the form parser and CSRF: Zalo signs the raw body).
 * The service's refusals (src/web/refusal.ts gives the status): 404 without the OA configured;
 * 400 not JSON, not an event, or a timestamp too far from now ('stale': a replay); 401 bad
 * signature. 413 too large; 200 stored (a redelivery answers 200 too, storing nothing).
 * Processing happens after the answer.
 */
export function zaloRoutes(svc: Services): Router {
  const router = Router();
  const answer = (res: express.Response, status: number, body: Record<string, unknown>) => {
    res.status(status).set('Cache-Control', 'no-store').json(body);
  };
  const refused = (res: express.Response, r: Refusal) => {
    refusalStatus(res, r).set('Cache-Control', 'no-store').json({ error: r.code ?? r.reason });
  };
  const tooLarge: ErrorRequestHandler = (err: { type?: string; status?: number }, _req, res, next) => {
    if (err?.type === 'entity.too.large') return answer(res, 413, { error: 'payload_too_large' });
    if (err?.type === 'encoding.unsupported' || err?.type === 'request.aborted' || err?.status === 400 || err?.status === 415) return answer(res, 400, { error: 'bad_request' });
    return next(err);
  };
  router.post(
    paths.zalo.webhook,
    (_req, res, next) => {
      const closed = svc.zalo.webhookClosed();
      if (closed) return refused(res, closed);
      return next();
    },
    rawBody({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res, next) => {
      try {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const r = await svc.zalo.receive(raw, req.headers['x-zevent-signature'], { ip: req.ip ?? null });
        if (r.ok) return answer(res, 200, { error: 0, message: r.stored ? 'received' : 'duplicate' });
        return refused(res, r);
      } catch (err) {
        return next(err);
      }
    },
  );
  router.use(paths.zalo.webhook, tooLarge);
  return router;
}
