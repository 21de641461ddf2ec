/**
 * Filing a petition (issue 15, the public side): the petition row, its daily tracking-code
 * sequence, the Zalo invites, the form's choices, the dossier a petition is about, and the
 * public reads (status page, published answers). The sender's columns are written here
 * and never selected by the public reads.
 */
import type { Knex } from 'knex';
import { bumpCounter } from '../../db/counter.js';
import type { PetitionChannel, PetitionKind, PetitionSenderFields, PetitionStatus } from '../../domain/petitions.js';
import { toDate, toDateOrNull } from '../../db/knex.js';

type Db = Knex | Knex.Transaction;

export interface ZaloInviteRow {
  token: string;
  zaloUserId: string;
  expiresAt: Date;
  petitionId: number | null;
}

export interface NewPetitionRow extends PetitionSenderFields {
  code: string;
  publicToken: string;
  /** The random part of the server-issued form nonce it was filed with (unique: one filing per nonce). */
  formNonce: string | null;
  kind: PetitionKind;
  channel: PetitionChannel;
  procedureId: number | null;
  concernedAgencyId: number | null;
  dossierId: number | null;
  officialId: number | null;
  ip: string | null;
  receivedAt: Date;
  forwardDueAt: Date;
  /** A letter or phone petition: the officer who wrote it down, and how it came (art. 7(2)(đ)). */
  recordedBy?: number | null;
  receivedHow?: string | null;
  /** A citizen's question turned into this petition. */
  questionId?: number | null;
}

/** The dossier a petition names, once its code and phone digits matched. */
export interface PetitionDossier {
  id: number;
  assignedTo: number | null;
  lastActorId: number | null;
}

/** What the public status page may read of a petition: no sender column at all. */
export interface PublicPetitionRow {
  id: number;
  code: string;
  kind: PetitionKind;
  status: PetitionStatus;
  channel: PetitionChannel;
  procedureName: string | null;
  procedureNameEn: string | null;
  concernedAgencyName: string | null;
  competentAgencyName: string | null;
  receivedAt: Date;
  forwardDueAt: Date;
  forwardedAt: Date | null;
  answerDueAt: Date | null;
  answeredAt: Date | null;
  closedAt: Date | null;
  closingReason: string | null;
  answer: string | null;
  publishedAt: Date | null;
}

export interface PublishedPetitionRow {
  code: string;
  kind: PetitionKind;
  competentAgencyName: string | null;
  procedureName: string | null;
  /** The procedure's English name (procedures.name_en), for the English pages. */
  procedureNameEn: string | null;
  receivedAt: Date;
  answeredAt: Date | null;
  publishedAt: Date;
  content: string;
  answer: string;
  /** The sender's name, only when they agreed to be named (art. 19); null otherwise. */
  namedSender: string | null;
}

export interface PublicPetitionEvent {
  type: string;
  toStatus: PetitionStatus | null;
  note: string | null;
  createdAt: Date;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function isUniqueViolation(e: any): boolean {
  return e?.code === '23505' || (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(e?.message ?? '')) || /UNIQUE constraint failed/.test(e?.message ?? '');
}

export function petitionIntakeRepo(db: Knex) {
  return {
    transaction: <T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> => db.transaction(fn),

    // ---------------------------------------------------------------- the form's choices

    async procedureChoices(): Promise<Array<{ id: number; code: string; name: string; nameEn: string | null }>> {
      const rows = await db('procedures').where({ active: true }).orderBy('name').orderBy('id').select('id', 'code', 'name', 'name_en');
      return rows.map((r) => ({ id: Number(r.id), code: String(r.code), name: String(r.name), nameEn: r.name_en ?? null }));
    },

    async agencyChoices(): Promise<Array<{ id: number; name: string }>> {
      const rows = await db('agencies').where({ active: true }).orderBy('name').orderBy('id').select('id', 'name');
      return rows.map((r) => ({ id: Number(r.id), name: String(r.name) }));
    },

    async activeProcedureExists(id: number): Promise<boolean> {
      return (await db('procedures').where({ id, active: true }).first('id')) !== undefined;
    },

    async activeAgencyExists(id: number): Promise<boolean> {
      return (await db('agencies').where({ id, active: true }).first('id')) !== undefined;
    },

    // ---------------------------------------------------------------- the dossier named

    /** The dossier with this code whose phone ends in `last4` (the public lookup's secret), or undefined. */
    async dossierByCodeAndLast4(code: string, last4: string): Promise<PetitionDossier | undefined> {
      const row = await db('dossiers').where({ code }).first('id', 'applicant_phone', 'assigned_to');
      if (!row || String(row.applicant_phone ?? '').slice(-4) !== last4) return undefined;
      const last = await db('dossier_events').where({ dossier_id: row.id }).whereNotNull('actor_id').orderBy('seq', 'desc').first('actor_id');
      return { id: Number(row.id), assignedTo: num(row.assigned_to), lastActorId: num(last?.actor_id) };
    },

    // ---------------------------------------------------------------- filing

    /** Next number of the day's tracking codes: one atomic upsert, inside the filing transaction. */
    async nextSequence(trx: Knex.Transaction, day: string): Promise<number> {
      return bumpCounter(trx, 'petition_sequences', { day }, 'last');
    },

    async insertPetition(trx: Knex.Transaction, p: NewPetitionRow): Promise<number> {
      const [inserted] = await trx('petitions')
        .insert({
          code: p.code,
          public_token: p.publicToken,
          form_nonce: p.formNonce,
          kind: p.kind,
          channel: p.channel,
          status: 'received',
          procedure_id: p.procedureId,
          concerned_agency_id: p.concernedAgencyId,
          dossier_id: p.dossierId,
          official_id: p.officialId,
          content: p.content,
          sender_kind: p.senderKind,
          sender_name: p.senderName,
          sender_address: p.senderAddress,
          sender_phone: p.senderPhone,
          sender_email: p.senderEmail,
          consent_publish: p.consentPublish,
          consent_named: p.consentNamed,
          recorded_by: p.recordedBy ?? null,
          received_how: p.receivedHow ?? null,
          question_id: p.questionId ?? null,
          zalo_user_id: p.zaloUserId,
          ip: p.ip,
          received_at: p.receivedAt,
          forward_due_at: p.forwardDueAt,
          created_at: p.receivedAt,
          updated_at: p.receivedAt,
        })
        .returning('id');
      return typeof inserted === 'object' ? Number((inserted as { id: number }).id) : Number(inserted);
    },

    /** The public token of the petition filed with this form nonce, if any. */
    async tokenByNonce(formNonce: string): Promise<string | undefined> {
      const r = await db('petitions').where({ form_nonce: formNonce }).first('public_token');
      return r ? String(r.public_token) : undefined;
    },

    /**
     * The sender's phone and e-mail, read only to hide them (in any spelling) from the texts
     * their status page shows; never returned to a page.
     */
    async senderContact(petitionId: number): Promise<{ phone: string | null; email: string | null }> {
      const r = await db('petitions').where({ id: petitionId }).first('sender_phone', 'sender_email');
      return { phone: r?.sender_phone ?? null, email: r?.sender_email ?? null };
    },

    // ---------------------------------------------------------------- Zalo invites

    async insertZaloInvite(trx: Db, row: { token: string; zaloUserId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
      await trx('petition_zalo_invites').insert({ token: row.token, zalo_user_id: row.zaloUserId, created_at: row.createdAt, expires_at: row.expiresAt, petition_id: null });
    },

    async zaloInvite(token: string, trx: Db = db): Promise<ZaloInviteRow | undefined> {
      const r = await trx('petition_zalo_invites').where({ token }).first('token', 'zalo_user_id', 'expires_at', 'petition_id');
      if (!r) return undefined;
      return { token: String(r.token), zaloUserId: String(r.zalo_user_id), expiresAt: toDate(r.expires_at), petitionId: num(r.petition_id) };
    },

    /** Claim an unused, unexpired invite for a petition: true when this call took it (a concurrent filing cannot take it too). */
    async claimZaloInvite(trx: Knex.Transaction, token: string, petitionId: number, now: Date): Promise<boolean> {
      const n = await trx('petition_zalo_invites').where({ token }).whereNull('petition_id').where('expires_at', '>', now).update({ petition_id: petitionId });
      return Number(n) === 1;
    },

    // ---------------------------------------------------------------- public reads

    /** Where the sender is answered (for the acknowledgement's wording): whether there is a phone, an e-mail, a Zalo follower; never the values. */
    async answerChannels(token: string): Promise<{ phone: boolean; email: boolean; zalo: boolean } | undefined> {
      const r = await db('petitions').where({ public_token: token }).first('sender_phone', 'sender_email', 'zalo_user_id');
      if (!r) return undefined;
      return { phone: r.sender_phone !== null && r.sender_phone !== '', email: r.sender_email !== null && r.sender_email !== '', zalo: r.zalo_user_id !== null && r.zalo_user_id !== '' };
    },

    async publicByToken(token: string): Promise<PublicPetitionRow | undefined> {
      const r = await db('petitions as p')
        .leftJoin('procedures as pr', 'pr.id', 'p.procedure_id')
        .leftJoin('agencies as ca', 'ca.id', 'p.concerned_agency_id')
        .leftJoin('agencies as ka', 'ka.id', 'p.competent_agency_id')
        .where('p.public_token', token)
        .first(
          'p.id',
          'p.code',
          'p.kind',
          'p.status',
          'p.channel',
          'pr.name as procedure_name',
          'pr.name_en as procedure_name_en',
          'ca.name as concerned_agency_name',
          'ka.name as competent_agency_name',
          'p.received_at',
          'p.forward_due_at',
          'p.forwarded_at',
          'p.answer_due_at',
          'p.answered_at',
          'p.closed_at',
          'p.closing_reason',
          'p.answer',
          'p.published_at',
        );
      if (!r) return undefined;
      return {
        id: Number(r.id),
        code: String(r.code),
        kind: r.kind,
        status: r.status,
        channel: r.channel,
        procedureName: r.procedure_name ?? null,
        procedureNameEn: r.procedure_name_en ?? null,
        concernedAgencyName: r.concerned_agency_name ?? null,
        competentAgencyName: r.competent_agency_name ?? null,
        receivedAt: toDate(r.received_at),
        forwardDueAt: toDate(r.forward_due_at),
        forwardedAt: toDateOrNull(r.forwarded_at),
        answerDueAt: toDateOrNull(r.answer_due_at),
        answeredAt: toDateOrNull(r.answered_at),
        closedAt: toDateOrNull(r.closed_at),
        closingReason: r.closing_reason ?? null,
        answer: r.answer ?? null,
        publishedAt: toDateOrNull(r.published_at),
      };
    },

    /** The petition's public events, oldest first (no actor, no address). */
    async publicEvents(petitionId: number): Promise<PublicPetitionEvent[]> {
      const rows = await db('petition_events').where({ petition_id: petitionId, public: true }).orderBy('seq').select('type', 'to_status', 'note', 'created_at');
      return rows.map((r) => ({ type: String(r.type), toStatus: r.to_status ?? null, note: r.note ?? null, createdAt: toDate(r.created_at) }));
    },

    /**
     * Published petitions, newest first, of a kind or all, holding every folded word in their
     * published_search; only what the public list shows. A page when `page` is given.
     */
    async published(filter: PublishedFilter, page?: { limit: number; offset: number }): Promise<PublishedPetitionRow[]> {
      const q = publishedQuery(db).orderBy('p.published_at', 'desc').orderBy('p.id', 'desc');
      filtered(q, filter, 'p.');
      if (page) q.limit(page.limit).offset(page.offset);
      return (await q).map(toPublished);
    },

    async publishedCount(filter: PublishedFilter): Promise<number> {
      const q = db('petitions').whereNotNull('published_at');
      filtered(q, filter, '');
      const r = await q.count<{ n: number | string }[]>({ n: '*' });
      return Number(r[0]?.n ?? 0);
    },

    async publishedByCode(code: string): Promise<PublishedPetitionRow | undefined> {
      const r = await publishedQuery(db).where('p.code', code).first();
      return r ? toPublished(r) : undefined;
    },
  };
}

/** A kind, and folded words (publishedQueryWords) each found in published_search. */
export interface PublishedFilter {
  kind: PetitionKind | null;
  words: readonly string[];
}

function filtered(q: Knex.QueryBuilder, f: PublishedFilter, prefix: string): void {
  if (f.kind) q.where(`${prefix}kind`, f.kind);
  // LIKE with \ as the escape character on both databases; the words are already folded.
  for (const w of f.words) q.whereRaw(`${prefix}published_search like ? escape '\\'`, [`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
}

function publishedQuery(db: Knex) {
  return db('petitions as p')
    .leftJoin('agencies as ka', 'ka.id', 'p.competent_agency_id')
    .leftJoin('procedures as pr', 'pr.id', 'p.procedure_id')
    .whereNotNull('p.published_at')
    .select('p.code', 'p.kind', 'ka.name as competent_agency_name', 'pr.name as procedure_name', 'pr.name_en as procedure_name_en', 'p.received_at', 'p.answered_at', 'p.published_at', 'p.published_content', 'p.published_answer')
    // The sender's name leaves the database only when they agreed to be named.
    .select(db.raw('CASE WHEN p.consent_named = ? THEN p.sender_name ELSE NULL END AS named_sender', [true]));
}

function toPublished(r: any): PublishedPetitionRow {
  return {
    code: String(r.code),
    kind: r.kind,
    competentAgencyName: r.competent_agency_name ?? null,
    procedureName: r.procedure_name ?? null,
    procedureNameEn: r.procedure_name_en ?? null,
    receivedAt: toDate(r.received_at),
    answeredAt: toDateOrNull(r.answered_at),
    publishedAt: toDate(r.published_at),
    content: String(r.published_content ?? ''),
    answer: String(r.published_answer ?? ''),
    namedSender: r.named_sender ?? null,
  };
}

export type PetitionIntakeRepo = ReturnType<typeof petitionIntakeRepo>;
