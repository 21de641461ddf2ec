/**
 * The tables the bulk generator writes, with the columns it fills. The generator builds
 * named records (`DOSSIERS.row` takes one with every column named); `row` maps a record to
 * the column order the writer's INSERTs use, the one place where that order matters.
 */
import type { Cell, Row, TableSpec } from './writer.js';

export interface Table<C extends string> extends TableSpec {
  readonly columns: readonly C[];
  /** The record's values in column order. */
  row(values: Readonly<Record<C, Cell>>): Row;
}

function table<const C extends readonly string[]>(name: string, columns: C): Table<C[number]> {
  return { name, columns, row: (values) => columns.map((c: C[number]) => values[c]) };
}

/** The record a table's `row` takes: every column, by name. */
export type RecordOf<T> = T extends Table<infer C> ? Record<C, Cell> : never;

export const DOSSIERS = table('dossiers', [
  'id', 'code', 'public_token', 'agency_id', 'processing_agency_id', 'procedure_id', 'status',
  'applicant_name', 'applicant_name_folded', 'applicant_id_number', 'applicant_phone', 'applicant_email', 'applicant_address',
  'representative_name', 'result_delivery', 'channel', 'sets_count', 'note', 'processing_unit', 'processing_amount',
  'received_at', 'original_due_at', 'due_at', 'finished_at', 'received_by', 'assigned_to', 'receipt_print_count', 'version',
  'created_at', 'updated_at', 'assigned_agency_id', 'completion', 'returned_at', 'returned_to', 'outcome_note',
  'extended_due_at', 'overdue_at', 'completed_by', 'escalated_at', 'early_notified_at',
]);

export const DOCUMENTS = table('dossier_documents', ['dossier_id', 'position', 'name', 'originals', 'certified_copies', 'copies']);

export const EVENTS = table('dossier_events', ['dossier_id', 'seq', 'type', 'from_status', 'to_status', 'actor_id', 'note', 'public', 'ip', 'created_at', 'prev_hash', 'hash']);

export const HANDOVERS = table('dossier_handovers', ['dossier_id', 'at', 'from_agency_id', 'to_agency_id', 'from_user_id', 'to_user_id', 'due_at', 'note']);

export const PAUSES = table('dossier_pauses', ['dossier_id', 'kind', 'started_at', 'ended_at', 'reason', 'request_reason', 'started_by', 'ended_by']);

export const MILESTONES = table('dossier_milestones', ['dossier_id', 'kind', 'created_at']);

export const APOLOGIES = table('dossier_apologies', ['dossier_id', 'issued_at', 'issued_by', 'reason', 'previous_due_at', 'new_due_at']);

export const RATINGS = table('dossier_ratings', [
  'dossier_id', 'level', 'comment', 'criterion_time', 'criterion_contacts', 'criterion_agencies', 'criterion_attitude',
  'criterion_publicity', 'officer_id', 'agency_id', 'created_at',
]);

/** The words staff search finds a dossier by (src/domain/search-words.ts), as intake writes them. */
export const SEARCH_WORDS = table('dossier_search_words', ['dossier_id', 'word']);

export type DossierRecord = RecordOf<typeof DOSSIERS>;
export type DocumentRecord = RecordOf<typeof DOCUMENTS>;
export type EventRecord = RecordOf<typeof EVENTS>;
export type HandoverRecord = RecordOf<typeof HANDOVERS>;
export type PauseRecord = RecordOf<typeof PAUSES>;
export type MilestoneRecord = RecordOf<typeof MILESTONES>;
export type ApologyRecord = RecordOf<typeof APOLOGIES>;
export type RatingRecord = RecordOf<typeof RATINGS>;
export type SearchWordRecord = RecordOf<typeof SEARCH_WORDS>;

/** Child tables in foreign-key order (after dossiers). */
export const CHILD_TABLES = [DOCUMENTS, HANDOVERS, PAUSES, EVENTS, MILESTONES, APOLOGIES, RATINGS, SEARCH_WORDS] as const;

/** Every table the summary counts. */
export const SUMMARY_TABLES = ['agencies', 'agency_procedures', 'users', 'dossiers', ...CHILD_TABLES.map((t) => t.name), 'dossier_sequences'] as const;
