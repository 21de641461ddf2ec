import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { parseObject } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { rateLimit } from '../../web/rate-limit.js';
import { lookupSchema, statusTokenSchema } from './public-status.schema.js';
import { toOpen311 } from './public-status.service.js';

function publicHeaders(res: Response): void {
  // Personal-adjacent pages: not indexed, not kept by shared caches.
  res.set('X-Robots-Tag', 'noindex, nofollow');
  res.set('Cache-Control', 'private, no-cache');
}

const NOT_FOUND = 'Không tìm thấy hồ sơ có mã và số điện thoại này. Vui lòng kiểm tra lại.';
const SITE_LIMIT =
  'Tra cứu bằng mã hồ sơ đang tạm dừng vì có quá nhiều lượt tra cứu sai. Vui lòng quét mã QR trên giấy tiếp nhận hoặc liên hệ Bộ phận Một cửa.';

export function publicStatusRoutes(svc: Services): Router {
  const router = Router();
  const service = svc.publicStatus;

  router.get(paths.publicStatus.page.pattern, async (req, res) => {
    publicHeaders(res);
    const parsed = statusTokenSchema.safeParse(req.params);
    const { token, json } = parsed.success ? parsed.data.token : { token: '', json: false };
    const asJson = json || req.accepts(['html', 'json']) === 'json';
    const status = await service.byToken(token);
    if (!status) {
      if (asJson) {
        res.status(404).json({ error: { status: 404, message: 'Không tìm thấy hồ sơ' } });
        return;
      }
      res.status(404).render('public/not-found', { title: 'Không tìm thấy hồ sơ' });
      return;
    }
    if (asJson) {
      res.json([toOpen311(status)]);
      return;
    }
    res.render('public/status', { title: `Tình trạng hồ sơ ${status.code}`, s: status });
  });

  router.get(paths.publicStatus.lookup, (_req, res) => {
    publicHeaders(res);
    res.render('public/lookup', { title: 'Tra cứu hồ sơ', values: { code: '', phone_last4: '' }, errors: {} });
  });

  router.post(
    paths.publicStatus.lookup,
    rateLimit({
      limiter: svc.rateLimiter,
      name: 'lookup',
      limit: svc.config.lookupRateLimit,
      windowMs: svc.config.rateLimitWindowMs,
      message: 'Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút hoặc quét mã QR trên giấy tiếp nhận.',
    }),
    async (req, res) => {
      publicHeaders(res);
      const form = parseObject(lookupSchema, req.body);
      const values = { code: form.values.code!.trim().toUpperCase(), phone_last4: form.values.phone_last4!.trim() };
      if (!form.ok) {
        res.status(400).render('public/lookup', { title: 'Tra cứu hồ sơ', values, errors: form.errors });
        return;
      }
      const result = await service.lookup(form.value.code, form.value.phone_last4);
      if (result.ok) {
        res.redirect(303, paths.publicStatus.page(result.token));
        return;
      }
      if (result.reason === 'site_limit') {
        res.set('Retry-After', String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))));
        res.status(429).render('public/lookup', { title: 'Tra cứu hồ sơ', values, errors: { code: SITE_LIMIT } });
        return;
      }
      // A wrong secret and a code that used its tries get the same answer.
      res.status(404).render('public/lookup', { title: 'Tra cứu hồ sơ', values, errors: { code: NOT_FOUND } });
    },
  );

  return router;
}
