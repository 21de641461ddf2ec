/**
 * What the integration API reads: the change feed (its pending rows, the positions, a page of
 * it), one dossier with its events, the procedure catalogue. Who may read a dossier is the
 * record core's rule (src/platform/record): a key scoped to agencies reads what a member of
 * staff of any of those agencies may see (the agency received, processes or holds the
 * dossier); a key for every agency reads what an administrator sees.
 *
 * Personal data (the applicant's and representative's name, ID number, phone, e-mail,
 * address, the organisation's code, who collected the result, and every free-text note) is
 * not even selected for a key without it.
 */
import type { Knex } from 'knex';
import { dialect, toDateOrNull } from '../../db/knex.js';
import type { DossierChange } from '../../platform/record/changes.repo.js';
import { joinStaffDossiers, scopeToStaff, staffDossiers } from '../../platform/record/scope.repo.js';
import type { DossierEventRow, DossierRow, ProcedureRow } from '../../platform/record/tables.js';
import type { StaffScope } from '../../platform/record/visibility.js';

export type AgencyScope = 'all' | readonly number[];

/** The dossier's columns every key reads. */
const DOSSIER_COLUMNS = [
  'code',
  'status',
  'channel',
  'applicant_kind',
  'result_delivery',
  'sets_count',
  'received_at',
  'original_due_at',
  'due_at',
  'extended_due_at',
  'finished_at',
  'completion',
  'returned_at',
  'updated_at',
] as const;
/** The dossier's columns only a key with personal data reads. */
const PERSONAL_COLUMNS = [
  'applicant_name',
  'applicant_id_number',
  'applicant_phone',
  'applicant_email',
  'applicant_address',
  'organisation_code',
  'representative_name',
  'representative_id_number',
  'representative_phone',
  'representative_email',
  'representative_address',
  'note',
  'outcome_note',
  'returned_to',
] as const;

export type SnapshotRow = Pick<DossierRow, (typeof DOSSIER_COLUMNS)[number]> &
  Partial<Pick<DossierRow, (typeof PERSONAL_COLUMNS)[number]>> & {
    dossier_id: number;
    procedure_code: string;
    procedure_name: string;
    procedure_field: string;
    agency_eid: string;
    agency_name: string;
    processing_eid: string;
    processing_name: string;
    holding_eid: string | null;
    holding_name: string | null;
  };

export type EventRow = Pick<DossierEventRow, 'seq' | 'type' | 'from_status' | 'to_status' | 'public' | 'created_at'> & { event_note?: string | null };
export type FeedRow = SnapshotRow & EventRow & { position: number };

export interface CatalogueRow {
  procedure: Pick<ProcedureRow, 'id' | 'code' | 'name' | 'field' | 'processing_unit' | 'processing_amount' | 'processing_note' | 'fee_vnd' | 'fee_note' | 'result'> & {
    lead_eid: string | null;
    lead_name: string | null;
  };
  documents: Array<{ position: number; name: string; originals: number; certified_copies: number; copies: number; required: boolean | number }>;
  agencies: Array<{ eid: string; name: string }>;
}

/** The record core's scope that sees every dossier (an administrator's); the key's agencies narrow it. */
const EVERY_DOSSIER: StaffScope = { role: 'admin', agencyId: 0 };

/** The feed's lock on PostgreSQL (a transaction-level advisory lock): one mover of pending rows at a time. */
const FEED_LOCK = 'api-feed:positions';
/** Pending rows moved by one read at most; the rest wait for the next read (later positions, no gap). */
const MOVE_BATCH = 5000;

/** The dossier-change observer (registered in src/record-observers.ts): a pending feed row, in the writer's transaction. */
export async function feedChangeObserver(trx: Knex | Knex.Transaction, change: DossierChange): Promise<void> {
  await trx('api_feed_pending').insert({ dossier_id: change.dossierId, event_seq: change.seq });
}

/** The record core's rule for a set of agencies: seen by a member of staff of any of them (all: by an administrator). */
function scopeToAgencies(q: Knex.QueryBuilder, scope: AgencyScope): Knex.QueryBuilder {
  if (scope === 'all') return q;
  if (scope.length === 0) return q.whereRaw('1 = 0');
  return q.where((w) => {
    for (const agencyId of scope) w.orWhere((one) => void scopeToStaff(one, { role: 'clerk', agencyId }));
  });
}


/** `q` (with `d` the dossier) joined to its procedure and agencies, selecting the snapshot's columns. */
function withSnapshot(q: Knex.QueryBuilder, personalData: boolean): Knex.QueryBuilder {
  return q
    .join('procedures as p', 'p.id', 'd.procedure_id')
    .join('agencies as ra', 'ra.id', 'd.agency_id')
    .join('agencies as pa', 'pa.id', 'd.processing_agency_id')
    .leftJoin('agencies as ha', 'ha.id', 'd.assigned_agency_id')
    .select(
      'd.id as dossier_id',
      ...DOSSIER_COLUMNS.map((c) => `d.${c}`),
      ...(personalData ? PERSONAL_COLUMNS.map((c) => `d.${c}`) : []),
      'p.code as procedure_code',
      'p.name as procedure_name',
      'p.field as procedure_field',
      'ra.eid as agency_eid',
      'ra.name as agency_name',
      'pa.eid as processing_eid',
      'pa.name as processing_name',
      'ha.eid as holding_eid',
      'ha.name as holding_name',
    );
}

const INSTANTS = ['received_at', 'original_due_at', 'due_at', 'extended_due_at', 'finished_at', 'returned_at', 'updated_at', 'created_at'] as const;

/** The drivers' instants (a Date on PostgreSQL, milliseconds on SQLite) as Dates. */
function dated<T extends object>(row: T): T {
  const out = { ...row } as Record<string, unknown>;
  for (const k of INSTANTS) if (k in out) out[k] = toDateOrNull(out[k]);
  return out as T;
}

function eventColumns(personalData: boolean): string[] {
  return ['e.seq', 'e.type', 'e.from_status', 'e.to_status', 'e.public', 'e.created_at', ...(personalData ? ['e.note as event_note'] : [])];
}

export function apiRepo(db: Knex) {
  return {
    /**
     * Give the committed pending rows their positions, in pending id order, after the last
     * position (under a lock: one mover at a time; SQLite serialises writers). Returns whether
     * pending rows are left for a later read.
     */
    async assignPositions(): Promise<boolean> {
      const any = await db('api_feed_pending').first('id');
      if (!any) return false;
      return db.transaction(async (trx) => {
        if (dialect(db) === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [FEED_LOCK]);
        const pending = await trx('api_feed_pending').orderBy('id').limit(MOVE_BATCH + 1).select<Array<{ id: number; dossier_id: number; event_seq: number }>>('id', 'dossier_id', 'event_seq');
        const moving = pending.slice(0, MOVE_BATCH);
        if (moving.length === 0) return false;
        const last = await trx('api_feed').max<{ m: number | string | null }>('position as m').first();
        const base = Number(last?.m ?? 0);
        const rows = moving.map((p, i) => ({ position: base + i + 1, dossier_id: p.dossier_id, event_seq: p.event_seq }));
        await trx.batchInsert('api_feed', rows, 200);
        for (let i = 0; i < moving.length; i += 500) {
          await trx('api_feed_pending')
            .whereIn(
              'id',
              moving.slice(i, i + 500).map((p) => p.id),
            )
            .delete();
        }
        return pending.length > MOVE_BATCH;
      });
    },

    /**
     * The feed after `after`, in position order, the dossiers of `scope` only; at most `limit`
     * rows, and `top`: the last position given so far. Every position up to `top` is committed
     * (positions are given under the lock and committed together), so a page that is not full
     * holds every item of the scope up to `top`: the reader can go on from there.
     */
    async feedPage(after: number, limit: number, scope: AgencyScope, personalData: boolean): Promise<{ rows: FeedRow[]; top: number }> {
      const last = await db('api_feed').max<{ m: number | string | null }>('position as m').first();
      const top = Number(last?.m ?? 0);
      const q = joinStaffDossiers(db('api_feed as f'), EVERY_DOSSIER, 'f.dossier_id')
        .join('dossier_events as e', (j) => j.on('e.dossier_id', '=', 'f.dossier_id').andOn('e.seq', '=', 'f.event_seq'))
        .where('f.position', '>', after)
        .where('f.position', '<=', top)
        .orderBy('f.position')
        .limit(limit);
      const rows = await withSnapshot(scopeToAgencies(q, scope), personalData).select('f.position', ...eventColumns(personalData));
      return { rows: (rows as FeedRow[]).map((r) => dated({ ...r, position: Number(r.position) })), top };
    },

    /** One dossier by code with its events, when `scope` may read it (the rule in SQL). */
    async dossierByCode(code: string, scope: AgencyScope, personalData: boolean): Promise<{ dossier: SnapshotRow; events: EventRow[] } | undefined> {
      const q = scopeToAgencies(staffDossiers(db, EVERY_DOSSIER), scope).where('d.code', code);
      const dossier = (await withSnapshot(q, personalData).first()) as SnapshotRow | undefined;
      if (!dossier) return undefined;
      const events = (await db('dossier_events as e').where('e.dossier_id', dossier.dossier_id).orderBy('e.seq').select(eventColumns(personalData))) as EventRow[];
      return { dossier: dated(dossier), events: events.map(dated) };
    },

    async catalogue(): Promise<CatalogueRow[]> {
      const procedures = await db('procedures as p')
        .leftJoin('agencies as la', 'la.id', 'p.lead_agency_id')
        .where('p.active', true)
        .orderBy('p.code')
        .select<CatalogueRow['procedure'][]>('p.id', 'p.code', 'p.name', 'p.field', 'p.processing_unit', 'p.processing_amount', 'p.processing_note', 'p.fee_vnd', 'p.fee_note', 'p.result', 'la.eid as lead_eid', 'la.name as lead_name');
      const docs = await db('procedure_documents').orderBy(['procedure_id', 'position']).select('procedure_id', 'position', 'name', 'originals', 'certified_copies', 'copies', 'required');
      const receivers = await db('agency_procedures as ap').join('agencies as a', 'a.id', 'ap.agency_id').orderBy('a.eid').select<Array<{ procedure_id: number; eid: string; name: string }>>('ap.procedure_id', 'a.eid', 'a.name');
      const docsOf = groupBy(docs, (d) => d.procedure_id as number);
      const receiversOf = groupBy(receivers, (r) => r.procedure_id);
      return procedures.map((p) => ({
        procedure: p,
        documents: docsOf.get(p.id) ?? [],
        agencies: (receiversOf.get(p.id) ?? []).map((r) => ({ eid: r.eid, name: r.name })),
      }));
    },
  };
}

export type ApiRepo = ReturnType<typeof apiRepo>;

function groupBy<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
