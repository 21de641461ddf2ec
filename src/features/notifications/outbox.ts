/**
 * The outbox: every message to a person is first a row, written in the same transaction
 * as the change that causes it, then delivered by the dispatcher. The idempotency key is
 * unique, so asking twice for the same message stores it once. The SQL is in outbox.repo.ts.
 */
import type { Deps } from '../../deps.js';
import { enqueue } from './outbox.repo.js';

/** zalo_cs: a Zalo OA consultation message to a follower (recipient: their Zalo user id). */
export const CHANNELS = ['zns', 'sms', 'email', 'zalo_cs'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DELIVERY_STATUSES = ['created', 'sending', 'delivered', 'temporary-failure', 'permanent-failure'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface NewMessage {
  channel: Channel;
  recipient: string;
  template: string;
  data: Record<string, string>;
  reference: string | null;
  dossierId: number | null;
  idempotencyKey: string;
  /** Earliest delivery time (quiet hours are applied by the dispatcher as well). */
  notBefore: Date;
  now: Date;
  /**
   * Where the message goes instead when its provider refuses it for good (the dispatcher's
   * 'fallback_sms' outcome): a Zalo consultation message outside its reply window goes to
   * the citizen's phone by ZNS (SMS when ZNS is not configured), with its own template.
   */
  fallback?: { channel: Channel; recipient: string; template: string } | null;
}

export { enqueue } from './outbox.repo.js';

export interface CitizenContact {
  /** Empty when the person gave only an e-mail address (a petition). */
  phone: string;
  email: string | null;
}

/**
 * A message to a citizen on every channel that reaches them: Zalo ZNS when configured
 * (SMS otherwise) for the phone, and e-mail when they gave an address. The dispatcher
 * falls back from ZNS to SMS when Zalo says the person cannot receive it.
 */
export async function enqueueForCitizen(
  db: Deps['db'],
  opts: { contact: CitizenContact; phoneChannel: 'zns' | 'sms'; template: string; data: Record<string, string>; reference: string; dossierId: number | null; key: string; now: Date },
): Promise<number> {
  let n = 0;
  const base = { template: opts.template, data: opts.data, reference: opts.reference, dossierId: opts.dossierId, notBefore: opts.now, now: opts.now };
  if (opts.contact.phone.trim() && (await enqueue(db, { ...base, channel: opts.phoneChannel, recipient: opts.contact.phone, idempotencyKey: `${opts.key}:${opts.phoneChannel}` }))) n++;
  if (opts.contact.email && (await enqueue(db, { ...base, channel: 'email', recipient: opts.contact.email, idempotencyKey: `${opts.key}:email` }))) n++;
  return n;
}
