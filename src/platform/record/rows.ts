/** Readers of the record's rows that several features share. */
import type { ProcedureRow } from './tables.js';

/** A procedure's identity and statutory processing time, as the catalogue and the administration list it. */
export function procedureSummaryOf(r: Pick<ProcedureRow, 'id' | 'code' | 'name' | 'field' | 'processing_unit' | 'processing_amount'>) {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    field: r.field,
    processingUnit: r.processing_unit,
    processingAmount: r.processing_amount,
  };
}
