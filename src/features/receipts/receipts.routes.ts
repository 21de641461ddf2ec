import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { dossierId, unwrap } from '../dossiers/dossiers.routes.js';

function sendReceipt(res: Response, { code, pdf }: { code: string; pdf: Buffer }): void {
  res
    .status(200)
    .type('application/pdf')
    .set('Content-Disposition', `inline; filename="giay-tiep-nhan-${code}.pdf"`)
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

  // Printing (the first time or again) is a form post, under CSRF: counted and recorded.
  router.post(paths.dossiers.printReceipt.pattern, staffOnly, async (req, res) => {
    sendReceipt(res, unwrap(await svc.receipts.print(req.staff!, dossierId(req), req.ip ?? null)));
  });

  return router;
}
