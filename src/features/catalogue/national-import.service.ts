/**
 * Importing the catalogue from the National Database of Administrative Procedures' data (a
 * file of `LayThuTuc` records, or the list its service answers): the plan an administrator
 * checks (new, changed field by field, unchanged, withdrawn), then the versions written with
 * an effective date. A version whose date has come sets the procedure's own columns at once
 * (what intake uses); a later one waits for the catalogue job (catalogue.jobs.ts). A dossier
 * keeps the version it was received under (intake stamps it).
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { describeProblem, readNationalFile, readNationalProcedure, type ProcedureDetail, type RecordProblem } from '../../domain/national-procedure.js';
import { counterTerms, recordFromColumns } from '../../domain/procedure-columns.js';
import { diffDetails, type DetailChange } from '../../domain/procedure-diff.js';
import type { StaffUser } from '../../domain/roles.js';
import { isLocalDate, localDateOf } from '../../domain/time.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';
import { versionsRepo, type ProcedureVersion } from './versions.repo.js';
import { auditLog } from '../../logger.js';
import { nationalImportRepo, type CatalogueEntry } from './national-import.repo.js';

export type NationalAction = 'new' | 'changed' | 'unchanged' | 'withdrawn';

export const NATIONAL_ACTION_LABELS: Readonly<Record<NationalAction, string>> = {
  new: 'Thêm mới',
  changed: 'Thay đổi',
  unchanged: 'Không đổi',
  withdrawn: 'Bãi bỏ (không còn trong danh sách)',
};

export interface NationalPlanRow {
  code: string;
  name: string;
  action: NationalAction;
  changes: DetailChange[];
  /** What the administrator should know before applying (a procedure that cannot be received yet…). */
  warnings: string[];
}

export interface NationalPlan {
  rows: NationalPlanRow[];
  counts: Record<NationalAction, number>;
  /** What the confirmation must carry: the plan it confirms (a changed catalogue or file gives another key). */
  key: string;
}

export interface NationalImportInput {
  /** The parsed JSON of the file (or of the service's answer). */
  json: unknown;
  /** The file is the province's whole list: procedures of motcua that it does not hold are withdrawn. */
  complete: boolean;
  /** Where it came from (a file name, a URL), kept on each version. */
  source: string;
}

export type NationalImportRefusal = (Refusal<'invalid'> & { problems: string[] }) | Refusal<'conflict'>;

const WARN_NO_TIME = 'Dữ liệu không có thời hạn giải quyết trực tiếp (số ngày làm việc, ngày hoặc giờ): thủ tục mới được thêm ở trạng thái ngừng tiếp nhận cho đến khi quản trị viên nhập thời hạn; thủ tục đang có giữ thời hạn cũ.';
const WARN_NO_SOURCE = 'Bản ghi không ghi nguồn (_source).';
const STALE = 'Danh mục hoặc tệp đã thay đổi từ lúc xem trước: vui lòng xem lại kế hoạch nhập rồi xác nhận lại.';
const BAD_DATE = 'Ngày có hiệu lực không hợp lệ (định dạng YYYY-MM-DD).';

function detailOf(entry: CatalogueEntry, latest: ProcedureVersion | undefined): ProcedureDetail {
  const read = readNationalProcedure(latest ? latest.record : recordFromColumns(entry.columns), 0);
  // A stored version was valid when it was written; columns always read. Should the reader
  // have grown stricter since, compare with the columns rather than fail the whole import.
  if (read.ok) return read.detail;
  const fallback = readNationalProcedure(recordFromColumns(entry.columns), 0);
  if (!fallback.ok) throw new Error(`procedure ${entry.columns.code}: its columns do not read as a national record`);
  return fallback.detail;
}

export function nationalImportService(deps: Pick<Deps, 'db' | 'clock' | 'logger'>) {
  const { db } = deps;
  const audit = auditLog(deps.logger);
  const today = () => localDateOf(deps.clock.now());

  async function plan(input: NationalImportInput): Promise<{ ok: true; plan: NationalPlan; details: Map<string, ProcedureDetail>; catalogue: Map<string, CatalogueEntry> } | NationalImportRefusal> {
    const read = readNationalFile(input.json);
    if (!read.ok) return tooManyProblems(read.problems);
    const catalogue = await nationalImportRepo(db).catalogue();
    const ids = [...catalogue.values()].map((e) => e.id);
    const latest = await versionsRepo(db).latestOf(ids);
    const details = new Map(read.details.map((d) => [d.code, d]));
    const rows: NationalPlanRow[] = [];
    for (const d of read.details) {
      const entry = catalogue.get(d.code);
      const warnings = [...(counterTerms(d).time ? [] : [WARN_NO_TIME]), ...(d.sources.length > 0 ? [] : [WARN_NO_SOURCE])];
      if (!entry) {
        rows.push({ code: d.code, name: d.name, action: 'new', changes: [], warnings });
        continue;
      }
      const changes = diffDetails(detailOf(entry, latest.get(entry.id)), d);
      rows.push({ code: d.code, name: d.name, action: changes.length > 0 ? 'changed' : 'unchanged', changes, warnings: changes.length > 0 ? warnings : [] });
    }
    if (input.complete) {
      for (const [code, entry] of catalogue) {
        if (!details.has(code) && entry.active) rows.push({ code, name: entry.columns.name, action: 'withdrawn', changes: [], warnings: [] });
      }
    }
    const counts: Record<NationalAction, number> = { new: 0, changed: 0, unchanged: 0, withdrawn: 0 };
    for (const r of rows) counts[r.action]++;
    const key = createHash('sha256').update(JSON.stringify({ rows, complete: input.complete, records: read.details })).digest('hex').slice(0, 32);
    return { ok: true, plan: { rows, counts, key }, details, catalogue };
  }

  return {
    /** The plan of an import: nothing is written. */
    async preview(input: NationalImportInput): Promise<{ ok: true; value: NationalPlan } | NationalImportRefusal> {
      const p = await plan(input);
      return p.ok ? { ok: true, value: p.plan } : p;
    },

    /**
     * Applies the plan the administrator confirmed (`key`, from the preview), effective from
     * `effectiveFrom` (YYYY-MM-DD): a version per new or changed procedure, and per withdrawn
     * one; all in one transaction. Versions effective today or earlier are applied at once.
     */
    async apply(actor: StaffUser, input: NationalImportInput & { effectiveFrom: string; key: string }): Promise<{ ok: true; value: { plan: NationalPlan; versions: number; appliedNow: number } } | NationalImportRefusal> {
      if (!isLocalDate(input.effectiveFrom)) return { ...refuse('invalid', BAD_DATE, { field: 'hieu_luc' }), problems: [BAD_DATE] };
      const p = await plan(input);
      if (!p.ok) return p;
      if (p.plan.key !== input.key) return refuse('conflict', STALE);
      const now = deps.clock.now();
      const applyNow = input.effectiveFrom <= today();
      let written = 0;
      await db.transaction(async (trx) => {
        const versions = versionsRepo(trx);
        const repo = nationalImportRepo(trx);
        for (const row of p.plan.rows) {
          if (row.action === 'unchanged') continue;
          const entry = p.catalogue.get(row.code);
          const detail = p.details.get(row.code);
          let record: unknown;
          let procedureId: number;
          if (row.action === 'withdrawn' && entry) {
            const latest = (await versions.latestOf([entry.id])).get(entry.id);
            record = { ...((latest?.record as object | undefined) ?? recordFromColumns(entry.columns)), _withdrawn: true };
            procedureId = entry.id;
          } else {
            record = recordOf(input.json, row.code);
            // A new procedure is stored not received until its version applies (today, or at its date).
            procedureId = entry ? entry.id : await repo.insertInactive(trx, detail!);
          }
          const version = await versions.insert(trx, { procedureId, effectiveFrom: input.effectiveFrom, record, source: input.source, createdAt: now, createdBy: actor.id });
          written++;
          if (applyNow) await applyVersion(trx, version, now);
        }
      });
      audit(actor, 'procedure.national_import', { source: input.source, effectiveFrom: input.effectiveFrom, ...p.plan.counts });
      return { ok: true, value: { plan: p.plan, versions: written, appliedNow: applyNow ? written : 0 } };
    },

    /** The catalogue job: applies the versions whose date has come (oldest first). */
    async applyDue(now: Date): Promise<Record<string, number>> {
      const due = await versionsRepo(db).due(localDateOf(now), 500);
      let applied = 0;
      for (const v of due) {
        await db.transaction(async (trx) => {
          if (await applyVersion(trx, v, now)) applied++;
        });
      }
      return { versions_applied: applied };
    },

    /** The procedure's versions, newest first (the admin page). */
    versionsOf: (procedureId: number) => versionsRepo(db).versionsOf(procedureId),
  };

  /** Sets the procedure's columns from a version (or stops receiving it, for a withdrawal) and marks it applied, once. */
  async function applyVersion(trx: Parameters<Parameters<typeof db.transaction>[0]>[0], v: ProcedureVersion, now: Date): Promise<boolean> {
    if (!(await versionsRepo(trx).markApplied(trx, v.id, now))) return false;
    const repo = nationalImportRepo(trx);
    if ((v.record as { _withdrawn?: unknown })._withdrawn === true) {
      await repo.withdraw(trx, v.procedureId);
      return true;
    }
    const read = readNationalProcedure(v.record, 0);
    if (!read.ok) throw new Error(`version ${v.id}: its record does not read (${read.problems.map(describeProblem).join('; ')})`);
    await repo.applyToColumns(trx, v.procedureId, read.detail, counterTerms(read.detail));
    return true;
  }
}

/** The record of this code in the imported JSON, as given (kept whole on its version). */
function recordOf(json: unknown, code: string): unknown {
  const list = Array.isArray(json) ? json : typeof json === 'object' && json !== null ? ((json as { data?: unknown[]; result?: unknown[] }).data ?? (json as { result?: unknown[] }).result ?? [json]) : [];
  return list.find((r) => typeof r === 'object' && r !== null && String((r as { MATTHC?: unknown }).MATTHC ?? '').trim() === code);
}

/** A refusal listing the file's problems (the first 50, and how many more). */
function tooManyProblems(problems: RecordProblem[]): NationalImportRefusal {
  const lines = problems.slice(0, 50).map(describeProblem);
  if (problems.length > 50) lines.push(`… và ${problems.length - 50} lỗi khác.`);
  return { ...refuse('invalid', `Tệp có ${problems.length} lỗi; chưa nhập dữ liệu nào.`), problems: lines };
}

export type NationalImportService = ReturnType<typeof nationalImportService>;
