/**
 * Running a job: take its lease in the database (so one instance runs it at a time),
 * record the run (start, end, counts or error), run the sweep, release the lease.
 * If the process dies mid-run the lease expires and the next run simply redoes what is
 * left: every effect is guarded by a unique milestone.
 */
import type { Deps } from '../../deps.js';
import { jobsRepo } from './jobs.repo.js';
import { PETITION_COUNTER_LABELS } from '../petitions/petition-sweeps.js';
import { QUESTION_COUNTER_LABELS } from '../questions/question-sweeps.js';
import { ZALO_COUNTER_LABELS } from '../zalo/zalo-counters.js';
import { JOB_NAMES, SWEEPS, type SweepContext, type SweepName } from './sweeps.js';

/** The feature sweeps run by this runner besides the dossier ones (their work is wired in by services.ts). */
export const FEATURE_JOBS = ['questions', 'petitions', 'zalo'] as const;
export type FeatureJob = (typeof FEATURE_JOBS)[number];

export const ALL_JOBS = [...JOB_NAMES, ...FEATURE_JOBS, 'outbox', 'cleanup'] as const;
export type JobName = (typeof ALL_JOBS)[number];

export const JOB_LABELS: Record<JobName, string> = {
  due_soon: 'Cảnh báo sắp đến hạn',
  overdue: 'Đánh dấu quá hạn',
  apology: 'Phiếu xin lỗi và nhắc nhở',
  early_completion: 'Báo kết quả sớm',
  questions: 'Nhắc hạn trả lời câu hỏi của công dân',
  petitions: 'Nhắc hạn và đánh dấu quá hạn phản ánh, kiến nghị',
  zalo: 'Zalo OA: xử lý tin nhắn đến, làm mới mã truy cập',
  outbox: 'Gửi thông báo',
  cleanup: 'Dọn dẹp phiên đăng nhập hết hạn và lượt đăng nhập sai cũ',
};

/** What each job's counters mean, in Vietnamese (the jobs page). */
export const COUNTER_LABELS: Readonly<Record<string, string>> = {
  examined: 'Hồ sơ đã xét',
  scanned: 'Hồ sơ đã xét',
  changed: 'Hồ sơ đã xử lý',
  alerted: 'Hồ sơ đã cảnh báo',
  flagged: 'Hồ sơ đánh dấu quá hạn',
  reminded: 'Dự thảo phiếu xin lỗi đã lập (đã báo chuyên viên và lãnh đạo)',
  issued: 'Phiếu xin lỗi hệ thống đã phát hành',
  escalated: 'Hồ sơ báo lên lãnh đạo',
  notified: 'Người dân đã được báo kết quả sớm',
  citizens_told: 'Người dân đã được báo tin',
  enqueued: 'Tin nhắn đã đưa vào hàng gửi',
  selected: 'Tin nhắn đến giờ gửi',
  delivered: 'Tin nhắn đã gửi',
  temporary: 'Gửi lỗi, sẽ thử lại',
  permanent: 'Gửi thất bại hẳn',
  fallback: 'Chuyển từ Zalo sang SMS',
  rescheduled: 'Hẹn gửi lại theo yêu cầu nhà mạng',
  held: 'Giữ lại đến hết giờ yên lặng',
  skipped: 'Máy khác đã nhận gửi',
  errors: 'Lỗi hệ thống',
  deferred: 'Để lần chạy sau',
  sessions_deleted: 'Phiên đăng nhập hết hạn đã xóa',
  login_failures_deleted: 'Lượt đăng nhập sai cũ đã xóa',
  ...QUESTION_COUNTER_LABELS,
  ...PETITION_COUNTER_LABELS,
  ...ZALO_COUNTER_LABELS,
};

/** A counter's label; one not in the map shows its name in words ("sent_late" → "Chỉ số “sent late”"). */
export function counterLabel(key: string): string {
  if (Object.prototype.hasOwnProperty.call(COUNTER_LABELS, key)) return COUNTER_LABELS[key]!;
  return `Chỉ số “${key.replace(/[_-]+/g, ' ').trim()}”`;
}

/** How long a lease lasts without renewal; a run longer than this should not exist. */
const LEASE_MS = 10 * 60 * 1000;

function isFeatureJob(job: JobName): job is FeatureJob {
  return (FEATURE_JOBS as readonly string[]).includes(job);
}

export function isJobName(value: string): value is JobName {
  return (ALL_JOBS as readonly string[]).includes(value);
}

export type RunOutcome =
  | { ran: true; runId: number; counts: Record<string, number> }
  | { ran: false; reason: 'lease_held' }
  | { ran: true; runId: number; error: string };

/** What each job does, given the wiring (src/services.ts builds it: jobsService). */
export interface JobWork {
  sweepContext(): Promise<SweepContext>;
  dispatchDue(opts: { limit: number }): Promise<Record<string, number>>;
  /** Housekeeping: expired sessions, old sign-in failures; returns what it deleted, by kind. */
  cleanup(now: Date): Promise<Record<string, number>>;
  /** The other features' jobs: citizens' questions, petitions, the Zalo OA. */
  features: Record<FeatureJob, (ctx: SweepContext) => Promise<Record<string, number>>>;
}

export async function runJobWith(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>, work: JobWork, job: JobName): Promise<RunOutcome> {
  const repo = jobsRepo(deps.db);
  const holder = deps.config.instanceId;
  if (!(await repo.acquireLease(job, holder, deps.clock.now(), LEASE_MS))) return { ran: false, reason: 'lease_held' };
  const runId = await repo.startRun(job, holder, deps.clock.now());
  try {
    const counts =
      job === 'outbox'
        ? await work.dispatchDue({ limit: 500 })
        : job === 'cleanup'
          ? await work.cleanup(deps.clock.now())
          : isFeatureJob(job)
            ? await work.features[job](await work.sweepContext())
            : await SWEEPS[job as SweepName](await work.sweepContext());
    await repo.finishRun(runId, deps.clock.now(), { counts });
    deps.logger.info({ job, runId, counts }, 'job finished');
    return { ran: true, runId, counts };
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    await repo.finishRun(runId, deps.clock.now(), { error });
    deps.logger.error({ job, runId, err }, 'job failed');
    return { ran: true, runId, error };
  } finally {
    await repo.releaseLease(job, holder);
  }
}
