/** Citizens' questions on dossiers and staff's internal notes on them (dossier_questions, dossier_question_notes). */
import type { Knex } from 'knex';
import type { DossierStatus } from '../../domain/status.js';
import { toDate, toDateOrNull } from '../../db/knex.js';
import { joinStaffDossiers, oneDossier } from '../../platform/record/scope.repo.js';
import type { StaffScope } from '../../platform/record/visibility.js';
import type { DossierRow, Timestamp } from '../../platform/record/tables.js';

export interface QuestionRow {
  id: number;
  dossierId: number;
  channel: string;
  text: string;
  askedAt: Date;
  answerDueAt: Date;
  answeredAt: Date | null;
  answeredById: number | null;
  answeredByName: string | null;
  answer: string | null;
  answerPublic: boolean;
  /** The follower a question asked on Zalo came from (channel 'zalo'), else null. */
  zaloUserId: string | null;
  /** The petition this question was turned into ("Chuyển thành PAKN"), else null. */
  petition: QuestionPetition | null;
}

/** The petition a question became: its code, tracking token, state and the sender's answer on being named (art. 19). */
export interface QuestionPetition {
  id: number;
  code: string;
  token: string;
  status: string;
  consentNamed: boolean;
  /** When the sender answered whether they may be named; null: not answered yet. */
  consentAt: Date | null;
}

/** What turning a question into a petition takes from its dossier: the applicant (the sender) and who handled it. */
export interface QuestionApplicant {
  kind: string;
  name: string;
  address: string;
  phone: string;
  email: string | null;
  token: string;
  assignedTo: number | null;
  lastActorId: number | null;
}

export interface QuestionNote {
  id: number;
  questionId: number;
  authorName: string;
  text: string;
  createdAt: Date;
}

export interface InboxRow {
  id: number;
  dossierId: number;
  dossierCode: string;
  procedureName: string;
  assignedToId: number | null;
  assignedToName: string | null;
  text: string;
  askedAt: Date;
  answerDueAt: Date;
  channel: string;
}

/** A row of the inbox query: the question, its dossier's code and holder, the procedure's name. */
type InboxSource = Pick<DossierRow, 'code' | 'assigned_to'> & {
  id: number;
  dossier_id: number;
  procedure_name: string;
  assigned_to_name: string | null;
  text: string;
  asked_at: Timestamp;
  answer_due_at: Timestamp;
  channel: string;
};

/** Who may see a dossier: its receiving, processing or currently holding agency (canSeeDossier's rule, platform/record/visibility.ts). */
export interface QuestionDossier {
  id: number;
  code: string;
  status: DossierStatus;
  agencyId: number;
  processingAgencyId: number;
  assignedAgencyId: number | null;
}

const questionColumns = [
  'q.id',
  'q.dossier_id',
  'q.channel',
  'q.text',
  'q.asked_at',
  'q.answer_due_at',
  'q.answered_at',
  'q.answered_by',
  'q.answer',
  'q.answer_public',
  'q.zalo_user_id',
  'u.full_name as answered_by_name',
  'pt.id as petition_id',
  'pt.code as petition_code',
  'pt.public_token as petition_token',
  'pt.status as petition_status',
  'pt.consent_named as petition_consent_named',
  'pt.consent_named_at as petition_consent_at',
];

/** The questions with who answered them and the petition they became (if any). */
function questions(db: Knex | Knex.Transaction) {
  return db('dossier_questions as q').leftJoin('users as u', 'u.id', 'q.answered_by').leftJoin('petitions as pt', 'pt.id', 'q.petition_id');
}

function toQuestion(r: Record<string, unknown>): QuestionRow {
  return {
    id: Number(r.id),
    dossierId: Number(r.dossier_id),
    channel: String(r.channel),
    text: String(r.text),
    askedAt: toDate(r.asked_at),
    answerDueAt: toDate(r.answer_due_at),
    answeredAt: toDateOrNull(r.answered_at),
    answeredById: r.answered_by === null || r.answered_by === undefined ? null : Number(r.answered_by),
    answeredByName: (r.answered_by_name as string | null) ?? null,
    answer: (r.answer as string | null) ?? null,
    answerPublic: r.answer_public === true || r.answer_public === 1,
    zaloUserId: (r.zalo_user_id as string | null) ?? null,
    petition:
      r.petition_id === null || r.petition_id === undefined
        ? null
        : {
            id: Number(r.petition_id),
            code: String(r.petition_code),
            token: String(r.petition_token),
            status: String(r.petition_status),
            consentNamed: r.petition_consent_named === true || r.petition_consent_named === 1,
            consentAt: toDateOrNull(r.petition_consent_at),
          },
  };
}

const dossierColumns = ['id', 'code', 'status', 'agency_id', 'processing_agency_id', 'assigned_agency_id'] as const;

function toDossier(r: Pick<DossierRow, (typeof dossierColumns)[number]>): QuestionDossier {
  return {
    id: Number(r.id),
    code: r.code,
    status: r.status,
    agencyId: Number(r.agency_id),
    processingAgencyId: Number(r.processing_agency_id),
    assignedAgencyId: r.assigned_agency_id === null || r.assigned_agency_id === undefined ? null : Number(r.assigned_agency_id),
  };
}

export function questionsRepo(db: Knex | Knex.Transaction) {
  return {
    async dossierByToken(token: string): Promise<QuestionDossier | undefined> {
      const r = await oneDossier(db, { public_token: token }).first(...dossierColumns);
      return r ? toDossier(r) : undefined;
    },

    async dossier(id: number): Promise<QuestionDossier | undefined> {
      const r = await oneDossier(db, { id }).first(...dossierColumns);
      return r ? toDossier(r) : undefined;
    },

    /** What a Zalo answer needs to tell the citizen: the status page token and the phone for the fallback. */
    async contact(dossierId: number): Promise<{ token: string; phone: string } | undefined> {
      const r = await oneDossier(db, { id: dossierId }).first('public_token', 'applicant_phone');
      return r ? { token: String(r.public_token), phone: String(r.applicant_phone ?? '') } : undefined;
    },

    async insert(q: { dossierId: number; text: string; askedAt: Date; answerDueAt: Date; remindAt: Date; ip: string | null; channel?: 'status_page' | 'zalo'; zaloUserId?: string | null }): Promise<number> {
      const [row] = await db('dossier_questions')
        .insert({
          dossier_id: q.dossierId,
          channel: q.channel ?? 'status_page',
          zalo_user_id: q.zaloUserId ?? null,
          text: q.text,
          asked_at: q.askedAt,
          answer_due_at: q.answerDueAt,
          remind_at: q.remindAt,
          ip: q.ip,
        })
        .returning('id');
      return Number(typeof row === 'object' ? (row as { id: number }).id : row);
    },

    async forDossier(dossierId: number): Promise<QuestionRow[]> {
      const rows = await questions(db).where('q.dossier_id', dossierId).orderBy([{ column: 'q.asked_at' }, { column: 'q.id' }]).select(questionColumns);
      return rows.map(toQuestion);
    },

    async byId(id: number): Promise<QuestionRow | undefined> {
      const r = await questions(db).where('q.id', id).first(questionColumns);
      return r ? toQuestion(r) : undefined;
    },

    /** The applicant of a dossier (a question's sender when it becomes a petition), and its assigned officer or else the last one who acted on it. */
    async applicant(dossierId: number): Promise<QuestionApplicant | undefined> {
      const r = await oneDossier(db, { id: dossierId }).first('applicant_kind', 'applicant_name', 'applicant_address', 'applicant_phone', 'applicant_email', 'public_token', 'assigned_to');
      if (!r) return undefined;
      const last = await db('dossier_events').where({ dossier_id: dossierId }).whereNotNull('actor_id').orderBy('seq', 'desc').first('actor_id');
      return {
        kind: String(r.applicant_kind),
        name: String(r.applicant_name),
        address: String(r.applicant_address ?? ''),
        phone: String(r.applicant_phone ?? ''),
        email: r.applicant_email ?? null,
        token: String(r.public_token),
        assignedTo: r.assigned_to === null || r.assigned_to === undefined ? null : Number(r.assigned_to),
        lastActorId: last?.actor_id === null || last?.actor_id === undefined ? null : Number(last.actor_id),
      };
    },

    /** Tie the question to the petition it became, unless it already is: true when this call tied it. */
    async linkPetition(id: number, petitionId: number): Promise<boolean> {
      const n = await db('dossier_questions').where({ id }).whereNull('petition_id').update({ petition_id: petitionId });
      return Number(n) === 1;
    },

    /** The question `id` of the dossier behind this status-page token (undefined when it is another dossier's). */
    async byTokenAndId(token: string, id: number): Promise<QuestionRow | undefined> {
      const d = await oneDossier(db, { public_token: token }).first('id');
      if (!d) return undefined;
      const r = await questions(db).where('q.id', id).where('q.dossier_id', d.id).first(questionColumns);
      return r ? toQuestion(r) : undefined;
    },

    /** Record the answer unless one was given already; true when this call gave it. */
    async answer(id: number, a: { text: string; by: number; at: Date; public: boolean }): Promise<boolean> {
      const n = await db('dossier_questions').where({ id }).whereNull('answered_at').update({ answer: a.text, answered_by: a.by, answered_at: a.at, answer_public: a.public });
      return Number(n) === 1;
    },

    async addNote(n: { questionId: number; authorId: number; text: string; at: Date }): Promise<void> {
      await db('dossier_question_notes').insert({ question_id: n.questionId, author_id: n.authorId, text: n.text, created_at: n.at });
    },

    async notesForDossier(dossierId: number): Promise<QuestionNote[]> {
      const rows = await db('dossier_question_notes as n')
        .join('dossier_questions as q', 'q.id', 'n.question_id')
        .join('users as u', 'u.id', 'n.author_id')
        .where('q.dossier_id', dossierId)
        .orderBy([{ column: 'n.created_at' }, { column: 'n.id' }])
        .select('n.id', 'n.question_id', 'u.full_name', 'n.text', 'n.created_at');
      return rows.map((r) => ({ id: Number(r.id), questionId: Number(r.question_id), authorName: String(r.full_name), text: String(r.text), createdAt: toDate(r.created_at) }));
    },

    /** Unanswered questions on the dossiers `staff` may see: the viewer's assigned ones first, then oldest first. */
    async unanswered(staff: StaffScope, viewerId: number): Promise<InboxRow[]> {
      const q = joinStaffDossiers(db('dossier_questions as q'), staff, 'q.dossier_id')
        .join('procedures as p', 'p.id', 'd.procedure_id')
        .leftJoin('users as au', 'au.id', 'd.assigned_to')
        .whereNull('q.answered_at');
      const rows = await q
        .orderByRaw('case when d.assigned_to = ? then 0 else 1 end', [viewerId])
        .orderBy([{ column: 'q.asked_at' }, { column: 'q.id' }])
        .select<InboxSource[]>('q.id', 'q.dossier_id', 'd.code', 'p.name as procedure_name', 'd.assigned_to', 'au.full_name as assigned_to_name', 'q.text', 'q.asked_at', 'q.answer_due_at', 'q.channel');
      return rows.map((r) => ({
        id: Number(r.id),
        dossierId: Number(r.dossier_id),
        dossierCode: String(r.code),
        procedureName: String(r.procedure_name),
        assignedToId: r.assigned_to === null || r.assigned_to === undefined ? null : Number(r.assigned_to),
        assignedToName: r.assigned_to_name ?? null,
        text: String(r.text),
        askedAt: toDate(r.asked_at),
        answerDueAt: toDate(r.answer_due_at),
        channel: String(r.channel),
      }));
    },
  };
}
