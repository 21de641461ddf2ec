/** Reading the outbox for people: the staff list and a dossier's messages. */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { StaffUser } from '../../domain/roles.js';
import { channelLabel, deliveryStatusLabel } from './labels.js';
import { DELIVERY_STATUSES, type Channel, type DeliveryStatus } from './outbox.js';
import { CITIZEN_TEMPLATE_KEYS, getTemplate } from './templates.js';

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
  page: number;
  pageSize: number;
}

/** Administrators and supervisors see every message; other staff those about their agency's dossiers. */
export function seesAllMessages(staff: StaffUser): boolean {
  return staff.role === 'admin' || staff.role === 'supervisor';
}

function scoped(db: Knex, staff: StaffUser): Knex.QueryBuilder {
  const q = db('outbox_messages as m');
  if (!seesAllMessages(staff)) {
    q.join('dossiers as d', 'd.id', 'm.dossier_id').where((w) =>
      w.where('d.agency_id', staff.agencyId).orWhere('d.processing_agency_id', staff.agencyId).orWhere('d.assigned_agency_id', staff.agencyId),
    );
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

export function notificationsRepo(db: Knex) {
  return {
    async list(staff: StaffUser, f: OutboxListFilter): Promise<{ rows: OutboxListRow[]; total: number; byStatus: Record<DeliveryStatus, number> }> {
      const filtered = () => {
        const q = scoped(db, staff);
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
        scoped(db, staff).groupBy('m.status').select('m.status').count({ n: '*' }),
      ]);
      const byStatus = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
      for (const r of statusRows as Array<{ status: DeliveryStatus; n: number | string }>) byStatus[r.status] = Number(r.n);
      return { rows: rows.map(toRow), total: Number((totalRow as { n?: number | string } | undefined)?.n ?? 0), byStatus };
    },
  };
}

export interface DossierMessage {
  channel: Channel;
  channelLabel: string;
  template: string;
  /** The template's name ("Báo có kết quả trước hạn"). */
  templateTitle: string;
  status: DeliveryStatus;
  statusLabel: string;
  createdAt: Date;
  deliveredAt: Date | null;
  /** Null on the public page. */
  recipient: string | null;
}

/**
 * The messages about one dossier, oldest first. publicOnly (the citizen's status page):
 * citizen-facing templates only, and no recipient.
 */
export async function messagesForDossier(db: Knex, dossierId: number, opts: { publicOnly: boolean }): Promise<DossierMessage[]> {
  const q = db('outbox_messages').where('dossier_id', dossierId);
  if (opts.publicOnly) q.whereIn('template', CITIZEN_TEMPLATE_KEYS as string[]);
  const rows: Array<Record<string, any>> = await q
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select('channel', 'template', 'status', 'created_at', 'delivered_at', 'recipient');
  return rows.map((r) => toDossierMessage(r, opts));
}

/** A stored message row (channel, template, status, created_at, delivered_at, recipient) as shown. */
export function toDossierMessage(r: Record<string, any>, opts: { publicOnly: boolean }): DossierMessage {
  return {
    channel: r.channel,
    channelLabel: channelLabel(r.channel),
    template: r.template,
    templateTitle: getTemplate(r.template)?.label ?? r.template,
    status: r.status,
    statusLabel: deliveryStatusLabel(r.status),
    createdAt: toDate(r.created_at),
    deliveredAt: toDateOrNull(r.delivered_at),
    recipient: opts.publicOnly ? null : r.recipient,
  };
}
