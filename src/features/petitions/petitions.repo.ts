/** The staff side's SQL on petitions: one petition, the lists, the transitions, who to tell. */
import type { Knex } from 'knex';
import { dialect, toDate, toDateOrNull } from '../../db/knex.js';
import { CLOSED_PETITION_STATUSES, type PetitionKind, type PetitionOutcome, type PetitionSenderFields, type PetitionStatus, type ScopeReason, type SenderKind } from '../../domain/petitions.js';
import { controlUnitAgencyId } from './control-unit.repo.js';

export interface PetitionRow extends PetitionSenderFields {
  id: number;
  code: string;
  publicToken: string;
  kind: PetitionKind;
  channel: string;
  status: PetitionStatus;
  procedureName: string | null;
  concernedAgencyName: string | null;
  dossierId: number | null;
  dossierCode: string | null;
  officialId: number | null;
  officialName: string | null;
  officialAgencyId: number | null;
  receivedAt: Date;
  forwardDueAt: Date;
  acceptedAt: Date | null;
  category: string | null;
  forwardedAt: Date | null;
  competentAgencyId: number | null;
  competentAgencyName: string | null;
  answerDueAt: Date | null;
  answerDraft: string | null;
  draftedBy: number | null;
  draftedByName: string | null;
  draftedAt: Date | null;
  approvedByName: string | null;
  answer: string | null;
  answeredAt: Date | null;
  closingReason: string | null;
  closedAt: Date | null;
  publishedAt: Date | null;
  publicationWithheldAt: Date | null;
  publicationWithheldReason: string | null;
  scopeReason: ScopeReason | null;
  externalBody: string | null;
  dispatchNumber: string | null;
  dispatchDate: string | null;
  outcome: PetitionOutcome | null;
  reviewDueOn: string | null;
  keptAt: Date | null;
  recordedByName: string | null;
  receivedHow: string | null;
  answerCountedFrom: string | null;
  questionId: number | null;
  forwardOverdueAt: Date | null;
  answerOverdueAt: Date | null;
  escalatedAt: Date | null;
}

/** Whose petitions a list holds: the control unit sees all; an agency those forwarded to it (and, for its supervisors, conduct feedback about its staff). */
export type ListScope = { kind: 'all' } | { kind: 'agency'; agencyId: number; conductAboutAgency: boolean };

export interface ListFilter {
  status: PetitionStatus | null;
  /** Open only (the default) or every petition. */
  openOnly: boolean;
  limit: number;
}

export interface StaffRecipient {
  id: number;
  email: string;
}

const nOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const sOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toRow(r: Record<string, unknown>): PetitionRow {
  return {
    id: Number(r.id),
    code: String(r.code),
    publicToken: String(r.public_token),
    kind: r.kind as PetitionKind,
    channel: String(r.channel),
    status: r.status as PetitionStatus,
    procedureName: sOrNull(r.procedure_name),
    concernedAgencyName: sOrNull(r.concerned_agency_name),
    dossierId: nOrNull(r.dossier_id),
    dossierCode: sOrNull(r.dossier_code),
    officialId: nOrNull(r.official_id),
    officialName: sOrNull(r.official_name),
    officialAgencyId: nOrNull(r.official_agency_id),
    content: String(r.content),
    senderKind: r.sender_kind as SenderKind,
    senderName: String(r.sender_name),
    senderAddress: String(r.sender_address),
    senderPhone: sOrNull(r.sender_phone),
    senderEmail: sOrNull(r.sender_email),
    consentPublish: Boolean(r.consent_publish),
    consentNamed: Boolean(r.consent_named),
    zaloUserId: sOrNull(r.zalo_user_id),
    receivedAt: toDate(r.received_at),
    forwardDueAt: toDate(r.forward_due_at),
    acceptedAt: toDateOrNull(r.accepted_at),
    category: sOrNull(r.category),
    forwardedAt: toDateOrNull(r.forwarded_at),
    competentAgencyId: nOrNull(r.competent_agency_id),
    competentAgencyName: sOrNull(r.competent_agency_name),
    answerDueAt: toDateOrNull(r.answer_due_at),
    answerDraft: sOrNull(r.answer_draft),
    draftedBy: nOrNull(r.drafted_by),
    draftedByName: sOrNull(r.drafted_by_name),
    draftedAt: toDateOrNull(r.drafted_at),
    approvedByName: sOrNull(r.approved_by_name),
    answer: sOrNull(r.answer),
    answeredAt: toDateOrNull(r.answered_at),
    closingReason: sOrNull(r.closing_reason),
    closedAt: toDateOrNull(r.closed_at),
    publishedAt: toDateOrNull(r.published_at),
    publicationWithheldAt: toDateOrNull(r.publication_withheld_at),
    publicationWithheldReason: sOrNull(r.publication_withheld_reason),
    scopeReason: sOrNull(r.scope_reason) as ScopeReason | null,
    externalBody: sOrNull(r.external_body),
    dispatchNumber: sOrNull(r.dispatch_number),
    dispatchDate: sOrNull(r.dispatch_date),
    outcome: sOrNull(r.outcome) as PetitionOutcome | null,
    reviewDueOn: sOrNull(r.review_due_on),
    keptAt: toDateOrNull(r.kept_at),
    recordedByName: sOrNull(r.recorded_by_name),
    receivedHow: sOrNull(r.received_how),
    answerCountedFrom: sOrNull(r.answer_counted_from),
    questionId: nOrNull(r.question_id),
    forwardOverdueAt: toDateOrNull(r.forward_overdue_at),
    answerOverdueAt: toDateOrNull(r.answer_overdue_at),
    escalatedAt: toDateOrNull(r.escalated_at),
  };
}

function base(db: Knex | Knex.Transaction) {
  return db('petitions as p')
    .leftJoin('procedures as pr', 'pr.id', 'p.procedure_id')
    .leftJoin('agencies as ca', 'ca.id', 'p.concerned_agency_id')
    .leftJoin('agencies as ka', 'ka.id', 'p.competent_agency_id')
    .leftJoin('dossiers as d', 'd.id', 'p.dossier_id')
    .leftJoin('users as o', 'o.id', 'p.official_id')
    .leftJoin('users as du', 'du.id', 'p.drafted_by')
    .leftJoin('users as au', 'au.id', 'p.approved_by')
    .leftJoin('users as ru', 'ru.id', 'p.recorded_by')
    .select(
      'p.*',
      'pr.name as procedure_name',
      'ca.name as concerned_agency_name',
      'ka.name as competent_agency_name',
      'd.code as dossier_code',
      'o.full_name as official_name',
      'o.agency_id as official_agency_id',
      'du.full_name as drafted_by_name',
      'au.full_name as approved_by_name',
      'ru.full_name as recorded_by_name',
    );
}

export function petitionsRepo(db: Knex | Knex.Transaction) {
  return {
    async byId(id: number): Promise<PetitionRow | undefined> {
      const r = await base(db).where('p.id', id).first();
      return r ? toRow(r) : undefined;
    },

    /** Lock the row for the transaction (PostgreSQL; SQLite serialises writers). */
    async lock(id: number): Promise<void> {
      if (dialect(db as Knex) === 'postgres') await db('petitions').where({ id }).forUpdate().first('id');
    },

    /**
     * The version a form was rendered from: the seq of the last event that changed the
     * petition's state (the job's reminders and flags do not make an open form stale).
     */
    async version(id: number): Promise<number> {
      const r = await db('petition_events').where({ petition_id: id }).whereNotNull('to_status').max<{ v: number | string | null }[]>({ v: 'seq' }).first();
      return Number(r?.v ?? 0);
    },

    /** Change the petition only while it is still in `from`: false when someone changed it first. */
    async transition(id: number, from: PetitionStatus, patch: Record<string, unknown>, now: Date): Promise<boolean> {
      const n = await db('petitions').where({ id, status: from }).update({ ...patch, updated_at: now });
      return Number(n) === 1;
    },

    async list(scope: ListScope, f: ListFilter, now: Date, today: string): Promise<PetitionRow[]> {
      const q = base(db);
      if (scope.kind === 'agency') {
        q.where((w) => {
          w.where('p.competent_agency_id', scope.agencyId);
          if (scope.conductAboutAgency) w.orWhere((c) => c.where('p.kind', 'conduct').where('o.agency_id', scope.agencyId));
        });
      }
      if (f.status) q.where('p.status', f.status);
      else if (f.openOnly) q.whereNotIn('p.status', CLOSED_PETITION_STATUSES);
      // Overdue first (forward or answer deadline passed while still open; kept for study past its review date), then the nearest deadline.
      q.orderByRaw(
        `CASE WHEN p.status IN ('received','accepted') AND p.forward_due_at < ? THEN 0 WHEN p.status IN ('forwarded','drafted') AND p.answer_due_at < ? THEN 0 WHEN p.status = 'kept_for_study' AND p.review_due_on <= ? THEN 0 ELSE 1 END ASC`,
        [now, now, today],
      )
        .orderByRaw(`CASE WHEN p.status IN ('received','accepted') THEN p.forward_due_at WHEN p.status IN ('forwarded','drafted') THEN p.answer_due_at ELSE p.received_at END ASC`)
        .orderBy('p.id', 'asc')
        .limit(f.limit);
      return (await q).map(toRow);
    },

    /** Open petitions in the viewer's scope (home tiles): total, and overdue (forward or answer deadline passed). */
    async counts(scope: ListScope, now: Date): Promise<{ open: number; overdue: number }> {
      const q = db('petitions as p').leftJoin('users as o', 'o.id', 'p.official_id').whereNotIn('p.status', CLOSED_PETITION_STATUSES);
      if (scope.kind === 'agency') {
        q.where((w) => {
          w.where('p.competent_agency_id', scope.agencyId);
          if (scope.conductAboutAgency) w.orWhere((c) => c.where('p.kind', 'conduct').where('o.agency_id', scope.agencyId));
        });
      }
      const r = await q
        .select(
          db.raw('COUNT(*) AS open_count'),
          db.raw(
            `SUM(CASE WHEN (p.status IN ('received','accepted') AND p.forward_due_at < ?) OR (p.status IN ('forwarded','drafted') AND p.answer_due_at < ?) THEN 1 ELSE 0 END) AS overdue_count`,
            [now, now],
          ),
        )
        .first();
      return { open: Number(r?.open_count ?? 0), overdue: Number(r?.overdue_count ?? 0) };
    },

    /** Open petitions in the viewer's scope per status, with the overdue ones among them (the control unit's home). */
    async openByStatus(scope: ListScope, now: Date): Promise<Array<{ status: PetitionStatus; open: number; overdue: number }>> {
      const q = db('petitions as p').leftJoin('users as o', 'o.id', 'p.official_id').whereNotIn('p.status', CLOSED_PETITION_STATUSES);
      if (scope.kind === 'agency') {
        q.where((w) => {
          w.where('p.competent_agency_id', scope.agencyId);
          if (scope.conductAboutAgency) w.orWhere((c) => c.where('p.kind', 'conduct').where('o.agency_id', scope.agencyId));
        });
      }
      const rows = await q
        .groupBy('p.status')
        .select(
          'p.status',
          db.raw('COUNT(*) AS open_count'),
          db.raw(
            `SUM(CASE WHEN (p.status IN ('received','accepted') AND p.forward_due_at < ?) OR (p.status IN ('forwarded','drafted') AND p.answer_due_at < ?) THEN 1 ELSE 0 END) AS overdue_count`,
            [now, now],
          ),
        );
      return rows.map((r: { status: PetitionStatus; open_count: unknown; overdue_count: unknown }) => ({ status: r.status, open: Number(r.open_count ?? 0), overdue: Number(r.overdue_count ?? 0) }));
    },

    /** Petitions kept for study (art. 14(2)(b)) in the viewer's scope whose review date (YYYY-MM-DD) is `today` or earlier. */
    async reviewDueCount(scope: ListScope, today: string): Promise<number> {
      const q = db('petitions as p').leftJoin('users as o', 'o.id', 'p.official_id').where('p.status', 'kept_for_study').whereNotNull('p.review_due_on').where('p.review_due_on', '<=', today);
      if (scope.kind === 'agency') {
        q.where((w) => {
          w.where('p.competent_agency_id', scope.agencyId);
          if (scope.conductAboutAgency) w.orWhere((c) => c.where('p.kind', 'conduct').where('o.agency_id', scope.agencyId));
        });
      }
      const r = await q.count<{ n: number | string }[]>({ n: '*' });
      return Number(r[0]?.n ?? 0);
    },

    /** The agencies a petition can be forwarded to. */
    async agencies(): Promise<Array<{ id: number; name: string }>> {
      const rows = await db('agencies').where({ active: true }).orderBy('kind').orderBy('name').select('id', 'name');
      return rows.map((r) => ({ id: Number(r.id), name: String(r.name) }));
    },

    async agencyActive(id: number): Promise<{ id: number; name: string } | undefined> {
      const r = await db('agencies').where({ id, active: true }).first('id', 'name');
      return r ? { id: Number(r.id), name: String(r.name) } : undefined;
    },

    /** Active staff with an e-mail: of `role` in `agencyId`, except `exceptId`. */
    async staffOf(agencyId: number, roles: readonly string[], exceptId: number | null = null): Promise<StaffRecipient[]> {
      const q = db('users').where({ active: true, agency_id: agencyId }).whereIn('role', roles).whereNotNull('email');
      if (exceptId !== null) q.whereNot('id', exceptId);
      const rows = await q.orderBy('id').select('id', 'email');
      return rows.filter((r) => r.email).map((r) => ({ id: Number(r.id), email: String(r.email) }));
    },

    /** The control unit: active administrators and supervisors of the control unit's agency (the setting), with an e-mail. */
    async controlUnit(): Promise<StaffRecipient[]> {
      const unit = await controlUnitAgencyId(db);
      const rows = await db('users as u')
        .where('u.active', true)
        .whereNotNull('u.email')
        .where((w) => {
          w.where('u.role', 'admin');
          if (unit !== null) w.orWhere((s) => s.where('u.role', 'supervisor').where('u.agency_id', unit));
        })
        .orderBy('u.id')
        .select('u.id', 'u.email');
      return rows.filter((r) => r.email).map((r) => ({ id: Number(r.id), email: String(r.email) }));
    },

    /** The sender's answer on being named in the publication (art. 19), while the petition is open: false when it is closed. */
    async setConsentNamed(id: number, named: boolean, now: Date): Promise<boolean> {
      const n = await db('petitions').where({ id }).whereNotIn('status', CLOSED_PETITION_STATUSES).update({ consent_named: named, consent_publish: named, consent_named_at: now, updated_at: now });
      return Number(n) === 1;
    },

    async userEmail(id: number): Promise<StaffRecipient | undefined> {
      const r = await db('users').where({ id, active: true }).whereNotNull('email').first('id', 'email');
      return r?.email ? { id: Number(r.id), email: String(r.email) } : undefined;
    },
  };
}
