/**
 * The OA's followers (zalo_users), their links to dossiers (zalo_links), and what the
 * replies need to know of those dossiers and of the province centre (its hotline).
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { DossierStatus } from '../../domain/status.js';
import type { DossierRow, Timestamp } from '../../platform/record/tables.js';

export interface ZaloUser {
  zaloUserId: string;
  followed: boolean;
  pendingText: string | null;
  pendingAt: Date | null;
}

export interface LinkedDossier {
  id: number;
  code: string;
  status: DossierStatus;
  token: string;
  phone: string;
  dueAt: Date;
  extendedDueAt: Date | null;
  linkedAt: Date;
}

const dossierColumns = ['d.id', 'd.code', 'd.status', 'd.public_token', 'd.applicant_phone', 'd.due_at', 'd.extended_due_at'];

/** A row selecting dossierColumns (and, for a follower's list, the link's time). */
type LinkedSource = Pick<DossierRow, 'id' | 'code' | 'status' | 'public_token' | 'applicant_phone' | 'due_at' | 'extended_due_at'> & { linked_at?: Timestamp };

function toLinked(r: LinkedSource): LinkedDossier {
  return {
    id: Number(r.id),
    code: String(r.code),
    status: r.status,
    token: String(r.public_token),
    phone: String(r.applicant_phone ?? ''),
    dueAt: toDate(r.due_at),
    extendedDueAt: toDateOrNull(r.extended_due_at),
    linkedAt: r.linked_at === undefined ? new Date(0) : toDate(r.linked_at),
  };
}

export function zaloUsersRepo(db: Knex | Knex.Transaction) {
  return {
    async user(zaloUserId: string): Promise<ZaloUser | undefined> {
      const r = await db('zalo_users').where({ zalo_user_id: zaloUserId }).first('zalo_user_id', 'followed', 'pending_text', 'pending_at');
      return r
        ? { zaloUserId: String(r.zalo_user_id), followed: r.followed === true || r.followed === 1, pendingText: r.pending_text ?? null, pendingAt: toDateOrNull(r.pending_at) }
        : undefined;
    },

    /** The follower heard from now (created on first contact). `message`: they wrote to the OA. */
    async touch(zaloUserId: string, now: Date, opts: { followed?: boolean; message?: boolean }): Promise<void> {
      const fields: Record<string, unknown> = {};
      if (opts.followed !== undefined) fields.followed = opts.followed;
      if (opts.message) fields.last_message_at = now;
      const insert = { zalo_user_id: zaloUserId, followed: opts.followed ?? true, first_seen_at: now, last_message_at: opts.message ? now : null };
      const q = db('zalo_users').insert(insert).onConflict('zalo_user_id');
      await (Object.keys(fields).length > 0 ? q.merge(fields) : q.ignore());
    },

    async setPending(zaloUserId: string, text: string | null, at: Date | null): Promise<void> {
      await db('zalo_users').where({ zalo_user_id: zaloUserId }).update({ pending_text: text, pending_at: at });
    },

    /** Link a follower to a dossier; false when already linked. */
    async link(zaloUserId: string, dossierId: number, now: Date): Promise<boolean> {
      const rows = await db('zalo_links').insert({ zalo_user_id: zaloUserId, dossier_id: dossierId, linked_at: now }).onConflict(['zalo_user_id', 'dossier_id']).ignore().returning('id');
      return rows.length > 0;
    },

    /** The dossiers a follower is linked to, most recently linked first. */
    async linkedDossiers(zaloUserId: string): Promise<LinkedDossier[]> {
      const rows = await db('zalo_links as l')
        .join('dossiers as d', 'd.id', 'l.dossier_id')
        .where('l.zalo_user_id', zaloUserId)
        .orderBy([{ column: 'l.linked_at', order: 'desc' }, { column: 'l.id', order: 'desc' }])
        .select<LinkedSource[]>([...dossierColumns, 'l.linked_at']);
      return rows.map(toLinked);
    },

    /** The dossier behind a code whose phone ends with these 4 digits (the lookup's secret check). */
    async dossierByCodeAndLast4(code: string, last4: string): Promise<LinkedDossier | undefined> {
      const r = await db('dossiers as d').where('d.code', code).first<LinkedSource | undefined>(dossierColumns);
      if (!r || String(r.applicant_phone ?? '').replace(/\D/g, '').slice(-4) !== last4) return undefined;
      return toLinked(r);
    },

    /** The province centre's hotline (the agency of kind 'centre' without a parent), '' when none is set. */
    async centreHotline(): Promise<string> {
      const r = await db('agencies').where({ kind: 'centre' }).whereNull('parent_id').orderBy('id').first('hotline');
      return r?.hotline ? String(r.hotline) : '';
    },
  };
}
