/**
 * Filing a petition (issue 15, the public side): the form, the acknowledgement, the
 * public status page, the published answers, the Zalo "PAKN" entry.
 */
import crypto from 'node:crypto';
import type { Deps } from '../../deps.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { LookupGuard } from '../public-status/lookup-guard.js';
import { petitionIntakeRepo } from './petition-intake.repo.js';

type Db = Deps['db'];

/** How long the form link sent on Zalo after "PAKN" ties a petition to the follower. */
export const ZALO_INVITE_TTL_MS = 7 * 24 * 3600_000;

export interface PetitionIntakeWiring {
  calendar: CalendarService;
  notifications: NotificationsService;
  lookupGuard: LookupGuard;
}

/** 32 random bytes, URL-safe. */
function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function petitionIntakeService(deps: Deps, _wiring: PetitionIntakeWiring) {
  const repo = petitionIntakeRepo(deps.db);
  return {
    /** The form link for a Zalo user who wrote "PAKN": a petition filed through it is tied to them (for 7 days, once). */
    async zaloInviteLink(trx: Db, zaloUserId: string, now: Date): Promise<string> {
      const token = randomToken();
      await repo.insertZaloInvite(trx, { token, zaloUserId, createdAt: now, expiresAt: new Date(now.getTime() + ZALO_INVITE_TTL_MS) });
      return absoluteUrl(deps.config.publicBaseUrl, paths.petitions.fromZalo(token));
    },
  };
}

export type PetitionIntakeService = ReturnType<typeof petitionIntakeService>;
