/**
 * The questions job (issue 14; declared in questions.jobs.ts): state-based, like the dossier
 * sweeps (src/features/deadlines), so a run after downtime catches up on everything missed.
 * - An unanswered question whose reminder time (remind_at) has passed and that was not
 *   reminded → e-mail the dossier's assigned officer (none assigned, or without an e-mail:
 *   the officers of the agency holding it), once.
 * - An unanswered question past its answer deadline (answer_due_at) not yet escalated →
 *   e-mail the supervisors of the dossier's holding and processing agencies, once, and a
 *   non-public 'question_escalated' event on the dossier's chain.
 * Each question is handled in its own transaction: the conditional UPDATE that sets
 * reminded_at / escalated_at (only while unset and unanswered) is the claim, and the
 * outbox rows and the event are written in that same transaction, so an effect happens
 * once whatever runs concurrently. Candidates are read in keyset batches.
 */
import type { Deps } from '../../deps.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { formatDateTimeVn } from '../../domain/time.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { questionSweepsRepo, type QuestionCandidate, type QuestionCursor, type QuestionSweepKind } from './question-sweeps.repo.js';

/** What the questions job runs with (questions.jobs.ts builds it from the job's context and wiring). */
export interface SweepContext {
  deps: Pick<Deps, 'db' | 'clock' | 'config'>;
  now: Date;
  ports: { notifications: Pick<NotificationsService, 'enqueue'> };
}

const BATCH = 500;
const EXCERPT_CHARS = 120;

export const QUESTION_COUNTER_LABELS: Readonly<Record<string, string>> = {
  questions_examined: 'Câu hỏi của công dân đã xét',
  questions_reminded: 'Câu hỏi đã nhắc cán bộ trả lời',
  questions_escalated: 'Câu hỏi quá hạn trả lời đã báo lãnh đạo',
  question_emails: 'Thư nhắc về câu hỏi đã đưa vào hàng gửi',
};

export const QUESTION_ESCALATED_EVENT = 'question_escalated';

/** The first characters of the question, on one line, cut at a word when possible. */
export function questionExcerpt(text: string, max = EXCERPT_CHARS): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function messageData(ctx: SweepContext, q: QuestionCandidate): Record<string, string> {
  return {
    code: q.dossierCode,
    excerpt: questionExcerpt(q.text),
    due: formatDateTimeVn(q.answerDueAt),
    link: absoluteUrl(ctx.deps.config.server.publicBaseUrl, paths.dossiers.show(q.dossierId)),
  };
}

/** Run `effect` once per candidate of `kind`, each in its own transaction after marking the question. */
async function forEachMarked(ctx: SweepContext, kind: QuestionSweepKind, effect: (trx: SweepContext['deps']['db'], q: QuestionCandidate) => Promise<number>) {
  const repo = questionSweepsRepo(ctx.deps.db);
  let examined = 0;
  let changed = 0;
  let emails = 0;
  let after: QuestionCursor | null = null;
  for (;;) {
    const page: { candidates: QuestionCandidate[]; next: QuestionCursor | null } = await repo.page(kind, ctx.now, after, BATCH);
    for (const q of page.candidates) {
      examined++;
      const sent = await ctx.deps.db.transaction(async (trx) => {
        if (!(await questionSweepsRepo(trx).mark(kind, q.id, ctx.now))) return null;
        return effect(trx, q);
      });
      if (sent !== null) {
        changed++;
        emails += sent;
      }
    }
    if (!page.next) break;
    after = page.next;
  }
  return { examined, changed, emails };
}

async function emailEach(trx: SweepContext['deps']['db'], ctx: SweepContext, q: QuestionCandidate, template: string, recipients: Array<{ id: number; email: string }>) {
  let n = 0;
  const data = messageData(ctx, q);
  for (const u of recipients) {
    const ok = await ctx.ports.notifications.enqueue(trx, {
      channel: 'email',
      recipient: u.email,
      template,
      data,
      reference: q.dossierCode,
      dossierId: q.dossierId,
      idempotencyKey: `${template}:${q.id}:staff:${u.id}`,
      notBefore: ctx.now,
      now: ctx.now,
    });
    if (ok) n++;
  }
  return n;
}

export async function questionSweep(ctx: SweepContext): Promise<Record<string, number>> {
  const reminded = await forEachMarked(ctx, 'remind', async (trx, q) => emailEach(trx, ctx, q, 'question_due_soon', await questionSweepsRepo(trx).officersToRemind(q)));
  const escalated = await forEachMarked(ctx, 'escalate', async (trx, q) => {
    await appendEvent(trx, q.dossierId, {
      type: QUESTION_ESCALATED_EVENT,
      fromStatus: null,
      toStatus: null,
      actorId: null,
      note: `Câu hỏi của công dân chưa được trả lời đúng hạn (hạn trả lời ${formatDateTimeVn(q.answerDueAt)}): đã báo lãnh đạo đơn vị.`,
      public: false,
      ip: null,
      createdAt: ctx.now,
    });
    return emailEach(trx, ctx, q, 'question_overdue', await questionSweepsRepo(trx).supervisorsOf([q.holderAgencyId, q.processingAgencyId]));
  });
  return {
    questions_examined: reminded.examined + escalated.examined,
    questions_reminded: reminded.changed,
    questions_escalated: escalated.changed,
    question_emails: reminded.emails + escalated.emails,
  };
}
