import { Router } from 'express';
import type { Deps } from '../../deps.js';

/** Citizen satisfaction ratings (status page) and the supervisors' follow-up page. */
export function ratingsRoutes(_deps: Deps): Router {
  return Router();
}
