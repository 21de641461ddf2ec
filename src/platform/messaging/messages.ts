/** How a stored outbox message is shown on a dossier's pages (staff and public). */
import { channelLabel, deliveryStatusLabel } from './labels.js';
import type { Channel, DeliveryStatus } from './message.js';
import type { TemplateRegistry } from './templates.js';

export interface DossierMessage {
  channel: Channel;
  channelLabel: string;
  template: string;
  /** The template's name ("Báo có kết quả trước hạn"). */
  templateTitle: string;
  status: DeliveryStatus;
  statusLabel: string;
  createdAt: Date;
  deliveredAt: Date | null;
  /** Null on the public page. */
  recipient: string | null;
}

/** A stored message (its instants already read as Dates, see the repos) as shown. */
export interface StoredMessage {
  channel: Channel;
  template: string;
  status: DeliveryStatus;
  createdAt: Date;
  deliveredAt: Date | null;
  recipient: string;
}

/** publicOnly (the citizen's status page): no recipient. The template's name comes from `templates`. */
export function showMessage(r: StoredMessage, opts: { publicOnly: boolean; templates: Pick<TemplateRegistry, 'get'> }): DossierMessage {
  return {
    channel: r.channel,
    channelLabel: channelLabel(r.channel),
    template: r.template,
    templateTitle: opts.templates.get(r.template)?.label ?? r.template,
    status: r.status,
    statusLabel: deliveryStatusLabel(r.status),
    createdAt: r.createdAt,
    deliveredAt: r.deliveredAt,
    recipient: opts.publicOnly ? null : r.recipient,
  };
}
