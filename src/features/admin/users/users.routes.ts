/** Administration of staff accounts (the admin-only guard is the admin router's). */
import { Router, type Request, type Response } from 'express';
import { ROLES, ROLE_LABELS } from '../../../domain/roles.js';
import type { Services } from '../../../services.js';
import { notFound } from '../../../web/errors.js';
import { refusalError, statusOf } from '../../../web/refusal.js';
import { parseId, type FieldErrors, type FormValues } from '../../../web/form.js';
import { paths } from '../../../web/paths.js';
import { SESSION_COOKIE } from '../../../web/session.js';
import { sessionIdOf } from '../../auth/auth.service.js';
import { noticeFor, withNotice } from '../common.js';
import { USER_NOT_FOUND as NOT_FOUND, type AdminUser } from './users.service.js';
import { MIN_PASSWORD_LENGTH, parseNewUser, parsePasswordReset, parseUserUpdate } from './users.schema.js';

function userValues(u: AdminUser): FormValues {
  return { full_name: u.fullName, role: u.role, agency_id: String(u.agencyId), email: u.email ?? '', phone: u.phone ?? '', job_title: u.jobTitle };
}

export function adminUsersRoutes(svc: Services): Router {
  const router = Router();
  const users = svc.admin.users;
  const agencies = svc.admin.agencies;
  const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

  router.get(paths.admin.users, async (req, res) => {
    res.render('admin/users/list', { title: 'Tài khoản cán bộ', users: await users.list(), notice: noticeFor(req.query.ok) });
  });

  async function renderNewUser(res: Response, values: FormValues, errors: FieldErrors, status = 200) {
    res.status(status).render('admin/users/new', {
      title: 'Thêm tài khoản cán bộ',
      values,
      errors,
      roles: roleOptions,
      agencies: await agencies.list(),
      minPassword: MIN_PASSWORD_LENGTH,
    });
  }

  router.get(paths.admin.newUser, async (_req, res) => {
    await renderNewUser(res, { role: 'clerk' }, {});
  });

  router.post(paths.admin.newUser, async (req, res) => {
    const parsed = parseNewUser(req.body);
    if (!parsed.ok) return renderNewUser(res, parsed.values, parsed.errors, 400);
    const result = await users.create(req.staff!, parsed.value);
    if (!result.ok) return renderNewUser(res, parsed.values, result.errors, statusOf(result));
    res.redirect(303, withNotice(paths.admin.users, 'tao-tai-khoan'));
  });

  async function loadUser(req: Request): Promise<AdminUser> {
    const id = parseId(req.params.id);
    const user = id === null ? undefined : await users.find(id);
    if (!user) throw notFound(NOT_FOUND);
    return user;
  }

  async function renderUser(req: Request, res: Response, user: AdminUser, values: FormValues, errors: FieldErrors, status = 200) {
    res.status(status).render('admin/users/edit', {
      title: `Tài khoản ${user.username}`,
      user,
      values,
      errors,
      roles: roleOptions,
      agencies: await agencies.list(),
      isSelf: user.id === req.staff!.id,
      minPassword: MIN_PASSWORD_LENGTH,
      notice: noticeFor(req.query.ok),
    });
  }

  router.get(paths.admin.user.pattern, async (req, res) => {
    const user = await loadUser(req);
    await renderUser(req, res, user, userValues(user), {});
  });

  router.post(paths.admin.user.pattern, async (req, res) => {
    const user = await loadUser(req);
    const parsed = parseUserUpdate(req.body);
    if (!parsed.ok) return renderUser(req, res, user, parsed.values, parsed.errors, 400);
    const result = await users.update(req.staff!, user.id, parsed.value);
    if (!result.ok && result.reason === 'not_found') throw refusalError(result);
    if (!result.ok) return renderUser(req, res, user, parsed.values, result.errors, statusOf(result));
    res.redirect(303, withNotice(paths.admin.user(user.id), 'luu-tai-khoan'));
  });

  for (const [route, active] of [
    [paths.admin.userDeactivate, false],
    [paths.admin.userReactivate, true],
  ] as const) {
    router.post(route.pattern, async (req, res) => {
      const user = await loadUser(req);
      const result = await users.setActive(req.staff!, user.id, active);
      if (!result.ok && result.reason === 'not_found') throw refusalError(result);
      if (!result.ok) return renderUser(req, res, user, userValues(user), result.errors, statusOf(result));
      res.redirect(303, withNotice(paths.admin.user(user.id), active ? 'kich-hoat' : 'vo-hieu-hoa'));
    });
  }

  router.post(paths.admin.userPassword.pattern, async (req, res) => {
    const user = await loadUser(req);
    const parsed = parsePasswordReset(req.body);
    if (!parsed.ok) return renderUser(req, res, user, userValues(user), parsed.errors, 400);
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    const current = typeof token === 'string' && token ? sessionIdOf(token) : null;
    const result = await users.resetPassword(req.staff!, user.id, parsed.value.password, current);
    if (!result.ok) throw refusalError(result);
    res.redirect(303, withNotice(paths.admin.user(user.id), 'mat-khau'));
  });

  return router;
}
