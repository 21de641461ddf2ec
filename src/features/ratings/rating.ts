/**
 * Citizen satisfaction with one returned dossier (pure: no database, no clock).
 *
 * Three levels; "Không hài lòng" needs a reason. Five optional criteria from the 2018
 * evaluation set, each answered 2 / 1 / 0 (or left out). One rating per dossier, never
 * edited: that rule lives in the table's unique key, not here.
 */
import { nfc } from '../../domain/text.js';

export const RATING_LEVELS = ['very_satisfied', 'satisfied', 'unsatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const RATING_LEVEL_LABELS: Record<RatingLevel, string> = {
  very_satisfied: 'Rất hài lòng',
  satisfied: 'Hài lòng',
  unsatisfied: 'Không hài lòng',
};

export function isRatingLevel(value: unknown): value is RatingLevel {
  return typeof value === 'string' && (RATING_LEVELS as readonly string[]).includes(value);
}

export const CRITERIA = ['time', 'contacts', 'agencies', 'attitude', 'publicity'] as const;
export type Criterion = (typeof CRITERIA)[number];
export type CriterionScore = 2 | 1 | 0;
export const CRITERION_SCORES: readonly CriterionScore[] = [2, 1, 0];

export interface CriterionDefinition {
  key: Criterion;
  /** Form field and table column. */
  field: `criterion_${Criterion}`;
  label: string;
  answers: Record<CriterionScore, string>;
}

export const CRITERION_DEFINITIONS: Record<Criterion, CriterionDefinition> = {
  time: {
    key: 'time',
    field: 'criterion_time',
    label: 'Tổng thời gian giải quyết so với thời hạn quy định',
    answers: { 2: 'Sớm hơn hoặc đúng hạn', 1: 'Trễ hạn nhưng có xin lỗi', 0: 'Trễ hạn không xin lỗi' },
  },
  contacts: {
    key: 'contacts',
    field: 'criterion_contacts',
    label: 'Số lần phải liên hệ để hoàn thiện hồ sơ',
    answers: { 2: 'Không quá 1 lần', 1: '2 lần', 0: 'Từ 3 lần trở lên' },
  },
  agencies: {
    key: 'agencies',
    field: 'criterion_agencies',
    label: 'Số cơ quan, đơn vị phải liên hệ',
    answers: { 2: 'Chỉ liên hệ Bộ phận Một cửa', 1: '2 cơ quan, đơn vị', 0: 'Từ 3 cơ quan, đơn vị trở lên' },
  },
  attitude: {
    key: 'attitude',
    field: 'criterion_attitude',
    label: 'Thái độ của cán bộ, công chức',
    answers: { 2: 'Lịch sự, tận tình, chu đáo', 1: 'Chưa nhiệt tình, chưa chu đáo', 0: 'Gây phiền hà, sách nhiễu' },
  },
  publicity: {
    key: 'publicity',
    field: 'criterion_publicity',
    label: 'Công khai thủ tục hành chính (giấy tờ, phí, thời hạn)',
    answers: { 2: 'Đầy đủ, rõ ràng, dễ tìm', 1: 'Có công khai nhưng chưa đầy đủ', 0: 'Không được công khai' },
  },
};

export const COMMENT_MAX = 1000;
export const REASON_MIN = 5;

export interface RatingInput {
  level: RatingLevel;
  comment: string | null;
  criteria: Record<Criterion, CriterionScore | null>;
}

/** What the citizen typed or picked, as strings, to put back into the form. */
export type RatingFormValues = { level: string; comment: string } & Record<`criterion_${Criterion}`, string>;

export type RatingParse = { ok: true; value: RatingInput; values: RatingFormValues } | { ok: false; errors: Record<string, string>; values: RatingFormValues };

export function emptyRatingValues(): RatingFormValues {
  return {
    level: '',
    comment: '',
    criterion_time: '',
    criterion_contacts: '',
    criterion_agencies: '',
    criterion_attitude: '',
    criterion_publicity: '',
  };
}

/** NFC, Windows line ends made plain, trimmed. Line breaks are kept: a reason may have several. */
export function cleanComment(value: string): string {
  return nfc(value).replace(/\r\n?/g, '\n').trim();
}

/** Characters as a reader counts them (code points, after NFC). */
export function charCount(value: string): number {
  return Array.from(value).length;
}

/** (Rất hài lòng + Hài lòng) / total; null when nobody rated. */
export function satisfactionRate(counts: { total: number; verySatisfied: number; satisfied: number }): number | null {
  return counts.total > 0 ? (counts.verySatisfied + counts.satisfied) / counts.total : null;
}

/** 0.6667 → "66,7%"; null → "—". */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const pct = Math.round(rate * 1000) / 10;
  return `${String(pct).replace('.', ',')}%`;
}

/** The labels and answers the public form offers, in display order. */
export const RATING_FORM_OPTIONS = {
  levels: RATING_LEVELS.map((value) => ({ value, label: RATING_LEVEL_LABELS[value] })),
  criteria: CRITERIA.map((key) => {
    const def = CRITERION_DEFINITIONS[key];
    return { field: def.field, label: def.label, answers: CRITERION_SCORES.map((score) => ({ value: String(score), label: def.answers[score] })) };
  }),
  commentMax: COMMENT_MAX,
  reasonMin: REASON_MIN,
};
