/** Dossier statuses, their Vietnamese labels and what the public is told. */
import type { SupplementClock } from './deadline.js';

export const DOSSIER_STATUSES = [
  'received',
  'in_progress',
  'awaiting_supplement',
  'paused',
  'result_ready',
  'returned',
  'refused',
  'withdrawn',
  'voided',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export const STATUS_LABELS: Record<DossierStatus, string> = {
  received: 'Đã tiếp nhận',
  in_progress: 'Đang xử lý',
  awaiting_supplement: 'Chờ bổ sung hồ sơ',
  paused: 'Tạm dừng',
  result_ready: 'Đã có kết quả, chờ trả',
  returned: 'Đã trả kết quả',
  refused: 'Từ chối giải quyết',
  withdrawn: 'Công dân rút hồ sơ',
  voided: 'Đã hủy (tiếp nhận nhầm)',
};

/** Plain-Vietnamese explanation for the citizen's status page. */
export const STATUS_PUBLIC_NOTES: Record<DossierStatus, string> = {
  received: 'Hồ sơ đã được tiếp nhận và chuyển đến cơ quan giải quyết, đang chờ cán bộ nhận xử lý.',
  in_progress: 'Hồ sơ đang được cơ quan chuyên môn xem xét, giải quyết.',
  awaiting_supplement:
    'Hồ sơ cần bổ sung giấy tờ. Vui lòng mang giấy tờ còn thiếu đến Bộ phận Một cửa. Thời hạn giải quyết tạm dừng trong thời gian chờ bổ sung.',
  paused: 'Việc giải quyết tạm dừng (chờ thực hiện nghĩa vụ tài chính hoặc xác minh). Thời hạn tạm dừng.',
  result_ready: 'Đã có kết quả. Vui lòng mang giấy tiếp nhận hồ sơ đến Bộ phận Một cửa để nhận kết quả.',
  returned: 'Kết quả đã được trả.',
  refused: 'Hồ sơ bị từ chối giải quyết. Vui lòng liên hệ Bộ phận Một cửa để biết lý do.',
  withdrawn: 'Hồ sơ đã được rút theo đề nghị của người nộp.',
  voided: 'Việc tiếp nhận hồ sơ này đã bị hủy do nhập nhầm tại Bộ phận Một cửa. Mã hồ sơ không còn giá trị; nếu Ông/Bà vẫn cần giải quyết, Bộ phận Một cửa sẽ tiếp nhận lại với mã mới.',
};

/** Open311 status vocabulary: open or closed. */
export function open311Status(status: DossierStatus): 'open' | 'closed' {
  return CLOSED_STATUSES.includes(status) ? 'closed' : 'open';
}

// Status groups: the only place that says which statuses belong together. Use these
// names; never write a list of statuses elsewhere.

/** Being worked on, clock running: what the sweeps watch and what can become overdue. */
export const RUNNING_STATUSES: readonly DossierStatus[] = ['received', 'in_progress'];
/** Clock stopped: waiting for the citizen's supplement, a fee payment or a verification. */
export const PAUSED_STATUSES: readonly DossierStatus[] = ['awaiting_supplement', 'paused'];
/** Not finished yet: running or paused. Appointments of these are recomputed. */
export const OPEN_STATUSES: readonly DossierStatus[] = [...RUNNING_STATUSES, ...PAUSED_STATUSES];
/** Processing is over: a result exists (ready or handed back), or it was refused or withdrawn. */
export const FINISHED_STATUSES: readonly DossierStatus[] = ['result_ready', 'returned', 'refused', 'withdrawn'];
/** A result exists (ready, or handed back): the only statuses whose completion label pages show. */
export const RESULT_STATUSES: readonly DossierStatus[] = ['result_ready', 'returned'];
/** Nothing more will happen to the dossier. */
export const CLOSED_STATUSES: readonly DossierStatus[] = ['returned', 'refused', 'withdrawn', 'voided'];
/**
 * Cancelled at the counter the day it was received (a mistaken intake): the code is never
 * reused, and reports count these apart from every other column (not received, not finished).
 */
export const VOIDED_STATUSES: readonly DossierStatus[] = ['voided'];

export function isOpen(status: string): boolean {
  return OPEN_STATUSES.includes(status as DossierStatus);
}
export function isRunning(status: string): boolean {
  return RUNNING_STATUSES.includes(status as DossierStatus);
}

export const RESULT_DELIVERY = ['counter', 'post', 'online'] as const;
export type ResultDelivery = (typeof RESULT_DELIVERY)[number];
export const RESULT_DELIVERY_LABELS: Record<ResultDelivery, string> = {
  counter: 'Nhận trực tiếp tại Bộ phận Một cửa',
  post: 'Nhận qua dịch vụ bưu chính công ích',
  online: 'Nhận bản điện tử qua thư điện tử / Cổng Dịch vụ công',
};

/**
 * The status page's explanation of a dossier's status; awaiting a supplement, it says what the
 * dossier's supplement clock does (restart: the time limit counts again in full from the
 * complete supplement, it is not paused).
 */
export function statusPublicNote(status: DossierStatus, supplementClock: SupplementClock): string {
  if (status === 'awaiting_supplement' && supplementClock === 'restart') {
    return 'Hồ sơ cần bổ sung giấy tờ. Vui lòng mang giấy tờ còn thiếu đến Bộ phận Một cửa. Thời hạn giải quyết được tính lại từ đầu kể từ ngày nhận đủ hồ sơ bổ sung; ngày hẹn trả kết quả mới sẽ được thông báo khi đó.';
  }
  return STATUS_PUBLIC_NOTES[status];
}
