/**
 * The integration API's answers, built from the repo's rows: exactly the fields the OpenAPI
 * document (api.openapi.ts) describes, the personal ones only for a key with personal data.
 * Instants are ISO 8601 in UTC.
 */
import { STATUS_LABELS, type DossierStatus } from '../../domain/status.js';
import type { CatalogueRow, EventRow, FeedRow, SnapshotRow } from './api.repo.js';

/** The feed's cursor: opaque to clients ("p" and a position). */
export const cursorOf = (position: number): string => `p${position}`;

function iso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  throw new TypeError('expected a Date (the repo converts the drivers\' instants)');
}
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

export interface ApiAgency {
  eid: string;
  name: string;
}

export function presentDossier(r: SnapshotRow, personalData: boolean) {
  const base = {
    code: r.code,
    status: r.status,
    status_label: STATUS_LABELS[r.status as DossierStatus] ?? r.status,
    channel: r.channel,
    applicant_kind: r.applicant_kind,
    result_delivery: r.result_delivery,
    sets_count: Number(r.sets_count),
    procedure: { code: r.procedure_code, name: r.procedure_name, field: r.procedure_field },
    receiving_agency: { eid: r.agency_eid, name: r.agency_name },
    processing_agency: { eid: r.processing_eid, name: r.processing_name },
    holding_agency: r.holding_eid !== null && r.holding_name !== null ? { eid: r.holding_eid, name: r.holding_name } : null,
    received_at: iso(r.received_at),
    appointment_at: iso(r.due_at),
    original_appointment_at: iso(r.original_due_at),
    extended_appointment_at: isoOrNull(r.extended_due_at),
    finished_at: isoOrNull(r.finished_at),
    completion: r.completion ?? null,
    returned_at: isoOrNull(r.returned_at),
    updated_at: iso(r.updated_at),
  };
  if (!personalData) return base;
  return {
    ...base,
    applicant: {
      name: r.applicant_name ?? '',
      id_number: r.applicant_id_number ?? '',
      phone: r.applicant_phone ?? '',
      email: r.applicant_email ?? null,
      address: r.applicant_address ?? '',
      organisation_code: r.organisation_code ?? null,
    },
    representative: r.representative_name
      ? {
          name: r.representative_name,
          id_number: r.representative_id_number ?? null,
          phone: r.representative_phone ?? null,
          email: r.representative_email ?? null,
          address: r.representative_address ?? null,
        }
      : null,
    note: r.note ?? null,
    outcome_note: r.outcome_note ?? null,
    returned_to: r.returned_to ?? null,
  };
}

export function presentEvent(r: EventRow, personalData: boolean) {
  const base = {
    seq: Number(r.seq),
    type: r.type,
    from_status: r.from_status ?? null,
    to_status: r.to_status ?? null,
    at: iso(r.created_at),
    public: Boolean(r.public),
  };
  return personalData ? { ...base, note: r.event_note ?? null } : base;
}

export function presentFeedItem(r: FeedRow, personalData: boolean) {
  return { cursor: cursorOf(r.position), event: presentEvent(r, personalData), dossier: presentDossier(r, personalData) };
}

export function presentProcedure(c: CatalogueRow) {
  const p = c.procedure;
  return {
    code: p.code,
    name: p.name,
    field: p.field,
    processing: { unit: p.processing_unit, amount: Number(p.processing_amount), note: p.processing_note ?? '' },
    fee: { amount_vnd: p.fee_vnd === null || p.fee_vnd === undefined ? null : Number(p.fee_vnd), note: p.fee_note ?? '' },
    result: p.result ?? '',
    lead_agency: p.lead_eid !== null && p.lead_name !== null ? { eid: p.lead_eid, name: p.lead_name } : null,
    documents: c.documents.map((d) => ({
      position: Number(d.position),
      name: d.name,
      originals: Number(d.originals),
      certified_copies: Number(d.certified_copies),
      copies: Number(d.copies),
      required: Boolean(d.required),
    })),
    agencies: c.agencies,
  };
}
