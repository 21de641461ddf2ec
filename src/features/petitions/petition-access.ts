/**
 * Who sees which petition: the control unit (admin, supervisors of the agency an administrator
 * named as the TTHC control unit, control-unit.repo.ts) every
 * petition; an agency's officers and supervisors the petitions forwarded to it; an agency's
 * supervisors also the feedback about the conduct of their own staff.
 */
import type { Deps } from '../../deps.js';
import type { PetitionActionContext } from '../../domain/petition-workflow.js';
import type { StaffUser } from '../../domain/roles.js';
import { controlUnitAgencyId } from './control-unit.repo.js';
import type { ListScope, PetitionRow } from './petitions.repo.js';

type Db = Deps['db'];

/** What the viewer is to petitions. */
export interface Viewer {
  staff: StaffUser;
  /** May triage and forward: an administrator, or a supervisor of the control unit's agency. */
  controlUnit: boolean;
  /** Works in the control unit's agency (any staff role): may write down letters and phone calls and print the register. */
  inControlUnitAgency: boolean;
}

export async function viewerOf(db: Db, staff: StaffUser): Promise<Viewer> {
  const unit = await controlUnitAgencyId(db);
  const inControlUnitAgency = unit !== null && staff.agencyId === unit;
  const controlUnit = staff.role === 'admin' || (staff.role === 'supervisor' && inControlUnitAgency);
  return { staff, controlUnit, inControlUnitAgency };
}

/** May write down a petition received by letter or phone and print the register (art. 6, 7(2)(đ), 9(1)(b)–(c)). */
export function mayRecord(v: Viewer): boolean {
  return v.staff.role === 'admin' || (v.inControlUnitAgency && (v.staff.role === 'officer' || v.staff.role === 'supervisor'));
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
  return {
    controlUnit: v.controlUnit,
    inCompetentAgency: p.competentAgencyId !== null && p.competentAgencyId === v.staff.agencyId,
    publicationPending: p.status === 'answered' && p.publishedAt === null && p.publicationWithheldAt === null,
  };
}
