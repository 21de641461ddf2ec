/** The supervisors' page period: Vietnam calendar dates, both ends included. */
import { cleanText } from '../../domain/text.js';
import { addDays, dayNumber, isLocalDate } from '../../domain/time.js';

/** The default period of the supervisors' page: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;
/** Longest period the page accepts, to keep the query bounded. */
export const MAX_PERIOD_DAYS = 366;

export interface PeriodQuery {
  from: string;
  to: string;
  errors: Record<string, string>;
}

/** tu_ngay / den_ngay (Vietnam dates, both included); the last 30 days by default. */
export function parsePeriod(raw: Record<string, unknown>, today: string): PeriodQuery {
  const s = (k: string) => (typeof raw[k] === 'string' ? cleanText(raw[k] as string) : '');
  const errors: Record<string, string> = {};
  let to = s('den_ngay') || today;
  if (!isLocalDate(to)) {
    errors.den_ngay = 'Ngày không hợp lệ (dạng năm-tháng-ngày)';
    to = today;
  }
  let from = s('tu_ngay') || addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (!isLocalDate(from)) {
    errors.tu_ngay = 'Ngày không hợp lệ (dạng năm-tháng-ngày)';
    from = addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  } else if (dayNumber(from) > dayNumber(to)) {
    errors.tu_ngay = 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc';
    from = addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  } else if (dayNumber(to) - dayNumber(from) + 1 > MAX_PERIOD_DAYS) {
    errors.tu_ngay = `Chọn khoảng thời gian tối đa ${MAX_PERIOD_DAYS} ngày`;
    from = addDays(to, -(MAX_PERIOD_DAYS - 1));
  }
  return { from, to, errors };
}
