import { Router } from 'express';
import type { Services } from '../../services.js';

/** The staff pages of petitions (list, one petition, its actions). SKELETON written by the lead: the petitions-workflow helper builds it. */
export function petitionStaffRoutes(_svc: Services): Router {
  return Router();
}
