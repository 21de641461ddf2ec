/**
 * What the outbox stores: a message to one person on one channel, its delivery status, and
 * what a caller gives to store one. Types and constants only (no imports), so that the
 * outbox, its repo, the channels and the pages all read them without a cycle.
 */

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

export interface CitizenContact {
  /** Empty when the person gave only an e-mail address (a petition). */
  phone: string;
  email: string | null;
}
