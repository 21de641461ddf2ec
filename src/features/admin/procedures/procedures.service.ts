/** The procedure catalogue: the form and the CSV import (validated whole, written in one transaction). */
import type { Deps } from '../../../deps.js';
import { WorkingCalendar } from '../../../domain/calendar.js';
import type { StaffUser } from '../../../domain/roles.js';
import { foldForSearch } from '../../../domain/text.js';
import { stepsBudgetProblem } from '../../catalogue/process-steps.js';
import type { AdminAgenciesService } from '../agencies/agencies.service.js';
import { auditLog, fail, isUniqueViolation, ok, type Outcome } from '../common.js';
import { parseProcedureCsv, type ImportProblem, type ImportRow } from './procedure-import.js';
import { proceduresRepo, type AdminProcedureSummary, type ProcedureRow, type StoredDocument } from './procedures.repo.js';
import type { FieldErrors } from '../../../web/form.js';
import type { DocumentInput, ProcedureInput } from './procedures.schema.js';

export interface ProcedureFilter {
  q: string;
  field: string;
  status: 'all' | 'active' | 'inactive';
}

export interface ImportPreviewRow {
  line: number;
  code: string;
  name: string;
  action: 'insert' | 'update';
}

export type ImportOutcome =
  | { ok: true; inserted: number; updated: number; rows: ImportPreviewRow[] }
  | { ok: false; problems: ImportProblem[] };

export function adminProceduresService(deps: Pick<Deps, 'db' | 'logger' | 'config'>, wired: { agencies: Pick<AdminAgenciesService, 'list'> }) {
  const { db } = deps;
  /** A working day's length in the office's hours: what "N ngày làm việc" of a step holds. */
  const dayLengthMs = new WorkingCalendar([], deps.config.officeHours).dayLengthMs;
  const repo = proceduresRepo(db);
  const audit = auditLog(deps.logger);
  const { agencies } = wired;

  /** Agency checks shared by the procedure form: the lead agency and the receiving ones exist. */
  async function procedureAgencyErrors(input: ProcedureInput): Promise<FieldErrors> {
    const errors: FieldErrors = {};
    const known = new Set((await agencies.list()).map((a) => a.id));
    if (input.leadAgencyId !== null && !known.has(input.leadAgencyId)) errors.lead_agency_id = 'Cơ quan, phòng chủ trì không tồn tại';
    if (input.agencyIds.some((id) => !known.has(id))) errors.agency_ids = 'Có cơ quan tiếp nhận không tồn tại; tải lại trang và chọn lại';
    const unknownStep = input.steps.findIndex((s) => s.agencyId !== null && !known.has(s.agencyId));
    if (unknownStep >= 0) errors.steps = `Bước thứ ${unknownStep + 1}: cơ quan, phòng thực hiện không tồn tại; tải lại trang và chọn lại`;
    // Refused, not warned: the internal process divides the statutory time, it cannot exceed it.
    const budget = stepsBudgetProblem(input.steps, { unit: input.processingUnit, amount: input.processingAmount }, dayLengthMs);
    if (budget) errors.steps = budget;
    return errors;
  }

  function procedureRow(input: ProcedureInput): ProcedureRow {
    return {
      code: input.code,
      name: input.name,
      field: input.field,
      processing_unit: input.processingUnit,
      processing_amount: input.processingAmount,
      processing_note: input.processingNote,
      fee_vnd: input.feeVnd,
      fee_note: input.feeNote,
      result: input.result,
      apology_extension_days: input.apologyExtensionDays,
      lead_agency_id: input.leadAgencyId,
      result_at_counter: input.resultAtCounter,
      supplement_clock: input.supplementClock,
      next_day_after_cutoff: input.nextDayAfterCutoff,
      active: input.active,
    };
  }

  return {
    async list(filter: ProcedureFilter): Promise<{ procedures: AdminProcedureSummary[]; fields: string[]; total: number }> {
      const all = await repo.listProcedures();
      const needle = foldForSearch(filter.q);
      const procedures = all.filter(
        (p) =>
          (!needle || foldForSearch(`${p.code} ${p.name} ${p.field}`).includes(needle)) &&
          (!filter.field || p.field === filter.field) &&
          (filter.status === 'all' || (filter.status === 'active') === p.active),
      );
      const fields = [...new Set(all.map((p) => p.field))].sort((a, b) => a.localeCompare(b, 'vi'));
      return { procedures, fields, total: all.length };
    },

    find: (id: number) => repo.findProcedure(id),

    async save(actor: StaffUser, id: number | null, input: ProcedureInput): Promise<Outcome<number> | undefined> {
      if (id !== null && !(await repo.findProcedure(id))) return undefined;
      const errors = await procedureAgencyErrors(input);
      const taken = `Mã thủ tục ${input.code} đã có trong danh mục`;
      const other = await repo.procedureIdByCode(db, input.code);
      if (other !== undefined && other !== id) errors.code = taken;
      if (Object.keys(errors).length > 0) return fail(errors);
      try {
        const savedId = await repo.transaction(async (trx) => {
          const pid = id ?? (await repo.insertProcedure(trx, procedureRow(input)));
          if (id !== null) await repo.updateProcedure(trx, id, procedureRow(input));
          await repo.replaceDocuments(trx, pid, input.documents);
          await repo.replaceReceivingAgencies(trx, pid, input.agencyIds);
          await repo.replaceSteps(trx, pid, input.steps);
          return pid;
        });
        audit(actor, id === null ? 'procedure.create' : 'procedure.update', { procedureId: savedId, code: input.code });
        return ok(savedId);
      } catch (err) {
        if (isUniqueViolation(err)) return fail({ code: taken });
        throw err;
      }
    },

    /**
     * Validate every row; with `commit`, upsert them all by code in one transaction
     * (documents and receiving agencies replaced). Nothing is written if a row is invalid.
     */
    async import(actor: StaffUser, csv: string, commit: boolean): Promise<ImportOutcome> {
      const idByEid = new Map((await agencies.list()).map((a) => [a.eid, a.id]));
      const parsed = parseProcedureCsv(csv, new Set(idByEid.keys()), dayLengthMs);
      if (!parsed.ok) return parsed;
      const rows = parsed.rows;

      // A file without the process column keeps the stored steps: they must still fit a new statutory time.
      const existingIds = await repo.procedureIdsByCode(db, rows.map((r) => r.code));
      const keptSteps = await repo.stepBudgets(db, rows.filter((r) => r.steps === undefined && existingIds.has(r.code)).map((r) => existingIds.get(r.code)!));
      const stepProblems: ImportProblem[] = [];
      for (const r of rows) {
        const kept = r.steps === undefined ? keptSteps.get(existingIds.get(r.code) ?? -1) : undefined;
        const over = kept ? stepsBudgetProblem(kept, { unit: r.processingUnit, amount: r.processingAmount }, dayLengthMs) : null;
        if (over) stepProblems.push({ line: r.line, message: `Quy trình nội bộ đã có của thủ tục ${r.code}: ${over} (thêm cột quy_trinh để sửa các bước)` });
      }
      if (stepProblems.length > 0) return { ok: false, problems: stepProblems };

      if (!commit) {
        const existing = existingIds;
        const preview = rows.map((r): ImportPreviewRow => ({ line: r.line, code: r.code, name: r.name, action: existing.has(r.code) ? 'update' : 'insert' }));
        const inserted = preview.filter((r) => r.action === 'insert').length;
        return { ok: true, rows: preview, inserted, updated: preview.length - inserted };
      }

      const rowOf = (r: ImportRow): ProcedureRow => ({
        code: r.code,
        name: r.name,
        field: r.field,
        processing_unit: r.processingUnit,
        processing_amount: r.processingAmount,
        ...(r.processingNote !== undefined ? { processing_note: r.processingNote } : {}),
        fee_vnd: r.feeVnd,
        fee_note: r.feeNote,
        result: r.result,
        apology_extension_days: r.apologyExtensionDays,
        lead_agency_id: r.leadAgencyEid === null ? null : idByEid.get(r.leadAgencyEid)!,
        ...(r.resultAtCounter !== undefined ? { result_at_counter: r.resultAtCounter } : {}),
        ...(r.supplementClock !== undefined ? { supplement_clock: r.supplementClock } : {}),
        ...(r.nextDayAfterCutoff !== undefined ? { next_day_after_cutoff: r.nextDayAfterCutoff } : {}),
      });

      try {
        const result = await repo.transaction(async (trx) => {
          const existing = await repo.procedureIdsByCode(trx, rows.map((r) => r.code));
          const done: ImportPreviewRow[] = [];
          for (const r of rows) {
            let id = existing.get(r.code);
            let previous: StoredDocument[] = [];
            if (id === undefined) {
              id = await repo.insertProcedure(trx, rowOf(r));
            } else {
              previous = await repo.documents(trx, id);
              await repo.updateProcedure(trx, id, rowOf(r));
            }
            // A document kept under the same name keeps its counts and "required" flag.
            const byName = new Map(previous.map((d) => [d.name, d]));
            const documents: DocumentInput[] = r.documents.map((d) => {
              const old = byName.get(d.name);
              return old
                ? { name: d.name, originals: old.originals, certifiedCopies: old.certifiedCopies, copies: old.copies, required: old.required }
                : { name: d.name, originals: 1, certifiedCopies: 0, copies: 0, required: d.required };
            });
            await repo.replaceDocuments(trx, id, documents);
            await repo.replaceReceivingAgencies(trx, id, r.receivingAgencyEids.map((e) => idByEid.get(e)!));
            // No process column: the stored steps stay; a column (even blank) replaces them.
            if (r.steps !== undefined) {
              await repo.replaceSteps(
                trx,
                id,
                r.steps.map((s) => ({ name: s.name, agencyId: s.agencyEid === null ? null : idByEid.get(s.agencyEid)!, amount: s.amount, unit: s.unit })),
              );
            }
            done.push({ line: r.line, code: r.code, name: r.name, action: existing.has(r.code) ? 'update' : 'insert' });
          }
          return done;
        });
        const inserted = result.filter((r) => r.action === 'insert').length;
        audit(actor, 'procedure.import', { inserted, updated: result.length - inserted });
        return { ok: true, rows: result, inserted, updated: result.length - inserted };
      } catch (err) {
        // Someone added one of these codes between our read and our write: nothing was kept.
        if (isUniqueViolation(err)) {
          return { ok: false, problems: [{ line: 1, message: 'Danh mục vừa được người khác thay đổi trong lúc nhập; chưa có dữ liệu nào được ghi. Vui lòng nhập lại.' }] };
        }
        throw err;
      }
    },
  };
}

export type AdminProceduresService = ReturnType<typeof adminProceduresService>;
export type { AdminProcedure } from './procedures.repo.js';
