import { Router } from 'express';
import type { Services } from '../../services.js';

/** The public petition pages: the form, the acknowledgement, the status page, the published answers. SKELETON written by the lead: the petitions-intake helper builds it. */
export function petitionsRoutes(_svc: Services): Router {
  return Router();
}
