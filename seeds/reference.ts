/**
 * Loads reference data (agencies, procedure catalogue, holiday calendar). Idempotent:
 * rows that already exist are left as they are, so an administrator's edits survive
 * every restart.
 */
import type { Knex } from 'knex';
import { AGENCIES } from './reference/agencies.js';
import { HOLIDAYS } from './reference/holidays.js';
import { PROCEDURES } from './reference/procedures.js';

export async function loadReferenceData(db: Knex): Promise<void> {
  await db.transaction(async (trx) => {
    for (const a of AGENCIES) {
      const parent = a.parentEid ? await trx('agencies').where({ eid: a.parentEid }).first('id') : undefined;
      await trx('agencies')
        .insert({
          eid: a.eid,
          name: a.name,
          governing_body: a.governingBody,
          place_name: a.placeName,
          kind: a.kind,
          parent_id: parent?.id ?? null,
          address: a.address,
          hotline: a.hotline,
          active: true,
        })
        .onConflict('eid')
        .ignore();
    }
    const agencyIds = new Map<string, number>((await trx('agencies').select('id', 'eid')).map((r) => [r.eid, r.id]));
    const communes = AGENCIES.filter((a) => a.kind === 'commune').map((a) => agencyIds.get(a.eid)!);

    for (const p of PROCEDURES) {
      const exists = await trx('procedures').where({ code: p.code }).first('id');
      if (exists) continue;
      const [inserted] = await trx('procedures')
        .insert({
          code: p.code,
          name: p.name,
          field: p.field,
          processing_unit: p.unit,
          processing_amount: p.unit === 'same_day' ? 0 : p.amount,
          processing_note: p.processingNote ?? '',
          fee_vnd: p.feeVnd,
          fee_note: p.feeNote ?? '',
          result: p.result,
          apology_extension_days: p.apologyExtensionDays ?? 5,
          lead_agency_id: p.lead === 'commune' ? null : agencyIds.get(p.lead)!,
          result_at_counter: p.resultAtCounter ?? false,
          active: true,
        })
        .returning('id');
      const id = typeof inserted === 'object' ? (inserted as { id: number }).id : (inserted as number);
      await trx('procedure_documents').insert(
        p.documents.map((d, i) => ({
          procedure_id: id,
          position: i + 1,
          name: d.name,
          originals: d.originals ?? 0,
          certified_copies: d.certifiedCopies ?? 0,
          copies: d.copies ?? 0,
          required: d.required ?? true,
        })),
      );
      const receivers = p.lead === 'commune' ? communes : [agencyIds.get(p.lead)!];
      await trx('agency_procedures').insert(receivers.map((agencyId) => ({ agency_id: agencyId, procedure_id: id })));
    }

    for (const h of HOLIDAYS) {
      await trx('holidays')
        .insert({ date: h.date, kind: h.kind, name: h.name, provisional: h.provisional ?? false })
        .onConflict('date')
        .ignore();
    }
  });
}
