/** Citizen ratings: submitting one from the public status page, and the supervisors' follow-up page. */
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import { addDays, vnInstant, type LocalDate } from '../../domain/time.js';
import { satisfactionRate, type RatingFormValues } from './rating.js';
import {
  agencyChoices,
  countToFollowUp,
  dossierForRating,
  insertRating,
  markFollowedUp,
  ratingForDossier,
  ratingForFollowUp,
  ratingSummary,
  unsatisfiedWithComments,
} from './ratings.repo.js';
import { isWellFormedToken } from '../../domain/public-token.js';
import { parseFollowUpForm, parseRatingForm, type FollowUpFilter } from './ratings.schema.js';
import { REFUSAL_MESSAGES, refuse, refuseFields, type FieldsRefusal, type Refusal } from '../../platform/refusal/refusal.js';

export const ALREADY_RATED_MESSAGE =
  'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần và không thể sửa sau khi gửi. Cảm ơn Ông/Bà.';
export const NOT_RETURNED_MESSAGE = 'Hồ sơ chưa trả kết quả nên chưa thể đánh giá. Ông/Bà có thể đánh giá sau khi nhận kết quả.';

/** A form refused field by field, with what was typed to put back into it. */
type RefusedForm<V> = FieldsRefusal & { values: V };

/** Saved; or no such dossier (the public not-found page), not returned yet or rated already (conflict), a refused form. */
export type SubmitResult = { ok: true } | Refusal<'not_found' | 'conflict'> | RefusedForm<RatingFormValues>;

export type FollowUpResult = { ok: true; code: string } | Refusal<'not_found' | 'forbidden' | 'conflict'> | RefusedForm<Record<string, string>>;

export const RATING_NOT_FOUND_MESSAGE = 'Không tìm thấy đánh giá này.';
export const ALREADY_FOLLOWED_UP_MESSAGE = 'Đánh giá này đã được ghi nhận theo dõi, xử lý trước đó.';
export const NOT_UNSATISFIED_MESSAGE = 'Chỉ ghi nhận theo dõi cho đánh giá “Không hài lòng”.';
export const FOLLOW_UP_ROLE_MESSAGE = 'Chỉ lãnh đạo của cơ quan giải quyết hồ sơ được ghi nhận việc theo dõi, xử lý.';

export function ratingsService(deps: Pick<Deps, 'db' | 'clock'>) {
  const { db } = deps;
  return {
    async submit(token: string, body: Record<string, unknown>): Promise<SubmitResult> {
      if (!isWellFormedToken(token)) return refuse('not_found', REFUSAL_MESSAGES.dossierNotFound);
      const dossier = await dossierForRating(db, token);
      if (!dossier) return refuse('not_found', REFUSAL_MESSAGES.dossierNotFound);
      if (dossier.status !== 'returned') return refuse('conflict', NOT_RETURNED_MESSAGE);
      if (await ratingForDossier(db, dossier.id)) return refuse('conflict', ALREADY_RATED_MESSAGE);
      const parsed = parseRatingForm(body);
      if (!parsed.ok) return { ...refuseFields(parsed.errors), values: parsed.values };
      const stored = await insertRating(db, {
        dossierId: dossier.id,
        officerId: dossier.officerId,
        agencyId: dossier.agencyId,
        input: parsed.value,
        createdAt: deps.clock.now(),
      });
      // A simultaneous submission got there first: the unique key kept only that one.
      return stored ? { ok: true } : refuse('conflict', ALREADY_RATED_MESSAGE);
    },

    /** Ratings counted by level over a period (for the officers' report too). */
    summary: (opts: Parameters<typeof ratingSummary>[1]) => ratingSummary(db, opts),

    /** Every agency, for the administrator's choice on the page. */
    agencies: () => agencyChoices(db),

    /**
     * The supervisors' page over [from, to] (Vietnam dates, both included). Supervisors see
     * their own agency whatever they ask; administrators every agency, or `agencyId`.
     */
    async page(staff: StaffUser, period: { from: LocalDate; to: LocalDate }, agencyId: number | undefined, opts: { followUp?: FollowUpFilter; periodGiven?: boolean } = {}) {
      const scope = staff.role === 'admin' ? agencyId : staff.agencyId;
      const from = vnInstant(period.from);
      const to = vnInstant(addDays(period.to, 1));
      const followUp = opts.followUp ?? 'all';
      // Ratings still to follow up form a to-do: without dates asked for, every one of them, whatever its age.
      const pendingOfAnyAge = followUp === 'pending' && !opts.periodGiven;
      const [byOfficer, byAgency, unsatisfied] = await Promise.all([
        ratingSummary(db, { from, to, agencyId: scope, groupBy: 'officer' }),
        ratingSummary(db, { from, to, agencyId: scope, groupBy: 'agency' }),
        unsatisfiedWithComments(db, { from, to, agencyId: scope, followUp, pendingOfAnyAge }),
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
      return { agencyId: scope, byOfficer, byAgency, unsatisfied, pendingOfAnyAge, totals: { ...counts, rate: satisfactionRate(counts) } };
    },

    /** The dossier code of a rating followed up within the staff member's reach (the success banner), or null. */
    async followedUpCode(staff: StaffUser, ratingId: number): Promise<string | null> {
      const rating = await ratingForFollowUp(db, ratingId);
      if (!rating || !rating.followedUpAt || (staff.role !== 'admin' && rating.agencyId !== staff.agencyId)) return null;
      return rating.code;
    },

    /** Unsatisfied ratings not followed up yet, of any age: a supervisor's own agency, all for an admin. */
    toFollowUpCount: (staff: StaffUser) => countToFollowUp(db, staff.role === 'admin' ? undefined : staff.agencyId),

    /**
     * A supervisor of the dossier's processing agency marks an unsatisfied rating followed
     * up, with a note; once. Another agency's rating is not found (nothing of it is shown).
     */
    async followUp(staff: StaffUser, ratingId: number, body: Record<string, unknown>): Promise<FollowUpResult> {
      const rating = await ratingForFollowUp(db, ratingId);
      if (!rating) return refuse('not_found', RATING_NOT_FOUND_MESSAGE);
      if (staff.role !== 'admin' && rating.agencyId !== staff.agencyId) return refuse('not_found', RATING_NOT_FOUND_MESSAGE);
      if (staff.role !== 'supervisor') return refuse('forbidden', FOLLOW_UP_ROLE_MESSAGE);
      if (rating.level !== 'unsatisfied') return refuse('conflict', NOT_UNSATISFIED_MESSAGE);
      if (rating.followedUpAt) return refuse('conflict', ALREADY_FOLLOWED_UP_MESSAGE);
      const parsed = parseFollowUpForm(body);
      if (!parsed.ok) return { ...refuseFields(parsed.errors), values: parsed.values };
      const done = await markFollowedUp(db, rating.id, { by: staff.id, at: deps.clock.now(), note: parsed.value.note });
      // Two supervisors at once: the first one's note is kept.
      return done ? { ok: true, code: rating.code } : refuse('conflict', ALREADY_FOLLOWED_UP_MESSAGE);
    },
  };
}

export type RatingsService = ReturnType<typeof ratingsService>;
