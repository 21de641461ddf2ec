import { Router } from 'express';
import type { Services } from '../../services.js';

/**
 * POST /zalo/webhook (mounted before the form parser and CSRF: Zalo signs the raw body).
 * SKELETON written by the lead: the Zalo helper builds it.
 */
export function zaloRoutes(_svc: Services): Router {
  return Router();
}
