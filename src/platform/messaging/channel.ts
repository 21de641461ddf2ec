/**
 * What every delivery channel (Zalo ZNS, SMS, e-mail) offers the dispatcher: send one
 * message, say whether it went, and if not, whether trying again can help.
 */
import type { Channel } from './message.js';
import type { MessageTemplate } from './templates.js';

export interface OutgoingMessage {
  /** outbox_messages.id: the tracking id / reference / Message-ID sent to the provider. */
  id: number;
  channel: Channel;
  recipient: string;
  template: MessageTemplate;
  /** The template parameters, all strings (ZNS template_data). */
  data: Record<string, string>;
  /** Rendered subject and body (SMS, e-mail). */
  title: string;
  text: string;
  /** Dossier code, when the message is about a dossier. */
  reference: string | null;
}

export type FailureKind =
  /** Try again later (back-off), or at retryAt when the provider says when. */
  | 'temporary'
  /** Trying again cannot help. */
  | 'permanent'
  /** Zalo cannot reach this person: permanent for ZNS, send an SMS copy instead. */
  | 'fallback_sms'
  /** Not now but certainly later (ZNS at night): try again at retryAt, not a failure. */
  | 'reschedule';

export type SendResult = { ok: true; providerId: string } | { ok: false; kind: FailureKind; retryAt?: Date; error: string };

export interface ChannelSender {
  readonly channel: Channel;
  send(message: OutgoingMessage): Promise<SendResult>;
}

/**
 * A Vietnamese phone number as 84xxxxxxxxx (Zalo's and most gateways' format):
 * 0987654321, 0987 654 321, +84 987 654 321 and 84987654321 all give 84987654321.
 * Null when it is not a Vietnamese number (9–10 digits after the trunk 0).
 */
export function toInternationalPhone(phone: string): string | null {
  let digits = phone.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  if (!/^\d+$/.test(digits)) return null;
  if (digits.startsWith('84') && /^84[1-9]\d{8,9}$/.test(digits)) return digits;
  if (/^0[1-9]\d{8,9}$/.test(digits)) return `84${digits.slice(1)}`;
  return null;
}

/**
 * What a non-administrator sees of a recipient: 0987******, n***@example.vn. The last
 * four digits of a phone are the public lookup's secret (POST /tra-cuu), so none of them
 * is ever shown; only the first four (the carrier prefix) are.
 */
export function maskRecipient(recipient: string): string {
  const at = recipient.lastIndexOf('@');
  if (at > 0) return `${Array.from(recipient)[0] ?? ''}***${recipient.slice(at)}`;
  const digits = recipient.replace(/\D/g, '');
  if (digits.length < 8) return '***';
  return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 4)}`;
}

/** Error texts may quote the address or number (SMTP 550 replies do): mask them too. */
export function maskPersonalData(text: string): string {
  return text
    .replace(/[^\s<>"',;:()[\]]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (m) => maskRecipient(m))
    .replace(/(?<![\d-])(?:\+?84|0)\d[\d .]{6,}\d(?![\d-])/g, (m) => (m.replace(/\D/g, '').length >= 9 ? maskRecipient(m) : m));
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message}` : '';
    return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}${causeText}`.slice(0, 1000);
  }
  return String(err).slice(0, 1000);
}

/** A JSON object from a provider's answer, or null when it is not one. */
export function parseJsonObject(body: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
