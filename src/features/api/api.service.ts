/**
 * The integration API's use cases: who is calling (the key in the Authorization header),
 * whether the key may call now (its rate limit), the change feed, one dossier, the
 * procedure catalogue, and the call log. Returns data or a refusal; the routes speak HTTP.
 */
import type { Deps } from '../../deps.js';
import { refuse, REFUSAL_MESSAGES, type Refusal } from '../../platform/refusal/refusal.js';
import type { RateLimiter } from '../../web/rate-limit.js';
import { apiKeysRepo, type ApiCall } from './api-keys.repo.js';
import { hashKey, sameHash } from './api-keys.service.js';
import { cursorOf, presentDossier, presentEvent, presentFeedItem, presentProcedure } from './api.present.js';
import { apiRepo, type AgencyScope } from './api.repo.js';
import { parseBearer } from './api.schema.js';

/** The key a call was made with, as the API reads it. */
export interface ApiClient {
  keyId: number;
  name: string;
  agencies: AgencyScope;
  personalData: boolean;
  /** The "submit" scope. */
  canSubmit: boolean;
}

export const API_AUTH_MESSAGES = {
  missing: 'Thiếu khóa API hoặc khóa không hợp lệ. Gửi tiêu đề “Authorization: Bearer <khóa API>”.',
  revoked: 'Khóa API này đã bị thu hồi.',
} as const;

export const rateLimitedMessage = (seconds: number) => `Khóa API này đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ${seconds} giây.`;

/** The rate limit's window: a minute. */
const WINDOW_MS = 60_000;

export function apiService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, { limiter }: { limiter: RateLimiter }) {
  const keys = apiKeysRepo(deps.db);
  const repo = apiRepo(deps.db);

  return {
    /** The caller of `authorization`; a revoked key's refusal carries its id (the call is logged). */
    async authenticate(authorization: unknown): Promise<{ ok: true; client: ApiClient } | (Refusal<'unauthenticated'> & { keyId?: number })> {
      const bearer = parseBearer(authorization);
      const stored = bearer ? await keys.byPrefix(bearer.prefix) : undefined;
      if (!bearer || !stored || !sameHash(stored.secretHash, hashKey(bearer.key))) return refuse('unauthenticated', API_AUTH_MESSAGES.missing, { code: 'unauthenticated' });
      if (stored.revokedAt) return { ...refuse('unauthenticated', API_AUTH_MESSAGES.revoked, { code: 'revoked' }), keyId: stored.id };
      await keys.touch(stored.id, deps.clock.now());
      return { ok: true, client: { keyId: stored.id, name: stored.name, agencies: stored.agencies, personalData: stored.personalData, canSubmit: stored.canSubmit } };
    },

    /** Count the call against the key's limit per minute; refused past it. */
    async admit(client: ApiClient): Promise<{ ok: true } | Refusal<'rate_limited'>> {
      const { count, resetMs } = await limiter.hit(`api:${client.keyId}`, WINDOW_MS);
      if (count <= deps.config.api.rateLimitPerMinute) return { ok: true };
      const seconds = Math.max(1, Math.ceil(resetMs / 1000));
      return refuse('rate_limited', rateLimitedMessage(seconds), { retryAfterMs: seconds * 1000, code: 'rate_limited' });
    },

    /** The feed after `after`: at most `limit` items of the key's dossiers, the cursor to go on from, and whether more are waiting. */
    async changes(client: ApiClient, after: number, limit: number) {
      const pendingLeft = await repo.assignPositions();
      const { rows, top } = await repo.feedPage(after, limit + 1, client.agencies, client.personalData);
      const full = rows.length > limit;
      const page = rows.slice(0, limit);
      // A full page goes on from its last item; a shorter one holds every item of the key's up
      // to `top`, so the next read starts there (a key of a few agencies skips the others' rows once).
      const next = full ? page.at(-1)!.position : Math.max(after, top);
      return {
        items: page.map((r) => presentFeedItem(r, client.personalData)),
        next: cursorOf(next),
        has_more: full || pendingLeft,
      };
    },

    async dossier(client: ApiClient, code: string) {
      const found = await repo.dossierByCode(code, client.agencies, client.personalData);
      if (!found) return refuse('not_found', REFUSAL_MESSAGES.dossierNotFound, { code: 'not_found' });
      return {
        ok: true as const,
        value: { dossier: presentDossier(found.dossier, client.personalData), events: found.events.map((e) => presentEvent(e, client.personalData)) },
      };
    },

    async procedures() {
      return { items: (await repo.catalogue()).map(presentProcedure) };
    },

    async recordCall(keyId: number, call: Omit<ApiCall, 'at'>): Promise<void> {
      await keys.recordCall(keyId, { ...call, at: deps.clock.now() });
    },
  };
}

export type ApiService = ReturnType<typeof apiService>;
