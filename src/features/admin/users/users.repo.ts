/** Staff accounts (and their sessions, ended on deactivation or a password reset). */
import type { Knex } from 'knex';
import type { Role, StaffUser } from '../../../domain/roles.js';
import type { UserRow } from '../../../platform/record/tables.js';
import { insertedId } from '../../../db/knex.js';

type Db = Knex | Knex.Transaction;

export interface AdminUser extends StaffUser {
  email: string | null;
  /** Work phone as typed ("" in the column when none). */
  phone: string | null;
  /** "Chức vụ", '' when none. */
  jobTitle: string;
  active: boolean;
}

/** A row selecting COLUMNS. */
type UserSource = Pick<UserRow, 'id' | 'username' | 'full_name' | 'role' | 'agency_id' | 'email' | 'phone' | 'job_title' | 'active'> & { agency_name: string };

function toUser(r: UserSource): AdminUser {
  return { id: r.id, username: r.username, fullName: r.full_name, role: r.role, agencyId: r.agency_id, agencyName: r.agency_name, email: r.email ?? null, phone: r.phone || null, jobTitle: r.job_title ?? '', active: Boolean(r.active) };
}

const COLUMNS = ['u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_id', 'u.email', 'u.phone', 'u.job_title', 'u.active', 'a.name as agency_name'];

export function usersRepo(db: Knex) {
  return {
    transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
      return db.transaction(fn);
    },

    async listUsers(): Promise<AdminUser[]> {
      const rows = await db('users as u')
        .join('agencies as a', 'a.id', 'u.agency_id')
        .select<UserSource[]>(COLUMNS)
        .orderBy([{ column: 'u.active', order: 'desc' }, { column: 'u.username' }]);
      return rows.map(toUser);
    },

    async findUser(id: number): Promise<AdminUser | undefined> {
      const row = await db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.id', id).first<UserSource | undefined>(COLUMNS);
      return row ? toUser(row) : undefined;
    },

    async usernameExists(username: string): Promise<boolean> {
      return Boolean(await db('users').where({ username }).first('id'));
    },

    async insertUser(row: { username: string; full_name: string; role: Role; agency_id: number; email: string | null; phone: string | null; job_title: string; password_hash: string; created_at: Date }): Promise<number> {
      const [inserted] = await db('users')
        .insert({ ...row, phone: row.phone ?? '', active: true })
        .returning('id');
      return insertedId(inserted);
    },

    async updateUser(id: number, row: { full_name: string; role: Role; agency_id: number; email: string | null; phone: string | null; job_title: string }): Promise<void> {
      await db('users').where({ id }).update({ ...row, phone: row.phone ?? '' });
    },

    async setUserActive(trx: Db, id: number, active: boolean): Promise<void> {
      await trx('users').where({ id }).update({ active });
    },

    async setPasswordHash(trx: Db, id: number, hash: string): Promise<void> {
      await trx('users').where({ id }).update({ password_hash: hash });
    },

    /** Signs the user out everywhere (but in `keepSessionId`, when given). */
    async deleteSessions(trx: Db, userId: number, keepSessionId?: string): Promise<number> {
      const q = trx('sessions').where({ user_id: userId });
      if (keepSessionId) q.andWhereNot({ id: keepSessionId });
      return q.delete();
    },
  };
}
