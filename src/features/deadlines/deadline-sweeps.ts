/**
 * The scheduled sweeps over open dossiers. Each is state-based — it looks at what is true
 * now, not at what happened since the last run — so a run after downtime catches up on
 * everything missed. Each effect starts by claiming a (dossier, kind) milestone under a
 * unique key inside the same transaction, so a dossier can never get the same overdue
 * flag, apology or alert twice, whatever runs concurrently. Each effect also marks the
 * dossier row (overdue_at, extended_due_at, escalated_at, early_notified_at), and the
 * candidates come from partial indexes that hold only the unmarked running dossiers by
 * appointment (migration 20261126000100), so the cost grows with the dossiers that
 * change, not with the table. The queries are in deadlines.repo.ts (sweepsRepo); the four
 * jobs that run them are declared in deadlines.jobs.ts.
 */
import type { Deps } from '../../deps.js';
import { isAtRisk, issueDeadline } from '../../domain/apology.js';
import type { WorkingCalendar } from '../../domain/calendar.js';
import { EVENT_NOTES, SYSTEM_APOLOGY_REASON } from '../../domain/event-notes.js';
import { addDays, formatDateTimeVn, formatDateVn, localDateOf, vnInstant } from '../../domain/time.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { ApologyService } from '../apology/apology.service.js';
import { appendEvent } from '../dossiers/events.repo.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { sweepEffectsRepo, sweepsRepo, type Candidate, type CandidateParams, type CandidateSetName, type Cursor } from './deadlines.repo.js';

export type { Candidate } from './deadlines.repo.js';
export { SYSTEM_APOLOGY_REASON } from '../../domain/event-notes.js';

export const SWEEP_NAMES = ['due_soon', 'overdue', 'apology', 'early_completion'] as const;
export type SweepName = (typeof SWEEP_NAMES)[number];

const BATCH = 500;

/** What the sweeps need of other features (wired in src/services.ts through deadlines.service.ts). */
export interface SweepPorts {
  notifications: Pick<NotificationsService, 'enqueue' | 'notifyCitizen'>;
  apology: Pick<ApologyService, 'issueInTransaction' | 'prepareDraftInTransaction'>;
}

export interface SweepContext {
  deps: Pick<Deps, 'db' | 'clock' | 'config'>;
  now: Date;
  cal: WorkingCalendar;
  ports: SweepPorts;
}

type Trx = Deps['db'];

async function alertStaff(trx: Trx, ctx: SweepContext, c: Candidate, template: string, data: Record<string, string>, key: string, supervisorsOnly = false, alsoAgencyId?: number) {
  let n = 0;
  for (const u of await sweepEffectsRepo(trx).staffToAlert(c, supervisorsOnly, alsoAgencyId)) {
    const ok = await ctx.ports.notifications.enqueue(trx, {
      channel: 'email',
      recipient: u.email,
      template,
      data,
      reference: c.code,
      dossierId: c.id,
      idempotencyKey: `${key}:staff:${u.id}`,
      notBefore: ctx.now,
      now: ctx.now,
    });
    if (ok) n++;
  }
  return n;
}

function staffData(ctx: SweepContext, c: Candidate, due: Date): Record<string, string> {
  return {
    code: c.code,
    procedure: c.procedureName,
    due: formatDateTimeVn(due),
    link: absoluteUrl(ctx.deps.config.server.publicBaseUrl, paths.dossiers.show(c.id)),
  };
}

/** A system event on the chain (no actor, no address). */
function systemEvent(trx: Trx, ctx: SweepContext, c: Candidate, type: string, note: string, isPublic = false) {
  return appendEvent(trx, c.id, { type, fromStatus: null, toStatus: null, actorId: null, note, public: isPublic, ip: null, createdAt: ctx.now });
}

/**
 * Run `effect` for each candidate of `set` in its own transaction, after claiming the
 * milestone `kind`. Candidates are read in batches in the order of their partial index.
 * A candidate `due` turns down is left alone, unclaimed: a later run looks at it again.
 */
async function forEachClaimed(
  ctx: SweepContext,
  set: CandidateSetName,
  params: CandidateParams,
  kind: string,
  effect: (trx: Trx, c: Candidate) => Promise<void>,
  due: (c: Candidate) => boolean = () => true,
): Promise<{ examined: number; changed: number; notDue: number }> {
  const repo = sweepsRepo(ctx.deps.db);
  let examined = 0;
  let changed = 0;
  let notDue = 0;
  let after: Cursor | null = null;
  for (;;) {
    const page: { candidates: Candidate[]; next: Cursor | null } = await repo.page(set, params, after, BATCH);
    if (page.candidates.length === 0) break;
    for (const c of page.candidates) {
      examined++;
      if (!due(c)) {
        notDue++;
        continue;
      }
      const done = await ctx.deps.db.transaction(async (trx) => {
        if (!(await sweepEffectsRepo(trx).claimMilestone(c.id, kind, ctx.now))) return false;
        await effect(trx, c);
        return true;
      });
      if (done) changed++;
    }
    after = page.next;
  }
  return { examined, changed, notDue };
}

/** Appointment within the warning window → alert the officer and the unit's supervisors. */
export async function dueSoonSweep(ctx: SweepContext) {
  const windowMs = ctx.deps.config.deadlines.dueSoonWorkingDays * ctx.cal.dayLengthMs;
  // The window ends at most this far away in calendar time (generous bound for the index).
  const params = { now: ctx.now, horizon: ctx.cal.addWorkingTime(ctx.now, windowMs) };
  const first = await forEachClaimed(ctx, 'due_soon', params, 'due_soon', async (trx, c) => {
    await systemEvent(trx, ctx, c, 'due_soon', EVENT_NOTES.dueSoon(c.dueAt));
    await alertStaff(trx, ctx, c, 'due_soon', staffData(ctx, c, c.dueAt), `due_soon:${c.id}`);
  });
  // After an apology the new appointment gets its own warning.
  const second = await forEachClaimed(ctx, 'due_soon_extended', params, 'due_soon_extended', async (trx, c) => {
    await systemEvent(trx, ctx, c, 'due_soon', EVENT_NOTES.dueSoonExtended(c.extendedDueAt!));
    await alertStaff(trx, ctx, c, 'due_soon', staffData(ctx, c, c.extendedDueAt!), `due_soon_extended:${c.id}`);
  });
  return { examined: first.examined + second.examined, alerted: first.changed + second.changed };
}

/**
 * Past the appointment and not finished → flagged overdue once (the supervisors' digest
 * lists them), the staff alerted, and, when no apology was issued, the citizen told
 * plainly that the dossier is late and the agency will contact them (domain.md "Being
 * late"). The system's own apology waits for this flag (see the 'apology' candidate
 * set), so a dossier late without an apology always gets this notice first.
 */
export async function overdueSweep(ctx: SweepContext) {
  let told = 0;
  const r = await forEachClaimed(ctx, 'overdue', { now: ctx.now, horizon: ctx.now }, 'overdue', async (trx, c) => {
    await sweepEffectsRepo(trx).markOverdue(c.id, ctx.now);
    await systemEvent(trx, ctx, c, 'overdue', EVENT_NOTES.overdue(c.dueAt));
    await alertStaff(trx, ctx, c, 'overdue', staffData(ctx, c, c.dueAt), `overdue:${c.id}`);
    if (c.extendedDueAt === null && (await ctx.ports.notifications.notifyCitizen(trx, c.id, { kind: 'overdue_notice' }, ctx.now)) > 0) told++;
  });
  return { examined: r.examined, flagged: r.changed, citizens_told: told };
}

/**
 * The end of the draft window: the last instant of the N-th working day after today
 * (N = APOLOGY_REMINDER_WORKING_DAYS). Counted by calendar date, as the pages count days
 * left: with N = 2 an appointment on Tuesday is drafted on the Friday before (Monday and
 * Tuesday are the two working days left), whatever hour the job runs.
 */
export function draftHorizon(cal: WorkingCalendar, now: Date, workingDays: number): Date {
  const last = cal.addWorkingDays(localDateOf(now), workingDays);
  return new Date(vnInstant(addDays(last, 1)).getTime() - 1);
}

/**
 * The apology rules (domain.md "Being late"; the head issues, the job only triggers):
 * - APOLOGY_REMINDER_WORKING_DAYS working days before the appointment of an unfinished
 *   dossier at risk (domain/apology.ts isAtRisk: a procedure no longer than that window only
 *   once half of its statutory time has run, a same-day one only on its appointment day), prepare a DRAFT in the head's
 *   list (proposed new date: the procedure's extension after the appointment; reason empty)
 *   and alert the officer and the head by e-mail, once;
 * - when the appointment passes with none issued, the overdue sweep flags it, alerts the
 *   officer and the supervisors and tells the citizen; no apology is issued, unless the
 *   province delegates issuance (APOLOGY_AUTO_ISSUE): then the system issues it, labelled;
 * - when the new appointment also passes, escalate to the supervisors (never a second apology).
 */
export async function apologySweep(ctx: SweepContext) {
  const params = { now: ctx.now, horizon: draftHorizon(ctx.cal, ctx.now, ctx.deps.config.apology.reminderWorkingDays) };
  const remind = await forEachClaimed(
    ctx,
    'apology_draft',
    params,
    'apology_draft',
    async (trx, c) => {
      const proposed = ctx.cal.addWorkingTime(c.dueAt, Math.max(1, c.extensionDays) * ctx.cal.dayLengthMs);
      await ctx.ports.apology.prepareDraftInTransaction(trx, c.id, proposed, ctx.now);
      await systemEvent(trx, ctx, c, 'apology_reminder', EVENT_NOTES.apologyReminder(c.dueAt));
      const data = {
        ...staffData(ctx, c, c.dueAt),
        proposed_due: formatDateTimeVn(proposed),
        deadline: formatDateVn(vnInstant(issueDeadline(ctx.cal, c.receivedAt, c.dueAt).date, '12:00')),
        link: absoluteUrl(ctx.deps.config.server.publicBaseUrl, paths.apologies.draft(c.id)),
      };
      // The officer and the head: the supervisors of the processing agency, and of the unit now holding it.
      await alertStaff(trx, ctx, c, 'apology_draft', data, `apology_draft:${c.id}`, false, c.processingAgencyId);
    },
    // In the window but plainly on track (a short procedure with most of its time ahead): not yet.
    (c) => isAtRisk(ctx.cal, c.processingTime, ctx.now, c.dueAt, ctx.deps.config.apology.reminderWorkingDays),
  );
  const issued = ctx.deps.config.apology.autoIssue
    ? await forEachClaimed(ctx, 'apology', params, 'apology', async (trx, c) => {
        const newDueAt = ctx.cal.addWorkingTime(ctx.now, Math.max(1, c.extensionDays) * ctx.cal.dayLengthMs);
        await ctx.ports.apology.issueInTransaction(trx, c, { reason: SYSTEM_APOLOGY_REASON, newDueAt, now: ctx.now, cal: ctx.cal });
      })
    : { examined: 0, changed: 0, notDue: 0 };
  const escalated = await forEachClaimed(ctx, 'escalation', params, 'escalation', async (trx, c) => {
    await sweepEffectsRepo(trx).markEscalated(c.id, ctx.now);
    await systemEvent(trx, ctx, c, 'escalated', EVENT_NOTES.escalated(c.extendedDueAt!));
    await alertStaff(trx, ctx, c, 'escalation', staffData(ctx, c, c.extendedDueAt!), `escalation:${c.id}`, true);
  });
  return {
    examined: remind.examined + issued.examined + escalated.examined,
    reminded: remind.changed,
    // In the window but not at risk yet: examined again by the next runs until they are.
    not_yet_at_risk: remind.notDue,
    issued: issued.changed,
    escalated: escalated.changed,
  };
}

/**
 * A result ready before its appointment whose citizen was not told yet → tell them once
 * (the 'result_ready' notice, with how many working days early). Marking the result
 * ready sends that notice itself and marks the dossier told (early_notified_at), so this
 * sweep only catches what came another way: results recorded before this notice existed,
 * imported or generated data. It sends the same notice under the same key, so a dossier
 * can never get two.
 */
export async function earlyCompletionSweep(ctx: SweepContext) {
  const r = await forEachClaimed(ctx, 'early_completion', { now: ctx.now, horizon: ctx.now }, 'early_completion', async (trx, c) => {
    await sweepEffectsRepo(trx).markEarlyNotified(c.id, ctx.now);
    const due = c.extendedDueAt ?? c.dueAt;
    const daysEarly = Math.max(1, ctx.cal.workingDaysBetween(localDateOf(c.finishedAt ?? ctx.now), localDateOf(due)));
    // Nothing stored (the template is switched off): nothing to record on the chain either.
    if ((await ctx.ports.notifications.notifyCitizen(trx, c.id, { kind: 'result_ready' }, ctx.now)) > 0) {
      await systemEvent(trx, ctx, c, 'early_completion_notice', EVENT_NOTES.earlyCompletion(daysEarly), true);
    }
  });
  return { examined: r.examined, notified: r.changed };
}

export const SWEEPS: Record<SweepName, (ctx: SweepContext) => Promise<Record<string, number>>> = {
  due_soon: dueSoonSweep,
  overdue: overdueSweep,
  apology: apologySweep,
  early_completion: earlyCompletionSweep,
};
