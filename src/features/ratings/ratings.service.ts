/** Citizen ratings: submitting one from the public status page, and the supervisors' follow-up page. */
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import { addDays, vnInstant, type LocalDate } from '../../domain/time.js';
import { satisfactionRate, type RatingFormValues } from './rating.js';
import { agencyChoices, dossierForRating, insertRating, ratingForDossier, ratingSummary, unsatisfiedWithComments } from './ratings.repo.js';
import { isWellFormedToken } from '../../domain/public-token.js';
import { parseRatingForm } from './ratings.schema.js';

export const ALREADY_RATED_MESSAGE =
  'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần và không thể sửa sau khi gửi. Cảm ơn Ông/Bà.';
export const NOT_RETURNED_MESSAGE = 'Hồ sơ chưa trả kết quả nên chưa thể đánh giá. Ông/Bà có thể đánh giá sau khi nhận kết quả.';

export type SubmitResult =
  | { kind: 'not_found' }
  | { kind: 'not_returned'; message: string }
  | { kind: 'already_rated'; message: string }
  | { kind: 'invalid'; errors: Record<string, string>; values: RatingFormValues }
  | { kind: 'saved' };

export function ratingsService(deps: Pick<Deps, 'db' | 'clock'>) {
  const { db } = deps;
  return {
    async submit(token: string, body: Record<string, unknown>): Promise<SubmitResult> {
      if (!isWellFormedToken(token)) return { kind: 'not_found' };
      const dossier = await dossierForRating(db, token);
      if (!dossier) return { kind: 'not_found' };
      if (dossier.status !== 'returned') return { kind: 'not_returned', message: NOT_RETURNED_MESSAGE };
      if (await ratingForDossier(db, dossier.id)) return { kind: 'already_rated', message: ALREADY_RATED_MESSAGE };
      const parsed = parseRatingForm(body);
      if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors, values: parsed.values };
      const stored = await insertRating(db, {
        dossierId: dossier.id,
        officerId: dossier.officerId,
        agencyId: dossier.agencyId,
        input: parsed.value,
        createdAt: deps.clock.now(),
      });
      // A simultaneous submission got there first: the unique key kept only that one.
      return stored ? { kind: 'saved' } : { kind: 'already_rated', message: ALREADY_RATED_MESSAGE };
    },

    /** Ratings counted by level over a period (for the officers' report too). */
    summary: (opts: Parameters<typeof ratingSummary>[1]) => ratingSummary(db, opts),

    /** Every agency, for the administrator's choice on the page. */
    agencies: () => agencyChoices(db),

    /**
     * The supervisors' page over [from, to] (Vietnam dates, both included). Supervisors see
     * their own agency whatever they ask; administrators every agency, or `agencyId`.
     */
    async page(staff: StaffUser, period: { from: LocalDate; to: LocalDate }, agencyId: number | undefined) {
      const scope = staff.role === 'admin' ? agencyId : staff.agencyId;
      const from = vnInstant(period.from);
      const to = vnInstant(addDays(period.to, 1));
      const [byOfficer, byAgency, unsatisfied] = await Promise.all([
        ratingSummary(db, { from, to, agencyId: scope, groupBy: 'officer' }),
        ratingSummary(db, { from, to, agencyId: scope, groupBy: 'agency' }),
        unsatisfiedWithComments(db, { from, to, agencyId: scope }),
      ]);
      const counts = byAgency.reduce(
        (acc, r) => ({
          total: acc.total + r.total,
          verySatisfied: acc.verySatisfied + r.verySatisfied,
          satisfied: acc.satisfied + r.satisfied,
          unsatisfied: acc.unsatisfied + r.unsatisfied,
        }),
        { total: 0, verySatisfied: 0, satisfied: 0, unsatisfied: 0 },
      );
      return { agencyId: scope, byOfficer, byAgency, unsatisfied, totals: { ...counts, rate: satisfactionRate(counts) } };
    },
  };
}

export type RatingsService = ReturnType<typeof ratingsService>;
