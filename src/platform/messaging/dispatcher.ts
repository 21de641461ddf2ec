/**
 * The outbox dispatcher: delivers due messages, at least once, never twice at the same
 * time, from any number of instances.
 *
 * - Due: status created or temporary-failure with next_attempt_at <= now and no live
 *   lock, or status sending whose lock has expired (the sender died mid-send). Only
 *   channels that are configured are looked at: without a provider, messages stay
 *   'created' and visible, and go out once the provider is configured.
 * - Claim: one conditional UPDATE per message (status sending, locked_until now + 2 min,
 *   locked_by this instance, attempts + 1) that matches only while the row is still due;
 *   of two dispatchers, exactly one claims it. No transaction is held while sending.
 * - Quiet hours: citizen messages due during quiet hours are moved to the end of them
 *   without being claimed; staff messages go out at any time.
 * - Outcome: delivered (delivered_at, provider_message_id); temporary-failure with the
 *   next try after 1, 5, 15, 30 min, 1, 2, 4, 4 … h, given up after 24 h as
 *   permanent-failure; permanent-failure. last_error keeps the latest failure's text.
 *   Zalo's "this person cannot receive ZNS" ends the ZNS message and enqueues an SMS
 *   copy (idempotency key "<key>:fallback-sms") when SMS is configured; a message with its
 *   own fallback (outbox_messages.fallback_*: a Zalo OA reply refused outside its window)
 *   enqueues that instead (key "<key>:fallback").
 * The SQL of each step is in outbox.repo.ts. Templates come from the registry the caller
 * passes (src/messaging.ts builds the application's).
 * - A channel that fails temporarily CHANNEL_BREAKER_THRESHOLD times in a row is not used
 *   again in this run: its remaining messages wait, unclaimed, for the next run.
 */
import type { Deps } from '../../deps.js';
import { errorText, type ChannelSender, type OutgoingMessage, type SendResult } from './channel.js';
import { emailChannel } from './channels/email.js';
import { smsChannel } from './channels/sms.js';
import { znsChannel } from './channels/zns.js';
import type { Channel, NewMessage } from './message.js';
import { outboxRepo, type OutboxRow } from './outbox.repo.js';
import { inQuietHours, LOCK_MS, quietHoursEnd, retryAfterFailure } from './schedule.js';
import { render, templateData, TemplateError, type TemplateRegistry } from './templates.js';
import { zaloCsChannel } from './zalo-oa/consultation.js';
import { zaloTokens } from './zalo-oa/tokens.js';

export type ChannelSet = Partial<Record<Channel, ChannelSender>>;

/** Plain numbers (a type, not an interface, so it is a Record<string, number> for job_runs). */
export type DispatchCounts = {
  /** Due messages looked at. */
  selected: number;
  delivered: number;
  /** Failed for now; will be tried again. */
  temporary: number;
  permanent: number;
  /** Messages replaced by a copy on another channel (ZNS → SMS, Zalo OA → ZNS/SMS). */
  fallback: number;
  /** Put off to a set time at the provider's request (ZNS at night). */
  rescheduled: number;
  /** Citizen messages held back until quiet hours end. */
  held: number;
  /** Claimed by another dispatcher first. */
  skipped: number;
  /** Unexpected errors (database); the message is retried once its lock expires. */
  errors: number;
  /** Left for the next run because their channel kept failing in this one. */
  deferred: number;
};

/**
 * After this many temporary failures in a row on one channel, a run stops using it and
 * leaves its remaining messages (unclaimed, untouched) for the next run: a provider that
 * is down costs a few timeouts, not one per message.
 */
export const CHANNEL_BREAKER_THRESHOLD = 5;

/** Channels with a provider configured. */
export function configuredChannels(config: Deps['config']): Channel[] {
  const n = config.notifications;
  const out: Channel[] = [];
  if (n.zns) out.push('zns');
  if (n.sms) out.push('sms');
  if (n.smtp) out.push('email');
  if (n.zaloOa) out.push('zalo_cs');
  return out;
}

/** The senders of the configured channels; the Zalo OA one reads its token from the database. */
export function createChannels(deps: Pick<Deps, 'config' | 'clock' | 'logger' | 'db'>): ChannelSet {
  const n = deps.config.notifications;
  const set: ChannelSet = {};
  if (n.zns) set.zns = znsChannel({ config: n.zns, clock: deps.clock, logger: deps.logger, quietHours: n.quietHours });
  if (n.sms) set.sms = smsChannel({ config: n.sms, logger: deps.logger });
  if (n.smtp) set.email = emailChannel({ config: n.smtp, logger: deps.logger });
  if (n.zaloOa) set.zalo_cs = zaloCsChannel({ config: n.zaloOa, tokens: zaloTokens(deps, n.zaloOa), logger: deps.logger });
  return set;
}

async function runPool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

const noCounts = (): DispatchCounts => ({ selected: 0, delivered: 0, temporary: 0, permanent: 0, fallback: 0, rescheduled: 0, held: 0, skipped: 0, errors: 0, deferred: 0 });

export async function dispatchDue(deps: Deps, templates: TemplateRegistry, opts: { limit?: number; concurrency?: number; channels?: ChannelSet } = {}): Promise<DispatchCounts> {
  const run = dispatchRun(deps, templates, opts.channels ?? createChannels(deps));
  const { counts, channels, repo } = run;
  if (channels.length === 0) return counts;
  const quiet = deps.config.notifications.quietHours;

  const now = deps.clock.now();
  if (inQuietHours(now, quiet)) counts.held = await repo.holdForQuietHours(channels, now, quietHoursEnd(now, quiet), templates.quietExemptKeys);

  const due = await repo.due(channels, now, opts.limit ?? 100);
  counts.selected = due.length;

  await runPool(due, opts.concurrency ?? 4, async ({ id, channel }) => {
    if (run.failing(channel)) {
      counts.deferred++;
      return;
    }
    await run.deliverSafely(id);
  });
  if (counts.deferred > 0) {
    const down = channels.filter((c) => run.failing(c));
    deps.logger.error({ channels: down, deferred: counts.deferred }, 'notification channel failing: remaining messages left for the next run');
  }
  return counts;
}

/**
 * Deliver these messages now, one after the other, if they are due and still unclaimed:
 * a reply to a citizen's own message, right after the transaction that stored it
 * committed, so it does not wait for the outbox job. The same claim as dispatchDue, so a
 * message is sent once whichever instance (or job run) gets to it first; one that is not
 * due, or that fails, is left to the job.
 */
export async function dispatchIds(deps: Deps, templates: TemplateRegistry, ids: readonly number[], opts: { channels?: ChannelSet } = {}): Promise<DispatchCounts> {
  const run = dispatchRun(deps, templates, opts.channels ?? createChannels(deps));
  if (run.channels.length === 0) return run.counts;
  run.counts.selected = ids.length;
  for (const id of ids) await run.deliverSafely(id);
  return run.counts;
}

/** One dispatcher run over the given senders: the claim, send and outcome of a message, and the run's counts. */
function dispatchRun(deps: Deps, templates: TemplateRegistry, senders: ChannelSet) {
  const { clock, config, logger } = deps;
  const repo = outboxRepo(deps.db);
  const counts = noCounts();
  const channels = (Object.keys(senders) as Channel[]).filter((c) => senders[c]);
  const me = config.server.instanceId;

  const failingInARow: Partial<Record<Channel, number>> = {};

  async function finish(row: OutboxRow, result: SendResult): Promise<void> {
    const at = clock.now();
    // A sealed template's message (a survey link) is erased once it is over.
    const seal = { seal: templates.sealedKeys.includes(row.template) };
    failingInARow[row.channel] = !result.ok && result.kind === 'temporary' ? (failingInARow[row.channel] ?? 0) + 1 : 0;
    if (result.ok) {
      if (await repo.finish(row.id, me, at, { status: 'delivered', deliveredAt: at, providerMessageId: result.providerId || null }, seal)) counts.delivered++;
      else logger.warn({ outboxId: row.id }, 'delivered, but the claim had been lost');
      return;
    }
    const error = result.error.slice(0, 2000);
    switch (result.kind) {
      case 'temporary': {
        const decision = retryAfterFailure({ now: at, createdAt: row.created_at, attempts: row.attempts, notBefore: result.retryAt });
        if (decision.retry) {
          await repo.finish(row.id, me, at, { status: 'temporary-failure', nextAttemptAt: decision.at, lastError: error });
          counts.temporary++;
        } else {
          await repo.finish(row.id, me, at, { status: 'permanent-failure', lastError: `${error} — ngừng gửi: quá 24 giờ từ khi tạo (${row.attempts} lần thử)` }, seal);
          counts.permanent++;
          logger.warn({ outboxId: row.id, channel: row.channel }, 'message given up after 24 h');
        }
        return;
      }
      case 'reschedule': {
        const when = result.retryAt ?? new Date(at.getTime() + LOCK_MS);
        await repo.finish(row.id, me, at, { status: 'temporary-failure', nextAttemptAt: when, lastError: error });
        counts.rescheduled++;
        return;
      }
      case 'permanent': {
        await repo.finish(row.id, me, at, { status: 'permanent-failure', lastError: error }, seal);
        counts.permanent++;
        logger.warn({ outboxId: row.id, channel: row.channel, error }, 'message failed permanently');
        return;
      }
      case 'fallback_sms': {
        const copy = fallbackCopy(row, at);
        await repo.endWithCopy(row.id, me, at, copy ? `${error} — ${copy.note}` : row.channel === 'zalo_cs' ? `${error} — không có số điện thoại để gửi thay` : `${error} — chưa cấu hình SMS để gửi thay`, copy?.message ?? null, seal);
        counts.permanent++;
        if (copy) counts.fallback++;
        return;
      }
    }
  }

  /**
   * The copy sent instead of a message its provider refused for good: the row's own
   * fallback when it has one (a Zalo consultation message → ZNS/SMS to the dossier's
   * phone, with its template), else the SMS copy of a ZNS message when SMS is configured.
   */
  function fallbackCopy(row: OutboxRow, at: Date): { message: NewMessage; note: string } | null {
    const data = JSON.parse(row.data) as Record<string, string>;
    const base = { data, reference: row.reference, dossierId: row.dossier_id, notBefore: at, now: at };
    if (row.fallback_channel && row.fallback_recipient && row.fallback_template) {
      return {
        message: { ...base, channel: row.fallback_channel, recipient: row.fallback_recipient, template: row.fallback_template, idempotencyKey: `${row.idempotency_key}:fallback` },
        note: `đã gửi thay qua ${row.fallback_channel === 'zns' ? 'Zalo ZNS' : row.fallback_channel === 'sms' ? 'SMS' : row.fallback_channel}`,
      };
    }
    if (config.notifications.sms === null || row.channel === 'sms' || row.channel === 'zalo_cs') return null;
    return { message: { ...base, channel: 'sms', recipient: row.recipient, template: row.template, idempotencyKey: `${row.idempotency_key}:fallback-sms` }, note: 'đã gửi thay bằng SMS' };
  }

  async function deliver(id: number): Promise<void> {
    const claimAt = clock.now();
    if (!(await repo.claim(id, channels, claimAt, me, LOCK_MS))) {
      counts.skipped++;
      return;
    }
    const row = await repo.claimed(id, me);
    if (!row) {
      counts.skipped++;
      return;
    }
    const sender = senders[row.channel];
    let message: OutgoingMessage;
    try {
      const template = templates.get(row.template);
      if (!template) throw new TemplateError(`Không có mẫu tin "${row.template}"`);
      let data: unknown;
      try {
        data = JSON.parse(row.data);
      } catch {
        throw new TemplateError('Dữ liệu mẫu tin không phải JSON');
      }
      if (!data || typeof data !== 'object') throw new TemplateError('Dữ liệu mẫu tin không hợp lệ');
      const values = templateData(template, data as Record<string, unknown>);
      const rendered = render(template, values);
      message = { id: row.id, channel: row.channel, recipient: row.recipient, template, data: values, title: rendered.title, text: rendered.text, reference: row.reference };
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      logger.error({ outboxId: row.id, template: row.template, err: err.message }, 'message cannot be rendered');
      await finish(row, { ok: false, kind: 'permanent', error: err.message });
      return;
    }
    let result: SendResult;
    try {
      result = sender ? await sender.send(message) : { ok: false, kind: 'temporary', error: `Kênh ${row.channel} chưa được cấu hình` };
    } catch (err) {
      result = { ok: false, kind: 'temporary', error: errorText(err) };
    }
    await finish(row, result);
  }

  return {
    counts,
    channels,
    repo,
    /** This channel failed temporarily CHANNEL_BREAKER_THRESHOLD times in a row in this run. */
    failing: (channel: Channel) => (failingInARow[channel] ?? 0) >= CHANNEL_BREAKER_THRESHOLD,
    /** Deliver one message if this run claims it; an unexpected error is counted and logged (the lock expires, the job retries). */
    async deliverSafely(id: number): Promise<void> {
      try {
        await deliver(id);
      } catch (err) {
        counts.errors++;
        logger.error({ err, outboxId: id }, 'outbox dispatch failed');
      }
    },
  };
}
