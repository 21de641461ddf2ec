/**
 * What a citizen notice needs, read inside the caller's transaction (on SQLite the
 * transaction holds the only connection, so nothing here may use another handle): the
 * dossier and its receiving agency, the holiday table for "days early", the number of
 * supplement requests so far. (The administrators' template switches are the messaging
 * platform's: src/platform/messaging/switches.repo.ts.)
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { CalendarEntry, DayKind } from '../../domain/calendar.js';
import { procedureHasFee } from '../../domain/result-file.js';
import type { ResultDelivery } from '../../domain/status.js';

export interface NoticeDossier {
  id: number;
  code: string;
  status: string;
  token: string;
  phone: string;
  email: string | null;
  resultDelivery: ResultDelivery;
  dueAt: Date;
  originalDueAt: Date;
  extendedDueAt: Date | null;
  finishedAt: Date | null;
  earlyNotifiedAt: Date | null;
  procedureName: string;
  /** The receiving agency: where papers are brought and results collected. */
  agency: { name: string; address: string; hotline: string };
  /** An electronic result is attached (src/features/dossier-files), and whether fees must be paid before it can be downloaded; null: none. */
  electronicResult: { feeDue: boolean } | null;
}

type Db = Knex | Knex.Transaction;

export function citizenNoticesRepo(db: Db) {
  return {
    async dossier(id: number): Promise<NoticeDossier | undefined> {
      const r = await db('dossiers as d')
        .join('procedures as p', 'p.id', 'd.procedure_id')
        .join('agencies as a', 'a.id', 'd.agency_id')
        .where('d.id', id)
        .first(
          'd.id',
          'd.code',
          'd.status',
          'd.public_token',
          'd.applicant_phone',
          'd.applicant_email',
          'd.result_delivery',
          'd.due_at',
          'd.original_due_at',
          'd.extended_due_at',
          'd.finished_at',
          'd.early_notified_at',
          'p.name as procedure_name',
          'a.name as agency_name',
          'a.address as agency_address',
          'a.hotline as agency_hotline',
          'p.fee_vnd',
          db.raw("exists (select 1 from dossier_files f where f.dossier_id = d.id and f.purpose = 'result' and f.removed_at is null) as has_result_file"),
          db.raw("exists (select 1 from dossier_events e where e.dossier_id = d.id and e.type = 'fee_paid') as fee_paid"),
        );
      if (!r) return undefined;
      return {
        id: r.id,
        code: r.code,
        status: r.status,
        token: r.public_token,
        phone: r.applicant_phone,
        email: r.applicant_email ?? null,
        resultDelivery: r.result_delivery,
        dueAt: toDate(r.due_at),
        originalDueAt: toDate(r.original_due_at),
        extendedDueAt: toDateOrNull(r.extended_due_at),
        finishedAt: toDateOrNull(r.finished_at),
        earlyNotifiedAt: toDateOrNull(r.early_notified_at),
        procedureName: r.procedure_name,
        agency: { name: r.agency_name, address: r.agency_address ?? '', hotline: r.agency_hotline ?? '' },
        // Fees are due unless the procedure charges 0 or staff recorded them paid (src/domain/result-file.ts).
        electronicResult: Number(r.has_result_file) ? { feeDue: procedureHasFee(r.fee_vnd === null ? null : Number(r.fee_vnd)) && !Number(r.fee_paid) } : null,
      };
    },

    /** The holiday table (the calendar feature reads the same rows; here through the caller's transaction). */
    async holidays(): Promise<CalendarEntry[]> {
      const rows = await db('holidays').select('date', 'kind', 'name').orderBy('date');
      return rows.map((r) => ({ date: r.date, kind: r.kind as DayKind, name: r.name }));
    },

    /** Supplement pauses the dossier has had (the current request's included once it is open). */
    async supplementRequests(dossierId: number): Promise<number> {
      const row = await db('dossier_pauses').where({ dossier_id: dossierId, kind: 'supplement' }).count({ n: '*' }).first();
      return Number((row as { n?: number | string } | undefined)?.n ?? 0);
    },

    /** The citizen was told of the early result: the early-completion sweep leaves it alone. */
    async markEarlyNotified(dossierId: number, now: Date): Promise<void> {
      await db('dossiers').where({ id: dossierId }).whereNull('early_notified_at').update({ early_notified_at: now });
    },
  };
}
