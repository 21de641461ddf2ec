/** Verifying every dossier's audit chain, in batches so it scales to millions of events. */
import type { Knex } from 'knex';
import { firstBrokenLink, type StoredChainedEvent } from '../../domain/audit-chain.js';
import { toDate } from '../../db/knex.js';

export interface ChainReport {
  dossiers: number;
  events: number;
  broken: Array<{ dossierId: number; code: string; seq: number; reason: string }>;
}

const BATCH = 500;

export async function verifyAuditChains(db: Knex): Promise<ChainReport> {
  const report: ChainReport = { dossiers: 0, events: 0, broken: [] };
  let after = 0;
  for (;;) {
    const dossiers: Array<{ id: number; code: string }> = await db('dossiers').where('id', '>', after).orderBy('id').limit(BATCH).select('id', 'code');
    if (dossiers.length === 0) break;
    const first = dossiers[0]!.id;
    const last = dossiers[dossiers.length - 1]!.id;
    const rows = await db('dossier_events').whereBetween('dossier_id', [first, last]).orderBy([{ column: 'dossier_id' }, { column: 'seq' }]);
    const byDossier = new Map<number, StoredChainedEvent[]>();
    for (const r of rows) {
      const list = byDossier.get(r.dossier_id) ?? [];
      list.push({
        dossierId: r.dossier_id,
        seq: Number(r.seq),
        type: r.type,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        actorId: r.actor_id,
        note: r.note,
        public: Boolean(r.public),
        ip: r.ip,
        createdAt: toDate(r.created_at),
        prevHash: r.prev_hash,
        hash: r.hash,
      });
      byDossier.set(r.dossier_id, list);
    }
    for (const d of dossiers) {
      const events = byDossier.get(d.id) ?? [];
      report.dossiers++;
      report.events += events.length;
      const broken = events.length === 0 ? { seq: 1, reason: 'no events: the receipt event is missing' } : firstBrokenLink(events);
      if (broken) report.broken.push({ dossierId: d.id, code: d.code, ...broken });
    }
    after = last;
  }
  return report;
}
