import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import type { DossierHandoverRow } from '../../platform/record/tables.js';

/** A row of listHandovers: the hand-over and the names joined to it. */
type HandoverJoinedRow = Pick<DossierHandoverRow, 'at' | 'due_at' | 'note' | 'from_agency_id' | 'to_agency_id'> & {
  from_agency: string;
  to_agency: string;
  from_user: string | null;
  to_user: string | null;
};

export interface Handover {
  at: Date;
  fromAgencyId: number;
  fromAgency: string;
  toAgencyId: number;
  toAgency: string;
  fromUser: string | null;
  toUser: string | null;
  /** The dossier's appointment when the hand-over was made. */
  dueAt: Date;
  note: string | null;
}

export async function listHandovers(db: Knex, dossierId: number): Promise<Handover[]> {
  const rows = await db('dossier_handovers as h')
    .join('agencies as fa', 'fa.id', 'h.from_agency_id')
    .join('agencies as ta', 'ta.id', 'h.to_agency_id')
    .leftJoin('users as fu', 'fu.id', 'h.from_user_id')
    .leftJoin('users as tu', 'tu.id', 'h.to_user_id')
    .where('h.dossier_id', dossierId)
    .orderBy('h.id')
    .select<HandoverJoinedRow[]>('h.at', 'h.due_at', 'h.note', 'h.from_agency_id', 'h.to_agency_id', 'fa.name as from_agency', 'ta.name as to_agency', 'fu.full_name as from_user', 'tu.full_name as to_user');
  return rows.map((r) => ({
    at: toDate(r.at),
    fromAgencyId: Number(r.from_agency_id),
    fromAgency: r.from_agency,
    toAgencyId: Number(r.to_agency_id),
    toAgency: r.to_agency,
    fromUser: r.from_user ?? null,
    toUser: r.to_user ?? null,
    dueAt: toDate(r.due_at),
    note: r.note ?? null,
  }));
}
