/** Submitting a citizen's rating from the public status page. */
import type { Deps } from '../../deps.js';
import { isWellFormedToken } from '../public-status/public-status.service.js';
import { parseRatingForm, type RatingFormValues } from './rating.js';
import { dossierForRating, insertRating, ratingForDossier } from './ratings.repo.js';

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
  return {
    async submit(token: string, body: Record<string, unknown>): Promise<SubmitResult> {
      if (!isWellFormedToken(token)) return { kind: 'not_found' };
      const dossier = await dossierForRating(deps.db, token);
      if (!dossier) return { kind: 'not_found' };
      if (dossier.status !== 'returned') return { kind: 'not_returned', message: NOT_RETURNED_MESSAGE };
      if (await ratingForDossier(deps.db, dossier.id)) return { kind: 'already_rated', message: ALREADY_RATED_MESSAGE };
      const parsed = parseRatingForm(body);
      if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors, values: parsed.values };
      const stored = await insertRating(deps.db, {
        dossierId: dossier.id,
        officerId: dossier.officerId,
        agencyId: dossier.agencyId,
        input: parsed.value,
        createdAt: deps.clock.now(),
      });
      // A simultaneous submission got there first: the unique key kept only that one.
      return stored ? { kind: 'saved' } : { kind: 'already_rated', message: ALREADY_RATED_MESSAGE };
    },
  };
}
