/** Satisfaction reports: per officer (results, ratings, Decision 766's rate, conduct petitions) and per processing agency. */
import type { Period } from '../../domain/period.js';
import { conductPetitionsByOfficial } from './petitions-report.repo.js';
import type { ReportContext, ReportResult } from './report-context.js';
import { finishedByOfficer, satisfaction766, type ReportScope } from './reports.repo.js';

/** How Decision 766's rate is computed here, printed under the tables that show it (the criterion-0 sentence only with the setting on). */
export function satisfaction766Notes(deductZeroCriterion: boolean): string[] {
  return [
    'Tỷ lệ hài lòng theo Quyết định 766/QĐ-TTg = (số hồ sơ − số hồ sơ bị đánh giá “Không hài lòng” hoặc có phản ánh về việc tiếp nhận, giải quyết, hoặc quá hạn) ÷ số hồ sơ.',
    'Số hồ sơ: hồ sơ kết thúc giải quyết trong kỳ (có kết quả hoặc từ chối giải quyết); không tính hồ sơ công dân rút và hồ sơ hủy do nhập nhầm. Mỗi hồ sơ bị trừ nhiều lý do chỉ tính một lần.',
    'Quá hạn: hoàn thành sau ngày hẹn trả ban đầu, kể cả khi đã có phiếu xin lỗi. Có phản ánh: hồ sơ có phản ánh, kiến nghị gửi qua motcua về việc giải quyết thủ tục hành chính hoặc về thái độ, hành vi của cán bộ, công chức, gắn với hồ sơ (trừ phản ánh, kiến nghị đã trả lời là không thuộc phạm vi tiếp nhận)' +
      (deductZeroCriterion
        ? ', hoặc đánh giá của người dân chọn mức thấp nhất (0 điểm) ở một tiêu chí (thời gian, số lần liên hệ, số cơ quan, thái độ, công khai) — theo cấu hình của tỉnh, Quyết định không trừ trường hợp này.'
        : '. Đánh giá chọn 0 điểm ở một tiêu chí tùy chọn không bị trừ (không phải “Không hài lòng”, không phải phản ánh).') +
      ' Phản ánh gửi qua kênh khác (thư, điện thoại, cổng khác) không có trong số liệu này. Phản ánh, kiến nghị và đánh giá tính đến thời điểm lập báo cáo.',
    'Tỷ lệ hài lòng (motcua): (Rất hài lòng + Hài lòng) ÷ số lượt đánh giá gửi trong kỳ.',
  ];
}

/** The notes with the default setting (the decision's own reading). */
export const SATISFACTION_766_NOTES = satisfaction766Notes(false);

/** What the officers report says about the conduct column. */
export const CONDUCT_PETITIONS_NOTE =
  'Phản ánh về cán bộ: phản ánh, kiến nghị về thái độ, hành vi của cán bộ, công chức gửi qua motcua trong kỳ, về cán bộ đó (kể cả phản ánh chưa xử lý xong).';

export function satisfactionReports({ deps, db, calendar, ratingsOf, subtitle, agencyName }: ReportContext) {
  const deductZeroCriterion = deps.config.reports.deductZeroCriterion766;
  const notes766 = satisfaction766Notes(deductZeroCriterion);
  return {
    async officers(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const [rows, cal, name, ratings, by766] = await Promise.all([
        finishedByOfficer(db, period, scope),
        calendar.current(),
        agencyName(scope),
        ratingsOf.summary({ from: period.from, to: period.to, agencyId: scope.agencyId, officerId: scope.officerId, groupBy: 'officer' }),
        satisfaction766(db, period, scope, 'officer', now, { deductZeroCriterion }),
      ]);
      const rate766Of = new Map(by766.map((r) => [r.key, r.rate]));
      const byOfficer = new Map<number, { name: string; agency: string; handled: number; early: number; onTime: number; late: number; refused: number; workingMs: number }>();
      for (const r of rows) {
        const o = byOfficer.get(r.officerId) ?? { name: r.officerName, agency: r.agencyName, handled: 0, early: 0, onTime: 0, late: 0, refused: 0, workingMs: 0 };
        o.handled++;
        if (r.status === 'refused') o.refused++;
        else if (r.completion === 'early') o.early++;
        else if (r.completion === 'on_time') o.onTime++;
        else if (r.completion === 'late') o.late++;
        o.workingMs += cal.workingTimeBetween(r.receivedAt, r.finishedAt);
        byOfficer.set(r.officerId, o);
      }
      const ratingOf = new Map(ratings.map((r) => [r.key, r]));
      const conduct = await conductPetitionsByOfficial(db, period, scope);
      const conductOf = new Map(conduct.map((c) => [c.officerId, c.petitions]));
      // An officer with petitions about them but nothing finished in the period still has a row.
      for (const c of conduct) if (!byOfficer.has(c.officerId)) byOfficer.set(c.officerId, { name: c.officerName, agency: c.agencyName, handled: 0, early: 0, onTime: 0, late: 0, refused: 0, workingMs: 0 });
      return {
        table: {
          title: 'Kết quả giải quyết theo cán bộ',
          subtitle: subtitle(period.label, name),
          generatedAt: now,
          columns: [
            { key: 'officer', label: 'Cán bộ', kind: 'text', width: 14 },
            { key: 'agency', label: 'Cơ quan', kind: 'text', width: 14 },
            { key: 'handled', label: 'Số hồ sơ đã giải quyết', kind: 'int', width: 6 },
            { key: 'early', label: 'Trước hạn', kind: 'int', width: 5 },
            { key: 'onTime', label: 'Đúng hạn', kind: 'int', width: 5 },
            { key: 'late', label: 'Quá hạn', kind: 'int', width: 5 },
            { key: 'refused', label: 'Từ chối', kind: 'int', width: 5 },
            { key: 'onTimeRate', label: 'Tỷ lệ đúng hạn', kind: 'percent', width: 6 },
            { key: 'avgDays', label: 'Số ngày làm việc trung bình', kind: 'text', width: 6 },
            { key: 'ratings', label: 'Lượt đánh giá', kind: 'int', width: 5 },
            { key: 'satisfaction', label: 'Tỷ lệ hài lòng (motcua)', kind: 'percent', width: 6 },
            { key: 'satisfaction766', label: 'Tỷ lệ hài lòng theo QĐ 766', kind: 'percent', width: 6 },
            { key: 'conductPetitions', label: 'Phản ánh về cán bộ', kind: 'int', width: 5 },
          ],
          rows: [...byOfficer.entries()]
            .sort((a, b) => b[1].handled - a[1].handled)
            .map(([id, o]) => {
              const finished = o.early + o.onTime + o.late;
              const r = ratingOf.get(id);
              return {
                officer: o.name,
                agency: o.agency,
                handled: o.handled,
                early: o.early,
                onTime: o.onTime,
                late: o.late,
                refused: o.refused,
                onTimeRate: finished ? (o.early + o.onTime) / finished : null,
                avgDays: o.handled ? (o.workingMs / o.handled / cal.dayLengthMs).toLocaleString('vi-VN', { maximumFractionDigits: 1 }) : '',
                ratings: r?.total ?? 0,
                satisfaction: r?.satisfactionRate ?? null,
                satisfaction766: rate766Of.get(id) ?? null,
                conductPetitions: conductOf.get(id) ?? 0,
              };
            }),
          totals: null,
          notes: [...notes766, CONDUCT_PETITIONS_NOTE],
        },
        chart: null,
      };
    },

    /** Satisfaction per processing agency: Decision 766's rate beside motcua's own. */
    async satisfaction(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const [by766, ratings, name] = await Promise.all([
        satisfaction766(db, period, scope, 'agency', now, { deductZeroCriterion }),
        ratingsOf.summary({ from: period.from, to: period.to, agencyId: scope.agencyId, officerId: scope.officerId, groupBy: 'agency' }),
        agencyName(scope),
      ]);
      const keys = new Map<number, string>();
      for (const r of by766) keys.set(r.key, r.name);
      for (const r of ratings) if (!keys.has(r.key)) keys.set(r.key, r.name);
      const of766 = new Map(by766.map((r) => [r.key, r]));
      const ofOwn = new Map(ratings.map((r) => [r.key, r]));
      const rows = [...keys.entries()]
        .sort((a, b) => a[1].localeCompare(b[1], 'vi'))
        .map(([key, agency]) => {
          const a = of766.get(key);
          const o = ofOwn.get(key);
          return {
            agency,
            dossiers: a?.dossiers ?? 0,
            unsatisfied: a?.unsatisfied ?? 0,
            feedback: a?.feedback ?? 0,
            late: a?.late ?? 0,
            deducted: a?.deducted ?? 0,
            rate766: a?.rate ?? null,
            ratings: o?.total ?? 0,
            verySatisfied: o?.verySatisfied ?? 0,
            satisfied: o?.satisfied ?? 0,
            ratedUnsatisfied: o?.unsatisfied ?? 0,
            rateOwn: o?.satisfactionRate ?? null,
          };
        });
      const sum = (k: 'dossiers' | 'unsatisfied' | 'feedback' | 'late' | 'deducted' | 'ratings' | 'verySatisfied' | 'satisfied' | 'ratedUnsatisfied') => rows.reduce((s, r) => s + r[k], 0);
      const t = { dossiers: sum('dossiers'), unsatisfied: sum('unsatisfied'), feedback: sum('feedback'), late: sum('late'), deducted: sum('deducted'), ratings: sum('ratings'), verySatisfied: sum('verySatisfied'), satisfied: sum('satisfied'), ratedUnsatisfied: sum('ratedUnsatisfied') };
      return {
        table: {
          title: 'Mức độ hài lòng của người dân',
          subtitle: subtitle(period.label, name),
          generatedAt: now,
          columns: [
            { key: 'agency', label: 'Cơ quan giải quyết', kind: 'text', width: 16 },
            { key: 'dossiers', label: 'Hồ sơ đã giải quyết', kind: 'int', width: 6 },
            { key: 'unsatisfied', label: 'Bị đánh giá không hài lòng', kind: 'int', width: 6 },
            { key: 'feedback', label: 'Có phản ánh', kind: 'int', width: 5 },
            { key: 'late', label: 'Quá hạn', kind: 'int', width: 5 },
            { key: 'deducted', label: 'Hồ sơ bị trừ', kind: 'int', width: 5 },
            { key: 'rate766', label: 'Tỷ lệ hài lòng theo QĐ 766', kind: 'percent', width: 7 },
            { key: 'ratings', label: 'Lượt đánh giá trong kỳ', kind: 'int', width: 6 },
            { key: 'verySatisfied', label: 'Rất hài lòng', kind: 'int', width: 5 },
            { key: 'satisfied', label: 'Hài lòng', kind: 'int', width: 5 },
            { key: 'ratedUnsatisfied', label: 'Không hài lòng', kind: 'int', width: 5 },
            { key: 'rateOwn', label: 'Tỷ lệ hài lòng (motcua)', kind: 'percent', width: 7 },
          ],
          rows,
          totals: {
            ...t,
            rate766: t.dossiers ? (t.dossiers - t.deducted) / t.dossiers : null,
            rateOwn: t.ratings ? (t.verySatisfied + t.satisfied) / t.ratings : null,
          },
          notes: notes766,
        },
        chart: null,
      };
    },
  };
}
