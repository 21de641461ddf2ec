import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { HttpError } from '../../web/errors.js';
import { refusalError } from '../../web/refusal.js';
import { paths } from '../../web/paths.js';
import { localDateOf } from '../../domain/time.js';
import { parseBatchRequest, parsePrintedIds } from './receipts.schema.js';
import { requireRole } from '../../web/session.js';
import { dossierId, unwrap } from '../dossiers/page/page.http.js';

const BATCH_TITLE = 'Không in được giấy tiếp nhận';

function sendReceipt(res: Response, { code, pdf }: { code: string; pdf: Buffer }): void {
  sendPdf(res, `giay-tiep-nhan-${code}.pdf`, pdf);
}

function sendPdf(res: Response, filename: string, pdf: Buffer): void {
  res
    .status(200)
    .type('application/pdf')
    .set('Content-Disposition', `inline; filename="${filename}"`)
    .set('Cache-Control', 'no-store')
    .send(pdf);
}

export function receiptRoutes(svc: Services): Router {
  const router = Router();
  const staffOnly = requireRole('clerk', 'officer', 'supervisor', 'admin');

  // Viewing writes nothing: the copy as last printed (a link, a cross-site navigation or a
  // prefetch must not count as a print).
  router.get(paths.dossiers.receipt.pattern, staffOnly, async (req, res) => {
    sendReceipt(res, unwrap(await svc.receipts.view(req.staff!, dossierId(req))));
  });

  // Printing (the first time or again) is a form post, under CSRF: counted and recorded, then
  // redirected to the copy as just printed (a reload of the PDF tab never counts a print).
  router.post(paths.dossiers.printReceipt.pattern, staffOnly, async (req, res) => {
    const id = dossierId(req);
    unwrap(await svc.receipts.print(req.staff!, id, req.ip ?? null));
    res.redirect(303, paths.dossiers.receipt(id));
  });

  // Batch printing (clerks and supervisors): today's receipts of the agency, or a selection;
  // one PDF, one receipt per page, each print recorded as a single print is.
  router.post(paths.dossiers.batchReceipts, requireRole('clerk', 'supervisor'), async (req, res) => {
    const request = parseBatchRequest(req.body as Record<string, unknown>);
    if (!request.ok) throw new HttpError(400, request.message, BATCH_TITLE);
    const result = await svc.receipts.printBatch(req.staff!, request.value, req.ip ?? null);
    if (!result.ok) throw refusalError(result, BATCH_TITLE);
    res.redirect(303, paths.dossiers.printedReceipts(result.value.ids));
  });

  // What a batch print redirects to: those receipts as last printed, in one PDF; records nothing.
  router.get(paths.dossiers.printedReceiptsPdf, requireRole('clerk', 'supervisor'), async (req, res) => {
    const ids = parsePrintedIds(req.query as Record<string, unknown>);
    if (!ids.ok) throw new HttpError(400, ids.message, BATCH_TITLE);
    const result = await svc.receipts.viewBatch(req.staff!, ids.value);
    if (!result.ok) throw refusalError(result, BATCH_TITLE);
    sendPdf(res, `giay-tiep-nhan-${localDateOf(svc.clock.now())}-${result.value.count}-ho-so.pdf`, result.value.pdf);
  });

  return router;
}
