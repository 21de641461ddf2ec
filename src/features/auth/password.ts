import bcrypt from 'bcryptjs';

const COST = 11;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

let dummy: Promise<string> | undefined;

/**
 * A real hash to compare against when the user does not exist, so timing does not tell.
 * Made on first use, not at import: at cost 11 it takes a few hundred milliseconds of CPU,
 * which every process (each CLI command, each test file) paid whether or not anyone signed in.
 */
export function dummyHash(): Promise<string> {
  dummy ??= bcrypt.hash('not-a-real-password', COST);
  return dummy;
}
