/**
 * "Nhập từ CSDL quốc gia": the administrator uploads the national data (a JSON file) or, when
 * CATALOGUE_NATIONAL_URL is set, has motcua fetch it (LayThuTuc, LayDanhSachTTHC); the data is
 * kept (a bad file is refused, nothing kept) and the browser is sent to its page: the plan
 * (every row with its action, per changed field old → new, warnings), the effective date and
 * the confirmation. Confirmed, the versions are written and the same page shows what was
 * done, so a reload never applies twice. And a procedure's versions. Admin-only (the admin
 * router's guard); mounted before the procedure pages so that "nhap-quoc-gia" is never an id.
 */
import express, { Router, type RequestHandler, type Response } from 'express';
import { formatLocalDateVn, localDateOf } from '../../../domain/time.js';
import { CHANNEL_LABELS, ONLINE_LEVEL_LABELS } from '../../../domain/national-procedure.js';
import { describeFee, describeTime } from '../../../domain/procedure-diff.js';
import type { Services } from '../../../services.js';
import { notFound } from '../../../web/errors.js';
import { refusalError, statusOf } from '../../../web/refusal.js';
import { parseId, type FieldErrors, type FormValues } from '../../../web/form.js';
import { paths } from '../../../web/paths.js';
import { NATIONAL_ACTION_LABELS, type NationalPlan } from '../../catalogue/national-import.service.js';
import { NATIONAL_IMPORT_MAX_ENCODED_BYTES, parseNationalApply, parseNationalFetch, parseNationalUpload, parsePlanQuery } from './national-import.schema.js';

/** Rows of the plan per page. */
const PAGE_SIZE = 100;
const TITLE = 'Nhập danh mục từ Cơ sở dữ liệu quốc gia';

/**
 * The upload's body parser: a province's whole list is tens of megabytes once URL-encoded.
 * app.ts mounts it on the import path after the session is loaded; it reads the larger body
 * for a signed-in administrator's POST of the upload form only (anyone else meets the shared
 * 100 kB parser, then the admin guard's refusal).
 */
export function nationalImportBodyParser(): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: NATIONAL_IMPORT_MAX_ENCODED_BYTES, parameterLimit: 10 });
  return (req, res, next) => {
    if (req.staff?.role !== 'admin' || req.method !== 'POST' || req.path !== '/') {
      next();
      return;
    }
    parse(req, res, next);
  };
}

export function nationalImportRoutes(svc: Services): Router {
  const router = Router();
  const imports = svc.catalogueImport;

  function renderForm(res: Response, locals: { values?: FormValues; errors?: FieldErrors; problems?: string[] | null; summaryMessage?: string | null }, status = 200) {
    res.status(status).render('admin/procedures/national-import', {
      title: TITLE,
      values: {},
      errors: {},
      problems: null,
      summaryMessage: null,
      canFetch: imports.canFetch,
      maxEncodedBytes: NATIONAL_IMPORT_MAX_ENCODED_BYTES,
      ...locals,
    });
  }

  router.get(paths.admin.nationalImport, (_req, res) => {
    renderForm(res, {});
  });

  router.post(paths.admin.nationalImport, async (req, res) => {
    const form = parseNationalUpload(req.body);
    if (!form.ok) return renderForm(res, { values: form.values, errors: form.errors }, 400);
    const staged = await imports.stage(req.staff!, { json: form.json, complete: form.complete, source: form.source });
    if (!staged.ok && staged.reason === 'invalid') return renderForm(res, { values: { toan_bo: form.complete ? 'on' : '' }, errors: { json: staged.message }, problems: staged.problems }, statusOf(staged));
    if (!staged.ok) throw refusalError(staged);
    res.redirect(303, paths.admin.nationalImportStaged(staged.value.id));
  });

  router.post(paths.admin.nationalImportFetch, async (req, res) => {
    // Without CATALOGUE_NATIONAL_URL the page offers no such form.
    if (!imports.canFetch) throw notFound('Chưa cấu hình địa chỉ Cơ sở dữ liệu quốc gia (CATALOGUE_NATIONAL_URL).');
    const form = parseNationalFetch(req.body);
    if (!form.ok) return renderForm(res, { values: form.values, errors: form.errors }, 400);
    const fetched = await imports.fetchNational(form.code);
    if (!fetched.ok) return renderForm(res, { values: { ma_tthc: form.code ?? '' }, summaryMessage: fetched.message }, statusOf(fetched));
    const staged = await imports.stage(req.staff!, { json: fetched.value.json, complete: form.complete, source: fetched.value.source });
    if (!staged.ok && staged.reason === 'invalid') return renderForm(res, { values: { ma_tthc: form.code ?? '' }, summaryMessage: `Dữ liệu nhận từ Cơ sở dữ liệu quốc gia: ${staged.message}`, problems: staged.problems }, statusOf(staged));
    if (!staged.ok) throw refusalError(staged);
    res.redirect(303, paths.admin.nationalImportStaged(staged.value.id));
  });

  async function renderStaged(res: Response, id: number, query: unknown, locals: { values?: FormValues; errors?: FieldErrors; summaryMessage?: string | null }, status = 200) {
    const found = await imports.staged(id);
    if (!found.ok && found.reason === 'not_found') throw notFound(found.message);
    if (!found.ok) return renderForm(res, { summaryMessage: found.message, problems: 'problems' in found ? found.problems : null }, statusOf(found));
    const { stored, plan } = found.value;
    const q = parsePlanQuery(query as Record<string, unknown>);
    const rows = listed(plan ?? null, stored.result?.rows ?? [], q.kind);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(q.page, pages);
    res.status(status).render('admin/procedures/national-import-plan', {
      title: stored.appliedAt ? 'Kết quả nhập danh mục từ Cơ sở dữ liệu quốc gia' : 'Kiểm tra trước khi nhập danh mục',
      stored,
      plan,
      counts: plan ? plan.counts : stored.result!.counts,
      kind: q.kind,
      rows: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      page,
      pages,
      total: rows.length,
      pageLink: (p: number, kind = q.kind) => `${paths.admin.nationalImportStaged(id)}?${kind === 'changes' ? '' : `loai=${kind}&`}trang=${p}`,
      actionLabels: NATIONAL_ACTION_LABELS,
      values: { hieu_luc: formatLocalDateVn(localDateOf(svc.clock.now())), ...(plan ? { khoa: plan.key } : {}), ...locals.values },
      errors: locals.errors ?? {},
      summaryMessage: locals.summaryMessage ?? null,
      effectiveLabel: stored.effectiveFrom ? formatLocalDateVn(stored.effectiveFrom) : null,
    });
  }

  router.get(paths.admin.nationalImportStaged.pattern, async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy lần nhập này.');
    await renderStaged(res, id, req.query, {});
  });

  router.post(paths.admin.nationalImportApply.pattern, async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy lần nhập này.');
    const form = parseNationalApply(req.body);
    // The form's key is kept as sent: a stale or forged one must not become the current plan's.
    if (!form.ok) return renderStaged(res, id, {}, { values: form.values, errors: form.errors }, 400);
    const done = await imports.applyStaged(req.staff!, id, { effectiveFrom: form.effectiveFrom, key: form.key });
    if (!done.ok && done.reason === 'not_found') throw notFound(done.message);
    if (!done.ok) return renderStaged(res, id, {}, { values: { hieu_luc: formatLocalDateVn(form.effectiveFrom) }, summaryMessage: done.message }, statusOf(done));
    res.redirect(303, paths.admin.nationalImportStaged(id));
  });

  router.get(paths.admin.procedureVersion.pattern, async (req, res) => {
    const id = parseId(req.params.id);
    const versionId = parseId(req.params.version);
    const procedure = id === null ? undefined : await svc.admin.procedures.find(id);
    const found = procedure && versionId !== null ? await imports.version(procedure.id, versionId) : undefined;
    if (!procedure || !found) throw notFound('Không tìm thấy phiên bản này của thủ tục.');
    res.render('admin/procedures/version', {
      title: `Phiên bản ${found.version.version} của thủ tục ${procedure.code}`,
      procedure,
      ...found,
      effectiveLabel: formatLocalDateVn(found.version.effectiveFrom),
      channelLabels: CHANNEL_LABELS,
      onlineLabels: ONLINE_LEVEL_LABELS,
      describeTime,
      describeFee,
    });
  });

  return router;
}

type ResultRow = { code: string; name: string; action: string; changes: Array<{ label: string; from: string; to: string }>; warnings: string[] };

/** The rows the page lists: the plan's (or, once applied, the stored result's), all but the unchanged by default, or one action. */
function listed(plan: NationalPlan | null, stored: ResultRow[], kind: ReturnType<typeof parsePlanQuery>['kind']): ResultRow[] {
  const rows: ResultRow[] = plan ? plan.rows : stored;
  return kind === 'changes' ? rows.filter((r) => r.action !== 'unchanged') : rows.filter((r) => r.action === kind);
}
