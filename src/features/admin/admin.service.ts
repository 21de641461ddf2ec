/**
 * Administration use cases: staff accounts, agencies, the procedure catalogue (with its
 * CSV import) and the holiday calendar. Multi-row writes run in one transaction; a
 * holiday change is followed by a recomputation of open dossiers' appointments.
 */
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import { foldForSearch } from '../../domain/text.js';
import { localParts } from '../../domain/time.js';
import { hashPassword } from '../auth/password.js';
import { calendarService, invalidateDisplayCalendar } from '../calendar/calendar.service.js';
import { recomputeOpenDossiers, type RecomputeResult } from '../dossiers/recompute.js';
import { adminRepo, isUniqueViolation, type AdminProcedureSummary, type HolidayRecord, type ProcedureRow, type StoredDocument } from './admin.repo.js';
import type { AgencyInput, DocumentInput, FieldErrors, HolidayInput, NewUserInput, ProcedureInput, UserUpdateInput } from './admin.schema.js';
import { parseProcedureCsv, type ImportProblem, type ImportRow } from './procedure-import.js';

export type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = (errors: FieldErrors): Outcome<never> => ({ ok: false, errors });

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

export interface CalendarChange {
  /** What was done, for the confirmation page. */
  summary: string;
  year: number;
  recompute: RecomputeResult | null;
  /** Set when the holiday was saved but appointments could not be recomputed. */
  recomputeError: boolean;
}

const HOLIDAY_REASON = 'Cập nhật lịch nghỉ lễ';

export function adminService(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>) {
  const { db, clock, logger } = deps;
  const repo = adminRepo(db);
  const calendar = calendarService(deps);

  const audit = (actor: StaffUser, action: string, target: Record<string, unknown>) =>
    logger.info({ actorId: actor.id, actor: actor.username, action, ...target }, 'admin action');

  async function agencyExists(id: number): Promise<boolean> {
    return Boolean(await repo.findAgency(id));
  }

  /** Agency checks shared by the procedure form: the lead agency and the receiving ones exist. */
  async function procedureAgencyErrors(input: ProcedureInput): Promise<FieldErrors> {
    const errors: FieldErrors = {};
    const known = new Set((await repo.listAgencies()).map((a) => a.id));
    if (input.leadAgencyId !== null && !known.has(input.leadAgencyId)) errors.lead_agency_id = 'Cơ quan chủ trì không tồn tại';
    if (input.agencyIds.some((id) => !known.has(id))) errors.agency_ids = 'Có cơ quan tiếp nhận không tồn tại; tải lại trang và chọn lại';
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
      active: input.active,
    };
  }

  async function afterCalendarChange(actor: StaffUser, ip: string | null): Promise<{ recompute: RecomputeResult | null; recomputeError: boolean }> {
    invalidateDisplayCalendar(db);
    try {
      const cal = await calendar.current();
      const recompute = await recomputeOpenDossiers(db, cal, calendar.rules(), { actorId: actor.id, reason: HOLIDAY_REASON, now: clock.now(), ip });
      return { recompute, recomputeError: false };
    } catch (err) {
      logger.error({ err }, 'recomputing appointments after a calendar change failed');
      return { recompute: null, recomputeError: true };
    }
  }

  const yearOf = (date: string) => Number(date.slice(0, 4));

  return {
    currentYear: () => localParts(clock.now()).year,

    // ------------------------------------------------------------ staff accounts

    listUsers: () => repo.listUsers(),
    findUser: (id: number) => repo.findUser(id),
    listAgencies: () => repo.listAgencies(),

    async createUser(actor: StaffUser, input: NewUserInput): Promise<Outcome<number>> {
      const taken = `Tên đăng nhập "${input.username}" đã được dùng cho một tài khoản khác. Chọn tên khác.`;
      if (!(await agencyExists(input.agencyId))) return fail({ agency_id: 'Chọn cơ quan, đơn vị' });
      if (await repo.usernameExists(input.username)) return fail({ username: taken });
      const passwordHash = await hashPassword(input.password);
      try {
        const id = await repo.insertUser({
          username: input.username,
          full_name: input.fullName,
          role: input.role,
          agency_id: input.agencyId,
          email: input.email,
          password_hash: passwordHash,
          created_at: clock.now(),
        });
        audit(actor, 'user.create', { userId: id, username: input.username, role: input.role });
        return ok(id);
      } catch (err) {
        if (isUniqueViolation(err)) return fail({ username: taken });
        throw err;
      }
    },

    /** Undefined when there is no such user. */
    async updateUser(actor: StaffUser, id: number, input: UserUpdateInput): Promise<Outcome | undefined> {
      const user = await repo.findUser(id);
      if (!user) return undefined;
      if (actor.id === id && input.role !== user.role) {
        return fail({ role: 'Bạn không thể tự thay đổi vai trò của chính mình; hãy nhờ một quản trị viên khác' });
      }
      if (!(await agencyExists(input.agencyId))) return fail({ agency_id: 'Chọn cơ quan, đơn vị' });
      await repo.updateUser(id, { full_name: input.fullName, role: input.role, agency_id: input.agencyId, email: input.email });
      audit(actor, 'user.update', { userId: id, role: input.role, agencyId: input.agencyId });
      return ok(undefined);
    },

    /** Deactivation also deletes every session of the user: they are signed out at once. */
    async setUserActive(actor: StaffUser, id: number, active: boolean): Promise<Outcome | undefined> {
      const user = await repo.findUser(id);
      if (!user) return undefined;
      if (!active && actor.id === id) return fail({ status: 'Bạn không thể tự vô hiệu hóa tài khoản của chính mình' });
      await repo.transaction(async (trx) => {
        await repo.setUserActive(trx, id, active);
        if (!active) await repo.deleteSessions(trx, id);
      });
      audit(actor, active ? 'user.reactivate' : 'user.deactivate', { userId: id });
      return ok(undefined);
    },

    /** New password; every session of the user ends (but the admin's own current one). */
    async resetPassword(actor: StaffUser, id: number, password: string, currentSessionId: string | null): Promise<Outcome | undefined> {
      const user = await repo.findUser(id);
      if (!user) return undefined;
      const hash = await hashPassword(password);
      await repo.transaction(async (trx) => {
        await repo.setPasswordHash(trx, id, hash);
        await repo.deleteSessions(trx, id, actor.id === id && currentSessionId ? currentSessionId : undefined);
      });
      audit(actor, 'user.reset_password', { userId: id });
      return ok(undefined);
    },

    // ------------------------------------------------------------ agencies

    findAgency: (id: number) => repo.findAgency(id),

    async createAgency(actor: StaffUser, input: AgencyInput): Promise<Outcome<number>> {
      const taken = `Mã định danh ${input.eid} đã được dùng cho một cơ quan khác`;
      if (await repo.agencyIdByEid(input.eid)) return fail({ eid: taken });
      try {
        const id = await repo.insertAgency(input);
        audit(actor, 'agency.create', { agencyId: id, eid: input.eid });
        return ok(id);
      } catch (err) {
        if (isUniqueViolation(err)) return fail({ eid: taken });
        throw err;
      }
    },

    async updateAgency(actor: StaffUser, id: number, input: AgencyInput): Promise<Outcome | undefined> {
      if (!(await repo.findAgency(id))) return undefined;
      const taken = `Mã định danh ${input.eid} đã được dùng cho một cơ quan khác`;
      const other = await repo.agencyIdByEid(input.eid);
      if (other !== undefined && other !== id) return fail({ eid: taken });
      try {
        await repo.updateAgency(id, input);
      } catch (err) {
        if (isUniqueViolation(err)) return fail({ eid: taken });
        throw err;
      }
      audit(actor, 'agency.update', { agencyId: id, eid: input.eid });
      return ok(undefined);
    },

    // ------------------------------------------------------------ procedures

    async listProcedures(filter: ProcedureFilter): Promise<{ procedures: AdminProcedureSummary[]; fields: string[]; total: number }> {
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

    findProcedure: (id: number) => repo.findProcedure(id),

    async saveProcedure(actor: StaffUser, id: number | null, input: ProcedureInput): Promise<Outcome<number> | undefined> {
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
    async importProcedures(actor: StaffUser, csv: string, commit: boolean): Promise<ImportOutcome> {
      const agencies = await repo.listAgencies();
      const idByEid = new Map(agencies.map((a) => [a.eid, a.id]));
      const parsed = parseProcedureCsv(csv, new Set(idByEid.keys()));
      if (!parsed.ok) return parsed;
      const rows = parsed.rows;

      if (!commit) {
        const existing = await repo.procedureIdsByCode(db, rows.map((r) => r.code));
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

    // ------------------------------------------------------------ holidays

    async listHolidays(year: number): Promise<{ holidays: HolidayRecord[]; years: number[] }> {
      const all = await repo.listHolidays();
      const current = localParts(clock.now()).year;
      const years = [...new Set([...all.map((h) => yearOf(h.date)), current, current + 1, year])].sort((a, b) => a - b);
      return { holidays: all.filter((h) => yearOf(h.date) === year), years };
    },

    findHoliday: (date: string) => repo.findHoliday(date),

    async addHoliday(actor: StaffUser, input: HolidayInput, ip: string | null): Promise<Outcome<CalendarChange>> {
      const existing = await repo.findHoliday(input.date);
      const taken = (name: string) => `Ngày này đã có trong lịch (${name}); hãy sửa ngày đó thay vì thêm mới`;
      if (existing) return fail({ date: taken(existing.name) });
      try {
        await repo.insertHoliday(input);
      } catch (err) {
        if (isUniqueViolation(err)) return fail({ date: taken('vừa được thêm') });
        throw err;
      }
      audit(actor, 'holiday.add', { date: input.date, kind: input.kind });
      return ok({ summary: `Đã thêm ngày ${input.date} (${input.name}) vào lịch.`, year: yearOf(input.date), ...(await afterCalendarChange(actor, ip)) });
    },

    async updateHoliday(actor: StaffUser, input: HolidayInput, ip: string | null): Promise<CalendarChange | undefined> {
      if ((await repo.updateHoliday(input)) === 0) return undefined;
      audit(actor, 'holiday.update', { date: input.date, kind: input.kind });
      return { summary: `Đã cập nhật ngày ${input.date} (${input.name}).`, year: yearOf(input.date), ...(await afterCalendarChange(actor, ip)) };
    },

    async deleteHoliday(actor: StaffUser, date: string, ip: string | null): Promise<CalendarChange | undefined> {
      const h = await repo.findHoliday(date);
      if (!h || (await repo.deleteHoliday(date)) === 0) return undefined;
      audit(actor, 'holiday.delete', { date });
      return { summary: `Đã xóa ngày ${date} (${h.name}) khỏi lịch.`, year: yearOf(date), ...(await afterCalendarChange(actor, ip)) };
    },

    async confirmHoliday(actor: StaffUser, date: string, ip: string | null): Promise<CalendarChange | undefined> {
      const h = await repo.findHoliday(date);
      if (!h || (await repo.confirmHoliday(date)) === 0) return undefined;
      audit(actor, 'holiday.confirm', { date });
      return { summary: `Đã xác nhận ngày ${date} (${h.name}) là lịch chính thức.`, year: yearOf(date), ...(await afterCalendarChange(actor, ip)) };
    },
  };
}

export type AdminService = ReturnType<typeof adminService>;
