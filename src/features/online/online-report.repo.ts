/**
 * The processing report's line on online pre-submissions (issue 24 §5): registrations filed in
 * the period, and of those decided in it, received at the counter, refused and expired. Of the
 * receiving agency (a report scoped to an agency), of one procedure when the report says so.
 */
import type { Knex } from 'knex';

export interface PresubmissionCounts {
  submitted: number;
  received: number;
  refused: number;
  expired: number;
}

export async function presubmissionCounts(db: Knex, period: { from: Date; to: Date }, scope: { agencyId?: number; procedureCode?: string }): Promise<PresubmissionCounts> {
  const scoped = () => {
    const q = db('presubmissions as ps').join('procedures as p', 'p.id', 'ps.procedure_id');
    if (scope.agencyId) q.where('ps.agency_id', scope.agencyId);
    if (scope.procedureCode) q.where('p.code', scope.procedureCode);
    return q;
  };
  const submitted = await scoped().where('ps.submitted_at', '>=', period.from).where('ps.submitted_at', '<', period.to).count({ n: '*' }).first();
  const decided = await scoped()
    .where('ps.decided_at', '>=', period.from)
    .where('ps.decided_at', '<', period.to)
    .whereIn('ps.status', ['received', 'refused', 'expired'])
    .groupBy('ps.status')
    .select<Array<{ status: string; n: number | string }>>('ps.status', db.raw('count(*) as n'));
  const by = new Map<string, number>(decided.map((r: { status: string; n: number | string }) => [r.status, Number(r.n)]));
  return { submitted: Number(submitted?.n ?? 0), received: by.get('received') ?? 0, refused: by.get('refused') ?? 0, expired: by.get('expired') ?? 0 };
}

/** The report's note, in Vietnamese. */
export function presubmissionNote(c: PresubmissionCounts): string {
  return `Hồ sơ nộp trực tuyến (đăng ký trước, đối chiếu tại Bộ phận Một cửa): ${c.submitted} đăng ký mới trong kỳ; trong kỳ ${c.received} đã tiếp nhận, ${c.refused} từ chối tiếp nhận, ${c.expired} hết hạn không đến đối chiếu.`;
}
