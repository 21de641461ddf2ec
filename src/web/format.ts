/** Helpers the views use to show dates, money and statuses the Vietnamese way. */
import { STATUS_LABELS, RESULT_DELIVERY_LABELS, type DossierStatus, type ResultDelivery } from '../domain/status.js';
import { formatDateTimeVn, formatDateVn, formatClockVn, formatLocalDateVn } from '../domain/time.js';
import { describeProcessingTime, type ProcessingUnit } from '../domain/deadline.js';
import { ROLE_LABELS, type Role } from '../domain/roles.js';
import { errorLinks } from './form.js';

export function formatVnd(amount: number | null): string {
  if (amount === null) return '';
  if (amount === 0) return 'Miễn phí';
  return `${amount.toLocaleString('vi-VN')} đồng`;
}

export const viewHelpers = {
  dateTime: formatDateTimeVn,
  date: formatDateVn,
  /** A calendar day (YYYY-MM-DD) as dd/mm/yyyy. */
  day: formatLocalDateVn,
  clock: formatClockVn,
  vnd: formatVnd,
  statusLabel: (s: DossierStatus) => STATUS_LABELS[s] ?? s,
  deliveryLabel: (d: ResultDelivery) => RESULT_DELIVERY_LABELS[d] ?? d,
  roleLabel: (r: Role) => ROLE_LABELS[r] ?? r,
  processingTime: (unit: ProcessingUnit, amount: number) => describeProcessingTime({ unit, amount }),
  /** The error summary's lines in the form's order (views/partials/error-summary.ejs). */
  errorLinks,
};
