/** A procedures row as the catalogue reads it: the columns motcua holds, as recordFromColumns takes them. */
import { ONLINE_LEVELS, type OnlineLevel } from '../../domain/national-procedure.js';
import type { ColumnsProcedure } from '../../domain/procedure-columns.js';
import type { ProcedureRow } from '../../platform/record/tables.js';

/** A procedure's row and documents as motcua's columns (what the national import compares and the public catalogue shows before a version). */
export function columnsOf(r: ProcedureRow, documents: ColumnsProcedure['documents']): ColumnsProcedure {
  return {
    code: r.code,
    name: r.name,
    nameEn: r.name_en ?? null,
    field: r.field,
    processingUnit: r.processing_unit,
    processingAmount: r.processing_amount,
    processingNote: r.processing_note,
    feeVnd: r.fee_vnd ?? null,
    feeNote: r.fee_note,
    result: r.result,
    onlineLevel: (ONLINE_LEVELS as readonly string[]).includes(r.online_level) ? (r.online_level as OnlineLevel) : 'none',
    byPost: Boolean(r.by_post),
    inPerson: Boolean(r.in_person),
    documents,
  };
}
