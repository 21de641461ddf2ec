/** Reports on what citizens ask and report (their questions on dossiers, petitions, with who sees which), and the national portal sync. */
import type { Period } from '../../domain/period.js';
import type { StaffUser } from '../../domain/roles.js';
import { barChart } from './charts/svg.js';
import { isControlUnit, petitionCounts, withheldPublications } from './petitions-report.repo.js';
import { PETITION_REPORT_COLUMNS, petitionReportNotes, petitionReportRows } from './petitions-report.js';
import { questionsAsked } from './questions-report.repo.js';
import { QUESTION_REPORT_COLUMNS, QUESTION_REPORT_NOTES, questionReportRows } from './questions-report.js';
import type { ReportContext, ReportResult } from './report-context.js';
import type { ReportScope } from './reports.repo.js';
import { syncRowsOfPeriod } from './sync-report.repo.js';
import { SYNC_REPORT_COLUMNS, SYNC_REPORT_NOTES, syncReportRows } from './sync-report.js';
import { formatDateTimeShortVn } from './table.js';

export function feedbackReports({ deps, db, calendar, subtitle, agencyName }: ReportContext) {
  return {
    /** Citizens' questions per processing agency and answering officer (supervisors: their agency). */
    async questions(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const [rows, cal, name] = await Promise.all([questionsAsked(db, period, scope), calendar.current(), agencyName(scope)]);
      const t = questionReportRows(rows, cal, now);
      return {
        table: {
          title: 'Câu hỏi của công dân',
          subtitle: subtitle(`${period.label}, số liệu đến ${formatDateTimeShortVn(now)}`, name),
          generatedAt: now,
          columns: QUESTION_REPORT_COLUMNS,
          rows: t.rows,
          totals: t.totals,
          notes: QUESTION_REPORT_NOTES,
        },
        chart: null,
      };
    },

    /** The national portal sync per receiving agency: changes of the period, synced, within 10 minutes, delays (supervisors: their agency). */
    async portalSync(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const [rows, name] = await Promise.all([syncRowsOfPeriod(db, period, scope), agencyName(scope)]);
      const t = syncReportRows(rows, now);
      return {
        table: {
          title: 'Đồng bộ Cổng Dịch vụ công quốc gia',
          subtitle: subtitle(`${period.label}, số liệu đến ${formatDateTimeShortVn(now)}`, name),
          generatedAt: now,
          columns: SYNC_REPORT_COLUMNS,
          rows: t.rows,
          totals: t.totals,
          notes: SYNC_REPORT_NOTES,
        },
        chart: null,
      };
    },

    /**
     * Who sees which petitions: administrators and the supervisors of the province's control
     * unit (the agency an administrator named) every agency's (an administrator may pick one);
     * everyone else what was forwarded to their agency.
     */
    async petitionScope(staff: StaffUser, requested: ReportScope): Promise<ReportScope> {
      if (staff.role === 'admin') return requested;
      if (staff.role === 'supervisor' && (await isControlUnit(db, staff.agencyId))) return { ...requested, agencyId: undefined };
      return { ...requested, agencyId: staff.agencyId };
    },

    /** Petitions per competent agency and kind, with a bar chart of their outcomes per kind. */
    async petitions(period: Period, scope: ReportScope): Promise<ReportResult> {
      const now = deps.clock.now();
      const [counts, name, withheld] = await Promise.all([petitionCounts(db, period, scope), agencyName(scope), withheldPublications(db, period, scope)]);
      const t = petitionReportRows(counts);
      return {
        table: {
          title: 'Phản ánh, kiến nghị',
          subtitle: subtitle(`${period.label}, số liệu đến ${formatDateTimeShortVn(now)}`, name),
          generatedAt: now,
          columns: PETITION_REPORT_COLUMNS,
          rows: t.rows,
          totals: t.totals,
          notes: petitionReportNotes(withheld),
        },
        chart:
          counts.length > 0
            ? barChart({
                title: 'Phản ánh, kiến nghị theo loại',
                description: `Số phản ánh, kiến nghị tiếp nhận trong kỳ theo loại: trả lời đúng hạn, trả lời quá hạn, không thuộc phạm vi, đang xử lý; ${period.label}`,
                categories: t.chart.categories,
                series: t.chart.series,
                yFormat: 'int',
                stacked: true,
              })
            : null,
      };
    },
  };
}
