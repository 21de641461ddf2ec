/** The site's root: each role's home page, or the citizen's front page for visitors. */
import { Router } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';

export function homeRoutes(_svc: Services): Router {
  const router = Router();
  router.get(paths.home, requireRole('clerk', 'officer', 'supervisor', 'admin'), (req, res) => {
    const role = req.staff!.role;
    res.redirect(role === 'clerk' ? paths.intake.start : role === 'officer' ? paths.queue : paths.dossiers.list);
  });
  return router;
}
