/**
 * The guard on every "dossier code + last 4 phone digits" check (the public lookup, Zalo
 * linking, a petition citing a dossier): codes are sequential and the secret is 4 digits,
 * so wrong tries are limited, on sliding windows shared by every instance:
 * 1. per actor — the Zalo follower, or the client address on the web — checked first: one
 *    sender that used its own wrong tries is told to try later, without its tries being
 *    checked or reaching the shared counts, so it cannot exhaust them;
 * 2. per dossier code: once a code has used its wrong tries, every try of it is refused as
 *    if wrong — the same answer as a wrong secret, so a guesser cannot tell a blocked code
 *    from a wrong guess; the citizen still has the QR of the receipt and the counter;
 * 3. site-wide, a ceiling that only slows: past it, an actor who has just tried wrong waits
 *    `slowMs` before its next try is checked. A right code and digits are never refused
 *    for the site's count, nor for anybody's tries but the actor's own and the code's.
 *
 * Only wrong tries are written (lookup_attempts), in the same transaction as the check of
 * the digits, with the actor and the code locked: a right answer writes nothing, parallel
 * tries are counted one after the other, and a crash cannot leave a count behind (there is
 * no count to take back). The per-address request limit of the routes stays in front.
 */
import type { Clock, Deps } from '../../deps.js';
import type { Config } from '../../config.js';
import { lookupAttemptsRepo } from './lookup-attempts.repo.js';

export type GuardedResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not_found' }
  /** too_many: this actor used its wrong tries; site_limit: slowed while the site is at its ceiling. */
  | { ok: false; reason: 'too_many' | 'site_limit'; retryAfterMs: number };

/** Who tries: a client address on the web, or a Zalo follower (whose events all come from Zalo's servers). */
export const lookupActor = {
  address: (ip: string | null): string => `ip:${ip ?? 'unknown'}`,
  zalo: (userId: string): string => `zalo:${userId}`,
};

type Db = Deps['db'];

export function lookupGuard(db: Db, clock: Clock, config: Pick<Config, 'lookup'>) {
  const { perCode, perActor, site, windowMs, slowMs } = config.lookup.guard;
  return {
    /**
     * Run `verify` (the secret check on the given connection: a value when right, undefined
     * when wrong) for `code` tried by `actor` (lookupActor), under the limits. `not_found`
     * covers both a wrong secret and a blocked code.
     */
    async attempt<T>(code: string, actor: string, verify: (db: Db) => Promise<T | undefined>): Promise<GuardedResult<T>> {
      return lookupAttemptsRepo(db).transaction(async (trx) => {
        const repo = lookupAttemptsRepo(trx);
        const now = clock.now();
        const since = new Date(now.getTime() - windowMs);
        await repo.lock([`actor:${actor}`, `code:${code}`]);
        const mine = await repo.wrongBy(actor, since, perActor);
        if (mine.length >= perActor) {
          // Below the limit again once the perActor-th newest try leaves the window.
          return { ok: false, reason: 'too_many', retryAfterMs: Math.max(1000, mine.at(-1)!.getTime() + windowMs - now.getTime()) };
        }
        const atCeiling = (await repo.wrongSince(since, site)) >= site;
        const last = mine[0];
        if (atCeiling && last && now.getTime() - last.getTime() < slowMs) {
          return { ok: false, reason: 'site_limit', retryAfterMs: Math.max(1000, last.getTime() + slowMs - now.getTime()) };
        }
        const blocked = (await repo.wrongOn(code, since)) >= perCode;
        // The secret is checked even for a blocked code: the answer takes the same time.
        const value = await verify(trx);
        if (value === undefined) await repo.record(code, actor, now, since);
        if (value === undefined || blocked) return { ok: false, reason: 'not_found' };
        return { ok: true, value };
      });
    },
  };
}

export type LookupGuard = ReturnType<typeof lookupGuard>;
