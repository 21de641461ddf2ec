/**
 * What staff see of the national portal (DVCQG) sync, and what the administrator does with
 * it: the sync's mode, backlog and oldest unsent change; the held rows grouped by what
 * mapping is missing (the agency or procedure to fix); the failed rows with the portal's
 * message; "Gửi lại" (one row, or every row of a reason); a dossier's own sync rows (the
 * dossier page's panel); the status map (motcua's statuses → the portal's codes). The sync
 * itself (the observer writing the rows, the job sending them) is the sync engine's.
 */
import type { Deps } from '../../deps.js';
import { DOSSIER_STATUSES, STATUS_LABELS, type DossierStatus } from '../../domain/status.js';
import type { StaffUser } from '../../domain/roles.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';
import { auditLog } from '../admin/common.js';
import { eventLabel } from '../dossiers/event-labels.js';
import type { PortalKind } from './portal-events.js';
import type { PortalSyncService } from './portal-sync.service.js';
import { portalAdminRepo, type HeldGroup, type ListedSyncRow, type SyncRow } from './admin.repo.js';
import { HELD_REASONS, PORTAL_STATUS_NAMES, SYNC_PAGE_SIZE, type HeldReason, type RowKind, type StatusMapEntry, type SyncListQuery, type SyncState } from './admin.schema.js';

export type PortalMode = Deps['config']['portal']['mode'];

export const PORTAL_MODE_LABELS: Record<PortalMode, string> = { off: 'Tắt', on: 'Bật', dry_run: 'Chạy thử' };


export const SYNC_STATE_LABELS: Record<SyncState, string> = {
  pending: 'Chờ gửi',
  held: 'Đang giữ lại',
  sent: 'Đã gửi',
  failed: 'Lỗi, đã dừng gửi',
  dry_run: 'Chạy thử (không gửi)',
};

/** What is missing, in plain Vietnamese, for a held row. */
export const HELD_REASON_TEXTS: Record<HeldReason, string> = {
  agency_unmapped: 'Cơ quan giải quyết hồ sơ chưa có mã đơn vị trên Cổng DVCQG: nhập “Mã đơn vị trên Cổng DVCQG” ở trang của cơ quan (Quản trị › Cơ quan, đơn vị).',
  procedure_unmapped: 'Thủ tục chưa có mã lĩnh vực trên Cổng DVCQG: nhập “Mã lĩnh vực” ở trang của thủ tục (Quản trị › Danh mục thủ tục).',
};

/** The lists' headings. */
export const ROW_KIND_LABELS: Record<RowKind, string> = {
  failed: 'Lỗi, đã dừng gửi',
  agency_unmapped: 'Giữ lại: cơ quan chưa có mã đơn vị',
  procedure_unmapped: 'Giữ lại: thủ tục chưa có mã lĩnh vực',
};

/** Sync rows' kinds (the sync's PORTAL_KINDS), when the row has no dossier event to name it. */
const KIND_LABELS: Record<PortalKind, string> = {
  intake: 'Tiếp nhận hồ sơ',
  routing: 'Chuyển bước xử lý',
  status: 'Thay đổi trạng thái',
  supplement_requested: 'Yêu cầu bổ sung hồ sơ',
  supplement_received: 'Nhận hồ sơ bổ sung',
  appointment: 'Hẹn lại ngày trả kết quả',
  result: 'Có kết quả',
  hand_back: 'Trả kết quả',
  cancelled: 'Hủy tiếp nhận',
  resync: 'Gửi lại toàn bộ hồ sơ',
};

export const SYNC_ROW_NOT_FOUND = 'Không tìm thấy dòng đồng bộ này.';
export const SYNC_ROW_NOT_RESENDABLE = 'Dòng đồng bộ này không còn bị giữ lại hay lỗi (đã được gửi lại, đang chờ gửi hoặc đã gửi): không có gì để gửi lại.';

/** "2 ngày 3 giờ", "5 giờ 12 phút", "7 phút", "dưới 1 phút". */
export function durationVn(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'dưới 1 phút';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} ngày ${hours} giờ` : `${days} ngày`;
  if (hours > 0) return mins > 0 ? `${hours} giờ ${mins} phút` : `${hours} giờ`;
  return `${mins} phút`;
}

/** A sync row as staff read it. */
export interface ShownSyncRow extends SyncRow {
  change: string;
  stateLabel: string;
  heldText: string | null;
}

function shown<T extends SyncRow>(r: T): T & ShownSyncRow {
  return {
    ...r,
    change: r.eventType ? eventLabel(r.eventType) : ((KIND_LABELS as Readonly<Record<string, string>>)[r.kind] ?? r.kind),
    stateLabel: r.state === 'pending' && r.attempts > 0 ? `Chờ gửi lại (đã thử ${r.attempts} lần)` : SYNC_STATE_LABELS[r.state] ?? r.state,
    heldText: r.state === 'held' && r.heldReason ? HELD_REASON_TEXTS[r.heldReason] : null,
  };
}

export function portalAdminService(deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'config'>, wired: { sync: Pick<PortalSyncService, 'resend' | 'resendAll'> }) {
  const opts = { mode: deps.config.portal.mode };
  const repo = portalAdminRepo(deps.db);
  const audit = auditLog(deps.logger);
  const now = () => deps.clock.now();
  const oldest = (at: Date | null) => (at ? { at, age: durationVn(now().getTime() - at.getTime()) } : null);

  return {
    mode: (): PortalMode => opts.mode,

    /** The admin home's line: the mode and the counts, with the oldest unsent change. */
    async summary(staff: StaffUser) {
      const c = await repo.counts(staff);
      const held = c.held.agency_unmapped + c.held.procedure_unmapped;
      return { mode: opts.mode, modeLabel: PORTAL_MODE_LABELS[opts.mode], pending: c.pending, held, failed: c.failed, dryRun: c.dryRun, oldestUnsent: oldest(c.oldestUnsent) };
    },

    /** The administrator's page: the summary, the held rows by what to fix, and one page of one list. */
    async overview(staff: StaffUser, query: SyncListQuery) {
      const [c, agencies, procedures] = await Promise.all([repo.counts(staff), repo.heldGroups(staff, 'agency_unmapped'), repo.heldGroups(staff, 'procedure_unmapped')]);
      const totals: Record<RowKind, number> = { failed: c.failed, ...c.held };
      const pages = Math.max(1, Math.ceil(totals[query.kind] / SYNC_PAGE_SIZE));
      const page = Math.min(query.page, pages);
      const list = await repo.list(staff, query.kind, page, SYNC_PAGE_SIZE);
      const groups: Record<HeldReason, HeldGroup[]> = { agency_unmapped: agencies, procedure_unmapped: procedures };
      return {
        mode: opts.mode,
        modeLabel: PORTAL_MODE_LABELS[opts.mode],
        counts: c,
        totals,
        oldestUnsent: oldest(c.oldestUnsent),
        held: HELD_REASONS.map((reason) => ({ reason, count: c.held[reason], text: HELD_REASON_TEXTS[reason], groups: groups[reason] })),
        list: { kind: query.kind, label: ROW_KIND_LABELS[query.kind], page, pages, total: list.total, rows: list.rows.map((r) => shown<ListedSyncRow>(r)) },
      };
    },

    /** A dossier's sync rows, oldest first (the dossier page: the presenter has checked access). */
    async forDossier(dossierId: number): Promise<ShownSyncRow[]> {
      return (await repo.forDossier(dossierId)).map((r) => shown(r));
    },

    /** "Gửi lại": one held or failed row back to the queue, due now. */
    async resend(actor: StaffUser, id: number): Promise<{ ok: true; value: number } | Refusal<'not_found' | 'conflict'>> {
      const state = await repo.stateOf(id);
      if (state === null) return refuse('not_found', SYNC_ROW_NOT_FOUND);
      const count = (await wired.sync.resend([id])).released;
      if (count === 0) return refuse('conflict', SYNC_ROW_NOT_RESENDABLE);
      audit(actor, 'portal.resend', { syncRowId: id, was: state });
      return { ok: true, value: count };
    },

    /** "Gửi lại tất cả": every failed row, or every row held for one reason, back to the queue. */
    async resendAll(actor: StaffUser, kind: RowKind): Promise<number> {
      const count = (await wired.sync.resendAll(kind)).released;
      audit(actor, 'portal.resend_all', { kind, count });
      return count;
    },

    /** Every motcua status with its portal code and label (null: not in the table). */
    async statusMap(): Promise<Array<{ status: DossierStatus; label: string; portalStatus: number | null; portalLabel: string }>> {
      const stored = new Map((await repo.statusMap()).map((r) => [r.status, r]));
      return DOSSIER_STATUSES.map((status) => {
        const r = stored.get(status);
        return { status, label: STATUS_LABELS[status], portalStatus: r?.portalStatus ?? null, portalLabel: r?.portalLabel ?? '' };
      });
    },

    /** Save the status map; each status whose code or label changes is one audit line (old → new). The number changed. */
    async saveStatusMap(actor: StaffUser, entries: readonly StatusMapEntry[]): Promise<number> {
      const stored = new Map((await repo.statusMap()).map((r) => [r.status, r]));
      const changed = entries.filter((e) => {
        const old = stored.get(e.status);
        return !old || old.portalStatus !== e.portalStatus || old.portalLabel !== e.portalLabel;
      });
      if (changed.length === 0) return 0;
      await repo.saveStatusMap(changed);
      for (const e of changed) {
        const old = stored.get(e.status);
        audit(actor, 'portal.status_map', { status: e.status, from: old ? `${old.portalStatus} ${old.portalLabel}` : null, to: `${e.portalStatus} ${e.portalLabel}` });
      }
      return changed.length;
    },

    portalStatusNames: PORTAL_STATUS_NAMES,
  };
}

export type PortalAdminService = ReturnType<typeof portalAdminService>;
