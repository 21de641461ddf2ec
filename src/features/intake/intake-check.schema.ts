/**
 * The intake's check page (after the form, before the dossier is written): the clerk's
 * confirmation that the papers were compared, and the "Thay đổi" rows that send the clerk
 * back to one field of the form.
 */
import { z } from 'zod';
import { RESULT_DELIVERY } from '../../domain/status.js';
import { parseObject, type FormValues, type Parsed, type RawInput } from '../../web/form.js';
import type { ProcedureDocument } from '../catalogue/catalogue.types.js';
import { EXTRA_NAME, noControl, REPRESENTATIVE_KEYS } from './intake.schema.js';

/**
 * The check page's one deliberate control: the clerk has compared the papers the citizen
 * brought with the documents listed (the form ticks the required ones by default, for speed).
 * Confirming without it is refused, nothing written.
 */
export const DOCUMENTS_CHECKED = 'documents_checked';
export const DOCUMENTS_CHECKED_MESSAGE =
  'Đối chiếu giấy tờ người nộp mang đến với danh sách thành phần hồ sơ, rồi đánh dấu “Đã kiểm tra đủ thành phần hồ sơ” trước khi xác nhận tiếp nhận';

const confirmCheckSchema = z.object({
  [DOCUMENTS_CHECKED]: noControl.refine((v) => v.trim() !== '', DOCUMENTS_CHECKED_MESSAGE),
});

/** The check page's confirmation: ok when "Đã kiểm tra đủ thành phần hồ sơ" is ticked. */
export function parseConfirmCheck(body: RawInput): Parsed<true> {
  const parsed = parseObject(confirmCheckSchema, body);
  return parsed.ok ? { ok: true, value: true, values: parsed.values } : parsed;
}

/**
 * The fields a "Thay đổi" row of the check page can send the clerk back to, in the form's
 * order: the applicant, the representative, each document of the checklist (its "received"
 * box; the free row's name), the sets, the delivery and the note.
 */
export function editableFields(checklist: readonly ProcedureDocument[]): string[] {
  return [
    'applicant_kind',
    'applicant_name',
    'applicant_id_number',
    'organisation_code',
    'applicant_birth_date',
    'applicant_sex',
    'applicant_address',
    'applicant_phone',
    'applicant_email',
    ...REPRESENTATIVE_KEYS,
    ...checklist.map((d) => `doc_${d.position}_received`),
    EXTRA_NAME,
    'sets_count',
    'result_delivery',
    'note',
  ];
}

/** The radio groups among them, with the choice a fresh form makes. */
const RADIO_DEFAULTS: Record<string, string> = { applicant_kind: 'person', applicant_sex: 'male', result_delivery: RESULT_DELIVERY[0] };

/**
 * The element a "Thay đổi" lands on: the field's input, or a radio group's chosen radio. It is
 * the URL's fragment (the browser focuses a fragment's target, and then ignores autofocus) and
 * the form's autofocus, so both agree.
 */
export function editTargetId(field: string, values: FormValues): string {
  const fallback = RADIO_DEFAULTS[field];
  return fallback === undefined ? field : `${field}_${values[field] || fallback}`;
}

/** Every editable field's landing element, for the check page's "Thay đổi" rows. */
export function editTargets(checklist: readonly ProcedureDocument[], values: FormValues): Record<string, string> {
  return Object.fromEntries(editableFields(checklist).map((f) => [f, editTargetId(f, values)]));
}

/** `sua`: the field a "Thay đổi" button asks the form to focus; null when absent or not a field of this form. */
export function parseEditField(body: RawInput, checklist: readonly ProcedureDocument[]): string | null {
  const fields = editableFields(checklist) as [string, ...string[]];
  const parsed = parseObject(z.object({ sua: z.enum(fields) }), body);
  return parsed.ok ? parsed.value.sua : null;
}
