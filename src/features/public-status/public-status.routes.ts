import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { parseObject } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { rateLimit } from '../../web/rate-limit.js';
import { refusalStatus, statusOf } from '../../web/refusal.js';
import { isWellFormedToken } from '../../domain/public-token.js';
import { ASK_LIMIT, askSchema } from '../questions/questions.schema.js';
import { LOOKUP_TEXT, lookupSchema, statusTokenSchema } from './public-status.schema.js';
import { toOpen311 } from './public-status.service.js';
import { publicHeaders, renderPublicNotFound, renderStatusPage, sendPublicNotFoundJson } from '../../web/public-status-page.js';
import { translatorOf } from '../../web/i18n/language.js';

export function publicStatusRoutes(svc: Services): Router {
  const router = Router();
  const service = svc.publicStatus;

  router.get(paths.publicStatus.page.pattern, async (req, res) => {
    publicHeaders(res);
    const parsed = statusTokenSchema.safeParse(req.params);
    const { token, json } = parsed.success ? parsed.data.token : { token: '', json: false };
    const asJson = json || req.accepts(['html', 'json']) === 'json';
    const tr = translatorOf(res);
    const status = await service.byTokenIn(token, tr);
    if (!status) {
      if (asJson) return sendPublicNotFoundJson(res);
      return renderPublicNotFound(res);
    }
    if (asJson) {
      res.json([toOpen311(status)]);
      return;
    }
    res.render('public/status', { title: tr.t('status.title', { code: status.code }), s: status });
  });

  const lookupTitle = (res: Response) => translatorOf(res).t('lookup.title');

  router.get(paths.publicStatus.lookup, (_req, res) => {
    publicHeaders(res);
    res.render('public/lookup', { title: lookupTitle(res), values: { code: '', phone_last4: '' }, errors: {} });
  });

  router.post(
    paths.publicStatus.lookup,
    rateLimit({
      limiter: svc.rateLimiter,
      name: 'lookup',
      limit: svc.config.lookup.rateLimit,
      windowMs: svc.config.lookup.rateLimitWindowMs,
      message: LOOKUP_TEXT.rateLimit,
    }),
    async (req, res) => {
      publicHeaders(res);
      const form = parseObject(lookupSchema, req.body);
      const values = { code: form.values.code!.trim().toUpperCase(), phone_last4: form.values.phone_last4!.trim() };
      if (!form.ok) {
        res.status(400).render('public/lookup', { title: lookupTitle(res), values, errors: form.errors });
        return;
      }
      const result = await service.lookup(form.value.code, form.value.phone_last4, req.ip ?? null);
      if (result.ok) {
        res.redirect(303, paths.publicStatus.page(result.token));
        return;
      }
      // Not found (a wrong secret and a code that used its tries read alike), or too many tries (with Retry-After).
      refusalStatus(res, result).render('public/lookup', { title: lookupTitle(res), values, errors: { code: result.message } });
    },
  );


  /** The status page again after a refused question: what was typed and why. */
  function renderAsk(res: Response, code: number, token: string, form: { values: Record<string, string>; errors: Record<string, string>; message: string | null }): Promise<void> {
    const tr = translatorOf(res);
    return renderStatusPage(res, (t) => service.byTokenIn(t, tr), token, code, { questionForm: form });
  }

  // A citizen's question, under the timeline: rate-limited per address (middleware) and per token.
  router.post(
    paths.publicStatus.ask.pattern,
    rateLimit({ limiter: svc.rateLimiter, name: 'question', limit: svc.config.lookup.rateLimit, windowMs: svc.config.lookup.rateLimitWindowMs, message: ASK_LIMIT }),
    async (req, res) => {
      publicHeaders(res);
      const token = String(req.params.token);
      if (!isWellFormedToken(token)) return renderPublicNotFound(res);
      const perToken = await svc.rateLimiter.hit(`question-token:${token}`, svc.config.lookup.rateLimitWindowMs);
      const form = parseObject(askSchema, req.body);
      const values = { cau_hoi: form.values.cau_hoi ?? '' };
      if (perToken.count > svc.config.lookup.rateLimit) {
        res.set('Retry-After', String(Math.max(1, Math.ceil(perToken.resetMs / 1000))));
        await renderAsk(res, 429, token, { values, errors: {}, message: ASK_LIMIT });
        return;
      }
      if (!form.ok) {
        await renderAsk(res, 400, token, { values, errors: form.errors, message: null });
        return;
      }
      const result = await svc.questions.ask(token, form.value.cau_hoi, req.ip ?? null);
      if (result.ok) {
        res.redirect(303, `${paths.publicStatus.page(token)}#cau-hoi`);
        return;
      }
      if (result.reason === 'not_found') return renderPublicNotFound(res);
      await renderAsk(res, statusOf(result), token, { values, errors: {}, message: result.message });
    },
  );

  // After a refused POST the address bar shows the form's URL: reloading it leads back to the page.
  router.get(paths.publicStatus.ask.pattern, (req, res) => {
    publicHeaders(res);
    const token = String(req.params.token);
    if (!isWellFormedToken(token)) return renderPublicNotFound(res);
    res.redirect(303, `${paths.publicStatus.page(token)}#cau-hoi`);
  });

  return router;
}
