/**
 * API keys, as the administrator manages them: create (the key is returned once, to be
 * shown once), list with the last use, revoke, and a key's recent calls. A key is
 * `mc_<prefix>_<secret>`: 10 hex characters of lookup prefix and 32 random bytes
 * (base64url); the database keeps the prefix and the SHA-256 of the whole key.
 */
import crypto from 'node:crypto';
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';
import { apiKeysRepo, type ApiCall, type ApiKeyListed } from './api-keys.repo.js';
import type { ApiKeyInput } from './api.schema.js';

export const API_KEY_NOT_FOUND = 'Không tìm thấy khóa API này.';
/** Calls shown on a key's page. */
const RECENT_CALLS = 50;

export function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two SHA-256 hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && crypto.timingSafeEqual(x, y);
}

export function newKey(): { prefix: string; key: string } {
  const prefix = crypto.randomBytes(5).toString('hex');
  return { prefix, key: `mc_${prefix}_${crypto.randomBytes(32).toString('base64url')}` };
}

export function apiKeysService(deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'config'>) {
  const repo = apiKeysRepo(deps.db);
  const audit = (actor: StaffUser, action: string, keyId: number) => deps.logger.info({ actorId: actor.id, actor: actor.username, action, apiKeyId: keyId }, 'admin action');

  return {
    list: (): Promise<ApiKeyListed[]> => repo.list(),

    /** The call log's housekeeping (the 'api_log' job): calls older than API_CALL_LOG_DAYS are deleted. */
    async pruneCalls(now: Date): Promise<Record<string, number>> {
      const before = new Date(now.getTime() - deps.config.api.callLogDays * 24 * 60 * 60 * 1000);
      return { api_calls_deleted: await repo.deleteCallsBefore(before) };
    },

    async find(id: number): Promise<(ApiKeyListed & { calls: ApiCall[] }) | undefined> {
      const key = await repo.byId(id);
      return key ? { ...key, calls: await repo.recentCalls(id, RECENT_CALLS) } : undefined;
    },

    /** A new key: its id and the key itself (shown once, never stored). */
    async create(actor: StaffUser, input: ApiKeyInput): Promise<{ id: number; key: string }> {
      for (;;) {
        const { prefix, key } = newKey();
        if (await repo.byPrefix(prefix)) continue; // 2^40 prefixes: a clash is rare, and retried
        const id = await repo.insert({ name: input.name, prefix, secretHash: hashKey(key), agencies: input.agencies, personalData: input.personalData, canSubmit: input.canSubmit, createdBy: actor.id, now: deps.clock.now() });
        audit(actor, 'api-key.create', id);
        return { id, key };
      }
    },

    async revoke(actor: StaffUser, id: number): Promise<{ ok: true } | Refusal<'not_found'>> {
      if (!(await repo.byId(id))) return refuse('not_found', API_KEY_NOT_FOUND);
      if (await repo.revoke(id, actor.id, deps.clock.now())) audit(actor, 'api-key.revoke', id);
      return { ok: true };
    },

    /** Whether `key` is key `id`'s (the page that shows a new key once checks what it is given). */
    async isKeyOf(id: number, key: string): Promise<boolean> {
      const stored = await repo.byId(id);
      return stored !== undefined && sameHash(stored.secretHash, hashKey(key));
    },
  };
}

export type ApiKeysService = ReturnType<typeof apiKeysService>;
