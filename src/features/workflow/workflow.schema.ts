/** The workflow form (one action on a dossier), read through the form kit. */
import { z } from 'zod';
import { cleanText } from '../../domain/text.js';
import { MAX_ID, int, optionalId, optionalMultiline, optionalText, parseObject, type Parsed, type RawInput } from '../../web/form.js';

export const NOTE_MAX_LENGTH = 4000;
export const REASON_MAX_LENGTH = 2000;

/** NFC, each line trimmed and single-spaced, blank lines dropped; null when empty. */
export function normalizeNote(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const lines = raw.replace(/\r\n?/g, '\n').split('\n').map(cleanText).filter(Boolean);
  return lines.length ? lines.join('\n') : null;
}

export const actionSchema = z.object({
  // Which actions exist and who may take them is the state machine's to say (domain/workflow.ts).
  action: optionalText(50, 'Thao tác không hợp lệ.').transform((v) => v ?? ''),
  version: int(0, MAX_ID, 'Phiên bản hồ sơ không hợp lệ. Vui lòng tải lại trang.'),
  note: optionalMultiline(NOTE_MAX_LENGTH, `Ghi chú không quá ${NOTE_MAX_LENGTH} ký tự.`).transform(normalizeNote),
  reason: optionalMultiline(REASON_MAX_LENGTH, `Lý do không quá ${REASON_MAX_LENGTH} ký tự.`).transform(normalizeNote),
  override_reason: optionalMultiline(REASON_MAX_LENGTH, `Lý do cho phép không quá ${REASON_MAX_LENGTH} ký tự.`).transform(normalizeNote),
  to_agency_id: optionalId('Chọn cơ quan, bộ phận nhận hồ sơ.'),
  to_user_id: optionalId('Cán bộ được chọn không hợp lệ.'),
});

export interface ActionInput {
  action: string;
  version: number;
  note: string | null;
  /** For 'request_supplement': the specific reason, and a supervisor's reason for a further request. */
  reason?: string | null;
  overrideReason?: string | null;
  /** For 'assign': the department (agency) and optionally the officer. */
  toAgencyId?: number | null;
  toUserId?: number | null;
}

export function parseAction(body: RawInput): Parsed<ActionInput> {
  const parsed = parseObject(actionSchema, body);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return { ok: true, values: parsed.values, value: { action: v.action, version: v.version, note: v.note, reason: v.reason, overrideReason: v.override_reason, toAgencyId: v.to_agency_id, toUserId: v.to_user_id } };
}
