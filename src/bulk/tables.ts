/** The tables the bulk generator writes, with the columns it fills (row arrays follow this order). */
import type { TableSpec } from './writer.js';

export const DOSSIERS: TableSpec = {
  name: 'dossiers',
  columns: [
    'id', 'code', 'public_token', 'agency_id', 'processing_agency_id', 'procedure_id', 'status',
    'applicant_name', 'applicant_name_folded', 'applicant_id_number', 'applicant_phone', 'applicant_email', 'applicant_address',
    'representative_name', 'result_delivery', 'channel', 'sets_count', 'note', 'processing_unit', 'processing_amount',
    'received_at', 'original_due_at', 'due_at', 'finished_at', 'received_by', 'assigned_to', 'receipt_print_count', 'version',
    'created_at', 'updated_at', 'assigned_agency_id', 'completion', 'returned_at', 'returned_to', 'outcome_note',
    'extended_due_at', 'overdue_at', 'completed_by', 'escalated_at', 'early_notified_at',
  ],
};

export const DOCUMENTS: TableSpec = {
  name: 'dossier_documents',
  columns: ['dossier_id', 'position', 'name', 'originals', 'certified_copies', 'copies'],
};

export const EVENTS: TableSpec = {
  name: 'dossier_events',
  columns: ['dossier_id', 'seq', 'type', 'from_status', 'to_status', 'actor_id', 'note', 'public', 'ip', 'created_at', 'prev_hash', 'hash'],
};

export const HANDOVERS: TableSpec = {
  name: 'dossier_handovers',
  columns: ['dossier_id', 'at', 'from_agency_id', 'to_agency_id', 'from_user_id', 'to_user_id', 'due_at', 'note'],
};

export const PAUSES: TableSpec = {
  name: 'dossier_pauses',
  columns: ['dossier_id', 'kind', 'started_at', 'ended_at', 'reason', 'started_by', 'ended_by'],
};

export const MILESTONES: TableSpec = {
  name: 'dossier_milestones',
  columns: ['dossier_id', 'kind', 'created_at'],
};

export const APOLOGIES: TableSpec = {
  name: 'dossier_apologies',
  columns: ['dossier_id', 'issued_at', 'issued_by', 'reason', 'previous_due_at', 'new_due_at'],
};

export const RATINGS: TableSpec = {
  name: 'dossier_ratings',
  columns: [
    'dossier_id', 'level', 'comment', 'criterion_time', 'criterion_contacts', 'criterion_agencies', 'criterion_attitude',
    'criterion_publicity', 'officer_id', 'agency_id', 'created_at',
  ],
};

/** Child tables in foreign-key order (after dossiers). */
export const CHILD_TABLES = [DOCUMENTS, HANDOVERS, PAUSES, EVENTS, MILESTONES, APOLOGIES, RATINGS] as const;

/** Every table the summary counts. */
export const SUMMARY_TABLES = ['agencies', 'agency_procedures', 'users', 'dossiers', ...CHILD_TABLES.map((t) => t.name), 'dossier_sequences'] as const;
