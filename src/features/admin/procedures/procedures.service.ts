/** The procedure catalogue: the form and the CSV import (validated whole, written in one transaction). */
import { createHash } from 'node:crypto';
import type { Deps } from '../../../deps.js';
import { WorkingCalendar } from '../../../domain/calendar.js';
import type { StaffUser } from '../../../domain/roles.js';
import { foldForSearch } from '../../../domain/text.js';
import { stepsBudgetProblem } from '../../catalogue/process-steps.js';
import type { AdminAgenciesService } from '../agencies/agencies.service.js';
import type { NationalImportService } from '../../catalogue/national-import.service.js';
import { refuse, refuseFields, type Refusal } from '../../../platform/refusal/refusal.js';
import { auditLog, isUniqueViolation, ok, type Outcome } from '../common.js';
import { importChanges, parseProcedureCsv, type ImportPlanRow, type ImportProblem, type ImportRow, type StoredForImport } from './procedure-import.js';
import { proceduresRepo, type AdminProcedure, type AdminProcedureSummary, type ProcedureRow, type StoredDocument, type StoredImport } from './procedures.repo.js';
import type { FieldErrors } from '../../../web/form.js';
import type { DocumentInput, ProcedureInput } from './procedures.schema.js';

export interface ProcedureFilter {
  q: string;
  field: string;
  status: 'all' | 'active' | 'inactive';
}

export type { ImportPlanRow };

export interface ImportPlan {
  rows: ImportPlanRow[];
  inserted: number;
  updated: number;
  unchanged: number;
  /** The rows that delete something stored (a second confirmation is needed). */
  destructive: ImportPlanRow[];
  /** The key the confirmation of these deletions must carry; null when nothing is deleted. */
  confirmation: string | null;
}

export type ImportOutcome =
  | { ok: true; kind: 'preview'; plan: ImportPlan }
  | { ok: true; kind: 'done'; importId: number; plan: ImportPlan }
  /** A row is invalid: every problem, by line; nothing written. */
  | (Refusal<'invalid'> & { problems: ImportProblem[] })
  /** The import was asked for, but it deletes stored data without its confirmation: nothing written, the plan to confirm. */
  | (Refusal<'held'> & { plan: ImportPlan });

const IMPORT_INVALID = 'Tệp CSV có dòng không hợp lệ; chưa nhập dữ liệu nào.';
const IMPORT_HELD = 'Chưa nhập dữ liệu nào: tệp xóa dữ liệu đang có.';
const importRefused = (problems: ImportProblem[]): ImportOutcome => ({ ...refuse('invalid', problems[0]?.message ?? IMPORT_INVALID), problems });

export const PROCEDURE_NOT_FOUND = 'Không tìm thấy thủ tục này.';

export function adminProceduresService(deps: Pick<Deps, 'db' | 'logger' | 'config' | 'clock'>, wired: { agencies: Pick<AdminAgenciesService, 'list'>; versions: Pick<NationalImportService, 'keepVersion'> }) {
  const { db } = deps;
  /** A working day's length in the office's hours: what "N ngày làm việc" of a step holds. */
  const dayLengthMs = new WorkingCalendar([], deps.config.office.hours).dayLengthMs;
  const repo = proceduresRepo(db);
  const audit = auditLog(deps.logger);
  const { agencies, versions } = wired;
  const now = () => deps.clock.now();

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
      portal_procedure_code: input.portalProcedureCode,
      portal_field_code: input.portalFieldCode,
      portal_field_name: input.portalFieldName,
      online_level: input.onlineLevel,
      by_post: input.byPost,
      in_person: input.inPerson,
      ...(input.resultElectronic === undefined ? {} : { result_electronic: input.resultElectronic }),
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

    /** A new procedure (id null), or the stored one changed. */
    async save(actor: StaffUser, id: number | null, input: ProcedureInput): Promise<Outcome<number, 'not_found'>> {
      if (id !== null && !(await repo.findProcedure(id))) return refuse('not_found', PROCEDURE_NOT_FOUND);
      const errors = await procedureAgencyErrors(input);
      const taken = `Mã thủ tục ${input.code} đã có trong danh mục`;
      const other = await repo.procedureIdByCode(db, input.code);
      if (other !== undefined && other !== id) errors.code = taken;
      if (Object.keys(errors).length > 0) return refuseFields(errors);
      try {
        const savedId = await repo.transaction(async (trx) => {
          const pid = id ?? (await repo.insertProcedure(trx, procedureRow(input)));
          if (id !== null) await repo.updateProcedure(trx, id, procedureRow(input));
          await repo.replaceDocuments(trx, pid, input.documents);
          await repo.replaceReceivingAgencies(trx, pid, input.agencyIds);
          await repo.replaceSteps(trx, pid, input.steps);
          // Each procedure keeps its versions, whatever path changed it.
          await versions.keepVersion(trx, pid, { source: 'admin', actorId: actor.id });
          return pid;
        });
        audit(actor, id === null ? 'procedure.create' : 'procedure.update', { procedureId: savedId, code: input.code });
        return ok(savedId);
      } catch (err) {
        if (isUniqueViolation(err)) return refuseFields({ code: taken });
        throw err;
      }
    },

    /**
     * Validate every row and compare each with the stored procedure of the same code: the plan
     * (per procedure, every field that changes, old → new). Without `commit`, the plan only.
     * With it, the rows are upserted by code in one transaction, unless the plan deletes
     * something stored (documents, agencies, steps, a value cleared) and `confirmation` is not
     * the plan's own confirmation key, given on the preview of exactly these deletions: then
     * nothing is written and the plan comes back to be confirmed. Nothing is written if a row
     * is invalid. A blank cell of an optional column keeps what is stored (procedure-import.ts).
     */
    async import(actor: StaffUser, csv: string, mode: { commit: boolean; confirmation: string | null }): Promise<ImportOutcome> {
      const agencyList = await agencies.list();
      const idByEid = new Map(agencyList.map((a) => [a.eid, a.id]));
      const eidById = new Map(agencyList.map((a) => [a.id, a.eid]));
      const nameByEid = new Map(agencyList.map((a) => [a.eid, a.name]));
      const agencyName = (eid: string) => `${nameByEid.get(eid) ?? eid} (${eid})`;
      const parsed = parseProcedureCsv(csv, new Set(idByEid.keys()), dayLengthMs);
      if (!parsed.ok) return importRefused(parsed.problems);
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
      if (stepProblems.length > 0) return importRefused(stepProblems);

      const planRows: ImportPlanRow[] = [];
      for (const r of rows) {
        const id = existingIds.get(r.code);
        const stored = id === undefined ? undefined : await repo.findProcedure(id);
        if (!stored) {
          planRows.push({ line: r.line, code: r.code, name: r.name, action: 'insert', changes: [] });
          continue;
        }
        const changes = importChanges(storedForImport(stored, eidById), r, agencyName);
        planRows.push({ line: r.line, code: r.code, name: r.name, action: changes.length === 0 ? 'unchanged' : 'update', changes });
      }
      const plan = planOf(planRows);
      if (!mode.commit) return { ok: true, kind: 'preview', plan };
      if (plan.confirmation !== null && mode.confirmation !== plan.confirmation) return { ...refuse('held', IMPORT_HELD), plan };

      const insertRow = (r: ImportRow): ProcedureRow => ({ fee_vnd: null, fee_note: '', lead_agency_id: null, ...updateRow(r) });
      const updateRow = (r: ImportRow): ProcedureRow => ({
        code: r.code,
        name: r.name,
        field: r.field,
        processing_unit: r.processingUnit,
        processing_amount: r.processingAmount,
        ...(r.processingNote !== undefined ? { processing_note: r.processingNote } : {}),
        ...(r.feeVnd !== undefined ? { fee_vnd: r.feeVnd } : {}),
        ...(r.feeNote !== undefined ? { fee_note: r.feeNote } : {}),
        result: r.result,
        apology_extension_days: r.apologyExtensionDays,
        ...(r.leadAgencyEid !== undefined ? { lead_agency_id: r.leadAgencyEid === null ? null : idByEid.get(r.leadAgencyEid)! } : {}),
        ...(r.resultAtCounter !== undefined ? { result_at_counter: r.resultAtCounter } : {}),
        ...(r.supplementClock !== undefined ? { supplement_clock: r.supplementClock } : {}),
        ...(r.nextDayAfterCutoff !== undefined ? { next_day_after_cutoff: r.nextDayAfterCutoff } : {}),
        ...(r.portalProcedureCode !== undefined ? { portal_procedure_code: r.portalProcedureCode } : {}),
        ...(r.portalFieldCode !== undefined ? { portal_field_code: r.portalFieldCode } : {}),
        ...(r.portalFieldName !== undefined ? { portal_field_name: r.portalFieldName } : {}),
      });

      try {
        const importId = await repo.transaction(async (trx) => {
          const existing = await repo.procedureIdsByCode(trx, rows.map((r) => r.code));
          const unchanged = new Set(plan.rows.filter((p) => p.action === 'unchanged').map((p) => p.code));
          for (const r of rows) {
            let id = existing.get(r.code);
            let previous: StoredDocument[] = [];
            if (id === undefined) {
              id = await repo.insertProcedure(trx, insertRow(r));
            } else {
              previous = await repo.documents(trx, id);
              await repo.updateProcedure(trx, id, updateRow(r));
            }
            // A blank documents cell keeps the stored list; a document kept under the same name keeps its counts and "required" flag.
            if (r.documents !== undefined) {
              const byName = new Map(previous.map((d) => [d.name, d]));
              const documents: DocumentInput[] = r.documents.map((d) => {
                const old = byName.get(d.name);
                return old
                  ? { name: d.name, originals: old.originals, certifiedCopies: old.certifiedCopies, copies: old.copies, required: old.required }
                  : { name: d.name, originals: 1, certifiedCopies: 0, copies: 0, required: d.required };
              });
              await repo.replaceDocuments(trx, id, documents);
            }
            if (r.receivingAgencyEids !== undefined) await repo.replaceReceivingAgencies(trx, id, r.receivingAgencyEids.map((e) => idByEid.get(e)!));
            // No process column or a blank cell: the stored steps stay; steps or the clear marker replace them.
            if (r.steps !== undefined) {
              await repo.replaceSteps(
                trx,
                id,
                r.steps.map((s) => ({ name: s.name, agencyId: s.agencyEid === null ? null : idByEid.get(s.agencyEid)!, amount: s.amount, unit: s.unit })),
              );
            }
            if (!unchanged.has(r.code)) await versions.keepVersion(trx, id, { source: 'csv', actorId: actor.id });
          }
          return repo.insertImport(trx, { userId: actor.id, createdAt: now(), inserted: plan.inserted, updated: plan.updated, unchanged: plan.unchanged, rows: plan.rows });
        });
        audit(actor, 'procedure.import', { importId, inserted: plan.inserted, updated: plan.updated, unchanged: plan.unchanged });
        return { ok: true, kind: 'done', importId, plan };
      } catch (err) {
        // Someone added one of these codes between our read and our write: nothing was kept.
        if (isUniqueViolation(err)) {
          return importRefused([{ line: 1, message: 'Danh mục vừa được người khác thay đổi trong lúc nhập; chưa có dữ liệu nào được ghi. Vui lòng nhập lại.' }]);
        }
        throw err;
      }
    },

    /** A committed import, for the page its form redirects to. */
    findImport: (id: number): Promise<StoredImport | undefined> => repo.findImport(id),
  };
}

/** The stored procedure in the import's terms (agencies by eid, documents by name). */
function storedForImport(p: AdminProcedure, eidById: ReadonlyMap<number, string>): StoredForImport {
  const eid = (id: number) => eidById.get(id) ?? String(id);
  return {
    name: p.name,
    field: p.field,
    processingUnit: p.processingUnit,
    processingAmount: p.processingAmount,
    processingNote: p.processingNote,
    feeVnd: p.feeVnd,
    feeNote: p.feeNote,
    result: p.result,
    apologyExtensionDays: p.apologyExtensionDays,
    leadAgencyEid: p.leadAgencyId === null ? null : eid(p.leadAgencyId),
    receivingAgencyEids: p.agencyIds.map(eid),
    documents: p.documents.map((d) => d.name),
    resultAtCounter: p.resultAtCounter,
    supplementClock: p.supplementClock,
    nextDayAfterCutoff: p.nextDayAfterCutoff,
    portalProcedureCode: p.portalProcedureCode,
    portalFieldCode: p.portalFieldCode,
    portalFieldName: p.portalFieldName,
    steps: p.steps.map((s) => ({ name: s.name, agencyEid: s.agencyId === null ? null : eid(s.agencyId), amount: s.amount, unit: s.unit })),
  };
}

/**
 * The counts of a plan and, when it deletes anything stored, its confirmation key: a digest of
 * exactly what it deletes, so a confirmation given on one preview cannot pass a different deletion.
 */
function planOf(rows: ImportPlanRow[]): ImportPlan {
  const count = (a: ImportPlanRow['action']) => rows.filter((r) => r.action === a).length;
  const deletions = rows.flatMap((r) => r.changes.filter((c) => c.removed.length > 0).map((c) => [r.code, c.label, c.removed]));
  const confirmation = deletions.length === 0 ? null : createHash('sha256').update(JSON.stringify(deletions)).digest('base64url').slice(0, 32);
  return { rows, inserted: count('insert'), updated: count('update'), unchanged: count('unchanged'), destructive: rows.filter((r) => r.changes.some((c) => c.removed.length > 0)), confirmation };
}

export type AdminProceduresService = ReturnType<typeof adminProceduresService>;
export type { AdminProcedure } from './procedures.repo.js';
