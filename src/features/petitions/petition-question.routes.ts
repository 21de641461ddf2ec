/**
 * "A question that is a petition" over HTTP (issue 25 §1 item 8): staff turn a question of a
 * dossier they may see into a petition (from the questions panel of the dossier page); the
 * citizen says, on the dossier's status page, whether they may be named in its published
 * answer (art. 19). Both POSTs carry the CSRF token like the page's other forms.
 */
import { Router, type Response } from 'express';
import { isWellFormedToken } from '../../domain/public-token.js';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { parseId, parseObject } from '../../web/form.js';
import { translatorOf } from '../../web/i18n/language.js';
import { paths } from '../../web/paths.js';
import { publicHeaders, renderPublicNotFound, renderStatusPage } from '../../web/public-status-page.js';
import { rateLimit } from '../../web/rate-limit.js';
import { refusalError, statusOf } from '../../web/refusal.js';
import { requireRole } from '../../web/session.js';
import { renderDossierPage } from '../dossiers/page/page.http.js';
import { QUESTION_NOT_FOUND } from '../questions/questions.service.js';
import { consentSchema, QUESTION_PETITION_MESSAGES, toPetitionSchema } from './petition-question.schema.js';

/** The questions panel's key (questions.panel.ts): a refused conversion is its form `questions:<question id>`. */
const QUESTIONS_PANEL = 'questions';

export function petitionQuestionRoutes(svc: Services): Router {
  const router = Router();

  router.post(paths.questions.toPetition.pattern, requireRole('clerk', 'officer', 'supervisor'), async (req, res) => {
    const questionId = parseId(req.params.id);
    if (questionId === null) throw notFound(QUESTION_NOT_FOUND);
    // Another agency's question: 404 before anything about the form is said.
    const access = await svc.questions.access(req.staff!, questionId);
    if (!access.ok) throw notFound(QUESTION_NOT_FOUND);
    const form = parseObject(toPetitionSchema, req.body);
    if (!form.ok) {
      await renderDossierPage(svc, req, res, access.dossierId, { failure: { form: `${QUESTIONS_PANEL}:${questionId}`, reason: 'invalid', errors: form.errors, values: { loai_pakn: form.values.loai_pakn ?? '' } } });
      return;
    }
    const result = await svc.petitionFromQuestion.convert(req.staff!, questionId, form.value.loai_pakn);
    if (!result.ok) throw refusalError(result);
    res.redirect(303, `${paths.dossiers.done(result.dossierId, 'chuyen_pakn')}#cau-hoi-${questionId}`);
  });

  /** The status page again after a refused consent: why, next to the question. */
  function renderConsent(res: Response, code: number, token: string, form: { id: number; errors: Record<string, string>; message: string | null }): Promise<void> {
    const tr = translatorOf(res);
    return renderStatusPage(res, (t) => svc.publicStatus.byTokenIn(t, tr), token, code, { consentForm: form });
  }

  router.post(
    paths.publicStatus.petitionConsent.pattern,
    rateLimit({ limiter: svc.rateLimiter, name: 'petition-consent', limit: svc.config.lookup.rateLimit, windowMs: svc.config.lookup.rateLimitWindowMs, message: QUESTION_PETITION_MESSAGES.rateLimit }),
    async (req, res) => {
      publicHeaders(res);
      const token = String(req.params.token);
      const questionId = parseId(req.params.id);
      if (!isWellFormedToken(token) || questionId === null) return renderPublicNotFound(res);
      const form = parseObject(consentSchema, req.body);
      if (!form.ok) {
        // An unknown question of a known page is as unknown as a wrong token.
        if (!(await svc.questions.ofStatusPage(token, questionId))?.petition) return renderPublicNotFound(res);
        await renderConsent(res, 400, token, { id: questionId, errors: form.errors, message: null });
        return;
      }
      const result = await svc.petitionFromQuestion.consent(token, questionId, form.value.neu_ten === 'co', req.ip ?? null);
      if (result.ok) return res.redirect(303, `${paths.publicStatus.page(token)}#cau-hoi-${questionId}`);
      if (result.reason === 'not_found') return renderPublicNotFound(res);
      await renderConsent(res, statusOf(result), token, { id: questionId, errors: {}, message: result.message });
    },
  );

  // After a refused POST the address bar shows the form's URL: reloading it leads back to the page.
  router.get(paths.publicStatus.petitionConsent.pattern, (req, res) => {
    publicHeaders(res);
    const token = String(req.params.token);
    const questionId = parseId(req.params.id);
    if (!isWellFormedToken(token) || questionId === null) return renderPublicNotFound(res);
    res.redirect(303, `${paths.publicStatus.page(token)}#cau-hoi-${questionId}`);
  });

  return router;
}
