/** Verifying every dossier's audit chain, in batches so it scales to millions of events. */
import type { Deps } from '../../deps.js';
import { firstBrokenLink, type StoredChainedEvent } from '../../domain/audit-chain.js';
import { dossiersRepo } from './dossiers.repo.js';
import { chainedEventsBetween } from './events.repo.js';

export interface ChainReport {
  dossiers: number;
  events: number;
  broken: Array<{ dossierId: number; code: string; seq: number; reason: string }>;
}

const BATCH = 500;

export async function verifyAuditChains(db: Deps['db']): Promise<ChainReport> {
  const repo = dossiersRepo(db);
  const report: ChainReport = { dossiers: 0, events: 0, broken: [] };
  let after = 0;
  for (;;) {
    const dossiers = await repo.idsAfter(after, BATCH);
    if (dossiers.length === 0) break;
    const first = dossiers[0]!.id;
    const last = dossiers[dossiers.length - 1]!.id;
    const byDossier = new Map<number, StoredChainedEvent[]>();
    for (const e of await chainedEventsBetween(db, first, last)) {
      const list = byDossier.get(e.dossierId) ?? [];
      list.push(e);
      byDossier.set(e.dossierId, list);
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
