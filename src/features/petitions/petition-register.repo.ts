/** The register of petitions received (sổ tiếp nhận; Decree 20/2008 art. 7(2)(đ), 9(1)(b)–(c)): every petition received in a period, in order. */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';

export interface RegisterRow {
  code: string;
  receivedAt: Date;
  channel: string;
  receivedHow: string | null;
  recordedByName: string | null;
  kind: string;
  senderName: string;
  senderAddress: string;
  senderContact: string;
  content: string;
  status: string;
  competentAgencyName: string | null;
  externalBody: string | null;
  dispatchNumber: string | null;
  dispatchDate: string | null;
  forwardedAt: Date | null;
  answeredAt: Date | null;
  outcome: string | null;
  closingReason: string | null;
}

/** Petitions received in [from, to), oldest first (the register's order). */
export async function registerRows(db: Knex, from: Date, to: Date): Promise<RegisterRow[]> {
  const rows = await db('petitions as p')
    .leftJoin('users as ru', 'ru.id', 'p.recorded_by')
    .leftJoin('agencies as ka', 'ka.id', 'p.competent_agency_id')
    .where('p.received_at', '>=', from)
    .andWhere('p.received_at', '<', to)
    .orderBy('p.received_at')
    .orderBy('p.id')
    .select(
      'p.code',
      'p.received_at',
      'p.channel',
      'p.received_how',
      'ru.full_name as recorded_by_name',
      'p.kind',
      'p.sender_name',
      'p.sender_address',
      'p.sender_phone',
      'p.sender_email',
      'p.content',
      'p.status',
      'ka.name as competent_agency_name',
      'p.external_body',
      'p.dispatch_number',
      'p.dispatch_date',
      'p.forwarded_at',
      'p.answered_at',
      'p.outcome',
      'p.closing_reason',
    );
  return rows.map((r) => ({
    code: String(r.code),
    receivedAt: toDate(r.received_at),
    channel: String(r.channel),
    receivedHow: r.received_how ?? null,
    recordedByName: r.recorded_by_name ?? null,
    kind: String(r.kind),
    senderName: String(r.sender_name),
    senderAddress: String(r.sender_address),
    senderContact: [r.sender_phone, r.sender_email].filter(Boolean).join(', '),
    content: String(r.content),
    status: String(r.status),
    competentAgencyName: r.competent_agency_name ?? null,
    externalBody: r.external_body ?? null,
    dispatchNumber: r.dispatch_number ?? null,
    dispatchDate: r.dispatch_date ?? null,
    forwardedAt: toDateOrNull(r.forwarded_at),
    answeredAt: toDateOrNull(r.answered_at),
    outcome: r.outcome ?? null,
    closingReason: r.closing_reason ?? null,
  }));
}
