/**
 * The province's Zalo Official Account (issue 14): webhook events stored and processed
 * from zalo_events, linking a follower to a dossier, questions from Zalo, replies through
 * the outbox's zalo_cs channel, and the OA token pair refreshed under the job lease.
 * SKELETON written by the lead: the Zalo helper builds it.
 */
import type { Deps } from '../../deps.js';
import type { LookupGuard } from '../public-status/lookup-guard.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { QuestionsService } from '../questions/questions.service.js';
import type { SweepContext } from '../jobs/sweeps.js';

type Db = Deps['db'];

/** What the petitions feature offers the OA: the form link pre-linked to a Zalo user ("PAKN"). */
export interface PetitionZaloEntry {
  zaloInviteLink(trx: Db, zaloUserId: string, now: Date): Promise<string>;
}

export interface ZaloWiring {
  notifications: Pick<NotificationsService, 'replyOnZalo' | 'enqueue'>;
  questions: QuestionsService;
  lookupGuard: LookupGuard;
  petitions: PetitionZaloEntry;
}

export function zaloService(deps: Deps, _wiring: ZaloWiring) {
  return {
    /** Whether the OA is configured (the webhook answers 404 otherwise). */
    configured: (): boolean => deps.config.notifications.zaloOa !== null,
    /** The 'zalo' job: process pending events, refresh the token pair when due. */
    async runJob(_ctx: SweepContext): Promise<Record<string, number>> {
      return {};
    },
  };
}

export type ZaloService = ReturnType<typeof zaloService>;
