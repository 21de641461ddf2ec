/**
 * What staff see of the national portal (DVCQG) sync: the sync rows (written by the sync's
 * observer, sent by its job) read for the administrator's page, the dossier page's panel and
 * the admin home, "Gửi lại" (a held or failed row back to the queue), and the status map.
 * The administrator's reads join the dossiers through the record core (an administrator sees
 * every dossier; the rule is the record's, not ours).
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import { joinStaffDossiers } from '../../platform/record/scope.repo.js';
import type { StaffScope } from '../../platform/record/visibility.js';
import { PORTAL_AGENCY_COLUMN, type HeldReason, type RowKind, type SyncState } from './admin.schema.js';

export interface SyncRow {
  id: number;
  dossierId: number;
  eventSeq: number | null;
  /** The dossier event's type when the row has one (its label is the history's). */
  eventType: string | null;
  kind: string;
  changedAt: Date;
  state: SyncState;
  heldReason: HeldReason | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  portalAnswer: string | null;
  sentAt: Date | null;
}

/** A sync row in the administrator's lists: with its dossier, agency and procedure. */
export interface ListedSyncRow extends SyncRow {
  dossierCode: string;
  agencyName: string;
  procedureCode: string;
}

export interface SyncCounts {
  /** Waiting to be sent (pending), whether due now or waiting for a retry. */
  pending: number;
  held: Record<HeldReason, number>;
  failed: number;
  dryRun: number;
  /** The oldest change not sent yet (pending, held or failed). */
  oldestUnsent: Date | null;
}

/** Where the held rows of a reason come from: one agency or procedure to fix, with its rows. */
export interface HeldGroup {
  id: number;
  code: string;
  name: string;
  /** The mapping as it is now: null while still missing (a row held before it was entered shows it). */
  mapped: string | null;
  count: number;
}

const n = (v: unknown) => Number(v ?? 0);

function syncRowOf(r: Record<string, any>): SyncRow {
  return {
    id: Number(r.id),
    dossierId: Number(r.dossier_id),
    eventSeq: r.event_seq === null || r.event_seq === undefined ? null : Number(r.event_seq),
    eventType: r.event_type ?? null,
    kind: String(r.kind),
    changedAt: toDate(r.changed_at),
    state: r.state as SyncState,
    heldReason: (r.held_reason ?? null) as HeldReason | null,
    attempts: n(r.attempts),
    nextAttemptAt: toDateOrNull(r.next_attempt_at),
    lastError: r.last_error ?? null,
    portalAnswer: r.portal_answer ?? null,
    sentAt: toDateOrNull(r.sent_at),
  };
}

const SYNC_COLUMNS = ['ps.id', 'ps.dossier_id', 'ps.event_seq', 'ps.kind', 'ps.changed_at', 'ps.state', 'ps.held_reason', 'ps.attempts', 'ps.next_attempt_at', 'ps.last_error', 'ps.portal_answer', 'ps.sent_at', 'e.type as event_type'];

/** The sync rows of `kind`. */
function ofKind(q: Knex.QueryBuilder, kind: RowKind): Knex.QueryBuilder {
  return kind === 'failed' ? q.where('ps.state', 'failed') : q.where('ps.state', 'held').where('ps.held_reason', kind);
}

export function portalAdminRepo(db: Knex) {
  const withEvent = (q: Knex.QueryBuilder) => q.leftJoin('dossier_events as e', (j) => j.on('e.dossier_id', 'ps.dossier_id').andOn('e.seq', 'ps.event_seq'));

  return {
    /** One dossier's sync rows, in the order they were written (the dossier page: access already decided). */
    async forDossier(dossierId: number): Promise<SyncRow[]> {
      const rows = await withEvent(db('portal_sync as ps'))
        .where('ps.dossier_id', dossierId)
        .orderBy('ps.id')
        .select(SYNC_COLUMNS);
      return rows.map(syncRowOf);
    },

    async counts(staff: StaffScope): Promise<SyncCounts> {
      const base = () => joinStaffDossiers(db('portal_sync as ps'), staff, 'ps.dossier_id');
      const [byState, oldest] = await Promise.all([
        base().groupBy('ps.state', 'ps.held_reason').select('ps.state', 'ps.held_reason').count({ n: '*' }),
        base().whereIn('ps.state', ['pending', 'held', 'failed']).min({ at: 'ps.changed_at' }),
      ]);
      const counts: SyncCounts = { pending: 0, held: { agency_unmapped: 0, procedure_unmapped: 0 }, failed: 0, dryRun: 0, oldestUnsent: null };
      for (const r of byState as Array<{ state: string; held_reason: string | null; n: number | string }>) {
        if (r.state === 'pending') counts.pending += n(r.n);
        else if (r.state === 'failed') counts.failed += n(r.n);
        else if (r.state === 'dry_run') counts.dryRun += n(r.n);
        else if (r.state === 'held') {
          // A held row without a reason we know is shown with the agency's (it is not lost from the count).
          const reason: HeldReason = r.held_reason === 'procedure_unmapped' ? 'procedure_unmapped' : 'agency_unmapped';
          counts.held[reason] += n(r.n);
        }
      }
      const at = (oldest as Array<{ at: unknown }>)[0]?.at;
      counts.oldestUnsent = toDateOrNull(at);
      return counts;
    },

    /** The agencies (or procedures) whose missing mapping holds rows, with how many each. */
    async heldGroups(staff: StaffScope, reason: HeldReason): Promise<HeldGroup[]> {
      const q = joinStaffDossiers(db('portal_sync as ps'), staff, 'ps.dossier_id').where('ps.state', 'held').where('ps.held_reason', reason);
      const rows: Array<Record<string, any>> =
        reason === 'agency_unmapped'
          ? await q
              .join('agencies as a', 'a.id', `d.${PORTAL_AGENCY_COLUMN}`)
              .groupBy('a.id', 'a.eid', 'a.name', 'a.portal_unit_code')
              .orderBy('a.name')
              .select('a.id', 'a.eid as code', 'a.name', 'a.portal_unit_code as mapped')
              .count({ n: '*' })
          : await q
              .join('procedures as p', 'p.id', 'd.procedure_id')
              .groupBy('p.id', 'p.code', 'p.name', 'p.portal_field_code')
              .orderBy('p.code')
              .select('p.id', 'p.code', 'p.name', 'p.portal_field_code as mapped')
              .count({ n: '*' });
      return rows.map((r) => ({ id: Number(r.id), code: String(r.code), name: String(r.name), mapped: r.mapped ?? null, count: n(r.n) }));
    },

    /** One page of the rows of `kind`, oldest change first, and how many there are. */
    async list(staff: StaffScope, kind: RowKind, page: number, perPage: number): Promise<{ rows: ListedSyncRow[]; total: number }> {
      const base = () => ofKind(joinStaffDossiers(db('portal_sync as ps'), staff, 'ps.dossier_id'), kind);
      const [total, rows] = await Promise.all([
        base().count({ n: '*' }),
        withEvent(base())
          .join('agencies as a', 'a.id', `d.${PORTAL_AGENCY_COLUMN}`)
          .join('procedures as p', 'p.id', 'd.procedure_id')
          .orderBy([{ column: 'ps.changed_at' }, { column: 'ps.id' }])
          .offset((page - 1) * perPage)
          .limit(perPage)
          .select([...SYNC_COLUMNS, 'd.code as dossier_code', 'a.name as agency_name', 'p.code as procedure_code']),
      ]);
      return {
        total: n((total as Array<{ n: unknown }>)[0]?.n),
        rows: (rows as Array<Record<string, any>>).map((r) => ({ ...syncRowOf(r), dossierCode: String(r.dossier_code), agencyName: String(r.agency_name), procedureCode: String(r.procedure_code) })),
      };
    },

    /** The row's state now (null: no such row). */
    async stateOf(id: number): Promise<SyncState | null> {
      const row = await db('portal_sync').where({ id }).first('state');
      return row ? (row.state as SyncState) : null;
    },

    async statusMap(): Promise<Array<{ status: string; portalStatus: number; portalLabel: string }>> {
      const rows = await db('portal_status_map').select('status', 'portal_status', 'portal_label');
      return rows.map((r) => ({ status: String(r.status), portalStatus: Number(r.portal_status), portalLabel: String(r.portal_label) }));
    },

    /** Write the portal code and label of each status given (insert the statuses the table lacks), in one transaction. */
    async saveStatusMap(entries: ReadonlyArray<{ status: string; portalStatus: number; portalLabel: string }>): Promise<void> {
      await db.transaction(async (trx) => {
        for (const e of entries) {
          const updated = await trx('portal_status_map').where({ status: e.status }).update({ portal_status: e.portalStatus, portal_label: e.portalLabel });
          if (updated === 0) await trx('portal_status_map').insert({ status: e.status, portal_status: e.portalStatus, portal_label: e.portalLabel });
        }
      });
    },
  };
}

export type PortalAdminRepo = ReturnType<typeof portalAdminRepo>;
