import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import type { StaffUser } from '../../domain/roles.js';
import type { Timestamp, UserRow as UsersTableRow } from '../../platform/record/tables.js';

export interface UserRow extends StaffUser {
  passwordHash: string;
  active: boolean;
}

export interface SessionRecord {
  user: StaffUser;
  csrfToken: string;
  expiresAt: Date;
}

/** The columns a signed-in staff member is read from (users joined with their agency's name). */
type StaffSource = Pick<UsersTableRow, 'id' | 'username' | 'full_name' | 'role' | 'agency_id'> & { agency_name: string };

function toStaffUser(r: StaffSource): StaffUser {
  return { id: r.id, username: r.username, fullName: r.full_name, role: r.role, agencyId: r.agency_id, agencyName: r.agency_name };
}

export function authRepo(db: Knex) {
  return {
    async findUserByUsername(username: string): Promise<UserRow | undefined> {
      const row = await db('users as u')
        .join('agencies as a', 'a.id', 'u.agency_id')
        .where('u.username', username)
        .first<(StaffSource & Pick<UsersTableRow, 'password_hash' | 'active'>) | undefined>('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'u.password_hash', 'u.active', 'a.name as agency_name');
      if (!row) return undefined;
      return {
        ...toStaffUser(row),
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
        .first<(StaffSource & { csrf_token: string; expires_at: Timestamp }) | undefined>('u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'a.name as agency_name', 's.csrf_token', 's.expires_at');
      if (!row) return undefined;
      return {
        user: toStaffUser(row),
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

    // ---------------------------------------------------------------- login failures

    /** Record a refused sign-in (or one being checked: see the service); returns its id. */
    async addFailure(username: string, ip: string, at: Date): Promise<number> {
      const [row] = await db('login_failures').insert({ username, ip, at, cleared: false }).returning('id');
      return typeof row === 'object' ? (row as { id: number }).id : (row as number);
    },

    async removeFailure(id: number): Promise<void> {
      await db('login_failures').where({ id }).delete();
    },

    /** A successful sign-in from an address ends that pair's run of failures (rows kept). */
    async clearPair(username: string, ip: string): Promise<void> {
      await db('login_failures').where({ username, ip, cleared: false }).update({ cleared: true });
    },

    /**
     * Failures since the given instants, other than row `exceptId`: of the (account, address) pair
     * (uncleared only), of the account from every address, and of the address for every
     * account — each as a count and the latest instant.
     */
    async failureCounts(username: string, ip: string, since: { account: Date; address: Date }, exceptId: number) {
      const one = async (q: Knex.QueryBuilder, after: Date) => {
        const row = await q.andWhere('at', '>', after).andWhereNot('id', exceptId).first(db.raw('count(*) as n'), db.raw('max(at) as last'));
        return { count: Number(row?.n ?? 0), last: row?.last == null ? null : toDate(row.last) };
      };
      const [pair, account, address] = await Promise.all([
        one(db('login_failures').where({ username, ip, cleared: false }), since.account),
        one(db('login_failures').where({ username }), since.account),
        one(db('login_failures').where({ ip }), since.address),
      ]);
      return { pair, account, address };
    },

    /** Failures since `since` grouped by (account, address), most first. */
    async failuresByPair(since: Date, limit: number) {
      const rows = await db('login_failures as f')
        .leftJoin('users as u', 'u.username', 'f.username')
        .where('f.at', '>', since)
        .groupBy('f.username', 'f.ip', 'u.id')
        .select('f.username', 'f.ip', 'u.id as user_id')
        .count({ n: '*' })
        .min({ first_at: 'f.at' })
        .max({ last_at: 'f.at' })
        .orderBy('n', 'desc')
        .limit(limit);
      return rows.map((r: any) => ({
        username: String(r.username),
        ip: String(r.ip),
        knownAccount: r.user_id != null,
        failures: Number(r.n),
        firstAt: toDate(r.first_at),
        lastAt: toDate(r.last_at),
      }));
    },

    async deleteFailuresBefore(before: Date): Promise<number> {
      return db('login_failures').where('at', '<', before).delete();
    },
  };
}

export type AuthRepo = ReturnType<typeof authRepo>;
