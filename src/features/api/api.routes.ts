/**
 * The integration API over HTTP (/api/v1): JSON only, no cookies, no CSRF (a key in the
 * Authorization header is the credential). Every call made with a known key — refused ones
 * included — is logged (key, time, method, path, status, items) before it is answered.
 * Every error is `{ error: { code, message } }` with a Vietnamese message.
 */
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';
import type { Services } from '../../services.js';
import { hasControlChars } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { refusalStatus, statusOf } from '../../web/refusal.js';
import { OPENAPI_DOCUMENT } from './api.openapi.js';
import { API_MESSAGES, parseChangesQuery, parseDossierCode } from './api.schema.js';
import type { ApiClient } from './api.service.js';
import type { ApiEndpoint } from './api.http.js';

const NO_SUCH_ENDPOINT = 'Không có địa chỉ API này. Xem tài liệu tại /api/v1/openapi.json.';
const BAD_REQUEST = 'Yêu cầu không hợp lệ.';
const INTERNAL = 'Hệ thống gặp sự cố. Vui lòng thử lại sau ít phút.';
/** The longest path kept in the call log. */
const MAX_LOGGED_PATH = 300;

/** What the log keeps of the request: its path and query as sent, printable, bounded. */
function loggedPath(req: Request): string {
  const raw = req.originalUrl;
  const printable = hasControlChars(raw) ? [...raw].map((c) => (hasControlChars(c) ? '?' : c)).join('') : raw;
  return printable.slice(0, MAX_LOGGED_PATH);
}

export function apiRoutes(svc: Services, endpoints: readonly ApiEndpoint[] = []): Router {
  const router = Router();
  const api = svc.api;
  const clientOf = (res: Response): ApiClient | undefined => res.locals.apiClient as ApiClient | undefined;

  async function log(req: Request, res: Response, status: number, items: number, keyId = clientOf(res)?.keyId): Promise<void> {
    if (keyId !== undefined) await api.recordCall(keyId, { method: req.method.slice(0, 10), path: loggedPath(req), status, items });
  }

  async function reply(req: Request, res: Response, body: unknown, items: number): Promise<void> {
    await log(req, res, 200, items);
    res.status(200).json(body);
  }

  async function fail(req: Request, res: Response, r: Refusal, keyId?: number): Promise<void> {
    await log(req, res, statusOf(r), 0, keyId);
    refusalStatus(res, r).json({ error: { code: r.code ?? r.reason, message: r.message } });
  }

  router.use(paths.api.root, (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  // The document needs no key.
  router.get(paths.api.openapi, (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });

  // Who is calling, and whether the key may call now.
  router.use(paths.api.root, async (req, res, next) => {
    const who = await api.authenticate(req.get('authorization'));
    if (!who.ok) {
      res.set('WWW-Authenticate', 'Bearer realm="motcua"');
      return fail(req, res, who, who.keyId);
    }
    res.locals.apiClient = who.client;
    const admitted = await api.admit(who.client);
    if (!admitted.ok) return fail(req, res, admitted);
    next();
  });

  router.get(paths.api.changes, async (req, res) => {
    const q = parseChangesQuery(req.query as Record<string, unknown>);
    if (!q.ok) return fail(req, res, refuse('invalid', q.message, { code: q.code }));
    const page = await api.changes(clientOf(res)!, q.after, q.limit);
    await reply(req, res, page, page.items.length);
  });

  router.get(paths.api.dossier.pattern, async (req, res) => {
    const code = parseDossierCode(req.params.code);
    if (code === null) return fail(req, res, refuse('invalid', API_MESSAGES.invalidCode, { code: 'invalid_code' }));
    const found = await api.dossier(clientOf(res)!, code);
    if (!found.ok) return fail(req, res, found);
    await reply(req, res, found.value, 1);
  });

  router.get(paths.api.procedures, async (req, res) => {
    const list = await api.procedures();
    await reply(req, res, list, list.items.length);
  });

  for (const e of endpoints) {
    router[e.method](e.path, express.json({ limit: e.bodyLimit }), async (req, res) => {
      const out = await e.handle(clientOf(res)!, req.body);
      if ('ok' in out) return fail(req, res, out);
      await log(req, res, out.status, out.items ?? 1);
      res.status(out.status).json(out.body);
    });
  }

  router.use(paths.api.root, (req, res) => fail(req, res, refuse('not_found', NO_SUCH_ENDPOINT, { code: 'not_found' })));

  // A malformed request (a path that does not decode) is a 400; anything else a 500, in JSON.
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? 400 : 500;
    if (status === 500) svc.logger.error({ err, method: req.method, path: req.route?.path ?? 'unmatched' }, 'unhandled API error');
    if (res.headersSent) return;
    const body = status === 400 ? { error: { code: 'invalid', message: BAD_REQUEST } } : { error: { code: 'internal_error', message: INTERNAL } };
    log(req, res, status, 0)
      .catch((e: unknown) => svc.logger.error({ err: e }, 'API call log failed'))
      .finally(() => res.status(status).json(body));
  };
  router.use(paths.api.root, onError);
  return router;
}
