/** "Tin nhắn đã gửi" on the dossier page: the dossier's messages, recipients masked for those who may not see them. */
import type { DossierPanel } from '../dossiers/page/panel.js';
import type { NotificationsService } from './notifications.service.js';

export function messagesPanel(notifications: Pick<NotificationsService, 'forDossier'>): DossierPanel {
  return {
    key: 'messages',
    slot: 'activity',
    order: 10,
    view: 'notifications/panel',
    async build(ctx) {
      const messages = await notifications.forDossier(ctx.staff, ctx.dossier.id);
      return messages.length > 0 ? { model: { messages } } : null;
    },
  };
}
