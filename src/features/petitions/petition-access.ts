/**
 * Who sees which petition: the control unit (admin, supervisors of the province centre) every
 * petition; an agency's officers and supervisors the petitions forwarded to it; an agency's
 * supervisors also the feedback about the conduct of their own staff.
 */
import type { Deps } from '../../deps.js';
import type { PetitionActionContext } from '../../domain/petition-workflow.js';
import type { StaffUser } from '../../domain/roles.js';
import { petitionsRepo, type ListScope, type PetitionRow } from './petitions.repo.js';

type Db = Deps['db'];

/** What the viewer is to petitions. */
export interface Viewer {
  staff: StaffUser;
  controlUnit: boolean;
}

export async function viewerOf(db: Db, staff: StaffUser): Promise<Viewer> {
  const controlUnit = staff.role === 'admin' || (staff.role === 'supervisor' && (await petitionsRepo(db).isProvinceCentre(staff.agencyId)));
  return { staff, controlUnit };
}

export function scopeOf(v: Viewer): ListScope {
  return v.controlUnit ? { kind: 'all' } : { kind: 'agency', agencyId: v.staff.agencyId, conductAboutAgency: v.staff.role === 'supervisor' };
}

export function aboutOurStaff(v: Viewer, p: PetitionRow): boolean {
  return p.kind === 'conduct' && v.staff.role === 'supervisor' && p.officialAgencyId === v.staff.agencyId;
}

export function maySee(v: Viewer, p: PetitionRow): boolean {
  return v.controlUnit || (p.competentAgencyId !== null && p.competentAgencyId === v.staff.agencyId) || aboutOurStaff(v, p);
}

export function contextOf(v: Viewer, p: PetitionRow): PetitionActionContext {
  return { controlUnit: v.controlUnit, inCompetentAgency: p.competentAgencyId !== null && p.competentAgencyId === v.staff.agencyId };
}
