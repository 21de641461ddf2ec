/**
 * Citizen satisfaction ratings: the form on the public status page (POST only; the page
 * itself is the public-status feature's) and the supervisors' follow-up page.
 */
import { Router, type Response } from 'express';
import { parsePeriod, type PeriodParse } from '../../domain/period.js';
import { localDateOf } from '../../domain/time.js';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { rateLimit } from '../../web/rate-limit.js';
import { requireRole } from '../../web/session.js';
import { emptyRatingValues, formatRate, type RatingFormValues } from './rating.js';
import { isWellFormedToken } from '../../domain/public-token.js';
import { parseRatingsQuery } from './ratings.schema.js';

/** The supervisors' page: the last 30 days by default, at most 366 days. */
const PAGE_PERIOD = { defaultDays: 30, maxDays: 366 };
const PERIOD_FIELDS = { month: 'tu_ngay', quarter: 'tu_ngay', year: 'tu_ngay', from: 'tu_ngay', to: 'den_ngay' } as const;

function publicHeaders(res: Response): void {
  res.set('X-Robots-Tag', 'noindex, nofollow');
  res.set('Cache-Control', 'private, no-cache');
}

export interface RatingFormState {
  values: RatingFormValues;
  errors: Record<string, string>;
  /** A refusal (already rated, not returned yet) shown above the rating section. */
  message: string | null;
}

export function ratingsRoutes(svc: Services): Router {
  const router = Router();
  const service = svc.ratings;
  const status = svc.publicStatus;

  /** The status page again, with the rating form's state (errors, kept values, refusal). */
  async function renderStatus(res: Response, code: number, token: string, form: RatingFormState): Promise<void> {
    const s = await status.byToken(token);
    if (!s) {
      res.status(404).render('public/not-found', { title: 'Không tìm thấy hồ sơ' });
      return;
    }
    res.status(code).render('public/status', { title: `Tình trạng hồ sơ ${s.code}`, s, ratingForm: form });
  }

  router.post(
    paths.ratings.submit.pattern,
    rateLimit({
      limiter: svc.rateLimiter,
      name: 'rating',
      limit: svc.config.lookupRateLimit,
      windowMs: svc.config.rateLimitWindowMs,
      message: 'Bạn đã gửi quá nhiều lần. Vui lòng thử lại sau ít phút.',
    }),
    async (req, res) => {
      publicHeaders(res);
      const token = String(req.params.token);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const result = await service.submit(token, body);
      switch (result.kind) {
        case 'not_found':
          res.status(404).render('public/not-found', { title: 'Không tìm thấy hồ sơ' });
          return;
        case 'not_returned':
        case 'already_rated':
          await renderStatus(res, 409, token, { values: emptyRatingValues(), errors: {}, message: result.message });
          return;
        case 'invalid':
          await renderStatus(res, 400, token, { values: result.values, errors: result.errors, message: null });
          return;
        case 'saved':
          res.redirect(303, `${paths.publicStatus.page(token)}#danh-gia`);
          return;
      }
    },
  );

  // After a refused POST the address bar shows the form's URL: reloading it leads back to the page.
  router.get(paths.ratings.submit.pattern, (req, res) => {
    const token = String(req.params.token);
    if (!isWellFormedToken(token)) {
      publicHeaders(res);
      res.status(404).render('public/not-found', { title: 'Không tìm thấy hồ sơ' });
      return;
    }
    res.redirect(303, `${paths.publicStatus.page(token)}#danh-gia`);
  });

  router.get(paths.ratings.list, requireRole('supervisor', 'admin'), async (req, res) => {
    const staff = req.staff!;
    const isAdmin = staff.role === 'admin';
    const today = localDateOf(svc.clock.now());
    const errors: Record<string, string> = {};
    const parsed = parseRatingsQuery(req.query as Record<string, unknown>, { agencyFilter: isAdmin });
    let period: PeriodParse;
    if (parsed.ok) {
      period = parsePeriod({ kind: 'custom', ...(parsed.value.tu_ngay ? { from: parsed.value.tu_ngay } : {}), ...(parsed.value.den_ngay ? { to: parsed.value.den_ngay } : {}) }, today, PAGE_PERIOD);
      if (!period.ok) errors[PERIOD_FIELDS[period.field]] = period.message;
    } else {
      Object.assign(errors, parsed.errors);
      period = { ok: false, field: 'from', message: '' };
    }
    // A refused period shows the default one, with the message next to the field.
    const shown = period.ok ? period.period : (parsePeriod({ kind: 'custom' }, today, PAGE_PERIOD) as Extract<PeriodParse, { ok: true }>).period;
    // Administrators see every agency, or one they pick; supervisors their own.
    const agencies = isAdmin ? await service.agencies() : [];
    let agencyId: number | undefined;
    if (isAdmin && parsed.ok && parsed.value.co_quan !== null) {
      if (agencies.some((a) => a.id === parsed.value.co_quan)) agencyId = parsed.value.co_quan;
      else errors.co_quan = 'Cơ quan không hợp lệ';
    }
    const page = await service.page(staff, { from: shown.firstDay, to: shown.lastDay }, agencyId);
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('ratings/list', {
      title: 'Đánh giá mức độ hài lòng',
      query: { from: shown.firstDay, to: shown.lastDay, agency: agencyId === undefined ? '' : String(agencyId) },
      errors,
      isAdmin,
      agencies,
      scopeName: page.agencyId === undefined ? 'Tất cả cơ quan' : (agencies.find((a) => a.id === page.agencyId)?.name ?? staff.agencyName),
      byOfficer: page.byOfficer,
      byAgency: page.byAgency,
      unsatisfied: page.unsatisfied,
      totals: page.totals,
      formatRate,
    });
  });

  return router;
}
