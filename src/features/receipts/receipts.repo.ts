/** The receipts' own reads: which dossiers an agency received in a time range (batch printing). */
import type { Knex } from 'knex';
import type { DossierStatus } from '../../domain/status.js';
import { dossiersByIds, staffDossiers } from '../../platform/record/scope.repo.js';
import type { StaffScope } from '../../platform/record/visibility.js';

/** What the receipt prints beyond the shared Dossier record: the applicant's kind and the representative's details. */
export interface ReceiptExtras {
  kind: 'person' | 'organisation';
  representative: { idNumber: string | null; address: string | null; phone: string | null; email: string | null; authorisationPaper: string | null };
}

export function receiptsRepo(db: Knex) {
  return {
    /** The extras of each dossier in `ids`, by id. */
    async extras(ids: readonly number[]): Promise<Map<number, ReceiptExtras>> {
      const rows = ids.length === 0 ? [] : await dossiersByIds(db, ids)
        .select('id', 'applicant_kind', 'representative_id_number', 'representative_address', 'representative_phone', 'representative_email', 'authorisation_paper');
      return new Map(
        rows.map((r) => [
          Number(r.id),
          {
            kind: r.applicant_kind === 'organisation' ? 'organisation' : 'person',
            representative: {
              idNumber: r.representative_id_number ?? null,
              address: r.representative_address ?? null,
              phone: r.representative_phone ?? null,
              email: r.representative_email ?? null,
              authorisationPaper: r.authorisation_paper ?? null,
            },
          },
        ]),
      );
    },

    /** Ids of the dossiers the staff member's agency received in [from, before), oldest first, leaving out `except` statuses. */
    async receivedBetween(staff: StaffScope, from: Date, before: Date, except: readonly DossierStatus[], limit: number): Promise<number[]> {
      const rows: Array<{ id: number }> = await staffDossiers(db, staff)
        .where('d.agency_id', staff.agencyId)
        .where('d.received_at', '>=', from)
        .where('d.received_at', '<', before)
        .whereNotIn('d.status', [...except])
        .orderBy([{ column: 'd.received_at' }, { column: 'd.id' }])
        .limit(limit)
        .select('d.id');
      return rows.map((r) => r.id);
    },
  };
}
