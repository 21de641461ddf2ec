/** What another feature needs to add an endpoint to the integration API (/api/v1): shared by api.routes.ts and the feature's routes. */
import type { Refusal } from '../../platform/refusal/refusal.js';
import type { ApiClient } from './api.service.js';

/**
 * An endpoint another feature adds to /api/v1 (the composition root passes it): a JSON body
 * parsed up to `bodyLimit` bytes, the caller's key, and an answer or a refusal; logged like
 * every call.
 */
export interface ApiEndpoint {
  method: 'post';
  path: string;
  bodyLimit: number;
  handle(client: ApiClient, body: unknown): Promise<{ status: number; body: unknown; items?: number } | Refusal>;
}
