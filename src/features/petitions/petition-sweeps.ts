/**
 * The petitions job (JOB_SCHEDULE_PETITIONS): reminders before each deadline, overdue
 * flags and escalation (issue 15). State-based, like the dossier sweeps: each run looks
 * at what is true now, so a run after downtime catches up. Each effect claims a
 * petition_milestones row (primary key petition, kind) in the transaction that writes its
 * e-mails and its event on the petition's chain, so it happens once whatever runs
 * concurrently. The answer milestones carry the forwarding instant in their kind: a
 * petition declined and forwarded again gets its own reminders for the new agency.
 *
 * - 1 working day before forward_due_at, not yet forwarded → remind the control unit;
 * - past forward_due_at, not forwarded → flag forward_overdue_at, alert the control unit;
 * - 2 working days before answer_due_at → remind the competent agency's officers;
 * - past answer_due_at, not answered → flag answer_overdue_at, alert its supervisors;
 * - ESCALATE_AFTER_WORKING_DAYS later, still not answered → flag escalated_at, alert the
 *   control unit;
 * - kept for study (art. 14(2)(b)) and its review date has come (the local day) → remind the
 *   competent agency's head (its supervisors), once per review date (kept again with a new
 *   date: reminded again on that one). The control unit sees them on its home and list.
 */
import type { Deps } from '../../deps.js';
import type { WorkingCalendar } from '../../domain/calendar.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { withinWorkingDaysBefore, workingDaysPast } from '../../domain/petition-deadline.js';
import { PETITION_KIND_LABELS } from '../../domain/petitions.js';
import { formatDateTimeVn, formatLocalDateVn, localDateOf } from '../../domain/time.js';
import type { PetitionTemplateKey } from './templates.js';
import { appendPetitionEvent } from './petition-events.repo.js';
import { petitionSweepsRepo, type SweepCandidate } from './petition-sweeps.repo.js';
import { petitionsRepo, type StaffRecipient } from './petitions.repo.js';
import { staffLink } from './petition-notices.js';

/** What the petitions job runs with (petitions.jobs.ts builds it from the job's context and wiring). */
export interface SweepContext {
  deps: Pick<Deps, 'db' | 'clock' | 'config'>;
  now: Date;
  cal: WorkingCalendar;
  ports: { notifications: Pick<NotificationsService, 'enqueue'> };
}

export const FORWARD_REMIND_WORKING_DAYS = 1;
export const ANSWER_REMIND_WORKING_DAYS = 2;
export const ESCALATE_AFTER_WORKING_DAYS = 1;

/** The job's counters, prefixed: the runner's counter labels are one namespace shared by every job. */
export const PETITION_COUNTER_LABELS: Readonly<Record<string, string>> = {
  petitions_forward_reminders: 'Phản ánh: nhắc hạn chuyển xử lý (Bộ phận kiểm soát)',
  petitions_forward_overdue: 'Phản ánh quá hạn chuyển xử lý',
  petitions_answer_reminders: 'Phản ánh: nhắc hạn trả lời (chuyên viên cơ quan có thẩm quyền)',
  petitions_answer_overdue: 'Phản ánh quá hạn trả lời (đã báo lãnh đạo cơ quan)',
  petitions_escalated: 'Phản ánh quá hạn trả lời kéo dài (đã báo Bộ phận kiểm soát)',
  petitions_review_due: 'Phản ánh tiếp tục nghiên cứu đến ngày xem xét lại (đã nhắc lãnh đạo cơ quan)',
};

export const REVIEW_DUE_EVENT = 'petition_review_due';

/** Art. 14(2)(b): the review date of a petition kept for study has come: its head is reminded, once per review date. */
async function remindReview(ctx: SweepContext, c: SweepCandidate & { review: string }): Promise<boolean> {
  const kind = `review_due@${c.review}`;
  return ctx.deps.db.transaction(async (trx) => {
    const sweeps = petitionSweepsRepo(trx);
    if (!(await sweeps.stillKept(c.id, c.review))) return false;
    if (!(await sweeps.claim(c.id, kind, ctx.now))) return false;
    await appendPetitionEvent(trx, c.id, { type: REVIEW_DUE_EVENT, fromStatus: null, toStatus: null, actorId: null, note: `Đến ngày xem xét lại ${formatLocalDateVn(c.review)}; nhắc lãnh đạo ${c.competentAgencyName ?? ''}`, public: false, ip: null, createdAt: ctx.now });
    const heads = c.competentAgencyId === null ? [] : await petitionsRepo(trx).staffOf(c.competentAgencyId, ['supervisor']);
    for (const u of heads) {
      await ctx.ports.notifications.enqueue(trx, {
        channel: 'email',
        recipient: u.email,
        template: 'petition_review_due',
        data: { code: c.code, kind: PETITION_KIND_LABELS[c.kind], agency: c.competentAgencyName ?? '', review: formatLocalDateVn(c.review), link: staffLink(ctx.deps.config.server.publicBaseUrl, c.id) },
        reference: c.code,
        dossierId: null,
        idempotencyKey: `petition:${c.id}:${kind}:staff:${u.id}`,
        notBefore: ctx.now,
        now: ctx.now,
      });
    }
    return true;
  });
}

type Trx = SweepContext['deps']['db'];

type Stage = 'forward' | 'answer';

interface Effect {
  counter: keyof typeof PETITION_COUNTER_LABELS;
  stage: Stage;
  /** The milestone's kind for this candidate. */
  kind: (c: SweepCandidate) => string;
  /** Does it apply now? */
  due: (ctx: SweepContext, c: SweepCandidate) => boolean;
  event: string;
  note: (c: SweepCandidate) => string;
  template: PetitionTemplateKey;
  flag?: 'forward_overdue_at' | 'answer_overdue_at' | 'escalated_at';
  recipients: (trx: Trx, c: SweepCandidate) => Promise<StaffRecipient[]>;
}

const answerKind = (name: string) => (c: SweepCandidate) => `${name}@${c.forwardedAt?.getTime() ?? 0}`;
const controlUnit = (trx: Trx) => petitionsRepo(trx).controlUnit();
const agencyStaff = (roles: string[]) => (trx: Trx, c: SweepCandidate) => (c.competentAgencyId === null ? Promise.resolve([]) : petitionsRepo(trx).staffOf(c.competentAgencyId, roles));

const EFFECTS: readonly Effect[] = [
  {
    counter: 'petitions_forward_reminders',
    stage: 'forward',
    kind: () => 'forward_reminder',
    due: (ctx, c) => withinWorkingDaysBefore(ctx.cal, ctx.now, c.due, FORWARD_REMIND_WORKING_DAYS),
    event: 'petition_forward_reminder',
    note: (c) => `Nhắc Bộ phận kiểm soát: hạn chuyển xử lý ${formatDateTimeVn(c.due)}`,
    template: 'petition_forward_reminder',
    recipients: controlUnit,
  },
  {
    counter: 'petitions_forward_overdue',
    stage: 'forward',
    kind: () => 'forward_overdue',
    due: (ctx, c) => workingDaysPast(ctx.cal, ctx.now, c.due, 0),
    event: 'petition_forward_overdue',
    note: (c) => `Quá hạn chuyển xử lý (${formatDateTimeVn(c.due)})`,
    template: 'petition_forward_overdue',
    flag: 'forward_overdue_at',
    recipients: controlUnit,
  },
  {
    counter: 'petitions_answer_reminders',
    stage: 'answer',
    kind: answerKind('answer_reminder'),
    due: (ctx, c) => withinWorkingDaysBefore(ctx.cal, ctx.now, c.due, ANSWER_REMIND_WORKING_DAYS),
    event: 'petition_answer_reminder',
    note: (c) => `Nhắc chuyên viên ${c.competentAgencyName ?? ''}: hạn trả lời ${formatDateTimeVn(c.due)}`,
    template: 'petition_answer_reminder',
    recipients: agencyStaff(['officer']),
  },
  {
    counter: 'petitions_answer_overdue',
    stage: 'answer',
    kind: answerKind('answer_overdue'),
    due: (ctx, c) => workingDaysPast(ctx.cal, ctx.now, c.due, 0),
    event: 'petition_answer_overdue',
    note: (c) => `Quá hạn trả lời (${formatDateTimeVn(c.due)}); báo lãnh đạo ${c.competentAgencyName ?? ''}`,
    template: 'petition_answer_overdue',
    flag: 'answer_overdue_at',
    recipients: agencyStaff(['supervisor']),
  },
  {
    counter: 'petitions_escalated',
    stage: 'answer',
    kind: answerKind('escalated'),
    due: (ctx, c) => workingDaysPast(ctx.cal, ctx.now, c.due, ESCALATE_AFTER_WORKING_DAYS),
    event: 'petition_escalated',
    note: () => `Quá hạn trả lời hơn ${ESCALATE_AFTER_WORKING_DAYS} ngày làm việc; báo Bộ phận kiểm soát`,
    template: 'petition_escalated',
    flag: 'escalated_at',
    recipients: controlUnit,
  },
];

function data(ctx: SweepContext, c: SweepCandidate): Record<string, string> {
  return { code: c.code, kind: PETITION_KIND_LABELS[c.kind], agency: c.competentAgencyName ?? '', due: formatDateTimeVn(c.due), link: staffLink(ctx.deps.config.server.publicBaseUrl, c.id) };
}

async function apply(ctx: SweepContext, e: Effect, c: SweepCandidate): Promise<boolean> {
  return ctx.deps.db.transaction(async (trx) => {
    const sweeps = petitionSweepsRepo(trx);
    if (!(await sweeps.stillOpen(c.id, e.stage))) return false;
    if (!(await sweeps.claim(c.id, e.kind(c), ctx.now))) return false;
    if (e.flag) await sweeps.flag(c.id, e.flag, ctx.now);
    await appendPetitionEvent(trx, c.id, { type: e.event, fromStatus: null, toStatus: null, actorId: null, note: e.note(c), public: false, ip: null, createdAt: ctx.now });
    for (const u of await e.recipients(trx, c)) {
      await ctx.ports.notifications.enqueue(trx, {
        channel: 'email',
        recipient: u.email,
        template: e.template,
        data: data(ctx, c),
        reference: c.code,
        dossierId: null,
        idempotencyKey: `petition:${c.id}:${e.kind(c)}:staff:${u.id}`,
        notBefore: ctx.now,
        now: ctx.now,
      });
    }
    return true;
  });
}

export async function petitionSweep(ctx: SweepContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(Object.keys(PETITION_COUNTER_LABELS).map((k) => [k, 0]));
  const repo = petitionSweepsRepo(ctx.deps.db);
  // Calendar-time bounds of the widest reminder window (the sweep checks working time exactly).
  const horizons: Record<Stage, Date> = {
    forward: ctx.cal.addWorkingTime(ctx.now, FORWARD_REMIND_WORKING_DAYS * ctx.cal.dayLengthMs),
    answer: ctx.cal.addWorkingTime(ctx.now, ANSWER_REMIND_WORKING_DAYS * ctx.cal.dayLengthMs),
  };
  for (const stage of ['forward', 'answer'] as const) {
    let after = 0;
    for (;;) {
      const page = await repo.page(stage, horizons[stage], after);
      if (page.length === 0) break;
      for (const c of page) {
        // An overdue petition gets its overdue flag, not a late reminder.
        const applicable = EFFECTS.filter((e) => e.stage === stage && e.due(ctx, c));
        for (const e of applicable) if (await apply(ctx, e, c)) counts[e.counter] = (counts[e.counter] ?? 0) + 1;
        after = c.id;
      }
    }
  }
  const today = localDateOf(ctx.now);
  for (let after = 0; ; ) {
    const page = await repo.reviewDue(today, after);
    if (page.length === 0) break;
    for (const c of page) {
      if (await remindReview(ctx, c)) counts.petitions_review_due = (counts.petitions_review_due ?? 0) + 1;
      after = c.id;
    }
  }
  return counts;
}
