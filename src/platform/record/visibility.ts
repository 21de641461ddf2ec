/**
 * Who may see a dossier, written once: staff see the dossiers their agency received,
 * processes or currently holds; administrators see all. `staffMaySee` is the rule on a
 * dossier in hand (canSeeDossier); `scopeToStaff` (scope.repo.ts) is the same rule as SQL,
 * built from the same columns below, and test/integration/record-scope.test.ts checks the
 * two agree on every dossier × staff member of a three-agency world.
 */
import type { StaffUser } from '../../domain/roles.js';

/** The staff member as the rule reads them. */
export type StaffScope = Pick<StaffUser, 'role' | 'agencyId'>;

/** A dossier's agencies: the one that received it, the one that processes it, the one holding it now. */
export interface DossierAgencies {
  agencyId: number;
  processingAgencyId: number;
  assignedAgencyId: number | null;
}

/** Those agencies, each with its column on `dossiers`: a staff member of any of them sees the dossier. */
export const SEEING_AGENCIES = [
  { field: 'agencyId', column: 'agency_id' },
  { field: 'processingAgencyId', column: 'processing_agency_id' },
  { field: 'assignedAgencyId', column: 'assigned_agency_id' },
] as const satisfies ReadonlyArray<{ field: keyof DossierAgencies; column: string }>;

/** Administrators see every dossier (no agency condition at all). */
export function seesEveryDossier(staff: StaffScope): boolean {
  return staff.role === 'admin';
}

export function staffMaySee(staff: StaffScope, dossier: DossierAgencies): boolean {
  return seesEveryDossier(staff) || SEEING_AGENCIES.some(({ field }) => dossier[field] === staff.agencyId);
}
