/**
 * The national portal sync draining a backlog: 10,000 status changes (the first status-changing
 * events of the table's dossiers, queued as the change observer queues them) sent to the local
 * portal peer (test/helpers/dvcqg-peer.ts, in this process) by the sync service's runs, as the
 * job does, until nothing is left. The mapping (unit and field codes) is set for the run and
 * put back, and the queued rows are deleted at the end: the database is left as it was.
 * Figures: the whole drain, changes per second, calls made. Target: 10,000 changes in
 * under 10 minutes (Decree 63's window for a whole day's backlog at once).
 */
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { portalKindOf } from '../../src/features/portal/portal-events.js';
import { services } from '../../src/services.js';
import { startDvcqgPeer } from '../../test/helpers/dvcqg-peer.js';
import { below, info, type Benchmark } from '../lib/types.js';

const CHANGES = 10_000;
const TARGET_MS = 10 * 60_000;

export const portalSync: Benchmark = {
  id: 'portal-sync',
  title: 'National portal sync: 10,000 status changes drained against the peer',
  async run(ctx) {
    const { db } = ctx;
    const events = await db('dossier_events').whereNotNull('to_status').orderBy([{ column: 'dossier_id' }, { column: 'seq' }]).limit(CHANGES).select('dossier_id', 'seq', 'type', 'created_at');
    const queued = events.filter((e) => portalKindOf(e.type));
    const maxBefore = Number((await db('portal_sync').max({ m: 'id' }).first())?.m ?? 0);
    const agencies = await db('agencies').select('id', 'portal_unit_code');
    const procedures = await db('procedures').select('id', 'portal_field_code');
    const peer = await startDvcqgPeer();
    try {
      await db('agencies').update({ portal_unit_code: db.raw("'U-' || id") });
      await db('procedures').update({ portal_field_code: 'F-BENCH' });
      for (let i = 0; i < queued.length; i += 500) {
        await db('portal_sync')
          .insert(queued.slice(i, i + 500).map((e) => ({ dossier_id: e.dossier_id, event_seq: e.seq, kind: portalKindOf(e.type), changed_at: e.created_at, state: 'pending', attempts: 0, created_at: e.created_at })))
          .onConflict(['dossier_id', 'event_seq'])
          .ignore();
      }
      const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DVCQG_MODE: 'on', ...peer.env });
      const deps: Deps = { db, config, clock: { now: () => new Date() }, logger: pino({ level: 'silent' }) };
      const svc = services(deps);
      ctx.log(`portal-sync: ${queued.length} changes of ${new Set(queued.map((e) => e.dossier_id)).size} dossiers queued`);
      const started = performance.now();
      let sent = 0;
      for (;;) {
        const c = await svc.portalSync.run(new Date());
        sent += c.portal_sent;
        if (c.portal_sent + c.portal_retry + c.portal_failed === 0) break;
      }
      const ms = performance.now() - started;
      const progress = [...peer.dossiers.values()].reduce((n, d) => n + d.progress.length, 0);
      return {
        figures: [
          below('portal_sync.drain_ms', `${queued.length} changes drained to the peer`, ms, 'ms', TARGET_MS),
          info('portal_sync.per_second', 'changes per second', Math.round((sent / ms) * 1000), '/s'),
          info('portal_sync.sent', 'changes sent (progress rows at the peer)', `${sent} (${progress})`),
          info('portal_sync.calls', 'calls to the portal', peer.calls.length),
        ],
        details: { changes: queued.length, sent, calls: peer.calls.length, logins: peer.logins },
      };
    } finally {
      await peer.close();
      await db('portal_sync').where('id', '>', maxBefore).delete();
      for (const a of agencies) await db('agencies').where({ id: a.id }).update({ portal_unit_code: a.portal_unit_code });
      await db('procedures').update({ portal_field_code: null });
      for (const p of procedures.filter((x) => x.portal_field_code !== null)) await db('procedures').where({ id: p.id }).update({ portal_field_code: p.portal_field_code });
    }
  },
};
