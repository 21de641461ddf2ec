/** Administration of agencies (and the agency list the other administration forms offer). */
import type { Deps } from '../../../deps.js';
import type { StaffUser } from '../../../domain/roles.js';
import { refuse, refuseFields } from '../../../platform/refusal/refusal.js';
import { auditLog, isUniqueViolation, ok, type Outcome } from '../common.js';
import { agenciesRepo } from './agencies.repo.js';
import type { AgencyInput } from './agencies.schema.js';

export const AGENCY_NOT_FOUND = 'Không tìm thấy cơ quan này.';

export function adminAgenciesService(deps: Pick<Deps, 'db' | 'logger'>) {
  const repo = agenciesRepo(deps.db);
  const audit = auditLog(deps.logger);
  const takenMessage = (eid: string) => `Mã định danh ${eid} đã được dùng cho một cơ quan khác`;

  return {
    list: () => repo.listAgencies(),
    find: (id: number) => repo.findAgency(id),
    async exists(id: number): Promise<boolean> {
      return Boolean(await repo.findAgency(id));
    },

    async create(actor: StaffUser, input: AgencyInput): Promise<Outcome<number>> {
      if (await repo.agencyIdByEid(input.eid)) return refuseFields({ eid: takenMessage(input.eid) });
      try {
        const id = await repo.insertAgency(input);
        audit(actor, 'agency.create', { agencyId: id, eid: input.eid });
        return ok(id);
      } catch (err) {
        if (isUniqueViolation(err)) return refuseFields({ eid: takenMessage(input.eid) });
        throw err;
      }
    },

    async update(actor: StaffUser, id: number, input: AgencyInput): Promise<Outcome<undefined, 'not_found'>> {
      if (!(await repo.findAgency(id))) return refuse('not_found', AGENCY_NOT_FOUND);
      const other = await repo.agencyIdByEid(input.eid);
      if (other !== undefined && other !== id) return refuseFields({ eid: takenMessage(input.eid) });
      try {
        await repo.updateAgency(id, input);
      } catch (err) {
        if (isUniqueViolation(err)) return refuseFields({ eid: takenMessage(input.eid) });
        throw err;
      }
      audit(actor, 'agency.update', { agencyId: id, eid: input.eid });
      return ok(undefined);
    },
  };
}

export type AdminAgenciesService = ReturnType<typeof adminAgenciesService>;
