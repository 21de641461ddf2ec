/**
 * The citizen's questionnaire (public, Vietnamese or English): GET shows it, or why the link
 * cannot be used (unknown 404, answered 409, closed 410); POST stores the answer (CSRF like
 * every public form, rate-limited) and redirects to the same link, thanked.
 */
import { Router, type Response } from 'express';
import { isWellFormedToken } from '../../domain/public-token.js';
import { SURVEY_COMMENT_MAX, SURVEY_DIMENSIONS, SURVEY_SCALE } from '../../domain/survey.js';
import type { Services } from '../../services.js';
import { translatorOf } from '../../web/i18n/language.js';
import { paths } from '../../web/paths.js';
import { publicHeaders } from '../../web/public-status-page.js';
import { rateLimit } from '../../web/rate-limit.js';
import { statusOf } from '../../web/refusal.js';
import { ANSWER_FIELDS, SURVEY_TEXT } from './survey.schema.js';
import { SURVEY_MESSAGES, type InvitationView } from './survey.service.js';

/** What each state of a link answers: its status and message (410 Gone: an expired link). */
const STATES = {
  not_found: { status: 404, titleKey: 'survey.title', message: SURVEY_MESSAGES.notFound },
  answered: { status: 409, titleKey: 'survey.answeredTitle', message: SURVEY_MESSAGES.answered },
  closed: { status: 410, titleKey: 'survey.closedTitle', message: SURVEY_MESSAGES.closed },
} as const;

export function surveyPublicRoutes(svc: Services): Router {
  const router = Router();
  const service = svc.survey;

  function renderForm(res: Response, token: string, view: Extract<InvitationView, { state: 'open' }>, status: number, form: { values: Record<string, string>; errors: Record<string, string> }) {
    res.status(status).render('survey/answer', {
      title: translatorOf(res).t('survey.title'),
      noindex: true,
      view,
      action: paths.survey.answer(token),
      dimensions: SURVEY_DIMENSIONS,
      scale: SURVEY_SCALE,
      commentMax: SURVEY_COMMENT_MAX,
      values: form.values,
      errors: form.errors,
      summaryOrder: ANSWER_FIELDS,
    });
  }

  function renderState(res: Response, view: Exclude<InvitationView, { state: 'open' }>, thanked = false) {
    const s = STATES[view.state];
    res.status(thanked ? 200 : s.status).render('survey/closed', {
      title: translatorOf(res).t(thanked ? 'survey.thanksTitle' : s.titleKey),
      noindex: true,
      view,
      thanked,
      message: s.message,
    });
  }

  router.get(paths.survey.answer.pattern, async (req, res) => {
    publicHeaders(res);
    const token = String(req.params.token);
    const view = isWellFormedToken(token) ? await service.invitation(token) : ({ state: 'not_found' } as const);
    if (view.state === 'open') return renderForm(res, token, view, 200, { values: {}, errors: {} });
    renderState(res, view, view.state === 'answered' && req.query.da_gui === '1');
  });

  router.post(
    paths.survey.answer.pattern,
    rateLimit({ limiter: svc.rateLimiter, name: 'survey', limit: svc.config.lookup.rateLimit, windowMs: svc.config.lookup.rateLimitWindowMs, message: SURVEY_TEXT.rateLimit }),
    async (req, res) => {
      publicHeaders(res);
      const token = String(req.params.token);
      if (!isWellFormedToken(token)) return renderState(res, { state: 'not_found' });
      const result = await service.answer(token, (req.body ?? {}) as Record<string, unknown>);
      if (result.ok) return res.redirect(303, paths.survey.answered(token));
      const view = await service.invitation(token);
      if (result.reason === 'invalid' && view.state === 'open') return renderForm(res, token, view, statusOf(result), { values: 'values' in result ? result.values : {}, errors: result.errors ?? {} });
      if (view.state === 'open') return renderState(res, { state: 'not_found' });
      renderState(res, view);
    },
  );

  return router;
}
