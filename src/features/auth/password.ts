import bcrypt from 'bcryptjs';

const COST = 11;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/** A real hash to compare against when the user does not exist, so timing does not tell. */
export const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', COST);
