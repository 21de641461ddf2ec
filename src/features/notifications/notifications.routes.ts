/**
 * Staff pages: the outbox (every message the viewer may see, its status and last error)
 * and a preview of every template rendered with sample data; the administrator switches
 * citizen templates on and off there.
 */
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { refusalError } from '../../web/refusal.js';
import { requireRole } from '../../web/session.js';
import { CHANNEL_LABELS, DELIVERY_STATUS_LABELS } from '../../platform/messaging/labels.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../platform/messaging/message.js';
import { parseListQuery, parseSwitch, parseSwitchedQuery } from './notifications.schema.js';

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

  async function renderTemplates(req: Request, res: Response, status = 200, error: string | null = null) {
    const previews = await svc.notifications.templatePreviews();
    const switched = parseSwitchedQuery(req.query as Record<string, unknown>);
    const label = switched ? svc.notifications.templateLabel(switched.key) : undefined;
    res.status(status).render('notifications/templates', {
      title: 'Mẫu tin nhắn',
      templates: previews.templates.map((t) => ({ ...t, audienceLabel: t.audience === 'citizen' ? 'Công dân (không gửi trong giờ yên lặng)' : 'Cán bộ' })),
      znsConfigured: previews.znsConfigured,
      canSwitch: req.staff!.role === 'admin',
      successMessage: switched && label ? `Đã ${switched.on ? 'bật' : 'tắt'} mẫu “${label}”.${switched.on ? '' : ' Từ nay hệ thống không gửi tin theo mẫu này cho công dân.'}` : null,
      error,
    });
  }

  router.get(paths.notifications.templates, anyStaff, (req, res) => renderTemplates(req, res));

  router.post(paths.notifications.templateSwitch.pattern, requireRole('admin'), async (req, res) => {
    const key = String(req.params.key ?? '');
    const form = parseSwitch((req.body ?? {}) as Record<string, unknown>);
    if (!form.ok) return renderTemplates(req, res, 400, form.errors.bat ?? 'Chọn bật hoặc tắt mẫu tin.');
    const result = await svc.notifications.switchTemplate(req.staff!, key, form.value.bat);
    if (result.ok) {
      res.redirect(303, paths.notifications.templateSwitched(key, result.on));
      return;
    }
    throw refusalError(result);
  });

  return router;
}
