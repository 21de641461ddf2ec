/**
 * The outbox: every message to a person is first a row, written in the same transaction
 * as the change that causes it, then delivered by the dispatcher. The idempotency key is
 * unique, so asking twice for the same message stores it once. The SQL is in outbox.repo.ts;
 * what a message is, in message.ts.
 */
import type { Deps } from '../../deps.js';
import type { CitizenContact } from './message.js';
import { enqueue } from './outbox.repo.js';

export { CHANNELS, DELIVERY_STATUSES, type Channel, type CitizenContact, type DeliveryStatus, type NewMessage } from './message.js';
export { enqueue } from './outbox.repo.js';

/**
 * A message to a citizen on every channel that reaches them: Zalo ZNS when configured
 * (SMS otherwise) for the phone, and e-mail when they gave an address. The dispatcher
 * falls back from ZNS to SMS when Zalo says the person cannot receive it.
 */
export async function enqueueForCitizen(
  db: Deps['db'],
  opts: { contact: CitizenContact; phoneChannel: 'zns' | 'sms'; template: string; data: Record<string, string>; reference: string; dossierId: number | null; key: string; now: Date },
): Promise<number> {
  let n = 0;
  const base = { template: opts.template, data: opts.data, reference: opts.reference, dossierId: opts.dossierId, notBefore: opts.now, now: opts.now };
  if (opts.contact.phone.trim() && (await enqueue(db, { ...base, channel: opts.phoneChannel, recipient: opts.contact.phone, idempotencyKey: `${opts.key}:${opts.phoneChannel}` }))) n++;
  if (opts.contact.email && (await enqueue(db, { ...base, channel: 'email', recipient: opts.contact.email, idempotencyKey: `${opts.key}:email` }))) n++;
  return n;
}
