/**
 * Staff pages: the outbox (every message, its status and last error) and a preview of
 * every template rendered with sample data.
 */
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { requireRole } from '../../web/session.js';
import { maskPersonalData, maskRecipient } from './channel.js';
import { configuredChannels } from './dispatcher.js';
import { CHANNEL_LABELS, DELIVERY_STATUS_LABELS, channelLabel, deliveryStatusLabel } from './labels.js';
import { notificationPaths } from './notifications.paths.js';
import { notificationsRepo } from './notifications.repo.js';
import { CHANNELS, DELIVERY_STATUSES, type DeliveryStatus } from './outbox.js';
import { TEMPLATE_KEYS, TEMPLATES, render, smsLength } from './templates.js';

const PAGE_SIZE = 50;

const STATUS_TAGS: Record<DeliveryStatus, string> = {
  created: 'tag',
  sending: 'tag',
  delivered: 'tag tag-result_ready',
  'temporary-failure': 'tag tag-awaiting_supplement',
  'permanent-failure': 'tag tag-overdue',
};

export function notificationRoutes(deps: Deps): Router {
  const router = Router();
  const repo = notificationsRepo(deps.db);
  const anyStaff = requireRole('clerk', 'officer', 'supervisor', 'admin');

  router.get(notificationPaths.list, anyStaff, async (req, res) => {
    const staff = req.staff!;
    const rawStatus = typeof req.query.trang_thai === 'string' ? req.query.trang_thai : '';
    const status = (DELIVERY_STATUSES as readonly string[]).includes(rawStatus) ? (rawStatus as DeliveryStatus) : undefined;
    const rawPage = typeof req.query.trang === 'string' && /^\d{1,5}$/.test(req.query.trang) ? Number(req.query.trang) : 1;
    const page = Math.max(1, rawPage);
    const result = await repo.list(staff, { status, page, pageSize: PAGE_SIZE });
    const full = staff.role === 'admin';
    const configured = configuredChannels(deps.config);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const pageUrl = (p: number) => {
      const qs = new URLSearchParams();
      if (status) qs.set('trang_thai', status);
      qs.set('trang', String(p));
      return `${notificationPaths.list}?${qs.toString()}`;
    };
    res.render('notifications/list', {
      title: 'Tin nhắn gửi công dân và cán bộ',
      notificationPaths,
      rows: result.rows.map((r) => ({
        ...r,
        recipientShown: full ? r.recipient : maskRecipient(r.recipient),
        lastErrorShown: r.lastError === null ? null : full ? r.lastError : maskPersonalData(r.lastError),
        templateLabel: TEMPLATES[r.template as keyof typeof TEMPLATES]?.label ?? r.template,
        channelLabel: channelLabel(r.channel),
        statusLabel: deliveryStatusLabel(r.status),
        statusTag: STATUS_TAGS[r.status] ?? 'tag',
      })),
      total: result.total,
      byStatus: result.byStatus,
      statuses: DELIVERY_STATUSES,
      statusLabels: DELIVERY_STATUS_LABELS,
      status: status ?? '',
      page,
      pages,
      pageUrl,
      masked: !full,
      unconfigured: CHANNELS.filter((c) => !configured.includes(c)).map((c) => CHANNEL_LABELS[c]),
    });
  });

  router.get(notificationPaths.templates, anyStaff, (_req, res) => {
    const zns = deps.config.notifications.zns;
    res.render('notifications/templates', {
      title: 'Mẫu tin nhắn',
      notificationPaths,
      templates: TEMPLATE_KEYS.map((key) => {
        const t = TEMPLATES[key];
        const rendered = render(t, t.sample);
        return {
          ...t,
          audienceLabel: t.audience === 'citizen' ? 'Công dân (không gửi trong giờ yên lặng)' : 'Cán bộ',
          rendered,
          sms: smsLength(rendered.text),
          znsTemplateId: zns?.templateIds[key] ?? null,
        };
      }),
      znsConfigured: zns !== null,
    });
  });

  return router;
}
