/** What the process control sheet reads beyond the dossier record: the process it was received under (its hand-overs come from the shared handovers repo). */
import type { Knex } from 'knex';
import { isStepUnit, type ProcedureStep } from '../catalogue/process-steps.js';

export function controlSheetRepo(db: Knex) {
  return {
    /** The internal process copied onto the dossier at intake, in order (with each department's name); [] when it had none. */
    async processSteps(dossierId: number): Promise<ProcedureStep[]> {
      const rows = await db('dossier_process_steps as s')
        .leftJoin('agencies as a', 'a.id', 's.agency_id')
        .where('s.dossier_id', dossierId)
        .orderBy('s.position')
        .select('s.position', 's.name', 's.agency_id', 's.amount', 's.unit', 'a.name as agency_name');
      return rows.map((r) => ({
        position: r.position,
        name: r.name,
        agencyId: r.agency_id ?? null,
        agencyName: r.agency_name ?? null,
        amount: r.amount,
        unit: isStepUnit(r.unit) ? r.unit : 'working_days',
      }));
    },
  };
}
