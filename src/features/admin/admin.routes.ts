/**
 * Administration (admin role): the guard of everything under /quan-tri and the home page.
 * The four sub-features (staff accounts, agencies, the procedure catalogue, the holiday
 * calendar) each have their own routes, service, repo and schema; src/app.ts mounts their
 * routers right after this one (a route file imports no other route file).
 */
import { Router } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';

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
  return router;
}
