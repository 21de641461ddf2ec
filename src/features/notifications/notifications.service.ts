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
import { WorkingCalendar } from '../../domain/calendar.js';
import type { StaffUser } from '../../domain/roles.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import { buildNotice, STEP_TEMPLATES } from './citizen-notices.js';
import { citizenNoticesRepo } from './citizen-notices.repo.js';
import type { CitizenStep } from './citizen-steps.js';
import { maskPersonalData, maskRecipient } from './channel.js';
import { configuredChannels, dispatchDue, dispatchIds, type ChannelSet } from './dispatcher.js';
import { channelLabel, deliveryStatusLabel } from './labels.js';
import { showMessage, type DossierMessage } from './messages.js';
import { notificationsRepo, type OutboxListRow } from './notifications.repo.js';
import { CHANNELS, enqueueForCitizen, type Channel, type DeliveryStatus, type NewMessage } from './outbox.js';
import { enqueue, outboxRepo } from './outbox.repo.js';
import { SWITCHABLE_TEMPLATE_KEYS, TEMPLATE_KEYS, TEMPLATES, render, smsLength, type TemplateKey } from './templates.js';

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
export type SwitchRefusal = { ok: false; reason: 'forbidden' | 'not_found'; message: string };

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

    /**
     * Tell the citizen of one step of their dossier, inside the caller's transaction
     * (once per step: a repeat stores nothing; a template the administrator switched off
     * stores nothing). Zalo ZNS when configured, SMS otherwise, plus e-mail when given;
     * the dispatcher holds them during quiet hours. Returns the number of messages stored.
     */
    async notifyCitizen(trx: Db, dossierId: number, step: CitizenStep, now: Date): Promise<number> {
      const notices = citizenNoticesRepo(trx);
      if (await notices.isDisabled(STEP_TEMPLATES[step.kind])) return 0;
      const d = await notices.dossier(dossierId);
      if (!d) return 0;
      const notice = buildNotice(step, {
        d,
        now,
        statusUrl: absoluteUrl(deps.config.publicBaseUrl, paths.publicStatus.page(d.token)),
        calendar: step.kind === 'result_ready' ? new WorkingCalendar(await notices.holidays(), deps.config.officeHours) : undefined,
        supplementRound: step.kind === 'supplement_request' && step.round === undefined ? await notices.supplementRequests(d.id) : undefined,
      });
      const stored = await enqueueForCitizen(trx, {
        contact: { phone: d.phone, email: d.email },
        phoneChannel: deps.config.notifications.zns ? 'zns' : 'sms',
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

    /**
     * A message to a person who is not a dossier's applicant on record (a petition's
     * sender), inside the caller's transaction: ZNS (SMS without ZNS) to the phone when
     * given, e-mail when given; once per key. Returns the number of messages stored.
     */
    async notifyContact(trx: Db, m: { contact: { phone: string | null; email: string | null }; template: TemplateKey; data: Record<string, string>; reference: string; key: string; now: Date }): Promise<number> {
      if (await citizenNoticesRepo(trx).isDisabled(m.template)) return 0;
      return enqueueForCitizen(trx, {
        contact: { phone: m.contact.phone ?? '', email: m.contact.email },
        phoneChannel: deps.config.notifications.zns ? 'zns' : 'sms',
        template: m.template,
        data: m.data,
        reference: m.reference,
        dossierId: null,
        key: m.key,
        now: m.now,
      });
    },

    /**
     * A Zalo OA consultation message to a follower (a reply, an answer), inside the caller's
     * transaction, once per key. When Zalo refuses it for good (outside the free-reply
     * window, unfollowed), the dispatcher sends `fallback` instead: the same news to the
     * phone by ZNS (SMS without ZNS). Without the OA configured, the fallback is stored
     * directly. A template switched off stores nothing. Returns the number of messages stored.
     */
    async replyOnZalo(
      trx: Db,
      m: { zaloUserId: string; template: TemplateKey; data: Record<string, string>; reference: string | null; dossierId: number | null; key: string; now: Date; fallback?: { phone: string; template: TemplateKey } | null },
    ): Promise<number> {
      // The administrator may switch a Zalo template off like any citizen template (/thong-bao/mau).
      if (await citizenNoticesRepo(trx).isDisabled(m.template)) return 0;
      const phoneChannel: Channel = deps.config.notifications.zns ? 'zns' : 'sms';
      const base = { data: m.data, reference: m.reference, dossierId: m.dossierId, notBefore: m.now, now: m.now };
      if (!deps.config.notifications.zaloOa) {
        if (!m.fallback?.phone.trim()) return 0;
        return (await enqueue(trx, { ...base, channel: phoneChannel, recipient: m.fallback.phone, template: m.fallback.template, idempotencyKey: `${m.key}:${phoneChannel}` })) ? 1 : 0;
      }
      const fallback = m.fallback?.phone.trim() ? { channel: phoneChannel, recipient: m.fallback.phone, template: m.fallback.template } : null;
      return (await enqueue(trx, { ...base, channel: 'zalo_cs', recipient: m.zaloUserId, template: m.template, idempotencyKey: `${m.key}:zalo_cs`, fallback })) ? 1 : 0;
    },

    /** The administrator switches one citizen template on or off. */
    async switchTemplate(viewer: StaffUser, key: string, on: boolean): Promise<{ ok: true; on: boolean; label: string } | SwitchRefusal> {
      if (viewer.role !== 'admin') return { ok: false, reason: 'forbidden', message: 'Chỉ quản trị viên bật, tắt mẫu tin nhắn.' };
      if (!(SWITCHABLE_TEMPLATE_KEYS as readonly string[]).includes(key)) return { ok: false, reason: 'not_found', message: 'Không có mẫu tin gửi công dân này.' };
      await citizenNoticesRepo(deps.db).setDisabled(key, !on, viewer.id, deps.clock.now());
      return { ok: true, on, label: TEMPLATES[key as keyof typeof TEMPLATES].label };
    },

    /** Deliver due messages (the outbox job). */
    dispatchDue: (opts: { limit?: number; concurrency?: number; channels?: ChannelSet } = {}) => dispatchDue(deps, opts),

    /**
     * Deliver now the immediate replies stored by replyOnZalo under these keys, once the
     * transaction that stored them has committed (the outbox job remains the safety net).
     */
    async sendRepliesNow(keys: string[], opts: { channels?: ChannelSet } = {}) {
      const ids = await outboxRepo(deps.db).immediateByKeys(keys.flatMap((k) => [`${k}:zalo_cs`, `${k}:zns`, `${k}:sms`]));
      return dispatchIds(deps, ids, opts);
    },

    /** Channels without a provider (their messages wait, visible, until one is configured). */
    unconfiguredChannels(): Channel[] {
      const configured = configuredChannels(deps.config);
      return CHANNELS.filter((c) => !configured.includes(c));
    },

    /**
     * Every template rendered with its sample data, with the ZNS template id when
     * configured, and for citizen templates still sent whether it is switched on.
     */
    async templatePreviews() {
      const zns = deps.config.notifications.zns;
      const off = new Map((await citizenNoticesRepo(deps.db).switches()).map((s) => [s.template, s]));
      return {
        znsConfigured: zns !== null,
        templates: TEMPLATE_KEYS.map((key) => {
          const t = TEMPLATES[key];
          const rendered = render(t, t.sample);
          const switchable = (SWITCHABLE_TEMPLATE_KEYS as readonly string[]).includes(key);
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
