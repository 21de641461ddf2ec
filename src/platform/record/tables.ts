/**
 * The rows of the dossier record's tables as the drivers return them. A repo names the row
 * type of its table to knex (`db<DossierPauseRow>('dossier_pauses')`; the record core's
 * oneDossier and dossiersByIds already do), so `.first('code')` is a `{ code: string }`
 * without a cast. (Not declared globally through `knex/types/tables`: see
 * docs/development/record-core.md.) Honest about both databases: SQLite returns a timestamp as a number
 * (milliseconds) and a boolean as 0 or 1, PostgreSQL a Date and a boolean, so a timestamp is
 * `Timestamp` (read it through toDate) and a boolean `Flag` (read it through Boolean()).
 * A column the application writes only from a domain union (a dossier's status) has that
 * union's type: the database does not check it, our writers do.
 * An aliased or joined query (`dossiers as d`) is not typed by knex: name its row type with
 * `select<Row[]>(…)` / `first<Row | undefined>(…)` built from these (DossierRow & { … }).
 */
import type { ProcessingUnit } from '../../domain/deadline.js';
import type { Role } from '../../domain/roles.js';
import type { DossierStatus, ResultDelivery } from '../../domain/status.js';
import type { Completion } from '../../domain/workflow.js';

/** A stored instant: Date on PostgreSQL, milliseconds (or a numeric string) on SQLite. */
export type Timestamp = Date | number | string;
/** A stored boolean: boolean on PostgreSQL, 0 or 1 on SQLite. */
export type Flag = boolean | number;

export interface DossierRow {
  id: number;
  code: string;
  public_token: string;
  agency_id: number;
  processing_agency_id: number;
  assigned_agency_id: number | null;
  procedure_id: number;
  /** The procedure's version in force at receipt (null: received before versions were kept). */
  procedure_version_id: number | null;
  status: DossierStatus;
  applicant_kind: string;
  applicant_name: string;
  applicant_name_folded: string;
  applicant_id_number: string;
  applicant_phone: string;
  applicant_email: string | null;
  applicant_address: string;
  organisation_code: string | null;
  representative_name: string | null;
  representative_id_number: string | null;
  representative_address: string | null;
  representative_phone: string | null;
  representative_email: string | null;
  authorisation_paper: string | null;
  result_delivery: ResultDelivery;
  channel: string;
  sets_count: number;
  note: string | null;
  processing_unit: ProcessingUnit;
  processing_amount: number;
  /** 'resume' or 'restart'; read through supplementClockOf (anything else counts as resume). */
  supplement_clock: string;
  next_day_after_cutoff: Flag;
  received_at: Timestamp;
  original_due_at: Timestamp;
  due_at: Timestamp;
  extended_due_at: Timestamp | null;
  finished_at: Timestamp | null;
  completion: Completion | null;
  completed_by: number | null;
  returned_at: Timestamp | null;
  returned_to: string | null;
  outcome_note: string | null;
  received_by: number;
  assigned_to: number | null;
  receipt_print_count: number;
  version: number;
  intake_key: string | null;
  overdue_at: Timestamp | null;
  escalated_at: Timestamp | null;
  early_notified_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DossierDocumentRow {
  id: number;
  dossier_id: number;
  position: number;
  name: string;
  originals: number;
  certified_copies: number;
  copies: number;
}

export interface DossierEventRow {
  id: number;
  dossier_id: number;
  seq: number;
  type: string;
  from_status: DossierStatus | null;
  to_status: DossierStatus | null;
  actor_id: number | null;
  note: string | null;
  public: Flag;
  ip: string | null;
  created_at: Timestamp;
  prev_hash: string | null;
  hash: string;
}

export interface DossierPauseRow {
  id: number;
  dossier_id: number;
  kind: 'supplement' | 'other';
  started_at: Timestamp;
  ended_at: Timestamp | null;
  reason: string;
  started_by: number;
  ended_by: number | null;
  request_reason: string | null;
  override_reason: string | null;
}

export interface DossierHandoverRow {
  id: number;
  dossier_id: number;
  at: Timestamp;
  from_agency_id: number;
  to_agency_id: number;
  from_user_id: number | null;
  to_user_id: number | null;
  due_at: Timestamp;
  note: string | null;
}

export interface AgencyRow {
  id: number;
  eid: string;
  name: string;
  governing_body: string;
  place_name: string;
  kind: string;
  parent_id: number | null;
  address: string;
  hotline: string;
  active: Flag;
}

export interface ProcedureRow {
  id: number;
  code: string;
  name: string;
  field: string;
  processing_unit: ProcessingUnit;
  processing_amount: number;
  processing_note: string;
  fee_vnd: number | null;
  fee_note: string;
  result: string;
  apology_extension_days: number;
  lead_agency_id: number | null;
  active: Flag;
  result_at_counter: Flag;
  supplement_clock: string;
  next_day_after_cutoff: Flag;
  /** The English name where the catalogue's data has one. */
  name_en: string | null;
  /** none | partial | full (the national data's online level). */
  online_level: string;
  by_post: Flag;
  in_person: Flag;
  /** The result may be a signed file the citizen downloads (migrations/20261210020000_result_electronic.ts). */
  result_electronic: Flag;
}

export interface UserRow {
  id: number;
  username: string;
  full_name: string;
  password_hash: string;
  role: Role;
  agency_id: number;
  phone: string;
  email: string | null;
  job_title: string;
  active: Flag;
  created_at: Timestamp;
}
