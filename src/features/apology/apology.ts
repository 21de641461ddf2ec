/**
 * The apology notice (Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết): at most one
 * per dossier — the appointment may be re-set only once. The head of the processing agency
 * issues it (domain.md "Being late"); the system issues it only where the province delegates
 * it (APOLOGY_AUTO_ISSUE), and then it says so.
 *
 * On time or late (Decree 118: "no later than 1 working day before the appointment"),
 * judged by calendar date in the working calendar (domain/apology.ts issueDeadline): on time
 * when issued on or before the working day before the appointment's day, or, for a dossier
 * whose appointment came less than a working day after its receipt, on or before the first
 * working day from the receipt.
 */
import type { Deps } from '../../deps.js';
import type { WorkingCalendar } from '../../domain/calendar.js';
import { EVENT_NOTES } from '../../domain/event-notes.js';
import { formInfo, type FormKey, type FormNumbering } from '../../domain/forms.js';
import { isIssuedLate } from '../../domain/apology.js';
import { localDateOf, vnInstant } from '../../domain/time.js';
import { appendEvent } from '../dossiers/events.repo.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { apologyRepo } from './apology.repo.js';

/** The dossier being apologised for: the notice reads the rest itself. */
export interface ApologyTarget {
  id: number;
  /** The appointment being re-set (kept on the apology as its previous appointment). */
  dueAt: Date;
  /** The receipt: the deadline to issue on time is never before it. */
  receivedAt: Date;
  /** The agency whose yearly sequence numbers the apology (the header's unit). */
  processingAgencyId: number;
}

/** What issuing needs of the notifications feature (wired in src/services.ts). */
export type ApologyNotifier = Pick<NotificationsService, 'notifyCitizen'>;

/** How apologies are numbered (config.forms.numbering, config.forms.suffixes). */
export interface NumberingConfig {
  formNumbering: FormNumbering;
  formSuffixes: Partial<Record<FormKey, string>>;
}

/** The Vietnam calendar year of `at` as [1 Jan 00:00, next 1 Jan 00:00). */
function yearOf(at: Date): [Date, Date] {
  const y = Number(localDateOf(at).slice(0, 4));
  return [vnInstant(`${y}-01-01`), vnInstant(`${y + 1}-01-01`)];
}

export interface IssueOptions {
  /** The head who signs; null: the system (only where the province delegates issuance). */
  issuedBy: number | null;
  signerTitle: string | null;
  reason: string;
  newDueAt: Date;
  now: Date;
  ip: string | null;
  cal: WorkingCalendar;
  numbering: NumberingConfig;
  /** The caller already holds the 'apology' milestone (the sweep claims it first). */
  milestoneClaimed?: boolean;
}

/**
 * Inside the caller's transaction. Returns false when the dossier already has an apology
 * (the unique milestone says so), true when this call issued it.
 */
export async function issueApology(trx: Deps['db'], notifications: ApologyNotifier, d: ApologyTarget, opts: IssueOptions): Promise<boolean> {
  const repo = apologyRepo(trx);
  if (!opts.milestoneClaimed && !(await repo.claimMilestone(d.id, opts.now))) return false;
  const [from, to] = yearOf(opts.now);
  const suffix = formInfo('apology', opts.numbering.formNumbering, opts.numbering.formSuffixes).suffix;
  const n = await repo.nextNumber(d.processingAgencyId, from, to);
  await repo.insert({
    dossierId: d.id,
    issuedAt: opts.now,
    issuedBy: opts.issuedBy,
    reason: opts.reason,
    previousDueAt: d.dueAt,
    newDueAt: opts.newDueAt,
    issuedLate: isIssuedLate(opts.cal, opts.now, d.receivedAt, d.dueAt),
    signerTitle: opts.issuedBy === null ? null : opts.signerTitle || null,
    number: suffix ? `${n}/${suffix}` : String(n),
  });
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
