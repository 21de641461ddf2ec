import crypto from 'node:crypto';
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import { authRepo } from './auth.repo.js';
import { throttleWait } from './login-throttle.js';
import { dummyHash, verifyPassword } from './password.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** Sessions are stored under the SHA-256 of the cookie token: a database leak gives no live cookie. */
export function sessionIdOf(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export type LoginResult =
  | { ok: true; token: string; user: StaffUser; expiresAt: Date }
  /** A wrong name or password (unauthenticated), or too many failures (rate_limited, see login-throttle.ts: try again after `retryAfterMs`). */
  | Refusal<'unauthenticated' | 'rate_limited'>;

export const AUTH_MESSAGES = { wrong: 'Tên đăng nhập hoặc mật khẩu không đúng.' } as const;

/** "Thử lại sau 2 phút" / "sau 30 giây". */
function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `${s} giây` : `${Math.ceil(s / 60)} phút`;
}

/** Repeated sign-in failures of one account name, for the administrator. */
export interface LoginFailureSummary {
  /** As typed (lower-cased); may name no account. */
  username: string;
  knownAccount: boolean;
  failures: number;
  firstAt: Date;
  lastAt: Date;
  /** The addresses the failures came from, most failures first. */
  addresses: Array<{ ip: string; failures: number; lastAt: Date }>;
}

export function authService({ db, clock, config }: Pick<Deps, 'db' | 'clock' | 'config'>) {
  const repo = authRepo(db);
  const rules = config.security.loginThrottle;
  return {
    /** `ip` is the client's address as the web layer sees it (trust proxy honoured). */
    async login(username: string, password: string, ip = 'unknown'): Promise<LoginResult> {
      const name = username.trim().toLowerCase().slice(0, 100);
      const address = ip.slice(0, 64);
      const now = clock.now();
      // The attempt is recorded as a failure before the password is checked, so that
      // parallel guesses count each other; it is taken back if it is not one.
      const pending = await repo.addFailure(name, address, now);
      const counts = await repo.failureCounts(
        name,
        address,
        { account: new Date(now.getTime() - rules.windowMs), address: new Date(now.getTime() - rules.addressWindowMs) },
        pending,
      );
      const wait = throttleWait(counts, now, rules);
      if (wait > 0) {
        await repo.removeFailure(pending);
        return refuse('rate_limited', `Đã đăng nhập sai nhiều lần. Vui lòng thử lại sau ${waitText(wait)}.`, { retryAfterMs: wait });
      }
      const user = await repo.findUserByUsername(name);
      const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash(config.security.passwordHashCost)));
      if (!user || !user.active || !valid) return refuse('unauthenticated', AUTH_MESSAGES.wrong);
      await repo.removeFailure(pending);
      await repo.clearPair(name, address);
      const token = randomToken();
      const expiresAt = new Date(now.getTime() + config.security.sessionTtlMs);
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

    /** Drop sign-in failures older than `before` (the cleanup job); returns how many. */
    deleteOldLoginFailures: (before: Date): Promise<number> => repo.deleteFailuresBefore(before),

    /**
     * Account names with at least `minFailures` failed sign-ins in the last `hours`
     * (default 3 in 24 h), most failures first, at most `limit` of them.
     */
    async recentFailures(opts: { hours?: number; minFailures?: number; limit?: number } = {}): Promise<LoginFailureSummary[]> {
      const { hours = 24, minFailures = 3, limit = 20 } = opts;
      const since = new Date(clock.now().getTime() - hours * 3600_000);
      const pairs = await repo.failuresByPair(since, 2000);
      const byName = new Map<string, LoginFailureSummary>();
      for (const p of pairs) {
        let s = byName.get(p.username);
        if (!s) {
          s = { username: p.username, knownAccount: p.knownAccount, failures: 0, firstAt: p.firstAt, lastAt: p.lastAt, addresses: [] };
          byName.set(p.username, s);
        }
        s.failures += p.failures;
        if (p.firstAt < s.firstAt) s.firstAt = p.firstAt;
        if (p.lastAt > s.lastAt) s.lastAt = p.lastAt;
        s.addresses.push({ ip: p.ip, failures: p.failures, lastAt: p.lastAt });
      }
      return [...byName.values()]
        .filter((s) => s.failures >= minFailures)
        .sort((a, b) => b.failures - a.failures || b.lastAt.getTime() - a.lastAt.getTime())
        .slice(0, limit);
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
