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
import { nationalImportRepo, type CatalogueEntry, type CatalogueImportResult, type StoredCatalogueImport } from './national-import.repo.js';
import { columnsOverRecord } from './national-import.merge.js';
import { nationalClient, NationalDataError, type FetchLike } from './national-import.client.js';

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

type Db = Deps['db'];
type Planned = { ok: true; plan: NationalPlan; details: Map<string, ProcedureDetail>; catalogue: Map<string, CatalogueEntry> };

/** Where a version written by the import came from: one source for the whole file, or per record (the reference seed: its `_source` urls). */
type SourceOf = (detail: ProcedureDetail | undefined) => string;

/** A procedure the import wrote a version for. */
export interface WrittenVersion {
  procedureId: number;
  code: string;
  action: NationalAction;
  /** CAPTHUCHIEN of the record (empty for a withdrawal). */
  level: string;
}

/** How long an uploaded file waits for its confirmation before the next upload drops it. */
const STAGED_FOR_MS = 24 * 3600_000;
const NO_URL = 'Chưa cấu hình địa chỉ Cơ sở dữ liệu quốc gia (CATALOGUE_NATIONAL_URL): hãy tải tệp JSON lên.';

/** What the result page keeps of a plan (unchanged rows are counted, not listed). */
function resultOf(plan: NationalPlan, versions: number, appliedNow: number): CatalogueImportResult {
  return { rows: plan.rows.filter((r) => r.action !== 'unchanged'), counts: plan.counts, versions, appliedNow };
}

async function plan(handle: Db, input: NationalImportInput): Promise<Planned | NationalImportRefusal> {
  const read = readNationalFile(input.json);
  if (!read.ok) return tooManyProblems(read.problems);
  const catalogue = await nationalImportRepo(handle).catalogue();
  const ids = [...catalogue.values()].map((e) => e.id);
  const latest = await versionsRepo(handle).latestOf(ids);
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

/**
 * Writes the plan's versions (a version per new or changed procedure, and per withdrawn
 * one), effective from `effectiveFrom`; applied at once when that date has come.
 */
async function writePlan(trx: Db, p: Planned, json: unknown, opts: { effectiveFrom: string; sourceOf: SourceOf; actorId: number | null; now: Date; displayOnly?: ReadonlySet<string> }): Promise<WrittenVersion[]> {
  const applyNow = opts.effectiveFrom <= localDateOf(opts.now);
  const versions = versionsRepo(trx);
  const repo = nationalImportRepo(trx);
  const records = recordsByCode(json);
  const written: WrittenVersion[] = [];
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
      record = records.get(row.code);
      // A new procedure is stored not received until its version applies (today, or at its date).
      procedureId = entry ? entry.id : await repo.insertInactive(trx, detail!);
    }
    const version = await versions.insert(trx, { procedureId, effectiveFrom: opts.effectiveFrom, record, source: opts.sourceOf(detail), createdAt: opts.now, createdBy: opts.actorId });
    written.push({ procedureId, code: row.code, action: row.action, level: detail?.level ?? '' });
    if (applyNow && detail && opts.displayOnly?.has(row.code)) {
      // The version is the procedure's detail; the counter's own columns stay as they are.
      await versions.markApplied(trx, version.id, opts.now);
      await repo.applyDisplayColumns(trx, procedureId, detail);
    } else if (applyNow) await applyVersion(trx, version, opts.now);
  }
  return written;
}

/** Sets the procedure's columns from a version (or stops receiving it, for a withdrawal) and marks it applied, once. */
async function applyVersion(trx: Db, v: ProcedureVersion, now: Date): Promise<boolean> {
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


/**
 * The reference seed (seeds/reference.ts): the shipped records go through the same plan and
 * versions as an administrator's import, effective `effectiveFrom`, applied at `now`, each
 * version's source its record's `_source` urls; only the records `include` accepts. For the
 * codes in `displayOnly` the version is the detail shown, but the counter's columns (name,
 * time, fee, result, documents) are left as they are. Runs in the caller's transaction.
 * Returns what was written.
 */
export async function seedNationalCatalogue(trx: Db, json: unknown[], opts: { effectiveFrom: string; now: Date; include: (code: string, existing: boolean) => boolean; displayOnly?: ReadonlySet<string> }): Promise<WrittenVersion[]> {
  const catalogue = await nationalImportRepo(trx).catalogue();
  const chosen = json.filter((r) => {
    const code = typeof r === 'object' && r !== null ? String((r as { MATTHC?: unknown }).MATTHC ?? '').trim() : '';
    return opts.include(code, catalogue.has(code));
  });
  if (chosen.length === 0) return [];
  const p = await plan(trx, { json: chosen, complete: false, source: 'seed' });
  if (!p.ok) throw new Error(`the reference catalogue does not read: ${'problems' in p ? p.problems.join('; ') : p.message}`);
  return writePlan(trx, p, chosen, { effectiveFrom: opts.effectiveFrom, sourceOf: (d) => d?.sources.map((s) => s.url).join(' ') || 'seed', actorId: null, now: opts.now, displayOnly: opts.displayOnly });
}

export function nationalImportService(deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'config'>, fetchImpl?: FetchLike) {
  const { db } = deps;
  const audit = auditLog(deps.logger);
  const today = () => localDateOf(deps.clock.now());
  const national = deps.config.catalogue.national;

  return {
    /** The plan of an import: nothing is written. */
    async preview(input: NationalImportInput): Promise<{ ok: true; value: NationalPlan } | NationalImportRefusal> {
      const p = await plan(db, input);
      return p.ok ? { ok: true, value: p.plan } : p;
    },

    /**
     * Applies the plan the administrator confirmed (`key`, from the preview), effective from
     * `effectiveFrom` (YYYY-MM-DD): a version per new or changed procedure, and per withdrawn
     * one; all in one transaction. Versions effective today or earlier are applied at once.
     */
    async apply(actor: StaffUser, input: NationalImportInput & { effectiveFrom: string; key: string }): Promise<{ ok: true; value: { plan: NationalPlan; versions: number; appliedNow: number } } | NationalImportRefusal> {
      if (!isLocalDate(input.effectiveFrom)) return { ...refuse('invalid', BAD_DATE, { field: 'hieu_luc' }), problems: [BAD_DATE] };
      const p = await plan(db, input);
      if (!p.ok) return p;
      if (p.plan.key !== input.key) return refuse('conflict', STALE);
      const now = deps.clock.now();
      const written = await db.transaction((trx) => writePlan(trx, p, input.json, { effectiveFrom: input.effectiveFrom, sourceOf: () => input.source, actorId: actor.id, now }));
      audit(actor, 'procedure.national_import', { source: input.source, effectiveFrom: input.effectiveFrom, ...p.plan.counts });
      return { ok: true, value: { plan: p.plan, versions: written.length, appliedNow: input.effectiveFrom <= today() ? written.length : 0 } };
    },

    /** Whether the import page may fetch from the national database (CATALOGUE_NATIONAL_URL is set). */
    canFetch: national !== null,

    /** The national database's data: one procedure (`LayThuTuc`) or the whole list (`LayDanhSachTTHC`, code null). */
    async fetchNational(code: string | null): Promise<{ ok: true; value: { json: unknown[]; source: string } } | Refusal<'unprocessable'>> {
      if (!national) return refuse('unprocessable', NO_URL);
      const client = nationalClient(national, fetchImpl);
      try {
        const json = code === null ? await client.list() : await client.procedure(code);
        return { ok: true, value: { json, source: `${national.url} ${code === null ? 'LayDanhSachTTHC' : `LayThuTuc ${code}`}` } };
      } catch (err) {
        if (err instanceof NationalDataError) return refuse('unprocessable', err.message);
        throw err;
      }
    },

    /**
     * An administrator's import, kept until it is confirmed: the data is read and compared
     * (a bad file is refused, nothing kept), then stored with its plan's inputs. The page the
     * form redirects to shows the plan (stagedPlan) and asks for the confirmation.
     */
    async stage(actor: StaffUser, input: NationalImportInput): Promise<{ ok: true; value: { id: number; plan: NationalPlan } } | NationalImportRefusal> {
      const p = await plan(db, input);
      if (!p.ok) return p;
      const now = deps.clock.now();
      const id = await nationalImportRepo(db).stage({ userId: actor.id, createdAt: now, source: input.source, complete: input.complete, recordCount: p.details.size, records: input.json, staleBefore: new Date(now.getTime() - STAGED_FOR_MS) });
      return { ok: true, value: { id, plan: p.plan } };
    },

    /** A kept import: when not applied yet, its plan against the catalogue as it is now. */
    async staged(id: number): Promise<{ ok: true; value: { stored: StoredCatalogueImport; plan: NationalPlan | null } } | NationalImportRefusal | Refusal<'not_found'>> {
      const stored = await nationalImportRepo(db).findImport(id);
      if (!stored) return refuse('not_found', 'Không tìm thấy lần nhập này.');
      if (stored.appliedAt) return { ok: true, value: { stored, plan: null } };
      const p = await plan(db, { json: stored.records, complete: stored.complete, source: stored.source });
      if (!p.ok) return p;
      return { ok: true, value: { stored, plan: p.plan } };
    },

    /**
     * Applies a kept import the administrator confirmed (the plan's `key`), effective from
     * `effectiveFrom`: the versions and the import's result in one transaction, once (a
     * second confirmation finds it applied and writes nothing).
     */
    async applyStaged(actor: StaffUser, id: number, confirm: { effectiveFrom: string; key: string }): Promise<{ ok: true; value: { id: number; alreadyApplied: boolean } } | NationalImportRefusal | Refusal<'not_found'>> {
      if (!isLocalDate(confirm.effectiveFrom)) return { ...refuse('invalid', BAD_DATE, { field: 'hieu_luc' }), problems: [BAD_DATE] };
      const repo = nationalImportRepo(db);
      const stored = await repo.findImport(id);
      if (!stored) return refuse('not_found', 'Không tìm thấy lần nhập này.');
      if (stored.appliedAt) return { ok: true, value: { id, alreadyApplied: true } };
      const input = { json: stored.records, complete: stored.complete, source: stored.source };
      const p = await plan(db, input);
      if (!p.ok) return p;
      if (p.plan.key !== confirm.key) return refuse('conflict', STALE);
      const now = deps.clock.now();
      const done = await db.transaction(async (trx) => {
        const count = p.plan.rows.filter((r) => r.action !== 'unchanged').length;
        const appliedNow = confirm.effectiveFrom <= localDateOf(now) ? count : 0;
        if (!(await repo.markImportApplied(trx, id, { at: now, by: actor.id, effectiveFrom: confirm.effectiveFrom, result: resultOf(p.plan, count, appliedNow) }))) return false;
        await writePlan(trx, p, input.json, { effectiveFrom: confirm.effectiveFrom, sourceOf: () => input.source, actorId: actor.id, now });
        return true;
      });
      if (!done) return { ok: true, value: { id, alreadyApplied: true } };
      audit(actor, 'procedure.national_import', { importId: id, source: input.source, effectiveFrom: confirm.effectiveFrom, ...p.plan.counts });
      return { ok: true, value: { id, alreadyApplied: false } };
    },

    /**
     * After an administrator changed a procedure through the form or the CSV import: a
     * version holding its new columns over the record in force (what the columns do not hold
     * — steps, other channels, legal basis… — is kept), effective today and applied now. In
     * the caller's transaction, so the change and its version are written together.
     */
    async keepVersion(trx: Db, procedureId: number, by: { source: 'admin' | 'csv'; actorId: number }): Promise<void> {
      const entry = await nationalImportRepo(trx).entry(procedureId);
      if (!entry) return;
      const versions = versionsRepo(trx);
      const base = (await versions.inForce(procedureId))?.record;
      const record = columnsOverRecord(base, entry.columns);
      const now = deps.clock.now();
      const version = await versions.insert(trx, { procedureId, effectiveFrom: localDateOf(now), record, source: by.source, createdAt: now, createdBy: by.actorId });
      await versions.markApplied(trx, version.id, now);
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

    /** One version of a procedure with its record read (the admin page's detail); undefined when it is not this procedure's. */
    async version(procedureId: number, versionId: number): Promise<{ version: ProcedureVersion; detail: ProcedureDetail | null; problems: string[] } | undefined> {
      const v = await versionsRepo(db).find(versionId);
      if (!v || v.procedureId !== procedureId) return undefined;
      const read = readNationalProcedure(v.record, 0);
      return read.ok ? { version: v, detail: read.detail, problems: [] } : { version: v, detail: null, problems: read.problems.map(describeProblem) };
    },
  };

}

/** The records of the imported JSON by code, as given (each kept whole on its version). */
function recordsByCode(json: unknown): Map<string, unknown> {
  const list = Array.isArray(json) ? json : typeof json === 'object' && json !== null ? ((json as { data?: unknown[]; result?: unknown[] }).data ?? (json as { result?: unknown[] }).result ?? [json]) : [];
  const map = new Map<string, unknown>();
  for (const r of list) if (typeof r === 'object' && r !== null) map.set(String((r as { MATTHC?: unknown }).MATTHC ?? '').trim(), r);
  return map;
}

/** A refusal listing the file's problems (the first 50, and how many more). */
function tooManyProblems(problems: RecordProblem[]): NationalImportRefusal {
  const lines = problems.slice(0, 50).map(describeProblem);
  if (problems.length > 50) lines.push(`… và ${problems.length - 50} lỗi khác.`);
  return { ...refuse('invalid', `Tệp có ${problems.length} lỗi; chưa nhập dữ liệu nào.`), problems: lines };
}

export type NationalImportService = ReturnType<typeof nationalImportService>;
