/**
 * Zalo Notification Service (ZNS), as in docs/domain.md:
 *
 *   POST <ZNS_API_URL>            (https://business.openapi.zalo.me/message/template)
 *   access_token: <OA token>
 *   Content-Type: application/json
 *   {"phone": "84987654321", "template_id": "…", "template_data": {"<param>": "<string>"}, "tracking_id": "<outbox id>"}
 *
 * Answer: {"error": 0, "message": "Success", "data": {"msg_id": "…", …}}; any other `error`
 * is a failure, classified below. HTTP 5xx, network errors and timeouts (10 s) are
 * temporary. The template id comes from ZNS_TEMPLATE_IDS (key=id,…); a template without
 * one is a configuration error, reported without calling Zalo.
 */
import type { Logger } from 'pino';
import type { Config } from '../../../config.js';
import type { Clock } from '../../../deps.js';
import { MINUTE_MS } from '../../../domain/time.js';
import { errorText, parseJsonObject, toInternationalPhone, type ChannelSender, type OutgoingMessage, type SendResult } from '../channel.js';
import { nextMorning, type QuietHours } from '../schedule.js';

export type ZnsConfig = NonNullable<Config['notifications']['zns']>;

export const ZNS_TIMEOUT_MS = 10_000;

/** The person cannot get this ZNS (no Zalo account, blocked, refused): send an SMS instead. */
export const ZNS_RECIPIENT_ERRORS: ReadonlySet<number> = new Set([-108, -118, -119, -139, -141]);
/** Quota and balance: back off a long time and tell the operators. */
export const ZNS_QUOTA_ERRORS: ReadonlySet<number> = new Set([-115, -144, -147]);
/** Our configuration is wrong: the template is not approved or does not exist. */
export const ZNS_CONFIG_ERRORS: ReadonlySet<number> = new Set([-131, -109]);

const DESCRIPTIONS: Record<number, string> = {
  [-108]: 'số điện thoại không hợp lệ',
  [-118]: 'số điện thoại chưa có tài khoản Zalo',
  [-119]: 'tài khoản Zalo không nhận được tin',
  [-139]: 'người dùng từ chối nhận tin',
  [-141]: 'người dùng từ chối nhận tin từ OA',
  [-124]: 'access token không hợp lệ hoặc hết hạn',
  [-133]: 'Zalo không gửi ZNS ban đêm (22:00–06:00)',
  [-115]: 'tài khoản ZNS hết số dư',
  [-144]: 'OA đã dùng hết hạn mức gửi trong ngày',
  [-147]: 'mẫu tin đã dùng hết hạn mức gửi trong ngày',
  [-131]: 'mẫu ZNS chưa được duyệt',
  [-109]: 'mẫu ZNS không hợp lệ',
};

/** What to do with a non-zero ZNS `error`. */
export function classifyZnsError(code: number, providerMessage: string, ctx: { now: Date; quietHours: QuietHours; logger: Logger; messageId: number }): SendResult & { ok: false } {
  const what = DESCRIPTIONS[code];
  const error = `ZNS ${code}: ${providerMessage}${what ? ` (${what})` : ''}`.slice(0, 1000);
  if (ZNS_RECIPIENT_ERRORS.has(code)) return { ok: false, kind: 'fallback_sms', error };
  if (code === -124) {
    ctx.logger.error({ znsError: code, outboxId: ctx.messageId }, 'ZNS access token rejected: renew ZNS_ACCESS_TOKEN');
    return { ok: false, kind: 'temporary', error };
  }
  if (code === -133) return { ok: false, kind: 'reschedule', retryAt: nextMorning(ctx.now, ctx.quietHours), error };
  if (ZNS_QUOTA_ERRORS.has(code)) {
    ctx.logger.error({ znsError: code, outboxId: ctx.messageId }, `ZNS quota or balance exhausted: ${what ?? providerMessage}`);
    // The daily limits reset at midnight: the next morning. Balance: an hour for a top-up.
    const retryAt = code === -115 ? new Date(ctx.now.getTime() + 60 * MINUTE_MS) : nextMorning(ctx.now, ctx.quietHours);
    return { ok: false, kind: 'temporary', retryAt, error };
  }
  if (ZNS_CONFIG_ERRORS.has(code)) {
    ctx.logger.error({ znsError: code, outboxId: ctx.messageId }, 'ZNS template configuration error');
    return { ok: false, kind: 'permanent', error };
  }
  return { ok: false, kind: 'permanent', error };
}

export function znsChannel(opts: { config: ZnsConfig; clock: Clock; logger: Logger; quietHours: QuietHours; timeoutMs?: number }): ChannelSender {
  const { config, clock, logger, quietHours } = opts;
  return {
    channel: 'zns',
    async send(m: OutgoingMessage): Promise<SendResult> {
      const templateId = config.templateIds[m.template.key];
      if (!templateId) {
        logger.error({ template: m.template.key, outboxId: m.id }, 'no ZNS template id configured (ZNS_TEMPLATE_IDS)');
        // A configuration gap must not leave the citizen without a message: send it by SMS.
        return { ok: false, kind: 'fallback_sms', error: `Chưa cấu hình mã mẫu ZNS cho "${m.template.key}" (ZNS_TEMPLATE_IDS)` };
      }
      const phone = toInternationalPhone(m.recipient);
      if (!phone) return { ok: false, kind: 'fallback_sms', error: 'Số điện thoại không hợp lệ cho Zalo' };
      let status: number;
      let body: string;
      try {
        const res = await fetch(config.apiUrl, {
          method: 'POST',
          headers: { access_token: config.accessToken, 'Content-Type': 'application/json' },
          body: JSON.stringify({ phone, template_id: templateId, template_data: m.data, tracking_id: String(m.id) }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? ZNS_TIMEOUT_MS),
        });
        status = res.status;
        body = await res.text();
      } catch (err) {
        return { ok: false, kind: 'temporary', error: `ZNS: không kết nối được (${errorText(err)})` };
      }
      if (status >= 500 || status === 429 || status === 408) return { ok: false, kind: 'temporary', error: `ZNS: HTTP ${status}` };
      const json = parseJsonObject(body);
      if (!json || typeof json.error !== 'number') {
        if (status >= 400) return { ok: false, kind: 'permanent', error: `ZNS: HTTP ${status}` };
        return { ok: false, kind: 'temporary', error: `ZNS: câu trả lời không đọc được (HTTP ${status})` };
      }
      if (json.error === 0) {
        const data = json.data as { msg_id?: unknown } | null | undefined;
        const msgId = data && typeof data === 'object' ? data.msg_id : undefined;
        return { ok: true, providerId: typeof msgId === 'string' || typeof msgId === 'number' ? String(msgId) : '' };
      }
      const providerMessage = typeof json.message === 'string' ? json.message : '';
      return classifyZnsError(json.error, providerMessage, { now: clock.now(), quietHours, logger, messageId: m.id });
    },
  };
}
