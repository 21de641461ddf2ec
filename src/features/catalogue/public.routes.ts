/**
 * The public procedure catalogue over HTTP (no sign-in): the search /thu-tuc (a GET form:
 * works without JavaScript, every state is a link), a procedure's page /thu-tuc/<code>, the
 * same as JSON (/thu-tuc/<code>.json, or Accept: application/json), and its checklist PDF.
 */
import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { parseObject } from '../../web/form.js';
import { translatorOf } from '../../web/i18n/language.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import { CATALOGUE_WORDS, namePhrase } from './catalogue.present.js';
import { procedureJson } from './public-catalogue.service.js';
import { catalogueQuerySchema, procedureCodeSchema } from './public-catalogue.schema.js';

/** The visitor's translator (the language middleware's choice). */
const tr = translatorOf;

/** The 404 of an unknown (or no longer received) procedure code, in the visitor's language. */
function notFound(res: Response, code: string, json: boolean): void {
  const title = tr(res).t('catalogue.notFoundTitle');
  if (json) {
    res.status(404).json({ error: { status: 404, message: title } });
    return;
  }
  res.status(404).render('catalogue/not-found', { title, code });
}

export function publicCatalogueRoutes(svc: Services): Router {
  const router = Router();
  const catalogue = svc.publicCatalogue;

  router.get(paths.catalogue.search, async (req, res) => {
    const parsed = parseObject(catalogueQuerySchema, req.query);
    const q = parsed.ok ? parsed.value : { q: '', linh_vuc: '', co_quan: null, truc_tuyen: false, trang: 1 };
    const result = await catalogue.search({ q: q.q, field: q.linh_vuc || null, agencyId: q.co_quan, onlineOnly: q.truc_tuyen, page: q.trang });
    const query = { q: q.q, linh_vuc: q.linh_vuc, co_quan: q.co_quan ?? '', truc_tuyen: q.truc_tuyen ? '1' : '' };
    const link = (n: number) => paths.catalogue.searchWith({ ...query, trang: n > 1 ? n : '' });
    const { page } = result;
    res.render('catalogue/search', {
      title: tr(res).t(q.q ? 'catalogue.resultsTitle' : 'catalogue.title'),
      words: CATALOGUE_WORDS,
      query,
      result,
      filtered: Boolean(q.linh_vuc || q.co_quan || q.truc_tuyen),
      prev: page.page > 1 ? link(page.page - 1) : null,
      next: page.page < page.pages ? link(page.page + 1) : null,
    });
  });

  router.get(paths.catalogue.procedure.pattern, async (req, res) => {
    const parsed = procedureCodeSchema.safeParse(req.params);
    const { code, json } = parsed.success ? parsed.data.code : { code: '', json: false };
    const asJson = json || req.accepts(['html', 'json']) === 'json';
    const p = code ? await catalogue.procedure(code) : undefined;
    if (!p) return notFound(res, code, asJson);
    if (asJson) {
      res.json(procedureJson(p, absoluteUrl(svc.config.server.publicBaseUrl, paths.catalogue.checklist(p.detail.code)), tr(res)));
      return;
    }
    // The title is plain text (no data span): an English page without an English name is titled by its code.
    const name = namePhrase(tr(res), p.detail);
    const title = tr(res).lang === 'vi' || p.detail.nameEn ? name.text : tr(res).t('catalogue.procedureTitle', { code: p.detail.code });
    res.render('catalogue/procedure', { title, p, words: CATALOGUE_WORDS });
  });

  router.get(paths.catalogue.checklist.pattern, async (req, res) => {
    const parsed = procedureCodeSchema.safeParse(req.params);
    const code = parsed.success ? parsed.data.code.code : '';
    const sheet = code ? await catalogue.checklist(code, tr(res)) : undefined;
    if (!sheet) return notFound(res, code, false);
    res.set('Content-Type', 'application/pdf');
    res.set('Content-Disposition', `inline; filename="${sheet.filename}"`);
    res.send(sheet.pdf);
  });

  return router;
}
