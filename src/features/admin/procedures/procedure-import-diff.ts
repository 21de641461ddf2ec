/** What an import row changes on a stored procedure, field by field (the plan the admin checks before applying). */
import type { ProcessingUnit } from '../../../domain/deadline.js';
import { describeStepBudget } from '../../catalogue/process-steps.js';
import { PROCESSING_UNIT_LABELS, SUPPLEMENT_CLOCK_LABELS, type ProcedureInput } from './procedures.schema.js';
import type { ImportRow, ImportStep } from './procedure-import-parse.js';

/** A stored procedure as the import compares it: the form's own fields, agencies by their eid. */
export type StoredForImport = Pick<
  ProcedureInput,
  | 'name'
  | 'field'
  | 'processingUnit'
  | 'processingAmount'
  | 'processingNote'
  | 'feeVnd'
  | 'feeNote'
  | 'result'
  | 'apologyExtensionDays'
  | 'resultAtCounter'
  | 'supplementClock'
  | 'nextDayAfterCutoff'
  | 'portalProcedureCode'
  | 'portalFieldCode'
  | 'portalFieldName'
> & {
  leadAgencyEid: string | null;
  receivingAgencyEids: string[];
  documents: string[];
  steps: ImportStep[];
};

/** One field a row changes on a stored procedure: what it was, what it becomes, and what it removes. */
export interface FieldChange {
  label: string;
  from: string;
  to: string;
  /** What is deleted by the change (documents, agencies, steps, a value cleared); empty when nothing is. */
  removed: string[];
}

/** One row of an import plan: what it does to the catalogue, and per field what changes. */
export interface ImportPlanRow {
  line: number;
  code: string;
  name: string;
  action: 'insert' | 'update' | 'unchanged';
  changes: FieldChange[];
}

const NONE = '(trống)';
const yesNo = (b: boolean) => (b ? 'Có' : 'Không');
const fee = (v: number | null) => (v === null ? 'Thu theo ghi chú' : v === 0 ? 'Miễn phí' : `${v.toLocaleString('vi-VN')} đồng`);
const time = (unit: ProcessingUnit, amount: number) => (unit === 'same_day' ? PROCESSING_UNIT_LABELS.same_day : `${amount} ${PROCESSING_UNIT_LABELS[unit].toLowerCase()}`);
const stepText = (s: ImportStep, agency: (eid: string) => string) => `${s.name} (${s.agencyEid === null ? 'cơ quan chủ trì' : agency(s.agencyEid)}, ${describeStepBudget(s)})`;
const joined = (items: string[]) => (items.length === 0 ? NONE : items.join('; '));

/**
 * Every field a row changes on the stored procedure (old → new), in the order of the
 * import columns. Fields the row keeps (no column, blank cell) are not listed. Pure;
 * `agency` names an agency by its eid.
 */
export function importChanges(stored: StoredForImport, row: ImportRow, agency: (eid: string) => string): FieldChange[] {
  const out: FieldChange[] = [];
  const scalar = (label: string, from: string, to: string, clears = false) => {
    if (from !== to) out.push({ label, from: from === '' ? NONE : from, to: to === '' ? NONE : to, removed: clears && from !== '' && from !== NONE ? [from] : [] });
  };
  const listed = (label: string, from: string[], to: string[], removed = from.filter((x) => !to.includes(x))) => {
    if (from.join('\u0000') === to.join('\u0000')) return;
    out.push({ label, from: joined(from), to: joined(to), removed });
  };
  scalar('Tên thủ tục', stored.name, row.name);
  scalar('Lĩnh vực', stored.field, row.field);
  scalar('Thời gian giải quyết', time(stored.processingUnit, stored.processingAmount), time(row.processingUnit, row.processingAmount));
  if (row.processingNote !== undefined) scalar('Ghi chú thời hạn', stored.processingNote, row.processingNote, true);
  if (row.feeVnd !== undefined) scalar('Lệ phí', fee(stored.feeVnd), fee(row.feeVnd), row.feeVnd === null && stored.feeVnd !== null);
  if (row.feeNote !== undefined) scalar('Ghi chú lệ phí', stored.feeNote, row.feeNote, true);
  scalar('Kết quả giải quyết', stored.result, row.result);
  scalar('Số ngày gia hạn khi xin lỗi', String(stored.apologyExtensionDays), String(row.apologyExtensionDays));
  if (row.leadAgencyEid !== undefined) {
    const name = (eid: string | null) => (eid === null ? '' : agency(eid));
    scalar('Cơ quan, phòng chủ trì giải quyết', name(stored.leadAgencyEid), name(row.leadAgencyEid), true);
  }
  if (row.receivingAgencyEids !== undefined) listed('Cơ quan tiếp nhận', [...stored.receivingAgencyEids].sort().map(agency), [...row.receivingAgencyEids].sort().map(agency));
  if (row.documents !== undefined) listed('Thành phần hồ sơ', stored.documents, row.documents.map((d) => d.name));
  if (row.resultAtCounter !== undefined) scalar('Kết quả trả ngay tại Bộ phận Một cửa', yesNo(stored.resultAtCounter), yesNo(row.resultAtCounter));
  if (row.supplementClock !== undefined) scalar('Thời hạn sau khi bổ sung hồ sơ', SUPPLEMENT_CLOCK_LABELS[stored.supplementClock], SUPPLEMENT_CLOCK_LABELS[row.supplementClock]);
  if (row.nextDayAfterCutoff !== undefined) scalar('Áp dụng Nghị định 63/2024', yesNo(stored.nextDayAfterCutoff), yesNo(row.nextDayAfterCutoff));
  const portal = (label: string, from: string | null, to: string | null | undefined) => {
    if (to !== undefined) scalar(label, from ?? '', to ?? '', true);
  };
  portal('Mã TTHC trên Cổng DVCQG', stored.portalProcedureCode, row.portalProcedureCode);
  portal('Mã lĩnh vực trên Cổng DVCQG', stored.portalFieldCode, row.portalFieldCode);
  portal('Tên lĩnh vực trên Cổng DVCQG', stored.portalFieldName, row.portalFieldName);
  if (row.steps !== undefined) {
    // A step whose budget or agency changes is an edit; a step whose name is gone is removed.
    const names = new Set(row.steps.map((s) => s.name));
    const gone = stored.steps.filter((s) => !names.has(s.name)).map((s) => stepText(s, agency));
    listed('Quy trình nội bộ', stored.steps.map((s) => stepText(s, agency)), row.steps.map((s) => stepText(s, agency)), gone);
  }
  return out;
}