/**
 * Loads reference data (agencies, procedure catalogue, holiday calendar). Idempotent:
 * rows that already exist are left as they are, so an administrator's edits survive
 * every restart.
 *
 * The catalogue: the 23 procedures of reference/procedures.ts (motcua's own first list, with
 * the office's settings: lead agency, result at the counter, apology extension), then the
 * national records of reference/national/procedures.json through the national import's own
 * logic (src/features/catalogue/national-import.service.ts): each becomes a procedure with its
 * version 1, effective NATIONAL_EFFECTIVE_FROM, applied, its source the record's `_source`
 * urls. A national record with the code of one of the 23 is that procedure's version 1 (the
 * detail the public pages show: the national record wins), while its counter columns (name,
 * time, fee, result, documents: what intake uses) stay the first list's, as the demo and the
 * test suite use them (docs/operations.md); only when the procedure is inserted in the same run: a
 * procedure already in the database is the administrator's, and is left as it is (the import
 * page shows what the national record would change). New procedures are received by every
 * ward's centre when CAPTHUCHIEN names "Cấp Xã", else by the province centre
 * (docs/operations.md "Updating the catalogue from the national data").
 */
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { foldForSearch } from '../src/domain/text.js';
import { seedNationalCatalogue } from '../src/features/catalogue/national-import.service.js';
import { CONTROL_UNIT_SETTING } from '../src/domain/petitions.js';
import { AGENCIES, CONTROL_UNIT_EID } from './reference/agencies.js';
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
    // The petitions control unit, named by eid, only where no administrator has chosen one.
    const unit = agencyIds.get(CONTROL_UNIT_EID);
    if (unit !== undefined) await trx('settings').insert({ key: CONTROL_UNIT_SETTING, value: String(unit), created_at: new Date() }).onConflict('key').ignore();
    const communes = AGENCIES.filter((a) => a.kind === 'commune').map((a) => agencyIds.get(a.eid)!);

    const insertedNow = new Set<string>();
    for (const p of PROCEDURES) {
      const exists = await trx('procedures').where({ code: p.code }).first('id');
      if (exists) continue;
      insertedNow.add(p.code);
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

    const centre = AGENCIES.find((a) => a.kind === 'centre')!;
    const written = await seedNationalCatalogue(trx, nationalRecords(), {
      effectiveFrom: NATIONAL_EFFECTIVE_FROM,
      now: new Date(),
      include: (code, existing) => !existing || insertedNow.has(code),
      // The first list's procedures keep their counter columns (the demo, the tests and a
      // deployment's dossiers rely on them); their national record is the detail shown.
      displayOnly: insertedNow,
    });
    const receivers = written
      .filter((w) => w.action === 'new')
      .flatMap((w) => (isCommuneLevel(w.level) ? communes : [agencyIds.get(centre.eid)!]).map((agencyId) => ({ agency_id: agencyId, procedure_id: w.procedureId })));
    for (let i = 0; i < receivers.length; i += 200) await trx('agency_procedures').insert(receivers.slice(i, i + 200));

    for (const h of HOLIDAYS) {
      await trx('holidays')
        .insert({ date: h.date, kind: h.kind, name: h.name, provisional: h.provisional ?? false })
        .onConflict('date')
        .ignore();
    }
  });
}

/** The effective date of the shipped national records' version 1. */
export const NATIONAL_EFFECTIVE_FROM = '2026-01-01';

const NATIONAL_FILE = new URL('./reference/national/procedures.json', import.meta.url);

/** The shipped records of the national database (a list in the national shape). */
export function nationalRecords(): unknown[] {
  const json: unknown = JSON.parse(readFileSync(NATIONAL_FILE, 'utf8'));
  if (!Array.isArray(json)) throw new Error(`${NATIONAL_FILE.pathname}: a list of records is expected`);
  return json;
}

/** A procedure carried out at commune level ("Cấp Xã" among CAPTHUCHIEN's levels): every ward receives it. */
export function isCommuneLevel(level: string): boolean {
  return /\bcap xa\b/.test(foldForSearch(level));
}
