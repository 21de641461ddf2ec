/** Readers of the record's rows that several features share. */
import type { Flag, ProcedureRow } from './tables.js';

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

/** A procedure_documents row as the drivers return it. */
export interface ProcedureDocumentRow {
  position: number;
  name: string;
  originals: number;
  certified_copies: number;
  copies: number;
  required: Flag;
}

/** One document of a procedure's checklist, as the counter and the administration read it. */
export function procedureDocumentOf(d: ProcedureDocumentRow) {
  return { position: d.position, name: d.name, originals: d.originals, certifiedCopies: d.certified_copies, copies: d.copies, required: Boolean(d.required) };
}
