import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import type { Role, StaffUser } from '../../domain/roles.js';

export interface UserRow extends StaffUser {
  passwordHash: string;
  active: boolean;
}

export interface SessionRecord {
  user: StaffUser;
  csrfToken: string;
  expiresAt: Date;
}

export function authRepo(db: Knex) {
  return {
    async findUserByUsername(username: string): Promise<UserRow | undefined> {
      const row = await db('users as u')
        .join('agencies as a', 'a.id', 'u.agency_id')
        .where('u.username', username)
        .first('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'u.password_hash', 'u.active', 'a.name as agency_name');
      if (!row) return undefined;
      return {
        id: row.id,
        username: row.username,
        fullName: row.full_name,
        role: row.role as Role,
        agencyId: row.agency_id,
        agencyName: row.agency_name,
        passwordHash: row.password_hash,
        active: Boolean(row.active),
      };
    },

    async createSession(id: string, userId: number, csrfToken: string, createdAt: Date, expiresAt: Date): Promise<void> {
      await db('sessions').insert({ id, user_id: userId, csrf_token: csrfToken, created_at: createdAt, expires_at: expiresAt });
    },

    async findSession(id: string, now: Date): Promise<SessionRecord | undefined> {
      const row = await db('sessions as s')
        .join('users as u', 'u.id', 's.user_id')
        .join('agencies as a', 'a.id', 'u.agency_id')
        .where('s.id', id)
        .andWhere('s.expires_at', '>', now)
        .andWhere('u.active', true)
        .first('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'a.name as agency_name', 's.csrf_token', 's.expires_at');
      if (!row) return undefined;
      return {
        user: {
          id: row.id,
          username: row.username,
          fullName: row.full_name,
          role: row.role as Role,
          agencyId: row.agency_id,
          agencyName: row.agency_name,
        },
        csrfToken: row.csrf_token,
        expiresAt: toDate(row.expires_at),
      };
    },

    async deleteSession(id: string): Promise<void> {
      await db('sessions').where({ id }).delete();
    },

    async deleteExpiredSessions(now: Date): Promise<number> {
      return db('sessions').where('expires_at', '<=', now).delete();
    },
  };
}

export type AuthRepo = ReturnType<typeof authRepo>;
