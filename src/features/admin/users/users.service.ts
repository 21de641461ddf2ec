/** Administration of staff accounts. */
import type { Deps } from '../../../deps.js';
import type { StaffUser } from '../../../domain/roles.js';
import { hashPassword } from '../../auth/password.js';
import type { AdminAgenciesService } from '../agencies/agencies.service.js';
import { refuse, refuseFields } from '../../../platform/refusal/refusal.js';
import { auditLog, isUniqueViolation, ok, type Outcome } from '../common.js';
import { usersRepo } from './users.repo.js';
import type { NewUserInput, UserUpdateInput } from './users.schema.js';

export const USER_NOT_FOUND = 'Không tìm thấy tài khoản này.';

export function adminUsersService(deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'config'>, wired: { agencies: Pick<AdminAgenciesService, 'exists'> }) {
  const repo = usersRepo(deps.db);
  const cost = deps.config.security.passwordHashCost;
  const audit = auditLog(deps.logger);
  const { agencies } = wired;

  return {
    list: () => repo.listUsers(),
    find: (id: number) => repo.findUser(id),

    async create(actor: StaffUser, input: NewUserInput): Promise<Outcome<number>> {
      const taken = `Tên đăng nhập "${input.username}" đã được dùng cho một tài khoản khác. Chọn tên khác.`;
      if (!(await agencies.exists(input.agencyId))) return refuseFields({ agency_id: 'Chọn cơ quan, đơn vị' });
      if (await repo.usernameExists(input.username)) return refuseFields({ username: taken });
      const passwordHash = await hashPassword(input.password, cost);
      try {
        const id = await repo.insertUser({
          username: input.username,
          full_name: input.fullName,
          role: input.role,
          agency_id: input.agencyId,
          email: input.email,
          phone: input.phone,
          job_title: input.jobTitle,
          password_hash: passwordHash,
          created_at: deps.clock.now(),
        });
        audit(actor, 'user.create', { userId: id, username: input.username, role: input.role });
        return ok(id);
      } catch (err) {
        if (isUniqueViolation(err)) return refuseFields({ username: taken });
        throw err;
      }
    },

    async update(actor: StaffUser, id: number, input: UserUpdateInput): Promise<Outcome<undefined, 'not_found'>> {
      const user = await repo.findUser(id);
      if (!user) return refuse('not_found', USER_NOT_FOUND);
      if (actor.id === id && input.role !== user.role) {
        return refuseFields({ role: 'Bạn không thể tự thay đổi vai trò của chính mình; hãy nhờ một quản trị viên khác' });
      }
      if (!(await agencies.exists(input.agencyId))) return refuseFields({ agency_id: 'Chọn cơ quan, đơn vị' });
      await repo.updateUser(id, { full_name: input.fullName, role: input.role, agency_id: input.agencyId, email: input.email, phone: input.phone, job_title: input.jobTitle });
      audit(actor, 'user.update', { userId: id, role: input.role, agencyId: input.agencyId, jobTitle: input.jobTitle });
      return ok(undefined);
    },

    /** Deactivation also deletes every session of the user: they are signed out at once. */
    async setActive(actor: StaffUser, id: number, active: boolean): Promise<Outcome<undefined, 'not_found'>> {
      const user = await repo.findUser(id);
      if (!user) return refuse('not_found', USER_NOT_FOUND);
      if (!active && actor.id === id) return refuseFields({ status: 'Bạn không thể tự vô hiệu hóa tài khoản của chính mình' });
      await repo.transaction(async (trx) => {
        await repo.setUserActive(trx, id, active);
        if (!active) await repo.deleteSessions(trx, id);
      });
      audit(actor, active ? 'user.reactivate' : 'user.deactivate', { userId: id });
      return ok(undefined);
    },

    /** New password; every session of the user ends (but the admin's own current one). */
    async resetPassword(actor: StaffUser, id: number, password: string, currentSessionId: string | null): Promise<Outcome<undefined, 'not_found'>> {
      const user = await repo.findUser(id);
      if (!user) return refuse('not_found', USER_NOT_FOUND);
      const hash = await hashPassword(password, cost);
      await repo.transaction(async (trx) => {
        await repo.setPasswordHash(trx, id, hash);
        await repo.deleteSessions(trx, id, actor.id === id && currentSessionId ? currentSessionId : undefined);
      });
      audit(actor, 'user.reset_password', { userId: id });
      return ok(undefined);
    },
  };
}

export type AdminUsersService = ReturnType<typeof adminUsersService>;
export type { AdminUser } from './users.repo.js';
