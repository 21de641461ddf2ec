/** Dossiers inserted directly with chosen dates and outcomes, for report tests. */
import type { Knex } from 'knex';
import { vnInstant } from '../../src/domain/time.js';
import { agencyId } from './app.js';

const WARD = '000.31.01.H26';
export const at = (date: string, clock = '09:00') => vnInstant(date, clock);

export interface Fixture {
  agency?: string;
  procedure?: string;
  received: string;
  due: string;
  finished?: string;
  status: string;
  completion?: 'early' | 'on_time' | 'late';
  completedBy?: number;
  pause?: { from: string; to?: string };
}

let seq = 0;
/** Insert a dossier as if it had lived through the given dates (report fixtures). */
export async function insertDossier(db: Knex, clerkId: number, f: Fixture): Promise<number> {
  const agency = await agencyId(db, f.agency ?? WARD);
  const procedure = await db('procedures').where({ code: f.procedure ?? '1.001612' }).first('id');
  seq++;
  const [row] = await db('dossiers')
    .insert({
      code: `${f.agency ?? WARD}-TEST-${String(seq).padStart(4, '0')}`,
      public_token: `token-for-report-fixture-${String(seq).padStart(6, '0')}`,
      agency_id: agency,
      processing_agency_id: agency,
      // Routed at intake: in the processing agency's queue.
      assigned_agency_id: agency,
      procedure_id: procedure.id,
      status: f.status,
      applicant_name: 'Người Thử',
      applicant_name_folded: 'nguoi thu',
      applicant_id_number: '075190001234',
      applicant_phone: '0987654321',
      applicant_address: 'Đồng Nai',
      result_delivery: 'counter',
      processing_unit: 'working_days',
      processing_amount: 3,
      received_at: at(f.received),
      original_due_at: at(f.due),
      due_at: at(f.due),
      finished_at: f.finished ? at(f.finished, '15:00') : null,
      completion: f.completion ?? null,
      completed_by: f.completedBy ?? null,
      received_by: clerkId,
      created_at: at(f.received),
      updated_at: at(f.received),
    })
    .returning('id');
  const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
  if (f.pause) {
    await db('dossier_pauses').insert({ dossier_id: id, kind: 'supplement', started_at: at(f.pause.from), ended_at: f.pause.to ? at(f.pause.to) : null, reason: 'x', started_by: clerkId });
  }
  return id;
}

/** The admin edit form of a stored procedure, filled as its edit page would post it (id and fields). */
export async function procedureEditForm(db: Knex, code: string): Promise<{ id: number; form: Record<string, string | string[]> }> {
  const p = await db('procedures').where({ code }).first();
  const docs = await db('procedure_documents').where({ procedure_id: p.id }).orderBy('position');
  const receivers = await db('agency_procedures').where({ procedure_id: p.id }).select('agency_id');
  const form: Record<string, string | string[]> = {
    code: p.code,
    name: p.name,
    field: p.field,
    processing_unit: p.processing_unit,
    processing_amount: p.processing_unit === 'same_day' ? '' : String(p.processing_amount),
    processing_note: p.processing_note,
    fee_vnd: p.fee_vnd === null ? '' : String(p.fee_vnd),
    fee_note: p.fee_note,
    result: p.result,
    apology_extension_days: String(p.apology_extension_days),
    lead_agency_id: p.lead_agency_id === null ? '' : String(p.lead_agency_id),
    active: 'on',
    agency_ids: receivers.map((r) => String(r.agency_id)),
    doc_count: String(docs.length),
    online_level: p.online_level,
  };
  if (p.by_post) form.by_post = 'on';
  if (p.in_person) form.in_person = 'on';
  docs.forEach((d, i) => {
    form[`doc_${i}_name`] = d.name;
    form[`doc_${i}_originals`] = String(d.originals);
    form[`doc_${i}_certified`] = String(d.certified_copies);
    form[`doc_${i}_copies`] = String(d.copies);
    if (d.required) form[`doc_${i}_required`] = 'on';
  });
  return { id: Number(p.id), form };
}
