/**
 * Officers judged over time (Đồng Nai: "theo từng tháng, từng quý và từng năm"): per officer,
 * a period beside the one before it. Fair by construction: a dossier counts for the STEP an
 * officer held — each hand-over an officer gave, and the result they completed, is judged as
 * the process control sheet (Mẫu 05) judges it: against the limit of the internal-process
 * step the dossier was leaving, or, out of no step, against the appointment at the time.
 */
import type { Interval } from '../../domain/calendar.js';
import { previousPeriod, type Period } from '../../domain/period.js';
import { classifyCompletion, type Completion } from '../../domain/workflow.js';
import { isStepUnit, judgeMoves, type Move } from '../catalogue/process-steps.js';
import { conductPetitionsByOfficial } from './petitions-report.repo.js';
import type { ReportContext, ReportResult } from './report-context.js';
import { officerActivity, officerNames, officerStepDossiers, satisfaction766, type OfficerStepDossier, type ReportScope } from './reports.repo.js';
import type { CellValue, ReportColumn } from './table.js';

interface Figures {
  steps: number;
  stepsOnTime: number;
  stepsLate: number;
  supplements: number;
  answered: number;
  answeredOnTime: number;
  ratings: number;
  rateOwn: number | null;
  rate766: number | null;
  conduct: number;
}

const blank = (): Figures => ({ steps: 0, stepsOnTime: 0, stepsLate: 0, supplements: 0, answered: 0, answeredOnTime: 0, ratings: 0, rateOwn: null, rate766: null, conduct: 0 });

/** Each move an officer made in [from, to) out of a step, judged (early and on time count as on time). */
export function judgeOfficerSteps(cal: Parameters<typeof judgeMoves>[0], dossiers: readonly OfficerStepDossier[], p: Period, now: Date): Array<{ officerId: number; result: Completion | null }> {
  const out: Array<{ officerId: number; result: Completion | null }> = [];
  for (const d of dossiers) {
    const moves: Array<{ move: Move; giver: number | null; fallback: Completion | null }> = d.handovers.map((h) => ({ move: { at: h.at, toAgencyId: h.toAgencyId }, giver: h.fromUserId, fallback: classifyCompletion(h.at, h.dueAt) }));
    if (d.finishedAt && (d.status === 'result_ready' || d.status === 'returned')) {
      moves.push({ move: { at: d.finishedAt, toAgencyId: d.agencyId }, giver: d.completedBy, fallback: (d.completion as Completion | null) ?? null });
    }
    const steps = d.steps.map((s) => ({ position: s.position, name: s.name, agencyId: s.agencyId ?? d.processingAgencyId, amount: s.amount, unit: isStepUnit(s.unit) ? s.unit : ('working_days' as const) }));
    const pauses: Interval[] = d.pauses.map((x) => ({ start: x.start, end: x.end ?? now }));
    const judged = judgeMoves(cal, steps, { at: d.receivedAt, agencyId: d.agencyId }, moves.map((m) => m.move), pauses);
    moves.forEach((m, i) => {
      if (m.giver === null || m.move.at < p.from || m.move.at >= p.to) return;
      out.push({ officerId: m.giver, result: judged[i]!.result ?? m.fallback });
    });
  }
  return out;
}

export function officerPeriodReports({ deps, db, calendar, ratingsOf, subtitle, agencyName }: ReportContext) {
  const deductZeroCriterion = deps.config.reports.deductZeroCriterion766;

  async function figures(p: Period, scope: ReportScope, now: Date): Promise<Map<number, Figures>> {
    const s = { agencyId: scope.agencyId, officerId: scope.officerId };
    const [cal, dossiers, activity, ratings, by766, conduct] = await Promise.all([
      calendar.current(),
      officerStepDossiers(db, p, s),
      officerActivity(db, p, s),
      ratingsOf.summary({ from: p.from, to: p.to, agencyId: scope.agencyId, officerId: scope.officerId, groupBy: 'officer' }),
      satisfaction766(db, p, s, 'officer', now, { deductZeroCriterion }),
      conductPetitionsByOfficial(db, p, s),
    ]);
    const out = new Map<number, Figures>();
    const of = (id: number) => {
      const f = out.get(id) ?? blank();
      out.set(id, f);
      return f;
    };
    for (const j of judgeOfficerSteps(cal, dossiers, p, now)) {
      const f = of(j.officerId);
      f.steps++;
      if (j.result === 'late') f.stepsLate++;
      else if (j.result) f.stepsOnTime++;
    }
    for (const [id, a] of activity) Object.assign(of(id), { supplements: a.supplements, answered: a.answered, answeredOnTime: a.answeredOnTime });
    // The ratings summary is grouped by the rated officer (dossier_ratings.officer_id); a rating's agency is the dossier's.
    for (const r of ratings) Object.assign(of(r.key), { ratings: r.total, rateOwn: r.satisfactionRate });
    for (const r of by766) of(r.key).rate766 = r.rate;
    for (const c of conduct) of(c.officerId).conduct = c.petitions;
    return out;
  }

  return {
    /** One row per officer in scope: the period and the one before it, side by side. */
    async officerPeriod(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const before = previousPeriod(period);
      const [cur, prev, name] = await Promise.all([figures(period, scope, now), figures(before, scope, now), agencyName(scope)]);
      const ids = [...new Set([...cur.keys(), ...prev.keys()])].filter((id) => scope.officerId === undefined || id === scope.officerId);
      const names = await officerNames(db, ids);
      const keys = ['steps', 'stepsOnTime', 'stepsLate', 'supplements', 'answered', 'answeredOnTime', 'ratings', 'rateOwn', 'rate766', 'conduct'] as const;
      const labels: Record<(typeof keys)[number], [string, 'int' | 'percent']> = {
        steps: ['Bước xử lý đã chuyển', 'int'],
        stepsOnTime: ['Bước đúng hạn', 'int'],
        stepsLate: ['Bước quá hạn', 'int'],
        supplements: ['Yêu cầu bổ sung', 'int'],
        answered: ['Câu hỏi đã trả lời', 'int'],
        answeredOnTime: ['Trả lời đúng hạn', 'int'],
        ratings: ['Lượt đánh giá', 'int'],
        rateOwn: ['Tỷ lệ hài lòng (motcua)', 'percent'],
        rate766: ['Tỷ lệ hài lòng theo QĐ 766', 'percent'],
        conduct: ['Phản ánh về cán bộ', 'int'],
      };
      const columns: ReportColumn[] = [
        { key: 'officer', label: 'Cán bộ', kind: 'text', width: 14 },
        { key: 'agency', label: 'Cơ quan', kind: 'text', width: 12 },
        ...keys.flatMap((k): ReportColumn[] => [
          { key: k, label: labels[k][0], kind: labels[k][1], width: 5 },
          { key: `${k}Before`, label: `${labels[k][0]} (kỳ trước)`, kind: labels[k][1], width: 5 },
        ]),
      ];
      const rows = ids
        .map((id) => {
          const c = cur.get(id) ?? blank();
          const b = prev.get(id) ?? blank();
          const row: Record<string, CellValue> = { officer: names.get(id)?.name ?? '', agency: names.get(id)?.agencyName ?? '' };
          for (const k of keys) {
            row[k] = c[k];
            row[`${k}Before`] = b[k];
          }
          return row;
        })
        .sort((a, b) => String(a.officer).localeCompare(String(b.officer), 'vi'));
      return {
        table: {
          title: 'Đánh giá cán bộ theo kỳ',
          subtitle: subtitle(`${period.label} · kỳ trước: ${before.label}`, name),
          generatedAt: now,
          columns,
          rows,
          totals: null,
          notes: [
            'Bước xử lý: mỗi lần cán bộ chuyển hồ sơ ra khỏi bước mình giữ (bàn giao trong quy trình nội bộ, hoặc chuyển kết quả) trong kỳ; mỗi hồ sơ được tính cho bước cán bộ đó giữ, không tính cả hồ sơ. Đúng hạn, quá hạn: như Phiếu kiểm soát quá trình giải quyết hồ sơ — so với thời hạn của bước trong quy trình nội bộ (không tính thời gian tạm dừng), hoặc với ngày hẹn trả khi hồ sơ không ở bước nào của quy trình.',
            'Yêu cầu bổ sung: số lần cán bộ yêu cầu bổ sung, hoàn thiện hồ sơ (tạm dừng để bổ sung) trong kỳ. Câu hỏi: trả lời trong kỳ; đúng hạn khi trả lời trước hạn trả lời.',
            'Lượt đánh giá và tỷ lệ hài lòng (motcua): đánh giá gửi trong kỳ về cán bộ. Tỷ lệ theo QĐ 766: hồ sơ cán bộ hoàn thành trong kỳ. Phản ánh về cán bộ: phản ánh, kiến nghị về thái độ, hành vi của cán bộ nhận trong kỳ.',
          ],
        },
        chart: null,
      };
    },
  };
}
