/**
 * Citizen satisfaction ratings: the form on the public status page (POST only; the page
 * itself is the public-status feature's) and the supervisors' follow-up page.
 */
import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { addDays, localDateOf, vnInstant } from '../../domain/time.js';
import { paths } from '../../web/paths.js';
import { rateLimit } from '../../web/rate-limit.js';
import { requireRole } from '../../web/session.js';
import { isWellFormedToken, publicStatusService } from '../public-status/public-status.service.js';
import { emptyRatingValues, formatRate, type RatingFormValues } from './rating.js';
import { parsePeriod } from './period.js';
import { ratingPaths } from './ratings.paths.js';
import { ratingSummary, unsatisfiedWithComments } from './ratings.repo.js';
import { ratingsService } from './ratings.service.js';

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

export function ratingsRoutes(deps: Deps): Router {
  const router = Router();
  const service = ratingsService(deps);
  const status = publicStatusService(deps);

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
    '/s/:token/danh-gia',
    rateLimit({
      db: deps.db,
      clock: deps.clock,
      name: 'rating',
      limit: deps.config.lookupRateLimit,
      windowMs: deps.config.rateLimitWindowMs,
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
  router.get('/s/:token/danh-gia', (req, res) => {
    const token = String(req.params.token);
    if (!isWellFormedToken(token)) {
      publicHeaders(res);
      res.status(404).render('public/not-found', { title: 'Không tìm thấy hồ sơ' });
      return;
    }
    res.redirect(303, `${paths.publicStatus.page(token)}#danh-gia`);
  });

  router.get(ratingPaths.list, requireRole('supervisor', 'admin'), async (req, res) => {
    const staff = req.staff!;
    const today = localDateOf(deps.clock.now());
    const period = parsePeriod(req.query as Record<string, unknown>, today);
    const errors: Record<string, string> = { ...period.errors };
    // Supervisors see their own agency; administrators every agency, or one they pick.
    let agencyId: number | undefined = staff.role === 'admin' ? undefined : staff.agencyId;
    let agencies: Array<{ id: number; name: string }> = [];
    let agencyValue = '';
    if (staff.role === 'admin') {
      agencies = await deps.db('agencies').select('id', 'name').orderBy('name');
      const raw = typeof req.query.co_quan === 'string' ? req.query.co_quan.trim() : '';
      if (raw) {
        const picked = agencies.find((a) => String(a.id) === raw);
        if (picked) {
          agencyId = picked.id;
          agencyValue = raw;
        } else {
          errors.co_quan = 'Cơ quan không hợp lệ';
        }
      }
    }
    const from = vnInstant(period.from);
    const to = vnInstant(addDays(period.to, 1));
    const [byOfficer, byAgency, unsatisfied] = await Promise.all([
      ratingSummary(deps.db, { from, to, agencyId, groupBy: 'officer' }),
      ratingSummary(deps.db, { from, to, agencyId, groupBy: 'agency' }),
      unsatisfiedWithComments(deps.db, { from, to, agencyId }),
    ]);
    const totals = byAgency.reduce(
      (acc, r) => ({
        total: acc.total + r.total,
        verySatisfied: acc.verySatisfied + r.verySatisfied,
        satisfied: acc.satisfied + r.satisfied,
        unsatisfied: acc.unsatisfied + r.unsatisfied,
      }),
      { total: 0, verySatisfied: 0, satisfied: 0, unsatisfied: 0 },
    );
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('ratings/list', {
      title: 'Đánh giá mức độ hài lòng',
      ratingPaths,
      query: { from: period.from, to: period.to, agency: agencyValue },
      errors,
      isAdmin: staff.role === 'admin',
      agencies,
      scopeName: agencyId === undefined ? 'Tất cả cơ quan' : (agencies.find((a) => a.id === agencyId)?.name ?? staff.agencyName),
      byOfficer,
      byAgency,
      unsatisfied,
      totals: { ...totals, rate: totals.total > 0 ? (totals.verySatisfied + totals.satisfied) / totals.total : null },
      formatRate,
    });
  });

  return router;
}
