/**
 * Zalo OA consultation ("cs") messages to a follower, as in docs/domain.md:
 *
 *   POST <ZALO_OA_API_URL>        (https://openapi.zalo.me/v3.0/oa/message/cs)
 *   access_token: <the current OA access token, from zalo_oa_tokens>
 *   Content-Type: application/json
 *   {"recipient": {"user_id": "…"}, "message": {"text": "…"}}
 *
 * Answer: {"error": 0, "message": "Success", "data": {"message_id": "…"}}. Other `error`
 * values, classified below from what we found of the OA API v3 codes:
 * - -213 "user has not followed the OA" / has not interacted within the allowed time, and
 *   -230 "user has not interacted with the OA in the past 7 days" (the free-reply window):
 *   Zalo refuses a free reply → 'fallback_sms' (the outbox row's own fallback: ZNS/SMS to
 *   the dossier's phone). Source: khoicodedao/Poto_platform docs/FIX_ERROR_230.md (-213,
 *   -230 both answered outside the interaction window), doc.caresoft.vn "Bảng mã khi gửi
 *   tin nhắn theo Zalo ID".
 * - -216 "access token is invalid", -220 "access token has expired" (and -124, the same
 *   meaning in ZNS): sent again with the new token if a refresh replaced the refused one
 *   meanwhile (or is replacing it: see tokens.ts); else temporary, and the token is marked
 *   for refresh by the next 'zalo' job.
 * - -211 / -32 (quota, rate limit): temporary.
 * - anything else (-201 invalid parameter, -207 invalid user id, …): permanent.
 * HTTP 5xx, 408, 429, network errors and timeouts (10 s) are temporary.
 */
import type { Logger } from 'pino';
import type { ZaloOaConfig } from '../../../config.js';
import { errorText, parseJsonObject, type ChannelSender, type OutgoingMessage, type SendResult } from '../channel.js';
import type { ZaloTokens } from './tokens.js';

export const ZALO_CS_TIMEOUT_MS = 10_000;

/** Zalo will not take a free reply to this follower now: send the fallback instead. */
export const ZALO_CS_REFUSED: ReadonlySet<number> = new Set([-213, -230]);
/** The access token is invalid or expired: refresh it. */
export const ZALO_CS_TOKEN_ERRORS: ReadonlySet<number> = new Set([-216, -220, -124]);
/** Quotas and rate limits: later. */
export const ZALO_CS_QUOTA_ERRORS: ReadonlySet<number> = new Set([-211, -32]);

const DESCRIPTIONS: Record<number, string> = {
  [-213]: 'người dùng chưa quan tâm OA hoặc quá thời gian được trả lời miễn phí',
  [-230]: 'người dùng không tương tác với OA trong 7 ngày qua',
  [-216]: 'access token không hợp lệ',
  [-220]: 'access token đã hết hạn',
  [-124]: 'access token không hợp lệ hoặc hết hạn',
  [-211]: 'OA đã dùng hết hạn mức gửi',
  [-32]: 'gửi quá nhanh, vượt giới hạn của Zalo',
};

/** Clip the text to what a consultation message takes (2000 characters). */
export const ZALO_CS_TEXT_MAX = 2000;

export function classifyZaloCsError(code: number, providerMessage: string): { result: SendResult & { ok: false }; refreshToken: boolean } {
  const what = DESCRIPTIONS[code];
  const error = `Zalo OA ${code}: ${providerMessage}${what ? ` (${what})` : ''}`.slice(0, 1000);
  if (ZALO_CS_REFUSED.has(code)) return { result: { ok: false, kind: 'fallback_sms', error }, refreshToken: false };
  if (ZALO_CS_TOKEN_ERRORS.has(code)) return { result: { ok: false, kind: 'temporary', error }, refreshToken: true };
  if (ZALO_CS_QUOTA_ERRORS.has(code)) return { result: { ok: false, kind: 'temporary', error }, refreshToken: false };
  return { result: { ok: false, kind: 'permanent', error }, refreshToken: false };
}

export function zaloCsChannel(opts: { config: ZaloOaConfig; tokens: ZaloTokens; logger: Logger; timeoutMs?: number }): ChannelSender {
  const { config, tokens, logger } = opts;

  /** One request with this access token; the token refused is told apart (send() decides what follows). */
  async function attempt(m: OutgoingMessage, token: string): Promise<SendResult | { tokenRefused: SendResult & { ok: false }; code: number }> {
    const text = Array.from(m.text).slice(0, ZALO_CS_TEXT_MAX).join('');
    let status: number;
    let body: string;
    try {
      const res = await fetch(config.apiUrl, {
        method: 'POST',
        headers: { access_token: token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ recipient: { user_id: m.recipient }, message: { text } }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? ZALO_CS_TIMEOUT_MS),
      });
      status = res.status;
      body = await res.text();
    } catch (err) {
      return { ok: false, kind: 'temporary', error: `Zalo OA: không kết nối được (${errorText(err)})` };
    }
    if (status >= 500 || status === 429 || status === 408) return { ok: false, kind: 'temporary', error: `Zalo OA: HTTP ${status}` };
    const json = parseJsonObject(body);
    if (!json || typeof json.error !== 'number') {
      if (status >= 400) return { ok: false, kind: 'permanent', error: `Zalo OA: HTTP ${status}` };
      return { ok: false, kind: 'temporary', error: `Zalo OA: câu trả lời không đọc được (HTTP ${status})` };
    }
    if (json.error === 0) {
      const data = json.data as { message_id?: unknown } | null | undefined;
      const id = data && typeof data === 'object' ? data.message_id : undefined;
      return { ok: true, providerId: typeof id === 'string' || typeof id === 'number' ? String(id) : '' };
    }
    const c = classifyZaloCsError(json.error, typeof json.message === 'string' ? json.message : '');
    return c.refreshToken ? { tokenRefused: c.result, code: json.error } : c.result;
  }

  return {
    channel: 'zalo_cs',
    /**
     * Send with the stored access token. Refused as invalid or expired: when a refresh (the
     * 'zalo' job, on any instance) rotated the pair while this message was on its way —
     * Zalo ends the old token as it answers the refresh — the message goes again with the
     * new token as soon as it is stored, once (the refusal delivered nothing); otherwise it
     * is a temporary failure and the token is marked for refresh.
     */
    async send(m: OutgoingMessage): Promise<SendResult> {
      let token = await tokens.accessToken();
      let r = await attempt(m, token);
      if ('tokenRefused' in r) {
        const replacement = await tokens.replacementOf(token);
        if (replacement !== null) {
          token = replacement;
          r = await attempt(m, token);
        }
      }
      if (!('tokenRefused' in r)) return r;
      logger.error({ zaloError: r.code, outboxId: m.id }, 'Zalo OA access token refused: marked for refresh by the next zalo job');
      await tokens.markForRefresh(token);
      return r.tokenRefused;
    },
  };
}
