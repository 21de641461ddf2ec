/**
 * The Zalo OA token pair (docs/domain.md "Zalo Official Account contract"):
 * - seeded from ZALO_OA_ACCESS_TOKEN / ZALO_OA_REFRESH_TOKEN on first use; the row keeps
 *   the SHA-256 of the refresh token it started from (seed_hash), so a different refresh
 *   token in the environment later means the administrator re-authorised the app: the
 *   stored pair is replaced by the new one;
 * - refreshed by the 'zalo' job (one instance, under the job lease) when its expiry is
 *   unknown or within the hour: POST <ZALO_OAUTH_URL>, form-encoded, header
 *   `secret_key: <ZALO_APP_SECRET>`, fields app_id, refresh_token, grant_type=refresh_token;
 *   the answer {access_token, refresh_token, expires_in} rotates the refresh token too, so
 *   the new pair is stored at once, in one statement; on failure the old pair stays, the
 *   failures are counted and the error kept and logged;
 * - the consultation-message sender reads the current access token from the table, and
 *   marks it for refresh when Zalo says it is invalid or expired — unless a refresh replaced
 *   it meanwhile: Zalo ends the old access token as soon as it answers a refresh, a moment
 *   before the new pair is stored, so a refresh in flight is marked on the row
 *   (refreshing_since) before Zalo is asked, and such a sender waits for its new token
 *   (`replacementOf`) and sends with it.
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { ZaloOaConfig } from '../../../config.js';
import type { Deps } from '../../../deps.js';
import { errorText, parseJsonObject } from '../channel.js';
import { zaloTokenRepo } from './tokens.repo.js';

export const REFRESH_BEFORE_MS = 60 * 60 * 1000;
export const OAUTH_TIMEOUT_MS = 10_000;
/** How often a sender whose token was refused looks for the new one while a refresh is in flight. */
const REPLACEMENT_POLL_MS = 50;

export type RefreshOutcome = 'refreshed' | 'not_due' | 'failed' | 'lost_race';

export const seedHashOf = (refreshToken: string): string => crypto.createHash('sha256').update(refreshToken, 'utf8').digest('hex');

export function zaloTokens(deps: Pick<Deps, 'db' | 'clock'> & { logger: Logger }, config: ZaloOaConfig, opts: { timeoutMs?: number } = {}) {
  const repo = zaloTokenRepo(deps.db);
  const seed = { accessToken: config.accessToken, refreshToken: config.refreshToken, seedHash: seedHashOf(config.refreshToken) };

  /** The stored pair, seeded (or re-seeded after a re-authorisation) from the environment first. */
  async function stored() {
    let row = await repo.get();
    if (!row) {
      await repo.seed(seed, deps.clock.now());
      row = await repo.get();
    } else if (row.seedHash !== seed.seedHash) {
      if (await repo.reseed(seed, deps.clock.now())) deps.logger.info('zalo OA: a new token pair in the environment replaces the stored one');
      row = await repo.get();
    }
    if (!row) throw new Error('zalo_oa_tokens: no row after seeding');
    return row;
  }

  return {
    stored,

    /** The access token to send with now. */
    async accessToken(): Promise<string> {
      return (await stored()).accessToken;
    },

    /**
     * Zalo refused `refused`: the token that replaced it, if a refresh stored another one
     * meanwhile, or once the refresh in flight (marked on the row, at most the OAuth timeout
     * old) has stored it; null when none did (the token is really invalid or expired).
     */
    async replacementOf(refused: string): Promise<string | null> {
      const waitUntil = performance.now() + OAUTH_TIMEOUT_MS + 1000;
      for (;;) {
        const row = await stored();
        if (row.accessToken !== refused) return row.accessToken;
        const inFlight = row.refreshingSince !== null && deps.clock.now().getTime() - row.refreshingSince.getTime() <= OAUTH_TIMEOUT_MS + 1000;
        if (!inFlight || performance.now() >= waitUntil) return null;
        await new Promise((r) => setTimeout(r, REPLACEMENT_POLL_MS));
      }
    },

    /** Zalo refused `token`: the next job run refreshes it. */
    markForRefresh: (token: string) => repo.markForRefresh(token),

    /** Refresh the pair when its expiry is unknown or within the hour. */
    async refreshIfDue(me: string): Promise<RefreshOutcome> {
      const row = await stored();
      const now = deps.clock.now();
      if (row.expiresAt && row.expiresAt.getTime() - now.getTime() > REFRESH_BEFORE_MS) return 'not_due';
      let status = 0;
      let json: Record<string, unknown> | null = null;
      // From Zalo's answer on, the old access token is refused: senders wait for the new one.
      await repo.startRefresh(row.refreshToken, now);
      try {
        const res = await fetch(config.oauthUrl, {
          method: 'POST',
          headers: { secret_key: config.appSecret, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ app_id: config.appId, refresh_token: row.refreshToken, grant_type: 'refresh_token' }).toString(),
          signal: AbortSignal.timeout(opts.timeoutMs ?? OAUTH_TIMEOUT_MS),
        });
        status = res.status;
        json = parseJsonObject(await res.text());
      } catch (err) {
        return fail(`Zalo OAuth: không kết nối được (${errorText(err)})`);
      }
      const access = json?.access_token;
      const refresh = json?.refresh_token;
      if (typeof access !== 'string' || access === '' || typeof refresh !== 'string' || refresh === '') {
        const why = json ? [json.error, json.error_name, json.error_description ?? json.message].filter((x) => x !== undefined && x !== null && x !== '').join(' ') : '';
        return fail(`Zalo OAuth: HTTP ${status}${why ? `, ${why}` : ', câu trả lời không có cặp mã mới'}`);
      }
      const seconds = Number(json?.expires_in);
      const at = deps.clock.now();
      const expiresAt = Number.isFinite(seconds) && seconds > 0 ? new Date(at.getTime() + seconds * 1000) : null;
      if (!(await repo.storeRefreshed(row.refreshToken, { accessToken: access, refreshToken: refresh, expiresAt }, me, at))) {
        // Someone else stored another pair meanwhile (a re-seed): ours is lost with its refresh token.
        deps.logger.error('zalo OA: refreshed token pair not stored, the stored pair changed meanwhile');
        return 'lost_race';
      }
      deps.logger.info({ expiresAt }, 'zalo OA: token pair refreshed');
      return 'refreshed';

      async function fail(error: string): Promise<RefreshOutcome> {
        await repo.recordFailure(error, deps.clock.now());
        deps.logger.error({ error }, 'zalo OA: token refresh failed, the old pair is kept');
        return 'failed';
      }
    },
  };
}

export type ZaloTokens = ReturnType<typeof zaloTokens>;
