/**
 * Results delivered electronically: when a dossier's result may be a file, who may attach it,
 * and when the citizen may download it (the hand-back rules). Pure.
 *
 * - A result can be electronic where its procedure says so (`procedures.result_electronic`),
 *   or where the citizen chose to receive it online at intake (`result_delivery` online).
 * - The file is attached while the dossier is being worked on or once its result is ready;
 *   never after it was refused, withdrawn, voided or handed back.
 * - The citizen downloads it once the result is ready (or handed back) and, for a procedure
 *   with a fee, once staff recorded the fee paid (a procedure whose fee is 0 has none; an
 *   unknown amount — NULL, "see the note" — counts as a fee). Handed back means settled.
 */
import { CLOSED_STATUSES, RESULT_STATUSES, type DossierStatus, type ResultDelivery } from './status.js';

export function resultCanBeElectronic(procedure: { resultElectronic: boolean }, dossier: { resultDelivery: ResultDelivery }): boolean {
  return procedure.resultElectronic || dossier.resultDelivery === 'online';
}

/** A procedure charges something: any amount but 0 (NULL is "see the fee note"). */
export function procedureHasFee(feeVnd: number | null): boolean {
  return feeVnd !== 0;
}

export function resultFileAttachable(status: DossierStatus): boolean {
  return !CLOSED_STATUSES.includes(status);
}

/** The event staff record when the fee is paid (the audit trail is the record of it). */
export const FEE_PAID_EVENT = 'fee_paid';

export type ResultDownload = { available: true } | { available: false; reason: 'no_file' | 'not_ready' | 'fee_unpaid' };

export const RESULT_WAIT_MESSAGES: Record<Exclude<ResultDownload, { available: true }>['reason'], string> = {
  no_file: 'Hồ sơ này chưa có kết quả điện tử.',
  not_ready: 'Kết quả điện tử chỉ tải được khi hồ sơ đã có kết quả.',
  fee_unpaid: 'Kết quả điện tử tải được sau khi Ông/Bà nộp phí, lệ phí.',
};

export function resultDownload(d: { status: DossierStatus; hasFile: boolean; hasFee: boolean; feePaid: boolean }): ResultDownload {
  if (!d.hasFile) return { available: false, reason: 'no_file' };
  if (!RESULT_STATUSES.includes(d.status)) return { available: false, reason: 'not_ready' };
  if (d.hasFee && !d.feePaid && d.status !== 'returned') return { available: false, reason: 'fee_unpaid' };
  return { available: true };
}

/**
 * What the status page says of the electronic result, from the dossier's current result file
 * (null: none): nothing until there is a file and a result (a file attached while the dossier
 * is worked on is not announced), then the link, or why it waits (the fee).
 */
export type ResultNotice<F> = { state: 'available'; file: F } | { state: 'waiting'; reason: Exclude<ResultDownload, { available: true }>['reason'] } | null;

export function resultNotice<F>(d: { status: DossierStatus; file: F | null; feeVnd: number | null; feePaid: boolean }): ResultNotice<F> {
  if (d.file === null) return null;
  const hasFee = procedureHasFee(d.feeVnd);
  const state = resultDownload({ status: d.status, hasFile: true, hasFee, feePaid: hasFee && d.feePaid });
  if (state.available) return { state: 'available', file: d.file };
  return state.reason === 'not_ready' ? null : { state: 'waiting', reason: state.reason };
}
