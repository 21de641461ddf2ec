/**
 * The processing queue: what waits to be taken in an officer's agency, and what they (or
 * their agency) hold, by appointment, each row tagged on track / due soon / overdue / paused.
 */
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import { QUEUE_FILTERS, queueTag, type QueueFilter, type QueueTag } from '../../domain/workflow.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { queueRepo, type QueueRow } from './queue.repo.js';

/** Office time before the appointment under which a dossier is "due soon": one working day. */
const DUE_SOON_WORKING_DAYS = 1;

export type TaggedRow = QueueRow & { tag: QueueTag };

export interface QueueOptions {
  /** The whole agency's held dossiers, not only this person's. */
  agency: boolean;
  /** Only this filter's rows: 'waiting' (the waiting section alone) or one appointment tag. */
  filter: QueueFilter | null;
}

export interface QueuePage {
  /** Waiting to be taken in the agency ("Chờ nhận xử lý"). */
  waiting: TaggedRow[];
  /** Held: by this person ("Đang giao cho tôi") or, for the agency view, by anyone in it. */
  held: TaggedRow[];
  /** Rows per filter before filtering (the tag filter counts both sections). */
  counts: Record<QueueFilter, number>;
}

export function queueService(deps: Pick<Deps, 'db' | 'clock'>, calendar: CalendarService) {
  const repo = queueRepo(deps.db);
  return {
    async queue(staff: StaffUser, opts: QueueOptions): Promise<QueuePage> {
      const [waitingRows, heldRows, cal] = await Promise.all([
        repo.waiting(staff),
        repo.held(staff, opts.agency ? { agencyId: staff.agencyId } : { holderId: staff.id }),
        // Display only (the tags and their counts; taking a dossier reads nothing from them).
        calendar.forDisplay(),
      ]);
      const now = deps.clock.now();
      const warnMs = DUE_SOON_WORKING_DAYS * cal.dayLengthMs;
      const tag = (r: QueueRow): TaggedRow => ({ ...r, tag: queueTag(cal, now, r.status, r.dueAt, warnMs) });
      const byDue = (a: TaggedRow, b: TaggedRow) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id;
      const waiting = waitingRows.map(tag).sort(byDue);
      const held = heldRows.map(tag).sort(byDue);

      const counts = Object.fromEntries(QUEUE_FILTERS.map((f) => [f, 0])) as Record<QueueFilter, number>;
      counts.waiting = waiting.length;
      for (const r of [...waiting, ...held]) counts[r.tag]++;

      const f = opts.filter;
      if (f === null) return { waiting, held, counts };
      if (f === 'waiting') return { waiting, held: [], counts };
      return { waiting: waiting.filter((r) => r.tag === f), held: held.filter((r) => r.tag === f), counts };
    },
  };
}

export type QueueService = ReturnType<typeof queueService>;
