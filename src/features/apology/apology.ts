/**
 * The apology notice (Phiếu xin lỗi và hẹn lại ngày trả kết quả): at most one per
 * dossier — the appointment may be re-set only once. Issued by the processing officer
 * with a reason and a new date, or by the system when the appointment passed without one.
 */
import type { Deps } from '../../deps.js';
import { EVENT_NOTES } from '../../domain/event-notes.js';
import { appendEvent } from '../dossiers/events.repo.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { apologyRepo } from './apology.repo.js';

/** The dossier being apologised for: the notice reads the rest itself. */
export interface ApologyTarget {
  id: number;
  /** The appointment being re-set (kept on the apology as its previous appointment). */
  dueAt: Date;
}

/** What issuing needs of the notifications feature (wired in src/services.ts). */
export type ApologyNotifier = Pick<NotificationsService, 'notifyCitizen'>;

/**
 * Inside the caller's transaction. Returns false when the dossier already has an apology
 * (the unique milestone says so), true when this call issued it.
 */
export async function issueApology(
  trx: Deps['db'],
  notifications: ApologyNotifier,
  d: ApologyTarget,
  opts: { issuedBy: number | null; reason: string; newDueAt: Date; now: Date; ip: string | null; milestoneClaimed?: boolean },
): Promise<boolean> {
  const repo = apologyRepo(trx);
  if (!opts.milestoneClaimed && !(await repo.claimMilestone(d.id, opts.now))) return false;
  await repo.insert({ dossierId: d.id, issuedAt: opts.now, issuedBy: opts.issuedBy, reason: opts.reason, previousDueAt: d.dueAt, newDueAt: opts.newDueAt });
  await appendEvent(trx, d.id, {
    type: 'apology_issued',
    fromStatus: null,
    toStatus: null,
    actorId: opts.issuedBy,
    note: EVENT_NOTES.apologyIssued(opts.reason, opts.newDueAt, opts.issuedBy === null),
    public: true,
    ip: opts.ip,
    createdAt: opts.now,
  });
  // The citizen's notice (template 'apology', key apology:<id>), in the same transaction.
  await notifications.notifyCitizen(trx, d.id, { kind: 'apology_issued', newDueAt: opts.newDueAt, reason: opts.reason }, opts.now);
  return true;
}
