/**
 * API keys and their call log. A key is stored as its prefix (the lookup, unique) and the
 * SHA-256 of the whole key; never the key itself.
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { Flag, Timestamp } from '../../platform/record/tables.js';

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  secret_hash: string;
  all_agencies: Flag;
  personal_data: Flag;
  /** The "submit" scope: POST /api/v1/ho-so-truc-tuyen (migrations/20261210010000_online_presubmissions.ts). */
  can_submit: Flag;
  created_by: number | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  last_used_at: Timestamp | null;
}

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  secretHash: string;
  /** 'all': every agency's dossiers; otherwise the ids of the agencies whose dossiers the key reads. */
  agencies: 'all' | number[];
  personalData: boolean;
  /** May file dossiers (pre-submissions) through POST /api/v1/ho-so-truc-tuyen. */
  canSubmit: boolean;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface ApiKeyListed extends ApiKey {
  agencyNames: string[];
}

export interface ApiCall {
  at: Date;
  method: string;
  path: string;
  status: number;
  items: number;
}

function keyOf(r: ApiKeyRow, agencyIds: number[]): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    secretHash: r.secret_hash,
    agencies: r.all_agencies ? 'all' : agencyIds,
    personalData: Boolean(r.personal_data),
    canSubmit: Boolean(r.can_submit),
    createdAt: toDate(r.created_at),
    revokedAt: toDateOrNull(r.revoked_at),
    lastUsedAt: toDateOrNull(r.last_used_at),
  };
}

export function apiKeysRepo(db: Knex) {
  async function agencyIdsOf(keyId: number): Promise<number[]> {
    const rows = await db('api_key_agencies').where({ key_id: keyId }).orderBy('agency_id').select<Array<{ agency_id: number }>>('agency_id');
    return rows.map((r) => r.agency_id);
  }

  return {
    async insert(input: { name: string; prefix: string; secretHash: string; agencies: 'all' | number[]; personalData: boolean; canSubmit: boolean; createdBy: number; now: Date }): Promise<number> {
      return db.transaction(async (trx) => {
        const [row] = await trx('api_keys')
          .insert({
            name: input.name,
            prefix: input.prefix,
            secret_hash: input.secretHash,
            all_agencies: input.agencies === 'all',
            personal_data: input.personalData,
            can_submit: input.canSubmit,
            created_by: input.createdBy,
            created_at: input.now,
          })
          .returning('id');
        const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
        if (input.agencies !== 'all' && input.agencies.length > 0) {
          await trx('api_key_agencies').insert(input.agencies.map((agency_id) => ({ key_id: id, agency_id })));
        }
        return id;
      });
    },

    async byPrefix(prefix: string): Promise<ApiKey | undefined> {
      const row = await db<ApiKeyRow>('api_keys').where({ prefix }).first();
      return row ? keyOf(row, await agencyIdsOf(row.id)) : undefined;
    },

    async byId(id: number): Promise<ApiKeyListed | undefined> {
      const row = await db<ApiKeyRow>('api_keys').where({ id }).first();
      if (!row) return undefined;
      const names = await db('api_key_agencies as k')
        .join('agencies as a', 'a.id', 'k.agency_id')
        .where('k.key_id', id)
        .orderBy('a.name')
        .select<Array<{ name: string }>>('a.name');
      return { ...keyOf(row, await agencyIdsOf(id)), agencyNames: names.map((n) => n.name) };
    },

    async list(): Promise<ApiKeyListed[]> {
      const rows = await db<ApiKeyRow>('api_keys').orderBy('id', 'desc');
      const links = await db('api_key_agencies as k')
        .join('agencies as a', 'a.id', 'k.agency_id')
        .orderBy('a.name')
        .select<Array<{ key_id: number; agency_id: number; name: string }>>('k.key_id', 'k.agency_id', 'a.name');
      return rows.map((r) => {
        const mine = links.filter((l) => l.key_id === r.id);
        return { ...keyOf(r, mine.map((l) => l.agency_id)), agencyNames: mine.map((l) => l.name) };
      });
    },

    /** Revoke a key not yet revoked; false when there is none such. */
    async revoke(id: number, by: number, now: Date): Promise<boolean> {
      return (await db('api_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: now, revoked_by: by })) > 0;
    },

    async touch(id: number, now: Date): Promise<void> {
      await db('api_keys').where({ id }).update({ last_used_at: now });
    },

    async recordCall(keyId: number, call: ApiCall): Promise<void> {
      await db('api_calls').insert({ key_id: keyId, at: call.at, method: call.method, path: call.path, status: call.status, items: call.items });
    },

    /** Deletes the calls recorded before `before`, key by key (the (key_id, at) index). */
    async deleteCallsBefore(before: Date): Promise<number> {
      let deleted = 0;
      for (const { id } of await db('api_keys').select<Array<{ id: number }>>('id')) deleted += await db('api_calls').where({ key_id: id }).andWhere('at', '<', before).delete();
      return deleted;
    },

    async recentCalls(keyId: number, limit: number): Promise<ApiCall[]> {
      const rows = await db('api_calls').where({ key_id: keyId }).orderBy('id', 'desc').limit(limit).select<Array<{ at: Timestamp; method: string; path: string; status: number; items: number }>>('at', 'method', 'path', 'status', 'items');
      return rows.map((r) => ({ at: toDate(r.at), method: r.method, path: r.path, status: Number(r.status), items: Number(r.items) }));
    },
  };
}

export type ApiKeysRepo = ReturnType<typeof apiKeysRepo>;
