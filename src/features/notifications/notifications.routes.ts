/**
 * Staff pages: the outbox (every message the viewer may see, its status and last error)
 * and a preview of every template rendered with sample data.
 */
import { Router } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { CHANNEL_LABELS, DELIVERY_STATUS_LABELS } from './labels.js';
import { parseListQuery } from './notifications.schema.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from './outbox.js';

const PAGE_SIZE = 50;

const STATUS_TAGS: Record<DeliveryStatus, string> = {
  created: 'tag',
  sending: 'tag',
  delivered: 'tag tag-result_ready',
  'temporary-failure': 'tag tag-awaiting_supplement',
  'permanent-failure': 'tag tag-overdue',
};

export function notificationRoutes(svc: Services): Router {
  const router = Router();
  const anyStaff = requireRole('clerk', 'officer', 'supervisor', 'admin');

  router.get(paths.notifications.list, anyStaff, async (req, res) => {
    const { status, page } = parseListQuery(req.query as Record<string, unknown>);
    const result = await svc.notifications.list(req.staff!, { status, page, pageSize: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const pageUrl = (p: number) => {
      const qs = new URLSearchParams();
      if (status) qs.set('trang_thai', status);
      qs.set('trang', String(p));
      return `${paths.notifications.list}?${qs.toString()}`;
    };
    res.render('notifications/list', {
      title: 'Tin nhắn gửi công dân và cán bộ',
      rows: result.rows.map((r) => ({ ...r, statusTag: STATUS_TAGS[r.status] ?? 'tag' })),
      total: result.total,
      byStatus: result.byStatus,
      statuses: DELIVERY_STATUSES,
      statusLabels: DELIVERY_STATUS_LABELS,
      status: status ?? '',
      page,
      pages,
      pageUrl,
      masked: result.masked,
      unconfigured: result.unconfigured.map((c) => CHANNEL_LABELS[c]),
    });
  });

  router.get(paths.notifications.templates, anyStaff, (_req, res) => {
    const previews = svc.notifications.templatePreviews();
    res.render('notifications/templates', {
      title: 'Mẫu tin nhắn',
      templates: previews.templates.map((t) => ({ ...t, audienceLabel: t.audience === 'citizen' ? 'Công dân (không gửi trong giờ yên lặng)' : 'Cán bộ' })),
      znsConfigured: previews.znsConfigured,
    });
  });

  return router;
}
