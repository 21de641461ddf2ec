import { Router } from 'express';
import type { Deps } from '../../deps.js';

/** Administration (admin role): staff accounts, agencies, procedure catalogue, holiday calendar. */
export function adminRoutes(_deps: Deps): Router {
  const router = Router();
  return router;
}
