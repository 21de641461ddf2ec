import { Router } from 'express';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { refusalError } from '../../web/refusal.js';
import { parseId, parseObject } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { renderDossierPage } from '../dossiers/page/page.http.js';
import { QUESTIONS_PANEL } from './questions.panel.js';
import { answerSchema } from './questions.schema.js';
import { QUESTION_NOT_FOUND } from './questions.service.js';

/** The staff side of citizens' questions: the inbox and the answer (or internal note) form of the dossier page. */
export function questionsRoutes(svc: Services): Router {
  const router = Router();
  const answering = requireRole('clerk', 'officer', 'supervisor');

  router.get(paths.questions.inbox, answering, async (req, res) => {
    const items = await svc.questions.inbox(req.staff!);
    res.render('questions/inbox', { title: 'Câu hỏi của công dân', items });
  });

  router.post(paths.questions.answer.pattern, answering, async (req, res) => {
    const questionId = parseId(req.params.id);
    if (questionId === null) throw notFound(QUESTION_NOT_FOUND);
    const access = await svc.questions.access(req.staff!, questionId);
    if (!access.ok) throw refusalError(access);
    const form = parseObject(answerSchema, req.body);
    const values = { noi_dung: form.values.noi_dung ?? '', loai: form.values.loai || 'tra_loi', xac_nhan: form.values.xac_nhan ?? '' };
    const formName = `${QUESTIONS_PANEL}:${questionId}`;
    if (!form.ok) {
      await renderDossierPage(svc, req, res, access.dossierId, { failure: { form: formName, reason: 'invalid', errors: form.errors, values } });
      return;
    }
    const result = await svc.questions.answer(req.staff!, questionId, { text: form.value.noi_dung, internal: form.value.loai === 'ghi_chu', confirmed: form.value.xac_nhan !== '' });
    if (result.ok) {
      res.redirect(303, `${paths.dossiers.done(result.dossierId, result.kind === 'note' ? 'ghi_chu' : 'tra_loi')}#cau-hoi-${questionId}`);
      return;
    }
    if (result.reason === 'not_found' || result.reason === 'forbidden') throw refusalError(result);
    // Held (a number that looks personal: the officer confirms) or already answered.
    await renderDossierPage(svc, req, res, access.dossierId, { failure: { form: formName, reason: result.reason, errors: {}, refusal: result, values } });
  });

  return router;
}
