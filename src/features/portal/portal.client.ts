/**
 * The National Public Service Portal's HTTP contract (domain.md "National Public Service
 * Portal"): log in with the `dstcode` header, keep the session (one per process, in this
 * client), log in again once when a call is refused for its session; every call a POST to the
 * integration path with `{ session, madonvi, service, … }`; success is `error_code` "0" or "00".
 *
 * Errors are classified: transient (the network, a timeout, a 5xx, a body that is not the
 * portal's JSON, a refused log-in, a session refused twice) — retried with backoff — and
 * permanent (any other error_code, with the portal's message) — the row stops there. Nothing
 * here logs: the caller logs counts and codes, never the credentials, the session or a payload.
 */
import type { PortalConnection } from '../../config.js';

export class PortalError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'PortalError';
  }
}

export interface PortalAnswer {
  error_code: string;
  message?: string;
  [key: string]: unknown;
}

const SUCCESS = new Set(['0', '00']);
/** A refusal of the session: HTTP 401/403, or an answer whose message speaks of the session. */
const SESSION_WORDS = /session|phiên/i;

export type FetchLike = typeof fetch;

export function portalClient(conn: PortalConnection, timeoutMs: number, fetchImpl: FetchLike = fetch) {
  let session: string | null = null;
  let loggingIn: Promise<string> | null = null;

  async function post(path: string, body: Record<string, unknown>): Promise<{ status: number; answer: PortalAnswer | null }> {
    let res: Response;
    try {
      res = await fetchImpl(`${conn.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', dstcode: conn.provinceCode },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      throw new PortalError(timedOut ? `Cổng DVCQG không trả lời trong ${Math.round(timeoutMs / 1000)} giây` : `Không kết nối được Cổng DVCQG (${e.name})`, true);
    }
    let answer: PortalAnswer | null = null;
    try {
      const parsed: unknown = await res.json();
      if (parsed && typeof parsed === 'object' && 'error_code' in parsed) answer = { ...(parsed as PortalAnswer), error_code: String((parsed as PortalAnswer).error_code) };
    } catch {
      answer = null;
    }
    if (res.status >= 500) throw new PortalError(`Cổng DVCQG lỗi máy chủ (HTTP ${res.status})`, true);
    return { status: res.status, answer };
  }

  async function logIn(): Promise<string> {
    const { status, answer } = await post(conn.authPath, { username: conn.username, password: conn.password });
    if (answer && SUCCESS.has(answer.error_code) && typeof answer.session === 'string' && answer.session) return answer.session;
    // A refused log-in is the configuration's problem: the rows wait (transient) until it is fixed.
    throw new PortalError(`Đăng nhập Cổng DVCQG không thành công (HTTP ${status}${answer ? `, mã ${answer.error_code}: ${answer.message ?? ''}` : ''})`, true, answer?.error_code ?? null);
  }

  async function currentSession(): Promise<string> {
    if (session) return session;
    loggingIn ??= logIn().finally(() => {
      loggingIn = null;
    });
    session = await loggingIn;
    return session;
  }

  const sessionRefused = (status: number, a: PortalAnswer | null) => status === 401 || status === 403 || (a !== null && !SUCCESS.has(a.error_code) && SESSION_WORDS.test(a.message ?? ''));

  return {
    /** Call `service` for the unit `madonvi`; the answer on success, a PortalError otherwise. */
    async call(madonvi: string, service: string, fields: Record<string, unknown>): Promise<PortalAnswer> {
      for (let attempt = 0; ; attempt++) {
        const used = await currentSession();
        const { status, answer } = await post(conn.integrationPath, { session: used, madonvi, service, ...fields });
        if (sessionRefused(status, answer)) {
          if (session === used) session = null;
          if (attempt === 0) continue; // log in again, once
          throw new PortalError('Cổng DVCQG từ chối phiên đăng nhập mới', true, answer?.error_code ?? null);
        }
        if (!answer) throw new PortalError(`Cổng DVCQG trả lời không đúng định dạng (HTTP ${status})`, true);
        if (SUCCESS.has(answer.error_code)) return answer;
        throw new PortalError(answer.message?.trim() || `Cổng DVCQG từ chối (mã ${answer.error_code})`, false, answer.error_code);
      }
    },
    /** Forget the session (tests; a changed password). */
    forgetSession(): void {
      session = null;
    },
  };
}

export type PortalClient = ReturnType<typeof portalClient>;
