import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { notFound } from '../../web/errors.js';
import { requireRole } from '../../web/session.js';
import { parseId, unwrap } from '../dossiers/dossiers.routes.js';
import { receiptsService } from './receipts.service.js';

export function receiptRoutes(deps: Deps): Router {
  const router = Router();
  const receipts = receiptsService(deps);

  router.get('/ho-so/:id/giay-tiep-nhan.pdf', requireRole('clerk', 'officer', 'supervisor', 'admin'), async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy hồ sơ.');
    const { code, pdf } = unwrap(await receipts.print(req.staff!, id, req.ip ?? null));
    res
      .status(200)
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="giay-tiep-nhan-${code}.pdf"`)
      .set('Cache-Control', 'no-store')
      .send(pdf);
  });

  return router;
}
