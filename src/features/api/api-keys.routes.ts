/**
 * The administrator's page of API keys (/quan-tri/khoa-api; the admin-only guard is the admin
 * router's). A new key is shown once: the create form's POST puts it in a short-lived cookie
 * limited to these pages and redirects to the key's page, which shows it if it is that key's
 * (checked against the stored hash) and clears the cookie. The key is never stored in clear.
 */
import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { parseId, type FieldErrors, type FormValues } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { refusalError } from '../../web/refusal.js';
import { API_KEY_NOT_FOUND } from './api-keys.service.js';
import { API_KEY_FIELDS, parseApiKey } from './api.schema.js';

const REVEAL_COOKIE = 'motcua_api_key_moi';
const REVEAL_MS = 10 * 60_000;

const NOTICES: Record<string, string> = {
  'thu-hoi': 'Đã thu hồi khóa API; mọi yêu cầu dùng khóa này bị từ chối từ bây giờ.',
};

function idOf(raw: unknown): number {
  const id = parseId(raw);
  if (id === null) throw notFound(API_KEY_NOT_FOUND);
  return id;
}

export function apiKeysRoutes(svc: Services): Router {
  const router = Router();
  const keys = svc.apiKeys;
  const secure = svc.config.security.cookieSecure;

  router.get(paths.admin.apiKeys, async (req, res) => {
    const notice = typeof req.query.ok === 'string' ? (NOTICES[req.query.ok] ?? null) : null;
    res.render('admin/api-keys/list', { title: 'Khóa API tích hợp', keys: await keys.list(), notice });
  });

  async function renderForm(res: Response, values: FormValues, agencyValues: string[], errors: FieldErrors, status = 200) {
    res.status(status).render('admin/api-keys/form', {
      title: 'Tạo khóa API',
      values,
      agencyValues,
      errors,
      agencies: await svc.admin.agencies.list(),
      fields: API_KEY_FIELDS,
    });
  }

  router.get(paths.admin.newApiKey, async (_req, res) => {
    await renderForm(res, { name: '', scope: 'some', personal_data: '' }, [], {});
  });

  router.post(paths.admin.newApiKey, async (req, res) => {
    const agencies = await svc.admin.agencies.list();
    const parsed = parseApiKey(req.body, agencies.map((a) => a.id));
    if (!parsed.ok) return renderForm(res, parsed.values, parsed.agencyValues, parsed.errors, 400);
    const made = await keys.create(req.staff!, parsed.value);
    res.cookie(REVEAL_COOKIE, `${made.id}:${made.key}`, { httpOnly: true, sameSite: 'strict', secure, path: paths.admin.apiKeys, maxAge: REVEAL_MS });
    res.redirect(303, paths.admin.apiKey(made.id));
  });

  router.get(paths.admin.apiKey.pattern, async (req, res) => {
    const id = idOf(req.params.id);
    const key = await keys.find(id);
    if (!key) throw notFound(API_KEY_NOT_FOUND);
    // The new key, once: only if the cookie holds this key (its hash matches), then never again.
    let revealed: string | null = null;
    const cookie = (req.cookies as Record<string, unknown> | undefined)?.[REVEAL_COOKIE];
    if (typeof cookie === 'string') {
      const [cookieId, secret] = [cookie.slice(0, cookie.indexOf(':')), cookie.slice(cookie.indexOf(':') + 1)];
      if (cookieId === String(id) && (await keys.isKeyOf(id, secret))) revealed = secret;
      res.clearCookie(REVEAL_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: paths.admin.apiKeys });
    }
    res.render('admin/api-keys/show', { title: `Khóa API: ${key.name}`, key, revealed });
  });

  router.post(paths.admin.apiKeyRevoke.pattern, async (req, res) => {
    const result = await keys.revoke(req.staff!, idOf(req.params.id));
    if (!result.ok) throw refusalError(result);
    res.redirect(303, `${paths.admin.apiKeys}?ok=thu-hoi`);
  });

  return router;
}
