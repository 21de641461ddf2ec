/**
 * "Đồng bộ Cổng DVCQG": per agency (the receiving agency, whose unit code the portal sees),
 * the changes of a period and how fast they reached the national portal — the figure of
 * Decree 63/2024's 10-minute rule. Pure: the rows and the instant of the report are passed in.
 *
 * Exactly (docs/reports.md):
 * - a change belongs to the period when its `changed_at` is in the period (Vietnam dates);
 * - it is synced when the portal accepted it (`state` sent) at or before the report's instant;
 *   a dry-run, pending, held or failed change is not synced; its delay is sent_at − changed_at;
 * - it is synced within 10 minutes when that delay is at most 10 minutes (10:00 counts);
 * - the share within 10 minutes is over the changes whose outcome is known at the report's
 *   instant: synced, or unsynced for more than 10 minutes (an unsynced change younger than
 *   10 minutes may still make it, and is left out of the share only);
 * - a dossier is synced in full when every change of it in the period is synced.
 */
import { median } from './questions-report.js';
import type { SyncReportRow } from './sync-report.repo.js';
import type { CellValue, ReportColumn } from './table.js';

/** Decree 63/2024: a change reaches the portal within 10 minutes. */
export const SYNC_TARGET_MS = 10 * 60_000;

export const SYNC_REPORT_COLUMNS: ReportColumn[] = [
  { key: 'agency', label: 'Cơ quan giải quyết', kind: 'text', width: 16 },
  { key: 'dossiers', label: 'Hồ sơ có thay đổi', kind: 'int', width: 6 },
  { key: 'dossiersSynced', label: 'Hồ sơ đã đồng bộ đủ', kind: 'int', width: 6 },
  { key: 'changes', label: 'Thay đổi trong kỳ', kind: 'int', width: 6 },
  { key: 'synced', label: 'Thay đổi đã đồng bộ', kind: 'int', width: 6 },
  { key: 'within', label: 'Đồng bộ trong 10 phút', kind: 'int', width: 6 },
  { key: 'withinRate', label: 'Tỷ lệ đồng bộ trong 10 phút', kind: 'percent', width: 7 },
  { key: 'medianMinutes', label: 'Độ trễ trung vị (phút)', kind: 'int', width: 6 },
  { key: 'worstMinutes', label: 'Độ trễ lớn nhất (phút)', kind: 'int', width: 6 },
  { key: 'unsynced', label: 'Chưa đồng bộ', kind: 'int', width: 6 },
];

export const SYNC_REPORT_NOTES = [
  'Thay đổi trong kỳ: mỗi thay đổi của hồ sơ phải gửi lên Cổng Dịch vụ công quốc gia (tiếp nhận, chuyển trạng thái, bổ sung, hẹn lại, trả kết quả…) có thời điểm thay đổi trong kỳ (giờ Việt Nam), theo cơ quan giải quyết hồ sơ (cơ quan có mã đơn vị gửi lên Cổng).',
  'Đã đồng bộ: Cổng đã nhận thay đổi trước thời điểm lập báo cáo. Thay đổi chạy thử, đang chờ gửi, đang giữ lại vì thiếu mã hoặc gửi lỗi là chưa đồng bộ. Độ trễ = thời điểm Cổng nhận − thời điểm thay đổi.',
  'Trong 10 phút (Nghị định 63/2024/NĐ-CP): độ trễ không quá 10 phút (đúng 10 phút vẫn tính). Tỷ lệ = số thay đổi đồng bộ trong 10 phút ÷ số thay đổi đã đồng bộ hoặc đã quá 10 phút mà chưa đồng bộ (thay đổi chưa đủ 10 phút, chưa gửi không tính vào tỷ lệ).',
  'Hồ sơ đã đồng bộ đủ: mọi thay đổi của hồ sơ trong kỳ đều đã đồng bộ.',
];

interface Acc {
  agency: string;
  dossiers: Map<number, boolean>;
  changes: number;
  synced: number;
  within: number;
  judged: number;
  delays: number[];
  unsynced: number;
}

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const blank = (agency: string): Acc => ({ agency, dossiers: new Map(), changes: 0, synced: 0, within: 0, judged: 0, delays: [], unsynced: 0 });

function rowOf(a: Acc): Record<string, CellValue> {
  return {
    agency: a.agency,
    dossiers: a.dossiers.size,
    dossiersSynced: [...a.dossiers.values()].filter(Boolean).length,
    changes: a.changes,
    synced: a.synced,
    within: a.within,
    withinRate: a.judged ? a.within / a.judged : null,
    medianMinutes: round2(median(a.delays.map((ms) => ms / 60_000))),
    worstMinutes: a.delays.length ? round2(Math.max(...a.delays) / 60_000) : null,
    unsynced: a.unsynced,
  };
}

/** One change at the report's instant: synced (and its delay), and whether its outcome is known (synced, or unsynced past 10 minutes). */
export function syncOutcome(r: Pick<SyncReportRow, 'state' | 'sentAt' | 'changedAt'>, now: Date): { synced: boolean; delay: number | null; within: boolean; judged: boolean } {
  const synced = r.state === 'sent' && r.sentAt !== null && r.sentAt.getTime() <= now.getTime();
  const delay = synced ? r.sentAt!.getTime() - r.changedAt.getTime() : null;
  return { synced, delay, within: delay !== null && delay <= SYNC_TARGET_MS, judged: synced || now.getTime() - r.changedAt.getTime() > SYNC_TARGET_MS };
}

export function syncReportRows(rows: readonly SyncReportRow[], now: Date): { rows: Array<Record<string, CellValue>>; totals: Record<string, CellValue> } {
  const groups = new Map<number, Acc>();
  const all = blank('');
  for (const r of rows) {
    const a = groups.get(r.agencyId) ?? blank(r.agencyName);
    groups.set(r.agencyId, a);
    const o = syncOutcome(r, now);
    for (const x of [a, all]) {
      x.changes++;
      x.dossiers.set(r.dossierId, (x.dossiers.get(r.dossierId) ?? true) && o.synced);
      if (o.judged) x.judged++;
      if (o.synced) {
        x.synced++;
        x.delays.push(o.delay!);
        if (o.within) x.within++;
      } else {
        x.unsynced++;
      }
    }
  }
  const sorted = [...groups.values()].sort((a, b) => a.agency.localeCompare(b.agency, 'vi'));
  const totals = rowOf(all);
  delete totals.agency;
  return { rows: sorted.map(rowOf), totals };
}
