// Over 400 lines: the sync engine (claim, build, send in batches, classify the outcome) and the administrator's reads are one service.
/**
 * The national portal sync (docs/integrations.md "National Public Service Portal"): the job's
 * body (`run`) and what the administrator's pages call (resend, lists, summary, one dossier's
 * rows). Rows are written by the change observer (portal-sync.repo.ts recordPortalChange).
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { dossierItem, progressRow, type PortalDossierItem, type PortalProgressRow, type PortalSupplementInput } from '../../domain/portal-payload.js';
import { eventLabel } from '../dossiers/event-labels.js';
import { portalClient, PortalError, type PortalClient } from './portal.client.js';
import { holdReasonOf, portalSyncRepo, type HoldReason, type PortalDossierSource, type ClaimedRow, type SyncState } from './portal-sync.repo.js';

export const PORTAL_COUNTERS = {
  portal_sent: 'Thay đổi đã gửi Cổng DVCQG',
  portal_dry_run: 'Thay đổi đã lập, không gửi (chạy thử)',
  portal_held: 'Thay đổi tạm giữ (thiếu mã liên thông)',
  portal_released: 'Thay đổi tạm giữ được gửi lại (đã có mã)',
  portal_retry: 'Thay đổi gửi lỗi tạm thời, sẽ thử lại',
  portal_failed: 'Thay đổi Cổng DVCQG từ chối',
} as const;
export type PortalCounts = Record<keyof typeof PORTAL_COUNTERS, number>;

const RESYNC_LABEL = 'Đồng bộ lại toàn bộ hồ sơ';
/** A run stops taking new batches after this long (the job lease is 10 minutes). */
const RUN_BUDGET_MS = 4 * 60_000;

/** One dossier's claimed rows and what is sent for them. */
interface Claimed {
  dossierId: number;
  rows: ClaimedRow[];
  source: PortalDossierSource;
  unitCode: string;
  item: PortalDossierItem;
  progress: PortalProgressRow[];
  payloads: Map<number, string>;
}

export function portalSyncService(deps: Pick<Deps, 'db' | 'config' | 'clock' | 'logger'>, opts: { client?: PortalClient } = {}) {
  const repo = portalSyncRepo(deps.db);
  const cfg = deps.config.portal;
  const client: PortalClient | null = opts.client ?? (cfg.connection ? portalClient(cfg.connection, cfg.timeoutMs) : null);
  const log = deps.logger.child({ feature: 'portal_sync' });

  /** The states a run takes: "on" also sends what dry run only built. */
  const claimable = (): SyncState[] => (cfg.mode === 'on' ? ['pending', 'dry_run'] : ['pending']);
  const unsent = (): SyncState[] => (cfg.mode === 'on' ? ['pending', 'held', 'failed', 'dry_run'] : ['pending', 'held', 'failed']);

  function backoff(attempts: number): number {
    return Math.min(cfg.retryMaxMs, cfg.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  }

  /** Held rows whose mapping exists now go back to pending (or change reason). */
  async function releaseHeld(): Promise<number> {
    const held = await repo.heldWithMapping();
    const free: number[] = [];
    const byReason = new Map<HoldReason, number[]>();
    for (const r of held) {
      const reason = holdReasonOf({ unitCode: r.unit_code, fieldCode: r.field_code });
      if (!reason) free.push(r.id);
      else if (reason !== r.held_reason) byReason.set(reason, [...(byReason.get(reason) ?? []), r.id]);
    }
    for (const [reason, ids] of byReason) await repo.setHeldReason(ids, reason);
    return repo.setHeldReason(free, null);
  }

  /** Build the item and the progress rows of each claimed dossier. */
  async function build(claims: Array<{ dossierId: number; rows: ClaimedRow[] }>, counts: PortalCounts, owner: string): Promise<Claimed[]> {
    const ids = claims.map((c) => c.dossierId);
    const [sources, statusMap, steps, changes, supplements, appointments] = await Promise.all([
      repo.dossiers(ids),
      repo.statusMap(),
      repo.steps(claims.flatMap((c) => c.rows.filter((r) => r.event_seq !== null).map((r) => ({ dossierId: c.dossierId, seq: Number(r.event_seq) })))),
      repo.statusChanges(ids),
      repo.supplements(ids),
      repo.supplementAppointments(ids),
    ]);
    const out: Claimed[] = [];
    for (const c of claims) {
      const source = sources.find((s) => s.id === c.dossierId);
      if (!source) continue;
      const reason = holdReasonOf({ unitCode: source.unit_code, fieldCode: source.portal_field_code });
      if (reason) {
        await repo.markHeld(c.rows.map((r) => r.id), owner, reason);
        counts.portal_held += c.rows.length;
        continue;
      }
      const portalStatus = (s: string) => statusMap.get(s) ?? 0;
      const dueNow = source.extended_due_at ?? source.due_at;
      const before = appointments.filter((a) => Number(a.dossier_id) === c.dossierId && a.kind === 'supplement_requested');
      const afterRows = appointments.filter((a) => Number(a.dossier_id) === c.dossierId && a.kind === 'supplement_received');
      const supp: PortalSupplementInput[] = supplements
        .filter((s) => Number(s.dossier_id) === c.dossierId)
        .map((s, i) => ({
          id: Number(s.id),
          requestedBy: s.started_by_name,
          content: s.reason,
          requestedAt: s.started_at,
          receivedBy: s.ended_at ? s.ended_by_name : null,
          receivedAt: s.ended_at,
          dueBefore: before[i]?.due_at ?? null,
          dueAfter: s.ended_at ? (afterRows[i]?.due_at ?? null) : null,
        }));
      const item = dossierItem(
        {
          code: source.code,
          channel: source.channel,
          applicantKind: source.applicant_kind,
          applicantName: source.applicant_name,
          idNumber: source.applicant_id_number,
          organisationCode: source.organisation_code,
          email: source.applicant_email,
          phone: source.applicant_phone,
          procedureName: source.procedure_name,
          receivedAt: source.received_at,
          dueAt: dueNow,
          returnedAt: source.returned_at,
          finishedAt: source.finished_at,
          resultDelivery: source.result_delivery,
          processingAgencyName: source.agency_name,
          outcomeNote: ['refused', 'withdrawn', 'voided'].includes(source.status) ? source.outcome_note : null,
        },
        { procedureCode: source.portal_procedure_code?.trim() || source.procedure_code, fieldCode: source.portal_field_code!.trim(), fieldName: source.portal_field_name?.trim() || source.procedure_field },
        portalStatus(source.status),
        supp,
      );
      const dossierChanges = changes.filter((x) => Number(x.dossier_id) === c.dossierId);
      const statusAt = (seq: number) => [...dossierChanges].reverse().find((x) => Number(x.seq) <= seq)?.to_status ?? source.status;
      const progress: PortalProgressRow[] = [];
      const payloads = new Map<number, string>();
      for (const r of c.rows) {
        const step = r.event_seq === null ? undefined : steps.find((s) => Number(s.dossier_id) === c.dossierId && Number(s.seq) === Number(r.event_seq));
        const row = progressRow({
          code: source.code,
          actorName: step?.actor_name ?? null,
          actorTitle: step?.actor_title ?? null,
          at: step?.created_at ?? r.changed_at,
          department: step?.actor_agency ?? source.agency_name,
          content: step ? eventLabel(step.type) : RESYNC_LABEL,
          status: portalStatus(step ? (step.to_status ?? statusAt(Number(step.seq))) : source.status),
          dueAt: r.due_at ?? dueNow,
        });
        progress.push(row);
        payloads.set(r.id, JSON.stringify({ madonvi: source.unit_code, DongBoHoSoMC: item, CapNhatTienDoHoSoMC: row }));
      }
      out.push({ dossierId: c.dossierId, rows: c.rows, source, unitCode: source.unit_code!.trim(), item, progress, payloads });
    }
    return out;
  }

  /** A failure of `group`'s call: permanent stops each dossier's oldest row; transient waits. */
  async function fail(group: Claimed[], err: unknown, owner: string, now: Date, counts: PortalCounts): Promise<void> {
    const e = err instanceof PortalError ? err : new PortalError(`Lỗi khi gửi Cổng DVCQG: ${(err as Error).message}`, true);
    for (const c of group) {
      const [head, ...rest] = c.rows;
      if (!head) continue;
      const expired = now.getTime() - head.changed_at.getTime() > cfg.retryForMs;
      if (!e.transient || expired) {
        const message = e.transient ? `Hết thời gian thử lại (${Math.round(cfg.retryForMs / 3600_000)} giờ): ${e.message}` : e.message;
        await repo.markFailed(head.id, owner, message, head.attempts + 1);
        await repo.release(rest.map((r) => r.id), owner);
        counts.portal_failed++;
      } else {
        await repo.markRetry(c.rows, owner, e.message, new Date(now.getTime() + backoff(head.attempts + 1)));
        counts.portal_retry += c.rows.length;
      }
    }
    log.warn({ dossiers: group.length, transient: e.transient, code: e.code }, 'portal sync call failed');
  }

  /**
   * Send `group` (dossiers of one unit, one isUpdating) in one DongBoHoSoMC and one
   * CapNhatTienDoHoSoMC; a permanent refusal of a batch is tried dossier by dossier, so one
   * bad dossier does not stop the others.
   */
  async function sendGroup(group: Claimed[], isUpdating: boolean, owner: string, now: Date, counts: PortalCounts): Promise<void> {
    const c0 = group[0]!;
    try {
      await client!.call(c0.unitCode, 'DongBoHoSoMC', { isUpdating: isUpdating ? 'True' : 'False', data: group.map((c) => c.item) });
      const answer = await client!.call(c0.unitCode, 'CapNhatTienDoHoSoMC', { data: group.flatMap((c) => c.progress) });
      const text = JSON.stringify({ error_code: answer.error_code, message: answer.message ?? '' });
      for (const c of group) await repo.markSent(c.rows.map((r) => r.id), owner, now, text, c.payloads);
      counts.portal_sent += group.reduce((n, c) => n + c.rows.length, 0);
    } catch (err) {
      if (err instanceof PortalError && !err.transient && group.length > 1) {
        for (const c of group) await sendGroup([c], isUpdating, owner, now, counts);
        return;
      }
      await fail(group, err, owner, now, counts);
    }
  }

  /** Does the portal already hold these dossiers? A sent row says yes; otherwise TraCuuHoSo asks. */
  async function updating(claims: Claimed[], owner: string, now: Date, counts: PortalCounts): Promise<Map<number, boolean>> {
    const known = await repo.knownToPortal(claims.map((c) => c.dossierId));
    const out = new Map<number, boolean>();
    for (const c of claims) {
      if (known.has(c.dossierId)) {
        out.set(c.dossierId, true);
        continue;
      }
      try {
        const answer = await client!.call(c.unitCode, 'TraCuuHoSo', { mahoso: c.source.code });
        const data = answer.data ?? answer.result;
        out.set(c.dossierId, Array.isArray(data) ? data.length > 0 : Boolean(data));
      } catch (err) {
        // "Not found" answers with an error code at some portals: the dossier is new.
        if (err instanceof PortalError && !err.transient) out.set(c.dossierId, false);
        else await fail([c], err, owner, now, counts);
      }
    }
    return out;
  }

  async function pass(now: Date, counts: PortalCounts): Promise<number> {
    const owner = `${deps.config.server.instanceId}:${randomUUID()}`;
    const until = new Date(now.getTime() + cfg.leaseMs);
    const dossierIds = await repo.dueDossiers(claimable(), now, cfg.batchSize);
    const claims: Array<{ dossierId: number; rows: ClaimedRow[] }> = [];
    for (const id of dossierIds) {
      const rows = await repo.claim(id, claimable(), unsent(), owner, now, until);
      if (rows.length > 0) claims.push({ dossierId: id, rows });
    }
    if (claims.length === 0) return 0;
    const built = await build(claims, counts, owner);
    if (cfg.mode === 'dry_run') {
      for (const c of built) await repo.markDryRun(c.rows.map((r) => r.id), owner, c.payloads);
      counts.portal_dry_run += built.reduce((n, c) => n + c.rows.length, 0);
      return claims.length;
    }
    const isUpdating = await updating(built, owner, now, counts);
    const groups = new Map<string, { isUpdating: boolean; items: Claimed[] }>();
    for (const c of built) {
      const u = isUpdating.get(c.dossierId);
      if (u === undefined) continue; // failed while asking
      const key = `${c.unitCode}\u0000${u}`;
      const g = groups.get(key) ?? { isUpdating: u, items: [] };
      g.items.push(c);
      groups.set(key, g);
    }
    for (const g of groups.values()) await sendGroup(g.items, g.isUpdating, owner, now, counts);
    return claims.length;
  }

  return {
    /** The portal_sync job: off does nothing; dry run builds and stores; on sends. */
    async run(now: Date): Promise<PortalCounts> {
      const counts: PortalCounts = { portal_sent: 0, portal_dry_run: 0, portal_held: 0, portal_released: 0, portal_retry: 0, portal_failed: 0 };
      if (cfg.mode === 'off') return counts;
      if (cfg.mode === 'on' && !client) throw new Error('DVCQG_MODE=on without a portal connection');
      counts.portal_released = await releaseHeld();
      const started = Date.now();
      while (Date.now() - started < RUN_BUDGET_MS) {
        if ((await pass(now, counts)) === 0) break;
      }
      if (counts.portal_sent + counts.portal_failed + counts.portal_retry > 0) log.info(counts, 'portal sync run');
      return counts;
    },

    /** "Gửi lại" the chosen held or failed rows; a row still unmapped is held again by the next run. */
    async resend(ids: readonly number[]): Promise<{ released: number }> {
      if (ids.length === 0) return { released: 0 };
      return { released: await repo.resend({ ids, states: ['held', 'failed'] }, deps.clock.now()) };
    },

    /** "Gửi lại tất cả": the failed rows, the rows held for one reason, or every held and failed row. */
    async resendAll(reason?: HoldReason | 'failed'): Promise<{ released: number }> {
      const now = deps.clock.now();
      if (reason === 'failed') return { released: await repo.resend({ states: ['failed'] }, now) };
      if (reason) return { released: await repo.resend({ states: ['held'], reason }, now) };
      return { released: await repo.resend({ states: ['held', 'failed'] }, now) };
    },

    problemRows(f: { state?: 'held' | 'failed'; reason?: HoldReason; limit?: number; offset?: number } = {}) {
      return repo.problemRows({ state: f.state, reason: f.reason, limit: Math.min(f.limit ?? 200, 1000), offset: f.offset ?? 0 });
    },

    async summary(now: Date = deps.clock.now()) {
      const counts = await repo.countsByState();
      const n = (state: SyncState, reason?: HoldReason) => counts.filter((c) => c.state === state && (reason === undefined || c.held_reason === reason)).reduce((s, c) => s + c.n, 0);
      const startOfDay = new Date(now.getTime() - (now.getTime() + 7 * 3600_000) % 86_400_000);
      return {
        mode: cfg.mode,
        backlog: n('pending') + (cfg.mode === 'on' ? n('dry_run') : 0),
        held: { agency_unmapped: n('held', 'agency_unmapped'), procedure_unmapped: n('held', 'procedure_unmapped') },
        failed: n('failed'),
        dryRun: n('dry_run'),
        sentToday: await repo.sentSince(startOfDay),
        oldestUnsentAt: await repo.oldestUnsent(),
      };
    },

    dossierSync(dossierId: number) {
      return repo.dossierRows(dossierId);
    },

    /** Queue the dossier's current state again (an administrator's "đồng bộ lại"); null if there is no such dossier. */
    async requeueDossier(dossierId: number, now: Date = deps.clock.now()): Promise<{ id: number } | null> {
      if (!(await repo.dossierExists(dossierId))) return null;
      return { id: await repo.insertResync(dossierId, now) };
    },
  };
}

export type PortalSyncService = ReturnType<typeof portalSyncService>;
