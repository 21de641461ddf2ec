/**
 * Feedback and petitions on administrative regulations (issue 15).
 * SKELETON written by the lead: the petitions helper builds it.
 */
import type { Deps } from '../../deps.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';

type Db = Deps['db'];

export interface PetitionsWiring {
  calendar: CalendarService;
  notifications: NotificationsService;
}

export function petitionsService(_deps: Deps, _wiring: PetitionsWiring) {
  return {
    /** The form link for a Zalo user who wrote "PAKN": a petition filed through it is tied to them. */
    async zaloInviteLink(_trx: Db, _zaloUserId: string, _now: Date): Promise<string> {
      throw new Error('not built yet');
    },
  };
}

export type PetitionsService = ReturnType<typeof petitionsService>;
