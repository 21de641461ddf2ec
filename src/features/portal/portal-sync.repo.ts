// Over 400 lines: the sync rows' whole SQL (the observer's insert, the claim under lease, the state changes, the payload's reads and the admin reads) is one table's repo.
/**
 * The SQL of the national portal sync (portal_sync, portal_status_map, the mapping columns).
 * It reads dossiers for no staff member (a job, and the administrator's lists): listed in
 * eslint.config.js DOSSIERS_OUTSIDE_STAFF_SCOPE.
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { DossierChange } from '../../platform/record/changes.repo.js';
import type { DossierRow, Timestamp } from '../../platform/record/tables.js';
import { portalKindOf, type PortalKind } from './portal-events.js';

type Db = Knex | Knex.Transaction;

export const SYNC_STATES = ['pending', 'held', 'sent', 'failed', 'dry_run'] as const;
export type SyncState = (typeof SYNC_STATES)[number];
export const HOLD_REASONS = ['agency_unmapped', 'procedure_unmapped'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export interface SyncRowRecord {
  id: number;
  dossier_id: number;
  event_seq: number | null;
  kind: PortalKind;
  changed_at: Timestamp;
  state: SyncState;
  held_reason: HoldReason | null;
  attempts: number;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  portal_answer: string | null;
  sent_at: Timestamp | null;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  created_at: Timestamp;
  payload: string | null;
  due_at: Timestamp | null;
}

/** A claimed row as the service reads it. */
export interface ClaimedRow {
  id: number;
  event_seq: number | null;
  kind: PortalKind;
  changed_at: Date;
  attempts: number;
  due_at: Date | null;
}

/** Why a dossier cannot be sent yet: its processing agency has no unit code, or its procedure no field code. */
export function holdReasonOf(m: { unitCode: string | null; fieldCode: string | null }): HoldReason | null {
  if (!m.unitCode?.trim()) return 'agency_unmapped';
  if (!m.fieldCode?.trim()) return 'procedure_unmapped';
  return null;
}

/**
 * The observer of dossier changes (registered in src/record-observers.ts): one sync row per
 * event the portal must know, in the writer's transaction, whatever the mode. Held at once
 * when the mapping is missing (the admin list shows it); the appointment in force after the
 * change is kept for the progress row and the supplement list.
 */
export async function recordPortalChange(trx: Db, change: DossierChange): Promise<void> {
  const kind = portalKindOf(change.type);
  if (!kind) return;
  const d = await trx('dossiers as d')
    .join('agencies as a', 'a.id', 'd.processing_agency_id')
    .join('procedures as p', 'p.id', 'd.procedure_id')
    .where('d.id', change.dossierId)
    .first<{ due_at: Timestamp; extended_due_at: Timestamp | null; unit_code: string | null; field_code: string | null } | undefined>(
      'd.due_at',
      'd.extended_due_at',
      'a.portal_unit_code as unit_code',
      'p.portal_field_code as field_code',
    );
  if (!d) return;
  const reason = holdReasonOf({ unitCode: d.unit_code, fieldCode: d.field_code });
  await trx('portal_sync')
    .insert({
      dossier_id: change.dossierId,
      event_seq: change.seq,
      kind,
      changed_at: change.createdAt,
      state: reason ? 'held' : 'pending',
      held_reason: reason,
      attempts: 0,
      created_at: change.createdAt,
      due_at: toDate(d.extended_due_at ?? d.due_at),
    })
    .onConflict(['dossier_id', 'event_seq'])
    .ignore();
}

/** What one dossier's payload is built from. */
type PortalDossierRecord = Pick<
  DossierRow,
  | 'id'
  | 'code'
  | 'status'
  | 'channel'
  | 'applicant_kind'
  | 'applicant_name'
  | 'applicant_id_number'
  | 'organisation_code'
  | 'applicant_email'
  | 'applicant_phone'
  | 'received_at'
  | 'due_at'
  | 'extended_due_at'
  | 'returned_at'
  | 'finished_at'
  | 'result_delivery'
  | 'outcome_note'
> & {
  procedure_code: string;
  procedure_name: string;
  procedure_field: string;
  portal_procedure_code: string | null;
  portal_field_code: string | null;
  portal_field_name: string | null;
  agency_name: string;
  unit_code: string | null;
};
type DateColumns = 'received_at' | 'due_at' | 'extended_due_at' | 'returned_at' | 'finished_at';
/** What one dossier's payload is built from (instants as Dates). */
export type PortalDossierSource = Omit<PortalDossierRecord, DateColumns> & {
  received_at: Date;
  due_at: Date;
  extended_due_at: Date | null;
  returned_at: Date | null;
  finished_at: Date | null;
};

export interface StepSource {
  dossier_id: number;
  seq: number;
  type: string;
  to_status: DossierRow['status'] | null;
  created_at: Date;
  actor_name: string | null;
  actor_title: string | null;
  actor_agency: string | null;
}

export interface SupplementSource {
  id: number;
  dossier_id: number;
  reason: string;
  started_at: Date;
  ended_at: Date | null;
  started_by_name: string | null;
  ended_by_name: string | null;
}

/** A held or failed row as the administrator's list shows it. */
export interface ProblemRow {
  id: number;
  dossierId: number;
  dossierCode: string;
  agencyName: string;
  procedureCode: string;
  kind: PortalKind;
  state: 'held' | 'failed';
  heldReason: HoldReason | null;
  lastError: string | null;
  attempts: number;
  changedAt: Date;
}

/** One row of a dossier as its page's panel shows it. */
export interface DossierSyncRow {
  id: number;
  kind: PortalKind;
  state: SyncState;
  heldReason: HoldReason | null;
  changedAt: Date;
  sentAt: Date | null;
  attempts: number;
  nextAttemptAt: Date | null;
  portalAnswer: string | null;
  lastError: string | null;
  payload: string | null;
}

const UNSENT: readonly SyncState[] = ['pending', 'held', 'failed', 'dry_run'];

export function portalSyncRepo(db: Knex) {
  return {
    /**
     * Dossiers with a row that may go now, oldest first: in `states`, due, not leased. The
     * claim decides (a dossier whose earlier row is held, failed, waiting or leased is skipped).
     */
    async dueDossiers(states: readonly SyncState[], now: Date, limit: number): Promise<number[]> {
      const rows = await db('portal_sync')
        .whereIn('state', states)
        .where((q) => q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now))
        .where((q) => q.whereNull('lease_until').orWhere('lease_until', '<', now))
        .groupBy('dossier_id')
        .orderByRaw('min(id)')
        .limit(limit)
        .select<Array<{ dossier_id: number }>>('dossier_id');
      return rows.map((r) => Number(r.dossier_id));
    },

    /**
     * Lease the dossier's rows that may go now, then keep only the unbroken run from its oldest
     * unsent row: a row behind a held, failed, waiting or someone else's row is released at once
     * (never a later row before an earlier unsent one). The conditional UPDATE is the claim (a
     * row leased by another instance does not match); the read after it sees every committed lease.
     */
    async claim(dossierId: number, states: readonly SyncState[], unsent: readonly SyncState[], owner: string, now: Date, until: Date): Promise<ClaimedRow[]> {
      await db('portal_sync')
        .where({ dossier_id: dossierId })
        .whereIn('state', states)
        .where((q) => q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now))
        .where((q) => q.whereNull('lease_until').orWhere('lease_until', '<', now))
        .update({ lease_owner: owner, lease_until: until });
      const rows = await db<SyncRowRecord>('portal_sync').where({ dossier_id: dossierId }).whereIn('state', unsent).orderBy('id');
      const mine = (r: SyncRowRecord) => r.lease_owner === owner && toDateOrNull(r.lease_until)?.getTime() === until.getTime();
      const run: SyncRowRecord[] = [];
      for (const r of rows) {
        if (!mine(r)) break;
        run.push(r);
      }
      const behind = rows.slice(run.length).filter(mine).map((r) => r.id);
      if (behind.length > 0) await this.release(behind, owner);
      return run.map((r) => ({ id: r.id, event_seq: r.event_seq === null ? null : Number(r.event_seq), kind: r.kind, changed_at: toDate(r.changed_at), attempts: Number(r.attempts), due_at: toDateOrNull(r.due_at) }));
    },

    async release(ids: readonly number[], owner: string): Promise<void> {
      if (ids.length === 0) return;
      await db('portal_sync').whereIn('id', ids).where({ lease_owner: owner }).update({ lease_owner: null, lease_until: null });
    },

    async markSent(ids: readonly number[], owner: string, now: Date, answer: string, payloads: ReadonlyMap<number, string>): Promise<void> {
      for (const id of ids) {
        await db('portal_sync')
          .where({ id, lease_owner: owner })
          .update({ state: 'sent', sent_at: now, portal_answer: answer.slice(0, 1000), payload: payloads.get(id) ?? null, last_error: null, next_attempt_at: null, lease_owner: null, lease_until: null });
      }
    },

    async markDryRun(ids: readonly number[], owner: string, payloads: ReadonlyMap<number, string>): Promise<void> {
      for (const id of ids) {
        await db('portal_sync').where({ id, lease_owner: owner }).update({ state: 'dry_run', payload: payloads.get(id) ?? null, lease_owner: null, lease_until: null });
      }
    },

    async markHeld(ids: readonly number[], owner: string, reason: HoldReason): Promise<void> {
      if (ids.length === 0) return;
      await db('portal_sync').whereIn('id', ids).where({ lease_owner: owner }).update({ state: 'held', held_reason: reason, lease_owner: null, lease_until: null });
    },

    async markFailed(id: number, owner: string, message: string, attempts: number): Promise<void> {
      await db('portal_sync')
        .where({ id, lease_owner: owner })
        .update({ state: 'failed', last_error: message.slice(0, 1000), attempts, next_attempt_at: null, lease_owner: null, lease_until: null });
    },

    /** A transient failure: the rows wait until `nextAt` (attempts counted on each). */
    async markRetry(rows: ReadonlyArray<Pick<ClaimedRow, 'id' | 'attempts'>>, owner: string, message: string, nextAt: Date): Promise<void> {
      for (const r of rows) {
        await db('portal_sync')
          .where({ id: r.id, lease_owner: owner })
          .update({ attempts: r.attempts + 1, last_error: message.slice(0, 1000), next_attempt_at: nextAt, lease_owner: null, lease_until: null });
      }
    },

    /** The held rows with their dossier's mapping as it is now. */
    async heldWithMapping(): Promise<Array<{ id: number; held_reason: HoldReason | null; unit_code: string | null; field_code: string | null }>> {
      return db('portal_sync as s')
        .join('dossiers as d', 'd.id', 's.dossier_id')
        .join('agencies as a', 'a.id', 'd.processing_agency_id')
        .join('procedures as p', 'p.id', 'd.procedure_id')
        .where('s.state', 'held')
        .select('s.id', 's.held_reason', 'a.portal_unit_code as unit_code', 'p.portal_field_code as field_code');
    },

    async setHeldReason(ids: readonly number[], reason: HoldReason | null): Promise<number> {
      if (ids.length === 0) return 0;
      const update = reason ? { held_reason: reason } : { state: 'pending', held_reason: null, next_attempt_at: null };
      return db('portal_sync').whereIn('id', ids).where({ state: 'held' }).update(update);
    },

    /** "Gửi lại": held or failed rows back to pending, attempts 0. */
    /** Held or failed rows back to the queue: pending, due `now`, no attempt counted, no error kept (it is about a try that is over), no lease. */
    async resend(filter: { ids?: readonly number[]; states: ReadonlyArray<'held' | 'failed'>; reason?: HoldReason }, now: Date): Promise<number> {
      const release = { state: 'pending', held_reason: null, attempts: 0, next_attempt_at: now, last_error: null, lease_owner: null, lease_until: null };
      const q = () => {
        const b = db('portal_sync').whereIn('state', filter.states);
        if (filter.reason) b.where({ held_reason: filter.reason });
        return b;
      };
      if (!filter.ids) return q().update(release);
      let released = 0;
      // Chunks keep the bind-parameter count well under SQLite's limit.
      for (let i = 0; i < filter.ids.length; i += 500) released += await q().whereIn('id', filter.ids.slice(i, i + 500)).update(release);
      return released;
    },

    async insertResync(dossierId: number, now: Date): Promise<number> {
      const [row] = await db('portal_sync').insert({ dossier_id: dossierId, event_seq: null, kind: 'resync', changed_at: now, state: 'pending', attempts: 0, created_at: now }).returning('id');
      return typeof row === 'object' ? Number((row as { id: number }).id) : Number(row);
    },

    async dossierExists(dossierId: number): Promise<boolean> {
      return Boolean(await db('dossiers').where({ id: dossierId }).first('id'));
    },

    // ---- what a payload is built from ----

    async dossiers(ids: readonly number[]): Promise<PortalDossierSource[]> {
      if (ids.length === 0) return [];
      const rows = await db('dossiers as d')
        .join('procedures as p', 'p.id', 'd.procedure_id')
        .join('agencies as a', 'a.id', 'd.processing_agency_id')
        .whereIn('d.id', ids)
        .select<PortalDossierRecord[]>(
          'd.id',
          'd.code',
          'd.status',
          'd.channel',
          'd.applicant_kind',
          'd.applicant_name',
          'd.applicant_id_number',
          'd.organisation_code',
          'd.applicant_email',
          'd.applicant_phone',
          'd.received_at',
          'd.due_at',
          'd.extended_due_at',
          'd.returned_at',
          'd.finished_at',
          'd.result_delivery',
          'd.outcome_note',
          'p.code as procedure_code',
          'p.name as procedure_name',
          'p.field as procedure_field',
          'p.portal_procedure_code',
          'p.portal_field_code',
          'p.portal_field_name',
          'a.name as agency_name',
          'a.portal_unit_code as unit_code',
        );
      return rows.map((r) => ({
        ...r,
        id: Number(r.id),
        received_at: toDate(r.received_at),
        due_at: toDate(r.due_at),
        extended_due_at: toDateOrNull(r.extended_due_at),
        returned_at: toDateOrNull(r.returned_at),
        finished_at: toDateOrNull(r.finished_at),
      }));
    },

    /** The events of the given rows (dossier, seq), with who did them. */
    async steps(keys: ReadonlyArray<{ dossierId: number; seq: number }>): Promise<StepSource[]> {
      if (keys.length === 0) return [];
      const byDossier = new Map<number, number[]>();
      for (const k of keys) byDossier.set(k.dossierId, [...(byDossier.get(k.dossierId) ?? []), k.seq]);
      const rows = await db('dossier_events as e')
        .leftJoin('users as u', 'u.id', 'e.actor_id')
        .leftJoin('agencies as ua', 'ua.id', 'u.agency_id')
        .where((q) => {
          for (const [dossierId, seqs] of byDossier) q.orWhere((w) => w.where('e.dossier_id', dossierId).whereIn('e.seq', seqs));
        })
        .select<Array<Omit<StepSource, 'created_at'> & { created_at: Timestamp }>>('e.dossier_id', 'e.seq', 'e.type', 'e.to_status', 'e.created_at', 'u.full_name as actor_name', 'u.job_title as actor_title', 'ua.name as actor_agency');
      return rows.map((r) => ({ ...r, dossier_id: Number(r.dossier_id), seq: Number(r.seq), created_at: toDate(r.created_at) }));
    },

    /** Every status change of the dossiers (the status a later non-status event happened in). */
    async statusChanges(ids: readonly number[]): Promise<Array<{ dossier_id: number; seq: number; to_status: DossierRow['status'] }>> {
      if (ids.length === 0) return [];
      const rows: Array<{ dossier_id: number; seq: number; to_status: DossierRow['status'] }> = await db('dossier_events').whereIn('dossier_id', ids).whereNotNull('to_status').orderBy(['dossier_id', 'seq']).select('dossier_id', 'seq', 'to_status');
      return rows.map((r) => ({ dossier_id: Number(r.dossier_id), seq: Number(r.seq), to_status: r.to_status }));
    },

    async supplements(ids: readonly number[]): Promise<SupplementSource[]> {
      if (ids.length === 0) return [];
      const rows = await db('dossier_pauses as x')
        .leftJoin('users as s', 's.id', 'x.started_by')
        .leftJoin('users as e', 'e.id', 'x.ended_by')
        .whereIn('x.dossier_id', ids)
        .where('x.kind', 'supplement')
        .orderBy([{ column: 'x.dossier_id' }, { column: 'x.started_at' }, { column: 'x.id' }])
        .select<Array<Omit<SupplementSource, 'started_at' | 'ended_at'> & { started_at: Timestamp; ended_at: Timestamp | null }>>(
          'x.id',
          'x.dossier_id',
          'x.reason',
          'x.started_at',
          'x.ended_at',
          's.full_name as started_by_name',
          'e.full_name as ended_by_name',
        );
      return rows.map((r) => ({ ...r, id: Number(r.id), dossier_id: Number(r.dossier_id), started_at: toDate(r.started_at), ended_at: toDateOrNull(r.ended_at) }));
    },

    /** The appointments the observer kept at each supplement request and receipt, in order. */
    async supplementAppointments(ids: readonly number[]): Promise<Array<{ dossier_id: number; kind: PortalKind; due_at: Date | null }>> {
      if (ids.length === 0) return [];
      const rows = await db<SyncRowRecord>('portal_sync').whereIn('dossier_id', ids).whereIn('kind', ['supplement_requested', 'supplement_received']).orderBy('id').select('dossier_id', 'kind', 'due_at');
      return rows.map((r) => ({ dossier_id: Number(r.dossier_id), kind: r.kind, due_at: toDateOrNull(r.due_at) }));
    },

    async statusMap(): Promise<Map<string, number>> {
      const rows = await db('portal_status_map').select<Array<{ status: string; portal_status: number }>>('status', 'portal_status');
      return new Map(rows.map((r) => [r.status, Number(r.portal_status)]));
    },

    /** The dossiers among `ids` the portal already has (a row of theirs was accepted). */
    async knownToPortal(ids: readonly number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set();
      const rows = await db('portal_sync').whereIn('dossier_id', ids).where({ state: 'sent' }).distinct('dossier_id');
      return new Set(rows.map((r: { dossier_id: number }) => Number(r.dossier_id)));
    },

    // ---- the administrator's reads ----

    async problemRows(f: { state?: 'held' | 'failed'; reason?: HoldReason; limit: number; offset: number }): Promise<ProblemRow[]> {
      const q = db('portal_sync as s')
        .join('dossiers as d', 'd.id', 's.dossier_id')
        .join('agencies as a', 'a.id', 'd.processing_agency_id')
        .join('procedures as p', 'p.id', 'd.procedure_id')
        .whereIn('s.state', f.state ? [f.state] : ['held', 'failed']);
      if (f.reason) q.where('s.held_reason', f.reason);
      const rows = await q
        .orderBy([{ column: 's.changed_at' }, { column: 's.id' }])
        .limit(f.limit)
        .offset(f.offset)
        .select<Array<Pick<SyncRowRecord, 'id' | 'dossier_id' | 'kind' | 'state' | 'held_reason' | 'last_error' | 'attempts' | 'changed_at'> & { code: string; agency_name: string; procedure_code: string }>>(
          's.id',
          's.dossier_id',
          's.kind',
          's.state',
          's.held_reason',
          's.last_error',
          's.attempts',
          's.changed_at',
          'd.code',
          'a.name as agency_name',
          'p.code as procedure_code',
        );
      return rows.map((r) => ({
        id: r.id,
        dossierId: r.dossier_id,
        dossierCode: r.code,
        agencyName: r.agency_name,
        procedureCode: r.procedure_code,
        kind: r.kind,
        state: r.state as 'held' | 'failed',
        heldReason: r.held_reason,
        lastError: r.last_error,
        attempts: Number(r.attempts),
        changedAt: toDate(r.changed_at),
      }));
    },

    async countsByState(): Promise<Array<{ state: SyncState; held_reason: HoldReason | null; n: number }>> {
      const rows = (await db('portal_sync').groupBy('state', 'held_reason').select('state', 'held_reason').count({ n: '*' })) as Array<{ state: SyncState; held_reason: HoldReason | null; n: number | string }>;
      return rows.map((r) => ({ state: r.state, held_reason: r.held_reason ?? null, n: Number(r.n) }));
    },

    async oldestUnsent(): Promise<Date | null> {
      const r = await db('portal_sync').whereIn('state', UNSENT).min({ at: 'changed_at' }).first();
      return toDateOrNull(r?.at ?? null);
    },

    async sentSince(from: Date): Promise<number> {
      const r = await db('portal_sync').where({ state: 'sent' }).where('sent_at', '>=', from).count({ n: '*' }).first();
      return Number(r?.n ?? 0);
    },

    async dossierRows(dossierId: number): Promise<DossierSyncRow[]> {
      const rows = await db<SyncRowRecord>('portal_sync').where({ dossier_id: dossierId }).orderBy('id', 'desc');
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        state: r.state,
        heldReason: r.held_reason,
        changedAt: toDate(r.changed_at),
        sentAt: toDateOrNull(r.sent_at),
        attempts: Number(r.attempts),
        nextAttemptAt: toDateOrNull(r.next_attempt_at),
        portalAnswer: r.portal_answer,
        lastError: r.last_error,
        payload: r.payload,
      }));
    },
  };
}

export type PortalSyncRepo = ReturnType<typeof portalSyncRepo>;
