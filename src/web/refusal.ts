/**
 * A service's refusal over HTTP: the one place that maps a refusal's reason to a status
 * (docs/development/refusals.md). Routes either throw `refusalError(r)` (the error page, or
 * JSON for a JSON client) or set the status with `refusalStatus(res, r)` and render the form
 * again.
 */
import type { Response } from 'express';
import type { Refusal, RefusalReason } from '../platform/refusal/refusal.js';
import { ERROR_TITLES, HttpError } from './errors.js';

export const REFUSAL_STATUS: Readonly<Record<RefusalReason, number>> = {
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
  held: 422,
  unprocessable: 422,
  rate_limited: 429,
  unauthenticated: 401,
};

/** The HTTP status of a refusal. */
export function statusOf(refusal: Pick<Refusal, 'reason'>): number {
  return REFUSAL_STATUS[refusal.reason];
}

/** Sets the refusal's status on the response (and Retry-After when it says how long to wait); returns the response to render or send. */
export function refusalStatus(res: Response, refusal: Pick<Refusal, 'reason' | 'retryAfterMs'>): Response {
  if (refusal.retryAfterMs !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil(refusal.retryAfterMs / 1000))));
  return res.status(statusOf(refusal));
}

/** The refusal as an error to throw: the error page with its message (status from the reason). */
export function refusalError(refusal: Pick<Refusal, 'reason' | 'message'>, title?: string): HttpError {
  const status = statusOf(refusal);
  return new HttpError(status, refusal.message, title ?? ERROR_TITLES[status]);
}
