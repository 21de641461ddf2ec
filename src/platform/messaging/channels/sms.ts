/**
 * SMS through an HTTP gateway. The contract is ours; a real brand-name gateway (Viettel,
 * VNPT, FPT, eSMS, …) gets a small adapter service that speaks it:
 *
 *   POST <SMS_GATEWAY_URL>
 *   Authorization: Bearer <SMS_GATEWAY_TOKEN>
 *   Content-Type: application/json
 *   {"to": "84987654321", "brandname": "<SMS_BRANDNAME>", "text": "<plain text, Unicode>", "reference": "<outbox id>"}
 *
 *   2xx {"status": "accepted", "id": "<gateway message id>"}  → sent
 *   2xx with any other status                                  → refused, permanent
 *   408, 429, 5xx, network error, no answer within 10 s         → temporary, retried
 *   other 4xx (bad number, bad token, unknown brand name)      → permanent
 *
 * `reference` is the same for every retry of one message, so the gateway can drop a
 * duplicate if an answer was lost. `text` keeps Vietnamese diacritics (UCS-2 SMS: 70
 * characters, 67 per part when split).
 */
import type { Logger } from 'pino';
import type { Config } from '../../../config.js';
import { errorText, parseJsonObject, toInternationalPhone, type ChannelSender, type OutgoingMessage, type SendResult } from '../channel.js';

export type SmsConfig = NonNullable<Config['notifications']['sms']>;

export const SMS_TIMEOUT_MS = 10_000;

export function smsChannel(opts: { config: SmsConfig; logger: Logger; timeoutMs?: number }): ChannelSender {
  const { config, logger } = opts;
  return {
    channel: 'sms',
    async send(m: OutgoingMessage): Promise<SendResult> {
      const to = toInternationalPhone(m.recipient);
      if (!to) return { ok: false, kind: 'permanent', error: 'Số điện thoại không hợp lệ' };
      let status: number;
      let body: string;
      try {
        const res = await fetch(config.url, {
          method: 'POST',
          headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ to, brandname: config.brandname, text: m.text, reference: String(m.id) }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? SMS_TIMEOUT_MS),
        });
        status = res.status;
        body = await res.text();
      } catch (err) {
        return { ok: false, kind: 'temporary', error: `SMS: không kết nối được (${errorText(err)})` };
      }
      const detail = body.replace(/\s+/g, ' ').trim().slice(0, 300);
      if (status >= 500 || status === 429 || status === 408) return { ok: false, kind: 'temporary', error: `SMS: HTTP ${status} ${detail}`.trim() };
      if (status === 401 || status === 403) {
        logger.error({ status, outboxId: m.id }, 'SMS gateway refused our credentials: check SMS_GATEWAY_TOKEN');
      }
      if (status >= 400) return { ok: false, kind: 'permanent', error: `SMS: HTTP ${status} ${detail}`.trim() };
      if (status < 200 || status >= 300) return { ok: false, kind: 'temporary', error: `SMS: HTTP ${status}` };
      const json = parseJsonObject(body);
      if (!json) return { ok: false, kind: 'temporary', error: `SMS: câu trả lời không đọc được (HTTP ${status})` };
      if (json.status === 'accepted') {
        return { ok: true, providerId: typeof json.id === 'string' || typeof json.id === 'number' ? String(json.id) : '' };
      }
      return { ok: false, kind: 'permanent', error: `SMS: cổng SMS từ chối (${detail})` };
    },
  };
}
