import { Router, type Request, type Response } from 'express';
import { PETITION_KIND_LABELS, PETITION_KINDS } from '../../domain/petitions.js';
import type { Services } from '../../services.js';
import { keysOf, parseObject, pick, type FieldErrors, type FormValues } from '../../web/form.js';
import { isWellFormedToken } from '../../domain/public-token.js';
import { paths } from '../../web/paths.js';
import { rateLimit } from '../../web/rate-limit.js';
import { statusOf } from '../../web/refusal.js';
import { petitionCodeSchema, petitionCrossErrors, petitionFormSchema, petitionTokenSchema, publishedQuerySchema } from './petition-intake.schema.js';
import type { InviteState } from './petition-intake.service.js';
import { translatorOf } from '../../web/i18n/language.js';
import { FILE_LIMIT } from './petitions.i18n.js';

/** The page's translator (src/web/i18n/language.ts chose it for this request). */
const tr = translatorOf;

/** Pages tied to one petition (by its secret token): not indexed, not kept by shared caches. */
function privateHeaders(res: Response): void {
  res.set('X-Robots-Tag', 'noindex, nofollow');
  res.set('Cache-Control', 'private, no-cache');
}

const EMPTY_VALUES: FormValues = {
  loai: '',
  thu_tuc: '',
  co_quan: '',
  ma_ho_so: '',
  so_cuoi: '',
  noi_dung: '',
  nguoi_gui: 'individual',
  ho_ten: '',
  dia_chi: '',
  dien_thoai: '',
  email: '',
  cong_khai: '',
  nonce: '',
  loi_moi: '',
};

const KIND_OPTIONS = PETITION_KINDS.map((k) => ({ value: k, label: PETITION_KIND_LABELS[k] }));

/** The public petition pages: the form, the acknowledgement, the status page, the published answers. */
export function petitionsRoutes(svc: Services): Router {
  const router = Router();
  const service = svc.petitionIntake;

  async function renderForm(res: Response, status: number, values: FormValues, errors: FieldErrors, invite: InviteState | null): Promise<void> {
    const choices = await service.formChoices();
    res.status(status).render('petitions/public/form', { title: tr(res).t('petition.formTitle'), noindex: false, values, errors, choices, kinds: KIND_OPTIONS, invite, action: paths.petitions.form, summaryOrder: keysOf(petitionFormSchema) });
  }

  function notFound(res: Response): void {
    res.status(404).render('petitions/public/not-found', { title: tr(res).t('petition.notFoundTitle') });
  }

  const limitFiling = rateLimit({ limiter: svc.rateLimiter, name: 'petition', limit: svc.config.lookup.rateLimit, windowMs: svc.config.lookup.rateLimitWindowMs, message: FILE_LIMIT });

  async function post(req: Request, res: Response): Promise<void> {
    privateHeaders(res);
    const raw = pick(req.body, keysOf(petitionFormSchema));
    // The Zalo invite travels in a hidden field; a re-rendered form says again whether it still links.
    const inviteToken = typeof raw.loi_moi === 'string' ? raw.loi_moi.trim() : '';
    const invite: InviteState | null = inviteToken === '' ? null : isWellFormedToken(inviteToken) ? await service.inviteState(inviteToken) : 'stale';
    const visitor = req.visitorId!;
    // Through a live Zalo link the answer goes to Zalo: the follower is the contact, phone and e-mail optional.
    const form = parseObject(petitionFormSchema, req.body, petitionCrossErrors(raw, { zaloContact: invite === 'valid' }));
    if (!form.ok) {
      // The form shown again keeps its nonce while it is this visitor's and unused; else a fresh one (the next POST is then one filing).
      await renderForm(res, 400, { ...form.values, nonce: await service.nonceFor(visitor, form.values.nonce) }, form.errors, invite);
      return;
    }
    const result = await service.file(form.value, req.ip ?? null, visitor);
    if (!result.ok) {
      await renderForm(res, statusOf(result), { ...form.values, nonce: await service.nonceFor(visitor, form.values.nonce) }, result.errors, invite);
      return;
    }
    res.redirect(303, paths.petitions.acknowledged(result.token));
  }

  router.get(paths.petitions.form, async (req, res) => {
    privateHeaders(res);
    await renderForm(res, 200, { ...EMPTY_VALUES, nonce: await service.newNonce(req.visitorId!) }, {}, null);
  });

  router.post(paths.petitions.form, limitFiling, post);

  router.get(paths.petitions.fromZalo.pattern, async (req, res) => {
    privateHeaders(res);
    const parsed = petitionTokenSchema.safeParse(req.params);
    const token = parsed.success ? parsed.data.token : null;
    const invite: InviteState = token ? await service.inviteState(token) : 'stale';
    // A stale or malformed link still opens the form (unlinked, with a note); a well-formed one is carried.
    await renderForm(res, 200, { ...EMPTY_VALUES, nonce: await service.newNonce(req.visitorId!), loi_moi: token ?? '' }, {}, invite);
  });

  /** A page of one petition found by its public token (never indexed, never cached); 404 for an unknown token. */
  function tokenPage<T extends { code: string }>(pattern: string, load: (token: string) => Promise<T | undefined>, view: string, titleKey: string): void {
    router.get(pattern, async (req, res) => {
      privateHeaders(res);
      const parsed = petitionTokenSchema.safeParse(req.params);
      const p = parsed.success ? await load(parsed.data.token) : undefined;
      if (!p) {
        notFound(res);
        return;
      }
      res.render(view, { title: tr(res).t(titleKey, { code: p.code }), noindex: true, p });
    });
  }
  tokenPage(paths.petitions.acknowledged.pattern, (t) => service.acknowledgement(t), 'petitions/public/acknowledged', 'petition.ackTitle');
  tokenPage(paths.petitions.status.pattern, (t) => service.byToken(t), 'petitions/public/status', 'petition.title');

  router.get(paths.petitions.published, async (req, res) => {
    const query = parseObject(publishedQuerySchema, req.query);
    const q = query.ok ? query.value : { q: '', trang: 1, loai: null };
    const page = await service.published({ q: q.q, page: q.trang, kind: q.loai });
    const link = (n: number) => {
      const params = new URLSearchParams();
      if (q.q) params.set('q', q.q);
      if (q.loai) params.set('loai', q.loai);
      if (n > 1) params.set('trang', String(n));
      const s = params.toString();
      return s ? `${paths.petitions.published}?${s}` : paths.petitions.published;
    };
    res.render('petitions/public/published', {
      title: tr(res).t('petition.publishedTitle'),
      query: { q: q.q, loai: q.loai ?? '' },
      kinds: KIND_OPTIONS,
      page,
      prev: page.page > 1 ? link(page.page - 1) : null,
      next: page.page < page.pages ? link(page.page + 1) : null,
    });
  });

  router.get(paths.petitions.publishedOne.pattern, async (req, res) => {
    const parsed = petitionCodeSchema.safeParse(req.params);
    const p = parsed.success ? await service.publishedOne(parsed.data.code) : undefined;
    if (!p) {
      notFound(res);
      return;
    }
    res.render('petitions/public/published-one', { title: tr(res).t('petition.title', { code: p.code }), p });
  });

  return router;
}
