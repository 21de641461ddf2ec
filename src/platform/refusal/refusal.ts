/**
 * The one refusal vocabulary (docs/development/refusals.md). A service returns its data or a
 * `Refusal`: why (a reason from the list below), what the user reads (Vietnamese), and where
 * on the form (a field, or a message per field). It never speaks HTTP: one helper of the HTTP
 * kit (src/web/refusal.ts) turns a reason into a status. A service narrows the reasons it
 * may give, e.g. `Refusal<'not_found' | 'forbidden'>`.
 */

/** Every reason a service refuses for today. Add one here (and its status in src/web/refusal.ts) before using it. */
export const REFUSAL_REASONS = [
  /** No such record, or none the caller may know of (HTTP 404). */
  'not_found',
  /** The record exists but it is not this person's to see or do (403). */
  'forbidden',
  /** What was sent is not acceptable: a field, a stale form, a bad body (400). */
  'invalid',
  /** Not possible in the record's present state: someone else acted first, it is closed, done already (409). */
  'conflict',
  /** Held for a confirmation the user has to give (a personal number in a public answer) (422). */
  'held',
  /** Well formed, but the record's rules ask for more: a field this action on this record requires (422). */
  'unprocessable',
  /** Too many tries: wait `retryAfterMs` when given (429). */
  'rate_limited',
  /** Who is asking is not established: a wrong password, a bad signature (401). */
  'unauthenticated',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** A message per form field (the form kit's FieldErrors). */
export type RefusalErrors = Record<string, string>;

export interface RefusalOf<R extends RefusalReason> {
  ok: false;
  reason: R;
  /** What the user reads, in Vietnamese. */
  message: string;
  /** The form field the message belongs to, when one does. */
  field?: string;
  /** A message per field, when several (the form shown again with each next to its field). */
  errors?: RefusalErrors;
  /** How long to wait before trying again (rate_limited). */
  retryAfterMs?: number;
  /** A short machine-readable detail for API answers (e.g. the webhook's 'stale'). */
  code?: string;
}

/** A refusal for one of the reasons R (a union of one shape per reason, so `if (r.reason === …)` narrows). */
export type Refusal<R extends RefusalReason = RefusalReason> = R extends RefusalReason ? RefusalOf<R> : never;

/** Data or a refusal. */
export type Outcome<T, R extends RefusalReason = RefusalReason> = { ok: true; value: T } | Refusal<R>;

/** A refusal, with its optional details. */
export function refuse<R extends RefusalReason>(reason: R, message: string, details: Omit<RefusalOf<R>, 'ok' | 'reason' | 'message'> = {}): Refusal<R> {
  return { ok: false, reason, message, ...details } as Refusal<R>;
}

/** A refusal that carries a message per field (`errors` always set). */
export type FieldsRefusal<R extends 'invalid' | 'rate_limited' = 'invalid'> = Refusal<R> & { errors: RefusalErrors };

/** A form refused field by field: the first message is the refusal's message. `invalid` unless told. */
export function refuseFields(errors: RefusalErrors): FieldsRefusal;
export function refuseFields<R extends 'invalid' | 'rate_limited'>(errors: RefusalErrors, reason: R): FieldsRefusal<R>;
export function refuseFields(errors: RefusalErrors, reason: 'invalid' | 'rate_limited' = 'invalid'): FieldsRefusal<'invalid' | 'rate_limited'> {
  return { ok: false, reason, message: Object.values(errors)[0] ?? REFUSAL_MESSAGES.invalid, errors } as FieldsRefusal<'invalid' | 'rate_limited'>;
}

/** The messages several features give, written once. */
export const REFUSAL_MESSAGES = {
  dossierNotFound: 'Không tìm thấy hồ sơ.',
  dossierOtherAgency: 'Hồ sơ này thuộc đơn vị khác.',
  invalid: 'Dữ liệu không hợp lệ.',
  /** A procedure code the caller's agency does not receive (intake, the counter). */
  procedureNotInCatalogue: 'Thủ tục này không có trong danh mục tiếp nhận của đơn vị bạn.',
} as const;
