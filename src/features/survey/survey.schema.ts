/**
 * The survey's inputs through the form kit: the citizen's questionnaire (public: its
 * messages are the Vietnamese side of the `form.survey.*` keys of survey.i18n.ts), the
 * administrator's settings form, and the report's query.
 */
import { z } from 'zod';
import { SURVEY_COMMENT_MAX, SURVEY_DIMENSIONS, SURVEY_PERIOD_KINDS, type SurveyDimension, type SurveyPeriodKind } from '../../domain/survey.js';
import { fillMessage } from '../../web/i18n/translator.js';
import { cleanMultiline, fieldErrors, hasControlChars, MESSAGES, oneOf, str, type FieldErrors, type FormValues, type Parsed, type RawInput } from '../../web/form.js';

/** The questionnaire's messages, each the Vietnamese of a `form.survey.*` key. */
export const SURVEY_TEXT = {
  choiceInvalid: 'Lựa chọn không hợp lệ, vui lòng chọn lại',
  commentTooLong: 'Ý kiến khác tối đa {max} ký tự (hiện có {length} ký tự)',
  rateLimit: 'Ông/Bà đã gửi quá nhiều lần. Vui lòng thử lại sau ít phút.',
} as const;

/** "Choose an answer about <dimension>": one message per dimension (its own key). */
export const SURVEY_REQUIRED: Readonly<Record<SurveyDimension, string>> = Object.fromEntries(
  SURVEY_DIMENSIONS.map((d) => [d.key, `Vui lòng chọn mức độ hài lòng về “${d.label}”`]),
) as Record<SurveyDimension, string>;

export const ANSWER_FIELDS = [...SURVEY_DIMENSIONS.map((d) => d.field), 'y_kien'] as const;

export interface SurveyAnswerInput {
  scores: Record<SurveyDimension, number | null>;
  comment: string | null;
}

const single = (input: RawInput, key: string): string => (typeof input?.[key] === 'string' ? str(input, key).trim() : '');
const length = (s: string) => Array.from(s).length;

/** The questionnaire: every dimension answered (1–5, or 0 "no opinion"), the free text optional. */
export function parseSurveyAnswer(body: RawInput): Parsed<SurveyAnswerInput> {
  const values: FormValues = {};
  const errors: FieldErrors = {};
  const scores = {} as Record<SurveyDimension, number | null>;
  for (const d of SURVEY_DIMENSIONS) {
    const v = single(body, d.field);
    values[d.field] = v;
    if (v === '') errors[d.field] = SURVEY_REQUIRED[d.key];
    else if (!/^[0-5]$/.test(v)) errors[d.field] = SURVEY_TEXT.choiceInvalid;
    else scores[d.key] = v === '0' ? null : Number(v);
  }
  const raw = str(body, 'y_kien');
  const comment = cleanMultiline(raw);
  values.y_kien = comment;
  if (hasControlChars(raw)) errors.y_kien = MESSAGES.control;
  else if (length(comment) > SURVEY_COMMENT_MAX) errors.y_kien = fillMessage(SURVEY_TEXT.commentTooLong, { max: String(SURVEY_COMMENT_MAX), length: String(length(comment)) });
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, value: { scores, comment: comment === '' ? null : comment }, values };
}

/** Sample sizes and the other settings an administrator sets. */
export const SIZE_MAX = 5000;
export interface SurveySettingsInput {
  periodKind: SurveyPeriodKind;
  defaultSize: number;
  answerDays: number;
  /** Per agency id: its own size, or null (the default applies). */
  sizes: Map<number, number | null>;
}

const count = (max: number, message: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d{1,6}$/.test(v) && Number(v) <= max, message)
    .transform(Number);

const settingsSchema = z.object({
  ky: oneOf(SURVEY_PERIOD_KINDS, 'Chọn kỳ khảo sát'),
  co_mau_mac_dinh: count(SIZE_MAX, `Cỡ mẫu là số nguyên từ 0 đến ${SIZE_MAX}`),
  so_ngay: z
    .string()
    .trim()
    .refine((v) => /^\d{1,3}$/.test(v) && Number(v) >= 7 && Number(v) <= 120, 'Thời hạn trả lời từ 7 đến 120 ngày')
    .transform(Number),
});

/** The settings form; `agencyIds`: the agencies listed on it (their fields `co_mau_<id>`, empty: the default). */
export function parseSurveySettings(body: RawInput, agencyIds: readonly number[]): Parsed<SurveySettingsInput> {
  const values: FormValues = { ky: str(body, 'ky'), co_mau_mac_dinh: str(body, 'co_mau_mac_dinh'), so_ngay: str(body, 'so_ngay') };
  const errors: FieldErrors = {};
  const sizes = new Map<number, number | null>();
  for (const id of agencyIds) {
    const field = `co_mau_${id}`;
    const v = str(body, field).trim();
    values[field] = v;
    if (v === '') sizes.set(id, null);
    else if (/^\d{1,6}$/.test(v) && Number(v) <= SIZE_MAX) sizes.set(id, Number(v));
    else errors[field] = `Cỡ mẫu là số nguyên từ 0 đến ${SIZE_MAX}, hoặc để trống để dùng cỡ mẫu chung`;
  }
  const parsed = settingsSchema.safeParse(values);
  if (!parsed.success) Object.assign(errors, fieldErrors(parsed.error));
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, value: { periodKind: parsed.data.ky, defaultSize: parsed.data.co_mau_mac_dinh, answerDays: parsed.data.so_ngay, sizes }, values };
}

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type SurveyExportFormat = (typeof EXPORT_FORMATS)[number];

const reportQuerySchema = z.object({
  dot: z
    .string()
    .trim()
    .refine((v) => v === '' || /^[1-9]\d{0,8}$/.test(v), 'Đợt khảo sát không hợp lệ')
    .transform((v) => (v === '' ? null : Number(v))),
  dinh_dang: z
    .string()
    .trim()
    .refine((v) => v === '' || (EXPORT_FORMATS as readonly string[]).includes(v), 'Định dạng không hợp lệ')
    .transform((v) => (v === '' ? null : (v as SurveyExportFormat))),
});

/** The report's query: the round (`dot`, default: the latest) and an export format. */
export function parseSurveyReportQuery(query: RawInput): Parsed<{ roundId: number | null; format: SurveyExportFormat | null }> {
  const values: FormValues = { dot: single(query, 'dot'), dinh_dang: single(query, 'dinh_dang') };
  const parsed = reportQuerySchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), values };
  return { ok: true, value: { roundId: parsed.data.dot, format: parsed.data.dinh_dang }, values };
}
