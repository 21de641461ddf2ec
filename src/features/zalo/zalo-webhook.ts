/**
 * The Zalo OA webhook's intake (receiving, in zalo.service.ts's terms): the signature checked
 * over the raw body, a replay refused, the event stored under its key — a redelivery stores
 * nothing. Processing is the service's (it is kicked when an event is stored).
 */
import type { Deps } from '../../deps.js';
import { verifyZaloSignature } from '../../platform/messaging/zalo-oa/signature.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';
import { isTimely, zaloEventKey } from '../../domain/zalo-message.js';
import { parseJsonBody, parseZaloEvent, senderOf, signedFields } from './zalo.schema.js';
import { zaloEventsRepo } from './zalo-events.repo.js';

/**
 * A webhook delivery's outcome: stored (false: a redelivery, nothing stored) or refused, the
 * refusal's `code` being what the webhook answers Zalo: 'not_found' (no OA configured),
 * 'not_json', 'not_an_event', 'stale' (a replay), 'bad_signature'.
 */
export type ReceiveResult = { ok: true; stored: boolean } | Refusal<'not_found' | 'invalid' | 'unauthenticated'>;

/** The webhook's refusals (an API answer: the code matters, the message is for the log reader). */
export const WEBHOOK_REFUSALS = {
  notConfigured: refuse('not_found', 'Zalo OA chưa được cấu hình.', { code: 'not_found' }),
  notJson: refuse('invalid', 'Nội dung gửi đến không phải JSON.', { code: 'not_json' }),
  notAnEvent: refuse('invalid', 'Nội dung gửi đến không phải một sự kiện Zalo.', { code: 'not_an_event' }),
  stale: refuse('invalid', 'Sự kiện có thời điểm quá xa hiện tại (gửi lại một sự kiện cũ).', { code: 'stale' }),
  badSignature: refuse('unauthenticated', 'Chữ ký sự kiện không hợp lệ.', { code: 'bad_signature' }),
} as const;

/**
 * A webhook delivery: the raw body and the X-ZEvent-Signature header. Refused without the
 * OA (not_found); not JSON, signed but not an event, or stale (invalid); a bad signature
 * or another app's event (unauthenticated, logged without the body). Else stored (or a
 * redelivery: nothing stored).
 */
export async function receiveWebhook(deps: Deps, raw: Buffer, signature: string | string[] | undefined, meta: { ip: string | null }, onStored: () => void): Promise<ReceiveResult> {
  const oa = deps.config.notifications.zaloOa;
  if (!oa) return WEBHOOK_REFUSALS.notConfigured;
  const text = raw.toString('utf8');
  const body = parseJsonBody(text);
  if (!body) return WEBHOOK_REFUSALS.notJson;
  const signed = signedFields(body);
  if (!signed || signed.appId !== oa.appId || !verifyZaloSignature(signature, signed.appId, text, signed.timestamp, oa.oaSecretKey)) {
    deps.logger.warn({ ip: meta.ip, bytes: raw.length, signature: signature === undefined ? 'missing' : 'present' }, 'zalo webhook: bad signature, event refused');
    return WEBHOOK_REFUSALS.badSignature;
  }
  const e = parseZaloEvent(body);
  if (!e) return WEBHOOK_REFUSALS.notAnEvent;
  // A signed event from long ago (or far ahead) is a replay, not a delivery: refused, not stored.
  if (!isTimely(e.timestamp, deps.clock.now(), oa.maxEventSkewMs)) {
    deps.logger.warn({ ip: meta.ip, eventName: e.event_name, skewMinutes: Math.round((Number(e.timestamp) - deps.clock.now().getTime()) / 60_000) }, 'zalo webhook: event timestamp too far from now, refused');
    return WEBHOOK_REFUSALS.stale;
  }
  const sender = senderOf(e);
  const msgId = e.message?.msg_id ?? null;
  const stored = await zaloEventsRepo(deps.db).insert({
    eventKey: zaloEventKey({ event_name: e.event_name, sender_id: sender, msg_id: msgId, timestamp: e.timestamp }),
    eventName: e.event_name,
    appId: e.app_id,
    senderId: sender,
    msgId,
    eventTs: Number(e.timestamp),
    body: text,
    receivedAt: deps.clock.now(),
  });
  if (stored) onStored();
  return { ok: true, stored };
}
