/**
 * Feedback and petitions on administrative regulations (issue 15, the staff side): the
 * control unit's triage and forwarding, the competent agency's draft and its head's
 * approval, publication, the petition's timeline.
 * SKELETON written by the lead: the petitions-workflow helper builds it.
 */
import type { Deps } from '../../deps.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';

export interface PetitionsWiring {
  calendar: CalendarService;
  notifications: NotificationsService;
}

export function petitionsService(_deps: Deps, _wiring: PetitionsWiring) {
  return {};
}

export type PetitionsService = ReturnType<typeof petitionsService>;
