/**
 * The notifications feature: the citizen's dossier notices (one per step, through the
 * messaging platform) and the staff pages over the outbox (the outbox list, a dossier's
 * messages, the template previews and switches). The outbox, the channels and the template
 * registry are the messaging platform's (src/platform/messaging/).
 *
 * Who sees what: the administrator every message with its recipient in full; other staff
 * only messages about dossiers their agency received or processes (the rule of
 * canSeeDossier), with recipients masked.
 */
import type { Deps } from '../../deps.js';
import { WorkingCalendar } from '../../domain/calendar.js';
import type { StaffUser } from '../../domain/roles.js';
import { maskPersonalData, maskRecipient } from '../../platform/messaging/channel.js';
import { channelLabel, deliveryStatusLabel } from '../../platform/messaging/labels.js';
import type { DeliveryStatus } from '../../platform/messaging/message.js';
import type { DossierMessage } from '../../platform/messaging/messages.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { render, smsLength } from '../../platform/messaging/templates.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import { buildNotice, STEP_TEMPLATES } from './citizen-notices.js';
import { citizenNoticesRepo } from './citizen-notices.repo.js';
import type { CitizenStep } from './citizen-steps.js';
import { notificationsRepo, type OutboxListRow } from './notifications.repo.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';

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

/** Why switching a template is refused; the route maps it. */
export type SwitchRefusal = Refusal<'forbidden' | 'not_found'>;

export function notificationsService(deps: Deps, wiring: { messaging: MessagingService }) {
  const { messaging } = wiring;
  const { templates } = messaging;
  const repo = notificationsRepo(deps.db);
  return {
    /** A dossier's messages for its staff page, oldest first (the caller checked access to the dossier). */
    async forDossier(viewer: StaffUser, dossierId: number): Promise<DossierMessage[]> {
      const full = seesRecipients(viewer);
      const rows = await repo.messagesForDossier(dossierId);
      return rows.map((r) => {
        const m = messaging.show(r, { publicOnly: false });
        return { ...m, recipient: full || !m.recipient ? m.recipient : maskRecipient(m.recipient) };
      });
    },

    /** The outbox page: one page of messages the viewer may see, with counts by status over the same scope. */
    async list(viewer: StaffUser, f: { status?: DeliveryStatus; page: number; pageSize: number }) {
      const full = seesRecipients(viewer);
      const result = await repo.list(viewer, { ...f, hidden: templates.sealedKeys });
      const rows: ShownOutboxRow[] = result.rows.map((r) => ({
        ...r,
        recipientShown: full ? r.recipient : maskRecipient(r.recipient),
        lastErrorShown: r.lastError === null ? null : full ? r.lastError : maskPersonalData(r.lastError),
        templateLabel: templates.get(r.template)?.label ?? r.template,
        channelLabel: channelLabel(r.channel),
        statusLabel: deliveryStatusLabel(r.status),
      }));
      return { rows, total: result.total, byStatus: result.byStatus, masked: !full, unconfigured: messaging.unconfiguredChannels() };
    },

    /** Store a message inside the caller's transaction (the dossier sweeps' staff messages): the messaging platform's enqueue. */
    enqueue: messaging.enqueue,

    /** Deliver due messages (the outbox job, as the jobs feature calls it): the messaging platform's dispatcher. */
    dispatchDue: messaging.dispatchDue,

    /**
     * Tell the citizen of one step of their dossier, inside the caller's transaction
     * (once per step: a repeat stores nothing; a template the administrator switched off
     * stores nothing). Zalo ZNS when configured, SMS otherwise, plus e-mail when given;
     * the dispatcher holds them during quiet hours. Returns the number of messages stored.
     */
    async notifyCitizen(trx: Db, dossierId: number, step: CitizenStep, now: Date): Promise<number> {
      if (await messaging.isSwitchedOff(trx, STEP_TEMPLATES[step.kind])) return 0;
      const notices = citizenNoticesRepo(trx);
      const d = await notices.dossier(dossierId);
      if (!d) return 0;
      const notice = buildNotice(step, {
        d,
        now,
        statusUrl: absoluteUrl(deps.config.server.publicBaseUrl, paths.publicStatus.page(d.token)),
        calendar: step.kind === 'result_ready' ? new WorkingCalendar(await notices.holidays(), deps.config.office.hours) : undefined,
        supplementRound: step.kind === 'supplement_request' && step.round === undefined ? await notices.supplementRequests(d.id) : undefined,
      });
      const stored = await messaging.notifyContact(trx, {
        contact: { phone: d.phone, email: d.email },
        template: notice.template,
        data: notice.data,
        reference: d.code,
        dossierId: d.id,
        key: notice.key,
        now,
      });
      if (notice.timing?.kind === 'early') await notices.markEarlyNotified(d.id, now);
      return stored;
    },

    /** The administrator switches one citizen template on or off. */
    async switchTemplate(viewer: StaffUser, key: string, on: boolean): Promise<{ ok: true; on: boolean; label: string } | SwitchRefusal> {
      if (viewer.role !== 'admin') return refuse('forbidden', 'Chỉ quản trị viên bật, tắt mẫu tin nhắn.');
      const template = templates.get(key);
      if (!template || !(templates.switchableKeys as readonly string[]).includes(key)) return refuse('not_found', 'Không có mẫu tin gửi công dân này.');
      await messaging.setSwitch(key, !on, viewer.id, deps.clock.now());
      return { ok: true, on, label: template.label };
    },

    /** A template's name, for the page after a switch (undefined for an unknown key). */
    templateLabel: (key: string): string | undefined => templates.get(key)?.label,

    /**
     * Every template rendered with its sample data, with the ZNS template id when
     * configured, and for citizen templates still sent whether it is switched on.
     */
    async templatePreviews() {
      const zns = deps.config.notifications.zns;
      const off = new Map((await messaging.switches()).map((s) => [s.template, s]));
      return {
        znsConfigured: zns !== null,
        templates: templates.all.map((t) => {
          const key = t.key;
          const rendered = render(t, t.sample);
          const switchable = (templates.switchableKeys as readonly string[]).includes(key);
          const sw = off.get(key);
          return {
            ...t,
            rendered,
            sms: smsLength(rendered.text),
            znsTemplateId: zns?.templateIds[key] ?? null,
            switchable,
            enabled: !t.retired && !sw,
            disabledAt: sw?.disabledAt ?? null,
            disabledBy: sw?.disabledBy ?? null,
          };
        }),
      };
    },
  };
}

export type NotificationsService = ReturnType<typeof notificationsService>;
