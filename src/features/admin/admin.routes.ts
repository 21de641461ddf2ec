/**
 * Administration (admin role): the home page and menu, then the four sub-features (staff
 * accounts, agencies, the procedure catalogue, the holiday calendar), each with its own
 * routes, service, repo and schema.
 */
import { Router } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { adminAgenciesRoutes } from './agencies/agencies.routes.js';
import { adminHolidaysRoutes } from './holidays/holidays.routes.js';
import { adminProceduresRoutes } from './procedures/procedures.routes.js';
import { adminUsersRoutes } from './users/users.routes.js';

export { procedureImportBodyParser } from './procedures/procedures.routes.js';

export function adminRoutes(svc: Services): Router {
  const router = Router();

  // Everything under /quan-tri is for administrators, whatever the route; never cached.
  router.use(paths.admin.home, requireRole('admin'), (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    res.locals.notice = null;
    next();
  });

  router.get(paths.admin.home, async (_req, res) => {
    // Repeated failed sign-ins of the last day, per account, with the addresses they came from.
    res.render('admin/index', { title: 'Quản trị hệ thống', failures: await svc.auth.recentFailures() });
  });

  router.use(adminUsersRoutes(svc));
  router.use(adminAgenciesRoutes(svc));
  router.use(adminProceduresRoutes(svc));
  router.use(adminHolidaysRoutes(svc));
  return router;
}
