/** The processing queue: what waits in an officer's agency (one click to take it) and what they hold. */
import { Router } from 'express';
import { QUEUE_FILTER_LABELS, QUEUE_FILTERS, QUEUE_TAG_LABELS } from '../../domain/workflow.js';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { parseQueueQuery } from './queue.schema.js';

export function queueRoutes(svc: Services): Router {
  const router = Router();

  router.get(paths.queue, requireRole('officer', 'supervisor'), async (req, res) => {
    const staff = req.staff!;
    const parsed = parseQueueQuery(req.query as Record<string, unknown>);
    // Supervisors watch the whole agency; officers see their own work unless they ask for it.
    const agency = staff.role === 'supervisor' || (parsed.ok && parsed.value.agency);
    const filter = parsed.ok ? parsed.value.filter : null;
    const page = await svc.queue.queue(staff, { agency, filter });
    res.status(parsed.ok ? 200 : 400).render('dossiers/queue', {
      title: agency ? 'Hàng đợi của đơn vị' : 'Hàng đợi của tôi',
      agency,
      canSwitch: staff.role !== 'supervisor',
      filter,
      error: parsed.ok ? null : Object.values(parsed.errors)[0],
      ...page,
      filters: QUEUE_FILTERS,
      filterLabels: QUEUE_FILTER_LABELS,
      tagLabels: QUEUE_TAG_LABELS,
    });
  });

  return router;
}
