import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import { paths } from '../../web/paths.js';
import { rateLimit } from '../../web/rate-limit.js';
import { publicStatusService, toOpen311 } from './public-status.service.js';

function publicHeaders(res: Response): void {
  // Personal-adjacent pages: not indexed, not kept by shared caches.
  res.set('X-Robots-Tag', 'noindex, nofollow');
  res.set('Cache-Control', 'private, no-cache');
}

export function publicStatusRoutes(deps: Deps): Router {
  const router = Router();
  const service = publicStatusService(deps);

  router.get('/s/:token', async (req, res) => {
    publicHeaders(res);
    const raw = String(req.params.token);
    const asJson = raw.endsWith('.json') || req.accepts(['html', 'json']) === 'json';
    const token = raw.replace(/\.json$/, '');
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
      db: deps.db,
      clock: deps.clock,
      name: 'lookup',
      limit: deps.config.lookupRateLimit,
      windowMs: deps.config.rateLimitWindowMs,
      message: 'Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút hoặc quét mã QR trên giấy tiếp nhận.',
    }),
    async (req, res) => {
      publicHeaders(res);
      const code = typeof req.body.code === 'string' ? req.body.code.normalize('NFC').trim().toUpperCase() : '';
      const last4 = typeof req.body.phone_last4 === 'string' ? req.body.phone_last4.trim() : '';
      const errors: Record<string, string> = {};
      if (!parseDossierCode(code)) errors.code = 'Nhập mã hồ sơ như trên giấy tiếp nhận (ví dụ: 000.00.12.H26-261123-0042)';
      if (!/^\d{4}$/.test(last4)) errors.phone_last4 = 'Nhập đúng 4 chữ số cuối của số điện thoại đã đăng ký';
      let status = 400;
      if (Object.keys(errors).length === 0) {
        const token = await service.lookup(code, last4);
        if (token) {
          res.redirect(303, paths.publicStatus.page(token));
          return;
        }
        errors.code = 'Không tìm thấy hồ sơ có mã và số điện thoại này. Vui lòng kiểm tra lại.';
        status = 404;
      }
      res.status(status).render('public/lookup', { title: 'Tra cứu hồ sơ', values: { code, phone_last4: last4 }, errors });
    },
  );

  return router;
}
