/**
 * The notifications feature seen by the rest of the application: the staff pages (the
 * outbox list, a dossier's messages, template previews), storing messages inside a
 * caller's transaction, and delivering due messages (the dispatcher).
 *
 * Who sees what: the administrator every message with its recipient in full; other staff
 * only messages about dossiers their agency received or processes (the rule of
 * canSeeDossier), with recipients masked.
 */
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import type { CitizenStep } from './citizen-steps.js';
import { maskPersonalData, maskRecipient } from './channel.js';
import { configuredChannels, dispatchDue, type ChannelSet } from './dispatcher.js';
import { channelLabel, deliveryStatusLabel } from './labels.js';
import { showMessage, type DossierMessage } from './messages.js';
import { notificationsRepo, type OutboxListRow } from './notifications.repo.js';
import { CHANNELS, enqueueForCitizen, type Channel, type DeliveryStatus, type NewMessage } from './outbox.js';
import { enqueue } from './outbox.repo.js';
import { TEMPLATE_KEYS, TEMPLATES, render, smsLength } from './templates.js';

/** Only the administrator sees recipients and provider errors unmasked. */
export function seesRecipients(viewer: StaffUser): boolean {
  return viewer.role === 'admin';
}

export interface ShownOutboxRow extends OutboxListRow {
  recipientShown: string;
  lastErrorShown: string | null;
  templateLabel: string;
  channelLabel: string;
  statusLabel: string;
}

/** The database handle or the caller's transaction (Deps['db'] accepts both). */
type Db = Deps['db'];

export function notificationsService(deps: Deps) {
  const repo = notificationsRepo(deps.db);
  return {
    /** A dossier's messages for its staff page, oldest first (the caller checked access to the dossier). */
    async forDossier(viewer: StaffUser, dossierId: number): Promise<DossierMessage[]> {
      const full = seesRecipients(viewer);
      const rows = await repo.messagesForDossier(dossierId);
      return rows.map((r) => {
        const m = showMessage(r, { publicOnly: false });
        return { ...m, recipient: full || !m.recipient ? m.recipient : maskRecipient(m.recipient) };
      });
    },

    /** The outbox page: one page of messages the viewer may see, with counts by status over the same scope. */
    async list(viewer: StaffUser, f: { status?: DeliveryStatus; page: number; pageSize: number }) {
      const full = seesRecipients(viewer);
      const result = await repo.list(viewer, f);
      const rows: ShownOutboxRow[] = result.rows.map((r) => ({
        ...r,
        recipientShown: full ? r.recipient : maskRecipient(r.recipient),
        lastErrorShown: r.lastError === null ? null : full ? r.lastError : maskPersonalData(r.lastError),
        templateLabel: TEMPLATES[r.template as keyof typeof TEMPLATES]?.label ?? r.template,
        channelLabel: channelLabel(r.channel),
        statusLabel: deliveryStatusLabel(r.status),
      }));
      return { rows, total: result.total, byStatus: result.byStatus, masked: !full, unconfigured: this.unconfiguredChannels() };
    },

    /** Store a message inside the caller's transaction; false when its idempotency key exists. */
    enqueue: (trx: Db, m: NewMessage): Promise<boolean> => enqueue(trx, m),

    /** A message to a citizen on every channel that reaches them, inside the caller's transaction. */
    enqueueForCitizen: (trx: Db, opts: Parameters<typeof enqueueForCitizen>[1]): Promise<number> => enqueueForCitizen(trx, opts),

    /**
     * Tell the citizen of one step of their dossier, inside the caller's transaction
     * (once per step: a repeat stores nothing). Returns the number of messages stored.
     */
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    notifyCitizen: async (trx: Db, dossierId: number, step: CitizenStep, now: Date): Promise<number> => 0,

    /** Deliver due messages (the outbox job). */
    dispatchDue: (opts: { limit?: number; concurrency?: number; channels?: ChannelSet } = {}) => dispatchDue(deps, opts),

    /** Channels without a provider (their messages wait, visible, until one is configured). */
    unconfiguredChannels(): Channel[] {
      const configured = configuredChannels(deps.config);
      return CHANNELS.filter((c) => !configured.includes(c));
    },

    /** Every template rendered with its sample data, with the ZNS template id when configured. */
    templatePreviews() {
      const zns = deps.config.notifications.zns;
      return {
        znsConfigured: zns !== null,
        templates: TEMPLATE_KEYS.map((key) => {
          const t = TEMPLATES[key];
          const rendered = render(t, t.sample);
          return { ...t, rendered, sms: smsLength(rendered.text), znsTemplateId: zns?.templateIds[key] ?? null };
        }),
      };
    },
  };
}

export type NotificationsService = ReturnType<typeof notificationsService>;
