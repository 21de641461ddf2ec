/**
 * The survey's report: one ReportTable (the page and the CSV/XLSX/PDF exports read the same
 * one) with, per agency of the round, the invitations, the answers, the response rate, each
 * dimension's index and the SIPAS index; the province's pooled row for administrators. A
 * figure backed by fewer than 10 answers is the text "chưa đủ 10 ý kiến", never a number, in
 * every format. Free texts are listed only on the page, only for an agency with at least 10
 * answers, anonymised and sorted by their own text; the exports carry none.
 */
import type { Period } from '../../domain/period.js';
import {
  anonymiseComment,
  dimensionFigure,
  responseRate,
  sipasIndex,
  SURVEY_DIMENSIONS,
  SURVEY_MIN_ANSWERS,
  SURVEY_WITHHELD,
  type DimensionFigure,
  type SurveyDimension,
} from '../../domain/survey.js';
import type { CellValue, ReportTable } from '../reports/table.js';
import type { RoundRow, StratumRow } from './survey.repo.js';
import { formatDateVn } from '../../domain/time.js';

export interface SurveyReport {
  round: RoundRow;
  period: Period;
  table: ReportTable;
  /** Per agency with at least 10 answers: its anonymised free texts (page only). */
  comments: Array<{ agencyName: string; texts: string[] }>;
  /** Agencies whose free texts are withheld (fewer than 10 answers). */
  commentsWithheld: string[];
}

type Scores = Record<SurveyDimension, Array<number | null>>;

const withheld = (value: number | null): CellValue => (value === null ? SURVEY_WITHHELD : value);

function figuresOf(scores: Scores | undefined): DimensionFigure[] {
  return SURVEY_DIMENSIONS.map((d) => dimensionFigure(scores?.[d.key] ?? []));
}

function row(name: string, population: number, invited: number, answers: number, scores: Scores | undefined): Record<string, CellValue> {
  const figures = figuresOf(scores);
  const out: Record<string, CellValue> = { agency: name, population, invited, answers, rate: responseRate(answers, invited) };
  SURVEY_DIMENSIONS.forEach((d, i) => (out[d.key] = withheld(figures[i]!.index)));
  out.sipas = withheld(answers < SURVEY_MIN_ANSWERS ? null : sipasIndex(figures));
  return out;
}

export function buildSurveyReport(input: {
  round: RoundRow;
  period: Period;
  strata: StratumRow[];
  counts: Map<number, { answers: number; scores: Scores }>;
  comments: Map<number, string[]>;
  /** Administrators: the province's pooled row. */
  province: boolean;
  generatedAt: Date;
}): SurveyReport {
  const { strata, counts } = input;
  const rows = strata.map((s) => row(s.agencyName, s.population, s.invited, counts.get(s.agencyId)?.answers ?? 0, counts.get(s.agencyId)?.scores));
  let totals: Record<string, CellValue> | null = null;
  if (input.province && strata.length > 0) {
    const pooled = Object.fromEntries(SURVEY_DIMENSIONS.map((d) => [d.key, [] as Array<number | null>])) as Scores;
    let answers = 0;
    for (const s of strata) {
      const c = counts.get(s.agencyId);
      if (!c) continue;
      answers += c.answers;
      for (const d of SURVEY_DIMENSIONS) pooled[d.key].push(...c.scores[d.key]);
    }
    const sum = (k: 'population' | 'invited') => strata.reduce((a, s) => a + s[k], 0);
    totals = { ...row('Toàn tỉnh', sum('population'), sum('invited'), answers, pooled), agency: null };
  }
  const comments: SurveyReport['comments'] = [];
  const commentsWithheld: string[] = [];
  for (const s of strata) {
    const texts = input.comments.get(s.agencyId) ?? [];
    if ((counts.get(s.agencyId)?.answers ?? 0) < SURVEY_MIN_ANSWERS) {
      commentsWithheld.push(s.agencyName);
      continue;
    }
    if (texts.length > 0) comments.push({ agencyName: s.agencyName, texts: texts.map(anonymiseComment).sort((a, b) => a.localeCompare(b, 'vi')) });
  }
  const periodLabel = input.period.label;
  const table: ReportTable = {
    title: 'Khảo sát sự hài lòng của người dân',
    subtitle: `${periodLabel} · phiếu mời gửi ngày ${formatDateVn(input.round.drawnAt)}`,
    columns: [
      { key: 'agency', label: 'Cơ quan giải quyết', kind: 'text', width: 18 },
      { key: 'population', label: 'Người đã nhận kết quả trong kỳ', kind: 'int', width: 7 },
      { key: 'invited', label: 'Phiếu mời đã gửi', kind: 'int', width: 6 },
      { key: 'answers', label: 'Phiếu trả lời', kind: 'int', width: 6 },
      { key: 'rate', label: 'Tỷ lệ phản hồi', kind: 'percent', width: 6 },
      ...SURVEY_DIMENSIONS.map((d) => ({ key: d.key, label: `Hài lòng: ${d.label}`, kind: 'percent' as const, width: 8 })),
      { key: 'sipas', label: 'Chỉ số hài lòng (SIPAS)', kind: 'percent', width: 7 },
    ],
    rows,
    totals,
    notes: [
      'Mẫu ngẫu nhiên đơn giản theo từng cơ quan trong số người đã nhận kết quả trong kỳ; phiếu ẩn danh, không gắn với hồ sơ hay người trả lời.',
      'Chỉ số hài lòng của mỗi yếu tố = số ý kiến “Hài lòng” và “Rất hài lòng” ÷ số ý kiến có đánh giá về yếu tố đó (không tính “Không có ý kiến”).',
      'Chỉ số hài lòng (SIPAS) = trung bình cộng chỉ số của 5 yếu tố: tiếp cận dịch vụ; thủ tục hành chính; sự phục vụ của công chức; kết quả giải quyết; tiếp nhận, xử lý góp ý, phản ánh, kiến nghị.',
      `Số liệu dựa trên dưới ${SURVEY_MIN_ANSWERS} ý kiến không được hiển thị (“${SURVEY_WITHHELD}”). Tỷ lệ phản hồi = phiếu trả lời ÷ phiếu mời đã gửi.`,
    ],
    generatedAt: input.generatedAt,
  };
  return { round: input.round, period: input.period, table, comments, commentsWithheld };
}
