/** The procedure catalogue an agency's counter receives (read-only; the admin pages edit it). */
import type { Deps } from '../../deps.js';
import { catalogueRepo } from './catalogue.repo.js';
import type { Procedure, ProcedureSummary } from './catalogue.types.js';

export function catalogueService({ db }: Pick<Deps, 'db'>) {
  const repo = catalogueRepo(db);
  return {
    /** Active procedures the agency receives, by field then code. */
    proceduresForAgency: (agencyId: number): Promise<ProcedureSummary[]> => repo.proceduresForAgency(agencyId),
    /** One active procedure the agency receives, with its checklist; undefined otherwise. */
    procedureForAgency: (agencyId: number, code: string): Promise<Procedure | undefined> => repo.procedureForAgency(agencyId, code),
  };
}

export type CatalogueService = ReturnType<typeof catalogueService>;
