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
