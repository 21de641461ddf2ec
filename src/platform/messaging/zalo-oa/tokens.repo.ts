/**
 * zalo_oa_tokens: the OA's rotating access/refresh token pair, one row (id 1). Every write
 * is one conditional statement, so two instances never store two different pairs: a
 * refresh is stored only over the refresh token it was made with.
 */
import type { Knex } from 'knex';
import { toDateOrNull } from '../../../db/knex.js';

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date | null;
  seedHash: string;
  failures: number;
  lastError: string | null;
  updatedAt: Date | null;
  refreshedBy: string | null;
  /** A refresh is on its way to Zalo since then (null: none). */
  refreshingSince: Date | null;
}

const ROW = 1;

export function zaloTokenRepo(db: Knex | Knex.Transaction) {
  return {
    async get(): Promise<StoredTokens | undefined> {
      const r = await db('zalo_oa_tokens').where({ id: ROW }).first();
      return r
        ? {
            accessToken: String(r.access_token),
            refreshToken: String(r.refresh_token),
            expiresAt: toDateOrNull(r.expires_at),
            seedHash: String(r.seed_hash),
            failures: Number(r.failures),
            lastError: r.last_error ?? null,
            updatedAt: toDateOrNull(r.updated_at),
            refreshedBy: r.refreshed_by ?? null,
            refreshingSince: toDateOrNull(r.refreshing_since),
          }
        : undefined;
    },

    /** The first pair, from the environment; nothing when a row exists already. */
    async seed(pair: { accessToken: string; refreshToken: string; seedHash: string }, now: Date): Promise<void> {
      await db('zalo_oa_tokens')
        .insert({ id: ROW, access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_at: null, seed_hash: pair.seedHash, updated_at: now, failures: 0 })
        .onConflict('id')
        .ignore();
    },

    /** The administrator put a new pair in the environment (re-authorised the app): it replaces the stored one. */
    async reseed(pair: { accessToken: string; refreshToken: string; seedHash: string }, now: Date): Promise<boolean> {
      const n = await db('zalo_oa_tokens')
        .where({ id: ROW })
        .whereNot('seed_hash', pair.seedHash)
        .update({ access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_at: null, seed_hash: pair.seedHash, updated_at: now, refreshed_by: null, failures: 0, last_error: null, refreshing_since: null });
      return Number(n) === 1;
    },

    /** A refresh with this refresh token is about to be asked of Zalo (visible to every instance's senders until it ends). */
    async startRefresh(usedRefreshToken: string, now: Date): Promise<void> {
      await db('zalo_oa_tokens').where({ id: ROW, refresh_token: usedRefreshToken }).update({ refreshing_since: now });
    },

    /** Store a refreshed pair over the refresh token it was made with; false when another pair is there now. */
    async storeRefreshed(usedRefreshToken: string, pair: { accessToken: string; refreshToken: string; expiresAt: Date | null }, by: string, now: Date): Promise<boolean> {
      const n = await db('zalo_oa_tokens')
        .where({ id: ROW, refresh_token: usedRefreshToken })
        .update({ access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_at: pair.expiresAt, updated_at: now, refreshed_by: by, failures: 0, last_error: null, refreshing_since: null });
      return Number(n) === 1;
    },

    async recordFailure(error: string, now: Date): Promise<void> {
      await db('zalo_oa_tokens').where({ id: ROW }).update({ failures: db.raw('failures + 1'), last_error: error.slice(0, 1000), updated_at: now, refreshing_since: null });
    },

    /** Zalo refused this access token: refresh at the next run (only if it is still the stored one). */
    async markForRefresh(accessToken: string): Promise<void> {
      await db('zalo_oa_tokens').where({ id: ROW, access_token: accessToken }).update({ expires_at: null });
    },
  };
}
