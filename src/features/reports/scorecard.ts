/**
 * Decision 766/QĐ-TTg's scorecard per agency and for the province: the version's
 * sub-indicators (data, scorecard.repo.ts) scored from motcua's measures, beside the
 * portal's published scores, ranked, with the previous period's total. The measures:
 *
 * - `on_time`: (early + on time) ÷ finished, the processing report's rate (processing agency);
 * - `satisfaction_766`: (dossiers − deducted) ÷ dossiers, the satisfaction report's rate;
 * - `online_dossiers`: received online ÷ received in the period (dossiers.channel);
 * - `portal_sync_on_time`: dossiers with changes in the period whose every change the portal
 *   accepted within 10 minutes ÷ those dossiers (a dossier whose only unsynced changes are
 *   younger than 10 minutes is not judged yet);
 * - `procedures_published`, `online_procedures`: of the active procedures the agency
 *   receives, those with a version applied from the national database by the period's end,
 *   those offered online (partly or end to end).
 *
 * A new measure is a key here and a row naming it in a new version of scorecard_indicators.
 */
import { judgedAt, previousPeriod, type Period } from '../../domain/period.js';
import { NO_SCORE, rankScorecards, scoreCard, SCORECARD_GROUPS, type Fraction, type Scorecard, type ScorecardGroupCode } from '../../domain/scorecard-766.js';
import { barChart } from './charts/svg.js';
import type { ReportContext } from './report-context.js';
import { processingResults, satisfaction766, type ReportScope } from './reports.repo.js';
import { portalScores, procedureCountsByAgency, scorecardVersionOn, type ScorecardVersion } from './scorecard.repo.js';
import { syncOutcome } from './sync-report.js';
import { syncRowsOfPeriod } from './sync-report.repo.js';
import type { CellValue, ReportColumn, ReportTable } from './table.js';
import { formatLocalDateVn } from '../../domain/time.js';

/** The measures motcua computes, by the key scorecard_indicators.measure names. */
export const SCORECARD_MEASURES = ['on_time', 'satisfaction_766', 'online_dossiers', 'portal_sync_on_time', 'procedures_published', 'online_procedures', 'documents_digitised', 'results_digitised'] as const;

type Measured = Map<number, { name: string; fractions: Map<string, Fraction> }>;

export interface ScorecardEntry {
  agencyId: number;
  name: string;
  card: Scorecard;
  previous: Scorecard;
  /** The portal's published score per group, when an administrator entered it. */
  portal: Map<ScorecardGroupCode, number>;
  rank: number | null;
}

export interface ScorecardResult {
  period: Period;
  previousPeriod: Period;
  version: ScorecardVersion | null;
  entries: ScorecardEntry[];
  province: Scorecard;
  table: ReportTable;
  /** One bar chart per agency (the six groups, as a share of their points). */
  charts: Array<{ agencyId: number; svg: string }>;
}

const add = (m: Map<string, Fraction>, key: string, numerator: number, denominator: number) => {
  const f = m.get(key) ?? { numerator: 0, denominator: 0 };
  m.set(key, { numerator: f.numerator + numerator, denominator: f.denominator + denominator });
};

export function scorecardReports({ deps, db, subtitle, agencyName }: ReportContext) {
  const deductZeroCriterion = deps.config.reports.deductZeroCriterion766;

  /** Every measure of a period, per agency (the agencies that have any). */
  async function measure(period: Period, scope: ReportScope, now: Date): Promise<Measured> {
    const asOf = judgedAt(period, now);
    const agencyScope = { agencyId: scope.agencyId };
    const [processing, rate766, sync, procedures] = await Promise.all([
      processingResults(db, period, agencyScope, asOf),
      satisfaction766(db, period, agencyScope, 'agency', now, { deductZeroCriterion }),
      syncRowsOfPeriod(db, period, agencyScope),
      procedureCountsByAgency(db, asOf, scope.agencyId),
    ]);
    const out: Measured = new Map();
    const of = (agencyId: number, name: string) => {
      const e = out.get(agencyId) ?? { name, fractions: new Map<string, Fraction>() };
      out.set(agencyId, e);
      return e.fractions;
    };
    for (const r of processing) {
      const m = of(r.agencyId, r.agencyName);
      add(m, 'on_time', r.early + r.onTime, r.finished);
      add(m, 'online_dossiers', r.receivedOnline, r.received);
      add(m, 'documents_digitised', r.documentsDigitised, r.documents);
      add(m, 'results_digitised', r.resultsDigitised, r.finished);
    }
    for (const r of rate766) add(of(r.key, r.name), 'satisfaction_766', r.dossiers - r.deducted, r.dossiers);
    // Per dossier: on time when every change is synced within 10 minutes; not judged while only young unsynced changes remain.
    const dossiers = new Map<number, { agencyId: number; name: string; late: boolean; pending: boolean }>();
    for (const r of sync) {
      const o = syncOutcome(r, now);
      const d = dossiers.get(r.dossierId) ?? { agencyId: r.agencyId, name: r.agencyName, late: false, pending: false };
      if (o.judged && !o.within) d.late = true;
      if (!o.judged) d.pending = true;
      dossiers.set(r.dossierId, d);
    }
    for (const d of dossiers.values()) {
      if (!d.late && d.pending) continue;
      add(of(d.agencyId, d.name), 'portal_sync_on_time', d.late ? 0 : 1, 1);
    }
    for (const r of procedures) {
      const m = of(r.agencyId, r.agencyName);
      add(m, 'procedures_published', r.published, r.procedures);
      add(m, 'online_procedures', r.online, r.procedures);
    }
    return out;
  }

  /** The province's fractions: every agency's numerators and denominators summed (never an average of rates). */
  function provinceOf(measured: Measured): Map<string, Fraction> {
    const m = new Map<string, Fraction>();
    for (const a of measured.values()) for (const [k, f] of a.fractions) add(m, k, f.numerator, f.denominator);
    return m;
  }

  return {
    /** The scorecard of a period: per agency in scope and, for the province, the sums. */
    async scorecard(period: Period, scope: ReportScope): Promise<ScorecardResult> {
      const now = deps.clock.now();
      const before = previousPeriod(period);
      const [version, current, previous, published, name] = await Promise.all([
        scorecardVersionOn(db, period.firstDay),
        measure(period, scope, now),
        measure(before, scope, now),
        portalScores(db, { periodKind: period.kind, firstDay: period.firstDay, agencyId: scope.agencyId }),
        agencyName(scope),
      ]);
      const indicators = version?.indicators ?? [];
      const names = new Map<number, string>();
      for (const [id, a] of current) names.set(id, a.name);
      for (const p of published) names.set(p.agencyId, p.agencyName);
      const portalOf = new Map<number, Map<ScorecardGroupCode, number>>();
      for (const p of published) {
        const m = portalOf.get(p.agencyId) ?? new Map<ScorecardGroupCode, number>();
        m.set(p.groupCode, p.score);
        portalOf.set(p.agencyId, m);
      }
      const empty = new Map<string, Fraction>();
      const entries = rankScorecards(
        [...names].map(([agencyId, n]) => ({
          agencyId,
          name: n,
          card: scoreCard(indicators, current.get(agencyId)?.fractions ?? empty),
          previous: scoreCard(indicators, previous.get(agencyId)?.fractions ?? empty),
          portal: portalOf.get(agencyId) ?? new Map<ScorecardGroupCode, number>(),
        })),
      );
      const province = scoreCard(indicators, provinceOf(current));
      const provincePrevious = scoreCard(indicators, provinceOf(previous));
      const table = scorecardTable(period, before, version, entries, province, provincePrevious, subtitle(period.label, name), now);
      const charts = entries.map((e) => ({
        agencyId: e.agencyId,
        svg: barChart({
          title: e.name,
          description: `Điểm từng nhóm chỉ số theo Quyết định 766/QĐ-TTg, tính theo tỷ lệ điểm tối đa của nhóm, ${period.label}`,
          categories: SCORECARD_GROUPS.map((g) => `${g.label} (${g.points} điểm)${e.card.groups.find((x) => x.code === g.code)?.score === null ? ` — ${NO_SCORE}` : ''}`),
          series: [
            { name: 'motcua', values: e.card.groups.map((g) => (g.score === null ? null : g.score / g.points)) },
            ...(e.portal.size ? [{ name: 'Cổng DVCQG công bố', values: SCORECARD_GROUPS.map((g) => (e.portal.has(g.code) ? e.portal.get(g.code)! / g.points : null)) }] : []),
          ],
          yFormat: 'percent',
          id: `scorecard-${e.agencyId}`,
        }),
      }));
      return { period, previousPeriod: before, version, entries, province, table, charts };
    },
  };
}

const scoreCell = (score: number | null): CellValue => (score === null ? NO_SCORE : score);

/** The scorecard as a ReportTable (the page, CSV, XLSX, PDF): one row per agency, ranked, the province in the totals. */
function scorecardTable(
  period: Period,
  before: Period,
  version: ScorecardVersion | null,
  entries: ReadonlyArray<ScorecardEntry>,
  province: Scorecard,
  provincePrevious: Scorecard,
  subtitleText: string,
  now: Date,
): ReportTable {
  const columns: ReportColumn[] = [
    { key: 'rank', label: 'Xếp hạng', kind: 'int', width: 4 },
    { key: 'agency', label: 'Cơ quan', kind: 'text', width: 16 },
    ...SCORECARD_GROUPS.map((g): ReportColumn => ({ key: g.code, label: `${g.label} (${g.points})`, kind: 'int', width: 6 })),
    { key: 'total', label: 'Tổng điểm (motcua)', kind: 'int', width: 5 },
    { key: 'available', label: 'Trên số điểm có dữ liệu', kind: 'int', width: 5 },
    { key: 'share', label: 'Tỷ lệ điểm', kind: 'percent', width: 5 },
    { key: 'previous', label: 'Tổng điểm kỳ trước', kind: 'int', width: 5 },
    { key: 'change', label: 'Thay đổi so với kỳ trước', kind: 'int', width: 5 },
    ...SCORECARD_GROUPS.map((g): ReportColumn => ({ key: `portal_${g.code}`, label: `Cổng DVCQG công bố: ${g.label}`, kind: 'int', width: 6 })),
  ];
  const change = (card: Scorecard, prev: Scorecard): number | null =>
    card.available > 0 && card.available === prev.available ? Math.round((card.total - prev.total) * 100) / 100 : null;
  const row = (card: Scorecard, prev: Scorecard): Record<string, CellValue> => ({
    ...Object.fromEntries(card.groups.map((g) => [g.code, scoreCell(g.score)])),
    total: card.available ? card.total : NO_SCORE,
    available: card.available,
    share: card.share,
    previous: prev.available ? prev.total : null,
    change: change(card, prev),
  });
  return {
    title: 'Bảng điểm theo Quyết định 766/QĐ-TTg',
    subtitle: `${subtitleText} · kỳ trước: ${before.label}`,
    generatedAt: now,
    columns,
    rows: entries.map((e) => ({
      rank: e.rank,
      agency: e.name,
      ...row(e.card, e.previous),
      ...Object.fromEntries(SCORECARD_GROUPS.map((g) => [`portal_${g.code}`, e.portal.get(g.code) ?? null])),
    })),
    totals: { agency: 'Toàn tỉnh', ...row(province, provincePrevious) },
    notes: [
      version ? `${version.title} (áp dụng từ ${formatLocalDateVn(version.effectiveFrom)}). ${version.sourceNote}` : `Chưa có phiên bản chỉ số nào áp dụng cho ${period.label}.`,
      ...(version?.indicators ?? []).map((i) => `${i.code} — ${i.label} (${i.points} điểm): ${i.decisionText} Cách tính: ${i.reading}`),
      `Điểm nhóm = tổng điểm các chỉ số thành phần (điểm × tỷ lệ); nhóm có chỉ số thành phần chưa có dữ liệu ghi “${NO_SCORE}”, không cộng vào tổng. Xếp hạng theo tổng điểm ÷ số điểm có dữ liệu. Thay đổi so với kỳ trước chỉ tính khi hai kỳ có cùng số điểm có dữ liệu. Toàn tỉnh: cộng tử số và mẫu số của mọi cơ quan, không lấy trung bình.`,
      'Cổng DVCQG công bố: điểm Cổng Dịch vụ công quốc gia công bố cho cơ quan và kỳ, do quản trị viên nhập để so sánh.',
    ],
  };
}
