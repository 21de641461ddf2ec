/** Reading the outbox for people: the staff list and a dossier's messages. */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { StaffUser } from '../../domain/roles.js';
import { DELIVERY_STATUSES, type Channel, type DeliveryStatus } from '../../platform/messaging/message.js';
import type { StoredMessage } from '../../platform/messaging/messages.js';
import { joinStaffDossiers } from '../../platform/record/scope.repo.js';

export interface OutboxListRow {
  id: number;
  channel: Channel;
  recipient: string;
  template: string;
  reference: string | null;
  dossierId: number | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lockedBy: string | null;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface OutboxListFilter {
  status?: DeliveryStatus;
  /** Templates never listed (the registry's sealed ones: a survey's personal links). */
  hidden?: readonly string[];
  page: number;
  pageSize: number;
}

/** Only the administrator sees every message (issue 11 #2: supervisors too were unscoped). */
export function seesAllMessages(staff: StaffUser): boolean {
  return staff.role === 'admin';
}

/**
 * Messages the viewer may see: about a dossier their agency received, processes or was
 * assigned (the record core's joinStaffDossiers: canSeeDossier's rule). Messages about
 * no dossier (staff notices) are the administrator's only.
 */
function scoped(db: Knex, staff: StaffUser): Knex.QueryBuilder {
  const q = db('outbox_messages as m');
  if (!seesAllMessages(staff)) {
    return joinStaffDossiers(q, staff, 'm.dossier_id');
  }
  return q;
}

function toRow(r: Record<string, any>): OutboxListRow {
  return {
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    template: r.template,
    reference: r.reference ?? null,
    dossierId: r.dossier_id ?? null,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: toDate(r.next_attempt_at),
    lockedBy: r.locked_by ?? null,
    providerMessageId: r.provider_message_id ?? null,
    lastError: r.last_error ?? null,
    createdAt: toDate(r.created_at),
    deliveredAt: toDateOrNull(r.delivered_at),
  };
}

function toStoredMessage(r: Record<string, any>): StoredMessage {
  return { channel: r.channel, template: r.template, status: r.status, createdAt: toDate(r.created_at), deliveredAt: toDateOrNull(r.delivered_at), recipient: r.recipient };
}

export function notificationsRepo(db: Knex) {
  return {
    async list(staff: StaffUser, f: OutboxListFilter): Promise<{ rows: OutboxListRow[]; total: number; byStatus: Record<DeliveryStatus, number> }> {
      const visible = () => {
        const q = scoped(db, staff);
        if (f.hidden && f.hidden.length > 0) q.whereNotIn('m.template', f.hidden as string[]);
        return q;
      };
      const filtered = () => {
        const q = visible();
        if (f.status) q.where('m.status', f.status);
        return q;
      };
      const [rows, totalRow, statusRows] = await Promise.all([
        filtered()
          .orderBy([{ column: 'm.created_at', order: 'desc' }, { column: 'm.id', order: 'desc' }])
          .limit(f.pageSize)
          .offset((f.page - 1) * f.pageSize)
          .select(
            'm.id',
            'm.channel',
            'm.recipient',
            'm.template',
            'm.reference',
            'm.dossier_id',
            'm.status',
            'm.attempts',
            'm.next_attempt_at',
            'm.locked_by',
            'm.provider_message_id',
            'm.last_error',
            'm.created_at',
            'm.delivered_at',
          ),
        filtered().count({ n: '*' }).first(),
        visible().groupBy('m.status').select('m.status').count({ n: '*' }),
      ]);
      const byStatus = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
      for (const r of statusRows as Array<{ status: DeliveryStatus; n: number | string }>) byStatus[r.status] = Number(r.n);
      return { rows: rows.map(toRow), total: Number((totalRow as { n?: number | string } | undefined)?.n ?? 0), byStatus };
    },

    /** The messages about one dossier, oldest first; `templates`: on these templates only (e.g. the registry's citizenKeys). */
    async messagesForDossier(dossierId: number, opts: { templates?: readonly string[] } = {}): Promise<StoredMessage[]> {
      const q = db('outbox_messages').where('dossier_id', dossierId);
      if (opts.templates) q.whereIn('template', opts.templates as string[]);
      const rows: Array<Record<string, any>> = await q
        .orderBy([{ column: 'created_at' }, { column: 'id' }])
        .select('channel', 'template', 'status', 'created_at', 'delivered_at', 'recipient');
      return rows.map(toStoredMessage);
    },
  };
}
