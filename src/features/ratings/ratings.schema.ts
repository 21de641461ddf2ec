/**
 * The ratings' inputs through the form kit: the citizen's rating form, the status token in
 * its URL, the supervisors' page query (tu_ngay / den_ngay, co_quan, muc, theo_doi) and the
 * follow-up form (the note).
 */
import { z } from 'zod';
import { fillMessage } from '../../web/i18n/translator.js';
import { fieldErrors, hasControlChars, MESSAGES, multiline, optionalDate, optionalId, parseObject, str, type RawInput } from '../../web/form.js';
import {
  charCount,
  cleanComment,
  COMMENT_MAX,
  CRITERIA,
  CRITERION_DEFINITIONS,
  emptyRatingValues,
  isRatingLevel,
  REASON_MIN,
  type Criterion,
  type CriterionScore,
  type RatingParse,
} from './rating.js';

/**
 * The public form's messages with their `{params}`: the Vietnamese side of the catalogue's
 * `form.rating.*` keys (ratings.i18n.ts), so an English page shows each in English.
 */
export const RATING_TEXT = {
  levelRequired: 'Chọn mức độ hài lòng của Ông/Bà',
  levelInvalid: 'Mức độ hài lòng không hợp lệ, vui lòng chọn lại',
  commentTooLong: 'Ý kiến tối đa {max} ký tự (hiện có {length} ký tự)',
  reasonRequired: 'Vui lòng cho biết lý do Ông/Bà không hài lòng',
  reasonTooShort: 'Lý do không hài lòng cần ít nhất {min} ký tự',
  criterion: 'Lựa chọn cho “{label}” không hợp lệ, vui lòng chọn lại',
  rateLimit: 'Bạn đã gửi quá nhiều lần. Vui lòng thử lại sau ít phút.',
} as const;

/** A single value: a repeated key (an array) counts as nothing chosen. */
const single = (input: RawInput, key: string): string => (typeof input?.[key] === 'string' ? str(input, key) : '');

const criterion = (key: Criterion) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || v === '2' || v === '1' || v === '0', fillMessage(RATING_TEXT.criterion, { label: CRITERION_DEFINITIONS[key].label }))
    .transform((v) => (v === '' ? null : (Number(v) as CriterionScore)));

const ratingSchema = z.object({
  level: z
    .string()
    .trim()
    .refine((v) => v !== '', RATING_TEXT.levelRequired)
    .refine((v) => v === '' || isRatingLevel(v), RATING_TEXT.levelInvalid),
  comment: z
    .string()
    .refine((v) => !hasControlChars(v), MESSAGES.control)
    .transform(cleanComment)
    .superRefine((v, ctx) => {
      const length = charCount(v);
      if (length > COMMENT_MAX) ctx.addIssue({ code: z.ZodIssueCode.custom, message: fillMessage(RATING_TEXT.commentTooLong, { max: String(COMMENT_MAX), length: String(length) }) });
    }),
  ...(Object.fromEntries(CRITERIA.map((k) => [CRITERION_DEFINITIONS[k].field, criterion(k)])) as Record<`criterion_${Criterion}`, ReturnType<typeof criterion>>),
});

/** "Không hài lòng" needs a reason: a cross-field check made before the schema runs. */
function reasonError(level: string, comment: string): string | null {
  const length = charCount(comment);
  if (level !== 'unsatisfied' || length > COMMENT_MAX) return null;
  if (length === 0) return RATING_TEXT.reasonRequired;
  if (length < REASON_MIN) return fillMessage(RATING_TEXT.reasonTooShort, { min: String(REASON_MIN) });
  return null;
}

/** Validates the posted rating form; messages are keyed by field name, values kept for the form. */
export function parseRatingForm(body: RawInput): RatingParse {
  const values = emptyRatingValues();
  values.level = single(body, 'level').trim();
  values.comment = cleanComment(str(body, 'comment'));
  for (const key of CRITERIA) values[CRITERION_DEFINITIONS[key].field] = str(body, CRITERION_DEFINITIONS[key].field).trim();
  const raw = { ...values, comment: str(body, 'comment') };
  const reason = reasonError(values.level, values.comment);
  const extra: Record<string, string> = reason ? { comment: reason } : {};
  const result = ratingSchema.safeParse(raw);
  if (!result.success) return { ok: false, errors: fieldErrors(result.error, extra), values };
  if (reason) return { ok: false, errors: extra, values };
  const v = result.data;
  if (!isRatingLevel(v.level)) return { ok: false, errors: { level: RATING_TEXT.levelRequired }, values };
  const criteria = Object.fromEntries(CRITERIA.map((k) => [k, v[CRITERION_DEFINITIONS[k].field]])) as Record<Criterion, CriterionScore | null>;
  return { ok: true, value: { level: v.level, comment: v.comment || null, criteria }, values };
}

/** `muc`: which ratings the list shows one by one (only the unsatisfied ones are listed). */
export const LEVEL_FILTERS = ['', 'khong_hai_long'] as const;
/** `theo_doi`: every unsatisfied rating, those not followed up yet, or those already followed up. */
export const FOLLOW_UP_FILTERS = ['', 'chua', 'roi'] as const;
export type FollowUpFilter = 'all' | 'pending' | 'done';
const FOLLOW_UP_OF: Record<(typeof FOLLOW_UP_FILTERS)[number], FollowUpFilter> = { '': 'all', chua: 'pending', roi: 'done' };

const pageQuerySchema = z.object({
  tu_ngay: optionalDate(),
  den_ngay: optionalDate(),
  co_quan: optionalId('Cơ quan không hợp lệ'),
  muc: oneOfOrEmpty(LEVEL_FILTERS, 'Mức độ hài lòng không hợp lệ'),
  theo_doi: oneOfOrEmpty(FOLLOW_UP_FILTERS, 'Tình trạng theo dõi không hợp lệ').transform((v) => FOLLOW_UP_OF[v]),
  da_theo_doi: optionalId('Đánh giá không hợp lệ'),
});

function oneOfOrEmpty<T extends readonly string[]>(values: T, message: string) {
  return z
    .string()
    .trim()
    .refine((v) => values.includes(v), message)
    .transform((v) => v as T[number]);
}

/** The supervisors' page query; `co_quan` is read for administrators only. */
export function parseRatingsQuery(query: RawInput, options: { agencyFilter: boolean }) {
  const input = { ...(query ?? {}) };
  if (!options.agencyFilter) delete input.co_quan;
  return parseObject(pageQuerySchema, input);
}

/** Shortest follow-up note, in characters. */
export const FOLLOW_UP_NOTE_MIN = 5;
export const FOLLOW_UP_NOTE_MAX = 2000;

const followUpSchema = z.object({
  note: multiline(FOLLOW_UP_NOTE_MAX, 'Ghi rõ việc đã làm để theo dõi, xử lý ý kiến này', `Nội dung theo dõi không quá ${FOLLOW_UP_NOTE_MAX} ký tự`).refine(
    (v) => charCount(v) >= FOLLOW_UP_NOTE_MIN,
    `Nội dung theo dõi cần ít nhất ${FOLLOW_UP_NOTE_MIN} ký tự`,
  ),
});

/** The follow-up form: a required note (line breaks kept). */
export function parseFollowUpForm(body: RawInput) {
  return parseObject(followUpSchema, body);
}
