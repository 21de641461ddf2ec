/**
 * Composition root of the messaging platform (src/platform/messaging/): every feature's
 * message templates registered once, in the order the template page lists them, and the
 * platform's service built over that registry. A feature adds a message by declaring its
 * template in its own templates.ts and, for a new list, adding the list here.
 */
import type { Deps } from './deps.js';
import { NOTICE_TEMPLATES } from './features/notifications/templates.js';
import { PETITION_TEMPLATES } from './features/petitions/templates.js';
import { ONLINE_TEMPLATES } from './features/online/templates.js';
import { POST_TEMPLATES } from './features/post/templates.js';
import { QUESTION_TEMPLATES } from './features/questions/templates.js';
import { SURVEY_TEMPLATES } from './features/survey/templates.js';
import { ZALO_TEMPLATES } from './features/zalo/templates.js';
import type { ChannelSet } from './platform/messaging/dispatcher.js';
import { messagingService } from './platform/messaging/messaging.service.js';
import { templateRegistry } from './platform/messaging/templates.js';

/** The application's template registry. */
export const templates = templateRegistry(NOTICE_TEMPLATES, QUESTION_TEMPLATES, ZALO_TEMPLATES, PETITION_TEMPLATES, POST_TEMPLATES, SURVEY_TEMPLATES, ONLINE_TEMPLATES);

export type TemplateKey = (typeof templates.keys)[number];

/** The registry's views under their long-standing names (pages, tests). */
export const TEMPLATES = templates.byKey;
export const TEMPLATE_KEYS = templates.keys;
export const STAFF_TEMPLATE_KEYS = templates.staffKeys;
export const CITIZEN_TEMPLATE_KEYS = templates.citizenKeys;
export const SWITCHABLE_TEMPLATE_KEYS = templates.switchableKeys;
export const QUIET_EXEMPT_TEMPLATE_KEYS = templates.quietExemptKeys;
export const IMMEDIATE_TEMPLATE_KEYS = templates.immediateKeys;
export const getTemplate = (key: string) => templates.get(key);

/** The messaging service over the application's templates (services.ts builds it once). */
export function messaging(deps: Deps) {
  return messagingService(deps, { templates });
}

/** Deliver due messages with these dependencies (the outbox job's work; tests call it with a second instance's deps). */
export function dispatchDue(deps: Deps, opts: { limit?: number; concurrency?: number; channels?: ChannelSet } = {}) {
  return messaging(deps).dispatchDue(opts);
}
