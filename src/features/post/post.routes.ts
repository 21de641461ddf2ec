/**
 * The counter's post pages (clerks): the hand-over records of the agency, one record (its
 * entries, add, remove, sign, cancel, the pickup request, the PDF). HTTP only: parse, call
 * the post service, render or redirect (POST → 303).
 */
import { Router, type Response } from 'express';
import { BATCH_LABELS, BATCH_STATUS_LABELS, SHIPMENT_STATUS_LABELS } from '../../domain/post.js';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { parseId, str, type FieldErrors, type FormValues } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { refusalError, refusalStatus } from '../../web/refusal.js';
import { requireRole } from '../../web/session.js';
import { POST_MESSAGES } from './post.service.js';
import { parseBatchForm, parseEntryId, parseProcedureQuery, parseResultsForm } from './post.schema.js';

const DONE_MESSAGES: Record<string, string> = {
  mo: 'Đã mở biên bản giao nhận.',
  them: 'Đã thêm hồ sơ vào biên bản.',
  bo: 'Đã bỏ hồ sơ ra khỏi biên bản.',
  bao: 'Đã gửi thư đề nghị đơn vị bưu chính đến nhận kết quả.',
  ky: 'Đã ghi nhận biên bản đã ký.',
};

export function postRoutes(svc: Services): Router {
  const router = Router();
  const post = svc.post;
  const clerkOnly = requireRole('clerk');

  const batchId = (raw: unknown): number => {
    const id = parseId(raw);
    if (id === null) throw notFound(POST_MESSAGES.batchNotFound);
    return id;
  };

  async function renderBatches(res: Response, staff: Parameters<typeof post.batches>[0], values: FormValues, errors: FieldErrors, status = 200) {
    res.status(status).render('post/batches', {
      title: 'Giao nhận qua bưu chính',
      batches: await post.batches(staff),
      ready: await post.readyForPost(staff),
      values,
      errors,
      labels: { direction: BATCH_LABELS, status: BATCH_STATUS_LABELS },
    });
  }

  async function renderBatch(res: Response, staff: Parameters<typeof post.batches>[0], id: number, o: { values?: FormValues; errors?: FieldErrors; message?: string | null; refusal?: string | null; status?: number }) {
    const view = await post.view(staff, id);
    if (!view.ok) throw refusalError(view);
    const ready = view.value.batch.direction === 'outbound' && view.value.batch.status === 'open' ? await post.readyForPost(staff) : [];
    res.status(o.status ?? 200).render('post/batch', {
      title: `Biên bản giao nhận số ${id}`,
      ...view.value,
      ready,
      values: o.values ?? {},
      errors: o.errors ?? {},
      message: o.message ?? null,
      refusal: o.refusal ?? null,
      labels: { direction: BATCH_LABELS, status: BATCH_STATUS_LABELS, shipment: SHIPMENT_STATUS_LABELS },
    });
  }

  router.get(paths.post.batches, clerkOnly, async (req, res) => {
    await renderBatches(res, req.staff!, { huong: 'inbound', email: post.defaultPostalEmail() ?? '' }, {});
  });

  router.post(paths.post.batches, clerkOnly, async (req, res) => {
    const parsed = parseBatchForm(req.body);
    if (!parsed.ok) return renderBatches(res, req.staff!, parsed.values, parsed.errors, 400);
    const id = await post.openBatch(req.staff!, parsed.value);
    res.redirect(303, paths.post.done(id, 'mo'));
  });

  router.get(paths.post.batch.pattern, clerkOnly, async (req, res) => {
    const done = str(req.query, 'xong');
    await renderBatch(res, req.staff!, batchId(req.params.id), { message: DONE_MESSAGES[done] ?? null });
  });

  // The procedure code typed on an inbound record's page: its intake form, channel "Qua bưu chính".
  router.get(paths.post.addDossier.pattern, clerkOnly, async (req, res) => {
    const id = batchId(req.params.id);
    const view = await post.view(req.staff!, id);
    if (!view.ok) throw refusalError(view);
    const code = parseProcedureQuery(req.query);
    // No code typed: back to the record, where the field waits.
    res.redirect(code ? paths.post.intakeInto(code, id) : paths.post.batch(id));
  });

  router.post(paths.post.addResults.pattern, clerkOnly, async (req, res) => {
    const id = batchId(req.params.id);
    const parsed = parseResultsForm(req.body);
    if (!parsed.ok) return renderBatch(res, req.staff!, id, { values: parsed.values, errors: parsed.errors, status: 400 });
    const added = await post.addResults(req.staff!, id, parsed.value);
    if (!added.ok) {
      if (added.reason === 'not_found') throw refusalError(added);
      return renderBatch(refusalStatus(res, added), req.staff!, id, { values: parsed.values, refusal: added.message, status: res.statusCode });
    }
    res.redirect(303, paths.post.done(id, 'them'));
  });

  router.post(paths.post.removeEntry.pattern, clerkOnly, async (req, res) => {
    const id = batchId(req.params.id);
    const entryId = parseEntryId(req.body);
    if (entryId === null) throw notFound('Không tìm thấy hồ sơ này trong biên bản.');
    const removed = await post.removeEntry(req.staff!, id, entryId);
    if (!removed.ok) throw refusalError(removed);
    res.redirect(303, paths.post.done(id, 'bo'));
  });

  for (const [route, act, done] of [
    [paths.post.notify, 'notify', 'bao'],
    [paths.post.sign, 'sign', 'ky'],
  ] as const) {
    router.post(route.pattern, clerkOnly, async (req, res) => {
      const id = batchId(req.params.id);
      const result = act === 'notify' ? await post.notifyPickup(req.staff!, id) : await post.sign(req.staff!, id, req.ip ?? null);
      if (!result.ok) {
        if (result.reason === 'not_found') throw refusalError(result);
        return renderBatch(refusalStatus(res, result), req.staff!, id, { refusal: result.message, status: res.statusCode });
      }
      res.redirect(303, paths.post.done(id, done));
    });
  }

  router.post(paths.post.cancel.pattern, clerkOnly, async (req, res) => {
    const result = await post.cancel(req.staff!, batchId(req.params.id));
    if (!result.ok) throw refusalError(result);
    res.redirect(303, paths.post.batches);
  });

  router.get(paths.post.pdf.pattern, clerkOnly, async (req, res) => {
    const result = await post.pdf(req.staff!, batchId(req.params.id));
    if (!result.ok) throw refusalError(result);
    res.type('application/pdf').set('Content-Disposition', `inline; filename="${result.value.filename}"`).set('Cache-Control', 'no-store').send(result.value.pdf);
  });

  return router;
}
