import { Router } from 'express';
import type { Services } from '../../services.js';

/** The public petition pages and the staff pages. SKELETON written by the lead: the petitions helper builds it. */
export function petitionsRoutes(_svc: Services): Router {
  return Router();
}
