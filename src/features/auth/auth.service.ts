import crypto from 'node:crypto';
import type { Deps } from '../../deps.js';
import { authRepo } from './auth.repo.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import type { StaffUser } from '../../domain/roles.js';

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** Sessions are stored under the SHA-256 of the cookie token: a database leak gives no live cookie. */
export function sessionIdOf(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export type LoginResult = { ok: true; token: string; user: StaffUser; expiresAt: Date } | { ok: false };

export function authService({ db, clock, config }: Pick<Deps, 'db' | 'clock' | 'config'>) {
  const repo = authRepo(db);
  return {
    async login(username: string, password: string): Promise<LoginResult> {
      const user = await repo.findUserByUsername(username.trim().toLowerCase());
      const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !user.active || !valid) return { ok: false };
      const token = randomToken();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + config.sessionTtlMs);
      await repo.createSession(sessionIdOf(token), user.id, randomToken(24), now, expiresAt);
      const { passwordHash: _hash, active: _active, ...staff } = user;
      return { ok: true, token, user: staff, expiresAt };
    },

    async resolve(token: string) {
      return repo.findSession(sessionIdOf(token), clock.now());
    },

    async logout(token: string): Promise<void> {
      await repo.deleteSession(sessionIdOf(token));
    },

    /** Drop the sessions that expired at or before `now` (the cleanup job); returns how many. */
    deleteExpiredSessions: (now: Date): Promise<number> => repo.deleteExpiredSessions(now),
  };
}

export type AuthService = ReturnType<typeof authService>;
