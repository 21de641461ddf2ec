import bcrypt from 'bcryptjs';

/** bcrypt's cost when none is configured (PASSWORD_HASH_COST). */
export const DEFAULT_COST = 11;

export function hashPassword(plain: string, cost = DEFAULT_COST): Promise<string> {
  return bcrypt.hash(plain, cost);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

const dummies = new Map<number, Promise<string>>();

/**
 * A real hash at the configured cost to compare against when the user does not exist, so timing does not tell.
 * Made on first use, not at import: at cost 11 it takes a few hundred milliseconds of CPU,
 * which every process (each CLI command, each test file) paid whether or not anyone signed in.
 */
export function dummyHash(cost = DEFAULT_COST): Promise<string> {
  let dummy = dummies.get(cost);
  if (!dummy) dummies.set(cost, (dummy = bcrypt.hash('not-a-real-password', cost)));
  return dummy;
}
