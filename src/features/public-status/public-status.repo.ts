/**
 * The read behind the public status page, shaped for it: it is the page citizens hit
 * most (every receipt's QR), so it is one statement — the dossier with its agencies,
 * procedure and rating, and its public events, citizen messages and questions gathered as JSON
 * arrays by correlated subqueries (json_agg on PostgreSQL; on SQLite group_concat of
 * json_array texts, because SQLite 3.44's json_group_array(… ORDER BY …) turns the inner
 * arrays into strings), each served by its (dossier_id, …) index. It reads no personal data beyond the name
 * that the service masks. It runs as a prepared statement (src/db/prepared.ts).
 */
import type { Knex } from 'knex';
import { dialect, toDate, toDateOrNull } from '../../db/knex.js';
import { preparedRead } from '../../db/prepared.js';
import { FEE_PAID_EVENT } from '../../domain/result-file.js';
import type { SupplementClock } from '../../domain/deadline.js';
import type { DossierStatus } from '../../domain/status.js';
import type { Completion } from '../../domain/workflow.js';
import type { StoredMessage } from '../../platform/messaging/messages.js';
import type { RatingLevel } from '../ratings/rating.js';
import type { PublicQuestionSource } from '../questions/questions.service.js';

export interface PublicDossierRow {
  id: number;
  code: string;
  status: DossierStatus;
  applicantName: string;
  agencyName: string;
  agencyAddress: string;
  hotline: string;
  procedureCode: string;
  procedureName: string;
  /** The procedure's English name (procedures.name_en), for the English status page. */
  procedureNameEn: string | null;
  leadAgencyName: string;
  receivedAt: Date;
  /** The receipt's printed appointment, the statutory one now, and an apology's. */
  originalDueAt: Date;
  dueAt: Date;
  extendedDueAt: Date | null;
  /** The clock rule the dossier was received under. */
  supplementClock: SupplementClock;
  /** The specific reason of the last supplement request (null for requests before 2025). */
  supplementReason: string | null;
  completion: Completion | null;
  finishedAt: Date | null;
  updatedAt: Date;
  rating: { level: RatingLevel; createdAt: Date } | null;
  /** Public events, oldest first. */
  events: Array<{ type: string; note: string | null; createdAt: Date }>;
  /** The dossier's messages, oldest first, as stored rows (no recipient); the service keeps the citizen-facing ones. */
  messages: Array<Omit<StoredMessage, 'recipient'>>;
  /** The citizens' questions, oldest first, with their answers (no staff name); the questions service says what is public. */
  questions: PublicQuestionSource[];
  /** The current electronic result file (the latest not removed), if any. */
  resultFile: { name: string; signed: boolean | null } | null;
  /** The procedure's fee (null: "see the note"), and whether staff recorded it paid. */
  feeVnd: number | null;
  feePaid: boolean;
}

/** The last supplement request's reason: a scalar subquery served by dossier_pauses' dossier_id index. */
const SUPPLEMENT_REASON = `(select sp.request_reason from dossier_pauses sp where sp.dossier_id = d.id and sp.kind = 'supplement'
  order by sp.started_at desc, sp.id desc limit 1) as supplement_reason`;

/** Whether staff recorded the fee paid (dossier_events' (dossier_id, seq) key, a dossier's few events). */
const FEE_PAID = `exists (select 1 from dossier_events fe where fe.dossier_id = d.id and fe.type = '${FEE_PAID_EVENT}') as fee_paid`;
/** The current result file: served by dossier_files' (dossier_id, purpose) index. */
const RESULT_FILE_WHERE = `from dossier_files f where f.dossier_id = d.id and f.purpose = 'result' and f.removed_at is null order by f.id desc limit 1`;

type Subqueries = Record<'events' | 'messages' | 'questions' | 'supplementReason' | 'resultFile' | 'feePaid', Knex.Raw>;

function subqueries(db: Knex): Subqueries {
  if (dialect(db) === 'postgres') {
    return {
      supplementReason: db.raw(SUPPLEMENT_REASON),
      feePaid: db.raw(FEE_PAID),
      resultFile: db.raw(`(select json_build_array(f.name, f.pdf_signed) ${RESULT_FILE_WHERE}) as result_json`),
      questions: db.raw(
        `(select coalesce(json_agg(json_build_array(q.asked_at, q.text, q.answered_at, q.answer, q.answer_public, q.id, pt.id, pt.code, pt.public_token, pt.status, pt.consent_named, pt.consent_named_at) order by q.asked_at, q.id), '[]'::json)
          from dossier_questions q left join petitions pt on pt.id = q.petition_id where q.dossier_id = d.id) as questions_json`,
      ),
      events: db.raw(
        `(select coalesce(json_agg(json_build_array(e.type, e.note, e.created_at) order by e.seq), '[]'::json)
          from dossier_events e where e.dossier_id = d.id and e.public) as events_json`,
      ),
      messages: db.raw(
        `(select coalesce(json_agg(json_build_array(m.channel, m.template, m.status, m.created_at, m.delivered_at) order by m.created_at, m.id), '[]'::json)
          from outbox_messages m where m.dossier_id = d.id) as messages_json`,
      ),
    };
  }
  return {
    supplementReason: db.raw(SUPPLEMENT_REASON),
    feePaid: db.raw(FEE_PAID),
    resultFile: db.raw(`(select json_array(f.name, f.pdf_signed) ${RESULT_FILE_WHERE}) as result_json`),
    questions: db.raw(
      `(select '[' || coalesce(group_concat(json_array(q.asked_at, q.text, q.answered_at, q.answer, q.answer_public, q.id, pt.id, pt.code, pt.public_token, pt.status, pt.consent_named, pt.consent_named_at), ',' order by q.asked_at, q.id), '') || ']'
        from dossier_questions q left join petitions pt on pt.id = q.petition_id where q.dossier_id = d.id) as questions_json`,
    ),
    events: db.raw(
      `(select '[' || coalesce(group_concat(json_array(e.type, e.note, e.created_at), ',' order by e.seq), '') || ']'
        from dossier_events e where e.dossier_id = d.id and e.public = 1) as events_json`,
    ),
    messages: db.raw(
      `(select '[' || coalesce(group_concat(json_array(m.channel, m.template, m.status, m.created_at, m.delivered_at), ',' order by m.created_at, m.id), '') || ']'
        from outbox_messages m where m.dossier_id = d.id) as messages_json`,
    ),
  };
}

/** The driver gives PostgreSQL json parsed and SQLite's as text. */
function jsonValue(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function jsonArray(value: unknown): unknown[][] {
  const parsed = jsonValue(value);
  return Array.isArray(parsed) ? (parsed as unknown[][]) : [];
}

function resultFileOf(value: unknown): PublicDossierRow['resultFile'] {
  const parsed = value === null || value === undefined ? null : jsonValue(value);
  if (!Array.isArray(parsed)) return null;
  const [name, signed] = parsed as [unknown, unknown];
  return { name: String(name), signed: signed === null || signed === undefined ? null : Boolean(signed) };
}

const byToken = preparedRead('public_status_by_token', (db) => {
  const sub = subqueries(db);
  return db('dossiers as d')
    .join('agencies as a', 'a.id', 'd.agency_id')
    .join('procedures as p', 'p.id', 'd.procedure_id')
    .join('agencies as la', 'la.id', 'd.processing_agency_id')
    .leftJoin('dossier_ratings as r', 'r.dossier_id', 'd.id')
    .where('d.public_token', '')
    .select(
      'd.id',
      'd.code',
      'd.status',
      'd.applicant_name',
      'd.received_at',
      'd.original_due_at',
      'd.due_at',
      'd.supplement_clock',
      'd.extended_due_at',
      'd.completion',
      'd.finished_at',
      'd.updated_at',
      'a.name as agency_name',
      'a.address as agency_address',
      'a.hotline as agency_hotline',
      'p.code as procedure_code',
      'p.name as procedure_name',
      'p.name_en as procedure_name_en',
      'p.fee_vnd',
      'la.name as lead_agency_name',
      'r.level as rating_level',
      'r.created_at as rating_created_at',
      sub.events,
      sub.messages,
      sub.questions,
      sub.supplementReason,
      sub.resultFile,
      sub.feePaid,
    );
});

/** The status page's data for a token (public_token is unique), in one prepared statement. */
export async function publicDossierByToken(db: Knex, token: string): Promise<PublicDossierRow | undefined> {
  const [r] = (await byToken.all(db, [token])) as Array<Record<string, any>>;
  if (!r) return undefined;
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    applicantName: r.applicant_name,
    agencyName: r.agency_name,
    agencyAddress: r.agency_address,
    hotline: r.agency_hotline,
    procedureCode: r.procedure_code,
    procedureName: r.procedure_name,
    procedureNameEn: r.procedure_name_en ?? null,
    leadAgencyName: r.lead_agency_name,
    receivedAt: toDate(r.received_at),
    originalDueAt: toDate(r.original_due_at),
    dueAt: toDate(r.due_at),
    supplementClock: r.supplement_clock === 'restart' ? 'restart' : 'resume',
    supplementReason: r.supplement_reason ?? null,
    extendedDueAt: toDateOrNull(r.extended_due_at),
    completion: r.completion ?? null,
    finishedAt: toDateOrNull(r.finished_at),
    updatedAt: toDate(r.updated_at),
    rating: r.rating_level ? { level: r.rating_level, createdAt: toDate(r.rating_created_at) } : null,
    resultFile: resultFileOf(r.result_json),
    feeVnd: r.fee_vnd === null || r.fee_vnd === undefined ? null : Number(r.fee_vnd),
    feePaid: r.fee_paid === true || Number(r.fee_paid) === 1,
    events: jsonArray(r.events_json).map(([type, note, at]) => ({ type: String(type), note: (note as string | null) ?? null, createdAt: toDate(at) })),
    messages: jsonArray(r.messages_json).map(([channel, template, status, created, delivered]) => ({
      channel: String(channel) as StoredMessage['channel'],
      template: String(template),
      status: String(status) as StoredMessage['status'],
      createdAt: toDate(created),
      deliveredAt: toDateOrNull(delivered),
    })),
    questions: jsonArray(r.questions_json).map(([asked, text, answered, answer, answerPublic, id, petitionId, code, token, status, consentNamed, consentAt]) => ({
      id: Number(id),
      askedAt: toDate(asked),
      text: String(text),
      answeredAt: toDateOrNull(answered),
      answer: (answer as string | null) ?? null,
      answerPublic: answerPublic === true || answerPublic === 1,
      petition:
        petitionId === null || petitionId === undefined
          ? null
          : {
              id: Number(petitionId),
              code: String(code),
              token: String(token),
              status: String(status),
              consentNamed: consentNamed === true || consentNamed === 1,
              consentAt: toDateOrNull(consentAt),
            },
    })),
  };
}
