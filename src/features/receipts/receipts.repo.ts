/** The receipts' own reads: which dossiers an agency received in a time range (batch printing). */
import type { Knex } from 'knex';
import type { DossierStatus } from '../../domain/status.js';

export function receiptsRepo(db: Knex) {
  return {
    /** Ids of the dossiers `agencyId` received in [from, before), oldest first, leaving out `except` statuses. */
    async receivedBetween(agencyId: number, from: Date, before: Date, except: readonly DossierStatus[], limit: number): Promise<number[]> {
      const rows: Array<{ id: number }> = await db('dossiers')
        .where('agency_id', agencyId)
        .where('received_at', '>=', from)
        .where('received_at', '<', before)
        .whereNotIn('status', [...except])
        .orderBy([{ column: 'received_at' }, { column: 'id' }])
        .limit(limit)
        .select('id');
      return rows.map((r) => r.id);
    },
  };
}
