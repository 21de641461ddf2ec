/**
 * The messaging platform as the features see it: store a message inside the caller's
 * transaction (to a person's phone and e-mail, to staff by e-mail, as a Zalo OA reply),
 * honour the administrators' template switches, deliver due messages (the outbox job) and
 * immediate replies at once, and show stored messages. Built once by the composition root
 * (src/messaging.ts) over the application's template registry; it knows no feature.
 */
import type { Deps } from '../../deps.js';
import { configuredChannels, dispatchDue, dispatchIds, type ChannelSet } from './dispatcher.js';
import { CHANNELS, type Channel, type NewMessage } from './message.js';
import { showMessage, type DossierMessage, type StoredMessage } from './messages.js';
import { enqueue, enqueueForCitizen } from './outbox.js';
import { outboxRepo } from './outbox.repo.js';
import { switchesRepo } from './switches.repo.js';
import type { TemplateRegistry } from './templates.js';

/** The database handle or the caller's transaction (Deps['db'] accepts both). */
type Db = Deps['db'];

export function messagingService(deps: Deps, opts: { templates: TemplateRegistry }) {
  const { templates } = opts;
  /** A phone is reached by Zalo ZNS when configured, by SMS otherwise. */
  const phoneChannel = (): 'zns' | 'sms' => (deps.config.notifications.zns ? 'zns' : 'sms');

  return {
    /** Every registered template (read-only). */
    templates,

    /** Store a message inside the caller's transaction; false when its idempotency key exists. */
    enqueue: (trx: Db, m: NewMessage): Promise<boolean> => enqueue(trx, m),

    /** The administrator switched this (citizen) template off: nothing is stored for it. */
    isSwitchedOff: (trx: Db, template: string): Promise<boolean> => switchesRepo(trx).isDisabled(template),

    /**
     * A message to a person by phone and e-mail, inside the caller's transaction: ZNS (SMS
     * without ZNS) to the phone when given, e-mail when given; once per key; nothing when the
     * template is switched off. Returns the number of messages stored.
     */
    async notifyContact(
      trx: Db,
      m: { contact: { phone: string | null; email: string | null }; template: string; data: Record<string, string>; reference: string; dossierId?: number | null; key: string; now: Date },
    ): Promise<number> {
      if (await switchesRepo(trx).isDisabled(m.template)) return 0;
      return enqueueForCitizen(trx, {
        contact: { phone: m.contact.phone ?? '', email: m.contact.email },
        phoneChannel: phoneChannel(),
        template: m.template,
        data: m.data,
        reference: m.reference,
        dossierId: m.dossierId ?? null,
        key: m.key,
        now: m.now,
      });
    },

    /** Staff e-mails of one event, inside the caller's transaction: each recipient once per key ("<key>:staff:<user id>"). Returns how many were stored. */
    async emailStaff(
      trx: Db,
      to: ReadonlyArray<{ id: number; email: string }>,
      m: { template: string; data: Record<string, string>; reference: string | null; dossierId?: number | null; key: string; now: Date },
    ): Promise<number> {
      let n = 0;
      for (const u of to) {
        const stored = await enqueue(trx, {
          channel: 'email',
          recipient: u.email,
          template: m.template,
          data: m.data,
          reference: m.reference,
          dossierId: m.dossierId ?? null,
          idempotencyKey: `${m.key}:staff:${u.id}`,
          notBefore: m.now,
          now: m.now,
        });
        if (stored) n++;
      }
      return n;
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
      m: { zaloUserId: string; template: string; data: Record<string, string>; reference: string | null; dossierId: number | null; key: string; now: Date; fallback?: { phone: string; template: string } | null },
    ): Promise<number> {
      // The administrator may switch a Zalo template off like any citizen template (/thong-bao/mau).
      if (await switchesRepo(trx).isDisabled(m.template)) return 0;
      const phone: Channel = phoneChannel();
      const base = { data: m.data, reference: m.reference, dossierId: m.dossierId, notBefore: m.now, now: m.now };
      if (!deps.config.notifications.zaloOa) {
        if (!m.fallback?.phone.trim()) return 0;
        return (await enqueue(trx, { ...base, channel: phone, recipient: m.fallback.phone, template: m.fallback.template, idempotencyKey: `${m.key}:${phone}` })) ? 1 : 0;
      }
      const fallback = m.fallback?.phone.trim() ? { channel: phone, recipient: m.fallback.phone, template: m.fallback.template } : null;
      return (await enqueue(trx, { ...base, channel: 'zalo_cs', recipient: m.zaloUserId, template: m.template, idempotencyKey: `${m.key}:zalo_cs`, fallback })) ? 1 : 0;
    },

    /** Deliver due messages (the outbox job). */
    dispatchDue: (o: { limit?: number; concurrency?: number; channels?: ChannelSet } = {}) => dispatchDue(deps, templates, o),

    /**
     * Deliver now the immediate replies stored by replyOnZalo under these keys, once the
     * transaction that stored them has committed (the outbox job remains the safety net).
     */
    async sendRepliesNow(keys: string[], o: { channels?: ChannelSet } = {}) {
      const ids = await outboxRepo(deps.db).immediateByKeys(
        keys.flatMap((k) => [`${k}:zalo_cs`, `${k}:zns`, `${k}:sms`]),
        templates.immediateKeys,
      );
      return dispatchIds(deps, templates, ids, o);
    },

    /** Channels without a provider (their messages wait, visible, until one is configured). */
    unconfiguredChannels(): Channel[] {
      const configured = configuredChannels(deps.config);
      return CHANNELS.filter((c) => !configured.includes(c));
    },

    /** A stored message as a dossier's pages show it (publicOnly: no recipient). */
    show: (r: StoredMessage, o: { publicOnly: boolean }): DossierMessage => showMessage(r, { ...o, templates }),

    /** The administrators' switches (switched-off templates, who and when). */
    switches: () => switchesRepo(deps.db).switches(),

    /** Switch a template off or on; true when something changed. */
    setSwitch: (template: string, off: boolean, by: number, now: Date) => switchesRepo(deps.db).setDisabled(template, off, by, now),
  };
}

export type MessagingService = ReturnType<typeof messagingService>;
