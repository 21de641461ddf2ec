/**
 * Decision 766/QĐ-TTg's scorecard: six groups, 100 points. The groups and their points are
 * the decision's; how each group's sub-indicators are computed is DATA (a versioned table,
 * scorecard_indicators, with the text quoted for each), since the annex's sub-formulas were
 * not found in a public text and provinces read them differently. Pure: the indicators and
 * the measured fractions are passed in.
 *
 * Scoring, exactly:
 * - a sub-indicator scores `points × numerator ÷ denominator` of the measure it names;
 * - a sub-indicator whose measure motcua does not have (null), or whose denominator is 0,
 *   has no figure ("chưa có dữ liệu");
 * - a group's score is the sum of its sub-indicators' scores when every one has a figure,
 *   otherwise it has none (a partial sum would be a made-up number);
 * - the total adds the groups that have a score, and says out of how many points
 *   (`available`); agencies are ranked by total ÷ available (ties: by name).
 */

export const SCORECARD_GROUPS = [
  { code: 'CKMB', label: 'Công khai, minh bạch', points: 18 },
  { code: 'TDGQ', label: 'Tiến độ giải quyết', points: 20 },
  { code: 'CLGQ', label: 'Dịch vụ công trực tuyến', points: 12 },
  { code: 'TTTT', label: 'Thanh toán trực tuyến', points: 10 },
  { code: 'MDHL', label: 'Mức độ hài lòng', points: 18 },
  { code: 'MDSH', label: 'Số hóa hồ sơ', points: 22 },
] as const;

export type ScorecardGroupCode = (typeof SCORECARD_GROUPS)[number]['code'];
export const SCORECARD_GROUP_CODES: readonly ScorecardGroupCode[] = SCORECARD_GROUPS.map((g) => g.code);

export function isScorecardGroup(code: string): code is ScorecardGroupCode {
  return (SCORECARD_GROUP_CODES as readonly string[]).includes(code);
}

/** What a group or sub-indicator without a figure shows. */
export const NO_SCORE = 'chưa có dữ liệu';

/** One sub-indicator of a version (a row of scorecard_indicators). */
export interface ScorecardIndicator {
  groupCode: ScorecardGroupCode;
  code: string;
  label: string;
  points: number;
  /** The motcua measure it is computed from; null: motcua has no data for it. */
  measure: string | null;
  /** The text the sub-indicator is read from, quoted. */
  decisionText: string;
  /** How motcua computes it (or why it cannot). */
  reading: string;
}

/** A measured fraction (e.g. dossiers finished on time ÷ dossiers finished). */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface ScoredIndicator extends ScorecardIndicator {
  fraction: Fraction | null;
  /** numerator ÷ denominator, null without a figure. */
  rate: number | null;
  score: number | null;
}

export interface ScoredGroup {
  code: ScorecardGroupCode;
  label: string;
  points: number;
  indicators: ScoredIndicator[];
  /** Null: some sub-indicator has no figure ("chưa có dữ liệu"). */
  score: number | null;
}

export interface Scorecard {
  groups: ScoredGroup[];
  /** The sum of the groups that have a score. */
  total: number;
  /** The points of those groups (100 when every group has a score). */
  available: number;
  /** total ÷ available; null when no group has a score. */
  share: number | null;
}

/** Two decimals, as scores are published. */
export const roundScore = (x: number): number => Math.round(x * 100) / 100;

/** Score one agency (or the province) from the version's indicators and the measured fractions by measure key. */
export function scoreCard(indicators: readonly ScorecardIndicator[], measured: ReadonlyMap<string, Fraction>): Scorecard {
  const groups = SCORECARD_GROUPS.map((g): ScoredGroup => {
    const scored = indicators
      .filter((i) => i.groupCode === g.code)
      .map((i): ScoredIndicator => {
        const f = i.measure === null ? undefined : measured.get(i.measure);
        const fraction = f && f.denominator > 0 ? f : null;
        const rate = fraction ? fraction.numerator / fraction.denominator : null;
        return { ...i, fraction, rate, score: rate === null ? null : roundScore(i.points * rate) };
      });
    const complete = scored.length > 0 && scored.every((i) => i.score !== null);
    return { code: g.code, label: g.label, points: g.points, indicators: scored, score: complete ? roundScore(scored.reduce((s, i) => s + i.score!, 0)) : null };
  });
  const withScore = groups.filter((g) => g.score !== null);
  const total = roundScore(withScore.reduce((s, g) => s + g.score!, 0));
  const available = withScore.reduce((s, g) => s + g.points, 0);
  return { groups, total, available, share: available ? total / available : null };
}

/** Rank by total ÷ available points, best first (ties by name); entries without any score last. */
export function rankScorecards<T extends { name: string; card: Scorecard }>(entries: readonly T[]): Array<T & { rank: number | null }> {
  const sorted = [...entries].sort((a, b) => (b.card.share ?? -1) - (a.card.share ?? -1) || a.name.localeCompare(b.name, 'vi'));
  let rank = 0;
  let previous: number | null = null;
  return sorted.map((e, i) => {
    if (e.card.share === null) return { ...e, rank: null };
    if (e.card.share !== previous) rank = i + 1;
    previous = e.card.share;
    return { ...e, rank };
  });
}

/** Every group's points add to 100, and a version's indicators' points add to their group's: a check for a new version. */
export function versionProblems(indicators: readonly ScorecardIndicator[]): string[] {
  const problems: string[] = [];
  for (const g of SCORECARD_GROUPS) {
    const sum = roundScore(indicators.filter((i) => i.groupCode === g.code).reduce((s, i) => s + i.points, 0));
    if (sum !== g.points) problems.push(`${g.code}: ${sum} điểm, cần ${g.points}`);
  }
  return problems;
}
