/**
 * The login throttle (pure): how long a sign-in attempt must wait, from the failures
 * already recorded (login_failures, sliding windows). The design:
 * - per (account, address): the first `pairFree` failures are free; after that each
 *   further try waits `base × 2^(failures − pairFree)` after the latest failure, up to
 *   `max` (a growing delay). A success from that address clears its run.
 * - per account, across addresses: once the account has `accountFree` failures in the
 *   window, the same growing delay applies — but only to addresses that have themselves
 *   failed for this account in the window. An address with no failure for the account
 *   always gets its try, so someone else's failures never lock the right password out
 *   from another address; a guesser with many addresses gets one free try per address,
 *   then waits with the others.
 * - per address, across accounts: at most `addressLimit` failures per `addressWindow`
 *   (password spraying); it counts failures only, so a busy office behind one address is
 *   not locked out by its own successful sign-ins.
 * While an attempt must wait, the password is not checked and nothing is recorded.
 */
export interface FailureCount {
  count: number;
  last: Date | null;
}

export interface ThrottleRules {
  pairFree: number;
  accountFree: number;
  delayBaseMs: number;
  delayMaxMs: number;
  addressLimit: number;
  addressWindowMs: number;
}

/** The delay owed after `failures` failures when `free` of them cost nothing. */
export function delayAfter(failures: number, free: number, baseMs: number, maxMs: number): number {
  if (failures < free) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(40, failures - free));
}

/** Milliseconds the attempt must still wait (0: go ahead). */
export function throttleWait(c: { pair: FailureCount; account: FailureCount; address: FailureCount }, now: Date, r: ThrottleRules): number {
  const t = now.getTime();
  let wait = 0;
  const until = (last: Date | null, delay: number) => {
    if (last && delay > 0) wait = Math.max(wait, last.getTime() + delay - t);
  };
  if (c.address.count >= r.addressLimit) until(c.address.last, r.addressWindowMs);
  until(c.pair.last, delayAfter(c.pair.count, r.pairFree, r.delayBaseMs, r.delayMaxMs));
  if (c.pair.count > 0) until(c.account.last, delayAfter(c.account.count, r.accountFree, r.delayBaseMs, r.delayMaxMs));
  return Math.max(0, Math.ceil(wait));
}
