/**
 * The independent satisfaction survey (SIPAS-style): its five dimensions, the 5-point scale,
 * the period a round covers, the random draw, and the figures with their threshold. Pure.
 *
 * The index (docs/survey.md says what was found of MoHA's method and what was not):
 * - a dimension's index is the share of its answers that are "Hài lòng" (4) or "Rất hài
 *   lòng" (5), among the answers that give an opinion on it (a "no opinion" is not counted);
 * - the SIPAS index is the arithmetic mean of the five dimensions' indices.
 * A figure backed by fewer than SURVEY_MIN_ANSWERS answers is withheld (null), and so is the
 * index when any of its five dimensions is.
 */
import { anonymise } from './anonymise.js';
import { DOSSIER_CODE_PATTERN } from './dossier-code.js';
import { PETITION_CODE_PATTERN } from './petitions.js';
import { quarterPeriod, monthPeriod, yearPeriod, type Period } from './period.js';
import type { LocalDate } from './time.js';

export const SURVEY_DIMENSIONS = [
  { key: 'access', field: 'tiep_can', label: 'Tiếp cận dịch vụ' },
  { key: 'procedures', field: 'thu_tuc', label: 'Thủ tục hành chính' },
  { key: 'officials', field: 'cong_chuc', label: 'Sự phục vụ của công chức' },
  { key: 'results', field: 'ket_qua', label: 'Kết quả giải quyết' },
  { key: 'feedback', field: 'gop_y', label: 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị' },
] as const;
export type SurveyDimension = (typeof SURVEY_DIMENSIONS)[number]['key'];

/** The 5-point scale, 1 (very dissatisfied) to 5 (very satisfied). */
export const SURVEY_SCALE = [5, 4, 3, 2, 1] as const;
export type SurveyScore = (typeof SURVEY_SCALE)[number];
export const SURVEY_SCALE_LABELS: Readonly<Record<SurveyScore, string>> = {
  5: 'Rất hài lòng',
  4: 'Hài lòng',
  3: 'Bình thường',
  2: 'Không hài lòng',
  1: 'Rất không hài lòng',
};
/** "No opinion" (not counted): the form's value for it. */
export const NO_OPINION = '0';
export const SURVEY_COMMENT_MAX = 2000;

/** A figure needs at least this many answers behind it to be shown, in pages and exports. */
export const SURVEY_MIN_ANSWERS = 10;
export const SURVEY_WITHHELD = 'chưa đủ 10 ý kiến';

export const SURVEY_PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type SurveyPeriodKind = (typeof SURVEY_PERIOD_KINDS)[number];
export const SURVEY_PERIOD_LABELS: Readonly<Record<SurveyPeriodKind, string>> = { month: 'Hằng tháng', quarter: 'Hằng quý', year: 'Hằng năm' };

/** The last whole period of this kind before `today` (the one a round draws from). */
export function lastCompletedPeriod(kind: SurveyPeriodKind, today: LocalDate): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (kind === 'year') return yearPeriod(year - 1);
  if (kind === 'month') return month === 1 ? monthPeriod(year - 1, 12) : monthPeriod(year, month - 1);
  const quarter = Math.floor((month - 1) / 3) + 1;
  return quarter === 1 ? quarterPeriod(year - 1, 4) : quarterPeriod(year, quarter - 1);
}

/** A uniform integer in [0, max): crypto.randomInt in the service, a seeded one in tests. */
export type RandomInt = (max: number) => number;

/** The items in a uniformly random order (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], randomInt: RandomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A simple random sample of `size` items (all of them when there are fewer), in random order. */
export function simpleRandomSample<T>(items: readonly T[], size: number, randomInt: RandomInt): T[] {
  return shuffled(items, randomInt).slice(0, Math.max(0, size));
}

/** One citizen per phone (digits) or, without one, per e-mail address; null without either. */
export function contactKey(phone: string | null, email: string | null): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits.length >= 9) return `p:${digits.replace(/^84/, '0')}`;
  const mail = (email ?? '').trim().toLowerCase();
  return mail.includes('@') ? `e:${mail}` : null;
}

export interface DimensionFigure {
  /** Answers giving an opinion on this dimension. */
  answers: number;
  /** Share of them "Hài lòng" or "Rất hài lòng" (0..1); null when withheld. */
  index: number | null;
  /** Mean score (1..5); null when withheld. */
  mean: number | null;
}

/** A dimension's figures from its scores (null: no opinion). */
export function dimensionFigure(scores: ReadonlyArray<number | null>): DimensionFigure {
  const given = scores.filter((s): s is number => s !== null);
  if (given.length < SURVEY_MIN_ANSWERS) return { answers: given.length, index: null, mean: null };
  const satisfied = given.filter((s) => s >= 4).length;
  return { answers: given.length, index: satisfied / given.length, mean: given.reduce((a, b) => a + b, 0) / given.length };
}

/** The SIPAS index: the mean of the five dimensions' indices; null when any is withheld. */
export function sipasIndex(figures: ReadonlyArray<DimensionFigure>): number | null {
  if (figures.length !== SURVEY_DIMENSIONS.length || figures.some((f) => f.index === null)) return null;
  return figures.reduce((a, f) => a + f.index!, 0) / figures.length;
}

/** Answers ÷ invitations (null without invitations). Counts, not opinions: never withheld. */
export function responseRate(answers: number, invited: number): number | null {
  return invited > 0 ? answers / invited : null;
}

/**
 * A dossier code (the one pattern of dossier-code.ts: both agency layouts, with or without
 * Circular 04/2025's two letters), a petition code, or something shaped like a code a citizen
 * typed short (`…-yymmdd-nnn`), inside a text.
 */
const CODE_IN_TEXT = new RegExp(`${DOSSIER_CODE_PATTERN}|${PETITION_CODE_PATTERN}|[0-9A-Za-z.]*-\\d{6}-\\d{3,6}\\b`, 'gi');
export const CODE_REDACTED = '[mã hồ sơ]';

/**
 * A free text as staff may read it among the others: dossier and petition codes, phone
 * numbers, e-mail addresses, ID and other long numbers replaced (a code would name the
 * dossier, so unlike a published petition answer the survey masks it too).
 */
export function anonymiseComment(text: string): string {
  return anonymise(text.replace(CODE_IN_TEXT, CODE_REDACTED), { names: [], addresses: [] });
}
