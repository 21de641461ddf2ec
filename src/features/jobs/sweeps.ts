/**
 * The scheduled sweeps over open dossiers. Each is state-based — it looks at what is true
 * now, not at what happened since the last run — so a run after downtime catches up on
 * everything missed. Each effect starts by claiming a (dossier, kind) milestone under a
 * unique key inside the same transaction, so a dossier can never get the same overdue
 * flag, apology or alert twice, whatever runs concurrently. Each effect also marks the
 * dossier row (overdue_at, extended_due_at, escalated_at, early_notified_at), and the
 * candidates come from partial indexes that hold only the unmarked running dossiers by
 * appointment (migration 20261126000100), so the cost grows with the dossiers that
 * change, not with the table.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import type { WorkingCalendar } from '../../domain/calendar.js';
import { formatDateTimeVn, localDateOf } from '../../domain/time.js';
import { dialect, toDate, toDateOrNull } from '../../db/knex.js';
import { calendarService } from '../calendar/calendar.service.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { enqueue, enqueueForCitizen } from '../notifications/outbox.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import { issueApology } from '../apology/apology.js';
import { claimMilestone } from './jobs.repo.js';

export const JOB_NAMES = ['due_soon', 'overdue', 'apology', 'early_completion'] as const;
export type SweepName = (typeof JOB_NAMES)[number];

/**
 * Statuses in which the clock runs (paused dossiers are not due), written literally: the
 * partial indexes of migration 20261126000100 carry this same condition, and a planner
 * can use such an index only when the query states it in constants.
 */
const RUNNING_SQL = "d.status in ('received', 'in_progress')";
const EARLY_RESULT_SQL = "d.status = 'result_ready' and d.completion = 'early'";
const BATCH = 500;

export const SYSTEM_APOLOGY_REASON =
  'Hồ sơ cần thêm thời gian thẩm định, xác minh theo quy định nên chưa thể trả kết quả đúng hẹn.';

export interface Candidate {
  id: number;
  code: string;
  status: string;
  dueAt: Date;
  extendedDueAt: Date | null;
  finishedAt: Date | null;
  assignedTo: number | null;
  holderAgencyId: number;
  phone: string;
  email: string | null;
  token: string;
  procedureName: string;
  extensionDays: number;
}

/** The partial indexes of migration 20261126000100, one per kind of pending work. */
type PendingIndex = 'dossiers_overdue_pending' | 'dossiers_apology_pending' | 'dossiers_escalation_pending' | 'dossiers_early_notice_pending';

/**
 * Dossiers read through `index`. SQLite's planner, costing the partial index against the
 * general (status, due_at) ones, tends to pick the latter and walk every overdue dossier;
 * INDEXED BY pins the partial index (an error, not a silent full scan, if it is ever
 * unusable). PostgreSQL's planner picks it by itself.
 */
function candidates(db: Knex, index: PendingIndex) {
  return db
    .from(dialect(db) === 'sqlite' ? db.raw(`dossiers as d indexed by ${index}`) : 'dossiers as d')
    .join('procedures as p', 'p.id', 'd.procedure_id')
    .select(
      'd.id',
      'd.code',
      'd.status',
      'd.due_at',
      'd.extended_due_at',
      'd.finished_at',
      'd.assigned_to',
      'd.assigned_agency_id',
      'd.processing_agency_id',
      'd.applicant_phone',
      'd.applicant_email',
      'd.public_token',
      'p.name as procedure_name',
      'p.apology_extension_days',
    );
}

function withoutMilestone(q: Knex.QueryBuilder, kind: string): Knex.QueryBuilder {
  return q.whereNotExists(function () {
    this.select(1).from('dossier_milestones as m').whereRaw('m.dossier_id = d.id').andWhere('m.kind', kind);
  });
}

function toCandidate(r: Record<string, any>): Candidate {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    dueAt: toDate(r.due_at),
    extendedDueAt: toDateOrNull(r.extended_due_at),
    finishedAt: toDateOrNull(r.finished_at),
    assignedTo: r.assigned_to ?? null,
    holderAgencyId: r.assigned_agency_id ?? r.processing_agency_id,
    phone: r.applicant_phone,
    email: r.applicant_email ?? null,
    token: r.public_token,
    procedureName: r.procedure_name,
    extensionDays: r.apology_extension_days,
  };
}

/** The assigned officer and the supervisors of the unit holding the dossier, with e-mail. */
async function staffToAlert(trx: Knex.Transaction, c: Candidate, supervisorsOnly = false): Promise<Array<{ id: number; email: string }>> {
  const q = trx('users').where({ active: true }).whereNotNull('email').where((w) => {
    w.where((s) => s.where('role', 'supervisor').andWhere('agency_id', c.holderAgencyId));
    if (!supervisorsOnly && c.assignedTo) w.orWhere('id', c.assignedTo);
  });
  return (await q.select('id', 'email')).filter((u) => u.email);
}

export interface SweepContext {
  deps: Pick<Deps, 'db' | 'clock' | 'config'>;
  now: Date;
  cal: WorkingCalendar;
}

async function alertStaff(trx: Knex.Transaction, ctx: SweepContext, c: Candidate, template: string, data: Record<string, string>, key: string, supervisorsOnly = false) {
  let n = 0;
  for (const u of await staffToAlert(trx, c, supervisorsOnly)) {
    const ok = await enqueue(trx, {
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
    link: absoluteUrl(ctx.deps.config.publicBaseUrl, paths.dossiers.show(c.id)),
  };
}

/** The column each partial index is ordered by. */
type IndexKey = 'due_at' | 'extended_due_at' | 'finished_at';

/**
 * Run `effect` for each candidate in its own transaction, after claiming the milestone.
 * Candidates are read in batches in the order of their partial index (`key`, then id),
 * keyset-paginated on that pair: paginating by id alone lets PostgreSQL's planner walk the
 * primary key of the whole table, hoping to meet 500 matches early.
 */
async function forEachClaimed(
  ctx: SweepContext,
  query: () => Knex.QueryBuilder,
  key: IndexKey,
  kindOf: (c: Candidate) => string,
  effect: (trx: Knex.Transaction, c: Candidate) => Promise<void>,
): Promise<{ examined: number; changed: number }> {
  let examined = 0;
  let changed = 0;
  let after: [Knex.Value, number] | null = null;
  for (;;) {
    const q = query().orderBy([{ column: `d.${key}` }, { column: 'd.id' }]).limit(BATCH);
    if (after) q.whereRaw(`(d.${key}, d.id) > (?, ?)`, after);
    const rows = await q;
    if (rows.length === 0) break;
    for (const r of rows) {
      const c = toCandidate(r);
      examined++;
      const done = await ctx.deps.db.transaction(async (trx) => {
        if (!(await claimMilestone(trx, c.id, kindOf(c), ctx.now))) return false;
        await effect(trx, c);
        return true;
      });
      if (done) changed++;
    }
    const last = rows[rows.length - 1];
    after = [last[key] as Knex.Value, last.id as number];
  }
  return { examined, changed };
}

/** Appointment within the warning window → alert the officer and the unit's supervisors. */
export async function dueSoonSweep(ctx: SweepContext) {
  const windowMs = ctx.deps.config.jobs.dueSoonWorkingDays * ctx.cal.dayLengthMs;
  // The window ends at most this far away in calendar time (generous bound for the index).
  const horizon = ctx.cal.addWorkingTime(ctx.now, windowMs);
  const query = () =>
    withoutMilestone(
      withoutMilestone(candidates(ctx.deps.db, 'dossiers_apology_pending').whereRaw(RUNNING_SQL).whereNull('d.extended_due_at').where('d.due_at', '>', ctx.now).where('d.due_at', '<=', horizon), 'due_soon'),
      'overdue',
    );
  const first = await forEachClaimed(ctx, query, 'due_at', () => 'due_soon', async (trx, c) => {
    await appendEvent(trx, c.id, { type: 'due_soon', fromStatus: null, toStatus: null, actorId: null, note: `Hẹn trả ${formatDateTimeVn(c.dueAt)}`, public: false, ip: null, createdAt: ctx.now });
    await alertStaff(trx, ctx, c, 'due_soon', staffData(ctx, c, c.dueAt), `due_soon:${c.id}`);
  });
  // After an apology the new appointment gets its own warning.
  const extended = () =>
    withoutMilestone(
      candidates(ctx.deps.db, 'dossiers_escalation_pending').whereRaw(RUNNING_SQL).whereNull('d.escalated_at').where('d.extended_due_at', '>', ctx.now).where('d.extended_due_at', '<=', horizon),
      'due_soon_extended',
    );
  const second = await forEachClaimed(ctx, extended, 'extended_due_at', () => 'due_soon_extended', async (trx, c) => {
    await appendEvent(trx, c.id, { type: 'due_soon', fromStatus: null, toStatus: null, actorId: null, note: `Hẹn trả (đã hẹn lại) ${formatDateTimeVn(c.extendedDueAt!)}`, public: false, ip: null, createdAt: ctx.now });
    await alertStaff(trx, ctx, c, 'due_soon', staffData(ctx, c, c.extendedDueAt!), `due_soon_extended:${c.id}`);
  });
  return { examined: first.examined + second.examined, alerted: first.changed + second.changed };
}

/** Past the appointment and not finished → flagged overdue once (the supervisors' digest lists them). */
export async function overdueSweep(ctx: SweepContext) {
  const query = () => withoutMilestone(candidates(ctx.deps.db, 'dossiers_overdue_pending').whereRaw(RUNNING_SQL).whereNull('d.overdue_at').where('d.due_at', '<', ctx.now), 'overdue');
  const r = await forEachClaimed(ctx, query, 'due_at', () => 'overdue', async (trx, c) => {
    await trx('dossiers').where({ id: c.id }).update({ overdue_at: ctx.now });
    await appendEvent(trx, c.id, { type: 'overdue', fromStatus: null, toStatus: null, actorId: null, note: `Quá hạn trả kết quả ${formatDateTimeVn(c.dueAt)}`, public: false, ip: null, createdAt: ctx.now });
    await alertStaff(trx, ctx, c, 'overdue', staffData(ctx, c, c.dueAt), `overdue:${c.id}`);
  });
  return { examined: r.examined, flagged: r.changed };
}

/**
 * The apology rules (domain.md "Being late"):
 * - one working day before the appointment, remind the officer and the head to issue
 *   an apology if they expect to miss it;
 * - when the appointment passes unfinished with no apology, issue it as the system,
 *   with the standard reason and a new appointment from the procedure's extension;
 * - when the new appointment also passes, escalate to the supervisors (never a second apology).
 */
export async function apologySweep(ctx: SweepContext) {
  const db = ctx.deps.db;
  const horizon = ctx.cal.addWorkingTime(ctx.now, ctx.cal.dayLengthMs);
  const remind = await forEachClaimed(
    ctx,
    () =>
      withoutMilestone(
        withoutMilestone(candidates(db, 'dossiers_apology_pending').whereRaw(RUNNING_SQL).whereNull('d.extended_due_at').where('d.due_at', '>', ctx.now).where('d.due_at', '<=', horizon), 'apology_reminder'),
        'apology',
      ),
    'due_at',
    () => 'apology_reminder',
    async (trx, c) => {
      await appendEvent(trx, c.id, { type: 'apology_reminder', fromStatus: null, toStatus: null, actorId: null, note: `Nhắc phát hành phiếu xin lỗi nếu không kịp hẹn ${formatDateTimeVn(c.dueAt)}`, public: false, ip: null, createdAt: ctx.now });
      await alertStaff(trx, ctx, c, 'apology_reminder', staffData(ctx, c, c.dueAt), `apology_reminder:${c.id}`);
    },
  );
  const issued = await forEachClaimed(
    ctx,
    () => withoutMilestone(candidates(db, 'dossiers_apology_pending').whereRaw(RUNNING_SQL).whereNull('d.extended_due_at').where('d.due_at', '<', ctx.now), 'apology'),
    'due_at',
    () => 'apology',
    async (trx, c) => {
      const newDueAt = ctx.cal.addWorkingTime(ctx.now, Math.max(1, c.extensionDays) * ctx.cal.dayLengthMs);
      await issueApology(trx, ctx.deps, c, { issuedBy: null, reason: SYSTEM_APOLOGY_REASON, newDueAt, now: ctx.now, ip: null, milestoneClaimed: true });
    },
  );
  const escalated = await forEachClaimed(
    ctx,
    () => withoutMilestone(candidates(db, 'dossiers_escalation_pending').whereRaw(RUNNING_SQL).whereNull('d.escalated_at').where('d.extended_due_at', '<', ctx.now), 'escalation'),
    'extended_due_at',
    () => 'escalation',
    async (trx, c) => {
      await trx('dossiers').where({ id: c.id }).update({ escalated_at: ctx.now });
      await appendEvent(trx, c.id, { type: 'escalated', fromStatus: null, toStatus: null, actorId: null, note: `Quá hạn lần hai (hẹn lại ${formatDateTimeVn(c.extendedDueAt!)}): chuyển lãnh đạo xử lý`, public: false, ip: null, createdAt: ctx.now });
      await alertStaff(trx, ctx, c, 'escalation', staffData(ctx, c, c.extendedDueAt!), `escalation:${c.id}`, true);
    },
  );
  return { examined: remind.examined + issued.examined + escalated.examined, reminded: remind.changed, issued: issued.changed, escalated: escalated.changed };
}

/** A result ready before its appointment → tell the citizen once, with how many working days early. */
export async function earlyCompletionSweep(ctx: SweepContext) {
  const query = () =>
    withoutMilestone(candidates(ctx.deps.db, 'dossiers_early_notice_pending').whereRaw(EARLY_RESULT_SQL).whereNull('d.early_notified_at').where('d.finished_at', '<=', ctx.now), 'early_completion');
  const phoneChannel = ctx.deps.config.notifications.zns ? 'zns' : 'sms';
  const r = await forEachClaimed(ctx, query, 'finished_at', () => 'early_completion', async (trx, c) => {
    await trx('dossiers').where({ id: c.id }).update({ early_notified_at: ctx.now });
    const due = c.extendedDueAt ?? c.dueAt;
    const daysEarly = Math.max(1, ctx.cal.workingDaysBetween(localDateOf(c.finishedAt ?? ctx.now), localDateOf(due)));
    await enqueueForCitizen(trx, {
      contact: { phone: c.phone, email: c.email },
      phoneChannel,
      template: 'early_completion',
      data: {
        code: c.code,
        procedure: c.procedureName,
        days_early: String(daysEarly),
        due: formatDateTimeVn(due),
        status_url: absoluteUrl(ctx.deps.config.publicBaseUrl, paths.publicStatus.page(c.token)),
      },
      reference: c.code,
      dossierId: c.id,
      key: `early_completion:${c.id}`,
      now: ctx.now,
    });
    await appendEvent(trx, c.id, { type: 'early_completion_notice', fromStatus: null, toStatus: null, actorId: null, note: `Báo kết quả sớm ${daysEarly} ngày làm việc`, public: true, ip: null, createdAt: ctx.now });
  });
  return { examined: r.examined, notified: r.changed };
}

export const SWEEPS: Record<SweepName, (ctx: SweepContext) => Promise<Record<string, number>>> = {
  due_soon: dueSoonSweep,
  overdue: overdueSweep,
  apology: apologySweep,
  early_completion: earlyCompletionSweep,
};

export async function sweepContext(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<SweepContext> {
  return { deps, now: deps.clock.now(), cal: await calendarService(deps).current() };
}
