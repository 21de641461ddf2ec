/**
 * Citizen satisfaction ratings: the form on the public status page (POST only; the page
 * itself is the public-status feature's) and the supervisors' follow-up page.
 */
import { Router, type Request, type Response } from 'express';
import { parsePeriod, type PeriodParse } from '../../domain/period.js';
import { localDateOf } from '../../domain/time.js';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { refusalError, statusOf } from '../../web/refusal.js';
import { parseId } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { rateLimit } from '../../web/rate-limit.js';
import { requireRole } from '../../web/session.js';
import { emptyRatingValues, formatRate, type RatingFormValues } from './rating.js';
import { isWellFormedToken } from '../../domain/public-token.js';
import { parseRatingsQuery, RATING_TEXT } from './ratings.schema.js';
import { RATING_NOT_FOUND_MESSAGE } from './ratings.service.js';
import { publicHeaders, renderPublicNotFound, renderStatusPage } from '../../web/public-status-page.js';
import { translatorOf } from '../../web/i18n/language.js';

/** The supervisors' page: the last 30 days by default, at most 366 days. */
const PAGE_PERIOD = { defaultDays: 30, maxDays: 366 };
const PERIOD_FIELDS = { month: 'tu_ngay', quarter: 'tu_ngay', year: 'tu_ngay', from: 'tu_ngay', to: 'den_ngay' } as const;

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
  function renderStatus(res: Response, code: number, token: string, form: RatingFormState): Promise<void> {
    const tr = translatorOf(res);
    return renderStatusPage(res, (t) => status.byTokenIn(t, tr), token, code, { ratingForm: form });
  }

  router.post(
    paths.ratings.submit.pattern,
    rateLimit({
      limiter: svc.rateLimiter,
      name: 'rating',
      limit: svc.config.lookup.rateLimit,
      windowMs: svc.config.lookup.rateLimitWindowMs,
      message: RATING_TEXT.rateLimit,
    }),
    async (req, res) => {
      publicHeaders(res);
      const token = String(req.params.token);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const result = await service.submit(token, body);
      if (result.ok) return res.redirect(303, `${paths.publicStatus.page(token)}#danh-gia`);
      if (result.reason === 'not_found') return renderPublicNotFound(res);
      // Not returned yet or rated already: the message above the rating section; a refused form: its fields again.
      const form = result.reason === 'invalid' ? { values: result.values, errors: result.errors, message: null } : { values: emptyRatingValues(), errors: {}, message: result.message };
      await renderStatus(res, statusOf(result), token, form);
    },
  );

  // After a refused POST the address bar shows the form's URL: reloading it leads back to the page.
  router.get(paths.ratings.submit.pattern, (req, res) => {
    const token = String(req.params.token);
    if (!isWellFormedToken(token)) {
      publicHeaders(res);
      return renderPublicNotFound(res);
    }
    res.redirect(303, `${paths.publicStatus.page(token)}#danh-gia`);
  });

  /** The follow-up form of one rating, refused: its note kept and the message next to it. */
  interface FollowUpFormState {
    ratingId: number;
    values: Record<string, string>;
    errors: Record<string, string>;
  }

  async function renderList(req: Request, res: Response, form: FollowUpFormState | null, refusal: string | null, code: number): Promise<void> {
    const staff = req.staff!;
    const isAdmin = staff.role === 'admin';
    const today = localDateOf(svc.clock.now());
    const errors: Record<string, string> = {};
    // A refused follow-up shows the to-do list (its own query is the form's, not the list's).
    const rawQuery = form || refusal ? { muc: 'khong_hai_long', theo_doi: 'chua' } : (req.query as Record<string, unknown>);
    const parsed = parseRatingsQuery(rawQuery, { agencyFilter: isAdmin });
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
    const followUp = parsed.ok ? parsed.value.theo_doi : 'all';
    const periodGiven = parsed.ok && (parsed.value.tu_ngay !== null || parsed.value.den_ngay !== null);
    const page = await service.page(staff, { from: shown.firstDay, to: shown.lastDay }, agencyId, { followUp, periodGiven });
    const doneId = parsed.ok ? parsed.value.da_theo_doi : null;
    const doneCode = doneId !== null && !form && !refusal ? await service.followedUpCode(staff, doneId) : null;
    const status = code !== 200 ? code : Object.keys(errors).length > 0 ? 400 : 200;
    res.status(status).render('ratings/list', {
      title: 'Đánh giá mức độ hài lòng',
      query: {
        from: shown.firstDay,
        to: shown.lastDay,
        agency: agencyId === undefined ? '' : String(agencyId),
        followUp: parsed.ok ? String(rawQuery.theo_doi ?? '') : '',
      },
      errors,
      isAdmin,
      // Only a supervisor marks a rating followed up (the list is already their agency's).
      canFollowUp: staff.role === 'supervisor',
      agencies,
      scopeName: page.agencyId === undefined ? 'Tất cả cơ quan' : (agencies.find((a) => a.id === page.agencyId)?.name ?? staff.agencyName),
      byOfficer: page.byOfficer,
      byAgency: page.byAgency,
      unsatisfied: page.unsatisfied,
      pendingOfAnyAge: page.pendingOfAnyAge,
      totals: page.totals,
      followUpForm: form,
      refusal,
      successMessage: doneCode ? `Đã ghi nhận việc theo dõi, xử lý ý kiến không hài lòng của hồ sơ ${doneCode}.` : null,
      // Decision 766's rate is judged on dossiers, not ratings: the satisfaction report, same dates and agency.
      report766Href: `${paths.reports.show('hai-long')}?${new URLSearchParams({ ky: 'tuy-chon', tu_ngay: shown.firstDay, den_ngay: shown.lastDay, ...(agencyId === undefined ? {} : { co_quan: String(agencyId) }) }).toString()}`,
      formatRate,
    });
  }

  router.get(paths.ratings.list, requireRole('supervisor', 'admin'), (req, res) => renderList(req, res, null, null, 200));

  router.post(paths.ratings.followUp.pattern, requireRole('supervisor', 'admin'), async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound(RATING_NOT_FOUND_MESSAGE);
    const result = await service.followUp(req.staff!, id, (req.body ?? {}) as Record<string, unknown>);
    if (result.ok) {
      res.redirect(303, paths.ratings.followedUp(id));
      return;
    }
    if (result.reason === 'not_found') throw refusalError(result);
    // Not a supervisor's, or done already: the to-do list with the message; a refused note: the form again.
    if (result.reason === 'invalid') return renderList(req, res, { ratingId: id, values: result.values, errors: result.errors }, null, statusOf(result));
    return renderList(req, res, null, result.message, statusOf(result));
  });

  return router;
}
