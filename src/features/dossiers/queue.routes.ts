/** The processing queue: what an officer (or their department) holds, by appointment. */
import { Router } from 'express';
import { QUEUE_TAG_LABELS } from '../../domain/workflow.js';
import type { Services } from '../../services.js';
import { str } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';

export function queueRoutes(svc: Services): Router {
  const router = Router();

  router.get(paths.queue, requireRole('officer', 'supervisor'), async (req, res) => {
    const mine = str(req.query as Record<string, unknown>, 'xem') !== 'don-vi';
    const { rows } = await svc.queue.queue(req.staff!, mine);
    res.render('dossiers/queue', {
      title: mine ? 'Hồ sơ được giao cho tôi' : 'Hồ sơ của đơn vị',
      mine,
      rows,
      tagLabels: QUEUE_TAG_LABELS,
    });
  });

  return router;
}
