/**
 * Filing a petition (issue 15, the public side): the petition row, its daily tracking-code
 * sequence, the Zalo invites, and the public reads (status page, published answers).
 * The sender's data is written here and never read back by the public reads.
 */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';

type Db = Knex | Knex.Transaction;

export interface ZaloInviteRow {
  token: string;
  zaloUserId: string;
  expiresAt: Date;
  petitionId: number | null;
}

export function petitionIntakeRepo(db: Knex) {
  return {
    async insertZaloInvite(trx: Db, row: { token: string; zaloUserId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
      await trx('petition_zalo_invites').insert({ token: row.token, zalo_user_id: row.zaloUserId, created_at: row.createdAt, expires_at: row.expiresAt, petition_id: null });
    },

    async zaloInvite(token: string, trx: Db = db): Promise<ZaloInviteRow | undefined> {
      const r = await trx('petition_zalo_invites').where({ token }).first('token', 'zalo_user_id', 'expires_at', 'petition_id');
      if (!r) return undefined;
      return { token: String(r.token), zaloUserId: String(r.zalo_user_id), expiresAt: toDate(r.expires_at), petitionId: r.petition_id === null || r.petition_id === undefined ? null : Number(r.petition_id) };
    },
  };
}

export type PetitionIntakeRepo = ReturnType<typeof petitionIntakeRepo>;
