import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { DAY_KINDS } from '../../domain/calendar.js';
import { PROCESSING_UNITS } from '../../domain/deadline.js';
import { ROLES, ROLE_LABELS } from '../../domain/roles.js';
import { isLocalDate } from '../../domain/time.js';
import { notFound } from '../../web/errors.js';
import { paths } from '../../web/paths.js';
import { requireRole, SESSION_COOKIE } from '../../web/session.js';
import { sessionIdOf } from '../auth/auth.service.js';
import type { AdminProcedure, AdminUser, HolidayRecord } from './admin.repo.js';
import { adminPaths, adminRoutePatterns as P } from './admin.paths.js';
import {
  AGENCY_KINDS,
  AGENCY_KIND_LABELS,
  BLANK_DOCUMENT_ROWS,
  DAY_KIND_LABELS,
  MIN_PASSWORD_LENGTH,
  PROCESSING_UNIT_LABELS,
  parseAgency,
  parseHoliday,
  parseNewUser,
  parsePasswordReset,
  parseProcedure,
  parseUserUpdate,
  str,
  type FieldErrors,
  type FormValues,
} from './admin.schema.js';
import { adminService, type CalendarChange, type ProcedureFilter } from './admin.service.js';
import { ENGLISH_HEADER, IMPORT_COLUMNS, VIETNAMESE_HEADER } from './procedure-import.js';

/** The largest import form accepted, URL-encoded (the route's own parser takes 2 MB). */
const IMPORT_MAX_ENCODED_BYTES = 2 * 1024 * 1024 - 4096;

/**
 * A larger body parser for the CSV import only, mounted in app.ts before the shared
 * urlencoded parser (body-parser marks the body as read, so the shared one then skips it).
 */
export function procedureImportBodyParser(): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 20 });
  return (req, res, next) => {
    // Tells the import page (GET and POST) how much it may now take.
    res.locals.importMaxEncodedBytes = IMPORT_MAX_ENCODED_BYTES;
    parse(req, res, next);
  };
}

/** Confirmation banners after a redirect: a fixed set, chosen by a short key in the query. */
const NOTICES: Record<string, string> = {
  'tao-tai-khoan': 'Đã tạo tài khoản. Cán bộ có thể đăng nhập bằng mật khẩu ban đầu.',
  'luu-tai-khoan': 'Đã lưu thông tin tài khoản.',
  'vo-hieu-hoa': 'Đã vô hiệu hóa tài khoản; mọi phiên đăng nhập của cán bộ này đã kết thúc.',
  'kich-hoat': 'Đã kích hoạt lại tài khoản.',
  'mat-khau': 'Đã đặt lại mật khẩu; cán bộ phải đăng nhập lại bằng mật khẩu mới.',
  'tao-co-quan': 'Đã thêm cơ quan, đơn vị.',
  'luu-co-quan': 'Đã lưu thông tin cơ quan, đơn vị.',
  'tao-thu-tuc': 'Đã thêm thủ tục vào danh mục.',
  'luu-thu-tuc': 'Đã lưu thủ tục.',
};

function notice(req: Request): string | null {
  const key = typeof req.query.ok === 'string' ? req.query.ok : '';
  return NOTICES[key] ?? null;
}

function withNotice(url: string, key: keyof typeof NOTICES & string): string {
  return `${url}${url.includes('?') ? '&' : '?'}ok=${encodeURIComponent(key)}`;
}

function idParam(req: Request): number {
  const raw = String(req.params.id ?? '');
  if (!/^\d{1,9}$/.test(raw)) throw notFound();
  return Number(raw);
}

function dateParam(req: Request): string {
  const raw = String(req.params.date ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || !isLocalDate(raw)) throw notFound();
  return raw;
}

function userValues(u: AdminUser): FormValues {
  return { full_name: u.fullName, role: u.role, agency_id: String(u.agencyId), email: u.email ?? '' };
}

function procedureValues(p: AdminProcedure | null): FormValues {
  const docs = p?.documents ?? [];
  const values: FormValues = p
    ? {
        code: p.code,
        name: p.name,
        field: p.field,
        processing_unit: p.processingUnit,
        processing_amount: p.processingUnit === 'same_day' ? '' : String(p.processingAmount),
        processing_note: p.processingNote,
        fee_vnd: p.feeVnd === null ? '' : String(p.feeVnd),
        fee_note: p.feeNote,
        result: p.result,
        apology_extension_days: String(p.apologyExtensionDays),
        lead_agency_id: p.leadAgencyId === null ? '' : String(p.leadAgencyId),
        active: p.active ? 'on' : '',
        agency_ids: p.agencyIds.join(','),
      }
    : { processing_unit: 'working_days', apology_extension_days: '5', active: 'on', agency_ids: '' };
  docs.forEach((d, i) => {
    values[`doc_${i}_name`] = d.name;
    values[`doc_${i}_originals`] = String(d.originals);
    values[`doc_${i}_certified`] = String(d.certifiedCopies);
    values[`doc_${i}_copies`] = String(d.copies);
    values[`doc_${i}_required`] = d.required ? 'on' : '';
  });
  for (let i = docs.length; i < docs.length + BLANK_DOCUMENT_ROWS; i++) values[`doc_${i}_required`] = 'on';
  values.doc_count = String(docs.length + BLANK_DOCUMENT_ROWS);
  return values;
}

function holidayValues(h: HolidayRecord): FormValues {
  return { date: h.date, kind: h.kind, name: h.name, provisional: h.provisional ? 'on' : '' };
}

/** Administration (admin role): staff accounts, agencies, procedure catalogue, holiday calendar. */
export function adminRoutes(deps: Deps): Router {
  const router = Router();
  const admin = adminService(deps);
  const adminOnly = requireRole('admin');

  // Everything under /quan-tri is for administrators, whatever the route; never cached.
  router.use(paths.admin.home, adminOnly, (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    res.locals.adminPaths = adminPaths;
    res.locals.notice = null;
    next();
  });

  router.get(paths.admin.home, adminOnly, (_req, res) => {
    res.render('admin/index', { title: 'Quản trị hệ thống' });
  });

  // ------------------------------------------------------------ staff accounts

  const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

  router.get(paths.admin.users, adminOnly, async (req, res) => {
    res.render('admin/users/list', { title: 'Tài khoản cán bộ', users: await admin.listUsers(), notice: notice(req) });
  });

  async function renderNewUser(res: Response, values: FormValues, errors: FieldErrors, status = 200) {
    res.status(status).render('admin/users/new', {
      title: 'Thêm tài khoản cán bộ',
      values,
      errors,
      roles: roleOptions,
      agencies: await admin.listAgencies(),
      minPassword: MIN_PASSWORD_LENGTH,
    });
  }

  router.get(adminPaths.newUser, adminOnly, async (_req, res) => {
    await renderNewUser(res, { role: 'clerk' }, {});
  });

  router.post(adminPaths.newUser, adminOnly, async (req, res) => {
    const parsed = parseNewUser(req.body);
    if (!parsed.ok) return renderNewUser(res, parsed.values, parsed.errors, 400);
    const result = await admin.createUser(req.staff!, parsed.value);
    if (!result.ok) return renderNewUser(res, parsed.values, result.errors, 400);
    res.redirect(303, withNotice(paths.admin.users, 'tao-tai-khoan'));
  });

  async function loadUser(req: Request): Promise<AdminUser> {
    const user = await admin.findUser(idParam(req));
    if (!user) throw notFound('Không tìm thấy tài khoản này.');
    return user;
  }

  async function renderUser(req: Request, res: Response, user: AdminUser, values: FormValues, errors: FieldErrors, status = 200) {
    res.status(status).render('admin/users/edit', {
      title: `Tài khoản ${user.username}`,
      user,
      values,
      errors,
      roles: roleOptions,
      agencies: await admin.listAgencies(),
      isSelf: user.id === req.staff!.id,
      minPassword: MIN_PASSWORD_LENGTH,
      notice: notice(req),
    });
  }

  router.get(P.user, adminOnly, async (req, res) => {
    const user = await loadUser(req);
    await renderUser(req, res, user, userValues(user), {});
  });

  router.post(P.user, adminOnly, async (req, res) => {
    const user = await loadUser(req);
    const parsed = parseUserUpdate(req.body);
    if (!parsed.ok) return renderUser(req, res, user, parsed.values, parsed.errors, 400);
    const result = await admin.updateUser(req.staff!, user.id, parsed.value);
    if (!result) throw notFound('Không tìm thấy tài khoản này.');
    if (!result.ok) return renderUser(req, res, user, parsed.values, result.errors, 400);
    res.redirect(303, withNotice(paths.admin.user(user.id), 'luu-tai-khoan'));
  });

  for (const [pattern, active] of [
    [P.userDeactivate, false],
    [P.userReactivate, true],
  ] as const) {
    router.post(pattern, adminOnly, async (req, res) => {
      const user = await loadUser(req);
      const result = await admin.setUserActive(req.staff!, user.id, active);
      if (!result) throw notFound('Không tìm thấy tài khoản này.');
      if (!result.ok) return renderUser(req, res, user, userValues(user), result.errors, 400);
      res.redirect(303, withNotice(paths.admin.user(user.id), active ? 'kich-hoat' : 'vo-hieu-hoa'));
    });
  }

  router.post(P.userPassword, adminOnly, async (req, res) => {
    const user = await loadUser(req);
    const parsed = parsePasswordReset(req.body);
    if (!parsed.ok) return renderUser(req, res, user, userValues(user), parsed.errors, 400);
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    const current = typeof token === 'string' && token ? sessionIdOf(token) : null;
    const result = await admin.resetPassword(req.staff!, user.id, parsed.value.password, current);
    if (!result) throw notFound('Không tìm thấy tài khoản này.');
    res.redirect(303, withNotice(paths.admin.user(user.id), 'mat-khau'));
  });

  // ------------------------------------------------------------ agencies

  const kindOptions = AGENCY_KINDS.map((k) => ({ value: k, label: AGENCY_KIND_LABELS[k] }));

  router.get(paths.admin.agencies, adminOnly, async (req, res) => {
    res.render('admin/agencies/list', { title: 'Cơ quan, đơn vị', agencies: await admin.listAgencies(), kindLabels: AGENCY_KIND_LABELS, notice: notice(req) });
  });

  function renderAgency(res: Response, agencyId: number | null, values: FormValues, errors: FieldErrors, notice: string | null, status = 200) {
    res.status(status).render('admin/agencies/form', {
      title: agencyId === null ? 'Thêm cơ quan, đơn vị' : `Sửa cơ quan: ${values.name ?? ''}`,
      agencyId,
      action: agencyId === null ? adminPaths.newAgency : paths.admin.agency(agencyId),
      values,
      errors,
      kinds: kindOptions,
      notice,
    });
  }

  router.get(adminPaths.newAgency, adminOnly, (_req, res) => {
    renderAgency(res, null, { kind: 'commune', active: 'on' }, {}, null);
  });

  router.post(adminPaths.newAgency, adminOnly, async (req, res) => {
    const parsed = parseAgency(req.body);
    if (!parsed.ok) return renderAgency(res, null, parsed.values, parsed.errors, null, 400);
    const result = await admin.createAgency(req.staff!, parsed.value);
    if (!result.ok) return renderAgency(res, null, parsed.values, result.errors, null, 400);
    res.redirect(303, withNotice(paths.admin.agencies, 'tao-co-quan'));
  });

  router.get(P.agency, adminOnly, async (req, res) => {
    const agency = await admin.findAgency(idParam(req));
    if (!agency) throw notFound('Không tìm thấy cơ quan này.');
    const values: FormValues = {
      eid: agency.eid,
      name: agency.name,
      governing_body: agency.governingBody,
      place_name: agency.placeName,
      kind: agency.kind,
      address: agency.address,
      hotline: agency.hotline,
      active: agency.active ? 'on' : '',
    };
    renderAgency(res, agency.id, values, {}, notice(req));
  });

  router.post(P.agency, adminOnly, async (req, res) => {
    const id = idParam(req);
    const parsed = parseAgency(req.body);
    if (!parsed.ok) {
      if (!(await admin.findAgency(id))) throw notFound('Không tìm thấy cơ quan này.');
      return renderAgency(res, id, parsed.values, parsed.errors, null, 400);
    }
    const result = await admin.updateAgency(req.staff!, id, parsed.value);
    if (!result) throw notFound('Không tìm thấy cơ quan này.');
    if (!result.ok) return renderAgency(res, id, parsed.values, result.errors, null, 400);
    res.redirect(303, withNotice(paths.admin.agency(id), 'luu-co-quan'));
  });

  // ------------------------------------------------------------ procedures

  router.get(paths.admin.procedures, adminOnly, async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.normalize('NFC').trim().slice(0, 200) : '';
    const field = typeof req.query.field === 'string' ? req.query.field.normalize('NFC').slice(0, 200) : '';
    const status: ProcedureFilter['status'] = req.query.status === 'active' || req.query.status === 'inactive' ? req.query.status : 'all';
    const list = await admin.listProcedures({ q, field, status });
    res.render('admin/procedures/list', { title: 'Danh mục thủ tục hành chính', ...list, filter: { q, field, status }, unitLabels: PROCESSING_UNIT_LABELS, notice: notice(req) });
  });

  async function renderProcedure(res: Response, procedureId: number | null, values: FormValues, errors: FieldErrors, notice: string | null, status = 200) {
    res.status(status).render('admin/procedures/form', {
      title: procedureId === null ? 'Thêm thủ tục' : `Sửa thủ tục ${values.code ?? ''}`,
      procedureId,
      action: procedureId === null ? adminPaths.newProcedure : paths.admin.procedure(procedureId),
      values,
      errors,
      agencies: await admin.listAgencies(),
      units: PROCESSING_UNITS.map((u) => ({ value: u, label: PROCESSING_UNIT_LABELS[u] })),
      notice,
    });
  }

  router.get(adminPaths.newProcedure, adminOnly, async (_req, res) => {
    await renderProcedure(res, null, procedureValues(null), {}, null);
  });

  router.post(adminPaths.newProcedure, adminOnly, async (req, res) => {
    const parsed = parseProcedure(req.body);
    if (!parsed.ok) return renderProcedure(res, null, parsed.values, parsed.errors, null, 400);
    const result = await admin.saveProcedure(req.staff!, null, parsed.value);
    if (!result) throw notFound();
    if (!result.ok) return renderProcedure(res, null, parsed.values, result.errors, null, 400);
    res.redirect(303, withNotice(paths.admin.procedure(result.value), 'tao-thu-tuc'));
  });

  // The import page comes before /:id so that "nhap-csv" is never taken for an id.
  function renderImport(res: Response, locals: Record<string, unknown>, status = 200) {
    res.status(status).render('admin/procedures/import', {
      title: 'Nhập danh mục thủ tục từ tệp CSV',
      columns: IMPORT_COLUMNS,
      englishHeader: ENGLISH_HEADER,
      vietnameseHeader: VIETNAMESE_HEADER,
      csv: '',
      problems: null,
      preview: null,
      done: null,
      maxEncodedBytes: typeof res.locals.importMaxEncodedBytes === 'number' ? res.locals.importMaxEncodedBytes : IMPORT_MAX_ENCODED_BYTES,
      ...locals,
    });
  }

  router.get(paths.admin.procedureImport, adminOnly, (_req, res) => {
    renderImport(res, {});
  });


  router.post(paths.admin.procedureImport, adminOnly, async (req, res) => {
    const csv = str(req.body, 'csv');
    const commit = str(req.body, 'action') !== 'preview';
    const result = await admin.importProcedures(req.staff!, csv, commit);
    if (!result.ok) return renderImport(res, { csv, problems: result.problems }, 400);
    if (!commit) return renderImport(res, { csv, preview: result });
    renderImport(res, { done: result });
  });

  router.get(P.procedure, adminOnly, async (req, res) => {
    const procedure = await admin.findProcedure(idParam(req));
    if (!procedure) throw notFound('Không tìm thấy thủ tục này.');
    await renderProcedure(res, procedure.id, procedureValues(procedure), {}, notice(req));
  });

  router.post(P.procedure, adminOnly, async (req, res) => {
    const id = idParam(req);
    if (!(await admin.findProcedure(id))) throw notFound('Không tìm thấy thủ tục này.');
    const parsed = parseProcedure(req.body);
    if (!parsed.ok) return renderProcedure(res, id, parsed.values, parsed.errors, null, 400);
    const result = await admin.saveProcedure(req.staff!, id, parsed.value);
    if (!result) throw notFound('Không tìm thấy thủ tục này.');
    if (!result.ok) return renderProcedure(res, id, parsed.values, result.errors, null, 400);
    res.redirect(303, withNotice(paths.admin.procedure(id), 'luu-thu-tuc'));
  });

  // ------------------------------------------------------------ holiday calendar

  const dayKindOptions = DAY_KINDS.map((k) => ({ value: k, label: DAY_KIND_LABELS[k] }));

  router.get(paths.admin.holidays, adminOnly, async (req, res) => {
    const raw = typeof req.query.nam === 'string' ? req.query.nam : '';
    const year = /^\d{4}$/.test(raw) && Number(raw) >= 2000 && Number(raw) <= 2100 ? Number(raw) : admin.currentYear();
    const { holidays, years } = await admin.listHolidays(year);
    res.render('admin/holidays/list', { title: `Lịch nghỉ lễ, làm bù năm ${year}`, year, years, holidays, kindLabels: DAY_KIND_LABELS });
  });

  function renderHoliday(res: Response, existing: HolidayRecord | null, values: FormValues, errors: FieldErrors, status = 200) {
    res.status(status).render('admin/holidays/form', {
      title: existing ? `Sửa ngày ${existing.date}` : 'Thêm ngày vào lịch nghỉ lễ, làm bù',
      existing,
      action: existing ? paths.admin.holiday(existing.date) : adminPaths.newHoliday,
      values,
      errors,
      kinds: dayKindOptions,
    });
  }

  function renderChange(res: Response, change: CalendarChange) {
    res.render('admin/holidays/changed', { title: 'Đã cập nhật lịch nghỉ lễ', change });
  }

  router.get(adminPaths.newHoliday, adminOnly, (_req, res) => {
    renderHoliday(res, null, { kind: 'holiday' }, {});
  });

  router.post(adminPaths.newHoliday, adminOnly, async (req, res) => {
    const parsed = parseHoliday(req.body);
    if (!parsed.ok) return renderHoliday(res, null, parsed.values, parsed.errors, 400);
    const result = await admin.addHoliday(req.staff!, parsed.value, req.ip ?? null);
    if (!result.ok) return renderHoliday(res, null, parsed.values, result.errors, 400);
    renderChange(res, result.value);
  });

  async function loadHoliday(req: Request): Promise<HolidayRecord> {
    const h = await admin.findHoliday(dateParam(req));
    if (!h) throw notFound('Ngày này không có trong lịch nghỉ lễ, làm bù.');
    return h;
  }

  router.get(P.holiday, adminOnly, async (req, res) => {
    const h = await loadHoliday(req);
    renderHoliday(res, h, holidayValues(h), {});
  });

  router.post(P.holiday, adminOnly, async (req, res) => {
    const h = await loadHoliday(req);
    const parsed = parseHoliday(req.body, h.date);
    if (!parsed.ok) return renderHoliday(res, h, parsed.values, parsed.errors, 400);
    const change = await admin.updateHoliday(req.staff!, parsed.value, req.ip ?? null);
    if (!change) throw notFound('Ngày này không có trong lịch nghỉ lễ, làm bù.');
    renderChange(res, change);
  });

  router.post(P.holidayDelete, adminOnly, async (req, res) => {
    const change = await admin.deleteHoliday(req.staff!, dateParam(req), req.ip ?? null);
    if (!change) throw notFound('Ngày này không có trong lịch nghỉ lễ, làm bù.');
    renderChange(res, change);
  });

  router.post(P.holidayConfirm, adminOnly, async (req, res) => {
    const change = await admin.confirmHoliday(req.staff!, dateParam(req), req.ip ?? null);
    if (!change) throw notFound('Ngày này không có trong lịch nghỉ lễ, làm bù.');
    renderChange(res, change);
  });

  return router;
}
