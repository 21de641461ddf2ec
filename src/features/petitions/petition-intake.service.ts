/**
 * Filing a petition (issue 15, the public side): the form, the acknowledgement, the
 * public status page, the published answers, the Zalo "PAKN" entry.
 * SKELETON written by the lead: the petitions-intake helper builds it.
 */
import type { Deps } from '../../deps.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { LookupGuard } from '../public-status/lookup-guard.js';

type Db = Deps['db'];

export interface PetitionIntakeWiring {
  calendar: CalendarService;
  notifications: NotificationsService;
  lookupGuard: LookupGuard;
}

export function petitionIntakeService(_deps: Deps, _wiring: PetitionIntakeWiring) {
  return {
    /** The form link for a Zalo user who wrote "PAKN": a petition filed through it is tied to them. */
    async zaloInviteLink(_trx: Db, _zaloUserId: string, _now: Date): Promise<string> {
      throw new Error('not built yet');
    },
  };
}

export type PetitionIntakeService = ReturnType<typeof petitionIntakeService>;
